"""Text cells of the ruled table read again, one crop each, where the page read was unsure (issue 10).

A post-step over one page's words and its ruling, after the page read: the lattice of the
kept rules (vertical rules' x, horizontal rules' y) gives the cells; a text cell (at least
:data:`MIN_CELL_W_PT` wide: month columns hold marks, not text) whose words read at a mean
confidence below :data:`REREAD_BELOW` is cut out, enlarged to the text size Tesseract reads
best and read as a block (psm 6, :mod:`.crops`).  The new words replace the old only when
they read surer by :data:`MIN_GAIN` and about as long (a block read that lost half the cell
is not taken).  A cell with no word is not read: measured on the dev copies, what a crop read
finds there is a stamp's or a mark's hatching read as text ("0001", "£ 3 2"), and the page's
second read already reads the ink no word covers.  At most :data:`MAX_CELLS` cells a page, the
least sure first, so a poor page costs a bounded number of small reads (the OCR time budget:
≤ 1.5x a bare Tesseract run, ``scripts/bench_ocr_pipeline.py``).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from rencana.extract.ocr.crops import Crop, mean_conf, read_crop, replaced
from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.tesseract import OcrWord, TesseractEngine
from rencana.schema.records import Segment

log = logging.getLogger(__name__)

MIN_CELL_W_PT = 50.0
MIN_CELL_H_PT = 9.0
MERGE_PT = 3.0  # rules this close are one
COVER_PT = 3.0  # a rule bounds a cell when it spans the cell's side to within this
INSET_PT = 1.5  # the crop stays this far inside the rules
REREAD_BELOW = 60.0
MIN_GAIN = 10.0
MAX_CELLS = 8
LENGTH_RATIO = (0.6, 1.6)


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell of the ruled lattice, in points."""

    x0: float
    top: float
    x1: float
    bottom: float


def _positions(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= MERGE_PT:
            continue
        out.append(v)
    return out


def _bounded(cell: Cell, segments: Sequence[Segment]) -> bool:
    """Each side of ``cell`` lies on a rule that spans it."""
    vertical = [g for g in segments if not g.horizontal]
    horizontal = [g for g in segments if g.horizontal]

    def v_side(x: float) -> bool:
        return any(
            abs(g.x0 - x) <= MERGE_PT and g.top <= cell.top + COVER_PT and g.bottom >= cell.bottom - COVER_PT
            for g in vertical
        )

    def h_side(y: float) -> bool:
        return any(
            abs(g.top - y) <= MERGE_PT and g.x0 <= cell.x0 + COVER_PT and g.x1 >= cell.x1 - COVER_PT
            for g in horizontal
        )

    return v_side(cell.x0) and v_side(cell.x1) and h_side(cell.top) and h_side(cell.bottom)


def text_cells(segments: Sequence[Segment]) -> list[Cell]:
    """The lattice's bounded cells wide enough to hold text (month columns excluded)."""
    xs = _positions([g.x0 for g in segments if not g.horizontal])
    ys = _positions([g.top for g in segments if g.horizontal])
    out = []
    for x0, x1 in itertools.pairwise(xs):
        if x1 - x0 < MIN_CELL_W_PT:
            continue
        for y0, y1 in itertools.pairwise(ys):
            cell = Cell(x0, y0, x1, y1)
            if y1 - y0 >= MIN_CELL_H_PT and _bounded(cell, segments):
                out.append(cell)
    return out


def _inside(w: OcrWord, cell: Cell, px: float) -> bool:
    cx, cy = (w.x0 + w.x1) / 2 / px, (w.top + w.bottom) / 2 / px
    return cell.x0 < cx < cell.x1 and cell.top < cy < cell.bottom


def _crop(cell: Cell, px: float, text_px: float) -> Crop:
    k = INSET_PT
    return Crop(
        round((cell.x0 + k) * px),
        round((cell.top + k) * px),
        round((cell.x1 - k) * px),
        round((cell.bottom - k) * px),
        text_px,
    )


def _takes(old: list[OcrWord], new: list[OcrWord]) -> bool:
    """The re-read replaces the page read: surer by :data:`MIN_GAIN` and about as long."""
    if not new or not old:
        return False
    a, b = sum(len(w.text) for w in old), sum(len(w.text) for w in new)
    return LENGTH_RATIO[0] * a <= b <= LENGTH_RATIO[1] * a and mean_conf(new) >= mean_conf(old) + MIN_GAIN


def reread_cells(
    words: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine, segments: Sequence[Segment]
) -> list[OcrWord]:
    """``words`` with the unsure text cells of the ruled table read again (see above)."""
    px = dpi / 72.0
    heights = sorted(w.bottom - w.top for w in words)
    text_px = float(heights[len(heights) // 2]) if heights else 9.0 * px
    todo: list[tuple[float, list[OcrWord], Crop]] = []
    for cell in text_cells(segments):
        inside = [w for w in words if _inside(w, cell, px)]
        crop = _crop(cell, px, text_px)
        if inside and mean_conf(inside) < REREAD_BELOW:
            todo.append((mean_conf(inside), inside, crop))
    out = words
    for _, old, crop in sorted(todo, key=lambda t: t[0])[:MAX_CELLS]:
        new = read_crop(engine, gray, dpi, crop, psm=6)
        log.debug("cell %r re-read: %r", [w.text for w in old], [w.text for w in new])
        if _takes(old, new):
            out = replaced(out, old, new)
    return out
