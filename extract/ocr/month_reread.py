"""The month numbers over a ruled time grid read again, cell by cell, where the page read garbled them.

A phone photo's header prints the month numbers 1-12 in twelve narrow cells; the dashed or
faint rules between them survive in the image the page read sees, so Tesseract reads the line
as one word of digits and rule strokes ("2Jajafajs", "s|7"): the table has no time grid and
the page is lost (724-000 p6).  The ruling is sturdier than that reading: twelve cells of one
narrow width side by side (:func:`month_lattice`, thirteen vertical rules at one pitch) are a
month grid's columns.  Each line of words near the top of that lattice is cut into its twelve
cells, each cell's crop binarised and enlarged on its own, the crops set side by side on white
with the rules left out, and read as one block of one line (one Tesseract call a line).  The line's
words are replaced by the new ones when more of its cells now read as their own number (at
least :data:`MIN_AGREE`): the reading the table's month lattice then checks the grid with
(:mod:`rencana.extract.table.lattice_months`).  A page whose numbers the page read got right
(:data:`READ_ENOUGH` of them) is left alone and costs nothing.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from statistics import median

import cv2
import numpy as np

from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.tesseract import OcrWord, TesseractEngine
from rencana.schema.records import Segment

log = logging.getLogger(__name__)

MERGE_PT = 2.0  # vertical rules closer than this are one
MIN_PITCH_PT = 8.0  # a month cell holds a number or a mark: wider than this ...
MAX_PITCH_PT = 45.0  # ... and narrower than a text column
PITCH_TOL = 0.15  # each cell within this share of the first cell's width
BODY_LINES = 4.0  # the rules run on at least this many text heights under the header
NEAR_LINES = 3.5  # lines of words this many text heights above or below the rules' top are candidates
READ_ENOUGH = 9  # cells whose number the page read got right: nothing to do
MIN_AGREE = 6  # cells that must read as their own number for the re-read to be taken
TARGET_PX = 36.0  # text height the crops are enlarged to (what Tesseract reads best)
MAX_SCALE = 4.0
GAP = 0.8  # white between two cells' crops, in text heights (the rule left out)
INSET_PT = 1.2  # a crop stays this far inside the cell's rules

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in page pixels


def _xs(vertical: Sequence[Segment]) -> list[tuple[float, float, float]]:
    """The vertical rules as (x, top, bottom), pieces at one x merged."""
    out: list[tuple[float, float, float]] = []
    for g in sorted(vertical, key=lambda g: g.x0):
        if out and g.x0 - out[-1][0] <= MERGE_PT:
            x, top, bottom = out[-1]
            out[-1] = (x, min(top, g.top), max(bottom, g.bottom))
        else:
            out.append((g.x0, g.top, g.bottom))
    return out


def month_lattice(segments: Sequence[Segment], h: float) -> list[tuple[float, float, float]] | None:
    """Thirteen vertical rules (x, top, bottom in points) at one narrow pitch running down the
    table together: twelve month columns; None when the ruling has no such run."""
    rules = [r for r in _xs([g for g in segments if not g.horizontal]) if r[2] - r[1] >= BODY_LINES * h]
    for i in range(len(rules) - 12):
        run = rules[i : i + 13]
        pitch = run[1][0] - run[0][0]
        if not MIN_PITCH_PT <= pitch <= MAX_PITCH_PT:
            continue
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(run)]
        bottoms = [r[2] for r in run]
        if all(abs(g - pitch) <= PITCH_TOL * pitch for g in gaps) and max(bottoms) - min(bottoms) <= 2 * h:
            return run
    return None


def _cell(x: float, xs: Sequence[float]) -> int | None:
    """The 0-based cell of ``xs`` (rule positions) that ``x`` lies in."""
    return next((k for k in range(len(xs) - 1) if xs[k] <= x < xs[k + 1]), None)


def _agree(words: Sequence[OcrWord], xs: Sequence[float], px: float) -> int:
    """How many cells hold a word reading as the cell's own number (1-12)."""
    cells = set()
    for w in words:
        k = _cell((w.x0 + w.x1) / 2 / px, xs)
        if k is not None and w.text.strip(" .,:;|'\"") == str(k + 1):
            cells.add(k)
    return len(cells)


def _lines(words: Sequence[OcrWord], xs: Sequence[float], top: float, h: float, px: float) -> list[float]:
    """Centres (points) of the lines of words over the lattice near the top of its rules."""
    ys = sorted(
        (w.top + w.bottom) / 2 / px
        for w in words
        if xs[0] < _centre(w, px)[0] < xs[-1] and abs(_centre(w, px)[1] - top) <= NEAR_LINES * h
    )
    out: list[list[float]] = []
    for y in ys:
        if out and y - out[-1][-1] <= 0.6 * h:
            out[-1].append(y)
        else:
            out.append([y])
    return [median(line) for line in out]


