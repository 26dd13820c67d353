"""Grid building from hand-made words and segments (no PDF)."""

from __future__ import annotations

from dataclasses import replace

from rencana.extract.table.columns import column_bounds, column_of
from rencana.extract.table.header import find_header
from rencana.extract.table.page_table import build_page_table
from rencana.extract.table.settings import COLUMN_SLACK_PT
from rencana.extract.text.geometry import HLine, cluster, horizontal_lines, separators, vertical_lines
from rencana.schema.records import Fill, PageContent, Segment, Word

# column x-boundaries of a hand-drawn table: No, Area, Kegiatan, Sub, Indikator, 12 months
BOUNDS = [40, 60, 140, 240, 360, 480] + [480 + 20 * (i + 1) for i in range(12)]


def w(text: str, x0: float, top: float, size: float = 6.0) -> Word:
    return Word(1, x0, top, x0 + 0.5 * size * len(text), top + size, text)


def centred(text: str, col: int, top: float) -> Word:
    width = 3.0 * len(text)
    mid = (BOUNDS[col] + BOUNDS[col + 1]) / 2
    return Word(1, mid - width / 2, top, mid + width / 2, top + 6, text)


def header_words(colnums: bool = True) -> list[Word]:
    out = [
        centred("No", 0, 52),
        centred("AREA", 1, 48),
        centred("PERUBAHAN", 1, 56),
        centred("KEGIATAN", 2, 52),
        centred("SUB", 3, 48),
        centred("KEGIATAN", 3, 56),
        centred("INDIKATOR", 4, 48),
        centred("KEBERHASILAN", 4, 56),
        Word(1, 520, 46, 580, 52, "PELAKSANAAN"),
        Word(1, 582, 46, 610, 52, "(BULAN)"),
    ]
    out += [centred(str(m + 1), 5 + m, 62) for m in range(12)]
    if colnums:
        out += [centred(str(k + 1), k, 74) for k in range(17)]
    return out


def rule_h(y: float, x0: float = BOUNDS[0], x1: float = BOUNDS[-1]) -> Segment:
    return Segment(x0, y, x1, y)


def rule_v(x: float, top: float = 40, bottom: float = 300) -> Segment:
    return Segment(x, top, x, bottom)


def test_cluster_and_lines_join_collinear_pieces() -> None:
    assert cluster([1.0, 1.5, 5.0, 5.2, 9.0], 1.0) == [[1.0, 1.5], [5.0, 5.2], [9.0]]
    lines = horizontal_lines([Segment(0, 10, 50, 10), Segment(51, 10.4, 100, 10.4), Segment(0, 40, 100, 40)])
    assert [(round(ln.y), ln.x0, ln.x1) for ln in lines] == [(10, 0, 100), (40, 0, 100)]
    assert len(vertical_lines([Segment(5, 0, 5, 50), Segment(5.3, 52, 5.3, 90)])) == 1


def test_separators_keep_only_lines_crossing_the_column() -> None:
    lines = [HLine(10, 0, 100), HLine(20, 60, 100), HLine(30, 0, 20)]
    assert separators(lines, 0, 50, 0.5) == [10]
    assert separators(lines, 60, 100, 0.5) == [10, 20]


def test_header_found_by_labels_with_month_and_column_number_rows() -> None:
    header = find_header(header_words())
    assert header is not None
    assert header.column_number_row
    assert header.month_centres_found == 12
    assert abs(header.centres[5] - 490) < 1 and abs(header.centres[16] - 710) < 1
    assert header.centres[3] < header.centres[4] < header.centres[5]


def test_header_tolerates_typos_and_missing_column_numbers() -> None:
    words = [
        x if x.text != "INDIKATOR" else Word(1, x.x0, x.top, x.x1, x.bottom, "INDlKATOR")
        for x in header_words(False)
    ]
    header = find_header(words)
    assert header is not None and not header.column_number_row


def test_no_header_on_a_prose_page() -> None:
    assert find_header([w("Menimbang", 50, 100), w("bahwa", 110, 100), w("kegiatan", 150, 100)]) is None


def test_column_bounds_from_rules_and_from_text_gaps() -> None:
    header = find_header(header_words())
    assert header is not None
    vlines = vertical_lines([rule_v(x) for x in BOUNDS])
    bounds, ruled = column_bounds(header, vlines, [], [], 90, 300)
    assert ruled and [round(b) for b in bounds] == BOUNDS
    # no vertical rules: gaps in left-aligned body text decide
    body = [
        w("Zona", BOUNDS[2] + 2, 100),
        w("Integritas", BOUNDS[2] + 30, 100),
        w("Penyusunan", BOUNDS[3] + 2, 100),
        w("1.", BOUNDS[4] + 2, 100),
        w("Adanya", BOUNDS[4] + 12, 100),
    ]
    bounds, ruled = column_bounds(header, [], [], body, 90, 300)
    assert not ruled
    assert column_of(body[1].cx, bounds) == 2 and column_of(body[2].cx, bounds) == 3
    assert column_of(body[3].cx, bounds) == 4


