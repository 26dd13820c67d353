"""The OCR backend on scanned stand-in pages, with real Tesseract (a few seconds per page)."""

from __future__ import annotations

import pickle
import random
from pathlib import Path
from typing import Any

import make_scan_fixture  # tests/fixtures (on sys.path: tests/conftest.py)
import pytest

from rencana.corpus.scan import ScanReport, ScanSettings, scan_pdf
from rencana.extract.backend import PageInput
from rencana.extract.ocr.backend import OcrBackend, ocr_page
from rencana.extract.ocr.errors import OcrUnavailableError
from rencana.extract.ocr.settings import OcrSettings
from rencana.extract.ocr.tesseract import CliEngine, OcrWord, tessdata_dir
from rencana.extract.ocr.words import split_at_rules
from rencana.extract.settings import ExtractSettings
from rencana.schema.records import Fill, PageContent, Segment, Word

MARK_WORDS = {"V", "v", "√", "✓", "Vv", "W"}


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("ocr")
    path = folder / "stand-in.pdf"
    return path, make_scan_fixture.make_stand_in(path)


def _scan(
    stand_in: tuple[Path, Any], name: str, settings: ScanSettings, seed: int = 5
) -> tuple[Path, ScanReport]:
    src, _ = stand_in
    dst = src.with_name(f"{name}.pdf")
    return dst, scan_pdf(src, dst, random.Random(seed), settings)


@pytest.fixture(scope="module")
def skewed(stand_in: tuple[Path, Any]) -> tuple[PageContent, ScanReport]:
    """Table page scanned with 1.2° skew, noise, blur and JPEG."""
    pdf, report = _scan(stand_in, "skewed", ScanSettings(skew=(1.2, 1.2), noise_sigma=(8.0, 8.0)))
    return ocr_page(str(pdf), 2, OcrSettings()), report


def _centre_in(box: Word | Fill, cell: Any) -> bool:
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return bool(cell.x0 <= cx <= cell.x1 and cell.top <= cy <= cell.bottom)


def test_deskew_undoes_the_scan_skew(skewed: tuple[PageContent, ScanReport]) -> None:
    content, report = skewed
    assert report.pages[1].skew == pytest.approx(1.2)
    assert content.skew == pytest.approx(-1.2, abs=0.05)
    assert content.route == "ocr" and content.rotation == 0
    assert (content.width, content.height) == pytest.approx((841.89, 595.28), abs=0.01)


def test_segments_match_the_vector_ruling(
    skewed: tuple[PageContent, ScanReport], stand_in: tuple[Path, Any]
) -> None:
    content, _ = skewed
    truth = stand_in[1]
    hs = [s for s in content.segments if s.horizontal]
    vs = [s for s in content.segments if not s.horizontal]
    assert len(hs) == len(truth.horizontals) and len(vs) == len(truth.verticals)

    def near(seg: Segment, pos: float, a: float, b: float, horizontal: bool) -> bool:
        p, lo, hi = (seg.top, seg.x0, seg.x1) if horizontal else (seg.x0, seg.top, seg.bottom)
        return abs(p - pos) <= 2.0 and abs(lo - a) <= 2.5 and abs(hi - b) <= 2.5

    for line in truth.horizontals:
        assert any(near(s, line.pos, line.a, line.b, True) for s in hs), line
    for line in truth.verticals:
        assert any(near(s, line.pos, line.a, line.b, False) for s in vs), line


def test_header_words_are_read(skewed: tuple[PageContent, ScanReport]) -> None:
    content, _ = skewed
    texts = {w.text for w in content.words}
    assert {"KEGIATAN", "INDIKATOR", "KEBERHASILAN", "PELAKSANAAN", "Pengawasan"} <= texts
    assert all(w.source == "ocr" and w.ocr_conf is not None and 0 <= w.ocr_conf <= 100 for w in content.words)
    assert content.mean_ocr_conf is not None and content.mean_ocr_conf > 80


def test_marks_fills_and_ink_land_in_the_right_month_cells(
    skewed: tuple[PageContent, ScanReport], stand_in: tuple[Path, Any]
) -> None:
    content, _ = skewed
    wrong = []
    for cell in stand_in[1].cells:
        words = [w for w in content.words if _centre_in(w, cell)]
        fills = [f for f in content.fills if _centre_in(f, cell)]
        ink = [k for k in content.ink if _centre_in(k, cell)]
        if cell.mark == "shade":
            ok = bool(fills) and not words
        elif cell.mark:  # V or √: read as a word, or left as an ink blob
            ok = not fills and (bool(ink) or any(w.text in MARK_WORDS for w in words))
        else:
            ok = not (words or fills or ink)
        if not ok:
            wrong.append((cell.row, cell.month, cell.mark, [w.text for w in words], len(fills), len(ink)))
    assert wrong == []
    assert all(0.4 <= f.gray <= 0.9 for f in content.fills)


def test_quarter_turned_table_page_is_turned_upright(stand_in: tuple[Path, Any]) -> None:
    pdf, report = _scan(stand_in, "turned", ScanSettings(rotate_pages={2: 90}))
    assert (report.pages[1].width, report.pages[1].height) == pytest.approx((595.28, 841.89), abs=0.01)
    content = ocr_page(str(pdf), 2, OcrSettings())
    assert content.rotation == 270  # the scan turned it 90° clockwise
    assert (content.width, content.height) == pytest.approx((841.89, 595.28), abs=0.01)
    assert {"KEGIATAN", "INDIKATOR"} <= {w.text for w in content.words}
    assert len(content.segments) == len(stand_in[1].horizontals) + len(stand_in[1].verticals)


