"""Find the action-plan table's header on a page by its labels, not by position.

The header is ``No | AREA PERUBAHAN | KEGIATAN | SUB KEGIATAN | INDIKATOR
KEBERHASILAN | PELAKSANAAN (BULAN)`` with the month numbers 1..12 (or month
names) under PELAKSANAAN, often followed by a row of column numbers 1..17.
Labels are matched fuzzily (:mod:`rencana.extract.table.labels`) and
located by their geometry; the result gives the x-centre of each of the 17
columns, which :mod:`rencana.extract.table.columns` turns into boundaries.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from rencana.extract.table.labels import Found, find_labels, group_text, norm, score
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import HLine, cluster
from rencana.extract.text.lines import line_height
from rencana.schema.numbering import number_value
from rencana.schema.records import Word

TEXT_COLUMNS = ("no", "area", "kegiatan", "sub_kegiatan", "indikator")
MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES")
_MONTH_ALIASES = {
    "AGT": "AGU",
    "AGS": "AGU",
    "AUG": "AGU",
    "MAY": "MEI",
    "OCT": "OKT",
    "DEC": "DES",
    "PEB": "FEB",
}


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

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None


MONTH_ROLES = tuple(f"m{k}" for k in range(1, 13))
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


def _month_name_line(words: Sequence[Word], band: tuple[float, float]) -> list[tuple[int, Word]]:
    top, bottom = band
    out: list[tuple[int, Word]] = []
    for w in words:
        if not top <= w.cy <= bottom:
            continue
        key = norm(w.text)[:3]
        key = _MONTH_ALIASES.get(key, key)
        if key in MONTH_NAMES:
            out.append((MONTH_NAMES.index(key) + 1, w))
    return out


def _fit(points: dict[int, float], n: int) -> list[float]:
    """Fill missing positions 1..n linearly from the ones found (least squares)."""
    ks = sorted(points)
    if len(ks) == 1:
        return [points[ks[0]]] * n
    mk = sum(ks) / len(ks)
    mx = sum(points[k] for k in ks) / len(ks)
    slope = sum((k - mk) * (points[k] - mx) for k in ks) / sum((k - mk) ** 2 for k in ks)
    return [points.get(k, mx + slope * (k - mk)) for k in range(1, n + 1)]


def find_header(
    words: Sequence[Word], hlines: Sequence[HLine] = (), settings: TableSettings | None = None
) -> Header | None:
    """Locate the action-plan header among a page's words, or ``None``.

    ``hlines`` (the page's horizontal rules) keep a header cell from swallowing
    the line of text above the table.
    """
    if not words:
        return None
    s = settings or TableSettings()
    h = line_height(words, s.min_line_height, s.default_line_height)
    anchors = [
        w for w in words if max(score(w.text, "INDIKATOR"), score(w.text, "PELAKSANAAN")) >= s.label_min_score
    ]
    for anchor in sorted(anchors, key=lambda w: w.top):
        band_top, band_bottom = anchor.top - s.header_band * h, anchor.bottom + s.header_band * h
        band = [w for w in words if band_top <= w.cy <= band_bottom and not w.text.strip(".()").isdigit()]
        found, unknown = find_labels(band, h, hlines, s)
        core = [k for k in _CORE if k in found]
        if len(core) < 3 or ("pelaksanaan" not in found and "indikator" not in found):
            continue
        header = _build(words, found, _extra_columns(unknown, found, anchor, h, s), h, s)
        if header is not None:
            return header
    return None


def _extra_columns(
    groups: Sequence[Sequence[Word]], found: Found, anchor: Word, h: float, s: TableSettings
) -> list[tuple[float, float]]:
    """Header cells that name a column rencana does not read (Penanggung Jawab, Keterangan…)."""
    taken = [(v[1], v[2]) for v in found.values()]
    pel = found.get("pelaksanaan")
    out: list[tuple[float, float]] = []
    for group in groups:
        text = norm(group_text(group, h)).replace(" ", "")
        if len(text) < 4 or not text.isalpha():
            continue
        x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
        cy = (min(w.top for w in group) + max(w.bottom for w in group)) / 2
        if abs(cy - anchor.cy) > s.extra_column_reach * h:
            continue
        if any(min(x1, b) - max(x0, a) > 0 for a, b in taken):
            continue
        if pel and pel[1] - s.header_band * h <= (x0 + x1) / 2 <= pel[2] + s.header_band * h:
            continue
        out.append((x0, x1))
    return out


def _snap_to_column_numbers(
    cx: list[float], month_pos: dict[int, float], text_cols: list[tuple[str, float]]
) -> tuple[dict[int, float], list[tuple[str, float]]]:
    """Use the column-number row (1..N, one per column) as the exact column centres.

    Months take the numbers nearest their fitted positions; each known text
    column the nearest number left; a number no label claimed is a column the
    labels missed: ``no`` when it is the leftmost and there is no No yet,
    otherwise ``extra``.
    """
    if len(cx) < 12 + len(text_cols):
        return month_pos, text_cols
    fitted = _fit(month_pos, 12)
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
        if any(v[1] - 1 <= w.cx <= v[2] + 1 for v in found.values()) and abs(w.cy - label_bottom) < 6 * h
    )
    return label_top, label_bottom


def _months(
    words: Sequence[Word], found: Found, span: tuple[float, float], h: float, s: TableSettings
) -> tuple[dict[int, float], float]:
    """Month number -> x-centre as read (numbers 1..12, I..XII or names), and the header's
    bottom so far."""
    label_top, label_bottom = span
    pel = found.get("pelaksanaan")
    ind = found.get("indikator")
    # months sit right of the indicator column; the PELAKSANAAN label is centred over
    # them and may be much narrower than the twelve columns
    lo = ind[2] if ind else (pel[1] - 8 * h if pel else 0.0)
    month_words = [w for w in words if w.cx >= lo]
    band = (label_top - h, label_bottom + s.month_line_below * h)
    months = _number_line(month_words, 12, band, h, s, roman=True)
    month_pos: dict[int, float] = {_as_number(w.text, True) or 0: w.cx for w in months}
    bottom = label_bottom
    if len(month_pos) >= 6:
        return month_pos, max(bottom, max(w.bottom for w in months))
    named = _month_name_line(month_words, band)
    if len(named) >= 6:
        return {k: w.cx for k, w in named}, max(bottom, max(w.bottom for _, w in named))
    if months:
        bottom = max(bottom, max(w.bottom for w in months))
    return month_pos, bottom


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


def _month_centres(
    month_pos: dict[int, float], text_cols: list[tuple[str, float]], s: TableSettings
) -> list[float] | None:
    """The twelve month centres fitted to those read, or None when they do not make a header."""
    if len(month_pos) < 2:
        return None
    centres = _fit(month_pos, 12)
    if not all(a < b for a, b in itertools.pairwise(centres)):
        return None
    spacing = (centres[-1] - centres[0]) / 11
    if any(c >= centres[0] for r, c in text_cols if r != "extra"):
        return None  # the months come after No..Indikator: anything else is body text, not a header
    if any(abs(month_pos[k] - centres[k - 1]) > s.month_spacing * spacing for k in month_pos):
        return None  # month positions must be (nearly) evenly spaced
    return centres


def _build(
    words: Sequence[Word], found: Found, extras: list[tuple[float, float]], h: float, s: TableSettings
) -> Header | None:
    """The header from its labels: months, column numbers, then every column's centre and role."""
    span = _label_span(words, found, h)
    month_pos, bottom = _months(words, found, span, h, s)
    text_cols = [(key, (v[1] + v[2]) / 2) for key, v in found.items() if key in TEXT_COLUMNS]
    text_cols += [("extra", (a + b) / 2) for a, b in extras]
    colnums, colnum_row = _column_numbers(words, len(text_cols) + 12, bottom, h, s)
    if colnum_row:
        bottom = max(bottom, max(w.bottom for w in colnums))
        if len(month_pos) >= 2:
            cx = sorted(w.cx for w in colnums)
            month_pos, text_cols = _snap_to_column_numbers(cx, month_pos, text_cols)
    month_centres = _month_centres(month_pos, text_cols, s)
    if month_centres is None:
        return None
    spacing = (month_centres[-1] - month_centres[0]) / 11
    columns = sorted(text_cols + list(zip(MONTH_ROLES, month_centres, strict=True)), key=lambda rc: rc[1])
    label_score = sum(found[k][0] for k in found) / (100.0 * max(1, len(found)))
    first_x = columns[0][1]
    near = [w.x0 for w in words if abs(w.cy - span[1]) < 6 * h and w.cx <= first_x]
    return Header(
        top=span[0],
        bottom=bottom,
        left=min([first_x - spacing, *near]) - 2,
        right=max(c for _, c in columns) + spacing / 2,
        roles=tuple(r for r, _ in columns),
        centres=tuple(c for _, c in columns),
        month_centres_found=len(month_pos),
        column_number_row=colnum_row,
        label_score=round(label_score, 3),
    )
