"""One page of the action-plan table: rows, cells, merged spans and month marks.

Rows come from horizontal rules that cross the leaf columns (sub-kegiatan,
indikator); where a page has no such rules, from text lines (a new row starts
where a numbered item opens in the sub-kegiatan or kegiatan column).  Merged
cells of No / Area / Kegiatan are the runs of rows between rules that cross
*that* column; their text, wherever it sits in the span (top or middle), is
anchored on the span's first row.  Cell text is :mod:`~rencana.extract.table.cells`,
month marks :mod:`~rencana.extract.table.marks`, headings and echoes
:mod:`~rencana.extract.table.sections`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rencana.extract.table.cells import cell_conf, cell_text
from rencana.extract.table.columns import column_bounds, column_of
from rencana.extract.table.header import Header
from rencana.extract.table.index import Bands
from rencana.extract.table.marks import mark_profile, month_mark
from rencana.extract.table.sections import is_header_echo, lone_heading, part_ruled, section_text
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import HLine, VLine, cluster, horizontal_lines, separators, vertical_lines
from rencana.extract.text.lines import line_height
from rencana.schema.numbering import NUMBERED_MARKER, number_value
from rencana.schema.records import BBox, MonthMark, PageContent, RawRow, Word

if TYPE_CHECKING:
    from rencana.extract.trace import PageTrace

MERGED_ROLES = ("no", "area", "kegiatan")
_ITEM = re.compile(rf"^{NUMBERED_MARKER}")
_FOOTER = re.compile(
    r"^(ditetapkan|pada\s+tanggal|salinan|ketua|sekretaris|halaman\s+\d+|hal\.?\s*\d+|-\s*\d+\s*-$)", re.I
)

Band = tuple[float, float]
Cells = list[list[list[Word]]]
"""cells[band][column] -> the words in that cell."""


@dataclass(frozen=True, slots=True)
class PageTable:
    """The rows one page contributes, with what stitching needs to know."""

    page: int
    rows: tuple[RawRow, ...]
    bounds: tuple[float, ...]
    table_top: float
    table_bottom: float
    page_height: float
    ruled_rows: bool
    ruled_columns: bool
    line_height: float = 8.0
    closed: bool = False  # the decree's sign-off follows the table on this page: it ends here


@dataclass(frozen=True, slots=True)
class _Grid:
    """The page's cell grid: column bounds, row bands, the rules that drew them."""

    bounds: list[float]
    bands: list[Band]
    hlines: list[HLine]  # row rules under the header (empty: rows from text lines)
    vlines: list[VLine]  # column rules (empty: columns from text alignment)
    table_bottom: float
    ruled_rows: bool
    ruled_columns: bool
    page_vlines: list[VLine]  # every vertical rule of the page (section rows of part-ruled grids)


def _text_bands(
    words: Sequence[Word], bounds: Sequence[float], header: Header, h: float, s: TableSettings
) -> list[Band]:
    """Row bands from text lines when the page has no row rules."""
    top = header.bottom
    opening = [
        i
        for i in (header.index("no"), header.index("kegiatan"), header.index("sub_kegiatan"))
        if i is not None
    ]
    area, sub = header.index("area"), header.index("sub_kegiatan")
    body = [w for w in words if w.cy > top and column_of(w.cx, bounds, s.column_slack_pt) is not None]
    starts: list[float] = []
    end = top
    for group in cluster((w.cy for w in body), 0.5 * h):
        line = sorted((w for w in body if group[0] <= w.cy <= group[-1]), key=lambda w: w.x0)
        if _FOOTER.match(" ".join(w.text for w in line)):
            break
        end = max(w.bottom for w in line)
        first_by_col: dict[int, Word] = {}
        for w in line:
            col = column_of(w.cx, bounds, s.column_slack_pt)
            if col is not None:
                first_by_col.setdefault(col, w)
        opens = any(col in first_by_col and _ITEM.match(first_by_col[col].text) for col in opening)
        new_area = area in first_by_col and first_by_col[area].text[:1].isupper() and sub not in first_by_col
        if not starts or opens or new_area:
            starts.append(min(w.top for w in line) - s.text_band_pad * h)
    return [(a, b) for a, b in zip(starts, [*starts[1:], end + s.text_band_pad * h], strict=False)]


