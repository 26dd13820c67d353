"""A fuzzed :class:`~rencana.corpus.layout_fuzz.TableForm` typed into a worksheet (openpyxl).

The grid comes from :mod:`rencana.corpus.form_grid`, the model the canvas and Word renderers
draw too: header cells merged over their spans (time label, optional Triwulan/Semester/year
tier, period labels, optional column-number row), full-width section rows merged across the
table, No / Area / Kegiatan merged down their rows, glyph marks typed in the period cells, fills
and Gantt bars as filled cells (a Gantt bar without the period cells' inner borders when the
form says so), extra columns, rules all round or horizontal only.  The typist's other habits
(font, size, header fill, valign) are the ``xlsx.*`` knobs; every row height is set from
:func:`~rencana.corpus.xlsx_style.wrap_lines`.  :func:`write_other_sheet` types the second
lampiran table on a sheet of its own, printed after the Lampiran.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rencana.corpus.canvas_table import TableFonts
from rencana.corpus.form_grid import (
    BodyLine,
    body_lines,
    column_keys,
    column_widths,
    fill_hex,
    header_cells,
    header_depth,
    label_size,
    other_rows,
    without_extras,
)
from rencana.corpus.layout_fuzz import TableForm
from rencana.corpus.model import LayoutSpec, RowSpec
from rencana.corpus.xlsx_style import PT_PER_CHAR, _font_names, col_points, text_height, wrap_lines
from rencana.corpus.xlsx_table import Column, TablePlan, TableWriter, cell_text

# the typist's sheet width (pt) before fit-to-width, portrait and landscape
SHEET_PT = {True: 680.0, False: 980.0}


def form_columns(
    form: TableForm, layout: LayoutSpec, family: str, size: float
) -> tuple[TableForm, list[Column]]:
    """The form (extra columns dropped if too many) and its columns in Excel width units."""
    regular, bold = _font_names(family)
    fonts = TableFonts(regular, bold, regular)
    sized = replace(layout, font_size=size, cell_pad_pt=max(layout.cell_pad_pt, 2.5))
    lsize = label_size(form, size)
    try:
        widths = column_widths(form, sized, fonts, SHEET_PT[form.portrait], lsize)
    except ValueError:
        form = without_extras(form)
        widths = column_widths(form, sized, fonts, SHEET_PT[form.portrait], lsize)
    keys, labels = column_keys(form)
    cols = zip(keys, labels, widths, strict=True)
    return form, [Column(k, lb, round(w / PT_PER_CHAR, 2)) for k, lb, w in cols]


class FormWriter(TableWriter):
    """Writes a fuzzed form's table into ``ws`` from sheet row ``top`` on."""

    def write_form(self, top: int, rows: Sequence[RowSpec], form: TableForm) -> TablePlan:
        """Header and body from sheet row ``top``; return the plan (rows used)."""
        form, cols = form_columns(form, self.layout, self.family, self.size)
        self.cols = cols
        self.form = form
        self.full = self.layout.ruling == "full"
        for i, col in enumerate(cols, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width
        last_head = self._form_header(top, form)
        lines = body_lines(tuple(rows), form)
        plan = TablePlan(cols, (top, last_head))
        heights = self._form_body(last_head + 1, lines, plan)
        for r, h in heights.items():
            self.ws.row_dimensions[r].height = round(h, 2)
        plan.last_row = last_head + len(lines)
        return plan

    def _rule(self, r: int, c: int, *, left: bool = True, right: bool = True) -> None:
        side = self.thin if self.full else Side()
        self.ws.cell(row=r, column=c).border = Border(
            left=side if left else Side(), right=side if right else Side(), top=self.thin, bottom=self.thin
        )

    def _form_header(self, top: int, form: TableForm) -> int:
        depth = header_depth(form)
        lsize = label_size(form, self.size)
        one = text_height(1, self.family, lsize)
        heights = [one] * depth
        fill = PatternFill("solid", fgColor=self.k.header_fill) if self.k.header_fill else None
        for hc in header_cells(form):
            r, c = top + hc.row, hc.col + 1
            size = max(6.0, self.size - 1) if hc.numbers else lsize
            font = Font(name=self.family, size=size, bold=not hc.numbers)
            value: Any = int(hc.text) if hc.numbers else hc.text
            self._put(r, c, value, font, self.centre)
            for rr in range(r, r + hc.rows):
                for cc in range(c, c + hc.cols):
                    self._rule(rr, cc)
                    if fill is not None:
                        self.ws.cell(row=rr, column=cc).fill = fill
            if hc.rows > 1 or hc.cols > 1:
                r1, c1 = r + hc.rows - 1, c + hc.cols - 1
                self.ws.merge_cells(start_row=r, end_row=r1, start_column=c, end_column=c1)
            w = sum(col_points(self.cols[c - 1 + k].width) for k in range(hc.cols))
            need = self._height_sized(hc.text, w, lsize)
            have = sum(heights[hc.row : hc.row + hc.rows])
            if need > have:
                heights[0] += need - have
        for k, h in enumerate(heights):
            self.ws.row_dimensions[top + k].height = round(h, 2)
        return top + depth - 1

    def _height_sized(self, text: str, width_pt: float, size: float) -> float:
        lines = wrap_lines(text, self.family, size, width_pt, bold=True) if text.strip() else 1
        return text_height(lines, self.family, size)

    def _form_body(self, first: int, lines: list[BodyLine], plan: TablePlan) -> dict[int, float]:
        """Body rows from sheet row ``first``; return each row's height."""
        keys = [c.key for c in self.cols]
        one = text_height(1, self.family, self.size)
        heights = {first + i: one for i in range(len(lines))}
        for i, line in enumerate(lines):
            r = first + i
            if line.row < 0:
                self._form_section(r, line.text)
                plan.section_rows.append(r)
                heights[r] = one + 2.0
                continue
            if any(keys[c] == "keg" for c, _ in line.spans):
                plan.keg_starts.append(r - 1 if r - 1 in plan.section_rows else r)
            plan.body_rows.append(r)
            self._form_row(r, line, keys, heights)
        return heights

    def _form_section(self, r: int, text: str) -> None:
        n = len(self.cols)
        self._put(r, 1, text, self.bold, Alignment(vertical="center", wrap_text=True))
        for c in range(1, n + 1):
            self._rule(r, c, left=c == 1, right=c == n)
            if self.k.section_fill:
                self.ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=self.k.section_fill)
        self.ws.merge_cells(start_row=r, end_row=r, start_column=1, end_column=n)

    def _form_row(self, r: int, line: BodyLine, keys: list[str], heights: dict[int, float]) -> None:
        spans = dict(line.spans)
        n = len(keys)
        for c in range(1, n + 1):
            self._rule(r, c)
        for c, raw in line.cells:
            text = cell_text(raw, self.k)
            key, span = keys[c], spans.get(c, 1)
            centred = key in ("no", "x")
            value: Any = int(text) if key == "no" and text.isdigit() else text
            align = self.centre if centred else self.merged_align if key in ("area", "keg") else self.wrap_top
            self._put(r, c + 1, value, self.font, align)
            need = self._height(text, col_points(self.cols[c].width))
            if span > 1:
                for rr in range(r, r + span):
                    self._rule(rr, c + 1)
                self.ws.merge_cells(start_row=r, end_row=r + span - 1, start_column=c + 1, end_column=c + 1)
            have = sum(heights[rr] for rr in range(r, r + span))
            if need > have:
                for rr in range(r, r + span):
                    heights[rr] += (need - have) / span
        self._form_marks(r, line, keys)

    def _form_marks(self, r: int, line: BodyLine, keys: list[str]) -> None:
        form = self.form
        p0 = keys.index("p")
        fill = PatternFill("solid", fgColor=fill_hex(form.fill_rgb))
        for k in range(form.periods):
            c = p0 + k + 1
            if not form.month_borders:
                self._rule(r, c, left=k == 0, right=k == form.periods - 1)
            cell = self.ws.cell(row=r, column=c)
            cell.alignment, cell.font = self.centre, self.font
            if k not in line.periods:
                continue
            if form.mark in ("fill", "gantt"):
                cell.fill = fill
            else:
                cell.value = 1 if form.mark == "1" else form.mark


def write_other_sheet(ws: Worksheet, kind: str, family: str, size: float) -> None:
    """A second lampiran table (Tim RB, a budget, signatures) on its own sheet."""
    title, body = other_rows(kind)
    thin = Side(style="thin", color="000000")
    ws.cell(row=1, column=1, value=title).font = Font(name=family, size=size + 1, bold=True)
    for c in range(1, len(body[0]) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 24
    for r, texts in enumerate(body, start=3):
        for c, text in enumerate(texts, start=1):
            cell = ws.cell(row=r, column=c, value=text or None)
            cell.font = Font(name=family, size=size, bold=r == 3)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
