"""Page geometry and light from pixels: the sheet found and warped flat, dark edges, uneven light.

A phone photo shows the sheet as a quadrilateral on something darker (a desk); a photocopy
has dark bands along the page edges (the lid, the book's gutter) and light that varies over
the page.  These functions undo that before the page is turned, deskewed and read.  They look
only at the pixels: paper is the bright, large, smooth part of the image; ink is small and
dark.  Each step leaves a page alone when it does not see its defect, so a clean scan passes
through unchanged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from rencana.extract.ocr.imageprep import downscale
from rencana.extract.ocr.raster import Gray

log = logging.getLogger(__name__)

WORK_DPI = 30.0  # the sheet and the light are large: a coarse image is enough and fast
SHEET_MIN_AREA = 0.35  # of the image: a smaller bright shape is not the sheet
SHEET_MAX_AREA = 0.97  # above this the sheet fills the image: nothing to warp
SHEET_CONTRAST = 40.0  # grey levels between the sheet's paper and what lies around it
FLOOD_RISE = 25  # grey levels above a border point that still count as the ground around the sheet
PAPER_SHORT_SIDE_IN = 8.3  # A4 / F4 / Letter: 8.27, 8.46, 8.5 in
EDGE_MAX_SHARE = 0.12  # a dark band along a page edge is at most this share of the page
EDGE_DARK = 0.8  # a column/row whose median is below this share of paper is part of the band
LIGHT_KERNEL_IN = 1.0  # background estimate: a closing wider than any cell's shading
LIGHT_UNEVEN = 0.08  # background spread (share of paper) above which the light is flattened
LIGHT_BLOCK_DIP = 0.1  # background this far (share of paper) under the smooth light is a shaded block
LIGHT_FIT_ROUNDS = 3  # upper-envelope refits of the smooth light surface

STREAK_WORK_DPI = 100.0
STREAK_CONTEXT_IN = 0.15  # a streak is judged against the columns this far around it
STREAK_DEPTH = 10.0  # grey levels darker than its neighbours, down the whole page
STREAK_MARGIN = 0.06  # the page's top and bottom bands (no table there) where a streak must show

Quad = npt.NDArray[np.float32]  # 4 x 2, clockwise from top-left, full-resolution pixels


@dataclass(frozen=True, slots=True)
class Geometry:
    """What was done to the page's pixels (for the triage notes)."""

    sheet: bool = False  # the sheet was found as a quadrilateral and warped flat
    edges: int = 0  # dark bands cleared along page edges
    light: bool = False  # uneven light flattened
    streaks: int = 0  # copier streaks erased

    def notes(self) -> list[str]:
        out = ["sheet warped flat"] if self.sheet else []
        out += [f"{self.edges} dark page edge(s) cleared"] if self.edges else []
        out += [f"{self.streaks} streak(s) erased"] if self.streaks else []
        return out + (["uneven light flattened"] if self.light else [])


def order_corners(pts: npt.NDArray[np.float32]) -> Quad:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def _four_corners(hull: npt.NDArray[np.float32]) -> npt.NDArray[np.float32] | None:
    """The hull as a quadrilateral: its four longest sides (after simplification) extended to
    meet, so a corner cut off by shadow or vignetting is restored."""
    poly = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2).astype(np.float64)
    if len(poly) < 4:
        return None
    n = len(poly)
    sides = [(float(np.linalg.norm(poly[(i + 1) % n] - poly[i])), i) for i in range(n)]
    keep = sorted(i for _, i in sorted(sides, reverse=True)[:4])
    corners = []
    for a, b in zip(keep, keep[1:] + keep[:1], strict=True):
        p1, p2, p3, p4 = poly[a], poly[(a + 1) % n], poly[b], poly[(b + 1) % n]
        d1, d2 = p2 - p1, p4 - p3
        den = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(den) < 1e-6 * (np.linalg.norm(d1) * np.linalg.norm(d2) + 1e-9):
            return None  # parallel neighbours: not a quadrilateral
        t = ((p3[0] - p1[0]) * d2[1] - (p3[1] - p1[1]) * d2[0]) / den
        corners.append(p1 + t * d1)
    quad = np.array(corners, np.float32)
    return quad if cv2.isContourConvex(quad.reshape(-1, 1, 2)) else None


