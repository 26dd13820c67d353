"""The open world: wording the product's vocabulary does not hold, with the truth "keep as printed".

Other satkers do not copy the vocabulary's sentences.  With ``--open-world`` the generator also prints
(all drawn from this module's own lists, never from ``schema/vocabulary``):

* **paraphrases** of a vocabulary activity: an added phrase ("secara berkala", "menuju WBK/WBBM",
  "di lingkungan <satker>", "setiap triwulan"), a synonym ("pegawai" / "ASN", "Satuan Tugas" /
  "Satgas", "dokumen" / "berkas"), two conjuncts swapped ("penyusunan dan penetapan" ->
  "penetapan dan penyusunan"); the truth is the printed text and the vocabulary's id;
* **activities the vocabulary lacks** (truth: the printed text and a null id);
* **correct derived words absent from the lexicon** ("pengunggahan", "keberlanjutan",
  "penganggarannya"), appended as phrases: they must survive untouched.

The typo kinds of the open world (``typos.OPEN_KINDS``) drop the attested misspellings (the product's
typos.csv lists them) and add those a repairer may not undo: two
edits in one word, real-word errors, a preposition run into the next word.
"""

from __future__ import annotations

import random
import re

from rencana.corpus.catalogue import SubItem

ADDED_PHRASES = (
    "secara berkala",
    "menuju WBK/WBBM",
    "di lingkungan {who}",
    "setiap triwulan",
    "setiap semester",
    "tahun {year}",
    "secara daring dan luring",
    "bagi seluruh pegawai",
    "sesuai ketentuan yang berlaku",
    "pada Sekretariat {who}",
    "dengan melibatkan pemangku kepentingan",
    "secara bertahap",
)
SYNONYMS = (
    ("pegawai", "ASN"),
    ("Pegawai", "ASN"),
    ("Satuan Tugas", "Satgas"),
    ("dokumen", "berkas"),
    ("laman", "situs web"),
    ("rapat", "pertemuan"),
)
DERIVED_PHRASES = (
    "melalui pengunggahan dokumen",
    "untuk keberlanjutan program",
    "beserta penganggarannya",
    "dan pemutakhirannya",
    "guna keterjangkauan layanan",
    "serta ketertelusuran arsip",
    "melalui unggahan berkala",
    "dengan pembelajaran bersama",
    "demi keberterimaan hasil",
    "tanpa pengulangan kegiatan",
    "termasuk pembaruan berkas",
    "melalui penyebarluasan informasi",
)
NEW_ACTIVITIES = (
    "Pemeliharaan sarana dan prasarana kantor",
    "Penyusunan kalender kerja sekretariat",
    "Penataan ruang pelayanan tamu",
    "Pengadaan perlengkapan kearsipan",
    "Pelaksanaan apel pagi setiap hari Senin",
    "Penyusunan buku saku tata naskah dinas",
    "Pendataan barang milik negara yang rusak berat",
    "Penyelenggaraan lomba kebersihan ruang kerja",
    "Penyusunan profil pegawai berbasis kompetensi",
    "Pembuatan papan informasi jadwal pelayanan",
    "Pengecekan kendaraan dinas secara rutin",
    "Penyelenggaraan senam kesegaran jasmani",
    "Pembersihan gudang logistik pemilu",
    "Penyusunan peta risiko keselamatan kerja",
    "Pengelolaan kotak saran di ruang tunggu",
    "Pelatihan penggunaan alat pemadam api ringan",
    "Penerbitan buletin internal sekretariat",
    "Pendokumentasian kegiatan kehumasan",
)
_NEW_INDIKATOR = (
    "Tersedianya laporan kegiatan",
    "Adanya dokumentasi kegiatan",
    "Terlaksananya kegiatan sesuai jadwal",
)


def _swap_conjuncts(text: str) -> str | None:
    """'Penyusunan dan penetapan X' -> 'Penetapan dan penyusunan X' (first two words around 'dan')."""
    m = re.match(r"^(\w+) dan (\w+)(?= )", text)
    if m is None:
        return None
    a, b = m.group(1), m.group(2)
    return f"{b[:1].upper()}{b[1:]} dan {a.lower()}{text[m.end() :]}"


def paraphrase(rng: random.Random, text: str, who: str, year: int) -> str:
    """``text`` reworded one way a satker might: a phrase added, a synonym, conjuncts swapped."""
    kind = rng.choice(("added", "added", "synonym", "swap", "derived"))
    if kind == "synonym":
        pairs = [(a, b) for a, b in SYNONYMS if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)]
        if pairs:
            a, b = rng.choice(pairs)
            return re.sub(rf"(?<![\w-]){re.escape(a)}(?![\w-])", b, text, count=1)
    if kind == "swap" and (swapped := _swap_conjuncts(text)) is not None:
        return swapped
    if kind == "derived":
        return f"{text} {rng.choice(DERIVED_PHRASES)}"
    phrase = rng.choice(ADDED_PHRASES).format(who=who, year=year)
    if phrase.lower() in text.lower() or (who in phrase and who in text):
        return f"{text} {rng.choice(DERIVED_PHRASES)}"
    return f"{text} {phrase}"


def new_activity(rng: random.Random, when: str) -> SubItem:
    """A sub kegiatan the vocabulary does not hold (its id is empty: the truth is a null id)."""
    return SubItem(
        text=rng.choice(NEW_ACTIVITIES),
        parts=(),
        ind=tuple(rng.sample(_NEW_INDIKATOR, 2)),
        when=when,
        id="",
    )
