"""Issue 10a (third round): a stamp over the table, a streak across it, and the signature blocks
of photocopied decrees.

Marks: on a page whose ink marks repeat one shape, a blob of another size or ink, or off its
cell's middle (a stamp's ring and text cut by the rules), is not a mark; a streak cut by the
column rules into a sliver per cell is no row of marks.  Front matter: a "Ditetapkan" line OCR
broke or garbled, signature strokes read before "ttd.", a lone word read from a signature
against a full name, a speck read as "!" in a title.
"""

from __future__ import annotations

from rencana.extract.front.frontmatter import read_front_matter
from rencana.extract.table.marks import mark_profile, month_mark
from rencana.normalise.names import checked_names
from rencana.normalise.ocr_front import ocr_title
from rencana.schema.issues import IssueCode
from rencana.schema.records import Fill, PageContent, Word

SPAN = (600.0, 840.0)  # the month columns, 20 pt each
ROWS = ((100.0, 130.0), (130.0, 160.0), (160.0, 190.0))


def _cells() -> list[tuple[float, float, float, float]]:
    return [(600.0 + 20 * m, a, 620.0 + 20 * m, b) for a, b in ROWS for m in range(12)]


def _marks(content: PageContent) -> list[str]:
    """Each row's marks, one character a month ('.' for none)."""
    cells = _cells()
    profile = mark_profile(content, cells, SPAN)
    out = ""
    for c in cells:
        words = [
            w
            for w in content.words
            if c[0] <= (w.x0 + w.x1) / 2 <= c[2] and c[1] <= (w.top + w.bottom) / 2 <= c[3]
        ]
        out += (month_mark(words, content, c, SPAN, None, profile) or ".")[0]
    return [out[i : i + 12] for i in range(0, len(out), 12)]


def _scan(*ink: Fill, words: tuple[Word, ...] = ()) -> PageContent:
    return PageContent(1, 842, 595, "ocr", words, ink=ink, ocr_read=True)


def _glyph(text: str, month: int, row: int, left: float, width: float = 4.5) -> Word:
    """An OCR word ``left`` pt right of its month cell's left rule."""
    x0, top = 600.0 + 20 * (month - 1) + left, ROWS[row][0] + 12
    return Word(1, x0, top, x0 + width, top + 5.4, text, source="ocr", ocr_conf=80.0)


def _dot(month: int, row: int, dx: float = 0.0, w: float = 6.0, h: float = 6.0, gray: float = 0.73) -> Fill:
    """A blob ``w`` x ``h`` centred ``dx`` right of the middle of a month cell."""
    cx, cy = 610.0 + 20 * (month - 1) + dx, (ROWS[row][0] + ROWS[row][1]) / 2
    return Fill(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, gray)


def test_on_a_page_of_dots_a_stamp_piece_of_another_shape_or_off_the_middle_is_no_mark() -> None:
    dots = (_dot(1, 0), _dot(4, 0), _dot(7, 1), _dot(10, 2), _dot(2, 2, dx=0.8, w=6.6, h=7.0, gray=0.7))
    off = _dot(3, 1, dx=-4.5, w=6.0, h=8.4)  # a piece of the ring's text near March's left rule
    tall = _dot(5, 1, w=8.4, h=14.7)  # a piece of the ring, centred but of another size
    dense = _dot(6, 2, w=5.7, h=5.7, gray=0.45)  # a letter of the stamp, far darker than the dots
    assert _marks(_scan(*dots, off, tall, dense)) == ["i..i........", "......i.....", ".i.......i.."]


def test_without_a_usual_mark_on_the_page_a_blob_clear_of_the_rules_still_counts() -> None:
    # two marks do not make a page's usual mark: the blobs are judged one by one as before
    tall = _dot(5, 1, w=8.4, h=14.7)
    assert _marks(_scan(_dot(1, 0), _dot(4, 0), tall)) == ["i..i........", "....i.......", "............"]


