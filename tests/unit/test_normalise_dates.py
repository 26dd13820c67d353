"""Indonesian decree dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rencana.normalise.dates import MONTHS, month_number, parse_indonesian_date

JAN18 = dt.date(2022, 1, 18)


@pytest.mark.parametrize(
    "text",
    [
        "18 Januari 2022",
        "18 JANUARI 2022",
        "tanggal 18 Januari 2022",
        "Pada Tanggal : 18 Januari 2022",
        " Pada Tanggal : 18 Januari 2022",  # the seed's repeated block, leading space kept
        "18-01-2022",
        "18/01/2022",
        "18.01.2022",
        "2022-01-18",
        "l8 Januari 2O22",
        "18 Janu ari 2022",
        "18 Jan 2022",
        "18 Jan. 2022",
        "Ditetapkan di Kota Banjar pada tanggal 18 Januari 2022",
    ],
)
def test_seed_date_forms(text: str) -> None:
    assert parse_indonesian_date(text) == JAN18


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 Febuari 2022", dt.date(2022, 2, 1)),
        ("1 Pebruari 2021", dt.date(2021, 2, 1)),
        ("3 Nopember 2021", dt.date(2021, 11, 3)),
        ("17 Agutus 2022", dt.date(2022, 8, 17)),
        ("5 Desmber 2023", dt.date(2023, 12, 5)),
        ("1O Oktober 2022", dt.date(2022, 10, 10)),
        ("5 Juni 2022", dt.date(2022, 6, 5)),
        ("5 Juli 2022", dt.date(2022, 7, 5)),
        ("29 Februari 2024", dt.date(2024, 2, 29)),
    ],
)
def test_month_typos_and_ocr(text: str, expected: dt.date) -> None:
    assert parse_indonesian_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tanpa tanggal",
        "31 Februari 2022",
        "29 Februari 2023",
        "32 Januari 2022",
        "99/99/2022",
        "18 Januari 1800",
        "5 Jnui 2022",  # too short to repair safely: Juni or Juli
        "Nomor 7 Tahun 2017",
        "18 Bulan 2022",
    ],
)
def test_invalid_or_missing(text: str) -> None:
    assert parse_indonesian_date(text) is None


def test_month_number() -> None:
    assert [month_number(m) for m in MONTHS] == list(range(1, 13))
    assert month_number("MEI") == 5
    assert month_number("Agustus") == 8
    assert month_number("Sept") == 9
    assert month_number("Juna") is None
    assert month_number("") is None
    assert month_number("Tahun") is None


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_printed_date_round_trips(d: dt.date) -> None:
    printed = f"{d.day} {MONTHS[d.month - 1].capitalize()} {d.year}"
    assert parse_indonesian_date(printed) == d
    assert parse_indonesian_date(f"{d.day:02d}/{d.month:02d}/{d.year}") == d


@given(st.text(max_size=40))
def test_never_raises(s: str) -> None:
    parse_indonesian_date(s)
