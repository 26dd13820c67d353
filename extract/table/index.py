"""Index structures for the grid's geometric lookups (issue 14: linear work instead of all pairs).

Every function here returns exactly what the all-pairs loop it replaces would find; it only
skips pairs or bands that cannot match.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar


class _Box(Protocol):
    @property
    def x0(self) -> float: ...

    @property
    def x1(self) -> float: ...

    @property
    def top(self) -> float: ...

    @property
    def bottom(self) -> float: ...


def near_pairs(boxes: Sequence[_Box], mx: float, my: float) -> Iterator[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of boxes whose gap is at most ``mx`` across and ``my`` down
    (a sweep over the boxes sorted by top; pairs farther apart are never yielded).

    A box with its bottom above its top (never drawn by a PDF or OCR, but possible in a record)
    makes every pair a candidate, as the loop this replaces did.
    """
    n = len(boxes)
    if any(b.bottom < b.top or b.x1 < b.x0 for b in boxes):
        yield from ((i, j) for i in range(n) for j in range(i + 1, n))
        return
    order = sorted(range(n), key=lambda k: boxes[k].top)
    tops = [boxes[k].top for k in order]
    for pos, k in enumerate(order):
        a = boxes[k]
        reach = bisect.bisect_right(tops, a.bottom + my, lo=pos + 1)
        for m in range(pos + 1, reach):
            other = order[m]
            b = boxes[other]
            if max(a.x0, b.x0) - min(a.x1, b.x1) <= mx:
                yield (k, other) if k < other else (other, k)


class Bands:
    """The row band holding a height: the first ``(a, b)`` with ``a <= y < b``, by bisection when the
    bands run top to bottom without overlapping (row rules, text lines), else by scanning them."""

    def __init__(self, bands: Sequence[tuple[float, float]]) -> None:
        self.bands = list(bands)
        self.tops = [a for a, _ in self.bands]
        self.sorted = all(a <= b for a, b in self.bands) and all(
            self.bands[k][1] <= self.bands[k + 1][0] for k in range(len(self.bands) - 1)
        )

    def of(self, y: float) -> int | None:
        if not self.sorted:
            return next((r for r, (a, b) in enumerate(self.bands) if a <= y < b), None)
        r = bisect.bisect_right(self.tops, y) - 1
        return r if r >= 0 and y < self.bands[r][1] else None


B = TypeVar("B", bound=_Box)


class Spans(Generic[B]):
    """Boxes by their vertical extent, for "which boxes may reach into the band ``top..bottom``":
    by bisection over their tops, within the tallest box's height (a box whose top lies higher
    cannot reach down into the band)."""

    def __init__(self, boxes: Sequence[B]) -> None:
        self.boxes = list(boxes)
        # a box drawn bottom above top (or with a NaN edge) makes every box a candidate, as the
        # loops this serves tested every box
        self.plain = all(b.top <= b.bottom for b in self.boxes)
        self.order = sorted(self.boxes, key=lambda b: b.top) if self.plain else self.boxes
        self.tops = [b.top for b in self.order]
        self.tallest = max((b.bottom - b.top for b in self.order), default=0.0)

    def across(self, top: float, bottom: float) -> Sequence[B]:
        """Every box that overlaps the band (``box.top < bottom`` and ``box.bottom > top``), and
        every box when the band or a box is not plain; in order of their tops."""
        if not self.plain or not top <= bottom:
            return self.boxes
        lo = bisect.bisect_right(self.tops, top - self.tallest - 1.0)  # 1 pt: no rounding at the edge
        hi = bisect.bisect_left(self.tops, bottom, lo=lo)
        return [b for b in self.order[lo:hi] if b.bottom > top]


_LAST_SPANS: list[tuple[Sequence[Any], Spans[Any]]] = []


def spans_of(boxes: Sequence[B]) -> Spans[B]:
    """:class:`Spans` of ``boxes``, kept for the last sequence asked about (a page's month cells
    ask about the same page's fills, one cell after another)."""
    if not _LAST_SPANS or _LAST_SPANS[0][0] is not boxes:
        _LAST_SPANS[:] = [(boxes, Spans(boxes))]
    spans: Spans[B] = _LAST_SPANS[0][1]
    return spans
