"""Month marks of every kind, spreadsheet fills, section rows, Roman month headers (no PDF)."""

from __future__ import annotations

import pytest

from rencana.extract.table.header import find_header
from rencana.extract.table.marks import fill_mark
from rencana.extract.table.page_table import build_page_table
from rencana.extract.table.settings import TableSettings
from rencana.schema.records import Fill, PageContent, Segment, Word

BOUNDS = [40, 60, 140, 240, 360, 480] + [480 + 20 * (i + 1) for i in range(12)]
MONTH_LEFT = BOUNDS[5]


def centred(text: str, col: int, top: float) -> Word:
    width = 3.0 * len(text)
    mid = (BOUNDS[col] + BOUNDS[col + 1]) / 2
    return Word(1, mid - width / 2, top, mid + width / 2, top + 6, text)


def left(text: str, col: int, top: float, dx: float = 2) -> Word:
    return Word(1, BOUNDS[col] + dx, top, BOUNDS[col] + dx + 3.2 * len(text), top + 6, text)


def header(months: list[str]) -> list[Word]:
    return [
        centred("No", 0, 52),
        centred("AREA", 1, 48),
        centred("PERUBAHAN", 1, 56),
        centred("KEGIATAN", 2, 52),
        centred("SUB", 3, 48),
        centred("KEGIATAN", 3, 56),
        centred("INDIKATOR", 4, 52),
        Word(1, 520, 46, 580, 52, "PELAKSANAAN"),
        *[centred(m, 5 + i, 62) for i, m in enumerate(months)],
    ]


def ruled(rows: int) -> list[Segment]:
    ys = [40, 70] + [70 + 30 * (r + 1) for r in range(rows)]
    segs = [Segment(BOUNDS[0], y, BOUNDS[-1], y) for y in ys]
    return segs + [Segment(x, 40, x, ys[-1]) for x in BOUNDS]


def one_row_page(
    mark_words: list[Word], fills: tuple[Fill, ...] = (), months: list[str] | None = None
) -> PageContent:
    months = months or [str(m) for m in range(1, 13)]
    body = [left("1.", 3, 80), left("Penyusunan", 3, 80, 10), left("Adanya", 4, 80)]
    return PageContent(1, 842, 595, "text", tuple(header(months) + body + mark_words), tuple(ruled(1)), fills)


@pytest.mark.parametrize(
    ("glyph", "expected"),
    [("V", "V"), ("v", "v"), ("√", "√"), ("✓", "✓"), ("✔", "✓"), ("X", "X"), ("●", "•")],
)
def test_every_mark_glyph_is_read(glyph: str, expected: str) -> None:
    page = one_row_page([centred(glyph, 5 + 2, 82), centred(glyph, 5 + 11, 82)])
    h = find_header(page.words)
    assert h is not None
    (row,) = build_page_table(page, h).rows
    assert row.marks[2] == expected and row.marks[11] == expected
    assert sum(1 for m in row.marks if m) == 2


def test_a_gantt_fill_over_several_months_marks_each_of_them() -> None:
    bar = Fill(BOUNDS[5 + 3] + 0.5, 71, BOUNDS[5 + 7] - 0.5, 99, 0.95)  # April..July, light yellow
    page = one_row_page([], (bar,))
    h = find_header(page.words)
    assert h is not None
    (row,) = build_page_table(page, h).rows
    assert [i + 1 for i, m in enumerate(row.marks) if m] == [4, 5, 6, 7]


def test_a_fill_reaching_into_the_text_columns_is_row_shading_not_a_plan() -> None:
    zebra = Fill(BOUNDS[0], 71, BOUNDS[-1], 99, 0.9)
    page = one_row_page([], (zebra,))
    h = find_header(page.words)
    assert h is not None
    (row,) = build_page_table(page, h).rows
    assert not any(row.marks)


def test_roman_and_named_month_headers() -> None:
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    names = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
    for months in (roman, names):
        h = find_header(header(months))
        assert h is not None and h.month_centres_found == 12
        assert abs(h.centres[h.roles.index("m12")] - (BOUNDS[16] + BOUNDS[17]) / 2) < 1


def test_a_row_of_ones_is_a_plan_not_a_column_number_row() -> None:
    page = one_row_page([centred("1", 5 + m, 82) for m in range(12)])
    h = find_header(page.words)
    assert h is not None
    (row,) = build_page_table(page, h).rows
    assert all(m == "1" for m in row.marks)


def test_a_row_merged_across_the_table_is_a_section_heading() -> None:
    segs = ruled(2)
    # the first body row (70-100) is merged across: no vertical rule crosses it inside
    segs = [s for s in segs if not (s.x0 == s.x1 and BOUNDS[0] < s.x0 < BOUNDS[-1])]
    segs += [Segment(x, 40, x, 70) for x in BOUNDS[1:-1]] + [Segment(x, 100, x, 130) for x in BOUNDS[1:-1]]
    heading = [left("I.", 0, 80), left("MANAJEMEN", 0, 80, 12), left("PERUBAHAN", 0, 80, 48)]
    body = [left("1.", 3, 110), left("Penyusunan", 3, 110, 10), left("Adanya", 4, 110), centred("V", 6, 112)]
    page = PageContent(
        1, 842, 595, "text", tuple(header([str(m) for m in range(1, 13)]) + heading + body), tuple(segs)
    )
    h = find_header(page.words)
    assert h is not None
    rows = build_page_table(page, h).rows
    assert rows[0].section and rows[0].area == "I. MANAJEMEN PERUBAHAN"
    assert not rows[1].section and rows[1].sub_kegiatan == "1. Penyusunan" and rows[1].marks[1] == "V"


def test_a_fill_running_a_little_past_the_grid_marks_its_cells_a_row_shading_does_not() -> None:
    """9100-039 xlsx: the fill of both semesters ran 4 pt past the grid's guessed right bound
    (no column rule in the body) and was taken for row shading; a shading across a text column
    still is."""
    s = TableSettings()
    span = (649.4, 746.0)
    cells = [(649.4, 75.0, 699.8, 92.8), (699.8, 75.0, 746.0, 92.8)]
    past = (Fill(649.3, 74.9, 750.1, 110.4, 0.75),)
    assert [fill_mark(past, c, span, s) for c in cells] == ["shade", "shade"]
    row = (Fill(649.3, 74.9, 746.0 + 60.0, 110.4, 0.75),)  # on into the next text column
    assert [fill_mark(row, c, span, s) for c in cells] == ["", ""]
    whole = (Fill(40.0, 74.9, 746.0, 110.4, 0.75),)  # the row's shading from the table's left
    assert [fill_mark(whole, c, span, s) for c in cells] == ["", ""]
