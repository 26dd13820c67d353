"""Issue 10: the decree-number line read again, enlarged, when the page read fails the grammar.

Real text drawn into a real PDF, rendered by PDFium at a copier's 150 dpi and read by real
Tesseract; the page read's slip (``@`` for ``6``) is given as the words the page pass returned.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from rencana.extract.ocr.crops import Crop, read_crop
from rencana.extract.ocr.line_reread import reread_names, reread_number_lines
from rencana.extract.ocr.tesseract import OcrWord, get_engine
from rencana.schema.decree_number import parse_decree_number

DPI = 150.0
NUMBER = "62/ORT.06/3279/2022"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    path: Path = tmp_path_factory.mktemp("nomor") / "nomor.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(200, 700, f"NOMOR : {NUMBER}")
    c.drawString(300, 500, "KETUA KOMISI PEMILIHAN UMUM")
    c.drawString(300, 485, "ttd")
    c.drawString(300, 540, "Pada Tanggal : 16 Februari 2024")
    c.drawString(300, 450, "WAHYU FITRI SANTOSO")
    c.setFont("Helvetica", 11)
    c.drawString(72, 600, "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum (Lembaran Negara)")
    c.save()
    pdf = pdfium.PdfDocument(str(path))
    gray = pdf[0].render(scale=DPI / 72.0, grayscale=True).to_numpy()
    return np.ascontiguousarray(gray[:, :, 0] if gray.ndim == 3 else gray)


def _line_words(page: np.ndarray) -> list[OcrWord]:
    """The number line as a page pass reads it, found by reading its crop as it is."""
    px = DPI / 72.0
    top = round((A4[1] - 700 - 10) * px)
    crop = Crop(round(190 * px), top, round(420 * px), top + round(14 * px), 14 * px)
    return read_crop(get_engine("auto", "ind"), page, DPI, crop, psm=7, target=14 * px)


def test_an_enlarged_crop_reads_the_number_by_its_grammar(page: np.ndarray) -> None:
    words = _line_words(page)
    assert words and all(crop_w.top > 0 for crop_w in words)
    parsed = parse_decree_number(" ".join(w.text for w in words))
    assert parsed.normalised == NUMBER


def test_a_number_failing_the_grammar_is_read_again_and_replaced(page: np.ndarray) -> None:
    words = _line_words(page)
    value = next(w for w in words if "/" in w.text)
    slipped = [
        w if w is not value else OcrWord("@/ORT.06/3279/2022", w.x0, w.top, w.x1, w.bottom, 60.0)
        for w in words
    ]
    assert parse_decree_number(" ".join(w.text for w in slipped)).style == "unknown"
    out = reread_number_lines(slipped, page, DPI, get_engine("auto", "ind"))
    assert parse_decree_number(" ".join(w.text for w in out)).normalised == NUMBER


def test_a_number_that_parses_and_prose_naming_a_law_are_left_as_read(page: np.ndarray) -> None:
    words = _line_words(page)
    assert reread_number_lines(words, page, DPI, get_engine("auto", "ind")) == words
    prose = [
        OcrWord(t, 150 + 60 * i, 1300, 200 + 60 * i, 1320, 50.0)
        for i, t in enumerate(["Nomor", "7", "Tahun", "2017", "tentang", "Pemilihan", "Umum"])
    ]
    assert reread_number_lines(prose, page, DPI, get_engine("auto", "ind")) == prose


def _words_at(page: np.ndarray, y_pt: float, x_pt: float = 290) -> list[OcrWord]:
    px = DPI / 72.0
    top = round((A4[1] - y_pt - 10) * px)
    crop = Crop(round(x_pt * px), top, round(520 * px), top + round(14 * px), 14 * px)
    return read_crop(get_engine("auto", "ind"), page, DPI, crop, psm=7, target=14 * px)


def test_a_name_that_lost_its_first_letters_under_a_signature_is_restored(page: np.ndarray) -> None:
    heading, ttd, name = _words_at(page, 500), _words_at(page, 485), _words_at(page, 450)
    assert [w.text for w in name] == ["WAHYU", "FITRI", "SANTOSO"]
    first = name[0]  # the page read lost the "W" under a signature stroke
    cut = OcrWord("AHYU", first.x0 + (first.x1 - first.x0) // 4, first.top, first.x1, first.bottom, 70.0)
    words = [*heading, *ttd, cut, *name[1:]]
    out = reread_names(words, page, DPI, get_engine("auto", "ind"))
    assert [w.text for w in out if w.top >= first.top - 2] == ["WAHYU", "FITRI", "SANTOSO"]


def test_a_re_read_never_puts_another_name_in_place() -> None:
    from rencana.extract.ocr.line_reread import _restores

    def line(*texts: str) -> list[OcrWord]:
        return [OcrWord(t, 0, 0, 10, 10, 90.0) for t in texts]

    assert _restores(line("AHYU", "SANTOSO"), line("WAHYU", "SANTOSO"))
    assert not _restores(line("AHYU", "SANTOSO"), line("BAHYU", "SANTOS"))
    assert not _restores(line("YA", "NUGROHO"), line("SETIAWAN", "MAYA", "NUGROHO"))


def test_a_date_line_that_is_no_date_is_read_again(page: np.ndarray) -> None:
    words = _words_at(page, 540)
    assert " ".join(w.text for w in words) == "Pada Tanggal : 16 Februari 2024"
    day = next(w for w in words if w.text == "16")
    slipped = [w if w is not day else OcrWord("116", w.x0, w.top, w.x1, w.bottom, 55.0) for w in words]
    out = reread_number_lines(slipped, page, DPI, get_engine("auto", "ind"))
    assert sorted(w.text for w in out) == sorted(w.text for w in words)


def test_an_unsure_word_far_left_of_the_signature_block_is_no_part_of_the_name(page: np.ndarray) -> None:
    """721-006 (photocopy, signature block after the table): a stroke read as "KAN" (conf 44)
    13 line heights left of "ARIF LUBIS" joined the name's line; a sure word there stays."""
    heading, ttd, name = _words_at(page, 500), _words_at(page, 485), _words_at(page, 450)
    first = name[0]
    height = first.bottom - first.top
    stroke = OcrWord("KAN", first.x0 - 16 * height, first.top, first.x0 - 13 * height, first.bottom, 44.0)
    out = reread_names([*heading, *ttd, stroke, *name], page, DPI, get_engine("auto", "ind"))
    assert [w.text for w in out if w.top >= first.top - 2] == ["WAHYU", "FITRI", "SANTOSO"]
    sure = OcrWord("KAN", stroke.x0, stroke.top, stroke.x1, stroke.bottom, 95.0)
    out = reread_names([*heading, *ttd, sure, *name], page, DPI, get_engine("auto", "ind"))
    assert [w.text for w in out if w.top >= first.top - 2] == ["KAN", "WAHYU", "FITRI", "SANTOSO"]


def test_a_number_that_parses_but_every_enlarged_reading_reads_otherwise_is_outvoted(
    page: np.ndarray,
) -> None:
    """715-004 (photocopy): the page read "33/ORT.07/…" parses; both enlarged readings say "53/…"."""
    words = _line_words(page)
    value = next(w for w in words if "/" in w.text)
    slipped = [
        w if w is not value else OcrWord("52/ORT.06/3279/2022", w.x0, w.top, w.x1, w.bottom, 91.0)
        for w in words
    ]
    assert parse_decree_number(" ".join(w.text for w in slipped)).style == "satker"
    out = reread_number_lines(slipped, page, DPI, get_engine("auto", "ind"))
    assert parse_decree_number(" ".join(w.text for w in out)).normalised == NUMBER
