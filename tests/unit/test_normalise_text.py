"""Vocabulary-free text cleanup: rules, the seed's strings, idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rencana.normalise.text import KEEP_CHARS, clean_text, clean_with_changes, whitespace_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # line-wrap hyphen, lowercase tail: joined
        ("pelak- sanaan", "pelaksanaan"),
        ("kegia-\ntan", "kegiatan"),
        ("pelak\u00adsanaan", "pelaksanaan"),
        # compounds and reduplications keep the hyphen (and lose the space)
        ("Undang- Undang", "Undang-Undang"),
        ("Perundang- undangan", "Perundang-undangan"),
        ("sebaik- baiknya", "sebaik-baiknya"),
        ("surat- menyurat", "surat-menyurat"),
        ("bolak- balik", "bolak-balik"),
        ("2020- 2024", "2020-2024"),
        ("ORT.04- Kpt", "ORT.04-Kpt"),
        # a suspended hyphen before a connector is not a wrap artefact
        ("pra- dan pascapemilu", "pra- dan pascapemilu"),
        # one-letter prefix
        ("E- Lapkin", "E-Lapkin"),
        ("e- Lapkin", "e-Lapkin"),
        ("aplikasi e- Lapkin;", "aplikasi e-Lapkin;"),
        # already-correct forms are left alone
        ("Undang-Undang e-Lapkin 2020-2024", "Undang-Undang e-Lapkin 2020-2024"),
        # markup, whitespace, punctuation
        ("<i>Public Campaign</i> Anti Gratifikasi", "Public Campaign Anti Gratifikasi"),
        ("<B>reward</b> and <u>punishment</u>", "reward and punishment"),
        ("baris<br/>baru", "baris baru"),
        ("anggaran ;", "anggaran;"),
        ("program , kegiatan :", "program, kegiatan:"),
        ("( SDM )", "(SDM)"),
        ("Barang/ Jasa", "Barang/Jasa"),
        ("a\u00a0b\t c\n\nd  ", "a b c d"),
        ("\u201cZona\u201d \u2013 WBK", '"Zona" - WBK'),
        ("zero\u200bwidth", "zerowidth"),
        # NFKC, but the month-grid marks survive
        ("\ufb01nal", "final"),
        ("V √ ✓", "V √ ✓"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_month_marks_survive_nfkc() -> None:
    for mark in KEEP_CHARS:
        assert clean_text(f"V {mark} x") == f"V {mark} x"


def test_seed_strings() -> None:
    # verbatim cells of the seed decree (tab-separated fields of its table)
    assert clean_text("1. Pemutakhiran data kinerja di aplikasi E- Lapkin;") == (
        "1. Pemutakhiran data kinerja di aplikasi E-Lapkin;"
    )
    assert clean_text("1. Terisinya aplikasi e- Lapkin 2. Data e-Lapkin KPU Kota Banjar termutakhir") == (
        "1. Terisinya aplikasi e-Lapkin 2. Data e-Lapkin KPU Kota Banjar termutakhir"
    )
    assert clean_text(
        "1. PERNBANGUNAN aplikasi <i>Whistle Blowing System</i> di Lingkungan KPU Kota Banjar"
    ) == ("1. PERNBANGUNAN aplikasi Whistle Blowing System di Lingkungan KPU Kota Banjar")
    assert clean_text("Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04- Kpt/05/KPU/XII/2020 tentang") == (
        "Keputusan Komisi Pemilihan Umum Nomor 612/ORT.04-Kpt/05/KPU/XII/2020 tentang"
    )


def test_clean_with_changes_names_rules() -> None:
    assert clean_with_changes("<i>Public Campaign</i>  Anti ;") == (
        "Public Campaign Anti;",
        ["html_tags", "whitespace", "space_before_punct"],
    )
    assert clean_with_changes("E- Lapkin") == ("E-Lapkin", ["prefix_hyphen"])
    assert clean_with_changes("pelak- sanaan") == ("pelaksanaan", ["line_wrap_hyphen"])
    assert clean_with_changes("sudah bersih") == ("sudah bersih", [])


def test_whitespace_normalise_is_light() -> None:
    assert whitespace_normalise("  E- Lapkin\u00a0 <i>x</i> ;\n") == "E- Lapkin <i>x</i> ;"
    assert whitespace_normalise("") == ""


_noisy = st.text(
    alphabet=st.sampled_from(list("aAeEkKlLnN0129 -;:,.()/<>ib\u00a0\t\n\u00ad√✓\u201c\u2013")), max_size=60
)


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=60), _noisy))
def test_clean_text_is_idempotent(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_whitespace_normalise_is_idempotent(s: str) -> None:
    once = whitespace_normalise(s)
    assert whitespace_normalise(once) == once
    assert once == once.strip()
