"""Every kind of month mark, decided for one month cell from the page's primitives.

In order: a mark glyph (V, √, X, •, …), a fill covering the cell (shading; a spreadsheet's
Gantt bar is one fill over several months), or ink (a blob the OCR backend found in pixels
and did not read as a word).  The pixels themselves are searched in
:mod:`rencana.extract.ocr.ink`, which turns them into the same ``Fill`` primitives the text
layer gives; this module only decides what a cell holds.

On a page read from pixels a blob or a fill is also judged against the page's other marks
(:class:`MarkProfile`, issue 10): a plan's marks are drawn inside their cells and repeat one
shape and one grey over the page, while a stamp over the table crosses the column rules, a
copier's streak is a sliver, and a blotch of a photocopy's mottled grey that joins a shaded
cell reaches only part way into the next one, at another grey.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

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
Place = tuple[float, float]
"""Where a page's marks sit across their cells (:func:`_offset`) as it drifts down the page: the
offset at y = 0 and its change per point of y (:func:`_place`)."""


def glyph_mark(
    words: Sequence[Word], cell: Cell, s: TableSettings, profile: MarkProfile | None = None
) -> MonthMark:
    """A mark glyph among the cell's words.

    An OCR word far wider than the cell is Tesseract running several cells' marks
    together: its text says nothing about this cell, the pixels do; one centred on the cell's
    column rule is a piece of the rule read as a glyph.  On a scanned page whose
    glyphs sit at one place in their cells (``profile.glyph_offset``), a glyph elsewhere in its
    cell is a stamp's letter or digit read as a mark ("1", "x" off the cell's middle); so is one
    off the height at which they sit in their rows (``profile.glyph_rise``).
    """
    x0, _, x1, _ = cell
    offset = profile.glyph_offset if profile is not None else None
    rise = _rise_at(cell, profile.glyph_rise, profile) if profile is not None else None
    for w in words:
        mark = GLYPHS.get(w.text.strip(" .,;:'\"()"))
        if not mark:
            continue
        if w.source == "text":
            return mark
        if min(w.cx - x0, x1 - w.cx) < s.mark_clear_pt:
            continue  # standing on a column rule: a piece of the rule read as "1" or "l" (726-010 p7)
        placed = (offset is None or _at(w, cell, offset, s)) and _level(w, cell, rise, s)
        if w.x1 - w.x0 <= s.ocr_mark_width * (x1 - x0) and placed:
            return mark
    return ""


@dataclass(frozen=True, slots=True)
class MarkProfile:
    """What the marks of one page read from pixels look like (``scanned`` False: a text layer's
    page, where the primitives are drawn exactly and none of this is asked)."""

    scanned: bool = False
    fill_gray: float | None = None  # median grey of the fills that mark month cells
    full_bands: frozenset[tuple[float, float]] = frozenset()  # (top, bottom) of bands inked in every month
    ink_shape: tuple[float, float, float, Place] | None = (
        None  # the usual ink mark: width, height, grey, place
    )
    glyph_offset: Place | None = None  # where the page's OCR mark glyphs sit in their cells (see _place)
    ink_rise: tuple[bool, float] | None = None  # where the usual ink mark sits in its row (see _one_height)
    glyph_rise: tuple[bool, float] | None = None  # ... and the page's OCR mark glyphs
    edge_bands: frozenset[tuple[float, float]] = frozenset()  # the first and last bands (see _rise_at)


NO_PROFILE = MarkProfile()
_Box = TypeVar("_Box", Fill, Word)
PROFILE_MIN_MARKS = 3  # a page's usual mark is taken from at least this many marks
DRIFT_SPAN_PT = 30.0  # marks this far apart down the page measure how their place drifts ...
DRIFT_SAMPLE = 60  # marks whose pairs give the slope (a page of many marks: every k-th)
DRIFT_FIT_PT = 1.5  # a mark this near the line (or the median offset) is on it
MAX_DRIFT = 0.1  # ... by at most this many points across per point down (a shear of 6 degrees)
MARK_SHRINK = 0.75  # a blob smaller than this share of the usual mark on both sides is no mark
RISE_AGREE = 0.8  # the share of the usual marks that must sit at one height in their rows
FULL_BAND = 10  # a band with ink in this many month cells is left as read (header residue: see below)


def mark_profile(
    content: PageContent,
    cells: Sequence[Cell],
    months_span: tuple[float, float],
    settings: TableSettings | None = None,
) -> MarkProfile:
    """The usual marking fill of a scanned page's month ``cells`` (the median grey of the fills that
    would mark a cell), and the bands with ink in (nearly) every month cell: the header's column
    numbers read as a row, which :mod:`rencana.extract.unreadable` drops as header residue when
    it has every mark it read (the numbers 10-12 are wide enough to touch the rules)."""
    s = settings or TableSettings()
    if not content.ocr_read:
        return NO_PROFILE
    grays = [f.gray for c in cells for f in _covering(content.fills, c, months_span, s)]
    inked: dict[tuple[float, float], int] = {}
    for c in cells:
        # a mark-shaped blob: a streak cut by the column rules into a sliver per cell is no row
        if any(_like(f, s) for f in _centred(content.ink, c)):
            inked[c[1], c[3]] = inked.get((c[1], c[3]), 0) + 1
    full = frozenset(band for band, n in inked.items() if n >= FULL_BAND)
    fill_gray = statistics.median(grays) if len(grays) >= PROFILE_MIN_MARKS else None
    shape = _ink_shape(content.ink, cells, s)
    seen = _glyphs(content.words, cells)
    glyphs = _glyph_offset(seen, s)
    rises = (_ink_rise(content.ink, cells, shape, s), _one_height(seen, s))
    bands = sorted({(c[1], c[3]) for c in cells})
    edges = frozenset(bands[:1] + bands[-1:])
    return MarkProfile(True, fill_gray, full, shape, glyphs, *rises, edges)


def _ink_shape(
    ink: Sequence[Fill], cells: Sequence[Cell], s: TableSettings
) -> tuple[float, float, float, Place] | None:
    """The page's usual ink mark (median width, height, grey and place in the cell of the
    mark-shaped blobs in month cells), when at least ``PROFILE_MIN_MARKS`` blobs are of it.

    A plan's marks are one glyph drawn the same way at the same place in every cell they mark;
    the pieces of a stamp or of its text that fall inside single cells come in every size,
    anywhere in the cell.
    """
    seen = [(f, c) for c in cells for f in _centred(ink, c) if _like(f, s)]
    if len(seen) < PROFILE_MIN_MARKS:
        return None
    shape = (
        statistics.median(f.x1 - f.x0 for f, _ in seen),
        statistics.median(f.bottom - f.top for f, _ in seen),
        statistics.median(f.gray for f, _ in seen),
        _place([((f.top + f.bottom) / 2, _offset(f, c)) for f, c in seen]),
    )
    return shape if sum(_usual(f, c, shape, s) for f, c in seen) >= PROFILE_MIN_MARKS else None


def _ink_rise(
    ink: Sequence[Fill],
    cells: Sequence[Cell],
    shape: tuple[float, float, float, Place] | None,
    s: TableSettings,
) -> tuple[bool, float] | None:
    """Where the page's usual ink marks sit in their rows (:func:`_one_height`)."""
    if shape is None:
        return None
    return _one_height(
        [(f, c) for c in cells for f in _centred(ink, c) if _like(f, s) and _usual(f, c, shape, s)], s
    )


