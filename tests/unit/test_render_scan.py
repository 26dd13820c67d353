"""The scan renderer: a decree drawn, then scanned; same seed, same bytes; the scanner's work in the truth."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium

from rencana.corpus.generate import plan_documents
from rencana.corpus.render_scan import corpus_scan_settings, render_scan_batch
from rencana.corpus.scan import ScanSettings
from rencana.corpus.truth import load_truth, write_truth

FAST = ScanSettings(dpi=(60, 72), rotate_table_page_prob=1.0)  # small images: the test is not about OCR


def _scan(out: Path) -> tuple[Path, Path]:
    ((spec, layout),) = plan_documents(1, seed=8)
    jobs = [(spec, layout, out / f"{spec.doc_key}-scan.pdf")]
    (scanned,) = render_scan_batch(jobs, seed=8, settings=FAST)
    truth = write_truth(spec, layout, scanned.result, "scan", layout_extra=scanned.layout_extra())
    return Path(scanned.result.pdf_path), truth


def test_scan_renderer_is_deterministic_and_records_the_scanner(tmp_path: Path) -> None:
    pdf_a, truth_a = _scan(tmp_path / "a")
    pdf_b, _ = _scan(tmp_path / "b")
    assert pdf_a.read_bytes() == pdf_b.read_bytes()
    truth = load_truth(truth_a)
    assert truth["renderer"] == "scan" and truth["source_file"] == pdf_a.name
    scan = truth["layout"]["scan"]
    assert scan["base"] == "canvas"
    assert len(scan["pages"]) == truth["document"]["pages"]
    assert all(
        60 <= p["dpi"] <= 72 and "jpeg" in p["effects"] and "skew" in p["effects"] for p in scan["pages"]
    )
    assert sum(p["rotation"] != 0 for p in scan["pages"]) == 1  # one table page laid turned
    pdf = pdfium.PdfDocument(str(pdf_a))
    try:
        assert len(pdf) == len(scan["pages"])
        assert pdf[0].get_textpage().count_chars() == 0  # image only
    finally:
        pdf.close()
    json.dumps(truth)  # plain JSON all the way down


def test_corpus_scanner_settings() -> None:
    s = corpus_scan_settings()
    assert s.dpi == (200, 300) and s.skew == (-1.5, 1.5) and s.stamp and s.signature
    assert 0 < s.rotate_table_page_prob < 0.5
