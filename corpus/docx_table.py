"""The 17-column action-plan table of a generated decree, built with python-docx.

Header: ``No | AREA PERUBAHAN | KEGIATAN | SUB KEGIATAN | INDIKATOR KEBERHASILAN`` each merged
over two rows, ``PELAKSANAAN (BULAN)`` spanning 12 month columns numbered 1..12 below it, then
optionally the column-number row 1..17.  Header rows carry ``w:tblHeader`` (repeated on every
page); body rows carry ``w:cantSplit`` only when rows may not break.  No / Area merge over an
area's rows and Kegiatan over a kegiatan's rows (``w:vMerge``).

LayoutSpec fields used: ruling, merged_valign, mark_style, mark_valign, font_size, leading,
column_number_row, header_repeat, header_bold, header_fill, allow_row_split, month_col_mm,
no_col_mm, col_weights, cell_pad_pt, line_width, shade_gray, item_breaks, hanging_indent.
``rule_style`` cannot be chosen: LibreOffice always strokes borders as line segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips
from docx.table import Table, _Cell

from rencana.corpus.docx_text import add_items, add_runs, set_style, shade, table_props, w_el
from rencana.corpus.model import LayoutSpec, MarkStyle, RowSpec

N_MONTHS = 12
N_COLS = 5 + N_MONTHS
HEAD_TEXTS = ("No", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN")
PELAKSANAAN = "PELAKSANAAN (BULAN)"
HEADER_FILL = "D9D9D9"
MIN_TEXT_COLS_MM = 90.0  # the four text columns together never get less than this
TABLE_STYLE = "Isi Tabel"  # paragraph style of every table cell
TABLE_STYLE_ID = "IsiTabel"
_TOP, _MIDDLE = WD_CELL_VERTICAL_ALIGNMENT.TOP, WD_CELL_VERTICAL_ALIGNMENT.CENTER


def column_widths_twips(text_width_mm: float, layout: LayoutSpec) -> list[int]:
    """Fixed widths of the 17 columns (twips) summing exactly to ``text_width_mm``.

    No gets ``no_col_mm``, each month ``month_col_mm`` (shrunk if the text columns would get
    less than 90 mm), and the rest is shared by ``col_weights``.
    """
    no = layout.no_col_mm
    month = max(3.0, min(layout.month_col_mm, (text_width_mm - no - MIN_TEXT_COLS_MM) / N_MONTHS))
    rest = text_width_mm - no - N_MONTHS * month
    total = sum(layout.col_weights)
    mm = [no, *(rest * w / total for w in layout.col_weights), *([month] * N_MONTHS)]
    tw = [round(m * 1440 / 25.4) for m in mm]
    tw[4] += round(text_width_mm * 1440 / 25.4) - sum(tw)
    return tw


def row_mark(row: RowSpec, layout: LayoutSpec) -> MarkStyle:
    """How the planned months of ``row`` are drawn: the layout's style, the row's own if mixed."""
    if layout.mark_style != "mixed":
        return layout.mark_style
    return row.mark if row.mark != "mixed" else "V"


def grey_hex(level: float) -> str:
    """``0.75`` → ``"BFBFBF"`` (0 black .. 1 white)."""
    v = round(max(0.0, min(1.0, level)) * 255)
    return f"{v:02X}" * 3


def spans(keys: Sequence[object]) -> list[tuple[int, int]]:
    """Runs of equal consecutive keys as inclusive (first, last) index pairs."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out.append((start, i - 1))
            start = i
    return out


def add_action_table(
    doc: DocumentObject, rows: Sequence[RowSpec], layout: LayoutSpec, text_width_mm: float
) -> Table:
    """Append the action-plan table for ``rows`` to ``doc`` and return it."""
    n_head = 3 if layout.column_number_row else 2
    widths = column_widths_twips(text_width_mm, layout)
    table: Table = doc.add_table(rows=n_head + len(rows), cols=N_COLS)
    _table_props(table, widths, layout)
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for tr in table._tbl.tr_lst:
        for tc, w in zip(tr.tc_lst, widths, strict=True):
            tc.width = Twips(w)
    for col in range(N_COLS):
        table.columns[col].width = Twips(widths[col])
    row_breaks(table, n_head, layout)
    _fill_header(grid, layout, n_head)
    _fill_body(grid[n_head:], rows, layout)
    return table


