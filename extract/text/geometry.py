"""Pure geometry over ruling segments: snap, join, cluster.  No PDF objects here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def horizontal_lines(segments: Iterable[Segment], snap: float = 1.5, join: float = 3.0) -> list[HLine]:
    """Snap horizontal segments to common y's and join collinear pieces."""
    pieces = [((s.top + s.bottom) / 2, s.x0, s.x1) for s in segments if s.horizontal]
    lines: list[HLine] = []
    for group in cluster((p[0] for p in pieces), snap):
        lo, hi = group[0], group[-1]
        y = sum(group) / len(group)
        spans = [(p[1], p[2]) for p in pieces if lo <= p[0] <= hi]
        lines.extend(HLine(y, a, b) for a, b in _join_intervals(spans, join))
    return sorted(lines, key=lambda ln: (ln.y, ln.x0))


def vertical_lines(segments: Iterable[Segment], snap: float = 1.5, join: float = 3.0) -> list[VLine]:
    """Snap vertical segments to common x's and join collinear pieces."""
    pieces = [((s.x0 + s.x1) / 2, s.top, s.bottom) for s in segments if not s.horizontal]
    lines: list[VLine] = []
    for group in cluster((p[0] for p in pieces), snap):
        lo, hi = group[0], group[-1]
        x = sum(group) / len(group)
        spans = [(p[1], p[2]) for p in pieces if lo <= p[0] <= hi]
        lines.extend(VLine(x, a, b) for a, b in _join_intervals(spans, join))
    return sorted(lines, key=lambda ln: (ln.x, ln.top))


def separators(
    lines: Sequence[HLine], x0: float, x1: float, min_cover: float, snap: float = 2.0
) -> list[float]:
    """The y's of lines covering at least ``min_cover`` of [x0, x1], deduplicated."""
    ys = [ln.y for ln in lines if ln.covers(x0, x1) >= min_cover]
    return [sum(g) / len(g) for g in cluster(ys, snap)]