def _grid(content: PageContent, header: Header, h: float, s: TableSettings) -> _Grid:
    """Column bounds and row bands below ``header``: from rules where the page has them."""
    words = content.words
    hlines = horizontal_lines(content.segments)
    vlines = vertical_lines(content.segments)
    below = [ln for ln in hlines if ln.y >= header.bottom - 1]
    # provisional bounds from the header alone, to find the leaf columns' rules
    body_guess = [w for w in words if w.cy > header.bottom]
    bounds, ruled_cols = column_bounds(header, vlines, hlines, body_guess, header.bottom, content.height, s)
    leaf_cols = [i for i in (header.index("sub_kegiatan"), header.index("indikator")) if i is not None]
    leaf = [y for i in leaf_cols for y in separators(below, bounds[i], bounds[i + 1], s.leaf_rule_cover)]
    ys = [sum(g) / len(g) for g in cluster(leaf, s.rule_cluster_pt)]
    if len(ys) < 2:
        bands = _text_bands(words, bounds, header, h, s)
        bottom = bands[-1][1] if bands else header.bottom
        return _Grid(bounds, bands, [], vlines if ruled_cols else [], bottom, False, ruled_cols, vlines)
    body_words = [w for w in words if header.bottom < w.cy < ys[-1]]
    bounds, ruled_cols = column_bounds(header, vlines, hlines, body_words, ys[0], ys[-1], s)
    edges = ys if ys[0] <= header.bottom + s.header_gap * h else [header.bottom, *ys]
    bands = [(a, b) for a, b in itertools.pairwise(edges) if b - a > s.min_row_height * h]
    return _Grid(bounds, bands, below, vlines if ruled_cols else [], ys[-1], True, ruled_cols, vlines)


def build_page_table(
    content: PageContent,
    header: Header,
    settings: TableSettings | None = None,
    trace: PageTrace | None = None,
) -> PageTable:
    """Rebuild the cell grid below ``header`` on one page (``trace``: record what was seen)."""
    s = settings or TableSettings()
    h = line_height(content.words, s.min_line_height, s.default_line_height)
    grid = _grid(content, header, h, s)
    rows = _rows(content, header, grid, h, s)
    if trace is not None:
        trace.saw_table(header, grid.bounds, grid.bands, (grid.hlines, grid.vlines), rows)
    return PageTable(
        content.page,
        tuple(rows),
        tuple(grid.bounds),
        header.top,
        grid.table_bottom,
        content.height,
        grid.ruled_rows,
        grid.ruled_columns,
        h,
        signed_below(content.words, grid.table_bottom),
    )


_SIGN_OFF = re.compile(r"^(ditetapkan|pada\s+tanggal|ttd|salinan\s+sesuai)", re.I)
_SIGNED_AT = re.compile(r"^(ditetapkan\s+di|pada\s+tanggal|salinan\s+sesuai)\b", re.I)


def _signs_off(cells: Sequence[Sequence[Word]], h: float) -> bool:
    """Whether a band's first line of text is the decree's sign-off ("Ditetapkan di : …"): a
    spreadsheet writes it in the cells under the table, inside its ruled frame (8900-031)."""
    words = [w for cell in cells for w in cell]
    if not words:
        return False
    top = min(w.cy for w in words)
    line = " ".join(w.text for w in sorted((w for w in words if w.cy - top < 0.5 * h), key=lambda w: w.x0))
    # set as a line of its own ("Ditetapkan di", "Pada tanggal"), not a sentence's tail run over
    # a page break ("… yang telah ditetapkan": 8900-007 lost a page of rows)
    return line[:1].isupper() and bool(_SIGNED_AT.match(line))


