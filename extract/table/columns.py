"""Column boundaries of the action-plan table, from rules or from text alignment.

Given the header's column centres, each boundary between two neighbouring
columns is a vertical rule lying between their centres when the page has one;
otherwise, between two text columns, the widest vertical gap in the body text
between the two centres (words are assigned whole, by their centre, so any x
inside the gap gives the same cells); next to a month column, which holds
only a mark, half a month's width from the month's centre.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np

from rencana.extract.table.cells import MARKER_WORD
from rencana.extract.table.header import Header, is_period
from rencana.extract.table.settings import COLUMN_SLACK_PT, TableSettings
from rencana.extract.text.geometry import HLine, VLine
from rencana.schema.records import Word

MARKER_INDENT = 3.0  # an item's text starts within this many line heights right of its marker


def _strips(words: Sequence[Word], lo: float, hi: float) -> list[tuple[int, float, float]]:
    """The strips between ``lo`` and ``hi`` with how many words cross each (0: free)."""
    events = sorted(
        e for w in words if w.x1 > lo and w.x0 < hi for e in ((max(lo, w.x0), 1), (min(hi, w.x1), -1))
    )
    strips: list[tuple[int, float, float]] = []
    depth, x = 0, lo
    for pos, step in [*events, (hi, 0)]:
        if pos > x:
            strips.append((depth, x, pos))
        depth, x = depth + step, max(x, pos)
    return strips


def _marker_texts(words: Sequence[Word], lo: float, hi: float) -> list[tuple[float, float]]:
    """(right edge, where the text it opens starts) of each item marker ("1.", "a.") ending
    between ``lo`` and ``hi``: the next word on its line."""
    by_cy = sorted(words, key=lambda w: w.cy)
    cys = [w.cy for w in by_cy]
    out: list[tuple[float, float]] = []
    for m in words:
        if not lo <= m.x1 <= hi or not MARKER_WORD.match(m.text):
            continue
        half = 0.5 * (m.bottom - m.top)
        line = by_cy[bisect_left(cys, m.cy - half) : bisect_right(cys, m.cy + half)]
        # the text a marker opens follows it within an indent; a marker alone on its line in a
        # narrow column has the next column's first word after it (9100-048: the kegiatan's
        # "1." over its text, and the sub-kegiatan's own "1." beside it, kept the gutter between)
        reach = m.x1 + MARKER_INDENT * 2 * half
        after = [w.x0 for w in line if w is not m and m.x1 - 0.5 <= w.x0 <= reach]
        if after:
            out.append((m.x1, min(after)))
    return out


def _splits_markers(markers: Sequence[tuple[float, float]], a: float, b: float) -> bool:
    """Whether the strip (a, b) stands between item markers and the text each opens on its line
    (:func:`_marker_texts`): inside a cell (a hanging indent), not between two columns."""
    return sum(1 for end, text in markers if end <= a + 0.5 and text >= b - 0.5) >= 2


def _text_boundary(words: Sequence[Word], c_left: float, c_right: float, s: TableSettings) -> float:
    """Boundary between two text columns whose centres are ``c_left`` < ``c_right``: the widest
    strip that no word crosses, else the fewest (a heading merged across the table runs over every
    gutter), never one between item markers and their text (8900-029: the gutter right of the
    sub-kegiatan's hanging numbers, crossed by one heading only, gave them to the kegiatan)."""
    margin = s.gutter_margin * (c_right - c_left)
    lo, hi = c_left + margin, c_right - margin
    strips = [(d, a, b) for d, a, b in _strips(words, lo, hi) if b - a > s.min_gutter_pt]
    if not strips:
        return (c_left + c_right) / 2
    # the strip right of a column of item markers ("1." "2." before a hanging indent) is inside
    # a cell: the gutter is left of the markers
    markers = _marker_texts(words, 2 * lo - hi, hi)
    free = [(d, a, b) for d, a, b in strips if d == 0]
    # a free strip first (right of the markers only when no other is free: a narrow column's
    # text left of the range, 8900-031), else the least crossed one beside no markers
    kept = (
        [t for t in free if not _splits_markers(markers, t[1], t[2])]
        or free
        or [t for t in strips if not _splits_markers(markers, t[1], t[2])]
        or strips
    )
    # the gutter between two columns is the widest strip of the fewest words (cell padding on
    # both sides); a space that happens to line up across rows is narrower
    _, a, b = min(kept, key=lambda t: (t[0], -(t[2] - t[1])))
    return (a + b) / 2


def _inner_bounds(
    header: Header, tall: Sequence[VLine], body_words: Sequence[Word], half: float, s: TableSettings
) -> tuple[list[float], int]:
    """The boundary between each pair of neighbouring columns, and how many were rules."""
    c = header.centres
    bounds: list[float] = []
    ruled = 0
    for i in range(len(c) - 1):
        left_month, right_month = is_period(header.roles[i]), is_period(header.roles[i + 1])
        between = [v.x for v in tall if c[i] < v.x < c[i + 1]]
        if between:
            # a period column's edge stands half a period from its centre: of two rules between
            # a wide text column and the first month, the one there (753-008 p3: a copier's
            # streak down the indikator, nearer the midpoint, had become month 1's left edge)
            want = (c[i] + c[i + 1]) / 2
            if right_month != left_month:
                want = c[i + 1] - half if right_month else c[i] + half
            bounds.append(min(between, key=lambda x: abs(x - want)))
            ruled += 1
        elif left_month and right_month:
            bounds.append((c[i] + c[i + 1]) / 2)
        elif right_month:
            bounds.append(max(c[i + 1] - half, (c[i] + c[i + 1]) / 2))
        elif left_month:
            bounds.append(min(c[i] + half, (c[i] + c[i + 1]) / 2))
        else:
            bounds.append(_text_boundary(body_words, c[i], c[i + 1], s))
    return bounds, ruled


def _outer_bounds(
    header: Header,
    tall: Sequence[VLine],
    hlines: Sequence[HLine],
    body_words: Sequence[Word],
    first: float,
    half: float,
    slack: float = COLUMN_SLACK_PT,
) -> tuple[float, float]:
    """The table's left and right edges: outer rules, else the wide row rules, else the text.

    A last month column ends half a month past its centre (and ``slack``) however far a wide rule
    runs: on a phone photo whose sheet was not found, the sheet's own edge is a long line running
    past the table (714-002 p6: month 12 drawn 42 pt wide, its marks off its middle and dropped)."""
    c = header.centres
    left_rules = [v.x for v in tall if v.x < c[0]]
    right_rules = [v.x for v in tall if v.x > c[-1]]
    wide = [ln for ln in hlines if ln.x1 - ln.x0 > 0.5 * (c[-1] - c[0])]
    if left_rules:
        left = max(left_rules)
    elif wide:
        left = min(ln.x0 for ln in wide)
    else:
        left = min([header.left, *(w.x0 - 1 for w in body_words if w.cx < first)])
    if right_rules:
        right = min(right_rules)
    elif wide:
        right = max(ln.x1 for ln in wide)
        if is_period(header.roles[-1]):
            right = min(right, c[-1] + half + slack)
    else:
        right = c[-1] + half
    return left, right


def column_bounds(
    header: Header,
    vlines: Sequence[VLine],
    hlines: Sequence[HLine],
    body_words: Sequence[Word],
    body_top: float,
    body_bottom: float,
    settings: TableSettings | None = None,
) -> tuple[list[float], bool]:
    """Return the len(columns)+1 x-boundaries, and whether rules gave (nearly) all of them."""
    s = settings or TableSettings()
    c = header.centres
    months = [x for r, x in zip(header.roles, c, strict=True) if is_period(r)]
    half = (months[-1] - months[0]) / (2 * (len(months) - 1)) if len(months) > 1 else 10.0
    tall = _tall_rules(vlines, body_top, body_bottom, s)
    bounds, ruled = _inner_bounds(header, tall, body_words, half, s)
    first = bounds[0] if bounds else c[0] + half
    left, right = _outer_bounds(header, tall, hlines, body_words, first, half, s.column_slack_pt)
    return [left, *bounds, right], ruled >= len(c) - s.ruled_columns_missing


def _tall_rules(vlines: Sequence[VLine], top: float, bottom: float, s: TableSettings) -> list[VLine]:
    """Column rules: vertical rules covering enough of the body, counting together the pieces
    at one x (a full-width section row interrupts every inner column rule)."""
    height = max(1.0, bottom - top)
    by_x: list[list[VLine]] = []
    for v in sorted(vlines, key=lambda v: v.x):
        if by_x and abs(v.x - by_x[-1][-1].x) <= 1.5:
            by_x[-1].append(v)
        else:
            by_x.append([v])
    tall: list[VLine] = []
    for group in by_x:
        cover = sum(v.covers(top, bottom) for v in group)
        longest = max(v.bottom - v.top for v in group)
        if cover >= s.tall_rule_cover or longest >= s.tall_rule_height * height:
            tall.extend(group)
    return tall


OFFSET_MATCH_PT = 2.0  # a rule this close to a moved bound stands on it
MAP_SCALES = tuple(round(0.95 + 0.0025 * i, 4) for i in range(41))  # 0.95 .. 1.05


def column_of(x: float, bounds: Sequence[float], slack: float = COLUMN_SLACK_PT) -> int | None:
    """Index of the column holding ``x``, or None outside the table (by more than ``slack``)."""
    if x < bounds[0] - slack or x > bounds[-1] + slack:
        return None
    for i in range(len(bounds) - 1):
        if x < bounds[i + 1]:
            return i
    return len(bounds) - 2


def rules_on_bounds(
    vlines: Sequence[VLine],
    bounds: Sequence[float],
    top: float,
    bottom: float,
    tol: float = 3.0,
    share: float = 1.0,
) -> bool:
    """Whether every vertical rule standing inside the table between ``top`` and ``bottom`` lies
    on one of the column ``bounds``: a page that goes on with the same table, not another table
    whose columns fall elsewhere (a Tim RB list, a budget).

    ``share`` < 1 (scans: a page warped on its own shifts its rules, a streak adds one): that
    share of the rules on a bound.  Not that share of the bounds carrying a rule: a photocopy's
    faint rules are often not found at all."""
    inside = [v for v in vlines if v.covers(top, bottom) >= 0.5 and bounds[0] + tol < v.x < bounds[-1] - tol]
    on = [v for v in inside if min(abs(v.x - b) for b in bounds) <= tol]
    return len(on) >= share * len(inside)


def rule_map(
    vlines: Sequence[VLine], bounds: Sequence[float], top: float, bottom: float, most: float
) -> tuple[float, float]:
    """Where the column ``bounds`` of the page before stand on this page, as ``x -> a * x + b``:
    each photo of a decree is warped on its own, so a table running on to the next photo stands
    a few points aside and a few per cent wider or narrower.  The scale (within
    ``MAP_SCALES``) and shift (within ``most`` points) that put most of this page's rules on a
    bound (within 2 pt), refined by least squares over those; (1, 0) when no rule matches."""
    xs = np.array([v.x for v in vlines if v.covers(top, bottom) >= 0.5])
    bs = np.array(bounds, dtype=float)
    if not xs.size or not bs.size:
        return 1.0, 0.0
    best: tuple[int, float, float, float] = (0, 0.0, 1.0, 0.0)
    for a in MAP_SCALES:
        shifts = (xs[:, None] - a * bs[None, :]).ravel()
        shifts = shifts[np.abs(shifts) <= most]
        if not shifts.size:
            continue
        off = xs[None, :, None] - a * bs[None, None, :] - shifts[:, None, None]
        counts = (np.abs(off) <= OFFSET_MATCH_PT).sum(axis=(1, 2))
        i = int(np.argmax(counts - 1e-3 * np.abs(shifts)))  # the smaller shift on a tie
        key = (int(counts[i]), -abs(a - 1.0), a, float(shifts[i]))
        if key[:2] > (best[0], -abs(best[2] - 1.0)):
            best = (key[0], 0.0, a, key[3])
    n, _, a, b = best
    if n < 2:
        return 1.0, 0.0
    pairs = [(bnd, x) for x in xs for bnd in bs if abs(x - a * bnd - b) <= OFFSET_MATCH_PT]
    u = np.array([p[0] for p in pairs])
    v = np.array([p[1] for p in pairs])
    if np.ptp(u) > 0:
        fa, fb = np.polyfit(u, v, 1)
        return float(fa), float(fb)
    return a, float(np.median(v - a * u))


FRAME_RULE_SHARE = 0.9  # a rule this share of the widest one runs across the whole table
FRAME_MIN_RULES = 2


def _frame(hlines: Sequence[HLine]) -> tuple[float, float] | None:
    """The table's left and right edges on a page: the median ends of the rules drawn across it
    all (a section row's or a merged cell's shorter rule does not count); None without two."""
    widest = max((ln.x1 - ln.x0 for ln in hlines), default=0.0)
    full = [ln for ln in hlines if ln.x1 - ln.x0 >= FRAME_RULE_SHARE * widest]
    if widest <= 0 or len(full) < FRAME_MIN_RULES:
        return None
    return float(np.median([ln.x0 for ln in full])), float(np.median([ln.x1 for ln in full]))


def frame_map(before: Sequence[HLine], here: Sequence[HLine]) -> tuple[float, float] | None:
    """Where the table of the page before stands on this page, as ``x -> a * x + b``, from the
    ends of the rules drawn across it on both pages: a photographed table with horizontal rules
    only gives :func:`rule_map` nothing to match, and the next photo, warped on its own, had it
    a few per cent wider (714-009 p7: 730 → 747 pt, every mark right of June a month late).
    None when a page has no such rules or the scale is beyond ``MAP_SCALES``."""
    old, new = _frame(before), _frame(here)
    if old is None or new is None or old[1] - old[0] <= 0:
        return None
    a = (new[1] - new[0]) / (old[1] - old[0])
    if not MAP_SCALES[0] <= a <= MAP_SCALES[-1]:
        return None
    return a, new[0] - a * old[0]