def test_upside_down_page_is_turned_upright(stand_in: tuple[Path, Any]) -> None:
    pdf, _ = _scan(stand_in, "upside-down", ScanSettings(rotate_pages={1: 180}))
    content = ocr_page(str(pdf), 1, OcrSettings())
    assert content.rotation == 180
    assert "upside down" in content.triage_reason
    assert {"KEPUTUSAN", "Menimbang", "TENTANG"} <= {w.text for w in content.words}
    assert content.mean_ocr_conf is not None and content.mean_ocr_conf > 80


def test_an_upside_down_table_page_keeps_its_shaded_cells(stand_in: tuple[Path, Any]) -> None:
    # 721-002 p5, a photocopy: the page re-read turned over was the first read's page with its
    # shading lightened away, so no shaded month cell was found and nine rows lost every month
    pdf, _ = _scan(stand_in, "table-upside-down", ScanSettings(rotate_pages={2: 180}))
    content = ocr_page(str(pdf), 2, OcrSettings())
    assert content.rotation == 180 and "upside down" in content.triage_reason
    shaded = [c for c in stand_in[1].cells if c.mark == "shade"]
    assert shaded and all(any(_centre_in(f, c) for f in content.fills) for c in shaded)


def test_blank_page_gives_no_words(stand_in: tuple[Path, Any]) -> None:
    pdf, _ = _scan(stand_in, "blank", ScanSettings(speckle_prob=1.0))
    content = ocr_page(str(pdf), 3, OcrSettings())
    assert content.words == () and content.segments == () and content.ink == ()
    assert content.mean_ocr_conf is None
    assert content.triage_reason.startswith("ocr at ") and content.triage_reason.endswith("; blank page")


def test_very_low_resolution_scan_is_flagged_not_fatal(stand_in: tuple[Path, Any]) -> None:
    pdf, _ = _scan(stand_in, "low-res", ScanSettings(dpi=(75, 75)))
    content = ocr_page(str(pdf), 2, OcrSettings())
    assert "low-resolution scan (75 dpi)" in content.triage_reason
    assert content.mean_ocr_conf is not None and content.mean_ocr_conf < 60
    assert "low OCR confidence" in content.triage_reason


def test_words_crossing_a_vertical_rule_are_cut() -> None:
    glued = OcrWord("VV", 100, 10, 140, 30, 77.0, ((100, 115), (125, 140)))
    plain = OcrWord("Kinerja", 200, 10, 260, 30, 95.0)
    rules = [(120.0, 0.0, 50.0), (230.0, 40.0, 90.0)]  # the second misses the words' line
    out = split_at_rules([glued, plain], rules, margin=2.0)
    assert [(w.text, w.x0, w.x1) for w in out] == [("V", 100, 115), ("V", 125, 140), ("Kinerja", 200, 260)]
    no_chars = split_at_rules([OcrWord("ab", 0, 0, 40, 10, 50.0)], [(20.0, 0.0, 10.0)], margin=1.0)
    assert [(w.text, w.x0, w.x1) for w in no_chars] == [("a", 0, 20), ("b", 20, 40)]


def test_missing_language_model_says_how_to_install_it() -> None:
    with pytest.raises(
        OcrUnavailableError, match=r"model\(s\) zzz not found .*apt-get install -y tesseract-ocr-zzz$"
    ):
        tessdata_dir(("ind", "zzz"))
    assert (tessdata_dir(("ind",)) / "ind.traineddata").is_file()


def test_missing_tesseract_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(
        OcrUnavailableError,
        match=r"'tesseract' program is not on PATH; install it with: "
        r"apt-get install -y tesseract-ocr tesseract-ocr-ind",
    ):
        CliEngine("ind")


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match=r"OcrSettings.psm"):
        OcrSettings(psm=7)
    with pytest.raises(ValueError, match=r"OcrSettings.lang"):
        OcrSettings(lang="ind eng")


def test_reader_is_picklable_and_reads(
    skewed: tuple[PageContent, ScanReport], stand_in: tuple[Path, Any]
) -> None:
    page = pickle.loads(
        pickle.dumps(PageInput(str(stand_in[0]), 3, ExtractSettings(ocr_settings=OcrSettings(psm=11))))
    )
    reader = pickle.loads(pickle.dumps(OcrBackend()))
    content = reader.read(page)  # the vector stand-in's blank page
    assert content.words == () and content.triage_reason.endswith("; blank page")


def test_a_copy_below_the_read_dpi_is_read_at_it_and_not_flagged(stand_in: tuple[Path, Any]) -> None:
    """Issue 10: a 160-dpi copy is rendered at ``read_dpi`` for Tesseract; only scans below
    ``min_dpi`` are flagged as low-resolution."""
    pdf, _ = _scan(stand_in, "copy-160", ScanSettings(dpi=(160, 160)))
    content = ocr_page(str(pdf), 2, OcrSettings())
    assert content.triage_reason.startswith("ocr at 240 dpi"), content.triage_reason
    assert not content.low_resolution and "low-resolution" not in content.triage_reason
    texts = {w.text for w in content.words}
    assert {"KEGIATAN", "INDIKATOR"} <= texts, sorted(texts)
    with pytest.raises(ValueError, match="read_dpi"):
        OcrSettings(read_dpi=100.0)
