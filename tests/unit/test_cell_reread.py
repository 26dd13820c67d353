"""Issue 10: unsure text cells of a ruled table read again, one enlarged crop each.

A real ruled table drawn into a PDF, rendered by PDFium at a copier's 150 dpi, read by real
Tesseract; the page read's garbled, unsure words are given as the page pass returned them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from rencana.extract.ocr.cell_reread import reread_cells, text_cells
from rencana.extract.ocr.tesseract import OcrWord, get_engine
from rencana.schema.records import Segment

DPI = 150.0
XS = (60.0, 80.0, 300.0, 318.0, 336.0)  # No | text | two month columns
YS = (100.0, 130.0, 160.0)  # top-down points
TEXT = "Evaluasi pelaksanaan Rencana Aksi"


def _segments() -> list[Segment]:
    rules = [Segment(x, YS[0], x, YS[-1]) for x in XS]
    return rules + [Segment(XS[0], y, XS[-1], y) for y in YS]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    path: Path = tmp_path_factory.mktemp("cells") / "cells.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    h = A4[1]
    for x in XS:
        c.line(x, h - YS[0], x, h - YS[-1])
    for y in YS:
        c.line(XS[0], h - y, XS[-1], h - y)
    c.setFont("Helvetica", 10)
    c.drawString(84, h - 118, TEXT)
    c.save()
    gray = pdfium.PdfDocument(str(path))[0].render(scale=DPI / 72.0, grayscale=True).to_numpy()
    return np.ascontiguousarray(gray[:, :, 0] if gray.ndim == 3 else gray)


def test_the_lattice_gives_the_text_cells_not_the_month_columns() -> None:
    cells = text_cells(_segments())
    assert [(c.x0, c.x1) for c in cells] == [(80.0, 300.0), (80.0, 300.0)]
    assert [(c.top, c.bottom) for c in cells] == [(100.0, 130.0), (130.0, 160.0)]


def _garbled(conf: float) -> list[OcrWord]:
    px = DPI / 72.0
    top, bottom = round((118 - 8) * px), round((118 + 2) * px)
    texts = ["Evahuasi", "pelakaamaan", "Rencana", "Aksl"]
    return [
        OcrWord(t, round((86 + 50 * i) * px), top, round((130 + 50 * i) * px), bottom, conf)
        for i, t in enumerate(texts)
    ]


def test_an_unsure_cell_is_replaced_by_its_enlarged_reading(page: np.ndarray) -> None:
    out = reread_cells(_garbled(40.0), page, DPI, get_engine("auto", "ind"), _segments())
    assert " ".join(w.text for w in sorted(out, key=lambda w: w.x0)) == TEXT


def test_a_sure_cell_is_left_as_read(page: np.ndarray) -> None:
    words = _garbled(90.0)
    assert reread_cells(words, page, DPI, get_engine("auto", "ind"), _segments()) == words
