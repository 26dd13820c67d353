"""PDF page → grayscale pixels, and pixel ↔ point conversions.

Pages are rendered with pypdfium2 (the page's ``/Rotate`` applied, as a viewer
shows it).  For image-only pages the dpi follows the embedded image's effective
resolution, capped, so a 200 dpi scan is not upsampled to 300 for nothing.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from rencana.extract.ocr.settings import DEFAULT_DPI, MAX_DPI
from rencana.schema.records import BBox

log = logging.getLogger(__name__)

Gray = npt.NDArray[np.uint8]  # 2-D, 0 black .. 255 white

MIN_DPI = 50.0
MAX_PIXELS = 60e6  # about A2 at 300 dpi
DROPOUT_SATURATION = 40  # channel spread (0..255) above which a pixel is coloured ink, not print
DROPOUT_SOLID_PT = 4.0  # coloured areas this thick are fills (kept), thinner ones strokes (dropped)
DROPOUT_FAINT = 12  # ... and pixels this much more coloured than the paper, touching clearly coloured ones
DROPOUT_BOXLIKE = 0.7  # a kept fill covers this share of its bounding box (a stamp's star does not) ...
DROPOUT_EDGE = 0.6  # a pixel beside a dropped stroke lighter than this share of paper is its edge
DROPOUT_PAPER_PT = 20.0  # a dropped stroke takes the paper's level over this window (wider than a star)
DROPOUT_STAMP_PT = (36.0, 180.0)  # a stamp's ring: half an inch to two and a half inches across
DROPOUT_STAR_PT = 60.0  # ... unless it is larger than this (a coloured desk around a photographed sheet)
MAX_IMAGE_PIXELS = 400e6  # an embedded image larger than this is refused (decompression bombs)


class PageTooLargeError(ValueError):
    """The page embeds an image too large to decode safely."""


POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class RasterPage:
    """One rendered page: pixels plus what is needed to map them back to points."""

    image: Gray
    dpi: float
    width: float  # points, as rendered (after /Rotate)
    height: float
    image_dpi: float | None  # effective resolution of the embedded scan, None on vector pages

    @property
    def scale(self) -> float:
        """Pixels per point."""
        return self.dpi / POINTS_PER_INCH


def px_to_pt(value: float, dpi: float) -> float:
    """A length or coordinate in pixels → points."""
    return value * POINTS_PER_INCH / dpi


def pt_to_px(value: float, dpi: float) -> float:
    """A length or coordinate in points → pixels."""
    return value * dpi / POINTS_PER_INCH


def box_px_to_pt(x0: float, top: float, x1: float, bottom: float, dpi: float) -> BBox:
    """A pixel box (origin top-left, like the image) → a :class:`BBox` in points."""
    k = POINTS_PER_INCH / dpi
    return BBox(x0 * k, top * k, x1 * k, bottom * k)


def largest_image_pixels(page: pdfium.PdfPage) -> int:
    """Pixel count of the largest image on ``page`` (from its dictionary, nothing decoded)."""
    best = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        assert isinstance(obj, pdfium.PdfImage)
        try:
            w, h = obj.get_px_size()
        except pdfium.PdfiumError:
            continue
        best = max(best, int(w) * int(h))
    return best


def _gray_scan(page: pdfium.PdfPage) -> bool:
    """Whether every image on the page is gray or black-and-white (read from its dictionary)."""
    gray = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY)
    seen = False
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        assert isinstance(obj, pdfium.PdfImage)
        try:
            meta = obj.get_metadata()
        except pdfium.PdfiumError:
            return False
        if meta.colorspace not in gray and meta.bits_per_pixel != 1:
            return False
        seen = True
    return seen


def embedded_image_dpi(page: pdfium.PdfPage) -> float | None:
    """Effective resolution of the largest image drawn on ``page``, or None if it has none.

    The image's pixel width over its drawn width in inches (the smaller of the
    two axes' figures, to be safe with anisotropic scans).
    """
    best: tuple[float, float] | None = None  # (drawn area, dpi)
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        assert isinstance(obj, pdfium.PdfImage)
        try:
            px_w, px_h = obj.get_px_size()
            left, bottom, right, top = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        w_in, h_in = abs(right - left) / POINTS_PER_INCH, abs(top - bottom) / POINTS_PER_INCH
        if w_in <= 0 or h_in <= 0 or px_w <= 0 or px_h <= 0:
            continue
        # A quarter-turned placement swaps the axes: compare like with like.
        ratios = (
            sorted((px_w / w_in, px_h / h_in))
            if (px_w >= px_h) == (w_in >= h_in)
            else sorted((px_w / h_in, px_h / w_in))
        )
        area = w_in * h_in
        if best is None or area > best[0]:
            best = (area, ratios[0])
    return None if best is None else best[1]


def choose_dpi(
    image_dpi: float | None, default: float = DEFAULT_DPI, cap: float = MAX_DPI, floor: float = MIN_DPI
) -> float:
    """Render dpi for a page: the scan's own resolution (capped at ``cap``), else ``default``."""
    if image_dpi is None:
        return default
    return float(min(cap, max(floor, round(image_dpi))))


