"""Issue 10a: month marks on photocopies judged against the page, and the metadata repairs.

Marks: a stamp's ring cut into pieces by the column rules, a copier's streak and a blotch of
mottled grey joined to a shaded cell are not marks; a mark centred in its cell, a shaded cell cut
in two by a light streak and every mark of a text page are.  The fill core is cut by OpenCV from
a drawn image.
"""

from __future__ import annotations

import cv2
import numpy as np

from rencana.extract.ocr.ink import find_fills
from rencana.extract.ocr.settings import LineSettings
from rencana.extract.table.marks import mark_profile, month_mark
from rencana.normalise.decree_number import ocr_repaired
from rencana.normalise.names import checked_names
from rencana.normalise.ocr_front import ocr_title
from rencana.schema.issues import IssueCode
from rencana.schema.records import Fill, PageContent, Segment, Word

SPAN = (600.0, 840.0)  # the month columns, 20 pt each
ROW = (100.0, 130.0)


def _cells(top: float = ROW[0], bottom: float = ROW[1]) -> list[tuple[float, float, float, float]]:
    return [(600.0 + 20 * m, top, 620.0 + 20 * m, bottom) for m in range(12)]


def _marks(content: PageContent) -> str:
    """The row's marks, one character a month ('.' for none)."""
    cells = _cells()
    profile = mark_profile(content, cells, SPAN)
    return "".join((month_mark([], content, c, SPAN, None, profile) or ".")[0] for c in cells)


def _scan(ink: tuple[Fill, ...] = (), fills: tuple[Fill, ...] = ()) -> PageContent:
    return PageContent(1, 842, 595, "ocr", (), ink=ink, fills=fills, ocr_read=True)


def test_a_mark_centred_in_its_cell_counts_and_a_stamp_crossing_the_rules_does_not() -> None:
    v = Fill(626.0, 111.0, 634.0, 119.0, 0.7)  # a V in February, 6 pt clear of both rules
    # a ring's pieces in April and May, each cut off at a column rule
    arc = (Fill(660.5, 102.0, 672.0, 112.0, 0.8), Fill(681.0, 104.0, 690.0, 125.0, 0.8))
    assert _marks(_scan(ink=(v, *arc))) == ".i.........."
    # the same pieces on a page whose marks were drawn, not read from pixels, are marks
    drawn = PageContent(1, 842, 595, "ocr", (), ink=(v, *arc))
    assert _marks(drawn) == ".i.ii......."


def test_a_streak_sliver_is_not_a_mark_and_a_filled_cell_is() -> None:
    sliver = Fill(708.0, 104.0, 710.2, 126.0, 0.85)  # 2 pt wide, 22 pt tall, mid-June
    dot = Fill(746.0, 112.0, 752.0, 118.0, 0.3)  # a small round mark, mid-August
    filled = Fill(760.3, 101.0, 779.7, 129.0, 0.2)  # a cell blacked in, touching its rules
    assert _marks(_scan(ink=(sliver, dot, filled))) == ".......ii..."


def test_a_blotch_joined_to_a_shaded_cell_does_not_mark_the_next_month() -> None:
    shaded = [Fill(600.0 + 20 * m + 1, 101.0, 619.0 + 20 * m, 129.0, 0.62) for m in (0, 3, 9)]
    # July shaded, the copy's mottle joined to it reaching 12 pt into August (60 % of the cell)
    joined = Fill(721.0, 101.0, 752.0, 129.0, 0.63)
    assert _marks(_scan(fills=(*shaded, joined))) == "s..s..s..s.."


def test_a_shaded_cell_cut_by_a_light_streak_is_shaded_and_a_lighter_patch_is_not() -> None:
    shaded = [Fill(600.0 + 20 * m + 1, 101.0, 619.0 + 20 * m, 129.0, 0.62) for m in (0, 1, 2)]
    cut = (Fill(661.0, 101.0, 668.0, 129.0, 0.61), Fill(670.0, 101.0, 679.0, 129.0, 0.63))  # April
    patch = Fill(781.0, 110.0, 799.0, 121.0, 0.82)  # a mottle patch in October, 0.2 lighter
    assert _marks(_scan(fills=(*shaded, *cut, patch))) == "ssss........"