def signed_below(words: Sequence[Word], bottom: float) -> bool:
    """Whether the decree's sign-off ("Ditetapkan di", "Pada tanggal", "ttd.") sits under the table."""
    below = sorted((w for w in words if w.top > bottom), key=lambda w: (round(w.cy), w.x0))
    lines: dict[int, list[str]] = {}
    for w in below:
        lines.setdefault(round(w.cy / 3), []).append(w.text)
    return any(_SIGN_OFF.match(" ".join(t)) for t in lines.values())


def is_ruled_table(content: PageContent) -> bool:
    """A page holding a ruled table: several wide horizontal rules and text between them."""
    wide = [ln for ln in horizontal_lines(content.segments) if ln.x1 - ln.x0 > 0.3 * content.width]
    return len({round(ln.y) for ln in wide}) >= 3 and bool(content.words)


def _cells(
    words: Sequence[Word], bounds: Sequence[float], bands: Sequence[Band], n_cols: int, s: TableSettings
) -> Cells:
    """Each word in the cell holding its centre (words outside every band or column are left out)."""
    cells: Cells = [[[] for _ in range(n_cols)] for _ in bands]
    band_of = Bands(bands).of
    for w in words:
        col = column_of(w.cx, bounds, s.column_slack_pt)
        if col is None:
            continue
        r = band_of(w.cy)
        if r is not None:
            cells[r][col].append(w)
    return cells


def _words_out_of_no(cells: Cells, no: int | None) -> None:
    """Words in the No column go to the next one: a No cell holds an item number, and a word there
    is the next cell's centred text spilling over (a spreadsheet's narrow Area cell, issue 11)."""
    if no is None or not cells or no + 1 >= len(cells[0]):
        return
    for row in cells:
        spilled = [
            w
            for w in row[no]
            if w.source == "text"
            and len(w.text) >= 3
            and w.text.isalpha()
            and number_value(w.text, True) is None
        ]
        if spilled:
            row[no] = [w for w in row[no] if w not in spilled]
            row[no + 1] = [*spilled, *row[no + 1]]


def _a_word(text: str) -> bool:
    """Three letters or more and no Roman numeral."""
    return len(text) >= 3 and text.isalpha() and number_value(text, True) is None


def _span_starts(grid: _Grid, merged: Sequence[int | None], s: TableSettings) -> list[list[bool]]:
    """starts[band][k]: whether a rule crossing merged column ``merged[k]`` opens a new cell at the
    band's top (every band does when the page has no row rules)."""
    starts: list[list[bool]] = [[True] * len(merged) for _ in grid.bands]
    if not grid.hlines:
        return starts
    for k, c in enumerate(merged):
        if c is None:
            continue
        ys = separators(grid.hlines, grid.bounds[c], grid.bounds[c + 1], 0.5)
        for r, (a, _) in enumerate(grid.bands):
            starts[r][k] = r == 0 or any(abs(y - a) <= s.rule_snap_pt for y in ys)
    return starts


def _anchored_text(
    cells: Cells, starts: list[list[bool]], merged: Sequence[int | None], h: float, right_edge: list[float]
) -> list[list[str]]:
    """The text of each merged cell, on the first band of its span ("" elsewhere)."""
    anchored: list[list[str]] = [[""] * len(merged) for _ in cells]
    for k, c in enumerate(merged):
        if c is None:
            continue
        r = 0
        while r < len(cells):
            end = r + 1
            while end < len(cells) and not starts[end][k]:
                end += 1
            span_words = [w for q in range(r, end) for w in cells[q][c]]
            anchored[r][k] = cell_text(span_words, h, right_edge[c])
            r = end
    return anchored


