"""Pixel clean-up before reading a scanned page: turn, deskew, denoise, binarise.

Pure functions over grayscale ``uint8`` images (0 black .. 255 white); nothing
here calls Tesseract (its orientation detector lives in :mod:`rencana.extract.ocr.tesseract`).
Which steps the OCR path actually uses was decided by measurement: see
``docs/ocr.md``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.settings import Binariser, Denoiser, PrepSettings

log = logging.getLogger(__name__)

RULING_FILL = 0.3  # a piece of ink filling less of its box than this is a grid, not a word
RULE_THICK_PX = 2.0  # at the direction's work resolution: a rule is this thin, letters are thicker
DIRECTION_ANGLES = (-4.0, -2.0, 0.0, 2.0, 4.0)  # degrees: the skews a page may be scanned at


@dataclass(frozen=True, slots=True)
class Direction:
    """Which way the text lines run, from projection-profile sharpness."""

    vertical: bool
    ratio: float  # sharpness of the winning axis over the other (>= 1)
    ink_share: float  # fraction of dark pixels; ~0 on a blank page

    @property
    def blank(self) -> bool:
        return self.ink_share < 1e-4


def downscale(gray: Gray, dpi: float, target_dpi: float) -> tuple[Gray, float]:
    """Area-downscale ``gray`` to about ``target_dpi``; returns the image and the factor used."""
    f = min(1.0, target_dpi / dpi)
    if f >= 0.999:
        return gray, 1.0
    small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8), f


def ink_mask(gray: Gray) -> Gray:
    """Dark pixels as 255 on 0 (Otsu); an empty mask when the page has no contrast."""
    if int(gray.max()) - int(gray.min()) < 40:
        return np.zeros_like(gray)
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return np.asarray(mask, dtype=np.uint8)


def turn(gray: Gray, rotation: int) -> Gray:
    """Turn the image ``rotation`` degrees clockwise (0, 90, 180, 270)."""
    k = (rotation // 90) % 4
    if k == 0:
        return gray
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return np.asarray(cv2.rotate(gray, codes[k]), dtype=np.uint8)


def text_direction(gray: Gray, dpi: float, settings: PrepSettings) -> Direction:
    """Tell horizontal from vertical text lines (a landscape table scanned in portrait).

    The rules' ink is removed first; then the row and the column projection
    profiles of the remaining ink are compared: text lines make the profile
    across them peaky.
    """
    small, _ = downscale(gray, dpi, settings.direction_work_dpi)
    mask = ink_mask(small)
    share = float(np.count_nonzero(mask)) / mask.size
    if share < 1e-4:
        return Direction(False, 1.0, share)
    rules = _ruling_ink(mask, max(8, round(settings.direction_work_dpi * 0.16)))
    text = np.asarray(cv2.subtract(mask, rules), dtype=np.uint8)
    # a skewed page blurs its text lines' profile: take each axis at its sharpest small turn
    sh = sv = 0.0
    for angle in DIRECTION_ANGLES:
        turned = text if angle == 0 else rotate_small_angle(text, angle, 0)
        sh = max(sh, _peakiness(turned.sum(axis=1, dtype=np.float64)))
        sv = max(sv, _peakiness(turned.sum(axis=0, dtype=np.float64)))
    vertical = sv > sh * settings.direction_min_ratio
    ratio = (sv / sh) if vertical else (sh / max(sv, 1e-9))
    return Direction(vertical, float(ratio), share)


def _peakiness(profile: npt.NDArray[np.float64]) -> float:
    """Mean squared first difference over the squared mean: high for line-by-line text."""
    if profile.sum() <= 0:
        return 0.0
    d = np.diff(profile)
    return float(np.mean(d * d) / (np.mean(profile) ** 2 + 1e-9))


def _ruling_ink(mask: Gray, length: int) -> Gray:
    """The ink of rules: pieces at least ``length`` pixels long that fill little of their box (a
    grid, the rules joined to it, a corner) or are thin strokes (a rule broken by the copier).

    Taken piece by piece, not as straight runs: a rule a few degrees off the axis, or broken, is
    no long run, stays in as "text", and puts the peaks of the grid into both profiles (725-011
    p3, a landscape table copied 3.7° askew, called horizontal; 725-005 p7-p8, horizontal tables
    with broken rules, called vertical and read sideways).
    """
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    big, small = np.maximum(w, h), np.minimum(w, h)
    area = stats[:, cv2.CC_STAT_AREA]
    sparse = (big >= length) & (area < RULING_FILL * w * h)
    # thickness as area over length: a piece of rule a few degrees askew has a taller box, not more ink
    thin = (area <= RULE_THICK_PX * big) & (big >= length) & (big >= 4 * np.maximum(small, 2))
    rule = sparse | thin
    rule[0] = False  # the background
    return np.where(rule[labels], 255, 0).astype(np.uint8)


def estimate_skew(gray: Gray, dpi: float, settings: PrepSettings) -> float:
    """Skew of the page content in degrees counter-clockwise (the deskew is its negative).

    Projection-profile search on a small ink mask: the angle that makes the row
    profile peakiest (ruling lines and text lines both line up), coarse then fine.
    """
    small, _ = downscale(gray, dpi, settings.skew_work_dpi)
    mask = ink_mask(small)
    if np.count_nonzero(mask) < 50:
        return 0.0
    ys, xs = np.nonzero(mask)
    cx, cy = mask.shape[1] // 2, mask.shape[0] // 2  # integers: at 0° every pixel sits on a bin
    xf = xs.astype(np.float64) - cx
    yf = ys.astype(np.float64) - cy
    nbins = mask.shape[0] + mask.shape[1]

    def score(angle: float) -> float:
        # Rotating the content by -angle (clockwise) makes rows of a page skewed by +angle level.
        t = np.deg2rad(angle)
        y = np.clip(-xf * np.sin(t) + yf * np.cos(t) + nbins // 2, 0, nbins - 2)
        i = y.astype(np.int64)
        frac = y - i  # split each pixel between two bins: a smooth score, sub-pixel precision
        hist = np.bincount(i, weights=1 - frac, minlength=nbins) + np.bincount(
            i + 1, weights=frac, minlength=nbins
        )
        return float(np.dot(hist, hist))

    def search(lo: float, hi: float, step: float) -> float:
        angles = np.arange(lo, hi + step / 2, step)
        scores = [score(-a) for a in angles]
        i = int(np.argmax(scores))
        if 0 < i < len(scores) - 1:  # vertex of the parabola through the peak and its neighbours
            a, b, c = scores[i - 1], scores[i], scores[i + 1]
            if a - 2 * b + c < 0:
                return float(angles[i] + 0.5 * (a - c) / (a - 2 * b + c) * step)
        return float(angles[i])

    coarse = search(-settings.skew_max, settings.skew_max, settings.skew_coarse_step)
    fine = search(
        max(-settings.skew_max, coarse - settings.skew_coarse_step),
        min(settings.skew_max, coarse + settings.skew_coarse_step),
        settings.skew_fine_step,
    )
    return round(fine, 3)


def rotate_small_angle(gray: Gray, angle: float, background: int = 255) -> Gray:
    """Rotate ``gray`` ``angle`` degrees counter-clockwise about its centre, same size."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    out = cv2.warpAffine(
        gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=background
    )
    return np.asarray(out, dtype=np.uint8)