def test_a_fill_is_cut_to_its_solid_core() -> None:
    dpi = 144.0  # 2 px a point
    img = np.full((200, 400), 245, np.uint8)
    cv2.rectangle(img, (100, 40), (139, 99), 150, -1)  # a shaded cell, 20 x 30 pt
    rng = np.random.default_rng(7)
    blotch = rng.random((60, 30)) < 0.35  # mottled grey beside it, a third inside the band
    img[40:100, 140:170][blotch] = 150
    cuts = [Segment(0, 10, 200, 10)]
    plain = find_fills(img, dpi, 245 / 255, LineSettings())
    cored = find_fills(img, dpi, 245 / 255, LineSettings(), cuts=cuts)
    assert len(cored) == 1
    assert cored[0].x0 == 50.0 and abs(cored[0].x1 - 70.0) <= 2.0  # the cell, not the blotch
    assert len(plain) == 1 and plain[0].x1 >= 80.0  # uncut: the blotch (to 85 pt) with it


def test_two_readings_of_a_name_that_differ_by_letters_a_stroke_hid_keep_the_whole_one() -> None:
    signed, _, issues = checked_names("YANTI TANJUNG", "", "YANTIT JUNG")
    assert (signed, issues) == ("YANTI TANJUNG", [])
    signed, _, issues = checked_names("EKO SURYANI FAUZ, M.Si.", "", "EKO SURYANI FAUZI, M.Si.")
    assert signed == "EKO SURYANI FAUZI, M.Si." and [i.code for i in issues] == [
        IssueCode.NAME_FROM_OTHER_BLOCK
    ]
    signed, _, issues = checked_names("ORAL PUTRI LUBIS", "", "JAINAL PUTRI LUBIS")  # not one name
    assert signed == "" and [i.code for i in issues] == [IssueCode.SIGNATURES_DISAGREE]


def test_a_number_read_with_mixed_spacing_takes_the_style_of_most_slashes() -> None:
    assert ocr_repaired("141 / ORT.04-Kpt / 05 / KPU /1/ 2024") == "141 / ORT.04-Kpt / 05 / KPU / I / 2024"
    assert ocr_repaired("62/0RT.06 / 3279/2O22") == "62/ORT.06/3279/2022"
    assert ocr_repaired("62/ORT.06 / 3279 / 2022") == "62 / ORT.06 / 3279 / 2022"
    assert ocr_repaired("62 / ORT.06 / 3279 / 2022") == "62 / ORT.06 / 3279 / 2022"


def test_a_speck_read_as_a_full_stop_between_title_words_is_a_space() -> None:
    read = "RENCANA AKSI REFORMASI BIROKRASI DI.LINGKUNGAN KPU KAB.BANJAR TAHUN 2021"
    assert ocr_title(read) == "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN KPU KAB.BANJAR TAHUN 2021"


def test_a_shaded_cell_with_a_side_cut_off_by_a_dark_streak_is_still_shaded() -> None:
    shaded = [Fill(600.0 + 20 * m + 1, 101.0, 619.0 + 20 * m, 129.0, 0.6) for m in (0, 1, 2)]
    cut = Fill(667.5, 101.0, 679.0, 129.0, 0.6)  # April, its left 7 pt lost to a streak
    assert _marks(_scan(fills=(*shaded, cut))) == "ssss........"


def test_a_glyph_standing_on_a_column_rule_is_the_rule_not_a_mark() -> None:
    # 726-010 p7: a piece of the rule between February and March read as "1" (0.6 pt wide, on the
    # rule) marked March; a "1" drawn in its cell, and a V read wider than its cell, still mark
    def word(text: str, x0: float, x1: float) -> Word:
        return Word(1, x0, 110.0, x1, 120.0, text, "ocr", 80.0)

    content = _scan()
    cells = _cells()
    on_rule, drawn, wide = word("1", 639.7, 640.3), word("1", 669.0, 671.0), word("V", 678.0, 702.0)
    marks = "".join(
        (month_mark([w for w in (on_rule, drawn, wide) if c[0] <= w.cx <= c[2]], content, c, SPAN) or ".")[0]
        for c in cells
    )
    assert marks == "...1V......."
