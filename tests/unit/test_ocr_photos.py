"""Issue 10, phone photos: light falling off towards an edge is no dark page band, month numbers
misread or run together still give the time grid, each photo's own geometry places the columns,
a lost table page is flagged, and a blurred page is read again sharpened."""

from __future__ import annotations

import cv2
import numpy as np
from ocr_fakes import ocr_word as _ocr  # tests/fixtures (on sys.path: tests/conftest.py)
from ocr_fakes import scanned_header_labels
from PIL import Image, ImageDraw, ImageFont

from rencana.extract.document import continuation_header
from rencana.extract.ocr.blocks import row_pieces
from rencana.extract.ocr.geometry import clear_dark_edges
from rencana.extract.ocr.ink import find_fills
from rencana.extract.ocr.read import sharpened
from rencana.extract.ocr.settings import LineSettings
from rencana.extract.ocr.tesseract import get_engine
from rencana.extract.table.columns import column_bounds, rule_map
from rencana.extract.table.header import Header, locate_header
from rencana.extract.table.page_table import PageTable
from rencana.extract.table.timegrid import split_glued_numbers
from rencana.extract.text.geometry import HLine, VLine
from rencana.extract.unreadable import lost_table_pages
from rencana.schema.issues import Issue, IssueCode
from rencana.schema.records import PageContent, Segment, Word

DPI = 100.0


def _photo_page(shadow: bool) -> np.ndarray:
    """A landscape page at 100 dpi: paper 215 falling off to 165 at the top edge (a photo's
    light), a grey header band (150) 0.3 inch under the top; or a copier's lid shadow (90)
    along the left edge on evenly lit paper."""
    h, w = 850, 1170
    if shadow:
        page = np.full((h, w), 225.0)
        page[:, :60] = 90.0
        return page.astype(np.uint8)
    page = np.full((h, w), 215.0) * np.linspace(165 / 215, 1.0, h)[:, None]
    page[30:80, 40:1130] = 150.0
    return np.clip(page, 0, 255).astype(np.uint8)


def test_light_falling_off_towards_an_edge_keeps_a_header_printed_near_it() -> None:
    page = _photo_page(shadow=False)
    out, n = clear_dark_edges(page, DPI)
    assert n == 0 and out is page  # 702-006 p6: the header band had been painted paper


def test_a_shadow_along_a_page_edge_is_still_cleared() -> None:
    out, n = clear_dark_edges(_photo_page(shadow=True), DPI)
    assert n == 1 and out[:, :55].min() > 200


def _header_words(months: list[tuple[str, float]]) -> list[Word]:
    words = scanned_header_labels()
    words += [_ocr(t, x, 62, 4.0 * len(t)) for t, x in months]
    return words + [_ocr("Kegiatan", 300, 100 + 30 * r) for r in range(5)]


def _months(header_words: list[Word]) -> list[int] | None:
    header, _ = locate_header(header_words, [HLine(55.0, 40.0, 740.0), HLine(75.0, 40.0, 740.0)])
    if header is None:
        return None
    return [round(c) for r, c in zip(header.roles, header.centres, strict=True) if r.startswith("m")]


def test_month_numbers_misread_as_others_are_left_out_of_the_grid() -> None:
    # 702-007 p3 as read: "1 2 3 6 8 & 7 & 9 10 11 12" (4 and 5 read 6 and 8)
    read = ["1", "2", "3", "6", "8", "&", "7", "&", "9", "10", "11", "12"]
    assert _months(_header_words([(t, 510 + 20 * k) for k, t in enumerate(read)])) == [
        510 + 20 * k for k in range(12)
    ]


def test_month_numbers_run_together_are_split() -> None:
    # 702-007 p5 as read: "12 3 4 5s 6 7? 8 9 101112"
    read = [("12", 520), ("3", 550), ("4", 570), ("5s", 590), ("6", 610), ("7?", 630), ("8", 650)]
    read += [("9", 670), ("101112", 710)]
    assert _months(_header_words(read)) == [510 + 20 * k for k in range(12)]
    parts = split_glued_numbers(_ocr("101112", 710, 62, 24.0))
    assert [(p.text, p.x0, p.x1) for p in parts] == [("10", 698, 706), ("11", 706, 714), ("12", 714, 722)]
    assert [p.text for p in split_glued_numbers(_ocr("2021", 710, 62))] == ["2021"]  # a year stays
    assert [p.text for p in split_glued_numbers(_ocr("12", 710, 62))] == ["12"]  # month 12, or 1 2


def test_the_rules_of_the_next_photo_give_its_column_bounds() -> None:
    bounds = [55.0, 122.5, 212.1, 361.6, *(561.8 + 18.77 * k for k in range(13))]
    # 702-004 p4: 2.2 % wider and 3 pt aside; its No column's rule (36.6) had no bound before
    rules = [VLine(1.022 * b + 3.0, 35.0, 555.0) for b in bounds[1:]] + [VLine(36.6, 35.0, 555.0)]
    a, b = rule_map(rules, bounds, 35.0, 555.0, 24.0)
    assert abs(a - 1.022) < 1e-3 and abs(b - 3.0) < 0.3
    assert rule_map([], bounds, 35.0, 555.0, 24.0) == (1.0, 0.0)


