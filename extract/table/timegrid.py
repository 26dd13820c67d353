"""The header's time grid: the line of period labels under the time label.

Months (1…12, I…XII, Jan…Des in any common spelling, full names), or coarse periods:
quarters ("TW I", "Triwulan 2", "Q3", or bare I…IV under a TRIWULAN label) and semesters
("Semester I", "Smt II", or bare I/II).  A two-tier header (Triwulan or Semester or the year
above the months) is read by its lowest tier: the months.  Label knowledge is in
:mod:`rencana.extract.table.labels`.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rencana.extract.table.labels import MONTH_SPELLINGS, MONTHS_ID, QUARTER_WORDS, SEMESTER_WORDS, norm
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import cluster
from rencana.schema.numbering import number_value
from rencana.schema.records import Word

Unit = Literal["month", "quarter", "semester"]
SIZE: dict[Unit, int] = {"month": 12, "quarter": 4, "semester": 2}
_PERIOD = re.compile(r"^(?:([A-Z]+(?: KE)?)\s*)?([IVX]{1,3}|[1-4])$")


@dataclass(frozen=True, slots=True)
class TimeGrid:
    """The period labels read: unit, period number -> x-centre, and the line's extent."""

    unit: Unit
    centres: dict[int, float]
    top: float
    bottom: float

    @property
    def count(self) -> int:
        return SIZE[self.unit]


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


@functools.lru_cache(maxsize=8192)
def month_of(text: str) -> int | None:
    """'7', 'VII', 'Jul', 'Juli', 'Agt', 'Ags', 'Sept', 'Nop', 'Pebruari' -> the month; else None.

    A name is a month's when it is the first letters of the month or, three letters or more,
    its letters in order from the first ("Agt", "Mrt", "Agst") and no other month's.
    """
    n = number_value(text, True, maximum=12)
    if n is not None:
        return n
    t = norm(text).replace(" ", "")
    if len(t) < 3 or not t.isalpha():
        return None
    if t in MONTH_SPELLINGS:
        return MONTH_SPELLINGS[t]
    hits = {k for k, name in enumerate(MONTHS_ID, 1) if name.startswith(t)}
    if not hits:
        hits = {k for k, name in enumerate(MONTHS_ID, 1) if name[0] == t[0] and _subsequence(t, name)}
    if not hits:
        hits = {v for name, v in MONTH_SPELLINGS.items() if name[0] == t[0] and _subsequence(t, name)}
    return hits.pop() if len(hits) == 1 else None


@functools.lru_cache(maxsize=65536)  # the same labels recur on every page (issue 14)
def period_of(text: str) -> tuple[str, int] | None:
    """'TW II' -> ('quarter', 2), 'Semester 1' -> ('semester', 1), 'III' -> ('', 3); else None."""
    t = norm(text)
    bare = number_value(t, True, maximum=4)
    if bare is not None:
        return "", bare
    m = _PERIOD.match(t)
    if not m:
        return None
    word, num = m.group(1) or "", m.group(2)
    n = number_value(num, True, maximum=4)
    if n is None:
        return None
    if not word:
        return "", n
    if word in QUARTER_WORDS:
        return "quarter", n
    if word in SEMESTER_WORDS and n <= 2:
        return "semester", n
    return None


def _runs(line: Sequence[tuple[int, Word]], most: int) -> list[tuple[int, Word]]:
    """The longest increasing run of period numbers along a line, left to right."""
    best: list[tuple[int, Word]] = []
    ordered = sorted(line, key=lambda kw: kw[1].x0)
    for start in range(len(ordered)):
        run: list[tuple[int, Word]] = []
        last = 0
        for n, w in ordered[start:]:
            if last < n <= most:
                run.append((n, w))
                last = n
        if len(run) > len(best):
            best = run
    return best


def _lines(items: Sequence[tuple[int, Word]], h: float, s: TableSettings) -> list[list[tuple[int, Word]]]:
    groups = cluster((w.cy for _, w in items), s.number_line * h)
    return [[(n, w) for n, w in items if g[0] <= w.cy <= g[-1]] for g in groups]