def test_a_streak_down_the_indikator_is_not_the_first_months_edge() -> None:
    """753-008 p3 (a photocopy): a copier's streak ran down the indikator column, nearer the
    midpoint between the indikator's centre and month 1's than the rule between them, and was
    taken as month 1's left edge — month 1 as wide as three, its marks lost."""
    header = find_header(header_words())
    assert header is not None
    streak = BOUNDS[5] - 40  # inside the indikator (360..480), 15 pt from the midpoint 455
    vlines = vertical_lines([rule_v(x) for x in [*BOUNDS, streak]])
    bounds, ruled = column_bounds(header, vlines, [], [], 90, 300)
    assert ruled and [round(b) for b in bounds] == BOUNDS


def test_a_heading_across_the_table_leaves_the_gutter_its_columns_share() -> None:
    """8600-049 (Word, rows ruled, no column rules): a section heading "B. Deregulasi Kebijakan"
    ran over the gutter between the kegiatan and sub-kegiatan columns, no strip was free, and the
    boundary fell halfway between the centres: right of the sub-kegiatan's item numbers, which
    went to the kegiatan ("2. Penyederhanaan 1. Birokrasi"), so a row broken over the page break
    was no longer joined.  The strip the heading alone crosses is the gutter."""
    header = find_header(header_words())
    assert header is not None
    keg, sub = BOUNDS[2], BOUNDS[3]
    body = [
        w("Deregulasi", keg + 10, 100),
        w("Kebijakan", sub - 26, 100, size=8.0),  # the heading runs into the sub-kegiatan column
        w("Penyusunan", keg + 2, 110),
        w("Kebijakan", keg + 2, 118),
        w("Pemerintahannya", keg + 35, 118),  # the kegiatan's longest line ends at sub - 20
        *(w(n, sub + 2, y) for n, y in (("1.", 110), ("2.", 126))),
        *(w(t, sub + 10, y) for t, y in (("Inventarisasi", 110), ("keputusan", 118), ("Penyusunan", 126))),
    ]
    assert body[1].x1 >= body[7].x0  # the heading leaves no strip free
    bounds, _ = column_bounds(header, [], [], body, 90, 300)
    assert body[4].x1 < bounds[3] < body[5].x0  # right of the kegiatan, left of the item numbers
    assert column_of(body[5].cx, bounds) == 3


def _page(words: list[Word], segments: list[Segment], fills: tuple[Fill, ...] = ()) -> PageContent:
    return PageContent(1, 842, 595, "text", tuple(words), tuple(segments), fills)


def test_merged_cells_anchor_on_the_first_row_of_their_span() -> None:
    # three rows (90-130, 130-170, 170-210); area and kegiatan merged over all three,
    # area text vertically centred in the middle row
    segs = [rule_h(40), rule_h(70), rule_h(82), rule_h(90)]
    segs += [rule_h(y, BOUNDS[3]) for y in (130, 170)] + [rule_h(210)]
    segs += [rule_v(x, 40, 210) for x in BOUNDS]
    body = [
        centred("7", 0, 147),
        w("Pengawasan", BOUNDS[1] + 2, 147),
        w("1.", BOUNDS[2] + 2, 94),
        w("Pembangunan", BOUNDS[2] + 10, 94),
        w("1.", BOUNDS[3] + 2, 94),
        w("Pencanangan", BOUNDS[3] + 10, 94),
        w("Adanya", BOUNDS[4] + 2, 94),
        w("2.", BOUNDS[3] + 2, 134),
        w("Penyusunan", BOUNDS[3] + 10, 134),
        w("Terbentuknya", BOUNDS[4] + 2, 134),
        w("3.", BOUNDS[3] + 2, 174),
        w("Pelaksanaan", BOUNDS[3] + 10, 174),
        centred("V", 5, 96),
        centred("√", 7, 136),
    ]
    shade = Fill(BOUNDS[15] + 1, 171, BOUNDS[16] - 1, 209, 0.75)
    table = build_page_table(_page(header_words() + body, segs, (shade,)), find_header(header_words()))  # type: ignore[arg-type]
    assert [r.sub_kegiatan for r in table.rows] == ["1. Pencanangan", "2. Penyusunan", "3. Pelaksanaan"]
    assert [r.area for r in table.rows] == ["Pengawasan", "", ""]
    assert [r.no for r in table.rows] == ["7", "", ""]
    assert [r.kegiatan for r in table.rows] == ["1. Pembangunan", "", ""]
    assert [r.starts_kegiatan for r in table.rows] == [True, False, False]
    assert table.rows[0].marks[0] == "V" and table.rows[1].marks[2] == "√"
    assert table.rows[2].marks[10] == "shade" and sum(1 for m in table.rows[2].marks if m) == 1
    assert table.ruled_rows and table.ruled_columns


