"""Decree-number parsing: satker, KPU RI old and new styles, OCR and spacing noise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rencana.normalise.decree_number import caption_number, parse_decree_number, same_number
from rencana.schema.records import ParsedDecreeNumber


def test_seed_number() -> None:
    assert parse_decree_number("04/ORT.07/3279/2022") == ParsedDecreeNumber(
        raw="04/ORT.07/3279/2022",
        normalised="04/ORT.07/3279/2022",
        sequence="04",
        classification="ORT.07",
        region_code="3279",
        year=2022,
        style="satker",
    )


@pytest.mark.parametrize(
    "raw",
    [
        "04 / ORT.07 / 3279 / 2022",
        "NOMOR : 04/ORT.07/3279/2022",
        "Nomor: 04/ORT.07/3279/2022",
        "N O M O R : 04/ORT.07/3279/2022",
        "04/ORT. 07/3279/2022.",
        "O4/ORT.O7/3279/2O22",  # O read for 0 inside digit groups
        "04/ORT.07/3279/2O22",
        "04/0RT.07/3279/2022",  # 0 read for O in the letters
        "04 /ORT.07/ 3279/2022",
        "04/ORT.07/3279/2022\n",
    ],
)
def test_satker_style_noise(raw: str) -> None:
    got = parse_decree_number(raw)
    assert (got.normalised, got.sequence, got.classification, got.region_code, got.year, got.style) == (
        "04/ORT.07/3279/2022",
        "04",
        "ORT.07",
        "3279",
        2022,
        "satker",
    )
    assert got.raw == raw


@pytest.mark.parametrize(
    ("raw", "normalised", "region"),
    [
        ("l2/ORT.07/32/2022", "12/ORT.07/32/2022", "32"),
        ("NOMOR: 12/ORT.07/32/2022", "12/ORT.07/32/2022", "32"),
        ("O1/ORT.07/3S79/2022", "01/ORT.07/3579/2022", "3579"),
        ("05/ORT.07/9I01/2022", "05/ORT.07/9101/2022", "9101"),
        ("46/PP.01.1-Kpt/3515/KPU-Kab/IV/2020", "46/PP.01.1-Kpt/3515/KPU-Kab/IV/2020", "3515"),
    ],
)
def test_satker_style_other_shapes(raw: str, normalised: str, region: str) -> None:
    got = parse_decree_number(raw)
    assert (got.style, got.normalised, got.region_code) == ("satker", normalised, region)


def test_kpu_ri_old() -> None:
    for raw in ("612/ORT.04-Kpt/05/KPU/XII/2020", "612/ORT.04- Kpt/05/KPU/XII/2020"):
        assert parse_decree_number(raw) == ParsedDecreeNumber(
            raw=raw,
            normalised="612/ORT.04-Kpt/05/KPU/XII/2020",
            sequence="612",
            classification="ORT.04-Kpt",
            region_code=None,
            year=2020,
            style="kpu_ri_old",
            month=12,
        )


@pytest.mark.parametrize(
    "raw", ["Nomor 314 Tahun 2021", "NOMOR 314 TAHUN 2021", "314 Tahun 2O21", "Nomor : 314 tahun 2021"]
)
def test_kpu_ri_new(raw: str) -> None:
    got = parse_decree_number(raw)
    assert (got.style, got.normalised, got.sequence, got.classification, got.region_code, got.year) == (
        "kpu_ri_new",
        "314 Tahun 2021",
        "314",
        None,
        None,
        2021,
    )


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("", ""),
        ("abc", "abc"),
        ("04/ORT.07/327/2022", "04/ORT.07/327/2022"),  # 3-digit region code
        ("W4.TUN-1/ 50 /OT.01.1/I/2020", "W4.TUN-1/50/OT.01.1/I/2020"),  # another agency's scheme
        ("04/ORT.07/3279", "04/ORT.07/3279"),
    ],
)
def test_unknown_shapes(raw: str, normalised: str) -> None:
    assert parse_decree_number(raw) == ParsedDecreeNumber(raw, normalised, None, None, None, None, "unknown")


def test_letters_outside_digit_groups_are_not_touched() -> None:
    got = parse_decree_number("612/ORT.04-Kpt/05/KPU/XII/2020")
    assert got.classification == "ORT.04-Kpt"  # the O of ORT and the I of XII stay letters
    assert "XII" in got.normalised


@given(st.text(max_size=40))
def test_never_raises_and_has_no_slash_spaces(s: str) -> None:
    got = parse_decree_number(s)
    assert " /" not in got.normalised and "/ " not in got.normalised


@pytest.mark.parametrize(
    ("raw", "normalised", "region", "month"),
    [
        ("04/ORT.07/3279/2022", "04/ORT.07/3279/2022", "3279", None),
        ("07/ORT.07-Kpt/1106/KIP-Kab/I/2024", "07/ORT.07-Kpt/1106/KIP-Kab/I/2024", "1106", 1),
        ("07/ORT.07-Kpt/1171/KIP-Kota/II/2024", "07/ORT.07-Kpt/1171/KIP-Kota/II/2024", "1171", 2),
        ("05/ORT.07-Kpt/3515/KPU-Kab/I/2024", "05/ORT.07-Kpt/3515/KPU-Kab/I/2024", "3515", 1),
        ("12/PR.01-Kpt/32/Prov/II/2024", "12/PR.01-Kpt/32/Prov/II/2024", "32", 2),
        ("04 / ORT.07 / 3279 / 2022", "04/ORT.07/3279/2022", "3279", None),
        # OCR confusions the grammar repairs unambiguously (issue 10 point 5)
        ("05/ORT.07-Kpt/3515/KPU-Kab/1/2024", "05/ORT.07-Kpt/3515/KPU-Kab/I/2024", "3515", 1),
        ("05/ORT.07-Kpt/3515/KPU-Kab/l/2024", "05/ORT.07-Kpt/3515/KPU-Kab/I/2024", "3515", 1),
        ("05/ORT.07-Kpt/3515/KPU-Kab/|/2024", "05/ORT.07-Kpt/3515/KPU-Kab/I/2024", "3515", 1),
        ("O4!ORT.07/3279/2O22", "04/ORT.07/3279/2022", "3279", None),
        ("04/ORT.07/327912022", "04/ORT.07/3279/2022", "3279", None),
    ],
)
def test_the_grammar_of_kpu_office_numbers(raw: str, normalised: str, region: str, month: int | None) -> None:
    got = parse_decree_number(raw)
    assert (got.style, got.normalised, got.region_code, got.month) == ("satker", normalised, region, month)


def test_nomor_tahun_and_malformed() -> None:
    got = parse_decree_number("Nomor 314 Tahun 2021")
    assert (got.style, got.normalised, got.year) == ("kpu_ri_new", "314 Tahun 2021", 2021)
    assert parse_decree_number("04/ORT.07/2022").style == "unknown"
    assert parse_decree_number("nomor sekian").style == "unknown"


def test_the_lampiran_copy_is_cross_checked() -> None:
    front = parse_decree_number("04/ORT.07/3279/2022")
    same = caption_number(
        "LAMPIRAN KEPUTUSAN KPU KOTA BANJAR NOMOR : 04 / ORT.07 / 3279 / 2022 TANGGAL 3 JANUARI"
    )
    other = caption_number("LAMPIRAN KEPUTUSAN NOMOR 05/ORT.07/3279/2022 TENTANG RENCANA AKSI")
    assert same is not None and same_number(front, same)
    assert other is not None and not same_number(front, other)
    assert caption_number("RENCANA AKSI REFORMASI BIROKRASI") is None
