"""Words into visual text lines: the one grouping every reader uses (header, cells, front matter).

:func:`group_lines` walks the words top to bottom and lets each join the current line or
open a new one; what "on the line" means is a small predicate, so the callers differ only in
their tolerance, never in the walk:

* :func:`near_last`: the centre within ``ratio`` × line height of the line's last word
  (table cells, header label windows);
* :func:`near_first`: the centre within half a line of the line's first word, or (OCR) boxes
  overlapping by half the shorter one's height (header cells: a speck above a word stretches
  its box upwards);
* :func:`near_mean`: the centre within half a line of the line's mean centre, or (OCR) a box
  stretched by a signature stroke that still spans that centre (front matter).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from rencana.schema.records import Word

Joins = Callable[[Sequence[Word], Word], bool]
"""Whether a word joins the current line (its words so far, top to bottom)."""


class _Box(Protocol):
    @property
    def top(self) -> float: ...

    @property
    def bottom(self) -> float: ...


def line_height(words: Sequence[_Box], floor: float, default: float) -> float:
    """The median word height, at least ``floor``; ``default`` without words."""
    if not words:
        return default
    heights = sorted(w.bottom - w.top for w in words)
    return float(max(floor, heights[len(heights) // 2]))


def vertical_overlap(a: _Box, b: _Box) -> tuple[float, float]:
    """How far two boxes overlap vertically (negative: the gap), and the shorter one's height."""
    return min(a.bottom, b.bottom) - max(a.top, b.top), min(a.bottom - a.top, b.bottom - b.top)


def one_line(a: Word, b: Word, h: float) -> bool:
    """Whether two words sit on one text line: centres within half a line, or (OCR) boxes that
    overlap by half the shorter one's height (a speck above a word stretches its box upwards)."""
    if abs(a.cy - b.cy) < 0.5 * h:
        return True
    if a.source != "ocr" or b.source != "ocr":
        return False
    overlap, shorter = vertical_overlap(a, b)
    return overlap >= 0.5 * shorter


def near_last(h: float, ratio: float = 0.5) -> Joins:
    """The word's centre is within ``ratio`` × ``h`` of the line's last word's centre."""
    return lambda line, w: abs(w.cy - line[-1].cy) < ratio * h


def near_first(h: float) -> Joins:
    """The word sits on one line with the line's first word (:func:`one_line`)."""
    return lambda line, w: one_line(w, line[0], h)


def near_mean(h: float) -> Joins:
    """The word's centre is within half a line of the line's mean centre, or it is an OCR box
    stretched by a stroke under the word (over 1.5 lines tall) that spans that centre."""

    def joins(line: Sequence[Word], w: Word) -> bool:
        mid = sum(x.cy for x in line) / len(line)
        stretched = w.source == "ocr" and w.bottom - w.top > 1.5 * h and w.top <= mid <= w.bottom
        return abs(w.cy - mid) < 0.5 * h or stretched

    return joins


def group_lines(words: Sequence[Word], joins: Joins) -> list[list[Word]]:
    """Lines of ``words`` top to bottom (by centre); each line's words in the order they came."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.cy):
        if lines and joins(lines[-1], w):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def left_to_right(line: Sequence[Word]) -> list[Word]:
    return sorted(line, key=lambda w: w.x0)


def text_lines(words: Sequence[Word], top: float = 0.0, bottom: float = float("inf")) -> list[str]:
    """Lines of words between ``top`` and ``bottom``, top to bottom, words left to right.

    A wide horizontal gap (a tab in the source, as in ``Menimbang : a. bahwa``) becomes a
    single space, which is what the front-matter reader expects.
    """
    chosen = sorted((w for w in words if top <= w.cy <= bottom), key=lambda w: (w.cy, w.x0))
    if not chosen:
        return []
    h = line_height(chosen, 3.0, 3.0)
    return [" ".join(w.text for w in left_to_right(line)) for line in group_lines(chosen, near_mean(h))]
