"""Find the action-plan table's header on a page by its labels, not by position.

The header is ``No | AREA PERUBAHAN | KEGIATAN | SUB KEGIATAN | INDIKATOR
KEBERHASILAN | PELAKSANAAN (BULAN)`` with the month numbers 1..12 (or month
names) under PELAKSANAAN, often followed by a row of column numbers 1..17.
Labels are matched fuzzily (:mod:`rencana.extract.table.labels`) and
located by their geometry; the result gives the x-centre of each of the 17
columns, which :mod:`rencana.extract.table.columns` turns into boundaries.
"""

from __future__ import annotations

import functools
import itertools
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rencana.extract.table.body_roles import adopt_area, adopt_leaf_columns
from rencana.extract.table.labels import (
    Found,
    find_labels,
    group_text,
    is_label_word,
    norm,
    score,
    word_score,
)
from rencana.extract.table.lattice_months import lattice_months
from rencana.extract.table.leaf_roles import choose_leaves, label_points
from rencana.extract.table.settings import TableSettings
from rencana.extract.table.shape_header import columns_by_shape
from rencana.extract.table.stacked import join_stacked
from rencana.extract.table.timegrid import (
    TimeGrid,
    Unit,
    month_line,
    period_line,
    rejoin_broken_labels,
    shaped_grid,
)
from rencana.extract.text.geometry import HLine, VLine, cluster
from rencana.extract.text.lines import line_height
from rencana.schema.numbering import number_value
from rencana.schema.records import Word

TEXT_COLUMNS = ("no", "area", "kegiatan", "sub_kegiatan", "indikator")
REPRINT_SHARE = 0.8  # a header printed again: this share of the fewer words at the same places
REPRINT_SOME = 0.6  # ... and this share of the first page's (a merged cell's text may stand in either)
FULL_WIDTH = 0.95  # a rule over this share of the header's width ends it above (a title row)


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header sits and the x-centre of each column it names, left to right.

    ``roles`` names each column: ``no``, ``area``, ``kegiatan``, ``sub_kegiatan``,
    ``indikator``, ``m1`` … ``m12``, or ``extra`` for a column rencana does not
    read (Penanggung Jawab, Keterangan, …) but must keep apart from the others.
    A decree without a No column simply has no ``no`` role.
    """

    top: float
    bottom: float  # lowest header element (month numbers or column-number row)
    left: float
    right: float
    roles: tuple[str, ...]
    centres: tuple[float, ...]
    month_centres_found: int  # how many month positions were read (the rest interpolated)
    column_number_row: bool
    label_score: float  # 0..1, how well the labels matched
    unit: Unit = "month"  # the time grid: 12 months, 4 quarters or 2 semesters
    missing: tuple[str, ...] = ()  # known text columns no header cell named
    positional: tuple[str, ...] = ()  # "role=LABEL" of columns mapped by order and body, not label
    uncertain: str = ""  # two assignments of the leaf columns that score alike (issue 11)
    leaves_decided: bool = False  # the body and the labels gave one assignment of the leaf columns
    leaves_confirmed: bool = False  # ... chosen over others possible (not by order alone)

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    @property
    def period_roles(self) -> tuple[str, ...]:
        return PERIOD_ROLES[self.unit]


MONTH_ROLES = tuple(f"m{k}" for k in range(1, 13))
PERIOD_ROLES: dict[Unit, tuple[str, ...]] = {
    "month": MONTH_ROLES,
    "quarter": tuple(f"q{k}" for k in range(1, 5)),
    "semester": ("s1", "s2"),
}
LEAF_COLUMNS = ("kegiatan", "sub_kegiatan", "indikator")


def is_period(role: str) -> bool:
    """A time-grid column's role (m1…m12, q1…q4, s1, s2)."""
    return role[:1] in "mqs" and role[1:].isdigit()


_CORE = ("area", "kegiatan", "sub_kegiatan", "indikator", "pelaksanaan")


def _as_number(text: str, roman: bool) -> int | None:
    """'7', '7.' -> 7; with ``roman`` also the month numerals I..XII."""
    return number_value(text, roman, maximum=12)


