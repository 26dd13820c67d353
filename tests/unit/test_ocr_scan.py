"""corpus.scan: a vector PDF → a deterministic, image-only 'scanned certified copy'."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from rencana.corpus.scan import ScanSettings, scan_pdf
from rencana.extract.ocr.raster import embedded_image_dpi


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two small pages: a portrait one with a certified-copy block, a landscape 'table' page."""
    path = tmp_path_factory.mktemp("scan") / "src.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(60, 780, "KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA BANJAR")
    c.drawString(330, 300, "Salinan sesuai dengan aslinya")
    c.drawString(330, 285, "Sekretaris KPU Kota Banjar")
    c.drawString(330, 240, "Imam Mustafa Kamal")
    c.showPage()
    c.setPageSize(landscape(A4))
    c.drawString(60, 500, "No AREA PERUBAHAN KEGIATAN PELAKSANAAN (BULAN)")
    c.rect(50, 300, 700, 220)
    c.showPage()
    c.save()
    return path


def _size(path: Path) -> list[tuple[float, float]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [tuple(round(v, 2) for v in pdf[i].get_size()) for i in range(len(pdf))]
    finally:
        pdf.close()


def test_scan_is_deterministic_for_a_seed(source: Path, tmp_path: Path) -> None:
    a = scan_pdf(source, tmp_path / "a.pdf", random.Random(11), ScanSettings())
    b = scan_pdf(source, tmp_path / "b.pdf", random.Random(11), ScanSettings())
    c = scan_pdf(source, tmp_path / "c.pdf", random.Random(12), ScanSettings())
    assert a.pages == b.pages
    assert (tmp_path / "a.pdf").read_bytes().split(b"endstream")[0] == (
        tmp_path / "b.pdf"
    ).read_bytes().split(b"endstream")[0]
    assert a.pages != c.pages


def test_scan_report_and_output(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.pdf"
    report = scan_pdf(source, out, random.Random(3), ScanSettings())
    assert _size(out) == _size(source)
    first, second = report.pages
    assert 200 <= first.dpi <= 300 and abs(first.skew) <= 1.5 and 40 <= first.jpeg_quality <= 85
    assert {"stamp", "signature", "skew", "blur", "noise"} <= set(first.effects) and first.effects[
        -1
    ] == "jpeg"
    assert first.stamp_box is not None and second.stamp_box is None  # the stamp goes on the certified block
    pdf = pdfium.PdfDocument(str(out))
    try:
        for i, info in enumerate(report.pages):
            page = pdf[i]
            assert page.get_textpage().count_chars() == 0  # image only
            assert embedded_image_dpi(page) == pytest.approx(info.dpi, rel=0.01)
    finally:
        pdf.close()


def test_quarter_turned_page_swaps_its_size(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "turned.pdf"
    report = scan_pdf(source, out, random.Random(3), ScanSettings(rotate_pages={2: 90}))
    assert report.pages[1].rotation == 90 and "rotate90" in report.pages[1].effects
    assert _size(out)[1] == tuple(reversed(_size(source)[1]))


def test_table_page_rotation_is_drawn_from_the_rng(source: Path, tmp_path: Path) -> None:
    report = scan_pdf(
        source,
        tmp_path / "r.pdf",
        random.Random(1),
        ScanSettings(rotate_table_page_prob=1.0, rotations=(180,)),
    )
    assert [p.rotation for p in report.pages] == [0, 180]


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match=r"ScanSettings.jpeg_quality out of range"):
        ScanSettings(jpeg_quality=(90, 40))
    with pytest.raises(ValueError, match=r"ScanSettings.rotate_pages out of range"):
        ScanSettings(rotate_pages={1: 45})