def deskew(gray: Gray, dpi: float, settings: PrepSettings) -> tuple[Gray, float]:
    """Straighten the page; returns the image and the degrees (counter-clockwise) it was turned."""
    skew = estimate_skew(gray, dpi, settings)
    if abs(skew) < settings.skew_min:
        return gray, 0.0
    background = int(np.percentile(gray[::8, ::8], 90))
    return rotate_small_angle(gray, -skew, background), -skew


def denoise(gray: Gray, method: Denoiser) -> Gray:
    """Light noise removal; ``none`` returns the image unchanged."""
    if method == "median3":
        return np.asarray(cv2.medianBlur(gray, 3), dtype=np.uint8)
    if method == "gauss":
        return np.asarray(cv2.GaussianBlur(gray, (3, 3), 0), dtype=np.uint8)
    return gray


def binarise(gray: Gray, method: Binariser, dpi: float, settings: PrepSettings) -> Gray:
    """Black text on white: Otsu (global) or Sauvola (local); ``none`` returns ``gray``."""
    if method == "none":
        return gray
    if method == "otsu":
        _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        return np.asarray(out, dtype=np.uint8)
    win = max(15, round(settings.sauvola_window_pt * dpi / 72.0) | 1)
    f = gray.astype(np.float32)
    mean = cv2.boxFilter(f, cv2.CV_32F, (win, win), borderType=cv2.BORDER_REPLICATE)
    sq = cv2.boxFilter(f * f, cv2.CV_32F, (win, win), borderType=cv2.BORDER_REPLICATE)
    std = np.sqrt(np.maximum(sq - mean * mean, 0))
    thresh = mean * (1 + settings.sauvola_k * (std / 128.0 - 1))
    return np.where(f > thresh, 255, 0).astype(np.uint8)


def background_level(gray: Gray) -> float:
    """Paper luminance, 0..1 (the 90th percentile of a sparse sample)."""
    return float(np.percentile(gray[::6, ::6], 90)) / 255.0