def _number_line(
    words: Sequence[Word],
    wanted: int,
    band: tuple[float, float],
    h: float,
    s: TableSettings,
    roman: bool = False,
) -> list[Word]:
    """The line in ``band`` (top, bottom) holding the longest increasing run 1..wanted of numbers
    (or I..XII)."""
    top, bottom = band
    nums = [w for w in words if top <= w.cy <= bottom and _as_number(w.text, roman) is not None]
    best: list[Word] = []
    for group in cluster((w.cy for w in nums), s.number_line * h):
        line = sorted((w for w in nums if group[0] <= w.cy <= group[-1]), key=lambda w: w.x0)
        run: list[Word] = []
        last = 0
        for w in line:
            n = _as_number(w.text, roman) or 0
            if last < n <= wanted:
                run.append(w)
                last = n
        if len(run) > len(best):
            best = run
    return best


def _fit(points: dict[int, float], n: int) -> list[float]:
    """Fill missing positions 1..n linearly from the ones found (least squares)."""
    ks = sorted(points)
    if len(ks) == 1:
        return [points[ks[0]]] * n
    mk = sum(ks) / len(ks)
    mx = sum(points[k] for k in ks) / len(ks)
    slope = sum((k - mk) * (points[k] - mx) for k in ks) / sum((k - mk) ** 2 for k in ks)
    return [points.get(k, mx + slope * (k - mk)) for k in range(1, n + 1)]


_ANCHORS = ("INDIKATOR", "PELAKSANAAN", "KEGIATAN")
MIN_EVEN_MONTHS = 6  # month positions read that must remain when misread ones are left out


@functools.lru_cache(maxsize=65536)
def anchor_score(text: str) -> float:
    """How well a word reads as an anchor label, kept per word (every word of every page is asked)."""
    return max(score(text, a) for a in _ANCHORS)


MAX_ANCHOR_LINES = 8


def _anchor_lines(words: Sequence[Word], h: float, s: TableSettings) -> list[Word]:
    """One anchor word per line that may hold header labels, top to bottom."""
    anchors = [w for w in words if anchor_score(w.text) >= s.label_min_score]
    out: list[Word] = []
    for w in sorted(anchors, key=lambda w: w.top):
        if not out or abs(w.cy - out[-1].cy) > 0.5 * h:
            out.append(w)
    return out[:MAX_ANCHOR_LINES]


def find_header(
    words: Sequence[Word], hlines: Sequence[HLine] = (), settings: TableSettings | None = None
) -> Header | None:
    """Locate the action-plan header among a page's words, or ``None``.

    ``hlines`` (the page's horizontal rules) keep a header cell from swallowing
    the line of text above the table.
    """
    found_header, _ = locate_header(words, hlines, settings)
    return found_header


def locate_header(
    words: Sequence[Word],
    hlines: Sequence[HLine] = (),
    settings: TableSettings | None = None,
    vlines: Sequence[VLine] = (),
) -> tuple[Header | None, str]:
    """The header, or None and what was missing when labels name a plan table without a time grid.

    ``vlines`` (the page's vertical rules) give a scan's month grid when its digits are misread."""
    if not words:
        return None, ""
    s = settings or TableSettings()
    h = line_height(words, s.min_line_height, s.default_line_height)
    printed = rejoin_broken_labels(words, h)
    # a label broken letter by letter read as its words; the body is read as printed
    words = join_stacked(printed, s, hlines)
    unmapped = ""
    for anchor in _anchor_lines(words, h, s):
        band_top, band_bottom = anchor.top - s.header_band * h, anchor.bottom + s.header_band * h
        whole = [w for w in words if band_top <= w.cy <= band_bottom]
        band = [w for w in whole if not w.text.strip(".()").isdigit()]
        # a time label, or the time grid itself when the label over it is not one rencana knows
        # ("JADWAL" over 1…12, "TAHUN 2023" over TW 1…TW 4): month names, or a grid by its shape
        grid = month_line(band, h, s) or shaped_grid(whole, h, s)
        if grid is not None:
            # the periods are the header's lowest tier: words under them are the body's (a
            # "Kegiatan" in the first row's Satuan cell names no column)
            band = [w for w in band if w.cy <= grid.bottom + 0.3 * h]
        found, unknown = find_labels(band, h, hlines, s, vlines)
        text_keys = [k for k in ("area", *LEAF_COLUMNS) if k in found]
        timed = "pelaksanaan" in found or (len(text_keys) == 1 and grid is not None)
        if len(text_keys) + timed < 2 or not {"kegiatan", "sub_kegiatan"} & set(found):
            continue
        header = _build(words, hlines, found, unknown, anchor, h, s, vlines, printed)
        if header is not None:
            return header, ""
        unmapped = "no month or period columns under the header"
    shaped = columns_by_shape(printed, hlines, vlines, h, s)
    if shaped is not None:
        header = _build(printed, hlines, shaped.found, shaped.unknown, shaped.anchor, h, s, vlines)
        if header is not None:
            decided = header.leaves_confirmed
            mapped = [m for m in shaped.mapped if not (decided and m.split("=")[0] in LEAF_COLUMNS)]
            return replace(header, positional=(*mapped, *header.positional)), ""
    return None, unmapped