def test_a_streak_cut_into_a_sliver_per_cell_is_no_row_of_marks() -> None:
    # a faint line across the table a little off the horizontal, cut at every column rule
    streak = [Fill(601.5 + 20 * m, 144.0 - 0.3 * m, 618.5 + 20 * m, 147.0 - 0.3 * m, 0.85) for m in range(12)]
    assert _marks(_scan(*streak)) == ["............"] * 3
    # the header's column numbers read as a row are mark-shaped: that band is left as read
    numbers = [_dot(m, 1, w=6.0, h=9.0, gray=0.5) for m in range(1, 13)]
    assert _marks(_scan(*numbers))[1] == "i" * 12


BLOCK = [
    "KEDUA Keputusan ini mulai berlaku sejak tanggal ditetapkan.",
    "Ditetapkan |",
    "di : Kota Banjar",
    "pada tanggal : 23 Maret 2022",
    "KETUA KOMISI PEMILIHAN UMUM",
    "KOTA BANJAR,",
    "ttd,",
    "ARIF SYAHPUTRA, S.IP.",
]
LAST = [
    "Ditetapkan di : Kota Banjar",
    "pada tanggal : 23 Maret 2022",
    "KETUA KOMISI PEMILIHAN UMUM",
    "ttd.",
    "NASA",
]


def test_a_ditetapkan_line_broken_by_ocr_anchors_its_block_and_a_lone_scrap_yields_to_the_name() -> None:
    fm = read_front_matter([["KEPUTUSAN KETUA", "NOMOR : 17/ORT.07/3279/2022"], BLOCK, LAST], ocr=True)
    assert (fm.place, fm.date_text, fm.signed_by, fm.signed_by_other) == (
        "Kota Banjar",
        "23 Maret 2022",
        "ARIF SYAHPUTRA, S.IP.",
        "NASA",
    )
    assert checked_names(fm.signed_by, "", fm.signed_by_other) == ("ARIF SYAHPUTRA, S.IP.", "", [])
    # the other way round: the scrap in the front block, the full name after the table
    signed, _, issues = checked_names("NASA", "", "ARIF SYAHPUTRA, S.IP.")
    assert signed == "ARIF SYAHPUTRA, S.IP."
    assert [i.code for i in issues] == [IssueCode.NAME_FROM_OTHER_BLOCK]
    # two full names that differ are still two readings: left empty
    signed, _, issues = checked_names("ARIF SYAHPUTRA, S.IP.", "", "BUDI SANTOSO, S.H.")
    assert signed == "" and [i.code for i in issues] == [IssueCode.SIGNATURES_DISAGREE]


def test_a_garbled_ditetapkan_with_its_date_line_is_a_block_and_strokes_before_ttd_are_skipped() -> None:
    front = [
        "Dite bkan di : Banjar",
        "pad tanggal : 14 Februari 2022",
        "KETUA KOMISI PEMILIHAN UMUM",
        "KABUPATEN BANJAR,",
        "ttd",
        "AGUS LUBIS",
    ]
    after = ["Ditetapkan di : Banjar", "pada tanggal : 14 Februari 2022", "KETUA KOMISI PEMILIHAN UMUM"]
    after += ["KABUPATEN BANJAR,", "Pe Pra LN ttd.", "Pa", "AGUS LUBIS"]
    fm = read_front_matter([["KEPUTUSAN KETUA", "NOMOR : 133/ORT.07/6303/2022"], front, after], ocr=True)
    assert (fm.place, fm.date_text, fm.signed_by, fm.signed_by_other) == (
        "Banjar",
        "14 Februari 2022",
        "AGUS LUBIS",
        "AGUS LUBIS",
    )
    # a line reading "di : X" without a date line after it is no block
    prose = read_front_matter([["KEPUTUSAN KETUA", "NOMOR : 1/ORT.07/6303/2022", "Dan di : sini", "AGUS"]])
    assert prose.signed_by == "" and prose.place == ""


def test_a_speck_read_as_an_exclamation_mark_leaves_a_title_in_capitals() -> None:
    read = "! RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI! PEMILIHAN UMUM KOTA DENPASAR TAHUN 2021"
    want = "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA DENPASAR TAHUN 2021"
    assert ocr_title(read) == want
    assert ocr_title("Rencana Aksi Hebat!") == "Rencana Aksi Hebat!"  # mixed case: as read


