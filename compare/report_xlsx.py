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

from rencana.compare.i18n import Lang, header, plain, tr
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
SHEET_KEYS = (
    "about",
    "roster",
    "summary",
    "files",
    "aside",
    "coverage",
    "coverage_sub",
    "coverage_list",
    "schedule",
    "schedule_area",
    "cards",
    "yoy",
    "yoy_summary",
)


def sheet_names(lang: Lang) -> list[str]:
    """The workbook's sheet names, in order."""
    return [tr(lang, f"sheet.{k}") for k in SHEET_KEYS]


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
    wb: Workbook,
    title: str,
    frame: pd.DataFrame,
    widths: dict[str, int] | None = None,
    freeze_cols: int = 1,
    lang: Lang = "id",
) -> Worksheet:
    """A sheet holding ``frame``: bold frozen header (in ``lang``), autofilter, sensible widths."""
    ws = wb.create_sheet(title)
    for j, name in enumerate(frame.columns, start=1):
        put(ws, 1, j, header(lang, str(name)))
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


ABOUT: dict[str, tuple[str, str]] = {
    "roster": (
        "setiap satker provinsi (daftar wilayah Kemendagri): sudah / belum menyampaikan rencana",
        "every satker of the province (Kemendagri region list): submitted a plan or not",
    ),
    "summary": (
        "satu baris per rencana: nomor, tanggal, baris, area, kegiatan, bulan, masalah keputusan, "
        "keyakinan pembacaan",
        "one line per plan: number, date, rows, areas, kegiatan, months, decree problems, reading confidence",
    ),
    "files": (
        "berkas gagal atau terbaca sebagian, dengan alasannya",
        "failed and partial files with the reason",
    ),
    "aside": (
        "salinan lain dari keputusan yang sama dan keputusan yang diganti: tidak dihitung",
        "other copies of a decree and replaced decrees: not counted",
    ),
    "coverage": (
        "kegiatan x rencana: baris direncanakan; 0 (merah) = ada di templat tetapi tidak direncanakan",
        "kegiatan x plan: rows planned; 0 (red) = in the template but missing; empty = not expected",
    ),
    "coverage_sub": ("sama, per sub kegiatan", "the same per sub kegiatan"),
    "coverage_list": (
        "satu baris per (rencana, sub kegiatan): present / missing / extra",
        "one line per (plan, sub kegiatan): present / missing / extra",
    ),
    "schedule": (
        "rencana x bulan: baris dijadwalkan; Q1-Q4 menjumlahkan bulannya",
        "plan x month; Q1-Q4 add up",
    ),
    "schedule_area": ("area x rencana x bulan", "area x plan x month"),
    "cards": (
        "setiap baris rencana dengan 12 bulannya (1 = direncanakan)",
        "every plan row, 12 months (1 = planned)",
    ),
    "yoy": (
        "sub kegiatan ditambah, dihapus, dijadwal ulang dibanding tahun sebelumnya",
        "sub kegiatan added, dropped, rescheduled against the previous plan year",
    ),
    "yoy_summary": ("jumlah per satker dan pasangan tahun", "counts per satker and pair of years"),
}


def _about(wb: Workbook, v: Views, lang: Lang) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = tr(lang, "sheet.about")
    i = 0 if lang == "id" else 1
    where = v.province_name or v.province or tr(lang, "where.all")
    lines: list[tuple[Any, Any]] = [
        (tr(lang, "title", year=v.focus_year or "", where=where), ""),
        (header(lang, "province"), v.province_code or tr(lang, "where.all")),
        (header(lang, "plan_year"), v.focus_year),
        (tr(lang, "sec.satkers"), len(v.summary)),
        (tr(lang, "files.failed"), len(v.problems)),
        (tr(lang, "files.aside"), len(v.set_aside)),
        ("", tr(lang, v.template_note[0], value=v.template_note[1])),
        ("", v.source_dir),
        ("", v.created),
        ("", ""),
    ]
    lines += [(tr(lang, f"sheet.{key}"), text[i]) for key, text in ABOUT.items()]
    for n, (a, b) in enumerate(lines, start=1):
        put(ws, n, 1, a)
        put(ws, n, 2, b)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100