def _continuation(route: str, shift: float) -> tuple[PageContent, Header, PageTable]:
    header_words = _header_words([(str(k + 1), 510 + 20 * k) for k in range(12)])
    header, _ = locate_header(header_words, [HLine(55.0, 40.0, 740.0), HLine(75.0, 40.0, 740.0)])
    assert header is not None
    xs = [40.0, 100.0, 230.0, 360.0, *(500.0 + 20 * k for k in range(13))]
    prev = PageTable(3, (), tuple(xs), 80.0, 550.0, 595.0, True, True, 9.0)
    rules = [Segment(x + shift, 30.0, x + shift, 550.0) for x in xs]
    rules += [Segment(40.0, y, 760.0, y) for y in (30.0, 200.0, 550.0)]
    words = (Word(4, 300, 100, 340, 107, "Kegiatan", "ocr", 90.0),)
    return PageContent(4, 842.0, 595.0, route, words, segments=tuple(rules)), header, prev


def test_a_bare_continuation_photo_takes_the_columns_where_its_rules_stand() -> None:
    content, last, prev = _continuation("ocr", 6.0)
    header = continuation_header(content, last, prev)
    assert header is not None
    shifted = [round(c - p, 1) for c, p in zip(header.centres, last.centres, strict=True)]
    assert shifted == [6.0] * len(shifted)
    text, _, _ = _continuation("text", 6.0)
    assert continuation_header(text, last, prev) is None  # a text layer's rules stand exactly


def test_a_lost_table_page_of_a_scan_is_flagged_and_a_digital_one_stays_a_note() -> None:
    scan = PageContent(3, 842.0, 595.0, "ocr", (), ocr_read=True)
    text = PageContent(4, 842.0, 595.0, "text", ())
    unmapped = [
        Issue(IssueCode.UNMAPPED_TABLE, "no month", page=3),
        Issue(IssueCode.UNMAPPED_TABLE, "x", page=4),
    ]
    out = lost_table_pages([scan, text], unmapped, found=True)
    assert [(i.code, i.page) for i in out] == [(IssueCode.TABLE_UNREADABLE, 3)]
    assert lost_table_pages([scan, text], unmapped, found=False) == unmapped  # no table: the reason


def _blurred_line() -> np.ndarray:
    img = Image.new("L", (1400, 120), 235)
    font = ImageFont.load_default(size=30)
    ImageDraw.Draw(img).text(
        (20, 40), "Penyusunan laporan pelaksanaan Reformasi Birokrasi", fill=40, font=font
    )
    return np.asarray(cv2.GaussianBlur(np.asarray(img), (0, 0), 3.2), dtype=np.uint8)


def test_a_blurred_line_reads_more_surely_sharpened() -> None:
    engine = get_engine("auto", "ind")
    gray = _blurred_line()

    def conf(img: np.ndarray) -> float:
        _, bw = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        words = engine.words(np.asarray(bw, dtype=np.uint8), 240.0, 7)
        return float(np.mean([w.conf for w in words])) if words else 0.0

    assert conf(sharpened(gray, 240.0)) > conf(gray) + 5


def test_shaded_blocks_joined_through_a_rule_are_split_into_their_rows() -> None:
    # 706-000 p4: months 4, 7 and 10 shaded on one row, every month on the row below, touching
    mask = np.zeros((60, 200), bool)
    for x in (40, 100, 160):
        mask[0:28, x : x + 18] = True
    mask[28:55, 0:195] = True
    assert row_pieces(mask, 8.0, 500, 300) == [(500, 328, 195, 27)]  # the three cells fill too little
    blocks = np.zeros((60, 100), bool)
    blocks[0:30, 0:40] = True  # a block over two months
    blocks[30:60, 0:90] = True  # the row below, wider
    assert row_pieces(blocks, 8.0) == [(0, 0, 40, 30), (0, 30, 90, 30)]


def test_a_sheet_edge_running_past_the_table_leaves_the_last_month_a_month_wide() -> None:
    # 714-002 p6, a horizontal-rules-only table photographed without its sheet found: the sheet's
    # top edge ran to x 825 past the rules' 800, month 12 came out 42 pt wide and lost its marks
    words = _header_words([(str(k + 1), 510 + 20 * k) for k in range(12)])
    rules = [HLine(55.0, 40.0, 740.0), HLine(75.0, 40.0, 740.0)]
    header, _ = locate_header(words, rules)
    assert header is not None
    edge = HLine(9.0, 400.0, 830.0)
    body = [w for w in words if w.cy > header.bottom]
    bounds, _ = column_bounds(header, [], [*rules, edge], body, header.bottom, 560.0)
    assert 740.0 <= bounds[-1] <= 742.0
    assert column_bounds(header, [], rules, body, header.bottom, 560.0)[0][-1] == 740.0


def test_shaded_cells_one_above_the_other_are_cut_apart_by_the_rule_found_only_before_them() -> None:
    # 720-001 p4: the blurred rule between two shaded cells of one month column went with the
    # shading, the rule was found only up to them, and the two rows' cells came out one fill
    dpi = 144.0  # 2 px a point
    img = np.full((200, 400), 245, np.uint8)
    cv2.rectangle(img, (200, 40), (239, 159), 150, -1)  # two cells of 20 x 30 pt, no rule between
    cv2.line(img, (0, 100), (199, 100), 30, 2)
    cuts = [Segment(0.0, y, x1, y) for y, x1 in ((10.0, 180.0), (50.0, 100.0), (85.0, 180.0))]
    fills = find_fills(img, dpi, 245 / 255, LineSettings(), cuts=cuts)
    assert [(round(f.top), round(f.bottom) < 52) for f in sorted(fills, key=lambda f: f.top)] == [
        (20, True),
        (52, False),
    ]
