"""Every kind of month mark, decided for one month cell from the page's primitives.

In order: a mark glyph (V, √, X, •, …), a fill covering the cell (shading; a spreadsheet's
Gantt bar is one fill over several months), or ink (a blob the OCR backend found in pixels
and did not read as a word).  The pixels themselves are searched in
:mod:`rencana.extract.ocr.ink`, which turns them into the same ``Fill`` primitives the text
layer gives; this module only decides what a cell holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from rencana.extract.table.index import spans_of
from rencana.extract.table.settings import TableSettings
from rencana.schema.records import Fill, MonthMark, PageContent, Word

GLYPHS: dict[str, MonthMark] = {
    "V": "V",
    "v": "v",
    "√": "√",
    "✓": "✓",
    "✔": "✓",
    "X": "X",
    "x": "X",
    "1": "1",
    "●": "•",
    "•": "•",
    "■": "•",
    "◆": "•",
    "*": "•",
    "⬤": "•",
}

Cell = tuple[float, float, float, float]
"""x0, top, x1, bottom of one month cell."""


def glyph_mark(words: Sequence[Word], cell: Cell, s: TableSettings) -> MonthMark:
    """A mark glyph among the cell's words.

    An OCR word far wider than the cell is Tesseract running several cells' marks
    together: its text says nothing about this cell, the pixels do.
    """
    x0, _, x1, _ = cell
    for w in words:
        mark = GLYPHS.get(w.text.strip(" .,;:'\"()"))
        if mark and (w.source == "text" or w.x1 - w.x0 <= s.ocr_mark_width * (x1 - x0)):
            return mark
    return ""


def fill_mark(
    fills: Sequence[Fill], cell: Cell, months_span: tuple[float, float], s: TableSettings
) -> MonthMark:
    """``shade`` when a fill covers most of the cell and stays inside the month columns.

    One fill may run over several months (a Gantt bar drawn as one rectangle by a
    spreadsheet), but a fill reaching into the text columns is row or header shading,
    not a plan.
    """
    x0, top, x1, bottom = cell
    area = max(1e-6, (x1 - x0) * (bottom - top))
    lo, hi = months_span[0] - s.fill_slack_pt, months_span[1] + s.fill_slack_pt
    # only fills reaching into the row can cover the cell or run through it as a bar (issue 14)
    for f in spans_of(fills).across(top, bottom):
        if f.gray > s.shade_max_gray or f.x0 < lo or f.x1 > hi:
            continue
        ov_x = max(0.0, min(f.x1, x1) - max(f.x0, x0))
        ov = ov_x * max(0.0, min(f.bottom, bottom) - max(f.top, top))
        if ov / area >= s.shade_cover or _bar(f, cell, ov_x, s):
            return "shade"
    return ""


def _bar(f: Fill, cell: Cell, ov_x: float, s: TableSettings) -> bool:
    """A Gantt bar through the cell: thicker than a rule, across most of the cell's width,
    drawn inside the row (a rule drawn as a thin fill lies on the row's edge)."""
    x0, top, x1, bottom = cell
    cy = (f.top + f.bottom) / 2
    inside = top + s.bar_edge_pt < cy < bottom - s.bar_edge_pt and f.top >= top - 1 and f.bottom <= bottom + 1
    return inside and f.bottom - f.top >= s.bar_min_pt and ov_x >= s.bar_cover * (x1 - x0)


def ink_mark(ink: Sequence[Fill], cell: Cell) -> MonthMark:
    """``ink`` when an ink blob's centre lies in the cell (scans only)."""
    x0, top, x1, bottom = cell
    for f in ink:
        if x0 <= (f.x0 + f.x1) / 2 <= x1 and top <= (f.top + f.bottom) / 2 <= bottom:
            return "ink"
    return ""


def month_mark(
    words: Sequence[Word],
    content: PageContent,
    cell: Cell,
    months_span: tuple[float, float],
    settings: TableSettings | None = None,
) -> MonthMark:
    """The mark in one month cell: a mark glyph, shading, or (scans) a blob of ink."""
    s = settings or TableSettings()
    return (
        glyph_mark(words, cell, s)
        or fill_mark(content.fills, cell, months_span, s)
        or ink_mark(content.ink, cell)
    )
