"""Word-level repairs: the seed's typos come out right; numbers, acronyms, names and correct words stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rencana.normalise.lexicon import Lexicon, WordFix, apply_fixes, match_case
from rencana.normalise.vocabulary import load_vocabulary


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon(load_vocabulary())


def _fixed(lex: Lexicon, text: str, context: tuple[str, ...] = ()) -> str:
    return apply_fixes(text, lex.fix(text, "sub_kegiatan", context))


@pytest.mark.parametrize(
    ("printed", "right"),
    [
        ("Pembangunan Zona Integrita di KPU Kota Banjar", "Pembangunan Zona Integritas di KPU Kota Banjar"),
        ("Terbentuknya Tim Zoa Integritas", "Terbentuknya Tim Zona Integritas"),
        (
            "Pelaksanaan Whistle Browing System KPU Kota Banjar",
            "Pelaksanaan Whistle Blowing System KPU Kota Banjar",
        ),
        ("PERNBANGUNAN aplikasi Whistle Blowing System", "PEMBANGUNAN aplikasi Whistle Blowing System"),
        ("Pengembangan Jabtan Fungsional", "Pengembangan Jabatan Fungsional"),
        ("a. JF Analiss Pengelola Keuangan APBN", "a. JF Analis Pengelola Keuangan APBN"),
        (
            "% pengelola keuangan yang berstatus JF Pengelola Keuangan ABPN",
            "% pengelola keuangan yang berstatus JF Pengelola Keuangan APBN",
        ),
        ("dari 6 area Zona Intgritas di dalam", "dari 6 area Zona Integritas di dalam"),
        ("unit/satuan Kerja yang di tunjuk", "unit/satuan Kerja yang ditunjuk"),
        # not in typos.csv: edit distance, OCR confusions, joins and splits
        ("Dokumentsi kegiatan pemeliharan", "Dokumentasi kegiatan pemeliharaan"),
        ("peIaksanaan rencana", "pelaksanaan rencana"),
        ("Pengernbangan pegawai", "Pengembangan pegawai"),
        ("Identifikasi kebu tuhan SOP", "Identifikasi kebutuhan SOP"),
        ("Pemenuhan hak kompetensipaling sedikit", "Pemenuhan hak kompetensi paling sedikit"),
        ("Adanya laporan hasil SKMyang disampaikan", "Adanya laporan hasil SKM yang disampaikan"),
        ("ADNYA dokumen", "ADANYA dokumen"),
        ("ReviuLKjIP KPU Kota Banjar", "Reviu LKjIP KPU Kota Banjar"),
    ],
)
def test_misspellings_are_repaired(lex: Lexicon, printed: str, right: str) -> None:
    assert _fixed(lex, printed) == right


@pytest.mark.parametrize(
    "text",
    [
        "Keputusan KPU Nomor 04/ORT.07/3279/2022 tanggal 18 Januari 2022",  # numbers and codes
        "SIPOL SIDALIH SIREKAP BerAKHLAK LKjIP SP4N-LAPOR! e-Lapkin RKA-K/L",  # acronyms
        "KPU Kabupaten Pasuruan dan KIP Kabupaten Aceh Besar",  # office and region names
        # correct words the lexicon lacks
        "melalui penataran pegawai oleh tim pengawas internal bersama para penilai",
        "bagi pemantau pemilu kepada pembina kepegawaian secara berkesinambungan",
        "reward and punishment, Public Campaign, Whistle Blowing System, role model",  # anglicisms
        "Ruang laktasi dan area parkir",
    ],
)
def test_correct_text_is_left_alone(lex: Lexicon, text: str) -> None:
    assert lex.fix(text, "indikator") == []


def test_ambiguous_word_is_decided_by_context_or_sent_to_review(lex: Lexicon) -> None:
    # "Pencanaan": Pencanangan or Perencanaan? The next word decides ...
    assert _fixed(lex, "Pencanaan Zona Integritas") == "Pencanangan Zona Integritas"
    # ... and so do the words of the row's canonical label
    assert _fixed(lex, "Pencanaan", ("pencanangan", "zona")) == "Pencanangan"
    # without either it is left as printed, with its candidates for the review sheet
    [fix] = lex.fix("Pencanaan", "sub_kegiatan")
    assert (fix.method, fix.corrected, fix.needs_review) == ("unmatched", "Pencanaan", True)
    assert {"pencanangan", "perencanaan"} <= set(fix.suggestions)


def test_fixes_are_records_with_spans(lex: Lexicon) -> None:
    text = "Pengembangan Jabtan Fungsional"
    [fix] = lex.fix(text)
    assert isinstance(fix, WordFix)
    assert text[fix.start : fix.end] == fix.raw == "Jabtan"
    assert (fix.corrected, fix.method, fix.scorer, fix.score) == ("Jabatan", "lexicon", "known", 100.0)


def test_case_follows_the_printed_word() -> None:
    assert match_case("PERNBANGUNAN", "pembangunan") == "PEMBANGUNAN"
    assert match_case("Jabtan", "jabatan") == "Jabatan"
    assert match_case("jabtan", "Jabatan") == "jabatan"
    assert match_case("ABPN", "APBN") == "APBN"
    assert match_case("E-Lapkin", "e-Lapkin") == "e-Lapkin"


_WORDS = st.sampled_from(
    [
        "Pembangunan",
        "Zona",
        "Integrita",
        "Jabtan",
        "Analiss",
        "di",
        "tunjuk",
        "2022",
        "KPU",
        "Kota",
        "Banjar",
        "ABPN",
        "SOP",
        "pengawas",
        "Pencanaan",
        "kegiatan",
        "dokumentsi",
        "peIaksanaan",
        "e-Lapkin",
        "100%",
        "a.",
        "1.",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_repairs_are_idempotent(words: list[str]) -> None:
    lex = Lexicon(load_vocabulary())
    once = apply_fixes(" ".join(words), lex.fix(" ".join(words)))
    assert apply_fixes(once, lex.fix(once)) == once
