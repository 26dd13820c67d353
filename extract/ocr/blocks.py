"""Shaded blocks joined into one region, split again (issue 10, phone photos).

Month cells shaded as a Gantt bar, stacked over rows of a table without vertical rules, touch
through the blurred row rule between them: the shading finder sees one L- or T-shaped region
that fills too little of its box to be a cell, and every month of those rows was lost (706-000
p4, a dozen rows without months).  The region is cut where its width changes: each band of rows
of one extent is a block of its own when it fills its box.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Box = tuple[int, int, int, int]  # x, y, width, height in pixels
MIN_FILLED = 0.85  # a piece must cover this share of its box to be a block (a shaded cell is solid)


def row_pieces(mask: npt.NDArray[np.bool_], side: float, x0: int = 0, y0: int = 0) -> list[Box]:
    """The rectangles of ``mask`` (one region's pixels in its box at ``x0, y0``): runs of rows whose
    left and right ends and pixel count stay within half a ``side`` of the run's first row, at
    least ``side`` tall and wide, each filling ``MIN_FILLED`` of its box."""
    out: list[Box] = []
    start, ext = -1, (0, 0, 0)
    for y in range(mask.shape[0] + 1):
        xs = np.flatnonzero(mask[y]) if y < mask.shape[0] else np.empty(0, np.int64)
        here = (int(xs[0]), int(xs[-1]), int(xs.size)) if xs.size else None
        if (
            start >= 0
            and here is not None
            and max(abs(a - b) for a, b in zip(here, ext, strict=True)) <= side / 2
        ):
            continue  # the same ends and as many pixels: the same block
        if start >= 0:
            out += _block(mask, start, y, ext[:2], side, x0, y0)
        start, ext = (y, here) if here is not None else (-1, (0, 0, 0))
    return out


def _block(
    mask: npt.NDArray[np.bool_], top: int, end: int, ext: tuple[int, int], side: float, x0: int, y0: int
) -> list[Box]:
    w, h = ext[1] - ext[0] + 1, end - top
    if w < side or h < side or mask[top:end, ext[0] : ext[1] + 1].sum() < MIN_FILLED * w * h:
        return []
    return [(x0 + ext[0], y0 + top, w, h)]