def _one_height(seen: Sequence[tuple[Fill | Word, Cell]], s: TableSettings) -> tuple[bool, float] | None:
    """Where the page's marks ``seen`` (each with its cell) sit in their rows: (True: from the row's
    middle, False: from its top; the height of the mark's centre there), when nearly all of them
    (``RISE_AGREE``) sit at one height.

    A plan aligns its marks to the top of the row or to its middle, the same in every row; a
    desk's speck or a shadow's dot on a phone photo, of the mark's size, and a stamp's digit read
    as a mark lie anywhere in the row (754-006 p4, 754-001 p6: a speck 16-22 pt down a row whose
    marks stand 6 pt from its top; 754-009 p4: a stamp's "1" 13 pt under the row's marks).
    """
    if len(seen) < PROFILE_MIN_MARKS:
        return None

    def agreeing(middle: bool) -> tuple[int, bool, float]:  # marks at the median height, and it
        rises = [_rise(f, c, middle) for f, c in seen]
        mid = statistics.median(rises)
        return sum(abs(r - mid) <= s.mark_centre_pt for r in rises), middle, mid

    n, middle, mid = max((agreeing(False), agreeing(True)), key=lambda t: t[0])  # a tie: the top
    return (middle, mid) if n >= max(PROFILE_MIN_MARKS, RISE_AGREE * len(seen)) else None


