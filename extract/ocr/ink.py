"""Shading and ink marks found in pixels, and the ink a page read left unread.

Input is an upright, deskewed grayscale page; output is in PDF points as
:class:`~rencana.schema.records.Fill` (shading; ink blobs with ``gray`` = 1 - density), the
primitives :mod:`rencana.extract.table.marks` decides month cells from, whichever backend
found them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import cv2
import numpy as np
import numpy.typing as npt

from rencana.extract.ocr.blocks import row_pieces
from rencana.extract.ocr.raster import Gray, pt_to_px
from rencana.extract.ocr.ruling import px_int
from rencana.extract.ocr.settings import (
    BAR_GAP_PT,
    BAR_GRAY,
    FILL_CORE,
    FILL_LOCAL_MAX,
    FILL_LOCAL_PCT,
    INK_CROWD,
    INK_CROWD_PT,
    MARK_LIKE,
    STREAK_MIN_ROWS,
    STREAK_THIN,
    STREAK_X_PT,
    UNSHADE_KEEP,
    LineSettings,
)
from rencana.schema.records import BBox, Fill, Segment

log = logging.getLogger(__name__)


def find_fills(
    gray: Gray,
    dpi: float,
    paper: float,
    settings: LineSettings,
    region: BBox | None = None,
    cuts: Sequence[Segment] = (),
) -> list[Fill]:
    """Shaded areas: mid-grey regions (between ``fill_lum`` and a little under the paper) wide enough
    to be a cell, not a stroke.  ``gray`` of each fill is its mean luminance, 0..1.

    ``cuts`` (the page's ruling) separate fills: a thin rule between two shaded cells, blurred
    by the scanner, is as gray as the shading, and shaded cells stacked in a horizontal-rules-only
    table would otherwise come out as one block covering their unshaded neighbours too.  With
    ``cuts`` (the fills month marks are read from) each fill is also cut to its solid core
    (:func:`_solid_core`).
    """
    lo, hi = settings.fill_lum
    hi = min(hi, paper - settings.fill_paper_margin)
    if hi <= lo:
        return []
    k = max(3, px_int(pt_to_px(1.0, dpi)))
    smooth = cv2.blur(gray, (k, k))
    band = cv2.inRange(smooth, int(lo * 255), int(hi * 255))
    kpx = dpi / 72.0
    for g in _cut_lines(cuts):
        p0, p1 = (round(g.x0 * kpx), round(g.top * kpx)), (round(g.x1 * kpx), round(g.bottom * kpx))
        cv2.line(band, p0, p1, 0, max(2, round(2 * kpx)))
    side = pt_to_px(settings.fill_min_side, dpi)
    open_k = max(3, px_int(side * 0.6))
    band = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (open_k, open_k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=4)
    fills: list[Fill] = []
    scale = 72.0 / dpi
    for i in range(1, n):
        for x, y, w, h in _pieces(labels, i, stats[i], side, bool(cuts)):
            box = BBox(x * scale, y * scale, (x + w) * scale, (y + h) * scale)
            if region is not None and not inside(box, region):
                continue
            lum = float(gray[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i].mean()) / 255.0
            fills.append(Fill(box.x0, box.top, box.x1, box.bottom, round(lum, 3)))
    return fills


def _cut_lines(cuts: Sequence[Segment]) -> list[Segment]:
    """``cuts`` with every horizontal rule carried on to the table's right edge (the rules' furthest
    end): a row's rule runs on through the month columns, but where shaded cells stand one above
    the other a blurred rule between them is lightened away with the shading and found only up to
    the first of them (720-001 p4: three rows' shaded months one block, none of them read)."""
    right = max((g.x1 for g in cuts if g.horizontal), default=0.0)
    return [Segment(g.x0, g.top, max(g.x1, right), g.bottom) if g.horizontal else g for g in cuts]


def _pieces(
    labels: npt.NDArray[np.generic], i: int, stat: npt.NDArray[np.generic], side: float, core: bool
) -> list[tuple[int, int, int, int]]:
    """Region ``i``'s fill boxes: blocks touching through a blurred rule cut apart into their rows
    (issue 10, phone photos), each cut to its solid core when ``core`` (the fills marks are read from)."""
    x0, y0, w0, h0, area = (int(v) for v in stat)
    own = labels[y0 : y0 + h0, x0 : x0 + w0] == i
    pieces = row_pieces(own, side, x0, y0) if area < 0.5 * w0 * h0 else [(x0, y0, w0, h0)]
    out = []
    for x, y, w, h in pieces:
        if core:
            x, y, w, h = _solid_core(labels[y : y + h, x : x + w] == i, x, y)
        if w >= side and h >= side:
            out.append((x, y, w, h))
    return out


def _solid_core(mask: np.ndarray, x: int, y: int) -> tuple[int, int, int, int]:
    """The box ``(x, y, w, h)`` of the solid part of one fill's ``mask`` (placed at ``x, y``).

    A shaded cell is solid grey; a photocopy's mottled grey next to it passes the same luminance
    band in patches and joins it (measured on 150-dpi copies: a shaded cell's columns are
    90-100 % inside the band, a blotch joined to it 10-50 %), reaching part way into the next
    month or past the table's edge.  The core runs from the first to the last column at least
    ``FILL_CORE`` as covered as the best one, then the same over its rows.
    """
    cols = mask.mean(axis=0)
    c0, c1 = _solid_span(cols >= FILL_CORE * float(cols.max()))
    rows = mask[:, c0:c1].mean(axis=1)
    r0, r1 = _solid_span(rows >= FILL_CORE * float(rows.max()))
    return x + c0, y + r0, c1 - c0, r1 - r0


def _solid_span(keep: np.ndarray) -> tuple[int, int]:
    """``(start, end)`` from the first to the last True in ``keep`` (end exclusive): a light
    streak across a long bar dips inside it, the mottle at its ends is what is cut."""
    idx = np.flatnonzero(keep)
    return (int(idx[0]), int(idx[-1]) + 1) if idx.size else (0, 0)


def stand_out(gray: Gray, fills: Sequence[Fill], dpi: float, settings: LineSettings) -> list[Fill]:
    """The fills darker than the paper *around them* by ``fill_local_factor`` x the page's margin
    (at most ``FILL_LOCAL_MAX``: a phone photo's uneven light raises the margin to its cap).

    A copy's grey blotches dip under the page-wide cut in patches whose mean sits just below it,
    a tenth or so under the paper beside them; a shaded cell is a fifth or more under it (measured
    on 150-dpi photocopies: 0.08-0.11 against 0.20-0.30).  The paper around a fill is the
    ``FILL_LOCAL_PCT``th percentile of the fill grown by ``fill_local_pad``: a shaded cell's inset
    from its rules leaves paper showing even in a block of shaded cells.
    """
    if not fills:
        return []
    k = dpi / 72.0
    pad = round(settings.fill_local_pad * k)
    need = min(FILL_LOCAL_MAX, settings.fill_local_factor * settings.fill_paper_margin)
    h, w = gray.shape
    kept: list[Fill] = []
    for f in fills:
        x0, y0 = max(0, round(f.x0 * k) - pad), max(0, round(f.top * k) - pad)
        x1, y1 = min(w, round(f.x1 * k) + pad), min(h, round(f.bottom * k) + pad)
        around = float(np.percentile(gray[y0:y1, x0:x1], FILL_LOCAL_PCT)) / 255.0
        if around - f.gray >= need:
            kept.append(f)
    return _bar_cells(fills, kept)


def _bar_cells(fills: Sequence[Fill], kept: list[Fill]) -> list[Fill]:
    """``kept`` and the fills that continue one of them along its row at its own grey: the middle
    cells of a long shaded bar, where the paper around is furthest away."""
    rest = [f for f in fills if f not in kept]
    grown = True
    while grown and rest:
        grown = False
        for f in list(rest):
            if any(_continues(f, k) for k in kept):
                kept.append(f)
                rest.remove(f)
                grown = True
    return [f for f in fills if f in kept]


def _continues(f: Fill, k: Fill) -> bool:
    overlap = min(f.bottom, k.bottom) - max(f.top, k.top)
    gap = max(f.x0 - k.x1, k.x0 - f.x1)
    span = min(f.bottom - f.top, k.bottom - k.top)
    return overlap >= 0.8 * span and gap <= BAR_GAP_PT and abs(f.gray - k.gray) <= BAR_GRAY


def unshade(gray: Gray, fills: Sequence[Fill], dpi: float, keep_below: float = UNSHADE_KEEP) -> Gray:
    """The page with its shaded areas lightened to paper, keeping what is drawn on them.

    Inside each fill (grown by a point), a pixel stays only when it is darker than
    ``keep_below`` × the fill's own level: the ruling along a shaded cell's edge,
    header text on a grey header row.  The shading itself, mid-grey and noisy after
    scanning, would otherwise survive the ruling's morphology as junk segments and
    be read by Tesseract as junk words.
    """
    if not fills:
        return gray
    out = gray.copy()
    k = dpi / 72.0
    grow = round(k)
    h, w = gray.shape
    for f in fills:
        x0, y0 = max(0, round(f.x0 * k) - grow), max(0, round(f.top * k) - grow)
        x1, y1 = min(w, round(f.x1 * k) + grow), min(h, round(f.bottom * k) + grow)
        patch = out[y0:y1, x0:x1]
        patch[patch > keep_below * f.gray * 255] = 255
    return out


def inside(box: BBox | Fill, region: BBox) -> bool:
    """Whether the centre of ``box`` lies in ``region``."""
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return region.x0 <= cx <= region.x1 and region.top <= cy <= region.bottom


def _hides_ink(text: str, box: BBox, conf: float, settings: LineSettings) -> bool:
    """Whether a read word accounts for the ink under it: real text, read with some confidence.

    A single character (a mark read as "A" or "V"), letters a mark is misread as
    ("vV", "W"), or a box far wider than its
    text (Tesseract's word running over several month cells) hides nothing, so
    the pixels still decide.
    """
    # what Tesseract makes of a V or a tick: "vV", "Vv", "W", "y", "J"
    alnum = sum(ch.isalnum() and ch not in MARK_LIKE for ch in text)
    if conf < settings.word_min_conf or alnum < 3:
        return False
    return box.width <= 2.0 * max(box.height, 1e-6) * len(text)


def find_ink(
    ink: Gray,
    ruling: Gray,
    dpi: float,
    words: Sequence[tuple[BBox, float, str]],
    settings: LineSettings,
    region: BBox | None = None,
) -> list[Fill]:
    """Dark marks that are neither ruling, nor scanner specks, nor inside a word read as text.

    ``ink`` and ``ruling`` are 255-on-0 masks of the page; ``words`` are word boxes
    in points with their OCR confidence and text (see :func:`_hides_ink`).  A blob
    is the strokes within ``ink_join`` of each other; its own ink must span
    ``ink_min_stroke`` and cover ``ink_min_area`` (a speck does not, however close
    to another).  ``gray`` of each blob is 1 - ink density.
    """
    halo = px_int(pt_to_px(settings.line_halo, dpi) * 2 + 1)
    grown = cv2.dilate(ruling, cv2.getStructuringElement(cv2.MORPH_RECT, (halo, halo)))
    marks = cv2.subtract(ink, grown)
    join = px_int(pt_to_px(settings.ink_join, dpi) * 2 + 1)
    joined = (
        cv2.dilate(marks, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (join, join))) if join > 1 else marks
    )
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    scale = 72.0 / dpi
    lo, hi = settings.ink_min_side, settings.ink_max_side
    covering = [box for box, conf, text in words if _hides_ink(text, box, conf, settings)]
    min_area = settings.ink_min_area / (scale * scale)
    blobs: list[Fill] = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        wpt, hpt = w * scale, h * scale
        if max(wpt, hpt) < lo or max(wpt, hpt) > hi or min(wpt, hpt) < lo * 0.3:
            continue
        own = (labels[y : y + h, x : x + w] == i) & (marks[y : y + h, x : x + w] > 0)
        count = int(np.count_nonzero(own))
        density = count / float(w * h)
        if density < settings.ink_min_density or count < min_area:
            continue
        ys, xs = np.nonzero(own)
        if max(int(xs.max()) - int(xs.min()), int(ys.max()) - int(ys.min())) + 1 < pt_to_px(
            settings.ink_min_stroke, dpi
        ):
            continue
        box = BBox(x * scale, y * scale, (x + w) * scale, (y + h) * scale)
        if region is not None and not inside(box, region):
            continue
        if any(_overlap(box, wb) >= settings.word_cover for wb in covering):
            continue
        blobs.append(Fill(box.x0, box.top, box.x1, box.bottom, round(1.0 - density, 3)))
    return blobs


