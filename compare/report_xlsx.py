"""``compare.xlsx``: one sheet per view, frozen headers, filters, colour scales on the heatmaps.

Cell text that a spreadsheet could read as a formula (starting, possibly after
blanks, with ``=``, ``+``, ``-``, ``@``, a tab, a line break, or their full-width
forms) is stored as a plain string with Excel's quote prefix, so it shows as
written and never runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rencana.compare.load import tuples
from rencana.compare.report import Views
from rencana.compare.views import MONTH_NAMES, QUARTERS

log = logging.getLogger(__name__)

FORMULA_STARTS = tuple("=+-@\t\r\n＝＋－＠")  # OWASP's list plus the full-width forms
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="EEF1F5")
MISSING_FILL = PatternFill("solid", fgColor="FFCDD2")
PRESENT_FILL = PatternFill("solid", fgColor="C8E6C9")
EXTRA_FILL = PatternFill("solid", fgColor="D1C4E9")
PLAN_FILL = PatternFill("solid", fgColor="1F5FA8")
SHEETS = (
    "About",
    "Summary",
    "Coverage",
    "Coverage sub",
    "Coverage list",
    "Schedule",
    "Schedule by area",
    "Plan cards",
    "Year on year",
    "YoY summary",
)


def cell_value(value: Any) -> Any:
    """A DataFrame value as openpyxl accepts it (lists joined, NaN empty)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write one cell; text that looks like a formula stays text (formula injection)."""
    value = cell_value(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = "yyyy-mm-dd"


def write_frame(
    wb: Workbook, title: str, frame: pd.DataFrame, widths: dict[str, int] | None = None, freeze_cols: int = 1
) -> Worksheet:
    """A sheet holding ``frame``: bold frozen header, autofilter, sensible widths."""
    ws = wb.create_sheet(title)
    for j, name in enumerate(frame.columns, start=1):
        put(ws, 1, j, str(name))
        ws.cell(row=1, column=j).font = HEAD_FONT
        ws.cell(row=1, column=j).fill = HEAD_FILL
    for i, row in enumerate(tuples(frame), start=2):
        for j, value in enumerate(row, start=1):
            put(ws, i, j, value)
    ws.freeze_panes = ws.cell(row=2, column=freeze_cols + 1)
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(1, len(frame) + 1)}"
    for j, name in enumerate(frame.columns, start=1):
        width = (widths or {}).get(str(name))
        if width is None:
            longest = max([len(str(name))] + [len(str(cell_value(v) or "")) for v in frame.iloc[:200, j - 1]])
            width = min(60, max(6, longest + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
    return ws


def _col_range(ws: Worksheet, frame: pd.DataFrame, names: Sequence[str]) -> str | None:
    cols = [list(frame.columns).index(n) + 1 for n in names if n in frame.columns]
    if not cols or frame.empty:
        return None
    return f"{get_column_letter(min(cols))}2:{get_column_letter(max(cols))}{len(frame) + 1}"


def colour_scale(ws: Worksheet, frame: pd.DataFrame, names: Sequence[str]) -> None:
    ref = _col_range(ws, frame, names)
    if ref:
        ws.conditional_formatting.add(
            ref, ColorScaleRule(start_type="min", start_color="F7FBFF", end_type="max", end_color="084594")
        )


def _about(wb: Workbook, v: Views) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = "About"
    lines = [
        ("Rencana Aksi RB: comparison", ""),
        ("province", v.province or "all"),
        ("plan year (focus)", v.focus_year),
        ("plan years in the data", ", ".join(map(str, v.years))),
        ("decrees", len(v.summary)),
        ("template", v.template_source),
        ("source", v.source_dir),
        ("made", v.created),
        ("", ""),
        ("sheet", "what it holds"),
        ("Summary", "one line per decree: number, date, rows, areas, kegiatan, months, flags, corrections"),
        (
            "Coverage",
            "kegiatan x decree: rows planned; 0 (red) = in the template but missing; empty = not expected",
        ),
        ("Coverage sub", "the same per sub kegiatan"),
        ("Coverage list", "one line per (decree, sub kegiatan): present / missing / extra; filter on status"),
        ("Schedule", "decree x month: plan rows scheduled; Q1-Q4 add up their months"),
        ("Schedule by area", "area x decree x month"),
        ("Plan cards", "every plan row with its 12 months (1 = planned)"),
        ("Year on year", "sub kegiatan added, dropped, rescheduled against the satker's previous plan year"),
        ("YoY summary", "counts per satker and pair of years"),
    ]
    for i, (a, b) in enumerate(lines, start=1):
        put(ws, i, 1, a)
        put(ws, i, 2, b)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A10"].font = ws["B10"].font = HEAD_FONT
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100


def _matrix_sheet(wb: Workbook, title: str, matrix: pd.DataFrame) -> None:
    ws = write_frame(wb, title, matrix, widths={"activity": 60, "key": 14, "area": 24}, freeze_cols=3)
    fixed = ("area_no", "area", "activity", "key", "in_template", "planned_by", "missing_in")
    labels = [c for c in matrix.columns if c not in fixed]
    for j, name in enumerate(matrix.columns, start=1):
        if name in labels:
            ws.column_dimensions[get_column_letter(j)].width = 7
            ws.cell(row=1, column=j).alignment = Alignment(text_rotation=90, horizontal="center")
    ws.row_dimensions[1].height = 150
    ref = _col_range(ws, matrix, labels)
    if ref:
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=["0"], fill=MISSING_FILL))
        ws.conditional_formatting.add(
            ref, CellIsRule(operator="greaterThan", formula=["0"], fill=PRESENT_FILL)
        )


def write_xlsx(v: Views, path: Path) -> Path:
    """Write every view to ``path`` atomically."""
    wb = Workbook()
    _about(wb, v)
    write_frame(wb, "Summary", v.summary)
    _matrix_sheet(wb, "Coverage", v.coverage)
    _matrix_sheet(wb, "Coverage sub", v.coverage_sub)
    ws = write_frame(wb, "Coverage list", v.coverage_long.drop(columns=["doc_id"]), widths={"activity": 60})
    ref = _col_range(ws, v.coverage_long.drop(columns=["doc_id"]), ["status"])
    if ref:
        for word, fill in (("missing", MISSING_FILL), ("present", PRESENT_FILL), ("extra", EXTRA_FILL)):
            ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill))
    ws = write_frame(wb, "Schedule", v.schedule, widths={m: 6 for m in (*MONTH_NAMES, *QUARTERS)})
    colour_scale(ws, v.schedule, MONTH_NAMES)
    colour_scale(ws, v.schedule, tuple(QUARTERS))
    by_area = pd.concat([v.schedule_areas.assign(label="(all satkers)"), v.schedule_area_decree])
    by_area = by_area[["area_no", "area", "label", *MONTH_NAMES, *QUARTERS, "total"]]
    ws = write_frame(
        wb, "Schedule by area", by_area, widths={m: 6 for m in (*MONTH_NAMES, *QUARTERS)}, freeze_cols=3
    )
    colour_scale(ws, by_area, MONTH_NAMES)
    colour_scale(ws, by_area, tuple(QUARTERS))
    cards = v.plan_cards.copy()
    for m in MONTH_NAMES:
        cards[m] = cards[m].map(lambda on: 1 if on else None)
    ws = write_frame(
        wb,
        "Plan cards",
        cards,
        widths={"kegiatan": 40, "sub_kegiatan": 60, "indikator": 50, **{m: 5 for m in MONTH_NAMES}},
    )
    ref = _col_range(ws, cards, MONTH_NAMES)
    if ref:
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=["1"], fill=PLAN_FILL))
    write_frame(wb, "Year on year", v.yoy, widths={"activity": 60, "kegiatan": 40, "key": 14})
    write_frame(wb, "YoY summary", v.yoy_summary)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