def _ground(small: Gray) -> Gray:
    """What surrounds the sheet, 255: flooded from each point of the image's border over every
    pixel at most ``FLOOD_RISE`` brighter than that point (a desk's grain and shade, not paper)."""
    h, w = small.shape
    mask = np.zeros((h + 2, w + 2), np.uint8)
    flags = 4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (255 << 8)
    step = max(1, min(h, w) // 60)
    seeds = [(x, y) for x in range(0, w, step) for y in (0, h - 1)]
    seeds += [(x, y) for y in range(0, h, step) for x in (0, w - 1)]
    for x, y in seeds:
        if mask[y + 1, x + 1] == 0:
            cv2.floodFill(small, mask, (x, y), 0, (255,), (FLOOD_RISE,), flags)
    return np.asarray(mask[1:-1, 1:-1], dtype=np.uint8)


def find_sheet(gray: Gray, dpi: float) -> Quad | None:
    """The sheet of paper as a quadrilateral when it lies on something clearly darker, else None."""
    small, f = downscale(gray, dpi, WORK_DPI)
    small = np.asarray(cv2.GaussianBlur(small, (3, 3), 0), dtype=np.uint8)
    bright = cv2.morphologyEx(255 - _ground(small), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    area = cv2.contourArea(hull) / small.size
    if not SHEET_MIN_AREA <= area <= SHEET_MAX_AREA:
        return None
    approx = _four_corners(hull.reshape(-1, 2).astype(np.float32))
    if approx is None:
        return None
    inside = np.zeros_like(small)
    cv2.fillPoly(inside, [np.round(approx).astype(np.int32)], 255)
    outside = cv2.erode(255 - inside, np.ones((5, 5), np.uint8))
    if np.count_nonzero(outside) < 0.01 * small.size:
        return None
    paper = float(np.percentile(small[inside > 0], 75))
    around = float(np.median(small[outside > 0]))
    if paper - around < SHEET_CONTRAST:
        return None
    return order_corners(approx / f)


def warp_sheet(gray: Gray, quad: Quad, dpi: float) -> Gray:
    """The sheet warped to a rectangle of its own proportions, its short side a paper width."""
    tl, tr, br, bl = quad
    w = float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    h = float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    k = PAPER_SHORT_SIDE_IN * dpi / max(1.0, min(w, h))
    out_w, out_h = max(1, round(w * k)), max(1, round(h * k))
    dst = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(quad, dst)
    warped = cv2.warpPerspective(
        gray, m, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(warped, dtype=np.uint8)


def _band(profile: npt.NDArray[np.float64], level: float, limit: int) -> int:
    """How many leading entries of ``profile`` are darker than ``level`` (at most ``limit``), when
    they are a step down from the paper after them: a shadow along the edge ends where the paper
    begins, clearly brighter; light falling off towards an edge (a photo's vignette, a lamp's
    gradient) has no such step and is left to the light flattening — cleared as a band it took
    a header printed near the edge with it."""
    n = 0
    while n < min(limit, len(profile)) and profile[n] < level:
        n += 1
    if not n:
        return 0
    after = profile[n : n + limit]
    if not after.size or float(np.median(profile[:n])) >= EDGE_DARK * float(after.max()):
        return 0
    return n


def clear_dark_edges(gray: Gray, dpi: float) -> tuple[Gray, int]:
    """Paint paper over dark bands that run along a page edge (lid shadow, gutter); how many."""
    small, f = downscale(gray, dpi, WORK_DPI)
    paper = float(np.percentile(small, 90))
    level = EDGE_DARK * paper
    cols = np.median(small, axis=0).astype(np.float64)
    rows = np.median(small, axis=1).astype(np.float64)
    bands = {
        "left": _band(cols, level, round(EDGE_MAX_SHARE * len(cols))),
        "right": _band(cols[::-1], level, round(EDGE_MAX_SHARE * len(cols))),
        "top": _band(rows, level, round(EDGE_MAX_SHARE * len(rows))),
        "bottom": _band(rows[::-1], level, round(EDGE_MAX_SHARE * len(rows))),
    }
    found = {k: v for k, v in bands.items() if v}
    if not found:
        return gray, 0
    out = gray.copy()
    fill = round(paper)
    h, w = gray.shape
    for edge, n in found.items():
        px = min(round((n + 1) / f), (w if edge in ("left", "right") else h) // 4)
        if edge == "left":
            out[:, :px] = fill
        elif edge == "right":
            out[:, w - px :] = fill
        elif edge == "top":
            out[:px, :] = fill
        else:
            out[h - px :, :] = fill
    return out, len(found)


def flatten_light(gray: Gray, dpi: float) -> tuple[Gray, bool]:
    """Divide by the background (a closing wider than any shaded cell) when the light is uneven."""
    small, _ = downscale(gray, dpi, WORK_DPI)
    k = max(3, round(LIGHT_KERNEL_IN * WORK_DPI) | 1)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bg = _without_blocks(np.asarray(cv2.medianBlur(np.asarray(bg, dtype=np.uint8), 5), dtype=np.uint8))
    hi = float(np.percentile(bg, 98))
    if hi <= 0 or (hi - float(np.percentile(bg, 5))) / hi < LIGHT_UNEVEN:
        return gray, False
    full = cv2.resize(bg, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = gray.astype(np.float32) * (hi / np.maximum(full, 1.0))
    return np.clip(out, 0, 255).astype(np.uint8), True


def _smooth_light(bg: Gray) -> npt.NDArray[np.float32]:
    """A quadratic surface fitted to the background's upper envelope: light from a lamp, a window
    or a copier's lid falls off smoothly; dips under it (shading, a dark desk corner) are left out
    of the fit round by round."""
    h, w = bg.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    xn, yn = xx / max(1, w - 1) - 0.5, yy / max(1, h - 1) - 0.5
    basis = np.stack([np.ones_like(xn), xn, yn, xn * xn, xn * yn, yn * yn], axis=-1).reshape(-1, 6)
    values = bg.reshape(-1).astype(np.float32)
    use = np.ones(values.shape, bool)
    fit = values
    for _ in range(LIGHT_FIT_ROUNDS):
        coef, *_ = np.linalg.lstsq(basis[use], values[use], rcond=None)
        fit = basis @ coef
        use = values >= fit - LIGHT_BLOCK_DIP * 0.5 * max(1.0, float(fit.max()))
        if use.sum() < 12:
            break
    return np.asarray(fit.reshape(h, w), dtype=np.float32)


def _without_blocks(bg: Gray) -> Gray:
    """The background with large shaded blocks put back to the light around them.

    A closing wider than one shaded cell is not wider than a block of them (a full-year bar over
    two rows): left in the background, the division turns the block into paper and its months
    vanish.  A dip well under the smooth light that does not reach the sheet's border is such a
    block; uneven light (a vignette, a gradient) reaches the border and stays."""
    fit = _smooth_light(bg)
    dip = (bg.astype(np.float32) < fit - LIGHT_BLOCK_DIP * max(1.0, float(fit.max()))).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(dip, connectivity=8)
    h, w = bg.shape
    out = bg.copy()
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i][:4])
        if x == 0 or y == 0 or x + bw >= w or y + bh >= h:
            continue
        part = labels == i
        out[part] = np.clip(fit[part], 0, 255).astype(np.uint8)
    return out


def _streak_columns(gray: Gray, dpi: float) -> list[tuple[int, int]]:
    """Runs of columns (full-resolution pixels) darker than their neighbours down the whole page:
    in the top and the bottom margin, and in most of their length (80th percentile).  A
    printed rule stops at the table's edge; a copier's streak runs from edge to edge."""
    small, f = downscale(gray, dpi, STREAK_WORK_DPI)
    small = np.asarray(cv2.blur(small, (1, 9)), dtype=np.uint8)  # noise averaged along the column
    h = small.shape[0]
    band = max(1, round(STREAK_MARGIN * h))
    width = max(5, round(STREAK_CONTEXT_IN * STREAK_WORK_DPI) | 1)
    dark = np.ones(small.shape[1], bool)
    for rows, q in ((slice(None), 80), (slice(0, band), 50), (slice(h - band, h), 50)):
        col = np.percentile(small[rows], q, axis=0).astype(np.float32)
        base = cv2.medianBlur(np.clip(col, 0, 255).astype(np.uint8).reshape(1, -1), width).ravel()
        dark &= col < base.astype(np.float32) - STREAK_DEPTH
    runs: list[tuple[int, int]] = []
    x = 0
    while x < len(dark):
        if dark[x]:
            end = x
            while end + 1 < len(dark) and dark[end + 1]:
                end += 1
            runs.append((max(0, int((x - 1) / f)), min(gray.shape[1], int((end + 2) / f) + 1)))
            x = end + 1
        else:
            x += 1
    return runs


def erase_streaks(gray: Gray, dpi: float) -> tuple[Gray, int]:
    """Copier streaks along either axis replaced by the lighter of the columns beside them (text
    and rules crossing a streak are dark there too, and stay); how many."""
    out, n = gray, 0
    for axis in (0, 1):
        img = out if axis == 0 else np.ascontiguousarray(out.T)
        runs = _streak_columns(img, dpi)
        if runs:
            img = img.copy()
            w = img.shape[1]
            for a, b in runs:
                left, right = img[:, max(0, a - 1)], img[:, min(w - 1, b)]
                img[:, a:b] = np.maximum(left, right)[:, None]
            out = img if axis == 0 else np.ascontiguousarray(img.T)
            n += len(runs)
    return out, n


def straighten(gray: Gray, dpi: float, streaks: bool = False) -> tuple[Gray, Geometry]:
    """The sheet warped flat (if it lies on a darker ground), dark edges cleared, copier streaks
    erased (with ``streaks``), light flattened."""
    quad = find_sheet(gray, dpi)
    if quad is not None:
        gray = warp_sheet(gray, quad, dpi)
    gray, edges = clear_dark_edges(gray, dpi)
    gray, erased = erase_streaks(gray, dpi) if streaks else (gray, 0)
    gray, light = flatten_light(gray, dpi)
    return gray, Geometry(quad is not None, edges, light, erased)


MOTTLE_TAIL = 3.0  # a mottled paper's 3rd percentile: this many times as far under its median as its 25th


def paper_mottle(gray: Gray, dpi: float) -> float:
    """How far the paper's own level dips (a copy's mottled grey), 0..1: its median less its
    3rd percentile, the paper seen between the ink (a closing of a fifth of an inch).

    At most ``MOTTLE_TAIL`` times its median less its 25th percentile: a copy's blotches are a
    smooth field, its dips spread like its bulk; a plan's shaded month cells are a darker grey of
    their own over a few hundredths of the page, which the 3rd percentile falls on and the 25th
    does not (753-003 p4: 0.13, the shading's depth, on a paper whose blotches dip 0.04; the
    margin shading must clear rose to its cap and cut the lighter shaded cells away)."""
    small, _ = downscale(gray, dpi, WORK_DPI)
    k = max(3, round(0.2 * WORK_DPI) | 1)
    bg = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    level = float(np.percentile(bg, 90))
    paper = bg[bg > 0.8 * level].astype(np.float64)
    if not paper.size:
        return 0.0
    median, p3, p25 = np.median(paper), np.percentile(paper, 3), np.percentile(paper, 25)
    return float(min(median - p3, MOTTLE_TAIL * (median - p25))) / 255.0