def drop_debris(blobs: Sequence[Fill]) -> list[Fill]:
    """The blobs that look like marks, without a stamp's debris and a streak's pieces.

    A plan puts one mark in a month cell, and cells are a month column (16-19 pt) apart: a blob
    with ``INK_CROWD`` others within ``INK_CROWD_PT`` of its centre is a piece of something
    larger drawn over the table (a stamp whose colour survived, a smudge).  A copier's streak
    runs down the page through many rows: thin pieces (no wider than ``STREAK_THIN`` x their
    height) at the same x (``STREAK_X_PT``), of the same width, on ``STREAK_MIN_ROWS`` or more
    rows, are that streak, not a plan.
    """
    centres = [((f.x0 + f.x1) / 2, (f.top + f.bottom) / 2) for f in blobs]
    r2 = INK_CROWD_PT * INK_CROWD_PT
    crowded = {
        i
        for i, (x, y) in enumerate(centres)
        if sum((x - u) ** 2 + (y - v) ** 2 <= r2 for u, v in centres) - 1 >= INK_CROWD
    }
    thin = [i for i, f in enumerate(blobs) if f.x1 - f.x0 <= STREAK_THIN * (f.bottom - f.top)]
    streak: set[int] = set()
    for i in thin:
        w = blobs[i].x1 - blobs[i].x0
        same = [
            j
            for j in thin
            if abs(centres[j][0] - centres[i][0]) <= STREAK_X_PT
            and abs((blobs[j].x1 - blobs[j].x0) - w) <= STREAK_X_PT
        ]
        if len({round(centres[j][1]) for j in same}) >= STREAK_MIN_ROWS:
            streak.update(same)
    return [f for i, f in enumerate(blobs) if i not in crowded and i not in streak]