def _rise(f: Fill | Word, cell: Cell, middle: bool) -> float:
    """How far down ``f``'s centre lies from its row's top (or, ``middle``, from its middle)."""
    top, bottom = cell[1], cell[3]
    return (f.top + f.bottom) / 2 - ((top + bottom) / 2 if middle else top)


def _rise_at(cell: Cell, rise: tuple[bool, float] | None, profile: MarkProfile) -> tuple[bool, float] | None:
    """``rise`` where the cell's row is whole on the page; None in the table's first and last
    bands, which may be part of a row split by the page break (its marks in the middle of the
    whole row, not of the part: clean scan 17-004 p3, the last row's marks lost)."""
    return None if (cell[1], cell[3]) in profile.edge_bands else rise


def _level(f: Fill | Word, cell: Cell, rise: tuple[bool, float] | None, s: TableSettings) -> bool:
    """Whether ``f`` sits at the height ``rise`` of the page's marks in their rows, if they share one."""
    return rise is None or abs(_rise(f, cell, rise[0]) - rise[1]) <= 2 * s.mark_centre_pt


def _glyphs(words: Sequence[Word], cells: Sequence[Cell]) -> list[tuple[Word, Cell]]:
    """The mark glyphs OCR read in month cells, no wider than their cell, each with its cell."""
    return [
        (w, c)
        for c in cells
        for w in _centred(words, c)
        if w.source == "ocr" and GLYPHS.get(w.text.strip(" .,;:'\"()")) and w.x1 - w.x0 <= c[2] - c[0]
    ]


def _glyph_offset(seen: Sequence[tuple[Word, Cell]], s: TableSettings) -> Place | None:
    """Where the mark glyphs OCR read in month cells (:func:`_glyphs`) sit (:func:`_place`), when
    at least ``PROFILE_MIN_MARKS`` of them sit there."""
    if len(seen) < PROFILE_MIN_MARKS:
        return None
    place = _place([(w.cy, _offset(w, c)) for w, c in seen])
    return place if sum(_at(w, c, place, s) for w, c in seen) >= PROFILE_MIN_MARKS else None