def _extra_columns(
    groups: Sequence[Sequence[Word]],
    found: Found,
    grid: TimeGrid,
    anchor: Word,
    h: float,
    s: TableSettings,
    vlines: Sequence[VLine] = (),
) -> list[tuple[float, float]]:
    """Header cells that name a column rencana does not read (Penanggung Jawab, Keterangan…)."""
    taken = [(v[1], v[2]) for k, v in found.items() if k in TEXT_COLUMNS]
    label_ys = [anchor.cy, *(v[3] for k, v in found.items() if k in TEXT_COLUMNS)]
    xs = sorted(grid.centres.values())
    half = (xs[-1] - xs[0]) / max(1, 2 * (len(xs) - 1)) if len(xs) > 1 else 4 * h
    out: list[tuple[float, float]] = []
    for group in groups:
        text = norm(group_text(group, h)).replace(" ", "")
        if len(text) < 3 or not text.isalnum() or text.isdigit():
            continue
        x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
        # a piece split off by spacing stands within a line height of its label (a column of its
        # own, "TARGET" beside "TARGET CAPAIAN", stands a cell padding and a rule further)
        # (a vertical rule between them makes it a column of its own: 8500-048 "TARGET" beside
        # "INDIKATR KEBERHASILAN" had vanished, its "1 Dokumen" cells read as marks of January)
        top, bottom = min(w.top for w in group), max(w.bottom for w in group)
        beside = any(
            max(a - x1, x0 - b) < 2 * h and not _rule_between(group, (a, b), top, bottom, vlines)
            for a, b in taken
        )
        if beside and all(is_label_word(w.text, word_score(w, s)) for w in group):
            continue  # a piece of a known label ("SUB", "KEBERHASILAN") split off by spacing
        cy = (min(w.top for w in group) + max(w.bottom for w in group)) / 2
        # on the line of the anchor or of a known label (labels centred over a deep header
        # stand lower than a time label over its tiers)
        if min(abs(cy - y) for y in label_ys) > s.extra_column_reach * h or cy > grid.bottom:
            continue
        if any(min(x1, b) - max(x0, a) > 0 for a, b in taken):
            continue
        if xs[0] - half < (x0 + x1) / 2 < xs[-1] + half:
            continue  # the time label and its tiers over the grid
        out.append((x0, x1))
    return out


def _rule_between(
    group: Sequence[Word], cell: tuple[float, float], top: float, bottom: float, vlines: Sequence[VLine]
) -> bool:
    """Whether a vertical rule of the text layer stands between ``group`` and the label cell
    spanning ``cell`` (x0, x1), along the group's height (on a scan a streak may pass anywhere)."""
    if any(w.source != "text" for w in group):
        return False
    x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
    lo, hi = (cell[1], x0) if x0 >= cell[1] else (x1, cell[0])
    return any(lo - 0.5 <= ln.x <= hi + 0.5 and ln.covers(top, bottom) > 0.5 for ln in vlines)