def unread_regions(
    binary: Gray,
    words: Sequence[tuple[int, int, int, int]],
    dpi: float,
    settings: LineSettings,
    region: BBox | None = None,
) -> list[tuple[int, int, int, int]]:
    """Pixel boxes ``(x, y, w, h)`` of ink no read word covers: what a sparse-text read left out.

    ``binary`` is the image given to the engine (ink dark on white, ruling already
    erased); ``words`` are the read words' pixel boxes ``(x0, top, x1, bottom)``.
    Pieces within ``unread_join`` are joined ("3" and ".", the two strokes of a
    "V"); regions of a plausible text height and width, holding more than a
    speck's worth of ink, inside ``region`` (points) are returned, padded, for a
    second, per-region read.
    """
    k = dpi / 72.0
    h_img, w_img = binary.shape
    ox, oy, ex, ey = 0, 0, w_img, h_img
    if region is not None:
        ox, oy = max(0, int(region.x0 * k)), max(0, int(region.top * k))
        ex, ey = min(w_img, int(region.x1 * k) + 1), min(h_img, int(region.bottom * k) + 1)
    if ex <= ox or ey <= oy:
        return []
    dark = np.asarray(cv2.inRange(binary[oy:ey, ox:ex], 0, 127), dtype=np.uint8)
    margin = round(settings.unread_word_margin * k)
    for x0, top, x1, bottom in words:
        cv2.rectangle(
            dark, (x0 - ox - margin, top - oy - margin), (x1 - ox + margin, bottom - oy + margin), 0, -1
        )
    jx, jy = (max(1, round(2 * v * k) + 1) for v in settings.unread_join)
    joined = cv2.dilate(dark, cv2.getStructuringElement(cv2.MORPH_RECT, (jx, jy)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lo, hi = (v * k for v in settings.unread_height)
    min_ink = 2 * (settings.unread_speck * k) ** 2
    pad = round(1.5 * k)
    out: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        # undo the joining dilation
        x, y, w, h = x + jx // 2, y + jy // 2, w - 2 * (jx // 2), h - 2 * (jy // 2)
        if w <= 0 or not lo <= h <= hi or w > settings.unread_max_width * k:
            continue
        if cv2.countNonZero(dark[y : y + h, x : x + w]) < min_ink:
            continue  # specks joined into a region
        x0, y0 = max(0, ox + x - pad), max(0, oy + y - pad)
        out.append((x0, y0, min(w_img, ox + x + w + pad) - x0, min(h_img, oy + y + h + pad) - y0))
    return out


def _overlap(box: BBox, other: BBox) -> float:
    """Share of ``box``'s area inside ``other``."""
    w = min(box.x1, other.x1) - max(box.x0, other.x0)
    h = min(box.bottom, other.bottom) - max(box.top, other.top)
    if w <= 0 or h <= 0:
        return 0.0
    return (w * h) / max(box.width * box.height, 1e-9)