def _crop(gray: Gray, box: Box, scale: float) -> Gray:
    """One cell cut out, binarised on its own (Otsu: its paper and its ink) and enlarged."""
    x0, y0, x1, y1 = box
    part: Gray = gray[y0:y1, x0:x1]
    if scale > 1.05:
        part = np.asarray(cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC), np.uint8)
    _, binary = cv2.threshold(part, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if float(np.mean(binary)) < 0.5 * 255:  # an empty cell: Otsu split its paper's grain
        binary[:] = 255
    return _unframed(np.asarray(binary, np.uint8))


def _unframed(binary: Gray) -> Gray:
    """The crop without the ink touching its border: the pieces of the cell's rules (dashed or
    slanted a little, they stand inside the inset here and there); the number stands clear."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(255 - binary, connectivity=8)
    h, w = binary.shape
    out = binary.copy()
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i][:4])
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            out[labels == i] = 255
    return out


def _centre(w: OcrWord, px: float) -> tuple[float, float]:
    """A word's centre in points."""
    return (w.x0 + w.x1) / 2 / px, (w.top + w.bottom) / 2 / px


def _strip(gray: Gray, boxes: Sequence[Box], scale: float) -> tuple[Gray, list[int], int]:
    """The cells' crops side by side on white, ``GAP`` apart; where each starts, and the gap."""
    gap = round(GAP * TARGET_PX)
    crops = [_crop(gray, box, scale) for box in boxes]
    starts = list(itertools.accumulate((c.shape[1] + gap for c in crops[:-1]), initial=gap))
    strip = np.full(
        (max(c.shape[0] for c in crops) + 2 * gap, starts[-1] + crops[-1].shape[1] + gap), 255, np.uint8
    )
    for crop, x in zip(crops, starts, strict=True):
        strip[gap : gap + crop.shape[0], x : x + crop.shape[1]] = crop
    return strip, starts, gap


def _read_line(
    gray: Gray, xs: Sequence[float], y: float, h: float, dpi: float, engine: TesseractEngine
) -> list[OcrWord]:
    """The line at ``y`` read cell by cell (crops side by side, read as one line); the words
    back in page pixels, each inside its cell."""
    px = dpi / 72.0
    scale = min(MAX_SCALE, max(1.0, TARGET_PX / (h * px)))
    top, bottom = max(0, round((y - 0.9 * h) * px)), min(gray.shape[0], round((y + 0.9 * h) * px))
    boxes = [
        (round((a + INSET_PT) * px), top, round((b - INSET_PT) * px), bottom)
        for a, b in itertools.pairwise(xs)
    ]
    if any(x1 - x0 < 2 or y1 - y0 < 2 for x0, y0, x1, y1 in boxes):
        return []
    strip, starts, gap = _strip(gray, boxes, scale)
    ends = [*starts[1:], strip.shape[1] + gap]
    out = []
    for w in engine.words(strip, dpi * scale, 6):  # psm 7 reads nothing through tesserocr here
        cx = (w.x0 + w.x1) / 2
        k = next(
            (i for i, (a, b) in enumerate(zip(starts, ends, strict=True)) if a - gap / 2 <= cx < b - gap / 2),
            None,
        )
        if k is None or not w.text.strip():
            continue
        x0, y0 = boxes[k][0] - starts[k] / scale, boxes[k][1] - gap / scale
        out.append(
            OcrWord(
                w.text,
                round(x0 + w.x0 / scale),
                round(y0 + w.top / scale),
                round(x0 + w.x1 / scale),
                round(y0 + w.bottom / scale),
                w.conf,
            )
        )
    return out


def reread_months(
    words: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine, segments: Sequence[Segment]
) -> list[OcrWord]:
    """``words`` with the month numbers over the ruled time grid read again cell by cell, when
    the page read got too few of them (see above)."""
    px = dpi / 72.0
    if not words:
        return words
    h = float(median(w.bottom - w.top for w in words)) / px
    run = month_lattice(segments, h)
    if run is None:
        return words
    xs = [r[0] for r in run]
    top = float(median(r[1] for r in run[1:-1]))  # the inner rules start under the time label
    lines = _lines(words, xs, top, h, px)
    if not lines or any(_agree(_on(words, xs, y, h, px), xs, px) >= READ_ENOUGH for y in lines):
        return words
    best: tuple[int, float, list[OcrWord]] | None = None
    for y in lines:
        new = _read_line(gray, xs, y, h, dpi, engine)
        n = _agree(new, xs, px)
        log.debug("month line at %.0f pt re-read: %r (%d cells agree)", y, [w.text for w in new], n)
        if n >= MIN_AGREE and n > _agree(_on(words, xs, y, h, px), xs, px) and (best is None or n > best[0]):
            best = (n, y, new)
    if best is None:
        return words
    _, y, new = best
    old = {id(w) for w in _on(words, xs, y, h, px)}
    at = next((i for i, w in enumerate(words) if id(w) in old), len(words))
    kept = [w for w in words if id(w) not in old]
    at = sum(1 for w in words[:at] if id(w) not in old)
    return [*kept[:at], *new, *kept[at:]]


def _on(words: Sequence[OcrWord], xs: Sequence[float], y: float, h: float, px: float) -> list[OcrWord]:
    """The words of the line at ``y`` inside the lattice."""
    return [w for w in words if xs[0] < _centre(w, px)[0] < xs[-1] and abs(_centre(w, px)[1] - y) <= 0.6 * h]
