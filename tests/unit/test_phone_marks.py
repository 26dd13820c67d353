"""Issue 10b: month marks of a phone photo judged by the height at which the page's marks sit
in their rows (top-aligned or middle-aligned, the same in every row): a desk's speck or a
stamp's digit of a mark's size elsewhere in the row is no mark."""

from __future__ import annotations

from rencana.extract.table.marks import mark_profile, month_mark
from rencana.schema.records import Fill, PageContent, Word

SPAN = (600.0, 840.0)  # the month columns, 20 pt each
BANDS = [(100.0, 130.0), (130.0, 180.0), (180.0, 205.0), (205.0, 260.0)]  # rows of 1, 3, 1, 4 lines


def _cells(band: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    return [(600.0 + 20 * m, band[0], 620.0 + 20 * m, band[1]) for m in range(12)]


def _rows(content: PageContent) -> list[str]:
    """Each row's marks, one character a month ('.' for none)."""
    cells = [c for band in BANDS for c in _cells(band)]
    profile = mark_profile(content, cells, SPAN)
    words = list(content.words)
    out = []
    for band in BANDS:
        marks = []
        for c in _cells(band):
            inside = [w for w in words if c[0] <= w.cx <= c[2] and c[1] <= w.cy <= c[3]]
            marks.append((month_mark(inside, content, c, SPAN, None, profile) or ".")[0])
        out.append("".join(marks))
    return out


def _blob(month: int, top: float, size: float = 6.0, gray: float = 0.7) -> Fill:
    x = 610.0 + 20 * (month - 1) - size / 2
    return Fill(x, top, x + size, top + size, gray)


def _page(ink: list[Fill], words: tuple[Word, ...] = ()) -> PageContent:
    return PageContent(1, 842, 595, "ocr", words, ink=tuple(ink), ocr_read=True)


def test_a_speck_down_a_row_whose_marks_stand_at_its_top_is_no_mark() -> None:
    # 754-006 p4: marks 6 pt under each row's top rule; a speck of 3.6 pt, 22 pt down row 2
    placed = zip(BANDS, [(1, 2), (3, 4), (5,), (6, 7)], strict=True)
    marks = [_blob(m, band[0] + 3) for band, months in placed for m in months]
    speck = Fill(788.2, 152.0, 791.8, 155.3, 0.78)  # October, row 2
    assert _rows(_page([*marks, speck])) == ["ii..........", "..ii........", "....i.......", ".....ii....."]


def test_marks_in_the_middle_of_their_rows_keep_every_row_and_a_speck_at_the_top_is_none() -> None:
    centred = [(1, 0), (3, 1), (4, 1), (5, 2), (9, 3)]  # month, row
    marks = [_blob(m, (BANDS[r][0] + BANDS[r][1]) / 2 - 3) for m, r in centred]
    speck = Fill(728.2, 209.0, 732.2, 213.0, 0.78)  # July, the top of row 4
    assert _rows(_page([*marks, speck])) == ["i...........", "..ii........", "....i.......", "........i..."]


def test_a_stamps_digit_under_the_rows_glyphs_is_no_mark() -> None:
    # 754-009 p4: the marks read "v" 4 pt under each row's top; a stamp's "1" in January 18 pt down
    def glyph(text: str, month: int, top: float) -> Word:
        x = 610.0 + 20 * (month - 1)
        return Word(1, x - 2.5, top, x + 2.5, top + 6, text, "ocr", 80.0)

    words = (glyph("v", 3, 104), glyph("v", 2, 134), glyph("v", 5, 184), glyph("v", 6, 209))
    stamp = glyph("1", 1, 148)
    rows = _rows(_page([], (*words, stamp)))
    assert rows == ["..v.........", ".v..........", "....v.......", ".....v......"]


def test_a_speck_on_a_page_marked_by_shading_is_no_mark() -> None:
    # 752-001 p7: every mark a shaded cell (grey 0.68); a speck 3.6 pt across in September's
    # cell of row 2, centred, was read as a mark
    shaded = [(1, 0), (2, 0), (4, 1), (5, 1), (7, 2), (12, 3)]  # month, row
    fills = tuple(
        Fill(600.0 + 20 * (m - 1) + 0.5, BANDS[r][0] + 0.5, 619.5 + 20 * (m - 1), BANDS[r][1] - 0.5, 0.68)
        for m, r in shaded
    )
    speck = Fill(768.2, 140.0, 771.8, 143.6, 0.74)
    page = PageContent(1, 842, 595, "ocr", (), fills=fills, ink=(speck,), ocr_read=True)
    assert _rows(page) == ["ss..........", "...ss.......", "......s.....", "...........s"]


def test_a_speck_smaller_than_the_usual_mark_at_its_height_is_no_mark() -> None:
    # 754-001 p6: marks 5.4 x 5.7 pt; a speck 3.9 x 3.6 at the marks' height and place in March
    marks = [_blob(m, band[0] + 3, 5.5) for band, m in zip(BANDS, (1, 5, 7, 9), strict=True)]
    speck = Fill(648.0, 103.8, 651.9, 107.4, 0.77)
    assert _rows(_page([*marks, speck])) == ["i...........", "....i.......", "......i.....", "........i..."]


def test_marks_drifting_across_their_cells_down_a_sheared_photo_are_kept() -> None:
    # 732-003 p5: the photo flattened with a little shear left; each row's marks sit further left
    # in their cells (0 pt at the table's top, 4 pt at its foot): the last rows' marks were lost
    def drifted(month: int, band: tuple[float, float]) -> Fill:
        shift = -0.0375 * (band[0] + 6 - 106)  # the mark's centre left of its cell's middle
        x = 610.0 + 20 * (month - 1) + shift
        return Fill(x - 2.75, band[0] + 3, x + 2.75, band[0] + 8.5, 0.7)

    rows = [(1, 2), (3, 4), (5,), (6, 7)]
    marks = [drifted(m, band) for band, months in zip(BANDS, rows, strict=True) for m in months]
    assert _rows(_page(marks)) == ["ii..........", "..ii........", "....i.......", ".....ii....."]


def test_specks_of_one_size_on_a_page_marked_by_shading_are_no_marks() -> None:
    # 726-007 p4: specks 3.6 x 4.7 pt in four unshaded cells made the page's "usual ink mark"
    fills = tuple(
        Fill(600.0 + 20 * (m - 1) + 0.5, BANDS[r][0] + 0.5, 619.5 + 20 * (m - 1), BANDS[r][1] - 0.5, 0.6)
        for m, r in [(1, 0), (2, 0), (5, 1), (9, 3)]
    )
    specks = tuple(
        Fill(608.2 + 20 * m, BANDS[r][0] + 9, 611.8 + 20 * m, BANDS[r][0] + 13.6, 0.84)
        for m, r in [(3, 0), (6, 1), (10, 2), (1, 3)]
    )
    page = PageContent(1, 842, 595, "ocr", (), fills=fills, ink=specks, ocr_read=True)
    assert _rows(page) == ["ss..........", "....s.......", "............", "........s..."]


def test_the_marks_of_a_row_cut_by_the_page_break_are_kept() -> None:
    # clean scan 17-004 p3: marks in the middle of their rows; the last row runs on to the next
    # page, its marks in the middle of the whole row stand near the top of the part on this page
    centred = [(m, 1) for m in (1, 2, 3, 4)] + [(m, 2) for m in (5, 8, 9, 10)]  # month, row
    marks = [_blob(m, (BANDS[r][0] + BANDS[r][1]) / 2 - 3) for m, r in centred]
    cut = [_blob(6, BANDS[3][0] + 3), _blob(12, BANDS[3][0] + 3)]
    assert _rows(_page([*marks, *cut])) == ["............", "iiii........", "....i..iii..", ".....i.....i"]