@functools.lru_cache(maxsize=65536)
def _head_tail(text: str) -> tuple[bool, bool]:
    """Whether a word may start a broken month label, and whether it may end one."""
    if not (len(text) <= 7 and text.isalpha()):
        return False, False
    # a head is the start of a name: two letters or more, no Roman numeral ("I" over a mark "X")
    head = len(text) >= 2 and number_value(text, True, maximum=12) is None
    # a tail is no month name itself ("v" and "i" may still be Roman numerals)
    tail = len(text) <= 5 and (len(text) < 3 or month_of(text) is None)
    return head, tail


def rejoin_broken_labels(words: Sequence[Word], h: float) -> list[Word]:
    """Month labels a narrow cell broke over two lines ("Fe" over "b", "SEPTEMB" over "ER")
    joined again: a short word with a short non-month word right below it inside its column
    becomes one word when the two read as a month together (the label's line is its middle)."""
    heads: list[Word] = []
    tails: list[Word] = []
    for w in words:
        if len(w.text) > 7:  # no piece of a month label (_head_tail's first test, without a call)
            continue
        head, tail = _head_tail(w.text)  # kept per text (issue 14: ~5 calls a page)
        if head:
            heads.append(w)
        if tail:
            tails.append(w)
    if not heads or not tails:
        return list(words)
    used: set[int] = set()
    joined: list[Word] = []
    # tails by centre, so each head looks only at the tails of its own column (issue 14:
    # all pairs cost a quarter of a digital page's time); tried in reading order as before
    by_centre = sorted(enumerate(tails), key=lambda it: it[1].cx)
    centres = [b.cx for _, b in by_centre]
    span = 0.8 * h
    for a in heads:
        if id(a) in used:  # joined below an earlier head: no head of its own
            continue
        acx, acy, a_bottom = a.cx, a.cy, a.bottom
        lo, hi = bisect_left(centres, acx - span), bisect_right(centres, acx + span)
        for _, b in sorted(by_centre[lo:hi]) if lo < hi else ():
            if b is a or id(b) in used or abs(acx - b.cx) >= span:
                continue
            if not (0 <= b.top - a_bottom < h or 0 < b.cy - acy < 2 * h):
                continue
            if month_of(a.text + b.text) is not None:
                used.update((id(a), id(b)))
                text = a.text + b.text
                joined.append(replace(a, x0=min(a.x0, b.x0), x1=max(a.x1, b.x1), bottom=b.bottom, text=text))
                break
    if not joined:
        return list(words)
    return [w for w in words if id(w) not in used] + joined


def _consecutive(digits: str) -> list[str] | None:
    """'101112' -> ['10', '11', '12'], '345' -> ['3', '4', '5']: digits that are three or more
    consecutive month numbers run together (one reading only), else None."""
    for first in (digits[:1], digits[:2]):
        if not first or first[0] == "0":
            continue
        parts, rest, n = [], digits, int(first)
        while rest and 1 <= n <= 12 and rest.startswith(str(n)):
            parts.append(str(n))
            rest, n = rest[len(str(n)) :], n + 1
        if not rest and len(parts) >= 3:
            return parts
    return None


def split_glued_numbers(word: Word) -> list[Word]:
    """A scan's month numbers OCR ran together ("101112") as one word each, the box shared by
    their characters; any other word as it is."""
    parts = _consecutive(word.text) if word.source == "ocr" and word.text.isdigit() else None
    if parts is None:
        return [word]
    step = (word.x1 - word.x0) / len(word.text)
    out, x = [], word.x0
    for p in parts:
        out.append(replace(word, text=p, x0=x, x1=x + step * len(p)))
        x += step * len(p)
    return out


