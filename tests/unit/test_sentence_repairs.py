"""Word repairs backed by a sure canonical sentence (issue 12, ``normalise/sentence.py``).

A misspelling the word layer left for review, and a real-word error foreign to the domain, are
repaired when the printed cell lines up word for word with the canonical sentence of a sure label
match; a word of the domain, a far word, an unanchored word, a name or an acronym stays as printed.
"""

from __future__ import annotations

import pytest

from rencana.normalise.lexicon import apply_fixes
from rencana.normalise.reconcile import Reconciled, Reconciler, RowCells, default_reconciler
from rencana.normalise.sentence import Sentence, sentence_fixes


@pytest.fixture(scope="module")
def rec() -> Reconciler:
    return default_reconciler()


def _one(rec: Reconciler, area: str, kegiatan: str, sub: str, ind: tuple[str, ...] = ()) -> Reconciled:
    return rec.reconcile([RowCells(1, area, kegiatan, True, sub, ind)])


def _read(rec: Reconciler, text: str, sentence: str, sure: bool = True) -> str:
    fixes = rec.lexicon.fix(text, "sub_kegiatan")
    out = sentence_fixes(rec.lexicon, text, (0, len(text)), fixes, [Sentence(sentence, sure)])
    return apply_fixes(text, [f for f in out if not f.needs_review])


def test_a_real_word_error_is_repaired_by_a_sure_label(rec: Reconciler) -> None:
    out = _one(rec, "ORG", "Evakuasi Kelembagaan", "Evakuasi struktur organisasi Sekretariat KPU Kota Banjar")
    row = out.rows[0]
    assert row.kegiatan == "Evaluasi Kelembagaan"
    assert row.sub_kegiatan == "Evaluasi struktur organisasi Sekretariat KPU Kota Banjar"
    assert row.kegiatan_id == "ORG.01" and row.sub_kegiatan_ids == ["ORG.01.01"]
    fixes = [c for c in out.corrections if c.level == "word" and c.scorer == "sentence"]
    assert {(c.raw, c.corrected, c.needs_review) for c in fixes} == {("Evakuasi", "Evaluasi", False)}


def test_an_indicator_is_read_against_its_activitys_phrases(rec: Reconciler) -> None:
    out = _one(
        rec,
        "DK",
        "Harmonisasi Peraturan dan Kebijakan",
        "Penyusunan rekomendasi harmonisasi peraturan/kebijakan",
        ("Adanya rekomendasi harmonisasi kebajikan yang disampaikan kepada pimpinan melalui rapat",),
    )
    assert out.rows[0].indikator == [
        "Adanya rekomendasi harmonisasi kebijakan yang disampaikan kepada pimpinan melalui rapat"
    ]


def test_a_tie_is_decided_by_the_sentence(rec: Reconciler) -> None:
    # "Penyusuan" is a word (pe-nyusu-an) and "playanan" two candidates away: the sentence decides
    assert (
        _read(rec, "Penyusuan pola mutasi internal pegawai", "Penyusunan pola mutasi internal pegawai")
        == "Penyusunan pola mutasi internal pegawai"
    )
    assert (
        _read(rec, "Penerapan atribut playanan", "Penerapan atribut pelayanan")
        == "Penerapan atribut pelayanan"
    )


@pytest.mark.parametrize(
    ("printed", "sentence"),
    [
        # the first paragraph: never a synonym or another activity
        ("Jumlah unggahan informasi RB", "Jumlah anggaran informasi RB"),
        ("Penyusunan dan publikasi Maklumat Pelayanan", "Penetapan dan publikasi maklumat pelayanan"),
        ("Pembentukan Satgas SPIP", "Pembentukan Satuan Tugas SPIP"),
        ("Penilaian kinerja ASN", "Penilaian kinerja pegawai"),
        # a word of the domain is the satker's choice: proposed, not applied
        (
            "Penataan pembagian tugas Anggota KPU dalam divisi",
            "Penetapan pembagian tugas Anggota KPU dalam divisi",
        ),
        # two words differ side by side: no anchor, no sure position
        ("Evakuasi strategi organisasi", "Evaluasi struktur organisasi"),
        # an acronym and an office name are never touched
        ("Penyusunan laporan SAKIP KPU Kota Banjar", "Penyusunan laporan LAKIP KPU Kota Banjar"),
    ],
)
def test_the_printed_word_stays(rec: Reconciler, printed: str, sentence: str) -> None:
    assert _read(rec, printed, sentence) == printed


def test_a_sentence_that_is_not_sure_needs_every_other_word(rec: Reconciler) -> None:
    sentence = "Evaluasi struktur organisasi Sekretariat KPU Kota Banjar"
    whole = "Evakuasi struktur organisasi Sekretariat KPU Kota Banjar secara berkala"
    assert _read(rec, whole, sentence, sure=False).startswith("Evaluasi struktur")
    partial = "Evakuasi struktur Sekretariat KPU Kota Banjar"  # "organisasi" missing
    assert _read(rec, partial, sentence, sure=False) == partial


def test_a_domain_word_is_proposed_for_review(rec: Reconciler) -> None:
    text = "Penataan pembagian tugas Anggota KPU dalam divisi"
    fixes = sentence_fixes(
        rec.lexicon, text, (0, len(text)), rec.lexicon.fix(text), [Sentence("Penetapan " + text[9:], True)]
    )
    [f] = fixes
    assert (f.raw, f.corrected, f.needs_review, f.scorer) == ("Penataan", "Penetapan", True, "sentence")
    out = _one(rec, "ORG", "Pembagian Tugas", text)
    assert out.rows[0].sub_kegiatan == text  # proposed, never applied


def test_sentences_that_disagree_repair_nothing(rec: Reconciler) -> None:
    text = "Penerapan atribut playanan"
    fixes = rec.lexicon.fix(text)
    out = sentence_fixes(
        rec.lexicon,
        text,
        (0, len(text)),
        fixes,
        [Sentence("Penerapan atribut pelayanan", True), Sentence("Penerapan atribut layanan", True)],
    )
    # the word layer's own repair stands: the second sentence is no sure context against the first
    assert apply_fixes(text, [f for f in out if not f.needs_review]) == apply_fixes(text, fixes)


def test_a_human_decision_is_final(rec: Reconciler) -> None:
    from rencana.normalise.lexicon import WordFix

    text = "Penyusuan pola mutasi internal pegawai"
    kept = [WordFix(0, 9, "Penyusuan", "Penyusuan", 100.0, "manual", "manual")]  # a reviewer's reject
    out = sentence_fixes(
        rec.lexicon, text, (0, len(text)), kept, [Sentence("Penyusunan pola mutasi internal pegawai", True)]
    )
    assert out == kept
