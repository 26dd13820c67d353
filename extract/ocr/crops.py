"""Read one crop of a page image again, enlarged to the text size Tesseract reads best.

A 150-200 dpi copy prints 10-12 pt text about 12-20 px tall, where Tesseract starts to confuse
``6`` with ``@`` or ``M``; its LSTM reads best with lines some 30-40 px tall.  A crop (a text
line, a table cell) is cut from the page with a small margin, enlarged by cubic interpolation
so its text is :data:`TARGET_LINE_PX` tall (never shrunk, at most :data:`MAX_SCALE`), binarised
(Otsu on the crop: its own paper and ink), framed in white, and read at the psm asked
(7: one line, 6: a block).  Words come back in the page's pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.tesseract import OcrWord, TesseractEngine

TARGET_LINE_PX = 36.0  # height of a word box (cap height plus descender) Tesseract reads best
MAX_SCALE = 4.0
PAD_FRAC = 0.25  # margin cut around the crop, as a share of the text height
BORDER_PX = 12  # white frame around the enlarged crop


@dataclass(frozen=True, slots=True)
class Crop:
    """A box in page pixels (``x0, top, x1, bottom``) and the height of the text inside it."""

    x0: int
    top: int
    x1: int
    bottom: int
    text_px: float


def _enlarged(gray: Gray, crop: Crop, target: float) -> tuple[Gray, float, int, int]:
    """The crop cut with its margin, enlarged and binarised; its scale and page offset."""
    h, w = gray.shape
    pad = max(2, round(crop.text_px * PAD_FRAC))
    x0, y0 = max(0, crop.x0 - pad), max(0, crop.top - pad)
    x1, y1 = min(w, crop.x1 + pad), min(h, crop.bottom + pad)
    part: Gray = gray[y0:y1, x0:x1]
    scale = min(MAX_SCALE, max(1.0, target / max(1.0, crop.text_px)))
    if scale > 1.05:
        part = np.asarray(cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC), np.uint8)
    _, binary = cv2.threshold(part, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    b = BORDER_PX
    framed = cv2.copyMakeBorder(binary, b, b, b, b, cv2.BORDER_CONSTANT, value=255)
    return np.ascontiguousarray(framed, np.uint8), scale, x0, y0


def read_crop(
    engine: TesseractEngine, gray: Gray, dpi: float, crop: Crop, psm: int = 7, target: float = TARGET_LINE_PX
) -> list[OcrWord]:
    """The words Tesseract reads in ``crop`` of ``gray`` enlarged, boxes in ``gray``'s pixels.

    ``engine`` carries the language (``get_engine(name, lang)``); ``dpi`` is the page's;
    ``target``: the word-box height (px) the crop's text is enlarged to.
    """
    if crop.x1 - crop.x0 < 2 or crop.bottom - crop.top < 2:
        return []
    img, scale, ox, oy = _enlarged(gray, crop, target)
    out: list[OcrWord] = []
    for w in engine.words(img, dpi * scale, psm):
        if not w.text.strip():
            continue
        box = [(v - BORDER_PX) / scale for v in (w.x0, w.top, w.x1, w.bottom)]
        chars = tuple(
            (round(ox + (a - BORDER_PX) / scale), round(ox + (b - BORDER_PX) / scale)) for a, b in w.chars
        )
        out.append(
            OcrWord(
                w.text,
                round(ox + box[0]),
                round(oy + box[1]),
                round(ox + box[2]),
                round(oy + box[3]),
                w.conf,
                chars,
            )
        )
    return out


def mean_conf(words: list[OcrWord]) -> float:
    """Mean word confidence (0 for no words)."""
    confs = [w.conf for w in words if w.conf >= 0]
    return float(np.mean(confs)) if confs else 0.0


def replaced(words: list[OcrWord], old: Sequence[OcrWord], new: list[OcrWord]) -> list[OcrWord]:
    """``words`` with ``old`` (some of them) replaced by ``new``, put where the first of ``old``
    stood: the page read's order is its reading order, which the line grouping relies on."""
    gone = {id(w) for w in old}
    at = next((i for i, w in enumerate(words) if id(w) in gone), len(words))
    kept = [w for w in words[:at] if id(w) not in gone]
    rest = [w for w in words[at:] if id(w) not in gone]
    return [*kept, *sorted(new, key=lambda w: w.x0), *rest]
