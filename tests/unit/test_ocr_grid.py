"""What the grid builder does differently on OCR words: hand-made words and pixels, no Tesseract."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from rencana.extract.front.frontmatter import read_front_matter, repair_degrees
from rencana.extract.ocr.imageprep import ink_mask
from rencana.extract.ocr.ink import find_fills, unread_regions, unshade
from rencana.extract.ocr.raster import drop_colour
from rencana.extract.ocr.ruling import ruling_masks, segments_from_masks
from rencana.extract.ocr.settings import LineSettings
from rencana.extract.table.header import find_header
from rencana.extract.table.labels import group_text as _group_text
from rencana.extract.table.marks import month_mark as _mark
from rencana.extract.table.page_table import build_page_table
from rencana.extract.table.sections import is_header_echo as _is_header_echo
from rencana.schema.records import BBox, Fill, PageContent, Segment, Word

DPI = 144.0  # 2 px per point


def ocr(text: str, x0: float, top: float, x1: float | None = None, conf: float = 90.0) -> Word:
    return Word(1, x0, top, x1 if x1 is not None else x0 + 4.0 * len(text), top + 7, text, "ocr", conf)


# ------------------------------------------------------------------ header and rows
def test_header_cell_words_a_point_apart_stay_one_line() -> None:
    # Tesseract's boxes for "INDIKATOR KEBERHASILAN" differ by 2 pt in height; rounding
    # centres to a grid used to read them as "KEBERHASILAN INDIKATOR"
    words = [ocr("INDIKATOR", 431.7, 41.1), Word(1, 484.1, 33.7, 554.9, 51.2, "KEBERHASILAN", "ocr", 96.0)]
    assert _group_text(words, 6.7) == "INDIKATOR KEBERHASILAN"


def test_a_label_word_stretched_by_a_speck_stays_in_its_header_cell() -> None:
    # "KEGIATAN" of "SUB KEGIATAN" read with a speck above it: its box starts 11 pt higher
    sub, keg = ocr("SUB", 394, 55), Word(1, 416, 44, 460, 63, "KEGIATAN", "ocr", 95.0)
    assert _group_text([keg, sub], 7.8) == "SUB KEGIATAN"
    words = [
        ocr("No", 47, 55),
        ocr("AREA", 80, 55),
        ocr("PERUBAHAN", 108, 55),
        ocr(".KEGIATAN", 232, 55),
        sub,
        keg,
        ocr("INDIKATOR", 535, 55),
        ocr("KEBERHASILAN", 588, 55),
        ocr("PELAKSANAAN", 729, 47),
        *(ocr(str(m), 660 + 18.6 * m, 64) for m in range(1, 13)),
    ]
    header = find_header(words)
    assert header is not None
    assert header.roles[:5] == ("no", "area", "kegiatan", "sub_kegiatan", "indikator")


def test_scanned_column_number_row_with_gaps_is_not_a_plan_row() -> None:
    # "1".."3" unread (left as ink), "10" read as "190", the rest in order
    texts = ["", "", "", "4", "5", "", "", "", "9", "190", "11", "12", "13", "14", "15", "16", "17"]
    cells = [[ocr(t, 10.0 * i, 70)] if t else [] for i, t in enumerate(texts)]
    assert _is_header_echo(cells)
    # a body row of marks "1" (a spreadsheet's mark) is not
    body = [[ocr("Sosialisasi", 0, 90)], [], [], [], []] + [[ocr("1", 100 + 10.0 * m, 90)] for m in range(12)]
    assert not _is_header_echo(body)
    # nor, on a text layer, a row with a few numbers
    text_cells = [[Word(1, 10.0 * i, 70, 10.0 * i + 4, 77, t)] if t else [] for i, t in enumerate(texts)]
    assert not _is_header_echo(text_cells)


def test_ocr_column_number_row_is_found_with_digits_missing() -> None:
    labels = [
        ocr("No", 32, 40),
        ocr("AREA", 70, 36),
        ocr("PERUBAHAN", 60, 44),
        ocr("KEGIATAN", 160, 40),
        ocr("SUB", 270, 36),
        ocr("KEGIATAN", 262, 44),
        ocr("INDIKATOR", 390, 36),
        ocr("KEBERHASILAN", 380, 44),
        ocr("PELAKSANAAN", 500, 30),
    ]
    months = [ocr(str(m), 486 + 20 * m, 46) for m in range(1, 13)]
    centres = [40, 90, 190, 300, 420] + [490 + 20 * m for m in range(1, 13)]
    colnums = [ocr(str(k + 1), c - 2, 60) for k, c in enumerate(centres) if k + 1 not in (1, 3, 12)]
    header = find_header(labels + months + colnums)
    assert header is not None and header.column_number_row
    assert header.bottom >= 67


def test_a_mark_word_wider_than_its_cell_does_not_mark_it() -> None:
    content = PageContent(1, 842, 595, "ocr", ())
    cell = (700.0, 100.0, 720.0, 130.0)
    wide = ocr("V", 690, 110, 790, conf=61)  # Tesseract ran five cells' marks together
    assert _mark([wide], content, cell, (600, 840)) == ""
    assert _mark([ocr("V", 706, 110, 712)], content, cell, (600, 840)) == "V"
    inked = PageContent(1, 842, 595, "ocr", (), ink=(Fill(705, 110, 713, 118, 0.8),))
    assert _mark([wide], inked, cell, (600, 840)) == "ink"


def test_row_confidence_is_its_weakest_text_cell() -> None:
    header_words = [
        ocr("No", 42, 40),
        ocr("AREA", 70, 36),
        ocr("PERUBAHAN", 62, 44),
        ocr("KEGIATAN", 160, 40),
        ocr("SUB", 270, 36),
        ocr("KEGIATAN", 262, 44),
        ocr("INDIKATOR", 390, 36),
        ocr("KEBERHASILAN", 380, 44),
        ocr("PELAKSANAAN", 500, 30),
        *(ocr(str(m), 486 + 20 * m, 46) for m in range(1, 13)),
    ]
    body = [
        ocr("Penyusunan", 262, 70, conf=95),
        ocr("laporan", 310, 70, conf=93),
        ocr("Adnya", 380, 70, conf=31),  # a garbled indicator
        ocr("V", 525, 70, 530, conf=50),
    ]
    rules = [Segment(30, y, 746, y) for y in (30, 56, 66, 90)] + [
        Segment(x, 30, x, 90) for x in (30, 55, 130, 250, 370, 496, *(496 + 20 * m for m in range(1, 13)))
    ]
    content = PageContent(1, 842, 595, "ocr", tuple(header_words + body), tuple(rules))
    header = find_header(content.words)
    assert header is not None
    table = build_page_table(content, header)
    assert [r.ocr_conf for r in table.rows] == [31.0]
    assert table.rows[0].marks[1] == "V"


# ------------------------------------------------------------------ front matter by OCR
@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("BAMBANG FAUZI, S,Sos.", "BAMBANG FAUZI, S.Sos."),
        ("RAHMAT YANTI NUGROHO, M.M, S.Pd", "RAHMAT YANTI NUGROHO, M.M., S.Pd."),
        ("NUR BAMBANG PERMANA, M.M., S.Sos", "NUR BAMBANG PERMANA, M.M., S.Sos."),
        ("A. RAHMAN, S.Pd.I", "A. RAHMAN, S.Pd.I."),
        ("Imam Mustafa Kamal", "Imam Mustafa Kamal"),
        ("DANI, Ketua", "DANI, Ketua"),  # not degrees: left as read
    ],
)
def test_degrees_after_a_name_are_respelled(read: str, want: str) -> None:
    assert repair_degrees(read) == want
    assert repair_degrees(repair_degrees(read)) == want


def test_front_matter_from_ocr_lines() -> None:
    lines = [
        "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR",
        "N0MOR : O4/ORT.07/3279/2022",
        "TENTANG",
        "RENCANA AKSI REFORMASI BIROKRASI TAHUN 2022",
        "Menimbang : a. bahwa",
        "Ditetapkan di : Kota Banjar",
        "Pada Tangga1 : 18 Januari 2022",
        "KETUA KOMISI PEMILIHAN UMUM",
        "KOTA BANJAR,",
        "ttd.",
        "DANI DANIAL MUHKLIS, S,Sos",
    ]
    fm = read_front_matter([lines], ocr=True)
    assert fm.decree_number == "O4/ORT.07/3279/2022"  # as read; normalise/ repairs O → 0
    assert fm.date_text == "18 Januari 2022"
    assert fm.signed_by == "DANI DANIAL MUHKLIS, S.Sos."
    assert read_front_matter([lines]).signed_by == "DANI DANIAL MUHKLIS, S,Sos"  # a text layer: as printed


# ------------------------------------------------------------------ pixels
def _page(h: int = 200, w: int = 400) -> np.ndarray:
    return np.full((h, w), 245, np.uint8)


def test_unread_regions_are_the_ink_no_word_covers() -> None:
    img = _page()
    cv2.putText(img, "3.", (20, 60), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 2)
    cv2.putText(img, "Penyusunan", (60, 60), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 0, 2)
    cv2.circle(img, (300, 150), 1, 0, -1)  # a speck
    word = (58, 44, 180, 64)  # "Penyusunan" was read
    boxes = unread_regions(img, [word], DPI, LineSettings())
    assert len(boxes) == 1
    x, y, w, h = boxes[0]
    assert x < 20 and 30 < x + w < 58 and y < 48 and y + h > 58
    assert unread_regions(img, [word], DPI, LineSettings(), BBox(100, 0, 200, 100)) == []


def test_shading_is_not_ruling_and_is_lightened_away() -> None:
    img = _page()
    cv2.line(img, (10, 40), (390, 40), 20, 2)  # a rule along the top of a shaded cell
    cv2.rectangle(img, (150, 41), (190, 90), 120, -1)  # a dark shaded cell, 20 x 25 pt: ink to Otsu
    cv2.line(img, (10, 90), (390, 90), 20, 2)
    settings = LineSettings()
    raw = segments_from_masks(ruling_masks(ink_mask(img), DPI, settings), DPI, settings)
    assert not [s for s in raw if not s.horizontal]  # the block's sides are not vertical rules
    assert {round(s.top) for s in raw} == {20, 45}  # and no rule runs through its middle
    fills = find_fills(img, DPI, 245 / 255, settings)
    assert len(fills) == 1
    clean = unshade(img, fills, DPI)
    assert clean[60, 170] == 255 and clean[40, 170] < 60  # shading gone, the rule kept
    fixed = segments_from_masks(ruling_masks(ink_mask(clean), DPI, settings), DPI, settings)
    assert sorted((s.top, s.x0, s.x1) for s in fixed) == [
        pytest.approx((20, 5, 195), abs=1.5),  # whole again: one rule each
        pytest.approx((45, 5, 195), abs=1.5),
    ]


def test_coloured_strokes_drop_out_black_print_and_colour_fills_stay() -> None:
    bgr = np.full((60, 60, 3), 240, np.uint8)
    bgr[5:8, 2:10] = (20, 20, 20)  # print
    bgr[5:8, 12:20] = (190, 120, 110)  # a blue stamp stroke
    bgr[12:15, 12:20] = (30, 25, 40)  # print under the stamp
    bgr[30:55, 30:55] = (120, 230, 250)  # a yellow Gantt fill, 12 pt square
    gray = drop_colour(bgr, DPI)
    assert gray[6, 5] < 40 and gray[6, 15] >= 235 and gray[13, 15] < 50
    assert 150 < gray[40, 40] < 240


def test_a_stamps_star_and_its_washed_out_strokes_drop_out_a_coloured_desk_stays() -> None:
    # 714-001 p4, a phone photo: the blue stamp's filled star was kept as "solid colour" and read
    # as shading over two month cells; its ring, washed out at its edges, left arcs of ink
    bgr = np.full((200, 200, 3), 235, np.uint8)
    star = np.array(
        [(60, 20), (68, 45), (95, 45), (73, 60), (82, 88), (60, 70), (38, 88), (47, 60), (25, 45), (52, 45)]
    )
    cv2.fillPoly(bgr, [star], (170, 70, 50))  # 30 pt across, a star covers ~45 % of its box
    bgr[120:123, 20:60] = (175, 110, 95)  # a stroke: clearly blue ...
    bgr[120:123, 60:90] = (200, 180, 172)  # ... washed out where it runs on
    bgr[150:153, 20:60] = (200, 180, 172)  # the same faint tint alone (a print's colour fringe) stays
    bgr[:, 185:] = (40, 90, 140)  # a brown desk past the sheet's edge
    gray = drop_colour(bgr, DPI)
    assert min(gray[60, 60], gray[121, 40], gray[121, 75]) >= 235
    assert gray[151, 40] < 200 and gray[100, 190] < 120


def test_a_small_stamps_star_drops_out_though_its_opened_core_is_square() -> None:
    # 726-000 p4, a phone photo: a stamp's star 14 pt across; the opening that finds solid colour
    # left its core, a square, taken for a coloured month cell and read as ink and shading
    bgr = np.full((120, 120, 3), 235, np.uint8)
    centre, outer, inner = np.array([60.0, 60.0]), 15.0, 6.5
    angles = [np.pi / 2 + k * np.pi / 5 for k in range(10)]
    points = [
        centre + (outer if k % 2 == 0 else inner) * np.array([np.cos(a), -np.sin(a)])
        for k, a in enumerate(angles)
    ]
    cv2.fillPoly(bgr, [np.round(points).astype(np.int32)], (153, 109, 108))
    bgr[20:45, 80:110] = (120, 230, 250)  # a yellow Gantt fill stays
    gray = drop_colour(bgr, DPI)
    assert min(gray[60, 60], gray[58, 62]) >= 235
    assert 150 < gray[32, 95] < 235


def test_a_stamps_washed_out_inner_ring_drops_out_inside_its_outer_ring() -> None:
    # 726-000 p4, a phone photo: the stamp's inner ring and text washed out to a faint tint, not
    # joined to its clearly blue outer ring, stayed as gray ink over three month cells
    bgr = np.full((200, 200, 3), 235, np.uint8)
    cv2.circle(bgr, (80, 80), 60, (170, 70, 50), 3)  # the outer ring, 60 pt across: clearly blue
    cv2.circle(bgr, (80, 80), 45, (200, 180, 172), 2)  # the inner ring: a faint tint
    bgr[180:183, 20:60] = (200, 180, 172)  # the same tint outside any stamp (a print's fringe) stays
    gray = drop_colour(bgr, DPI)
    ring = (gray[80, 20], gray[80, 35])
    assert min(ring) >= 235 and max(ring) <= 240  # paper, not white
    assert gray[181, 40] < 200
