"""Pure geometry over ruling segments: snap, join, cluster.  No PDF objects here."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rencana.schema.records import Segment


@dataclass(frozen=True, slots=True)
class HLine:
    y: float
    x0: float
    x1: float

    def covers(self, x0: float, x1: float) -> float:
        """Share of the interval [x0, x1] this line runs over (0..1)."""
        width = x1 - x0
        if width <= 0:
            return 0.0
        return max(0.0, min(self.x1, x1) - max(self.x0, x0)) / width


@dataclass(frozen=True, slots=True)
class VLine:
    x: float
    top: float
    bottom: float

    def covers(self, top: float, bottom: float) -> float:
        height = bottom - top
        if height <= 0:
            return 0.0
        return max(0.0, min(self.bottom, bottom) - max(self.top, top)) / height


Span = tuple[float, float]
_Line = TypeVar("_Line", HLine, VLine)


def cluster(values: Iterable[float], tol: float) -> list[list[float]]:
    """Group sorted values whose neighbours are within ``tol``."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def _join_intervals(intervals: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _by_cluster(pieces: list[tuple[float, float, float]], snap: float) -> Iterator[tuple[float, list[Span]]]:
    """The snapped position of each cluster of pieces and the spans of its pieces (each piece is in
    one cluster: it is looked up by its own position, not by scanning every piece per cluster)."""
    groups = cluster((p[0] for p in pieces), snap)
    if any(p[0] != p[0] for p in pieces):  # a NaN position unsorts the clusters: scan, as before
        for g in groups:
            yield sum(g) / len(g), [(p[1], p[2]) for p in pieces if g[0] <= p[0] <= g[-1]]
        return
    at_value: dict[float, list[int]] = {}
    for k, (at, _, _) in enumerate(pieces):
        at_value.setdefault(at, []).append(k)
    for group in groups:
        order = sorted(k for v in set(group) for k in at_value[v])  # the pieces' own order
        yield sum(group) / len(group), [(pieces[k][1], pieces[k][2]) for k in order]


def _kept(compute: Callable[[Sequence[Segment], float, float], list[_Line]]) -> Callable[..., list[_Line]]:
    """Keep the lines of the last few segment tuples (several stages ask for the same page's lines);
    only tuples, whose content cannot change, are kept."""
    last: dict[tuple[int, float, float], tuple[Sequence[Segment], list[_Line]]] = {}

    @functools.wraps(compute)
    def lines(segments: Iterable[Segment], snap: float = 1.5, join: float = 3.0) -> list[_Line]:
        if not isinstance(segments, tuple):
            return compute(list(segments), snap, join)
        key = (id(segments), snap, join)
        hit = last.get(key)
        if hit is None or hit[0] is not segments:
            if len(last) >= 8:
                last.clear()
            hit = last[key] = (segments, compute(segments, snap, join))
        return list(hit[1])

    return lines


@_kept
def horizontal_lines(segments: Sequence[Segment], snap: float = 1.5, join: float = 3.0) -> list[HLine]:
    """Snap horizontal segments to common y's and join collinear pieces."""
    pieces = [((s.top + s.bottom) / 2, s.x0, s.x1) for s in segments if s.horizontal]
    lines: list[HLine] = []
    for y, spans in _by_cluster(pieces, snap):
        lines.extend(HLine(y, a, b) for a, b in _join_intervals(spans, join))
    return sorted(lines, key=lambda ln: (ln.y, ln.x0))


@_kept
def vertical_lines(segments: Sequence[Segment], snap: float = 1.5, join: float = 3.0) -> list[VLine]:
    """Snap vertical segments to common x's and join collinear pieces."""
    pieces = [((s.x0 + s.x1) / 2, s.top, s.bottom) for s in segments if not s.horizontal]
    lines: list[VLine] = []
    for x, spans in _by_cluster(pieces, snap):
        lines.extend(VLine(x, a, b) for a, b in _join_intervals(spans, join))
    return sorted(lines, key=lambda ln: (ln.x, ln.top))


def separators(
    lines: Sequence[HLine], x0: float, x1: float, min_cover: float, snap: float = 2.0
) -> list[float]:
    """The y's of lines covering at least ``min_cover`` of [x0, x1], deduplicated."""
    ys = [ln.y for ln in lines if ln.covers(x0, x1) >= min_cover]
    return [sum(g) / len(g) for g in cluster(ys, snap)]
