"""Issue 10, scanned tables on copies: the light estimate keeps blocks of shading, and the month
grid is taken from the ruling when a copy's month digits are half misread."""

from __future__ import annotations

import cv2
import numpy as np
from ocr_fakes import ocr_word as _ocr  # tests/fixtures (on sys.path: tests/conftest.py)
from ocr_fakes import scanned_header_labels

from rencana.extract.ocr.geometry import flatten_light, paper_mottle
from rencana.extract.table.header import locate_header
from rencana.extract.table.lattice_months import lattice_months
from rencana.extract.text.geometry import HLine, VLine
from rencana.schema.records import Word

DPI = 100.0


def _page_with_block(gradient: bool) -> np.ndarray:
    """A landscape page at 100 dpi: paper 235, a shaded block 3 x 1.5 inch at 165 (a full-year bar
    over two rows), optionally light falling off from left to right (235 -> 185)."""
    h, w = 850, 1170
    page = np.full((h, w), 235.0)
    if gradient:
        page *= np.linspace(1.0, 185 / 235, w)[None, :]
    page[400:550, 700:1000] *= 165 / 235
    return np.clip(page, 0, 255).astype(np.uint8)


def test_a_block_of_shading_wider_than_the_light_kernel_stays_shaded() -> None:
    flat, done = flatten_light(_page_with_block(gradient=True), DPI)
    assert done  # the gradient was divided out
    block = float(flat[420:530, 720:980].mean())
    beside = float(flat[420:530, 560:680].mean())  # paper left of the block, same rows
    far = float(flat[100:200, 1050:1150].mean())  # paper in the dark corner, lifted
    assert block < 0.8 * beside, (block, beside)
    assert abs(far - beside) < 12, (far, beside)


def test_a_clean_page_with_a_block_of_shading_is_left_alone() -> None:
    page = _page_with_block(gradient=False)
    flat, done = flatten_light(page, DPI)
    assert not done and flat is page  # a shaded block is not uneven light


def _lattice(left: float = 500.0, pitch: float = 20.0) -> list[VLine]:
    """Twelve month cells of one width from ``left``, ruled from the header (y 60) into the body."""
    return [VLine(left + k * pitch, 60.0, 500.0) for k in range(13)]