def render_page(
    pdf_path: str,
    page_no: int,
    dpi: float | None = None,
    *,
    cap: float = MAX_DPI,
    default: float = DEFAULT_DPI,
    max_pixels: float = MAX_PIXELS,
    max_image_pixels: float = MAX_IMAGE_PIXELS,
    dropout: bool = False,
) -> RasterPage:
    """Render 1-based ``page_no`` of ``pdf_path`` to grayscale.

    With ``dropout`` the page is rendered in colour and clearly coloured ink (a blue
    stamp, a signature) is lightened away (:func:`drop_colour`) before it becomes gray.

    With ``dpi`` None the resolution is chosen by :func:`choose_dpi` from the
    embedded image, if any.  Either way the dpi is lowered, if need be, so the
    bitmap stays within ``max_pixels`` (a poster-sized page cannot exhaust memory).
    Raises :class:`PageTooLargeError` if an embedded image exceeds ``max_image_pixels``.
    """
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_no - 1]
        try:
            pixels = largest_image_pixels(page)
            if pixels > max_image_pixels:
                raise PageTooLargeError(
                    f"{pdf_path} p{page_no}: embedded image of {pixels / 1e6:.0f} Mpx exceeds the "
                    f"{max_image_pixels / 1e6:.0f} Mpx limit (a decompression bomb?)"
                )
            image_dpi = embedded_image_dpi(page)
            use = dpi if dpi is not None else choose_dpi(image_dpi, default=default, cap=cap)
            width, height = page.get_size()  # as displayed: pdfium applies /Rotate
            area_in = max(width * height, 1.0) / POINTS_PER_INCH**2
            if area_in * use * use > max_pixels:
                use = max(1.0, math.floor(math.sqrt(max_pixels / area_in)))
                log.warning(
                    "%s p%d: page of %.0f x %.0f pt rendered at %.0f dpi",
                    pdf_path,
                    page_no,
                    width,
                    height,
                    use,
                )
            dropout = dropout and not _gray_scan(page)  # a gray scan has no colour to drop
            bitmap = page.render(scale=use / POINTS_PER_INCH, grayscale=not dropout)
            arr = np.ascontiguousarray(bitmap.to_numpy())
            if arr.ndim == 3 and dropout:
                arr = drop_colour(arr[:, :, :3], use)
            elif arr.ndim == 3:
                arr = np.ascontiguousarray(arr[:, :, 0])
        finally:
            page.close()
    finally:
        pdf.close()
    log.debug(
        "rendered %s p%d at %.0f dpi (image %s dpi): %s px", pdf_path, page_no, use, image_dpi, arr.shape
    )
    return RasterPage(
        image=arr.astype(np.uint8, copy=False),
        dpi=use,
        width=float(width),
        height=float(height),
        image_dpi=image_dpi,
    )


