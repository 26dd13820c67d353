"""Issue 10b: month numbers garbled by the rules between them, read again cell by cell.

A real ruled time grid drawn into a PDF (dashed rules between the month numbers, as a phone
photo leaves them; the body's rules solid), rendered by PDFium at 150 dpi and read by real
Tesseract.  The page read's words are given as a phone photo's page read returned them
(724-000 p6: "2Jajafajs", "s|7", "sj" over months 1-12): the table then has no time grid.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from rencana.extract.ocr.month_reread import month_lattice, reread_months
from rencana.extract.ocr.tesseract import OcrWord, get_engine
from rencana.extract.ocr.words import to_words
from rencana.extract.table.lattice_months import lattice_months
from rencana.extract.text.geometry import VLine
from rencana.schema.records import Segment

DPI = 150.0
PX = DPI / 72.0
LEFT, PITCH = 400.0, 19.0
XS = tuple(LEFT + PITCH * k for k in range(13))
LABEL_TOP, DIGITS_TOP, BODY_TOP, BOTTOM = 40.0, 60.0, 80.0, 300.0


def _segments() -> list[Segment]:
    """The ruling a phone photo's page read kept: the month rules from the body's top down (their
    dashed pieces in the header were not found), and the body's rows."""
    rules = [Segment(x, BODY_TOP, x, BOTTOM) for x in XS]
    return rules + [Segment(XS[0], y, XS[-1], y) for y in (BODY_TOP, 120.0, 160.0, 200.0, BOTTOM)]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    path: Path = tmp_path_factory.mktemp("months") / "months.pdf"
    size = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=size)
    h = size[1]
    c.setFont("Helvetica-Bold", 8)
    c.drawCentredString((XS[0] + XS[-1]) / 2, h - 53, "PELAKSANAAN (BULAN)")
    c.setDash(2, 2)
    for x in XS:
        c.line(x, h - DIGITS_TOP, x, h - BODY_TOP)
    c.line(XS[0], h - DIGITS_TOP, XS[-1], h - DIGITS_TOP)
    c.setDash()
    for g in _segments():
        c.line(g.x0, h - g.top, g.x1, h - g.bottom)
    for k in range(12):
        c.drawCentredString(XS[k] + PITCH / 2, h - 73, str(k + 1))
    c.save()
    gray = pdfium.PdfDocument(str(path))[0].render(scale=PX, grayscale=True).to_numpy()
    return np.ascontiguousarray(gray[:, :, 0] if gray.ndim == 3 else gray)


def _word(text: str, x0: float, x1: float, top: float, bottom: float, conf: float) -> OcrWord:
    return OcrWord(text, round(x0 * PX), round(top * PX), round(x1 * PX), round(bottom * PX), conf)


def _garbled() -> list[OcrWord]:
    return [
        _word("PELAKSANAAN", 450.0, 505.0, 47.0, 54.0, 90.0),
        _word("(BULAN)", 508.0, 545.0, 47.0, 54.0, 95.0),
        _word("2Jajafajs", 402.0, 500.0, 62.0, 80.0, 5.7),
        _word("s|7", 510.0, 560.0, 66.0, 74.0, 63.0),
        _word("sj", 570.0, 620.0, 66.0, 74.0, 0.0),
        _word("Evaluasi", 100.0, 140.0, 90.0, 97.0, 92.0),
    ]


def _months(words: list[OcrWord]) -> dict[int, str]:
    """The text read in each month cell of the digit line."""
    out: dict[int, str] = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2 / PX, (w.top + w.bottom) / 2 / PX
        if DIGITS_TOP < cy < BODY_TOP and XS[0] < cx < XS[-1]:
            out[int((cx - XS[0]) // PITCH) + 1] = w.text
    return out


def _grid(words: list[OcrWord]) -> object:
    vlines = [VLine(x, BODY_TOP, BOTTOM) for x in XS]
    band = [w for w in to_words(words, 1, DPI) if w.cx > XS[0] - 5]
    return lattice_months(band, vlines, XS[0] - 5, (LABEL_TOP, BODY_TOP + 2), 7.0)


def test_the_ruling_gives_the_twelve_month_columns() -> None:
    run = month_lattice(_segments(), 7.0)
    assert run is not None and [r[0] for r in run] == list(XS)


def test_garbled_month_numbers_are_read_again_in_their_cells(page: np.ndarray) -> None:
    garbled = _garbled()
    assert _grid(garbled) is None  # as the page read left them, the grid is not found
    out = reread_months(garbled, page, DPI, get_engine("auto", "ind"), _segments())
    read = _months(out)
    assert sum(read.get(k) == str(k) for k in range(1, 13)) >= 10
    assert "2Jajafajs" not in {w.text for w in out} and "Evaluasi" in {w.text for w in out}
    assert _grid(out) is not None


def test_month_numbers_the_page_read_got_are_left_alone(page: np.ndarray) -> None:
    words = [_word(str(k + 1), XS[k] + 7, XS[k] + 12, 67.0, 74.0, 90.0) for k in range(12)]
    assert reread_months(words, page, DPI, get_engine("auto", "ind"), _segments()) == words