def test_the_sign_off_in_the_tables_cells_ends_it() -> None:
    """8900-031 (a spreadsheet): "Ditetapkan di : Kota …" written in the cells under the last
    row, inside the table's frame, had become a plan row of its own."""
    segs = [rule_h(40), rule_h(70), rule_h(82), rule_h(90), rule_h(130), rule_h(210)]
    segs += [rule_v(x, 40, 210) for x in BOUNDS]
    body = [
        w("1.", BOUNDS[3] + 2, 94),
        w("Pencanangan", BOUNDS[3] + 10, 94),
        w("Adanya", BOUNDS[4] + 2, 94),
        centred("V", 5, 96),
        w("Ditetapkan", BOUNDS[4] + 2, 140),
        w("di", BOUNDS[4] + 40, 140),
        w(":", BOUNDS[4] + 50, 140),
        w("Kota", BOUNDS[4] + 56, 140),
        w("ttd.", BOUNDS[4] + 40, 180),
    ]
    table = build_page_table(_page(header_words() + body, segs), find_header(header_words()))  # type: ignore[arg-type]
    assert [r.sub_kegiatan for r in table.rows] == ["1. Pencanangan"]
    # a sentence's tail run over a page break is no sign-off (8900-007: "ditetapkan" at the top
    # of a page had ended it before its first row)
    tail = [
        w("ditetapkan", BOUNDS[4] + 2, 92),
        *(replace(x, top=x.top + 12, bottom=x.bottom + 12) for x in body[:4]),
    ]
    ruled = [*segs, rule_h(102)]  # the tail in a band of its own, unmarked
    table = build_page_table(_page(header_words() + tail, ruled), find_header(header_words()))  # type: ignore[arg-type]
    assert [r.sub_kegiatan for r in table.rows][-1:] == ["1. Pencanangan"]


def test_the_last_period_column_is_no_wider_than_the_others() -> None:
    """8900-036 (a spreadsheet, rows ruled, no column rules): an unnamed column after the grid
    (PENANGGUNG JAWAB, by a header found by its shape) made December's cell as wide as both,
    and its Gantt bars covered too little of it to count."""
    header = find_header(header_words())
    assert header is not None
    wide = [HLine(y, BOUNDS[0], BOUNDS[-1] + 80) for y in (90, 130)]
    bounds, _ = column_bounds(header, [], wide, [], 90, 130)
    assert abs((bounds[-1] - bounds[-2]) - (bounds[-2] - bounds[-3])) <= COLUMN_SLACK_PT


def test_the_gutter_never_parts_item_markers_from_their_text() -> None:
    """8900-029 (Word): the sub-kegiatan's numbers hang left of its text; two headings crossed the
    gutter left of them, one the strip right of them, which was taken: the numbers went to the
    kegiatan.  A strip between "1." and the text it opens is inside a cell, however few cross it."""
    header = find_header(header_words())
    assert header is not None
    keg, sub = BOUNDS[2], BOUNDS[3]
    body = [
        # three headings: the gutter left of the numbers is crossed by two, the strip between the
        # numbers and their text by one (202 .. 254, 218 .. 250, 196 .. 220)
        w("AKUNTABILITAS", sub - 38, 100, size=8.0),
        w("APARATUR", sub - 22, 150, size=8.0),
        w("SUMBER", sub - 44, 170, size=8.0),
        w("Perencanaan", keg + 2, 110),
        w("Kebutuhan", keg + 2, 118),
        w("Pengembangan", keg + 2, 126),
        *(w(n, sub + 2, y) for n, y in (("1.", 110), ("2.", 126), ("3.", 134))),
        *(w(t, sub + 14, y) for t, y in (("Penyusunan", 110), ("Pemetaan", 126), ("Pengiriman", 134))),
    ]
    bounds, _ = column_bounds(header, [], [], body, 90, 300)
    assert column_of(body[6].cx, bounds) == 3 and column_of(body[5].cx, bounds) == 2