def _snap_to_column_numbers(
    cx: list[float], month_pos: dict[int, float], text_cols: list[tuple[str, float]], n: int = 12
) -> tuple[dict[int, float], list[tuple[str, float]]]:
    """Use the column-number row (1..N, one per column) as the exact column centres.

    Periods take the numbers nearest their fitted positions; each known text
    column the nearest number left; a number no label claimed is a column the
    labels missed: ``no`` when it is the leftmost and there is no No yet,
    otherwise ``extra``.
    """
    if len(cx) < n + len(text_cols):
        return month_pos, text_cols
    fitted = _fit(month_pos, n)
    free = list(cx)
    months: dict[int, float] = {}
    for k, x in enumerate(fitted, start=1):
        best = min(free, key=lambda c: abs(c - x))
        months[k] = best
        free.remove(best)
    if any(b <= a for a, b in zip(list(months.values()), list(months.values())[1:], strict=False)):
        return month_pos, text_cols
    snapped: list[tuple[str, float]] = []
    for role, x in sorted(text_cols, key=lambda rc: rc[1]):
        best = min(free, key=lambda c: abs(c - x))
        snapped.append((role, best))
        free.remove(best)
    roles = {r for r, _ in snapped}
    for c in sorted(free):
        role = "no" if "no" not in roles and all(c < x for _, x in snapped) else "extra"
        roles.add(role)
        snapped.append((role, c))
    return months, snapped


def _label_span(words: Sequence[Word], found: Found, h: float) -> tuple[float, float]:
    """Top and bottom of the label cells (the top from any word in their columns)."""
    label_bottom = max(v[3] for v in found.values())
    label_top = min(
        w.top
        for w in words
        if abs(w.cy - label_bottom) < 6 * h and any(v[1] - 1 <= w.cx <= v[2] + 1 for v in found.values())
    )
    return label_top, label_bottom


def _header_top(
    words: Sequence[Word],
    span: tuple[float, float],
    h: float,
    s: TableSettings,
    ruled: Sequence[float] = (),
) -> float:
    """The label span's top up to a blank gap, or a rule ``ruled`` across the whole table: a
    title centred over the table (the lampiran's caption), or printed in a table row of its own
    over the header, is not part of the header."""
    top, bottom = span
    above = sorted((w for w in words if top <= w.top and w.bottom <= bottom + 0.5), key=lambda w: -w.bottom)
    reach = bottom
    for w in above:
        if w.bottom < reach - s.label_title_gap * h or any(w.bottom < y < reach for y in ruled):
            return reach
        reach = min(reach, w.top)
    return top


def _time_grid(
    words: Sequence[Word],
    hlines: Sequence[HLine],
    found: Found,
    span: tuple[float, float],
    h: float,
    s: TableSettings,
    vlines: Sequence[VLine] = (),
) -> TimeGrid | None:
    """The time grid right of the text columns: a ruled month lattice the scanned digits agree
    with, a month line, else a line of quarters/semesters."""
    label_top, label_bottom = span
    # right of every text column, the indikator's too: a column-number row ("3" under the
    # indikator, "4…7" under four quarters, "8" under an extra column) is no month line
    keys = ("kegiatan", "sub_kegiatan", "area", "indikator")
    # the periods stand under the time label's cell, however deep (a label stacked letter by letter)
    # (a joined stacked label stands lines tall; a line's word overlapping the span, as a scan's
    # month digits do, moves nothing: it had taken the band down to the first row's digits, 3-008 p4)
    tall = [w for w in words if w.top <= label_bottom and w.bottom >= label_top and w.bottom - w.top > 2 * h]
    deep = max((w.bottom for w in tall), default=0.0)
    top, bottom = label_top - h, max(label_bottom, deep) + s.month_line_below * h
    # an indikator label right of the grid ("OUTPUT" after the months) leaves it left of itself
    for named in (keys, keys[:3]):
        lefts = [found[k][2] for k in named if k in found]
        lo = max(lefts) if lefts else 0.0
        # a month line is sought through every tier before the periods: a spreadsheet prints
        # "Semester I / II" over "Jan … Des", and the semesters within reach hid the months (9800-008)
        bands = [
            ([w for w in words if top <= w.cy <= deeper and w.cx > lo], deeper)
            for deeper in (bottom, *_tier_bottoms(words, lo, bottom, h, s))
        ]
        for band, deeper in bands:
            if grid := lattice_months(band, vlines, lo, (top, deeper), h) or month_line(band, h, s):
                return grid
        for band, _ in bands:
            if grid := period_line(band, norm(" ".join(w.text for w in band)), h, s):
                return grid
        if "indikator" not in found:
            return None
    return None


