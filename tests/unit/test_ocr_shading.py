"""Issue 10, phone photos: text on a shaded header band the fill finder found only in pieces
(a photo lit unevenly) is read as text on paper — month numbers over grey had thickened into
blobs under one global threshold ("5" and "6" read "8", 714-009 p4, no time grid, page lost)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from rencana.extract.ocr import imageprep as prep
from rencana.extract.ocr.read import _table_binarised, flattened
from rencana.extract.ocr.settings import OcrSettings
from rencana.extract.ocr.tesseract import get_engine
from rencana.schema.records import Segment

DPI = 240.0
MONTHS = [str(m) for m in range(1, 13)]


def _shaded_month_line() -> np.ndarray:
    """A month line 1…12 in bold 8 pt on a grey band (150) on paper (235), blurred as a photo
    is, lightened to paper in two patches where the shading was found (what is darker than
    three quarters of the shading kept, as the fill finder's unshading does)."""
    img = Image.new("L", (1500, 160), 235)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 30, 1500, 130), fill=150)
    font = ImageFont.load_default(size=26)
    for i, text in enumerate(MONTHS):
        draw.text((60 + 118 * i, 62), text, fill=45, font=font, stroke_width=1, stroke_fill=45)
    gray = np.asarray(cv2.GaussianBlur(np.asarray(img), (0, 0), 1.0), dtype=np.uint8)
    for x0, y0, x1, y1 in ((40, 30, 200, 75), (1100, 90, 1230, 130)):
        patch = gray[y0:y1, x0:x1]
        patch[patch > 0.75 * 150] = 255
    return gray


def _read(gray: np.ndarray) -> list[str]:
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    words = get_engine("auto", "ind").words(np.asarray(bw, dtype=np.uint8), DPI, 11)
    return [w.text for w in sorted(words, key=lambda w: w.x0)]


def test_shading_flattened_leaves_text_dark_on_white() -> None:
    gray = _shaded_month_line()
    out = flattened(gray, DPI)
    assert out[100, 20] >= 250 and out[100, 1450] >= 250  # the band's grey, away from any text
    assert out[50, 120] >= 250  # the lightened patch stays paper: its edge draws no line
    assert out.min() < 120  # the strokes stay ink


def test_a_month_line_on_patchy_shading_is_read_flattened() -> None:
    gray = _shaded_month_line()
    right = sum(a == b for a, b in zip(_read(flattened(gray, DPI)), MONTHS, strict=False))
    assert right >= 10  # by position: one or two slips ("5" read "6") are left to the grid fit
    assert len(_read(gray)) < 3  # unflattened, the band reads as one dark block


def test_only_the_ruled_table_is_read_flattened() -> None:
    s = OcrSettings()
    page = np.full((600, 1500), 235, dtype=np.uint8)
    page[:160] = _shaded_month_line()  # a shaded band above the table: outside it
    page[300:460] = _shaded_month_line()  # the same band inside the table's ruling
    table = [Segment(0.0, 290 * 72 / DPI, 1500 * 72 / DPI, 290 * 72 / DPI)]
    table += [Segment(0.0, 470 * 72 / DPI, 1500 * 72 / DPI, 470 * 72 / DPI)]
    plain = prep.binarise(page, s.binarise, DPI, s.prep)
    out = _table_binarised(plain, page, table, DPI, s)
    assert np.array_equal(out[:280], plain[:280])  # read exactly as before
    assert (out[300:460] == 0).mean() < 0.2 < (plain[300:460] == 0).mean()  # the band is paper
