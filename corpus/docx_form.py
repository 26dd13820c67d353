"""A fuzzed :class:`~rencana.corpus.layout_fuzz.TableForm` as a Word table (python-docx).

The grid comes from :mod:`rencana.corpus.form_grid` (the model the canvas renderer draws too):
header cells merged over their spans (a time label over an optional Triwulan/Semester/year
tier over the period labels; the other labels merged down every tier; an optional
column-number row), repeated on every page; full-width section rows merged across the table;
No / Area / Kegiatan merged down their rows (``w:vMerge``); glyph marks typed in the period
cells; fills and Gantt bars as shaded cells, a Gantt bar without the period cells' inner
borders when the form says so; extra columns; rules all round or horizontal only.  A second
lampiran table follows the signature on its own page (:func:`add_other_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Twips
from docx.table import Table, _Cell

from rencana.corpus.canvas_table import TableFonts
from rencana.corpus.docx_table import HEADER_FILL, TABLE_STYLE_ID, row_breaks
from rencana.corpus.docx_text import add_items, add_runs, set_style, shade, table_props, w_el
from rencana.corpus.fonts import SYMBOL_FAMILY, register, width
from rencana.corpus.form_grid import (
    BodyLine,
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

_TOP, _MIDDLE = WD_CELL_VERTICAL_ALIGNMENT.TOP, WD_CELL_VERTICAL_ALIGNMENT.CENTER
_TC_AFTER_BORDERS = (
    "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)  # fmt: skip


def form_widths_twips(
    form: TableForm, layout: LayoutSpec, text_width_mm: float
) -> tuple[TableForm, list[int], float]:
    """The form (extra columns dropped if the page cannot hold them), its column widths and
    the cell margin (pt) that still lets the widest period label fit its column."""
    regular, bold = register(layout.font)
    fonts = TableFonts(regular, bold, register(SYMBOL_FAMILY)[0])
    total = text_width_mm * 72 / 25.4
    lsize = label_size(form, layout.font_size)
    try:
        widths = column_widths(form, layout, fonts, total, lsize)
    except ValueError:  # too many columns for the page: the extra columns go
        form = without_extras(form)
        widths = column_widths(form, layout, fonts, total, lsize)
    head = bold if layout.header_bold else regular
    widest = max(width(t, head, lsize) for t in form.period_labels)
    period_w = widths[column_keys(form)[0].index("p")]
    # a typist narrows the cell margins until the period labels fit (LibreOffice's metrics differ a little)
    pad = max(0.3, min(layout.cell_pad_pt, (period_w - widest) / 2 - 1.2))
    tw = [round(w * 20) for w in widths]
    tw[-1] += round(total * 20) - sum(tw)
    return form, tw, pad


def _centred(cell: _Cell, text: str, *, bold: bool = False, size: float | None = None) -> None:
    par = cell.paragraphs[0]
    set_style(par, TABLE_STYLE_ID)
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(par, text, bold=bold, size_pt=size)


def _no_side_borders(cell: _Cell, left: bool, right: bool) -> None:
    """Take the cell's left and/or right rule away (a Gantt bar without period borders)."""
    borders = w_el("tcBorders")
    for side, off in (("left", left), ("right", right)):
        if off:
            borders.append(w_el(side, val="nil"))
    cell._tc.get_or_add_tcPr().insert_element_before(borders, *_TC_AFTER_BORDERS)


def add_form_table(
    doc: DocumentObject, rows: Sequence[RowSpec], lines: list[BodyLine], form: TableForm, layout: LayoutSpec,
    widths: list[int], pad: float,
) -> Table:  # fmt: skip
    """Append the form's table (``lines`` from :func:`~rencana.corpus.form_grid.body_lines`)."""
    n_head = header_depth(form)
    keys, _ = column_keys(form)
    table: Table = doc.add_table(rows=n_head + len(lines), cols=len(keys))
    vertical = layout.ruling == "full"
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = {side: vertical or side in ("top", "bottom", "insideH") for side in sides}
    table_props(table, sum(widths), borders, round(pad * 20), layout.line_width)
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for tr in table._tbl.tr_lst:
        for tc, w in zip(tr.tc_lst, widths, strict=True):
            tc.width = Twips(w)
    for col, w in enumerate(widths):
        table.columns[col].width = Twips(w)
    row_breaks(table, n_head, layout)
    _header(grid, form, layout)
    _body(grid[n_head:], rows, lines, form, layout, keys)
    return table


