"""One OCR pass over one orientation of an upright page: shading, ruling, then Tesseract.

Shading and ruling are found first (they do not need the words), painted out, then the page
is read; a second, per-region read picks up the short tokens a sparse-text read leaves out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from rencana.extract.ocr import imageprep as prep
from rencana.extract.ocr import ink as inkmod
from rencana.extract.ocr import ruling as lines
from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.settings import OcrSettings
from rencana.extract.ocr.tesseract import OcrWord, TesseractEngine
from rencana.schema.records import Fill, Segment


@dataclass(slots=True)
class PageRead:
    """One OCR pass over one orientation of the page."""

    gray: Gray
    words: list[OcrWord]
    ink: Gray
    ruling: lines.RulingMasks
    segments: list[Segment]  # the kept ones, in points
    fills: list[Fill]  # shading anywhere on the page (the table's are kept later)
    rescued: list[OcrWord] = field(default_factory=list)  # the second, per-region read
    shaded: Gray | None = None  # the page before its shading was lightened (its table is read so)

    @property
    def mean_conf(self) -> float:
        """Mean confidence of the page read (the rescued fragments are short and less sure)."""
        confs = [w.conf for w in self.words if w.conf >= 0]
        return float(np.mean(confs)) if confs else 0.0


def _prepared(
    gray: Gray,
    ruling: lines.RulingMasks,
    segments: list[Segment],
    dpi: float,
    paper: float,
    s: OcrSettings,
    shaded: Gray | None = None,
) -> Gray:
    """The image given to the engine: denoised, binarised, the table's ruling painted over; with
    ``shaded`` (the page before its shading was lightened), the table read from it flattened."""
    img = prep.binarise(prep.denoise(gray, s.denoise), s.binarise, dpi, s.prep)
    if shaded is not None and s.binarise != "none":
        img = _table_binarised(img, shaded, segments, dpi, s)
    if s.erase_ruling and segments:
        table_ruling = lines.segment_pixels(ruling.combined(), segments, dpi)
        paper_level = 255 if s.binarise != "none" else round(paper * 255)
        img = lines.erase_ruling(img, table_ruling, dpi, s.lines, paper_level)
    return _framed(img, 255 if s.binarise != "none" else round(paper * 255))


BACKGROUND_WINDOW_PT = 6.0  # wider than a bold stroke, narrower than a shaded header cell


def flattened(gray: Gray, dpi: float) -> Gray:
    """``gray`` divided by its local background (a closing: strokes narrower than a few points
    filled in by their surroundings, the edge of a shaded block kept where it is): text on
    shading the fill finder left (a photo's header band, lit unevenly, found in pieces) stands on
    white as text on paper does, so one global threshold no longer thickens it into blobs ("5"
    and "6" read "8" on a grey month line, 714-009 p4)."""
    k = max(3, round(BACKGROUND_WINDOW_PT * dpi / 72.0) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    out = gray.astype(np.float32) * 255.0 / np.maximum(background.astype(np.float32), 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def _table_binarised(
    img: Gray, shaded: Gray, segments: Sequence[Segment], dpi: float, s: OcrSettings
) -> Gray:
    """``img`` with the ruled table binarised again on its own from ``shaded`` :func:`flattened`:
    the fills found on a photo lit unevenly cover its header band in pieces, whose edges cut the
    words, and the grey left between them thickened the month numbers into blobs (714-009 p4).
    Outside the table (front matter, the caption, the signature) the page is read as before."""
    region = lines.table_region(segments)
    if region is None:
        return img
    k = dpi / 72.0
    h, w = img.shape[:2]
    x0, y0 = max(0, round(region.x0 * k)), max(0, round(region.top * k))
    x1, y1 = min(w, round(region.x1 * k)), min(h, round(region.bottom * k))
    if x1 <= x0 or y1 <= y0:
        return img
    table = flattened(prep.denoise(shaded[y0:y1, x0:x1], s.denoise), dpi)
    out = img.copy()
    out[y0:y1, x0:x1] = prep.binarise(table, s.binarise, dpi, s.prep)
    return out


FRAME_PX = 2  # the image's outermost pixels painted paper before Tesseract reads it


def _framed(img: Gray, paper: int) -> Gray:
    """``img`` with a thin frame of paper: ink touching the image's edge (a warped photo's border,
    a desk's corner) made Leptonica print "boxClipToRectangle: box outside rectangle" and
    "pixScanForForeground: invalid box" on stderr, page after page.  Nothing is printed there."""
    out = img.copy()
    out[:FRAME_PX, :] = out[-FRAME_PX:, :] = paper
    out[:, :FRAME_PX] = out[:, -FRAME_PX:] = paper
    return out


def _second_read(
    img: Gray,
    words: list[OcrWord],
    segments: list[Segment],
    dpi: float,
    engine: TesseractEngine,
    s: OcrSettings,
) -> list[OcrWord]:
    """psm 11 leaves out short isolated tokens (item markers "3." "a.", a lone "No", column
    numbers, marks): read the ink no word covers, region by region."""
    region = lines.table_region(segments)
    if not s.second_read or region is None:
        return []
    boxes = inkmod.unread_regions(img, [(w.x0, w.top, w.x1, w.bottom) for w in words], dpi, s.lines, region)
    return [w for w in engine.read_regions(img, dpi, boxes, s.second_read_psm) if w.text.strip()]


def read_pass(gray: Gray, dpi: float, paper: float, engine: TesseractEngine, s: OcrSettings) -> PageRead:
    """Shading and ruling first (they do not need the words), then OCR with both painted out."""
    fills = inkmod.find_fills(gray, dpi, paper, s.lines)
    shaded, gray = gray, inkmod.unshade(gray, fills, dpi)
    ink = prep.ink_mask(gray)
    ruling = lines.ruling_masks(ink, dpi, s.lines)
    width = gray.shape[1] * 72.0 / dpi
    segments = lines.keep_table_segments(lines.segments_from_masks(ruling, dpi, s.lines), width, s.lines)
    if fills and segments:
        # again, now the ruling is known: it separates shaded cells the scanner's blur joined
        fills = inkmod.find_fills(shaded, dpi, paper, s.lines, cuts=segments)
    fills = inkmod.stand_out(shaded, fills, dpi, s.lines)
    img = _prepared(gray, ruling, segments, dpi, paper, s, shaded)
    words = engine.words(img, dpi, s.psm)
    rescued = _second_read(img, words, segments, dpi, engine, s)
    return PageRead(gray, words, ink, ruling, segments, fills, rescued, shaded)


SHARPEN_SIGMA_PT = 0.6  # unsharp mask: the blur subtracted (about a stroke's width at 10 pt)
SHARPEN_AMOUNT = 1.5  # how much of the difference is added back
SHARPEN_FLOOR = 40.0  # below this mean confidence a page is noise or too steep: not read again


def sharpened(gray: Gray, dpi: float) -> Gray:
    """``gray`` with an unsharp mask: a photo's or a copy's blur (strokes smeared into grey) made
    steeper, so Otsu keeps letters apart."""
    blur = cv2.GaussianBlur(gray, (0, 0), SHARPEN_SIGMA_PT * dpi / 72.0)
    out = gray.astype(np.float32) * (1 + SHARPEN_AMOUNT) - blur.astype(np.float32) * SHARPEN_AMOUNT
    return np.clip(out, 0, 255).astype(np.uint8)


def sharper_read(
    read: PageRead, dpi: float, paper: float, engine: TesseractEngine, s: OcrSettings, notes: list[str]
) -> PageRead:
    """A page read below ``s.sharpen_below`` mean confidence is read again sharpened (a blurred
    photo: 52 -> 71 on 702-010 p3, measured); the more confident reading is kept.  Pages read
    well pay nothing."""
    if not SHARPEN_FLOOR <= read.mean_conf < s.sharpen_below or len(read.words) < s.upright_min_words:
        return read  # read well, or noise (a page of noise reads at 23: a second pass cost it a timeout)
    sharp = sharpened(read.gray, dpi)  # shading and ruling stay as found on the page
    shaded = None if read.shaded is None else sharpened(read.shaded, dpi)
    img = _prepared(sharp, read.ruling, read.segments, dpi, paper, s, shaded)
    words = engine.words(img, dpi, s.psm)
    rescued = _second_read(img, words, read.segments, dpi, engine, s)
    again = replace(read, gray=sharp, words=words, rescued=rescued, shaded=shaded)
    if again.mean_conf <= read.mean_conf:
        return read
    notes.append(f"sharpened (conf {read.mean_conf:.0f} -> {again.mean_conf:.0f})")
    return again
