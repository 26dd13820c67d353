"""Render a generated decree the way many satker staff make the Lampiran: in Excel, printed to PDF.

An openpyxl workbook — optionally a portrait first sheet with the decree typed into cells, then
the landscape Lampiran sheet (LAMPIRAN block, heading, the action-plan table of
:mod:`rencana.corpus.xlsx_table`, signature) — is converted by LibreOffice Calc with
``soffice --headless --convert-to pdf``.  Page setup as an Excel user leaves it: A4 or Folio
(8.5 x 13 in, Excel paper size 14), fit to one page wide, header rows as print titles
(repeated on every page), gridlines off, real cell borders.  Calc prints the sheets in order.

The spreadsheet habits are the ``xlsx.*`` knobs in ``LayoutSpec.extra``
(:mod:`rencana.corpus.xlsx_style`); of the other layout fields only ``paper``, ``margin_mm``
and ``col_weights`` are used.  Calc paginates, so ``RenderResult.row_pages`` is all None.

Truth (:func:`write_xlsx_truth`) is the ``rencana-truth/1`` format of :mod:`rencana.corpus.truth`
for the texts *as printed* (:func:`printed_spec`): the section row's text as ``area_raw`` in the
section layout, the kegiatan text without the number that moved to the No column; plus
``mark_kind`` and ``document.has_front_matter``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from rencana.corpus.form_grid import fill_hex
from rencana.corpus.layout_fuzz import form_of
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.office_batch import render_office_batch
from rencana.corpus.soffice import DEFAULT_TIMEOUT_S
from rencana.corpus.truth import truth_dict, truth_path
from rencana.corpus.xlsx_form import FormWriter, write_other_sheet
from rencana.corpus.xlsx_front import (
    CellTyper,
    write_front_sheet,
    write_heading,
    write_lampiran_block,
    write_signature,
)
from rencana.corpus.xlsx_style import XlsxKnobs, col_points, knobs
from rencana.corpus.xlsx_table import TablePlan, cell_text, printed_kegiatan, section_label

PAPER_SIZE = {"A4": 9, "F4": 14}  # Excel paper codes: 9 = A4, 14 = Folio 8.5 x 13 in
PAPER_PT = {"A4": (595.28, 841.89), "F4": (612.0, 936.0)}  # short, long side
DEFAULT_ROW_PT = 15.0  # openpyxl's sheetFormatPr defaultRowHeight
_FIXED_TIME = dt.datetime(2022, 1, 3, 8, 0, 0)


def render_xlsx(
    spec: DecreeSpec,
    layout: LayoutSpec,
    path: Path,
    *,
    keep_xlsx: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> RenderResult:
    """Write ``spec`` as a spreadsheet-made PDF at ``path`` (``keep_xlsx``: keep the .xlsx beside it)."""
    return render_xlsx_batch([(spec, layout, path)], keep_xlsx=keep_xlsx, timeout_s=timeout_s)[0]


def render_xlsx_batch(
    jobs: Sequence[tuple[DecreeSpec, LayoutSpec, Path]],
    *,
    keep_xlsx: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[RenderResult]:
    """Render several decrees with a single LibreOffice start."""
    return render_office_batch(
        jobs,
        ".xlsx",
        lambda spec, layout, src: build_workbook(spec, layout)[0].save(str(src)),
        keep_source=keep_xlsx,
        timeout_s=timeout_s,
    )


def build_workbook(spec: DecreeSpec, layout: LayoutSpec) -> tuple[Workbook, TablePlan]:
    """The workbook (front sheet if the knobs say so, then the Lampiran) and the table plan."""
    k = knobs(layout)
    rng = random.Random(f"xlsx:{spec.doc_key}")
    wb = Workbook()
    wb.properties.creator = f"Sekretariat {spec.satker.name}"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    first: Worksheet = wb.active
    if k.has_front:
        first.title = rng.choice(("SK", "Keputusan", "SK RB"))
        write_front_sheet(first, spec, k.font, max(10.0, k.font_size + 1))
        _page_setup(first, layout, k, rng, landscape=False)
        lamp: Worksheet = wb.create_sheet()
    else:
        lamp = first
    lamp.title = rng.choice(("Lampiran", f"Renaksi RB {spec.plan_year}", "RENAKSI", "Lamp SK"))
    plan = _lampiran_sheet(lamp, spec, layout, k, rng)
    form = form_of(layout)
    _page_setup(lamp, layout, k, rng, landscape=form is None or not form.portrait)
    if form is not None and form.other_table:
        other: Worksheet = wb.create_sheet("Lampiran II")
        write_other_sheet(other, form.other_table, k.font, k.font_size)
        _page_setup(other, layout, k, rng, landscape=not form.portrait)
    lamp.print_title_rows = f"{plan.header_rows[0]}:{plan.header_rows[1]}"
    if k.breaks == "manual":
        for row in manual_breaks(lamp, plan, layout.paper):
            lamp.row_breaks.append(Break(id=row))
    return wb, plan


def manual_breaks(ws: Worksheet, plan: TablePlan, paper: str) -> list[int]:
    """Rows after which a careful typist puts page breaks so no kegiatan is cut by a page end.

    All row heights are explicit, so the pages can be counted as Calc will: the fit-to-width
    scale shrinks the sheet, each page after the first repeats the header rows.  A section row
    stays with the kegiatan below it.
    """
    short, long = PAPER_PT[paper]
    m = ws.page_margins
    scale = min(1.0, (long - 72.0 * (m.left + m.right)) / sum(col_points(c.width) for c in plan.columns))
    capacity = (short - 72.0 * (m.top + m.bottom)) / scale * 0.96

    def height(r: int) -> float:
        return float(ws.row_dimensions[r].height or DEFAULT_ROW_PT)

    h0, h1 = plan.header_rows
    title = sum(height(r) for r in range(h0, h1 + 1))
    sections = set(plan.section_rows)
    starts = [s - 1 if s - 1 in sections else s for s in plan.keg_starts]
    ends = [s - 1 for s in starts[1:]] + [plan.last_row]
    used = sum(height(r) for r in range(1, starts[0])) if starts else 0.0
    breaks: list[int] = []
    for start, end in zip(starts, ends, strict=True):
        block = sum(height(r) for r in range(start, end + 1))
        if used + block > capacity and used > title + 1.0:
            breaks.append(start - 1)
            used = title
        used += block
    return breaks


def _lampiran_sheet(
    ws: Worksheet, spec: DecreeSpec, layout: LayoutSpec, k: XlsxKnobs, rng: random.Random
) -> TablePlan:
    writer = FormWriter(ws, layout, k, rng)
    # the table fixes the column widths, so it is written first, a few rows down
    top_rows = (5 if k.lampiran_block == "yes" else 0) + 4
    form = form_of(layout)
    if form is None:
        plan = writer.write(top_rows + 1, spec.rows)
    else:  # the fuzzed form, drawn from the grid model the canvas renderer shares
        plan = writer.write_form(top_rows + 1, spec.rows, form)
    n_cols = len(plan.columns)
    t = CellTyper(ws, [c.width for c in plan.columns], k.font, k.font_size)
    total = sum(c.width for c in plan.columns)
    acc, block = 0.0, n_cols
    for i, col in enumerate(plan.columns, start=1):
        if acc >= total * 0.55:
            block = i
            break
        acc += col.width
    r = 1
    if k.lampiran_block == "yes":
        r = write_lampiran_block(t, spec, r, block, n_cols)
        t.blank(r)
        r += 1
    r = write_heading(t, spec, r, n_cols, split=rng.random() < 0.5)
    while r <= top_rows:
        t.blank(r)
        r += 1
    if k.signature == "yes":
        r = plan.last_row + 2
        t.blank(r - 1)
        write_signature(t, spec, r, block, n_cols, with_labels=False)
    return plan


def _page_setup(
    ws: Worksheet, layout: LayoutSpec, k: XlsxKnobs, rng: random.Random, *, landscape: bool
) -> None:
    ps = ws.page_setup
    ps.orientation = "landscape" if landscape else "portrait"
    ps.paperSize = PAPER_SIZE[layout.paper]
    ps.fitToWidth, ps.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    side = min(1.0, max(0.25, layout.margin_mm / 25.4)) if landscape else rng.choice((0.7, 0.75, 1.0))
    top = rng.choice((0.5, 0.6, 0.75))
    ws.page_margins = PageMargins(left=side, right=side, top=top, bottom=top, header=0.3, footer=0.3)
    ws.sheet_view.showGridLines = False
    ws.print_options.gridLines = False
    ws.print_options.horizontalCentered = rng.random() < 0.5
    if landscape and k.footer == "yes":
        ws.oddFooter.center.text = "Halaman &P dari &N"
        ws.oddFooter.center.size = max(7, int(k.font_size) - 1)
        ws.oddFooter.center.font = k.font


# ---------------------------------------------------------------- truth
def printed_spec(spec: DecreeSpec, layout: LayoutSpec) -> DecreeSpec:
    """``spec`` with the row texts as the spreadsheet prints them."""
    k = knobs(layout)
    if form_of(layout) is not None:  # the fuzzed form prints the texts as the other renderers do
        k = replace(k, area="column")
    rows = tuple(
        replace(
            r,
            area_text=section_label(r, k) if k.sections else cell_text(r.area_text, k),
            kegiatan_text=cell_text(printed_kegiatan(r, spec.rows, k), k),
            sub_kegiatan_text=cell_text(r.sub_kegiatan_text, k),
            indikator_text=cell_text(r.indikator_text, k),
        )
        for r in spec.rows
    )
    return replace(spec, rows=rows)


def xlsx_truth_dict(spec: DecreeSpec, layout: LayoutSpec, result: RenderResult) -> dict[str, Any]:
    """The truth document for an xlsx-rendered decree."""
    k = knobs(layout)
    data = truth_dict(printed_spec(spec, layout), layout, result, "xlsx")
    form = form_of(layout)
    if form is None:
        data["mark_kind"] = k.mark_kind()
    else:
        data["mark_kind"] = (
            form.mark if form.mark not in ("fill", "gantt") else f"{form.mark}:{fill_hex(form.fill_rgb)}"
        )
    data["document"]["has_front_matter"] = k.has_front
    return data


def write_xlsx_truth(
    spec: DecreeSpec, layout: LayoutSpec, result: RenderResult, path: Path | None = None
) -> Path:
    """Write the truth JSON (default: beside the PDF) and return its path."""
    out = Path(path) if path is not None else truth_path(Path(result.pdf_path))
    data = xlsx_truth_dict(spec, layout, result)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out
