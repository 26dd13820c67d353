"""imageprep and raster: turning, deskewing, binarising; dpi choice and point conversions."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from rencana.extract.ocr.imageprep import (
    binarise,
    deskew,
    estimate_skew,
    rotate_small_angle,
    text_direction,
    turn,
)
from rencana.extract.ocr.raster import PageTooLargeError, box_px_to_pt, choose_dpi, render_page
from rencana.extract.ocr.settings import PrepSettings

DPI = 100.0


def _text_page() -> np.ndarray:
    """A4 at 100 dpi: ruled lines and lines of dashes standing in for text."""
    img = np.full((1169, 827), 250, np.uint8)
    for i in range(30):
        y = 100 + i * 32
        cv2.line(img, (80, y), (750, y), 30, 2)
        for k in range(14):
            x = 90 + k * 46 + (i * 7) % 20
            cv2.putText(img, "Kinerja", (x, y - 8), cv2.FONT_HERSHEY_SIMPLEX, 0.35, 20, 1)
    return img


@pytest.mark.parametrize("angle", [-2.4, -1.2, 0.4, 1.5])
def test_skew_is_found_and_undone(angle: float) -> None:
    settings = PrepSettings()
    skewed = rotate_small_angle(_text_page(), angle, 250)
    assert estimate_skew(skewed, DPI, settings) == pytest.approx(angle, abs=0.05)
    straight, turned = deskew(skewed, DPI, settings)
    assert turned == pytest.approx(-angle, abs=0.05)
    assert abs(estimate_skew(straight, DPI, settings)) <= 0.05


def test_text_direction_and_turns() -> None:
    page = _text_page()
    settings = PrepSettings()
    assert not text_direction(page, DPI, settings).vertical
    assert text_direction(turn(page, 90), DPI, settings).vertical
    assert text_direction(np.full((400, 300), 255, np.uint8), DPI, settings).blank
    assert np.array_equal(turn(turn(page, 90), 270), page)
    assert turn(page, 90).shape == (827, 1169)


def _table_page(dash: int) -> np.ndarray:
    """A4 landscape at 100 dpi: a plan table (three text columns, twelve month columns, rows of
    three text lines) whose rules are whole (``dash`` 0) or broken into ``dash``-pixel pieces."""
    img = np.full((827, 1169), 250, np.uint8)
    xs = [60, 120, 300, 480, 660, *(660 + 40 * k for k in range(1, 13))]
    ys = list(range(80, 780, 70))

    def rule(p: tuple[int, int], q: tuple[int, int]) -> None:
        n = max(1, int(np.hypot(q[0] - p[0], q[1] - p[1]) // dash) if dash else 1)
        for k in range(n):
            if dash and k % 3 == 2:
                continue
            a = [round(p[i] + (q[i] - p[i]) * k / n) for i in (0, 1)]
            b = [round(p[i] + (q[i] - p[i]) * (k + 1) / n) for i in (0, 1)]
            cv2.line(img, (a[0], a[1]), (b[0], b[1]), 40, 2)

    for x in xs:
        rule((x, ys[0]), (x, ys[-1]))
    for y in ys:
        rule((xs[0], y), (xs[-1], y))
    words = ["Kinerja dan", "evaluasi", "rencana aksi", "pegawai", "tindak lanjut"]
    font = cv2.FONT_HERSHEY_SIMPLEX
    for i, y in enumerate(ys[:-1]):
        for c, x0 in enumerate(xs[1:4]):
            for j in range(3):
                word = words[(i + 2 * c + j) % len(words)]
                cv2.putText(img, word, (x0 + 6 + (i * 7 + j * 13) % 30, y + 20 + 16 * j), font, 0.4, 20, 1)
        for x in xs[5::3]:
            cv2.putText(img, "v", (x + 12, y + 40), font, 0.5, 20, 2)
    return img


@pytest.mark.parametrize(("dash", "angle"), [(0, 3.0), (0, -3.5), (24, 0.0), (24, 3.0), (16, -3.5)])
def test_text_direction_of_a_table_askew_or_broken(dash: int, angle: float) -> None:
    """The rules' ink is left out whether the rules run askew or in pieces: a rule 3° off the axis,
    or broken, is no long straight run, and the grid's peaks in both profiles made a landscape
    table copied askew read as horizontal and horizontal tables with broken rules read as vertical
    (photocopies 725-011 p3, 725-005 p7-p8, 723-007 p11, 723-008 p7)."""
    settings = PrepSettings()
    page = rotate_small_angle(_table_page(dash), angle, 250)
    assert not text_direction(page, DPI, settings).vertical
    assert text_direction(turn(page, 90), DPI, settings).vertical


def test_binarise_gives_two_levels() -> None:
    page = _text_page()
    for method in ("otsu", "sauvola"):
        out = binarise(page, method, DPI, PrepSettings())
        assert set(np.unique(out)) <= {0, 255}
    assert binarise(page, "none", DPI, PrepSettings()) is page


def test_render_dpi_and_point_conversion(tmp_path: Path) -> None:
    path = tmp_path / "v.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.drawString(72, 700, "Rencana Aksi")
    c.showPage()
    c.save()
    page = render_page(str(path), 1)
    assert page.dpi == 300 and page.image_dpi is None
    assert page.image.shape == pytest.approx((841.89 * 300 / 72, 595.28 * 300 / 72), abs=1)
    assert choose_dpi(212.4) == 212 and choose_dpi(600.0) == 300 and choose_dpi(None, default=200) == 200
    box = box_px_to_pt(300, 600, 600, 900, 300)
    assert (box.x0, box.top, box.x1, box.bottom) == (72.0, 144.0, 144.0, 216.0)


def test_render_applies_rotate_and_refuses_huge_images(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.drawString(72, 700, "Rencana Aksi")
    c.showPage()
    c.save()
    page = render_page(str(path), 1, 72)  # reportlab writes a landscape MediaBox and /Rotate 90
    assert (page.width, page.height) == pytest.approx((595.28, 841.89), abs=0.01)  # as displayed
    assert page.image.shape == pytest.approx((842, 595), abs=1)
    capped = render_page(str(path), 1, 300, max_pixels=1e6)
    assert capped.dpi < 300 and capped.image.size <= 1e6

    scan = tmp_path / "scan.pdf"
    c = Canvas(str(scan), pagesize=A4)
    c.drawImage(
        ImageReader(io.BytesIO(cv2.imencode(".png", np.full((200, 100), 255, np.uint8))[1].tobytes())),
        0,
        0,
        595,
        842,
    )
    c.showPage()
    c.save()
    assert render_page(str(scan), 1).image_dpi == pytest.approx(100 / (595 / 72), rel=0.01)
    with pytest.raises(PageTooLargeError, match=r"embedded image of 0 Mpx exceeds the 0 Mpx limit"):
        render_page(str(scan), 1, max_image_pixels=1000)