def _matrix_sheet(wb: Workbook, title: str, matrix: pd.DataFrame, lang: Lang) -> None:
    widths = {"activity": 60, "key": 14, "area": 24}
    ws = write_frame(wb, title, matrix, widths=widths, freeze_cols=3, lang=lang)
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


def _plans_sheets(wb: Workbook, v: Views, lang: Lang) -> None:
    """Roster, summary, problem files and copies set aside."""
    roster = v.roster.assign(
        submitted=v.roster["submitted"].map(lambda b: tr(lang, "roster.received" if b else "roster.missing"))
    )
    write_frame(wb, tr(lang, "sheet.roster"), roster, lang=lang)
    write_frame(wb, tr(lang, "sheet.summary"), v.summary, lang=lang)
    problems = v.problems.assign(
        reason_text=[
            plain(lang, str(r), reason=True) if isinstance(r, str) else "" for r in v.problems["reason"]
        ]
    )
    write_frame(wb, tr(lang, "sheet.files"), problems, widths={"reason_text": 60, "error": 60}, lang=lang)
    aside = v.set_aside.assign(
        why=[
            tr(lang, "dup.why" if w == "duplicate" else "sup.why", number=n)
            for w, n in zip(v.set_aside["why"], v.set_aside["decree_number"], strict=True)
        ]
    )
    write_frame(wb, tr(lang, "sheet.aside"), aside, widths={"why": 60}, lang=lang)


def _schedule_sheets(wb: Workbook, v: Views, lang: Lang) -> None:
    months = {m: 6 for m in (*MONTH_NAMES, *QUARTERS)}
    ws = write_frame(wb, tr(lang, "sheet.schedule"), v.schedule, widths=months, lang=lang)
    colour_scale(ws, v.schedule, MONTH_NAMES)
    colour_scale(ws, v.schedule, tuple(QUARTERS))
    every = tr(lang, "schedule.per_area")
    by_area = pd.concat([v.schedule_areas.assign(label=every), v.schedule_area_decree])
    by_area = by_area[["area_no", "area", "label", *MONTH_NAMES, *QUARTERS, "total"]]
    ws = write_frame(wb, tr(lang, "sheet.schedule_area"), by_area, widths=months, freeze_cols=3, lang=lang)
    colour_scale(ws, by_area, MONTH_NAMES)
    colour_scale(ws, by_area, tuple(QUARTERS))


def write_xlsx(v: Views, path: Path, lang: Lang = "id") -> Path:
    """Write every view to ``path`` atomically, sheet names and headers in ``lang``."""
    wb = Workbook()
    _about(wb, v, lang)
    _plans_sheets(wb, v, lang)
    _matrix_sheet(wb, tr(lang, "sheet.coverage"), v.coverage, lang)
    _matrix_sheet(wb, tr(lang, "sheet.coverage_sub"), v.coverage_sub, lang)
    long = v.coverage_long.drop(columns=["doc_id"])
    ws = write_frame(wb, tr(lang, "sheet.coverage_list"), long, widths={"activity": 60}, lang=lang)
    ref = _col_range(ws, long, ["status"])
    if ref:
        for word, fill in (("missing", MISSING_FILL), ("present", PRESENT_FILL), ("extra", EXTRA_FILL)):
            ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill))
    _schedule_sheets(wb, v, lang)
    cards = v.plan_cards.copy()
    for m in MONTH_NAMES:
        cards[m] = cards[m].map(lambda on: 1 if on else None)
    widths = {"kegiatan": 40, "sub_kegiatan": 60, "indikator": 50, **{m: 5 for m in MONTH_NAMES}}
    ws = write_frame(wb, tr(lang, "sheet.cards"), cards, widths=widths, lang=lang)
    ref = _col_range(ws, cards, MONTH_NAMES)
    if ref:
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=["1"], fill=PLAN_FILL))
    yoy = v.yoy.assign(change=[tr(lang, f"change.{c}") for c in v.yoy["change"]])
    write_frame(wb, tr(lang, "sheet.yoy"), yoy, widths={"activity": 60, "kegiatan": 40, "key": 14}, lang=lang)
    write_frame(wb, tr(lang, "sheet.yoy_summary"), v.yoy_summary, lang=lang)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