def _mottled_page(shaded: bool) -> np.ndarray:
    """A landscape copy at 100 dpi: paper 222 (0.87) dipping and rising up to 10 in smooth
    blotches, a ruled grid of month cells (17 x 26 pt) and, when ``shaded``, 48 of them shaded
    at 190 (0.75; 753-003 p4 has 48 such cells, 0.66-0.72 on paper 0.87) in runs of four."""
    rng = np.random.default_rng(4)
    h, w = 827, 1169
    field = cv2.resize(rng.normal(0, 1, (h // 25, w // 25)), (w, h), interpolation=cv2.INTER_CUBIC)
    page = 222.0 + 10.0 * np.clip(field / 1.5, -1, 1) + rng.normal(0, 3, (h, w))
    cw, ch = 24, 36  # 17 x 26 pt at 100 dpi
    x0, y0 = 600, 200
    if shaded:  # runs of four months, as a plan shades them
        for r, c in [(r, r % 6 + k) for r in range(12) for k in range(4)]:
            page[y0 + r * ch : y0 + (r + 1) * ch, x0 + c * cw : x0 + (c + 1) * cw] = 190.0
    for r in range(13):
        page[y0 + r * ch : y0 + r * ch + 2, x0 : x0 + 12 * cw] = 30.0
    for c in range(13):
        page[y0 : y0 + 12 * ch, x0 + c * cw : x0 + c * cw + 2] = 30.0
    return np.clip(page, 0, 255).astype(np.uint8)


def test_shaded_month_cells_are_not_taken_for_the_papers_blotches() -> None:
    """753-003 p4 (a photocopy): the paper's mottle was measured as 0.13 — the depth of the plan's
    own shaded cells, a few hundredths of the page — and the margin shading must clear of the
    paper rose with it, cutting the lighter shaded cells away (months 2, 5, 11 lost)."""
    plain, shaded = paper_mottle(_mottled_page(False), DPI), paper_mottle(_mottled_page(True), DPI)
    assert 0.02 < plain < 0.07, plain  # the blotches themselves are still measured
    assert shaded < plain + 0.02, (shaded, plain)


def test_the_ruling_gives_the_month_grid_when_digits_agree_with_it() -> None:
    # 402-001 p6 as read: "| 2 4 3 7 3 »" over months 1-8 (only 2, 4 and 7 in their own cell)
    read = [("|", 1), ("2", 2), ("4", 4), ("3", 6), ("7", 7), ("3", 8), ("»", 10)]
    words = [_ocr(t, 500 + 20 * k - 10, 62) for t, k in read]
    grid = lattice_months(words, _lattice(), 400.0, (50.0, 80.0), 9.0)
    assert grid is not None and grid.unit == "month"
    assert [round(grid.centres[k]) for k in (1, 6, 12)] == [510, 610, 730]
    assert (grid.top, grid.bottom) == (62, 69)


def test_a_first_rows_mark_v_in_month_5_leaves_the_grid_above_that_row() -> None:
    # 754-005 p3: the first row's marks "V" under months 1-6 read just under the month line; the
    # one in month 5's cell names its cell as a Roman numeral and had taken the grid's bottom
    # (the header's) under the row's first line: its marks were lost as header
    words = [_ocr(str(k), 500 + 20 * k - 10, 62) for k in (1, 2, 3, 4, 6, 7, 9)]
    words += [_ocr("V", 500 + 20 * k - 10, 74) for k in range(1, 7)]
    grid = lattice_months(words, _lattice(), 400.0, (50.0, 85.0), 9.0)
    assert grid is not None
    assert (grid.top, grid.bottom) == (62, 69)


def test_no_month_grid_from_the_ruling_without_agreeing_digits_or_from_a_text_layer() -> None:
    two = [_ocr(t, 500 + 20 * k - 10, 62) for t, k in [("2", 2), ("4", 4), ("9", 6)]]
    assert lattice_months(two, _lattice(), 400.0, (50.0, 80.0), 9.0) is None
    shifted = [_ocr(str(k + 1), 500 + 20 * k - 10, 62) for k in range(1, 12)]  # each one cell off
    assert lattice_months(shifted, _lattice(), 400.0, (50.0, 80.0), 9.0) is None
    printed = [Word(1, 500 + 20 * k - 13, 62, 500 + 20 * k - 7, 69, str(k)) for k in range(1, 13)]
    assert lattice_months(printed, _lattice(), 400.0, (50.0, 80.0), 9.0) is None
    gaps = (0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 260, 280)  # the last cells wider
    uneven = [VLine(500.0 + x, 60.0, 500.0) for x in gaps]
    digits = [_ocr(str(k), 500 + 20 * k - 10, 62) for k in range(1, 11)]
    assert lattice_months(digits, uneven, 400.0, (50.0, 80.0), 9.0) is None


def test_a_scanned_header_with_misread_month_digits_is_found_through_its_ruling() -> None:
    """The whole header: labels read, month digits mostly misread, the twelve cells ruled."""
    words = scanned_header_labels()
    words += [_ocr(t, 500 + 20 * k - 10, 62) for t, k in [("|", 1), ("2", 2), ("4", 4), ("3", 6), ("7", 7)]]
    words += [_ocr("Kegiatan", 300, 100 + 30 * r) for r in range(5)]
    hlines = [HLine(55.0, 40.0, 740.0), HLine(75.0, 40.0, 740.0)]
    without, why = locate_header(words, hlines)
    assert without is None and why == "no month or period columns under the header"
    header, _ = locate_header(words, hlines, None, _lattice())
    assert header is not None
    months = [round(c) for r, c in zip(header.roles, header.centres, strict=True) if r.startswith("m")]
    assert months == [510 + 20 * k for k in range(12)]


def test_two_digits_in_their_cells_give_the_grid_when_no_digit_names_another() -> None:
    # 402-005 p5 at 240 dpi: "1" and "2" in their cells, a mark "v" read in month 10's cell below
    words = [_ocr("1", 510, 62), _ocr("2", 530, 62), _ocr("v", 690, 78), _ocr("Kj", 550, 62)]
    assert lattice_months(words, _lattice(), 400.0, (50.0, 80.0), 9.0) is not None
    words.append(_ocr("3", 610, 62))  # a digit naming month 3 in month 6's cell
    assert lattice_months(words, _lattice(), 400.0, (50.0, 80.0), 9.0) is None
