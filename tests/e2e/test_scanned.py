"""Scanned decrees end to end with real Tesseract: the whole pipeline, and a clear outcome per bad scan.

One generated decree drawn by the canvas renderer and scanned (multi-page: front matter, table
pages, signature; skew, noise, blur, JPEG, stamp and signature) goes through ``rencana extract``'s
``run`` and is scored against its truth.  Then four awkward scans made from the OCR stand-in
(``tests/fixtures/make_scan_fixture.py``) go through one batch together: a scan with no table, a
blank page, an upside-down table page and a 75-dpi scan.  Each must come out as its own row with
a status and flags that say what happened; none may stop the batch.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import make_scan_fixture  # tests/fixtures (on sys.path: tests/conftest.py)
import pyarrow.parquet as pq
import pypdfium2 as pdfium
import pytest

from rencana.corpus.generate import generate
from rencana.corpus.scan import ScanSettings, scan_pdf
from rencana.evaluate import evaluate_dir
from rencana.pipeline.run import RunSettings, run

pytestmark = pytest.mark.slow


def _documents(out: Path) -> dict[str, dict[str, Any]]:
    rows = pq.read_table(out / "documents.parquet").to_pylist()
    return {Path(r["source_file"]).name: r for r in rows}


@pytest.fixture(scope="module")
def scanned_decree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    corpus = tmp_path_factory.mktemp("scan-corpus")
    generate(corpus, n=1, seed=31, renderer="scan")
    out = tmp_path_factory.mktemp("scan-out")
    run([corpus], out, RunSettings(jobs=2))
    return corpus, out


def test_a_scanned_decree_is_read_end_to_end(scanned_decree: tuple[Path, Path]) -> None:
    corpus, out = scanned_decree
    truth = json.loads(next(corpus.glob("*.truth.json")).read_text())
    assert truth["renderer"] == "scan" and len(truth["layout"]["scan"]["pages"]) >= 5
    report = evaluate_dir(corpus, out)
    assert report.row_recall >= 0.95 and report.row_precision >= 0.95
    assert report.months_exact >= 0.9
    assert report.text_similarity >= 0.95
    assert report.metadata_accuracy >= 0.85
    (doc,) = _documents(out).values()
    assert doc["status"] == "ok"
    assert doc["ocr_pages"] == list(range(1, doc["pages"] + 1))
    rows = pq.read_table(out / "plan_rows.parquet").to_pylist()
    assert rows and all(r["route"] == "ocr" and r["ocr_conf"] is not None for r in rows)


def _pages(src: Path, dst: Path, pages: list[int]) -> Path:
    """A PDF holding ``pages`` (1-based) of ``src``."""
    pdf, new = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    try:
        new.import_pages(pdf, [p - 1 for p in pages])
        new.save(str(dst))
    finally:
        new.close()
        pdf.close()
    return dst


@pytest.fixture(scope="module")
def awkward_scans(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, Any]], Any]:
    work = tmp_path_factory.mktemp("awkward-src")
    scans = tmp_path_factory.mktemp("awkward")
    stand_in = work / "stand-in.pdf"
    make_scan_fixture.make_stand_in(stand_in)
    front, blank = _pages(stand_in, work / "front.pdf", [1]), _pages(stand_in, work / "blank.pdf", [3])
    cases = {
        "no-table.pdf": (front, ScanSettings()),
        "blank.pdf": (blank, ScanSettings(speckle_prob=1.0)),
        "upside-down.pdf": (stand_in, ScanSettings(rotate_pages={2: 180})),
        "low-resolution.pdf": (stand_in, ScanSettings(dpi=(75, 75))),
    }
    for name, (src, settings) in cases.items():
        scan_pdf(src, scans / name, random.Random(7), settings)
    out = tmp_path_factory.mktemp("awkward-out")
    summary = run([scans], out, RunSettings(jobs=2))
    return _documents(out), summary


def test_awkward_scans_each_get_their_own_outcome(awkward_scans: tuple[dict[str, Any], Any]) -> None:
    docs, summary = awkward_scans
    assert sorted(docs) == ["blank.pdf", "low-resolution.pdf", "no-table.pdf", "upside-down.pdf"]
    assert summary.files == 4


def test_a_scan_without_a_table_is_partial_with_its_front_matter(
    awkward_scans: tuple[dict[str, Any], Any],
) -> None:
    doc = awkward_scans[0]["no-table.pdf"]
    assert doc["status"] == "partial"
    assert doc["error"].startswith("no_table")
    assert "no_table:" in doc["flags"]
    assert doc["decree_number"] == "04/ORT.07/3279/2022" and doc["satker"] == "KPU Kota Banjar"
    assert doc["ocr_pages"] == [1]


def test_a_blank_scan_says_its_page_is_blank(awkward_scans: tuple[dict[str, Any], Any]) -> None:
    doc = awkward_scans[0]["blank.pdf"]
    assert doc["status"] == "partial" and doc["error"].startswith("no_table")
    assert "blank_pages:1" in doc["flags"]
    assert not any(f.startswith("needs_ocr") for f in doc["flags"])  # it was read, and is blank
    assert doc["ocr_pages"] == [1]


def test_an_upside_down_page_is_turned_and_read(awkward_scans: tuple[dict[str, Any], Any]) -> None:
    doc = awkward_scans[0]["upside-down.pdf"]
    assert doc["status"] == "ok", doc["error"]
    assert "turned_pages:2@180" in doc["flags"]
    assert "blank_pages:3" in doc["flags"]
    assert doc["rows"] == 6


def test_a_very_low_resolution_scan_is_flagged_not_fatal(awkward_scans: tuple[dict[str, Any], Any]) -> None:
    doc = awkward_scans[0]["low-resolution.pdf"]
    assert doc["status"] in ("ok", "partial")
    # every page, the blank one included, was scanned at 75 dpi
    assert "low_resolution_scan:1,2,3" in doc["flags"], doc["flags"]
    if doc["status"] == "partial":
        assert doc["error"]
