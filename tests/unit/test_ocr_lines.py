"""lines_image: ruling, fills and ink blobs from pixels, on hand-drawn images (no OCR)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from rencana.extract.ocr.imageprep import ink_mask
from rencana.extract.ocr.ink import drop_debris, find_fills, find_ink, stand_out
from rencana.extract.ocr.ruling import (
    crossings,
    keep_table_segments,
    merge_collinear,
    ruling_masks,
    segments_from_masks,
    table_region,
)
from rencana.extract.ocr.settings import LineSettings
from rencana.schema.records import BBox, Fill, Segment

DPI = 144.0  # 2 px per point


def test_merge_collinear_joins_pieces_on_one_line() -> None:
    pieces = [(10.0, 0.0, 50.0), (10.6, 53.0, 100.0), (30.0, 0.0, 100.0), (10.2, 140.0, 160.0)]
    assert merge_collinear(pieces, offset=1.0, gap=4.0) == [
        (10.2, 140.0, 160.0),
        pytest.approx(((10.0 * 50 + 10.6 * 47) / 97, 0.0, 100.0)),
        (30.0, 0.0, 100.0),
    ]


def test_stray_pieces_are_dropped_grid_and_long_rules_kept() -> None:
    grid = [Segment(0, 0, 200, 0), Segment(0, 50, 200, 50), Segment(0, 0, 0, 50), Segment(200, 0, 200, 50)]
    stray = Segment(300, 300, 320, 300)  # a stamp arc, say
    long_rule = Segment(0, 400, 600, 400)  # horizontal-only table
    kept = keep_table_segments([*grid, stray, long_rule], page_width=842, settings=LineSettings())
    assert kept == [*grid, long_rule]
    assert crossings(grid[0], grid, tol=1.0) == 2
    assert table_region(grid, pad=0) == BBox(0, 0, 200, 50)


def _table_image() -> np.ndarray:
    """200 x 100 pt page: a 4-cell ruled row (cells 40 pt wide) with one shaded cell and one 'V'."""
    img = np.full((200, 400), 245, np.uint8)
    cv2.rectangle(img, (82, 42), (160, 118), 170, -1)  # shaded cell 2 (x 40..80 pt, y 20..60 pt)
    for y in (40, 120):
        cv2.line(img, (0, y), (320, y), 20, 2)
    for x in (0, 80, 160, 240, 320):
        cv2.line(img, (x, 40), (x, 120), 20, 2)
    cv2.line(img, (182, 66), (198, 96), 30, 2)  # a V in cell 3 (x 80..120 pt)
    cv2.line(img, (198, 96), (214, 66), 30, 2)
    return img


def test_ruling_fills_and_ink_from_pixels() -> None:
    img = _table_image()
    settings = LineSettings()
    ink = ink_mask(img)
    masks = ruling_masks(ink, DPI, settings)
    segs = segments_from_masks(masks, DPI, settings)
    hs = sorted((s.top, s.x0, s.x1) for s in segs if s.horizontal)
    vs = sorted((s.x0, s.top, s.bottom) for s in segs if not s.horizontal)
    assert hs == [pytest.approx((20, 0, 160), abs=2), pytest.approx((60, 0, 160), abs=2)]  # caps of cv2 lines
    assert vs == [pytest.approx((x, 20, 60), abs=2) for x in (0, 40, 80, 120, 160)]
    region = table_region(segs)
    fills = find_fills(img, DPI, 245 / 255, settings, region)
    assert len(fills) == 1 and 40 < (fills[0].x0 + fills[0].x1) / 2 < 80
    assert fills[0].gray == pytest.approx(170 / 255, abs=0.03)
    blobs = find_ink(ink, masks.combined(), DPI, [], settings, region)
    assert len(blobs) == 1 and 80 < blobs[0].x0 < blobs[0].x1 < 120 and 0 < blobs[0].gray < 1
    # A word read as text with confidence over the mark hides it; a doubtful one, a lone
    # character (a mark read as "A"), two ("P4"), or a box far wider than its text does not.
    word = BBox(88, 30, 110, 50)
    assert find_ink(ink, masks.combined(), DPI, [(word, 90.0, "ada")], settings, region) == []
    assert len(find_ink(ink, masks.combined(), DPI, [(word, 10.0, "ada")], settings, region)) == 1
    assert len(find_ink(ink, masks.combined(), DPI, [(word, 90.0, "A")], settings, region)) == 1
    assert len(find_ink(ink, masks.combined(), DPI, [(word, 90.0, "P4")], settings, region)) == 1
    assert len(find_ink(ink, masks.combined(), DPI, [(word, 90.0, "vVv")], settings, region)) == 1
    wide = BBox(0, 30, 160, 50)
    assert len(find_ink(ink, masks.combined(), DPI, [(wide, 90.0, "VV")], settings, region)) == 1


def test_a_fill_must_stand_out_from_the_paper_around_it() -> None:
    # a mottled copy: paper 0.85, a blotch at 0.75 (a tenth under it), a shaded cell at 0.60
    img = np.full((200, 400), 217, np.uint8)
    img[40:80, 40:80] = 191
    img[40:80, 240:280] = 153
    blotch, cell = Fill(20, 20, 40, 40, 0.75), Fill(120, 20, 140, 40, 0.60)
    settings = LineSettings(fill_paper_margin=0.071)
    assert stand_out(img, [blotch, cell], DPI, settings) == [cell]
    # a phone photo's uneven light raises the margin to its cap: a shaded cell still stands out
    assert stand_out(img, [cell], DPI, LineSettings(fill_paper_margin=0.12)) == [cell]
    # the middle of a long shaded bar, far from paper, continues the bar's cells beside it
    bar = np.full((200, 400), 240, np.uint8)
    bar[:, 10:390] = 196  # a block of shading, paper only at its ends
    cells = [Fill(x, 30, x + 16, 50, 0.77) for x in np.arange(6.0, 180.0, 19.0).tolist()]
    assert stand_out(bar, cells, DPI, LineSettings(fill_paper_margin=0.12)) == cells
    assert stand_out(bar, cells[3:6], DPI, LineSettings(fill_paper_margin=0.12)) == []


def test_stamp_debris_and_streak_pieces_are_not_marks() -> None:
    marks = [Fill(x, y, x + 6, y + 7, 0.6) for x in (100.0, 118.0, 136.0) for y in (50.0, 64.0)]
    stamp = [Fill(300 + dx, 200 + dy, 306 + dx, 206 + dy, 0.8) for dx, dy in ((0, 0), (5, 4), (2, 9), (8, 1))]
    streak = [Fill(400, y, 401.5, y + 12, 0.5) for y in (40.0, 70.0, 100.0, 130.0, 160.0)]
    assert drop_debris([*marks, *stamp, *streak]) == marks
    assert drop_debris(streak[:3]) == streak[:3]  # a thin mark on a few rows is not a streak


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match=r"LineSettings.fill_lum"):
        LineSettings(fill_lum=(0.9, 0.4))
    with pytest.raises(ValueError, match=r"LineSettings.ink_min_side must be below ink_max_side"):
        LineSettings(ink_min_side=50)