def month_line(words: Sequence[Word], h: float, s: TableSettings) -> TimeGrid | None:
    """The line of month labels (at least six read, the rest are fitted by the header)."""
    words = [part for w in rejoin_broken_labels(words, h) for part in split_glued_numbers(w)]
    items = [(m, w) for w in words if (m := month_of(w.text)) is not None]
    best: list[tuple[int, Word]] = []
    for line in _lines(items, h, s):
        run = _runs(line, 12)
        # a month grid starts with the first months (a column-number row's tail "5 6 … 12"
        # over the months is not one; OCR may run "10 11 12" together, so the end may be unread)
        # from the text layer the first month is there: a run from 3 is a column-number row's
        # tail under an unknown indikator label and the periods ("3 4 5 6 7 8" over TW I-IV)
        first = 3 if any(w.source == "ocr" for _, w in run) else 1
        if len(run) > len(best) and run and run[0][0] <= first:
            best = run
    if len(best) < 6:
        return None
    return _grid("month", best)


def _grid(unit: Unit, run: Sequence[tuple[int, Word]]) -> TimeGrid:
    return TimeGrid(
        unit,
        {n: w.cx for n, w in run},
        min(w.top for _, w in run),
        max(w.bottom for _, w in run),
    )


def period_tokens(words: Sequence[Word]) -> list[tuple[str, Word]]:
    """Words read as period labels: "TW" + "II" as one ("TW II", boxed together), "Q3", "III"."""
    out: list[tuple[str, Word]] = []
    ordered = [w for line in _text_lines(words) for w in line]
    i = 0
    while i < len(ordered):
        w = ordered[i]
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if (
            nxt is not None
            and norm(w.text) in (*QUARTER_WORDS, *SEMESTER_WORDS)
            and abs(nxt.cy - w.cy) < 0.5 * (w.bottom - w.top)
        ):
            joined = f"{w.text} {nxt.text}"
            if period_of(joined) is not None:
                box = replace(w, text=joined, x1=max(w.x1, nxt.x1), bottom=max(w.bottom, nxt.bottom))
                out.append((joined, box))
                i += 2
                continue
        out.append((w.text, w))
        i += 1
    return out


def _text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words in lines top to bottom, each left to right: a word joins the line whose first word's
    centre is within half a word's height of its own (rounding centres to a grid would split a
    line whose words differ by a fraction of a point: "Triwulan" and "I")."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.cy):
        if lines and w.cy - lines[-1][0].cy <= 0.5 * (w.bottom - w.top):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def period_line(words: Sequence[Word], context: str, h: float, s: TableSettings) -> TimeGrid | None:
    """Quarters or semesters among the header's words: every period of the year read, in order,
    on one line that holds nothing else."""
    parsed = [(p, w) for text, w in period_tokens(words) if (p := period_of(text)) is not None]
    hint: Unit | None = "quarter" if "TRIWULAN" in context else "semester" if "SEMESTER" in context else None
    for line in _lines([(n, w) for (_, n), w in parsed], h, s):
        # `(n, w) in line` by identity: an equal word (printed twice) has the same centre, so
        # it stands in the same line (issue 14: each test compared words field by field)
        members = {(n, id(w)) for n, w in line}
        kinds = {kind for (kind, n), w in parsed if kind and (n, id(w)) in members}
        unit: Unit | None = kinds.pop() if len(kinds) == 1 else None  # type: ignore[assignment]
        for candidate in (unit,) if unit else (hint, "quarter", "semester"):
            if candidate is None:
                continue
            run = _runs(line, SIZE[candidate])
            if len(run) == SIZE[candidate] and len(line) == len(run):
                return _grid(candidate, run)
    return None


SHAPE_MONTHS = 10  # months read on one line for a grid recognised by its shape alone
SHAPE_SPACING = 0.2  # how far (share of the spacing) a period label may stand off an even grid
SHAPE_WIDTH = 6.0  # a period column is at most this many line heights wide (narrow columns) ...
LABEL_ROOM = 1.5  # ... or this many times its longest label (full month names in small type)