def drop_colour(
    bgr: npt.NDArray[np.uint8],
    dpi: float,
    min_saturation: int = DROPOUT_SATURATION,
    solid_pt: float = DROPOUT_SOLID_PT,
) -> Gray:
    """Gray page with coloured strokes removed: stamps and signatures in blue or purple ink.

    Print is black, so a pixel whose channels differ by more than ``min_saturation``
    levels is colour laid over the paper; so is a fainter one (``DROPOUT_FAINT`` over the paper's
    own tint) joined to such pixels: a phone photo's blur and light wash a stamp's colour out
    towards its strokes' edges and its patchy parts (714-001 p4 kept most of its ring).
    Coloured *strokes* (thinner than ``solid_pt``) become paper; solid colour shaped like a fill
    (a spreadsheet's coloured month cell, ``DROPOUT_BOXLIKE`` of its box) or larger than a stamp's
    star (a desk around a photographed sheet) stays, as gray, for the shading detector and the
    sheet's outline, while a stamp's filled star goes.  Black text under a stamp stays black:
    its channels are all low, so they differ little.
    """
    bgr = np.ascontiguousarray(bgr)
    b, g, r = cv2.split(bgr)
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    spread = _u8(cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r)))
    strong = _u8(cv2.threshold(spread, min_saturation, 255, cv2.THRESH_BINARY)[1])
    coloured = _coloured(spread, strong, min_saturation, dpi)
    # solid colour, found on a quarter-size copy (a fill is many points wide) and scaled back
    h, w = coloured.shape
    small = cv2.resize(strong, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(3, round(solid_pt * dpi / POINTS_PER_INCH / 4)) | 1
    opened = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    solid = _boxlike(_u8(opened), _u8(small), DROPOUT_STAR_PT * dpi / POINTS_PER_INCH / 4)
    grown = cv2.dilate(solid, np.ones((3, 3), np.uint8))  # cover the fill's edge pixels too
    _, full = cv2.threshold(cv2.resize(grown, (w, h), interpolation=cv2.INTER_NEAREST), 127, 255, 0)
    core = cv2.subtract(coloured, full)
    out = np.asarray(gray, dtype=np.uint8).copy()
    near = np.nonzero(cv2.dilate(core, np.ones((3, 3), np.uint8)))
    if not near[0].size:
        return out  # nothing coloured to drop: the page as it is, at no further cost
    paper, here = _paper(out, dpi)[near], out[near]
    # the strokes, and the blurred edge of each: a grey lighter than print (a rule crossing stays)
    drop = (core[near] > 0) | (here.astype(np.float32) > DROPOUT_EDGE * paper)
    out[near] = np.where(drop, np.maximum(here, paper), here)
    return out


def _paper(gray: Gray, dpi: float) -> Gray:
    """The paper's level around each pixel (a closing over ``DROPOUT_PAPER_PT``, on a quarter-size
    copy: ink and a stamp's star narrower than that filled in by the paper around them): what a
    dropped stroke becomes.  White, as it was, a stamp's ring on a phone photo's
    grey paper was a bright ring the light flattening divided the paper inside by, darkening it
    to a shading over three months (724-001 p6)."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(3, round(DROPOUT_PAPER_PT * dpi / POINTS_PER_INCH / 4) | 1)
    level = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return np.asarray(cv2.resize(level, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)


def _u8(a: npt.ArrayLike) -> Gray:
    return np.asarray(a, dtype=np.uint8)


def _coloured(spread: Gray, strong: Gray, sure: int, dpi: float) -> Gray:
    """255 where a pixel is coloured ink: ``strong`` (over ``sure``), or ``DROPOUT_FAINT`` over
    the page's median tint and connected to a strong pixel or lying inside a stamp's outline."""
    faint_at = min(sure, int(np.median(spread[::4, ::4])) + DROPOUT_FAINT)
    _, faint = cv2.threshold(spread, faint_at, 255, cv2.THRESH_BINARY)
    n, labels = cv2.connectedComponents(faint, connectivity=8)
    keep = np.zeros(n, np.uint8)
    keep[np.unique(labels[strong > 0])] = 255
    keep[0] = 0
    joined = np.asarray(keep[labels], dtype=np.uint8)
    return np.asarray(cv2.max(joined, cv2.bitwise_and(faint, _stamp_outlines(joined, dpi))), dtype=np.uint8)


def _stamp_outlines(coloured: Gray, dpi: float) -> Gray:
    """255 inside the convex outline of each coloured shape of a stamp's size: a phone photo
    washes a stamp's inner ring, its text and its star out to a tint no stronger than a print's
    colour fringe, not joined to its outer ring (726-000 p4: read as shading over three months);
    inside the ring they are the stamp's."""
    lo, hi = DROPOUT_STAMP_PT[0] * dpi / POINTS_PER_INCH, DROPOUT_STAMP_PT[1] * dpi / POINTS_PER_INCH
    out = np.zeros_like(coloured)
    contours, _ = cv2.findContours(coloured, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        _, _, w, h = cv2.boundingRect(c)
        if lo <= min(w, h) and max(w, h) <= hi:
            cv2.fillPoly(out, [cv2.convexHull(c)], 255)
    return out


def _boxlike(solid: Gray, strong: Gray, star: float) -> Gray:
    """The regions of ``solid`` whose shape in ``strong`` (the colour before the opening that
    found them solid) fills ``DROPOUT_BOXLIKE`` of its bounding box, or is wider or taller than
    ``star`` pixels.  Judged on the opened region alone, a small star's core (its points opened
    away) was a square and stayed as gray ink in a month cell (726-000 p4)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    _, whole = cv2.threshold(strong, 127, 255, cv2.THRESH_BINARY)
    _, shapes, shape_stats, _ = cv2.connectedComponentsWithStats(_u8(whole), connectivity=8)
    keep = np.zeros(n, np.uint8)
    for i in range(1, n):
        under = shapes[labels == i]
        j = int(np.bincount(under[under > 0]).argmax()) if np.any(under > 0) else 0
        _, _, w, h, area = (int(v) for v in (shape_stats[j] if j else stats[i]))
        keep[i] = 255 if area >= DROPOUT_BOXLIKE * w * h or max(w, h) > star else 0
    return np.asarray(keep[labels], dtype=np.uint8)


def page_count(pdf_path: str) -> int:
    """Number of pages in ``pdf_path``."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        return len(pdf)
    finally:
        pdf.close()
