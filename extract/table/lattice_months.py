"""The month grid from the ruling, when a scan's month digits are half misread.

On a 150-200 dpi copy or a phone photo the header's month numbers are small and noisy: OCR
reads "| 2 4 3 7 3 »" over months 1-8, so the line of month labels is either not found (the
page has no table) or fitted to a run that starts one column off (every mark one month off).
The ruling is sturdier than the digits: under the time label a ruled table draws twelve narrow
cells of one width (a streak or fold found as a rule inside one of them is stepped over).
Such a lattice is the month grid when the digits read in it agree with it: at least
``LATTICE_MONTH_AGREE`` of them name the cell they sit in (two, when none names another cell).
Its cell centres are then the months' exact positions, read or not.  Scanned pages only (a
text layer's digits are read exactly and keep the word-based grid).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rencana.extract.table.timegrid import TimeGrid, month_of
from rencana.extract.text.geometry import VLine
from rencana.schema.records import Word

LATTICE_MONTH_AGREE = 3  # month digits that must sit in their own cell of the lattice ...
LATTICE_MONTH_AGREE_ALONE = 2  # ... or this many, when no digit read there names another cell
LATTICE_PITCH_TOL = 0.2  # each cell within this share of the cells' median width
LATTICE_MAX_PITCH = 8.0  # a month cell is narrow: at most this many line heights
LATTICE_BROKEN = 2  # rules of the lattice that may be broken pieces (not header to body)
SAME_LINE = 0.6  # agreeing words whose centres are this many line heights apart share a line
RULE_DEDUPE_PT = 3.0  # rules closer than this are one rule drawn twice (a broken, re-found line)


def _rules(vlines: Sequence[VLine], lo: float, bottom: float, h: float) -> list[float]:
    """x of the vertical rules right of ``lo`` that start in the header (above its ``bottom``)
    and run on into the body."""
    xs = sorted(v.x for v in vlines if v.x > lo and v.top <= bottom and v.bottom >= bottom + 4 * h)
    out: list[float] = []
    for x in xs:
        if out and x - out[-1] < RULE_DEDUPE_PT:
            continue
        out.append(x)
    return out


def _windows(xs: Sequence[float], h: float, broken: Sequence[float] = ()) -> list[list[float]]:
    """Runs of 13 rules with twelve cells of one (narrow) width, skipping rules between them (a
    copier's streak or a fold found as a rule inside a month cell); up to ``LATTICE_BROKEN`` of
    them may be ``broken`` rules (pieces that do not run from the header into the body)."""
    out = []
    for i, j in itertools.combinations(range(len(xs)), 2):
        pitch = xs[j] - xs[i]
        if pitch > LATTICE_MAX_PITCH * h:
            continue
        run = _follow(xs, broken, [xs[i], xs[j]], pitch)
        if run is None:
            continue
        gaps = [b - a for a, b in itertools.pairwise(run)]
        med = sorted(gaps)[6]
        if all(abs(g - med) <= LATTICE_PITCH_TOL * med for g in gaps) and run not in out:
            out.append(run)
    return out


def _follow(
    xs: Sequence[float], broken: Sequence[float], run: list[float], pitch: float
) -> list[float] | None:
    """``run`` carried on to 13 rules, each the rule nearest one ``pitch`` past the last (within
    ``LATTICE_PITCH_TOL`` of it), a broken one where no whole one is; None where neither is."""
    used = 0
    while len(run) < 13:
        want = run[-1] + pitch
        near = min(xs, key=lambda x: abs(x - want))
        if abs(near - want) > LATTICE_PITCH_TOL * pitch:
            near = min(broken, key=lambda x: abs(x - want), default=want + pitch)
            used += 1
            if abs(near - want) > LATTICE_PITCH_TOL * pitch or used > LATTICE_BROKEN:
                return None
        run = [*run, near]
    return run


def _reading(run: Sequence[float], words: Sequence[Word]) -> tuple[list[Word], int]:
    """The digits (or month names) read inside the lattice that name their own cell, and how
    many digits name another."""
    agree, other = [], 0
    for w in words:
        m = month_of(w.text)
        if m is None or not run[0] < w.cx < run[-1]:
            continue
        cell = next(k for k in range(12) if run[k] <= w.cx < run[k + 1]) + 1
        if cell == m:
            agree.append(w)
        elif any(ch.isdigit() for ch in w.text):  # a "v" beside is a mark, not a numeral
            other += 1
    return agree, other


def _agrees(agree: int, other: int) -> bool:
    """Enough digits in their own cells: ``LATTICE_MONTH_AGREE``, or ``LATTICE_MONTH_AGREE_ALONE``
    when no digit read in the lattice names another cell."""
    return agree >= LATTICE_MONTH_AGREE or (agree >= LATTICE_MONTH_AGREE_ALONE and other == 0)


def lattice_months(
    words: Sequence[Word], vlines: Sequence[VLine], lo: float, band: tuple[float, float], h: float
) -> TimeGrid | None:
    """The month grid drawn by the ruling right of ``lo`` (the text columns' right edge), when
    the scanned digits of the header ``band`` (top, bottom) agree with it; else None."""
    top, bottom = band
    scanned = [w for w in words if w.source == "ocr" and top <= w.cy <= bottom and w.cx > lo]
    if len(scanned) < LATTICE_MONTH_AGREE_ALONE:
        return None
    best: tuple[list[float], list[Word], int] | None = None
    broken = [v.x for v in vlines if v.x > lo and v.bottom > bottom]
    for run in _windows(_rules(vlines, lo, bottom, h), h, broken):
        agree, other = _reading(run, scanned)
        if best is None or len(agree) > len(best[1]):
            best = (run, agree, other)
    if best is None or not _agrees(len(best[1]), best[2]):
        return None
    run, agree, _ = best
    line = _month_line(agree, h)
    centres = {k + 1: (run[k] + run[k + 1]) / 2 for k in range(12)}
    return TimeGrid("month", centres, min(w.top for w in line), max(w.bottom for w in line))


def _month_line(agree: Sequence[Word], h: float) -> list[Word]:
    """The line holding most of the agreeing words: the month numbers.  A first row's mark "V"
    in month 5's cell names its cell too; taken for a numeral it had put the grid's bottom under
    that row's first line, and the row's marks were lost as header (754-005 p3, months 1-6)."""
    lines: list[list[Word]] = []
    for w in sorted(agree, key=lambda w: w.cy):
        if lines and w.cy - lines[-1][-1].cy <= SAME_LINE * h:
            lines[-1].append(w)
        else:
            lines.append([w])
    return max(lines, key=len)