def shaped_grid(words: Sequence[Word], h: float, s: TableSettings) -> TimeGrid | None:
    """A time grid recognised by its shape, whatever label spans it ("JADWAL", "TAHUN 2023"):
    a line holding nothing but a run of period labels — ten months or more (1…12, names, Roman
    numerals) or every quarter / semester named as such ("TW 1", "Semester II") — standing in
    narrow columns of equal width.  A column-number row (1…N past 12) or a budget table's
    numbered columns of mixed widths is none."""
    for grid in (_shaped_months(words, h, s), _shaped_periods(words, h, s)):
        # a column-number row "1 … 10" reads as ten months but stands in columns of mixed
        # widths: the quarters named over it ("Trw I … IV", 9300-055) are still the grid
        if grid is not None and _even(grid, max(SHAPE_WIDTH * h, LABEL_ROOM * _widest_label(words, grid))):
            return grid
    return None


def _shaped_months(words: Sequence[Word], h: float, s: TableSettings) -> TimeGrid | None:
    """Ten months or more on one line that runs on to no number past twelve."""
    grid = month_line(words, h, s)
    if grid is None or len(grid.centres) < SHAPE_MONTHS:
        return None
    line = [w for w in words if grid.top - 0.5 * h <= w.cy <= grid.bottom + 0.5 * h]
    numbers = [number_value(w.text, False, maximum=99) for w in line]
    if any(n is not None and n > 12 for n in numbers):
        return None  # a column-number row runs on past twelve
    return grid


def _shaped_periods(words: Sequence[Word], h: float, s: TableSettings) -> TimeGrid | None:
    """Every quarter or semester, named as such, on one line."""
    grid = period_line(words, norm(" ".join(w.text for w in words)), h, s)
    return grid if grid is not None and _named_periods(words, grid) else None


def _widest_label(words: Sequence[Word], grid: TimeGrid) -> float:
    """The widest period label on the grid's line: a column of full month names ("SEPTEMBER",
    "NOPEMBER") is as wide as its longest name needs, whatever the page's line height (9100-063:
    columns of 43 pt over a body set in 6 pt type)."""
    centres = list(grid.centres.values())
    on_line = [w for w in words if grid.top <= w.cy <= grid.bottom]
    return max((w.x1 - w.x0 for w in on_line if any(w.x0 <= x <= w.x1 for x in centres)), default=0.0)


def _named_periods(words: Sequence[Word], grid: TimeGrid) -> bool:
    """The periods of a quarter/semester line are named (TW, Triwulan, Smt …, or any one word
    printed before every numeral: "Kw I … Kw IV"), not bare numbers a column-number row or an
    item list could hold."""
    named = [p for text, w in period_tokens(words) if (p := period_of(text)) is not None and p[0]]
    if len(named) >= grid.count:
        return True
    heads = {_head_word(words, x, grid) for x in grid.centres.values()}
    return len(heads) == 1 and heads.pop().isalpha()


def _head_word(words: Sequence[Word], x: float, grid: TimeGrid) -> str:
    """The word printed just left of the period numeral standing at ``x``, on its line."""
    label = next((w for w in words if w.x0 <= x <= w.x1 and grid.top <= w.cy <= grid.bottom), None)
    if label is None:
        return ""
    lh = label.bottom - label.top
    left = [
        w for w in words if abs(w.cy - label.cy) < 0.5 * lh and label.x0 - 2 * lh < w.x1 <= label.x0 + 0.5
    ]
    return norm(max(left, key=lambda w: w.x1).text) if left else ""


def _even(grid: TimeGrid, width: float) -> bool:
    """Whether the period labels stand evenly spaced in narrow columns (a month at most ``width``)."""
    ks = sorted(grid.centres)
    if len(ks) < 2:
        return False
    xs = [grid.centres[k] for k in ks]
    step = (xs[-1] - xs[0]) / (ks[-1] - ks[0])
    if step <= 0 or step > width * (12 / SIZE[grid.unit]) ** 0.5:
        return False
    off = [abs(x - (xs[0] + (k - ks[0]) * step)) for k, x in zip(ks, xs, strict=True)]
    return max(off) <= SHAPE_SPACING * step