TIERS_BELOW = 2  # lines past the usual reach that may still be a time grid's lower tiers


def _tier_bottoms(words: Sequence[Word], lo: float, bottom: float, h: float, s: TableSettings) -> list[float]:
    """The bottoms of the next lines right of ``lo`` below ``bottom``, each within the usual reach
    of the last: labels centred in a cell three tiers tall leave the month line of a two-tier grid
    ("Triwulan I … IV" over 1…12) past the reach counted from the labels (9300-062)."""
    below = sorted((w for w in words if w.cy > bottom and w.cx > lo), key=lambda w: w.cy)
    out: list[float] = []
    last = bottom
    for w in below:
        if len(out) == TIERS_BELOW or w.top > last + s.month_line_below * h:
            break
        if out and w.cy <= out[-1]:
            continue
        line = [v for v in below if abs(v.cy - w.cy) <= s.number_line * h]
        last = max(v.bottom for v in line)
        out.append(last)
    return out


def _column_numbers(
    words: Sequence[Word], n_cols: int, bottom: float, h: float, s: TableSettings
) -> tuple[list[Word], bool]:
    """The column-number row under the header (1..N), and whether it is one."""
    band = (bottom + 0.1 * h, bottom + s.column_numbers_below * h)
    colnums = _number_line(words, n_cols, band, h, s)
    scanned = [w for w in words if w.source == "ocr"]
    if scanned:
        # OCR can miss a label ("No" read as "N fe)"): the column numbers then count more
        # columns than the labels; take them all, the snapping below names the unclaimed one
        more = _number_line(scanned, n_cols + 2, band, h, s)
        colnums = more if len(more) > len(colnums) else colnums
    if colnums and all(w.source == "ocr" for w in colnums):
        # a scan: a few digits unread or misread, and boxes a point or two apart
        spread = max(w.cy for w in colnums) - min(w.cy for w in colnums)
        return colnums, len(colnums) >= max(9, n_cols - 6) and spread <= 0.6 * h
    return colnums, len(colnums) >= 12 and len({round(w.cy) for w in colnums}) <= 3


