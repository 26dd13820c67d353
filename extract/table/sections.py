"""Rows that are not plan rows: full-width section headings and header echoes."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from rencana.extract.table.cells import cell_text
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import VLine
from rencana.schema.records import Word

_HEADING = re.compile(r"^([A-H]|[IVX]{1,4}|[1-8])\.\s+\S|^AREA\s+[IVX]{1,4}\b", re.I)


def section_text(
    words: Sequence[Word],
    bounds: Sequence[float],
    vlines: Sequence[VLine],
    band: tuple[float, float],
    h: float,
    s: TableSettings,
) -> str:
    """The text of a full-width heading row ("I. MANAJEMEN PERUBAHAN"), or "".

    Ruled tables: no vertical rule crosses the row inside the table.  Unruled:
    one line of evenly spaced words running across two or more column bounds.
    """
    if not words:
        return ""
    top, bottom = band
    inner = bounds[1:-1]
    if vlines:
        crossed = sum(
            1
            for x in inner
            if any(abs(v.x - x) < s.rule_snap_pt and v.covers(top, bottom) >= s.section_cover for v in vlines)
        )
        return cell_text(words, h) if crossed <= 1 else ""
    ordered = sorted(words, key=lambda w: w.x0)
    if len(ordered) < 2 or max(w.cy for w in ordered) - min(w.cy for w in ordered) > 0.5 * h:
        return ""
    if max(b.x0 - a.x1 for a, b in itertools.pairwise(ordered)) > s.section_word_gap * h:
        return ""
    crossed = sum(1 for x in inner if ordered[0].x0 < x < ordered[-1].x1)
    # a heading numbered like one ("B. DEREGULASI KEBIJAKAN", "III. …", "AREA II: …") may cross
    # only the first column's bound: in a table without No or Area columns it starts in a wide one
    numbered = (
        bool(_HEADING.match(cell_text(ordered[:2], h))) and ordered[0].x0 < inner[0] if inner else False
    )
    return cell_text(words, h) if crossed >= 2 or (crossed == 1 and numbered) else ""


# "A. MANAJEMEN …", "II. Deregulasi …", or named as an area: "AREA I: MANAJEMEN …", "Area 3. …"
_LETTER_HEADING = re.compile(r"^(?:(?:[A-H]|[IVX]{1,4})\.|(?i:AREA)\s+(?:[IVX]{1,4}|[1-9])\s*[.:]?)\s+[A-Z]")


def lone_heading(cells: Sequence[Sequence[Word]], marks: Sequence[str], no_area: bool, h: float) -> str:
    """A heading lettered like an area's ("A. MANAJEMEN PERUBAHAN", "II. Deregulasi …") alone in
    the first column of a table without an Area column, no mark and nothing else in the row: a
    section row whose short text fits the first column (no rules to tell it by).  Kegiatan are
    numbered 1., 2. …, so a lettered lone cell, or one named "AREA II:", is not one."""
    if not no_area or any(marks) or not cells or any(col for col in cells[1:]):
        return ""
    text = cell_text(cells[0], h)
    return text if _LETTER_HEADING.match(text) and len(text.split()) >= 2 else ""


def part_ruled(
    vlines: Sequence[VLine], bounds: Sequence[float], bottom: float, s: TableSettings
) -> list[VLine]:
    """The rules of a grid whose text columns are ruled and its month columns not (Gantt bars
    without cell borders), when at least three inner column bounds carry one: a plan row then
    crosses two or more of them and a full-width heading (a merged cell) at most one; with fewer,
    nothing (section rows are judged by their words, as on an unruled page)."""
    inner = bounds[1:-1]
    on_bounds = [v for v in vlines if v.top < bottom and any(abs(v.x - x) < s.rule_snap_pt for x in inner)]
    ruled = {x for x in inner if any(abs(v.x - x) < s.rule_snap_pt for v in on_bounds)}
    return on_bounds if len(ruled) >= 3 else []


def _longest_increasing(values: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence."""
    tails: list[int] = []
    for v in values:
        i = bisect.bisect_left(tails, v)
        if i == len(tails):
            tails.append(v)
        else:
            tails[i] = v
    return len(tails)


def is_header_echo(cells: Sequence[Sequence[Word]]) -> bool:
    """A column-number row (1..17) or a repeated header that slipped below the header."""
    texts = [" ".join(w.text for w in col) for col in cells]
    numbers = [int(t) for t in texts if t.strip().isdigit()]
    if len(numbers) >= min(12, len(cells) - 1) and all(a < b for a, b in itertools.pairwise(numbers)):
        return True  # a column-number row 1..N (N is smaller with a quarter or semester grid)
    if any(w.source == "ocr" for col in cells for w in col) and len(numbers) >= len(cells) // 2:
        # a scanned column-number row: some numbers unread or misread ("190"), the
        # rest in order, and no text (a mark, at most, where a digit was unread)
        wordy = any(sum(ch.isalpha() for ch in t) >= 2 for t in texts)
        if not wordy and _longest_increasing(numbers) >= len(cells) // 2:
            return True
    joined = " ".join(texts).upper()
    return "INDIKATOR" in joined and "KEGIATAN" in joined and "PERUBAHAN" in joined