def _rows(content: PageContent, header: Header, grid: _Grid, h: float, s: TableSettings) -> list[RawRow]:
    """Cells → merged spans → one RawRow per band that holds a plan row or a section heading."""
    n_cols = len(header.roles)
    cells = _cells(content.words, grid.bounds, grid.bands, n_cols, s)
    _words_out_of_no(cells, header.index("no"))
    # the right text edge of each text column: where its longest lines end
    right_edge = [max((w.x1 for row in cells for w in row[c]), default=0.0) for c in range(n_cols)]
    merged = [header.index(role) for role in MERGED_ROLES]
    starts = _span_starts(grid, merged, s)
    anchored = _anchored_text(cells, starts, merged, h, right_edge)
    month_cols = [header.roles.index(m) for m in header.period_roles]
    bounds = grid.bounds
    months_span = (bounds[month_cols[0]], bounds[month_cols[-1] + 1])
    per = 12 // len(month_cols)
    month_cells = [(bounds[m], a, bounds[m + 1], b) for a, b in grid.bands for m in month_cols]
    profile = mark_profile(content, month_cells, months_span, s)
    part = part_ruled(grid.page_vlines, grid.bounds, grid.table_bottom, s)  # the page's, once
    rows: list[RawRow] = []
    for r, (a, b) in enumerate(grid.bands):
        period_marks = [
            month_mark(cells[r][m], content, (bounds[m], a, bounds[m + 1], b), months_span, s, profile)
            for m in month_cols
        ]
        # a quarter's or semester's mark stands for every month of the period
        marks = tuple(mark for mark in period_marks for _ in range(per))
        if not any(marks) and _signs_off(cells[r], h):
            break  # the decree's sign-off written in the table's cells under its last row
        row = _row(
            content.page,
            header,
            grid,
            cells[r],
            (a, b),
            marks,
            anchored[r],
            starts[r],
            h,
            right_edge,
            part,
            s,
        )
        if row is not None:
            rows.append(row)
    return rows


def _row(
    page: int,
    header: Header,
    grid: _Grid,
    cells: list[list[Word]],
    band: Band,
    marks: tuple[MonthMark, ...],
    anchored: list[str],
    starts: list[bool],
    h: float,
    right_edge: list[float],
    part: list[VLine],
    s: TableSettings,
) -> RawRow | None:
    """One band's row: a section heading, a plan row, or None (a header echo, an empty band)."""
    sub_col, ind_col = header.index("sub_kegiatan"), header.index("indikator")
    sub = cell_text(cells[sub_col], h, right_edge[sub_col]) if sub_col is not None else ""
    ind = cell_text(cells[ind_col], h, right_edge[ind_col]) if ind_col is not None else ""
    if is_header_echo(cells):
        return None
    bbox = BBox(grid.bounds[0], band[0], grid.bounds[-1], band[1])
    words = [w for col in cells for w in col]
    # a scan's broken or faint rules would make plan rows look like headings: text pages only
    scanned = any(w.source == "ocr" for w in words)
    rules = grid.vlines or ([] if scanned else part)
    section = section_text(words, grid.bounds, rules, band, h, s) or lone_heading(
        cells, marks, header.index("area") is None, h
    )
    if section:
        return RawRow(page, bbox, "", section, "", "", "", ("",) * 12, section=True)
    if not (sub or ind or any(marks) or any(anchored)):
        return None
    month_set = {header.roles.index(m) for m in header.period_roles}
    confs = [cell_conf(col) for c, col in enumerate(cells) if c not in month_set]
    cell_confs = [conf for conf in confs if conf is not None]
    return RawRow(
        page=page,
        bbox=bbox,
        no=anchored[0],
        area=anchored[1],
        kegiatan=anchored[2],
        sub_kegiatan=sub,
        indikator=ind,
        marks=marks,
        starts_area=starts[1],
        starts_kegiatan=starts[2],
        grid_unit=header.unit,
        # the weakest text cell: one garbled cell is what a reviewer must see
        ocr_conf=round(min(cell_confs), 2) if cell_confs else None,
    )