def _evenly_spaced(pos: dict[int, float], s: TableSettings) -> dict[int, float]:
    """The month positions read that agree with an even spacing: a scan's digit misread as another
    ("6" where 4 is printed) is left out, worst first, while six and two thirds of them remain."""
    pos = dict(pos)
    while len(pos) > max(MIN_EVEN_MONTHS, -(-2 * len(pos) // 3)):
        ks = sorted(pos)
        mk, mx = sum(ks) / len(ks), sum(pos.values()) / len(ks)
        slope = sum((k - mk) * (pos[k] - mx) for k in ks) / sum((k - mk) ** 2 for k in ks)
        off = {k: abs(pos[k] - (mx + slope * (k - mk))) for k in ks}
        worst = max(ks, key=off.__getitem__)
        if slope <= 0 or off[worst] <= s.month_spacing * slope:
            break
        del pos[worst]
    return pos


def _period_centres(
    pos: dict[int, float], n: int, text_cols: list[tuple[str, float]], s: TableSettings
) -> list[float] | None:
    """The ``n`` period centres fitted to those read, or None when they do not make a header."""
    if len(pos) < 2 or (n < 12 and len(pos) < n):
        return None
    pos = _evenly_spaced(pos, s) if n == 12 else pos
    centres = _fit(pos, n)
    if not all(a < b for a, b in itertools.pairwise(centres)):
        return None
    spacing = (centres[-1] - centres[0]) / (n - 1)
    if any(abs(pos[k] - centres[k - 1]) > s.month_spacing * spacing for k in pos):
        return None  # period positions must be (nearly) evenly spaced
    return centres


def _build(
    words: Sequence[Word],
    hlines: Sequence[HLine],
    found: Found,
    unknown: list[list[Word]],
    anchor: Word,
    h: float,
    s: TableSettings,
    vlines: Sequence[VLine] = (),
    printed: Sequence[Word] | None = None,
) -> Header | None:
    """The header from its labels: time grid, column numbers, then every column's centre and role
    (``printed``: the page's words before stacked labels were joined, for the body)."""
    span = _label_span(words, found, h)
    grid = _time_grid(words, hlines, found, span, h, s, vlines)
    if grid is None:
        return None
    n = grid.count
    month_pos, bottom = dict(grid.centres), max(span[1], grid.bottom)
    first = min(month_pos.values())
    # a label right of the time grid names an extra column there ("OUTPUT" after the months)
    beyond = [v for k, v in found.items() if k in TEXT_COLUMNS and (v[1] + v[2]) / 2 > first]
    found = {k: v for k, v in found.items() if not (k in TEXT_COLUMNS and (v[1] + v[2]) / 2 > first)}
    text_cols = [(key, (v[1] + v[2]) / 2) for key, v in found.items() if key in TEXT_COLUMNS]
    extras = _extra_columns(unknown, found, grid, anchor, h, s, vlines) + [(v[1], v[2]) for v in beyond]
    body = [w for w in (words if printed is None else printed) if w.top > bottom]
    text_cols, extras = adopt_leaf_columns(text_cols, extras, body, min(month_pos.values()))
    xs = [x for _, x in text_cols] + [(a + b) / 2 for a, b in extras]
    labels = _column_labels(words, found, unknown, xs, span, h, s)
    choice = choose_leaves(text_cols, extras, labels, body, min(month_pos.values()))
    # the kegiatan moved right: the words-holding column left of it may be the Area (8400-053)
    text_cols, extras = adopt_area(choice.text_cols, choice.extras, body, first)
    adopted = _adopted(text_cols, found, unknown, h, choice.confirmed, words)
    text_cols += [("extra", (a + b) / 2) for a, b in extras]
    if any(x >= min(month_pos.values()) for r, x in text_cols if r != "extra"):
        return None  # the periods come after No..Indikator: anything else is body text, not a header
    colnums, colnum_row = _column_numbers(words, len(text_cols) + n, bottom, h, s)
    if colnum_row:
        bottom = max(bottom, max(w.bottom for w in colnums))
        month_pos, text_cols = _snap_to_column_numbers(sorted(w.cx for w in colnums), month_pos, text_cols, n)
    centres = _period_centres(month_pos, n, text_cols, s)
    if centres is None:
        return None
    # rules across the whole table, from the first column's label to the last period
    across = (min(v[1] for v in found.values()), max(centres))
    ruled = [ln.y for ln in hlines if ln.covers(*across) >= FULL_WIDTH]
    span = (_header_top(words, span, h, s, ruled), span[1])
    header = _header(words, found, text_cols, centres, grid.unit, len(month_pos), colnum_row, span, bottom, h)
    return replace(
        header,
        positional=adopted,
        uncertain=choice.uncertain,
        leaves_decided=choice.decided,
        leaves_confirmed=choice.confirmed,
    )


def _column_labels(
    words: Sequence[Word],
    found: Found,
    unknown: list[list[Word]],
    xs: Sequence[float],
    span: tuple[float, float],
    h: float,
    s: TableSettings,
) -> dict[float, dict[str, int]]:
    """What the header cell over each column at ``xs`` says of the leaf roles
    (:func:`rencana.extract.table.leaf_roles.label_points`)."""
    cells: list[tuple[float, float, str]] = []
    for x0, x1, bottom in ((v[1], v[2], v[3]) for k, v in found.items() if k in TEXT_COLUMNS):
        cell = [w for w in words if x0 - 1 <= w.cx <= x1 + 1 and span[0] - h <= w.cy <= bottom + 0.5]
        cells.append((x0, x1, group_text(cell, h)))
    cells += [(min(w.x0 for w in c), max(w.x1 for w in c), group_text(c, h)) for c in unknown]
    out: dict[float, dict[str, int]] = {}
    for x in xs:
        over = [c for c in cells if c[0] - 1 <= x <= c[1] + 1]
        if over:
            out[x] = label_points(min(over, key=lambda c: c[1] - c[0])[2], s.label_strict_score)
    return out


def _adopted(
    text_cols: list[tuple[str, float]],
    found: Found,
    unknown: list[list[Word]],
    h: float,
    decided: bool,
    words: Sequence[Word] = (),
) -> tuple[str, ...]:
    """ "role=LABEL" of each text column its body named (no label did), with the nearest header
    cell's words as its label (a known label given another role by the body too: "RENCANA
    KEGIATAN" the sub-kegiatan under PROGRAM); the leaf columns not when the check of the whole
    assignment (:mod:`rencana.extract.table.leaf_roles`) decided them."""
    cells = [(group_text(c, h), (min(w.x0 for w in c) + max(w.x1 for w in c)) / 2) for c in unknown]
    for v in found.values():
        inside = [w for w in words if v[1] - 0.5 <= w.cx <= v[2] + 0.5 and v[3] - 3 * h <= w.cy <= v[3]]
        cells += [(group_text(inside, h), (v[1] + v[2]) / 2)] if inside else []
    out: list[str] = []
    for role, x in text_cols:
        named = role in found and found[role][1] - 0.5 <= x <= found[role][2] + 0.5
        if role == "extra" or named or not unknown or (decided and role in LEAF_COLUMNS):
            continue
        label = min(cells, key=lambda c: abs(c[1] - x))[0]
        out.append(f"{role}={label}")
    return tuple(out)


def _header(
    words: Sequence[Word],
    found: Found,
    text_cols: list[tuple[str, float]],
    centres: list[float],
    unit: Unit,
    read: int,
    colnum_row: bool,
    span: tuple[float, float],
    bottom: float,
    h: float,
) -> Header:
    spacing = (centres[-1] - centres[0]) / max(1, len(centres) - 1)
    roles = PERIOD_ROLES[unit]
    columns = sorted(text_cols + list(zip(roles, centres, strict=True)), key=lambda rc: rc[1])
    label_score = sum(found[k][0] for k in found) / (100.0 * max(1, len(found)))
    first_x = columns[0][1]
    near = [w.x0 for w in words if abs(w.cy - span[1]) < 6 * h and w.cx <= first_x]
    named = {r for r, _ in text_cols}
    return Header(
        top=span[0],
        bottom=bottom,
        left=min([first_x - spacing, *near]) - 2,
        right=max(c for _, c in columns) + spacing / 2,
        roles=tuple(r for r, _ in columns),
        centres=tuple(c for _, c in columns),
        month_centres_found=read,
        column_number_row=colnum_row,
        label_score=round(label_score, 3),
        unit=unit,
        missing=tuple(k for k in LEAF_COLUMNS if k not in named),
    )


def repeated_header(header: Header, prev: Header, tol: float = 2.5) -> Header:
    """A header repeated on the next page is the previous page's header: where it stands at
    the same place (body words under it — "Tahapan Pemilu" — cannot make it read otherwise), or
    ends where it ended over the same time grid (text spilling into the repeated rows from a
    merged cell cut by the page break cannot make a known column unknown there)."""
    if abs(header.top - prev.top) <= tol and abs(header.bottom - prev.bottom) > tol:
        return prev  # printed where the last page printed it: body text under it misled this read
    if header.roles == prev.roles:
        return header
    if abs(header.top - prev.top) <= tol:
        return prev
    # the same right edge over the same time grid (a misread can lose columns on the left)
    if abs(header.right - prev.right) > tol or header.unit != prev.unit:
        return header
    periods = [c for c, r in zip(header.centres, header.roles, strict=True) if is_period(r)]
    before = [c for c, r in zip(prev.centres, prev.roles, strict=True) if is_period(r)]
    if len(periods) != len(before) or any(abs(a - b) > tol for a, b in zip(periods, before, strict=True)):
        return header
    return replace(prev, top=header.top, bottom=header.bottom, column_number_row=header.column_number_row)


def printed_here(
    words: Sequence[Word], other_words: Sequence[Word], header: Header, tol: float = 2.0
) -> Header | None:
    """``header``, read on another page of the decree, where it is printed on this page: every
    word of its band with the same text at the same x, all moved down or up by one distance (the
    first table page's header stands under the caption, the next ones' at the top), or None."""
    band = [w for w in other_words if header.top - tol <= w.cy <= header.bottom + tol]
    if len(band) < 3:
        return None
    by_text: dict[str, list[Word]] = {}
    for w in words:
        by_text.setdefault(w.text, []).append(w)
    shifts: list[float] = []
    for w in band:
        same = [v for v in by_text.get(w.text, ()) if abs(v.x0 - w.x0) <= tol]
        if not same:
            return None
        shifts.append(min((v.cy - w.cy for v in same), key=lambda d: abs(d - shifts[0]) if shifts else 0.0))
    if max(shifts) - min(shifts) > 2 * tol:
        return None
    dy = statistics.median(shifts)
    return replace(header, top=header.top + dy, bottom=header.bottom + dy)


def reprinted(
    words: Sequence[Word], prev_words: Sequence[Word], header: Header, tol: float = 2.0
) -> Header | None:
    """``header``, read on the previous page, where it is printed again here: the same words at
    the same x, at the same height or shifted up or down as one (the table starts higher on a
    page without the caption; a repeated header row that body text just under it kept from being
    read on its own; a merged cell's text run over the page break may stand in one of them), or
    None."""

    def inside(ws: Sequence[Word], dy: float) -> list[tuple[str, int, int]]:
        band = [w for w in ws if header.top + dy - tol <= w.cy <= header.bottom + dy + tol]
        return sorted((w.text, round(w.x0 / 3), round((w.cy - dy) / 3)) for w in band)

    before = inside(prev_words, 0.0)
    if len(before) < 3:
        return None
    band = [w for w in prev_words if header.top - tol <= w.cy <= header.bottom + tol]
    for dy in [0.0, *_likely_shifts(words, band, tol)]:
        here = inside(words, dy)
        same = sum((Counter(here) & Counter(before)).values())
        if same >= REPRINT_SHARE * min(len(here), len(before)) and same >= REPRINT_SOME * len(before):
            return replace(header, top=header.top + dy, bottom=header.bottom + dy)
    return None


def _likely_shifts(words: Sequence[Word], band: Sequence[Word], tol: float, tries: int = 3) -> list[float]:
    """The vertical moves that bring most of ``band``'s words onto the same text at the same x
    here, most voted first (the band's top word may be a caption line printed on the first page
    only: 9100-015 "RENCANA AKSI …" over the header, never found again on page 4)."""
    by_text: dict[str, list[Word]] = {}
    for w in words:
        by_text.setdefault(w.text, []).append(w)
    moves: dict[int, list[float]] = {}
    for b in band:
        for w in by_text.get(b.text, ()):
            if abs(w.x0 - b.x0) <= tol:
                moves.setdefault(round(w.cy - b.cy), []).append(w.cy - b.cy)
    voted = sorted(moves.values(), key=len, reverse=True)[:tries]
    return [statistics.median(m) for m in voted if abs(statistics.median(m)) > tol]


def agree_leaves(headers: Sequence[Header | None], tol: float = 3.0) -> list[Header | None]:
    """Each page's header given the leaf roles the decided pages over the same columns hold: a
    last page of two rows (or a first one under the caption) cannot tell a kegiatan merged over
    its rows from an Output column, the fuller pages can.  When decided pages disagree, the roles
    most of them hold win; a tie leaves the page's own roles, marked uncertain."""
    decided = [h for h in headers if h is not None and h.leaves_decided]
    out: list[Header | None] = []
    for h in headers:
        same = [d for d in decided if h is not None and _same_columns(d, h, tol)]
        if h is None or not same:
            out.append(h)
            continue
        votes = Counter(_leaves(d) for d in same)
        (leaves, n), *rest = votes.most_common()
        if rest and rest[0][1] == n:
            said = f"pages over these columns read them as {leaves} or {rest[0][0]}"
            out.append(replace(h, uncertain=said))
        elif leaves == _leaves(h) and h.leaves_decided:
            out.append(h)
        else:
            d = next(d for d in same if _leaves(d) == leaves)
            out.append(
                replace(
                    h,
                    roles=d.roles,
                    missing=d.missing,
                    positional=d.positional,
                    uncertain="",
                    leaves_decided=True,
                )
            )
    return out


def _leaves(h: Header) -> str:
    """The leaf roles of a header's columns ("-" for every other column), as pages vote them."""
    return " ".join(r if r in LEAF_COLUMNS else "-" for r in h.roles)


def _same_columns(a: Header, b: Header, tol: float) -> bool:
    """Whether two pages' headers stand over the same columns."""
    return len(a.centres) == len(b.centres) and all(
        abs(x - y) <= tol for x, y in zip(a.centres, b.centres, strict=True)
    )