def _header(grid: list[list[_Cell]], form: TableForm, layout: LayoutSpec) -> None:
    lsize = label_size(form, layout.font_size)
    for hc in header_cells(form):
        cell = grid[hc.row][hc.col]
        if hc.rows > 1 or hc.cols > 1:
            cell = cell.merge(grid[hc.row + hc.rows - 1][hc.col + hc.cols - 1])
        size = layout.font_size * 0.85 if hc.numbers else lsize
        _centred(cell, hc.text, bold=layout.header_bold and not hc.numbers, size=size)
        cell.vertical_alignment = _MIDDLE
        if layout.header_fill:
            shade(cell, HEADER_FILL)


def _body(
    grid: list[list[_Cell]], rows: Sequence[RowSpec], lines: list[BodyLine], form: TableForm,
    layout: LayoutSpec, keys: list[str],
) -> None:  # fmt: skip
    hang = layout.font_size * 1.8 * 25.4 / 72
    put = partial(add_items, style=TABLE_STYLE_ID, hang_mm=hang, hanging=layout.hanging_indent,
                  item_breaks=layout.item_breaks)  # fmt: skip
    merged_valign = _MIDDLE if layout.merged_valign == "middle" else _TOP
    p0, n = keys.index("p"), form.periods
    for i, line in enumerate(lines):
        cells = grid[i]
        if line.row < 0:
            head = cells[0].merge(cells[-1])
            set_style(head.paragraphs[0], TABLE_STYLE_ID)
            add_runs(head.paragraphs[0], line.text, bold=True)
            continue
        spans = dict(line.spans)
        for c, text in line.cells:
            cell = cells[c]
            if spans.get(c, 1) > 1:
                cell = cell.merge(grid[i + spans[c] - 1][c])
            if keys[c] in ("no", "x"):
                _centred(cell, text)
            else:
                put(cell, text)
            if keys[c] in ("no", "area", "keg"):
                cell.vertical_alignment = merged_valign
        _marks(cells[p0 : p0 + n], line, form, layout)


def _marks(cells: list[_Cell], line: BodyLine, form: TableForm, layout: LayoutSpec) -> None:
    """Glyphs typed in the marked period cells, or the cells shaded (fills, Gantt bars)."""
    fill = fill_hex(form.fill_rgb)
    valign = _MIDDLE if layout.mark_valign == "middle" else _TOP
    last = len(cells) - 1
    for k, cell in enumerate(cells):
        cell.vertical_alignment = valign
        if not form.month_borders:
            _no_side_borders(cell, left=k > 0, right=k < last)
        if k not in line.periods:
            set_style(cell.paragraphs[0], TABLE_STYLE_ID)
        elif form.mark in ("fill", "gantt"):
            set_style(cell.paragraphs[0], TABLE_STYLE_ID)
            shade(cell, fill)
        else:
            _centred(cell, form.mark)


def add_other_table(doc: DocumentObject, kind: str, text_width_mm: float) -> None:
    """A second lampiran table (Tim RB, a budget, signatures) on a page of its own."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    title, body = other_rows(kind)
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(par, title, bold=True)
    n = len(body[0])
    table: Table = doc.add_table(rows=len(body), cols=n)
    w = round(text_width_mm * 1440 / 25.4 / n)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    table_props(table, w * n, dict.fromkeys(sides, True), 100)
    for r, texts in enumerate(body):
        for c, text in enumerate(texts):
            cell = table.cell(r, c)
            cell.width = Twips(w)
            add_runs(cell.paragraphs[0], text, bold=r == 0)