def test_a_glyph_read_off_the_place_where_the_pages_glyphs_sit_is_a_stamps_letter() -> None:
    vs = tuple(_glyph("v", m, r, 7.8) for m, r in ((1, 0), (3, 0), (5, 1), (9, 2)))
    stray = (_glyph("1", 2, 0, 3.0, 1.5), _glyph("x", 7, 1, 1.2, 8.7))  # the stamp's text, off the middle
    assert _marks(_scan(words=(*vs, *stray))) == ["v.v.........", "....v.......", "........v..."]
    # a page whose marks are typed at the cell's left: a glyph there is a mark, one centred is not
    left = (*(_glyph("v", m, 0, 1.5) for m in (1, 2, 3)), _glyph("v", 8, 2, 1.6), _glyph("v", 5, 1, 7.8))
    assert _marks(_scan(words=left)) == ["vvv.........", "............", ".......v...."]
    # two glyphs make no page habit: a stray one is judged as before
    assert _marks(_scan(words=(vs[0], stray[0])))[0] == "v1.........."


def test_a_page_of_marks_typed_at_the_cells_left_keeps_them() -> None:
    dots = [_dot(m, r, dx=-5.0) for m, r in ((1, 0), (2, 0), (6, 1), (11, 2))]
    assert _marks(_scan(*dots)) == ["ii..........", ".....i......", "..........i."]


def test_a_block_whose_ketua_line_was_lost_is_read_from_its_satker_line() -> None:
    front = ["Ditetapkan di : Bandung", "pada tanggal : 22 Maret 2022", "PROVINSI JAWA BARAT,"]
    front += ["INDRA TAUFIK SANTOSO, S.Kom."]
    after = ["Ditetapkan di : Bandung", "pada tanggal : 22 Maret 2022", "KETUA KOMISI PEMILIHAN UMUM"]
    after += [
        "PROVINSI JAWA BARAT,",
        "RA TAUFIK SANTOSO,",
        "dengan aslinya",
        "KPU Provinsi Jawa Barat",
        "IKYSD",
    ]
    fm = read_front_matter([["KEPUTUSAN KETUA", "NOMOR : 5/ORT.07/32/2022"], front, after], ocr=True)
    # "dengan aslinya" (its "Salinan sesuai" under the stamp) ends the name search: no name there
    assert (fm.signed_by, fm.signed_by_other, fm.certified_by) == (
        "INDRA TAUFIK SANTOSO, S.Kom.",
        "",
        "IKYSD",
    )
    # read by OCR, a lone bare word is no certifier; printed, the grammar alone decides
    signed, certified, issues = checked_names(fm.signed_by, fm.certified_by, scanned=True)
    assert (signed, certified) == ("INDRA TAUFIK SANTOSO, S.Kom.", "")
    assert [(i.code, i.field) for i in issues] == [(IssueCode.NAME_UNREADABLE, "certified_by")]
    assert checked_names(fm.signed_by, "Supriyadi")[1] == "Supriyadi"


def test_without_a_usual_ink_mark_a_wide_arc_or_a_blob_off_the_glyphs_place_is_no_mark() -> None:
    # a page marked by glyphs centred in their cells: the stamp's pieces are judged by that place
    vs = tuple(_glyph("v", m, r, 7.8) for m, r in ((1, 0), (3, 0), (9, 2)))
    arc = _dot(5, 1, dx=0.9, w=15.9, h=8.7, gray=0.75)  # a ring's arc across most of May
    aside = _dot(2, 2, dx=-3.9, w=9.9, h=12.6, gray=0.78)  # a piece near February's left rule
    dot = _dot(7, 1, w=6.0, h=6.0)  # one plain mark of another kind, in July's middle
    assert _marks(_scan(arc, aside, dot, words=vs)) == ["v.v.........", "......i.....", "........v..."]


def test_a_lone_word_read_in_the_other_block_is_not_taken_either() -> None:
    # both blocks lost the first name under the signature: "PRATAMA" for "FITRI PRATAMA"
    signed, _, issues = checked_names("PRATAMA", "", "PRATAMA", scanned=True)
    assert signed == "" and [(i.code, i.field) for i in issues] == [(IssueCode.NAME_UNREADABLE, "signed_by")]