def row_breaks(table: Table, n_head: int, layout: LayoutSpec) -> None:
    """Header rows never split and repeat on each page (when the typist set it); body rows split
    across a page only where the layout allows it."""
    for r, tr in enumerate(table._tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        if r < n_head or not layout.allow_row_split:
            tr_pr.append(w_el("cantSplit"))
        if r < n_head and layout.header_repeat:
            tr_pr.append(w_el("tblHeader"))


def _table_props(table: Table, widths: Sequence[int], layout: LayoutSpec) -> None:
    vertical = layout.ruling == "full"
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = {side: vertical or side in ("top", "bottom", "insideH") for side in sides}
    # a typist narrows the cell margins until "No" and "12" fit their columns
    fits = min(widths[0] / 20 - 1.8 * layout.font_size, widths[5] / 20 - 1.5 * layout.font_size) / 2
    pad_pt = max(0.5, min(layout.cell_pad_pt, fits))
    table_props(table, sum(widths), borders, round(pad_pt * 20), layout.line_width)


def _centred(cell: _Cell, text: str, *, bold: bool = False) -> None:
    par = cell.paragraphs[0]
    set_style(par, TABLE_STYLE_ID)
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(par, text, bold=bold)


def _fill_header(grid: list[list[_Cell]], layout: LayoutSpec, n_head: int) -> None:
    bold = layout.header_bold
    for col, text in enumerate(HEAD_TEXTS):
        merged = grid[0][col].merge(grid[1][col])
        _centred(merged, text, bold=bold)
        merged.vertical_alignment = _MIDDLE
    for m in range(N_MONTHS):
        _centred(grid[1][5 + m], str(m + 1), bold=bold)
        grid[1][5 + m].vertical_alignment = _MIDDLE
    pel = grid[0][5].merge(grid[0][5 + N_MONTHS - 1])
    _centred(pel, PELAKSANAAN, bold=bold)
    pel.vertical_alignment = _MIDDLE
    if n_head == 3:
        for col in range(N_COLS):
            _centred(grid[2][col], str(col + 1))
    if layout.header_fill:
        for r in range(n_head):
            for cell in grid[r]:
                if cell._tc.getparent() is not None:
                    shade(cell, HEADER_FILL)


def _fill_body(grid: list[list[_Cell]], rows: Sequence[RowSpec], layout: LayoutSpec) -> None:
    hang = layout.font_size * 1.8 * 25.4 / 72  # room for "10." before the text
    put = partial(add_items, style=TABLE_STYLE_ID, hang_mm=hang, hanging=layout.hanging_indent,
                  item_breaks=layout.item_breaks)  # fmt: skip
    merged_valign = _MIDDLE if layout.merged_valign == "middle" else _TOP
    mark_valign = _MIDDLE if layout.mark_valign == "middle" else _TOP
    fill = grey_hex(layout.shade_gray)
    area_keys = [(r.area_no, r.area_text) for r in rows]
    keg_keys = [(r.area_no, r.kegiatan_no, r.kegiatan_text) for r in rows]
    for first, last in spans(area_keys):
        row = rows[first]
        no_cell = grid[first][0].merge(grid[last][0]) if last > first else grid[first][0]
        _centred(no_cell, str(row.area_no))
        area_cell = grid[first][1].merge(grid[last][1]) if last > first else grid[first][1]
        put(area_cell, row.area_text)
        no_cell.vertical_alignment = area_cell.vertical_alignment = merged_valign
    for first, last in spans(keg_keys):
        cell = grid[first][2].merge(grid[last][2]) if last > first else grid[first][2]
        put(cell, rows[first].kegiatan_text)
        cell.vertical_alignment = merged_valign
    for i, row in enumerate(rows):
        cells = grid[i]
        put(cells[3], row.sub_kegiatan_text)
        put(cells[4], row.indikator_text)
        mark = row_mark(row, layout)
        for m in range(1, N_MONTHS + 1):
            cell = cells[4 + m]
            cell.vertical_alignment = mark_valign
            if m not in row.months or mark == "shade":
                set_style(cell.paragraphs[0], TABLE_STYLE_ID)
                if m in row.months:
                    shade(cell, fill)
            else:
                _centred(cell, mark)