def _place(seen: Sequence[tuple[float, float]]) -> Place:
    """The line through the marks' (y, offset) pairs (Theil-Sen: the median of the slopes between
    marks ``DRIFT_SPAN_PT`` or more apart down the page, then the median intercept).  A phone
    photo flattened with a little shear left moves every mark across its cell as the page goes
    down: 1 pt left of its usual place at the table's top, 10 pt at its foot (732-003 p5, where
    the marks of the last three rows were no longer at the page's usual place, all lost).  The
    line is taken only when more marks lie near it than near their median offset."""
    step = -(-len(seen) // DRIFT_SAMPLE)  # every mark of a page of a few dozen; a sample of more
    slopes = [
        (o2 - o1) / (y2 - y1)
        for (y1, o1), (y2, o2) in itertools.combinations(seen[::step], 2)
        if abs(y2 - y1) >= DRIFT_SPAN_PT
    ]
    slope = max(-MAX_DRIFT, min(MAX_DRIFT, statistics.median(slopes))) if slopes else 0.0
    line = (statistics.median(o - slope * y for y, o in seen), slope)
    flat = (statistics.median(o for _, o in seen), 0.0)

    def near(p: Place) -> int:  # the marks within half the usual tolerance of ``p``
        return sum(abs(o - p[0] - p[1] * y) <= DRIFT_FIT_PT for y, o in seen)

    return line if near(line) > near(flat) else flat


def _offset(f: Fill | Word, cell: Cell) -> float:
    """How much more room ``f`` leaves on its left than on its right in ``cell`` (0: centred)."""
    return (f.x0 - cell[0]) - (cell[2] - f.x1)


def _at(f: Fill | Word, cell: Cell, place: Place, s: TableSettings) -> bool:
    """Whether ``f`` sits where the page's marks sit in their cells at its height, within
    ``mark_centre_pt``."""
    expected = place[0] + place[1] * (f.top + f.bottom) / 2
    return abs(_offset(f, cell) - expected) <= 2 * s.mark_centre_pt


def _usual(f: Fill, cell: Cell, shape: tuple[float, float, float, Place], s: TableSettings) -> bool:
    """Whether ``f`` is the page's usual mark ``shape``: width, height, ink density and place.

    A stamp's letters are denser than a plan's marks; a mark a copier's light streak crosses is
    lighter, so lighter is allowed further.  A blob smaller on both sides than ``MARK_SHRINK`` of
    the usual mark is a speck (a phone photo's, 3.6 pt across where marks are 5.5: 754-001 p6),
    however near the usual mark's size ``mark_size_spread`` lets each side be."""
    w, h, gray, offset = shape
    k = s.mark_size_spread
    return (
        max((f.x1 - f.x0) / w, (f.bottom - f.top) / h) >= MARK_SHRINK
        and abs((f.x1 - f.x0) - w) <= k * w
        and abs((f.bottom - f.top) - h) <= k * h
        and -s.mark_ink_spread <= f.gray - gray <= 2 * s.mark_ink_spread
        and _at(f, cell, offset, s)
    )


def _centred(boxes: Sequence[_Box], cell: Cell) -> list[_Box]:
    """The boxes whose centre lies in ``cell``."""
    x0, top, x1, bottom = cell
    return [f for f in boxes if x0 <= (f.x0 + f.x1) / 2 <= x1 and top <= (f.top + f.bottom) / 2 <= bottom]


def _clear(f: Fill | Word, cell: Cell, s: TableSettings) -> bool:
    """Drawn inside the cell, clear of its column rules (``mark_clear_pt``), or filling it."""
    x0, _, x1, _ = cell
    return min(f.x0 - x0, x1 - f.x1) >= s.mark_clear_pt or _filled(f, cell, s)


def _filled(f: Fill | Word, cell: Cell, s: TableSettings) -> bool:
    """An ink blob dense enough (``mark_filled``) over most of the cell's width: a filled cell."""
    x0, _, x1, _ = cell
    return isinstance(f, Fill) and 1.0 - f.gray >= s.mark_filled and f.x1 - f.x0 >= s.bar_cover * (x1 - x0)


def _like(f: Fill, s: TableSettings) -> bool:
    """Shaped like a mark, not a sliver: at least ``mark_min_side_pt`` across and no more than
    ``1 / mark_min_aspect`` times as long as it is wide (a copier's streak, a rule's broken end,
    a stamp's arc cut by the rules)."""
    lo, hi = sorted((f.x1 - f.x0, f.bottom - f.top))
    return lo >= s.mark_min_side_pt and lo >= s.mark_min_aspect * hi


def _covering(
    fills: Sequence[Fill], cell: Cell, months_span: tuple[float, float], s: TableSettings
) -> list[Fill]:
    """The fills that shade ``cell``: covering most of it (or a bar through it), inside the
    month columns."""
    x0, top, x1, bottom = cell
    area = max(1e-6, (x1 - x0) * (bottom - top))
    lo, hi = months_span[0] - s.fill_slack_pt, months_span[1] + s.fill_slack_pt
    out: list[Fill] = []
    # only fills reaching into the row can cover the cell or run through it as a bar (issue 14)
    for f in spans_of(fills).across(top, bottom):
        if f.gray > s.shade_max_gray:
            continue
        # a bar or a fill may run a little past the grid's edge, where the column's bound is a
        # guess between centres or the fill was drawn by hand (9100-039: every bar ending in the
        # second semester ran 4-5 pt into Unit Kerja and was lost); a shading reaching across a
        # text column is the row's
        if max(lo - f.x0, f.x1 - hi) > s.fill_overhang * (x1 - x0):
            continue
        ov_x = max(0.0, min(f.x1, x1) - max(f.x0, x0))
        ov = ov_x * max(0.0, min(f.bottom, bottom) - max(f.top, top))
        if ov / area >= s.shade_cover or _bar(f, cell, ov_x, s):
            out.append(f)
    return out


def fill_mark(
    fills: Sequence[Fill],
    cell: Cell,
    months_span: tuple[float, float],
    s: TableSettings,
    profile: MarkProfile = NO_PROFILE,
) -> MonthMark:
    """``shade`` when a fill covers most of the cell and stays inside the month columns.

    One fill may run over several months (a Gantt bar drawn as one rectangle by a
    spreadsheet), but a fill reaching into the text columns is row or header shading,
    not a plan.  On a scanned page the fill must also cover the cell's middle and be of the
    page's marking grey (``profile``).
    """
    covering = _covering(fills, cell, months_span, s)
    if not profile.scanned or not covering:
        return "shade" if covering else ""
    x0, _, x1, _ = cell
    mid, half = (x0 + x1) / 2, s.fill_middle * (x1 - x0)
    # a fill inside the cell is its own shading (a streak across it may have cut off a side); one
    # reaching in from a neighbour must cover the middle, judged on all the fills of the cell's row
    # (a copier's light streak may cut one shaded cell into two fills)
    inside = [f for f in covering if f.x0 >= x0 - s.fill_slack_pt and f.x1 <= x1 + s.fill_slack_pt]
    row = [*covering, *(f for f in fills if f.x1 > x0 and f.x0 < x1 and any(_beside(f, c) for c in covering))]
    if inside:
        covering = inside
    elif min(f.x0 for f in row) > mid - half or max(f.x1 for f in row) < mid + half:
        return ""
    gray = profile.fill_gray
    return "shade" if gray is None or any(abs(f.gray - gray) <= s.fill_gray_spread for f in covering) else ""


def _beside(f: Fill, g: Fill) -> bool:
    """Whether ``f`` lies beside ``g`` in one row: overlapping most of the shorter one's height."""
    return min(f.bottom, g.bottom) - max(f.top, g.top) >= 0.5 * min(f.bottom - f.top, g.bottom - g.top)


def _bar(f: Fill, cell: Cell, ov_x: float, s: TableSettings) -> bool:
    """A Gantt bar through the cell: thicker than a rule, across most of the cell's width,
    drawn inside the row (a rule drawn as a thin fill lies on the row's edge)."""
    x0, top, x1, bottom = cell
    cy = (f.top + f.bottom) / 2
    inside = top + s.bar_edge_pt < cy < bottom - s.bar_edge_pt and f.top >= top - 1 and f.bottom <= bottom + 1
    return inside and f.bottom - f.top >= s.bar_min_pt and ov_x >= s.bar_cover * (x1 - x0)


def ink_mark(
    ink: Sequence[Fill], cell: Cell, profile: MarkProfile = NO_PROFILE, settings: TableSettings | None = None
) -> MonthMark:
    """``ink`` when an ink blob's centre lies in the cell (scans only); on a scanned page
    (``profile``) drawn clear of the cell's column rules and shaped like a mark."""
    s = settings or TableSettings()
    full = (cell[1], cell[3]) in profile.full_bands
    shape = profile.ink_shape
    for f in _centred(ink, cell):
        if not profile.scanned or full:
            return "ink"
        # a page with a usual mark: a blob of another shape, or elsewhere in its cell, is not one
        usual = _filled(f, cell, s) or (
            _usual(f, cell, shape, s)
            and _level(f, cell, _rise_at(cell, profile.ink_rise, profile), s)
            and not _shaded_page(profile)
            if shape
            else _placed(f, cell, profile, s)
        )
        if _clear(f, cell, s) and _like(f, s) and usual:
            return "ink"
    return ""


def _shaded_page(profile: MarkProfile) -> bool:
    """A page marked by shading, without mark glyphs: its small blobs are specks, however many of
    one size (726-007 p4: specks 3.6 x 4.7 pt made the page's "usual ink mark")."""
    return profile.fill_gray is not None and profile.glyph_offset is None


def _placed(f: Fill, cell: Cell, profile: MarkProfile, s: TableSettings) -> bool:
    """A blob on a scanned page without a usual ink mark: where the page's glyphs sit in their
    cells (the cell's middle when it has none either) and no wider than ``mark_max_width`` of the
    cell (a stamp's ring cut by the rules leaves wide arcs in the middle of a cell).  A page
    marked by shading, without mark glyphs, has no small marks (:func:`_shaded_page`): a blob
    there is a speck of the desk or of the photo's noise (752-001 p7: a speck 3.6 pt across)."""
    if _shaded_page(profile):
        return False
    offset = profile.glyph_offset if profile.glyph_offset is not None else (0.0, 0.0)
    return _at(f, cell, offset, s) and f.x1 - f.x0 <= s.mark_max_width * (cell[2] - cell[0])


def month_mark(
    words: Sequence[Word],
    content: PageContent,
    cell: Cell,
    months_span: tuple[float, float],
    settings: TableSettings | None = None,
    profile: MarkProfile = NO_PROFILE,
) -> MonthMark:
    """The mark in one month cell: a mark glyph, shading, or (scans) a blob of ink; ``profile``
    (:func:`mark_profile`) holds a scanned page's marks to the page's usual mark."""
    s = settings or TableSettings()
    return (
        glyph_mark(words, cell, s, profile)
        or fill_mark(content.fills, cell, months_span, s, profile)
        or ink_mark(content.ink, cell, profile, s)
    )
