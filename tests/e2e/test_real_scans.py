"""Real-world copies end to end with real Tesseract: a photocopy, a phone photo, and two pages
nobody can read.

A short generated decree is scanned with the corpus's ``photocopy`` profile (grey, 150-200 dpi,
JPEG 25-45, bold toner, mottle, dark edges, streaks, skew up to 4 deg) and another with the
``phone`` profile (keystoned sheet on a desk, uneven light, soft focus); both go through
``run`` and are scored against their truth.  Then the front pages of the photocopy are joined
to a page of noise, and the phone copy's front pages to its table page photographed at a steep
angle with the sheet's edges out of the frame: no row of noise may come out under ``ok``.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import make_bad_copies  # tests/fixtures (on sys.path: tests/conftest.py)
import pyarrow.parquet as pq
import pypdfium2 as pdfium
import pytest

from rencana.evaluate import evaluate_dir
from rencana.pipeline.run import RunSettings, run

pytestmark = pytest.mark.slow


def _keep(src: Path, pages: list[int], dst: Path) -> Path:
    pdf, new = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    try:
        new.import_pages(pdf, [p - 1 for p in pages])
        new.save(str(dst))
    finally:
        new.close()
        pdf.close()
    return dst


def _truth(pdf: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(pdf.with_suffix(".truth.json").read_text())
    return data


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    mod = make_bad_copies
    corpus = tmp_path_factory.mktemp("bad-copies")
    photocopy = mod.small_copy(corpus, "photocopy", 61)
    phone = mod.small_copy(corpus, "phone", 62)
    hard = tmp_path_factory.mktemp("unreadable")
    work = tmp_path_factory.mktemp("unreadable-src")
    first_table = min(r["page"] for r in _truth(phone)["rows"])
    front = list(range(1, first_table))
    noise = mod.noise_page(work / "noise.pdf")
    mod.with_page(_keep(photocopy, front, work / "front-pc.pdf"), noise, hard / "noise.pdf")
    steep = mod.steep_photo(phone, first_table, work / "steep.pdf")
    mod.with_page(_keep(phone, front, work / "front-ph.pdf"), steep, hard / "steep.pdf")
    out, hard_out = tmp_path_factory.mktemp("bad-copies-out"), tmp_path_factory.mktemp("unreadable-out")
    run([corpus], out, RunSettings(jobs=2))
    run([hard], hard_out, RunSettings(jobs=2))
    docs = {Path(r["source_file"]).name: r for r in pq.read_table(hard_out / "documents.parquet").to_pylist()}
    rows = pq.read_table(hard_out / "plan_rows.parquet").to_pylist()
    steep_truth = [r for r in _truth(phone)["rows"] if r["page"] == first_table]
    return {
        "corpus": corpus,
        "out": out,
        "docs": docs,
        "rows": rows,
        "steep_truth": steep_truth,
        "steep_page": len(front) + 1,
    }


def test_a_photocopy_and_a_phone_photo_are_read(copies: dict[str, Any]) -> None:
    report = evaluate_dir(copies["corpus"], copies["out"])
    by_name = {Path(d.source_file).name: d for d in report.per_doc}
    assert sorted(by_name) == ["61-small-photocopy.pdf", "62-small-phone.pdf"]
    assert report.row_precision >= 0.95
    assert report.row_recall >= 0.9
    assert report.months_exact >= 0.75
    assert report.text_similarity >= 0.95
    phone = by_name["62-small-phone.pdf"]
    assert phone.matched == phone.truth_rows and phone.months_exact >= phone.truth_rows - 1


def test_a_page_of_noise_gives_no_rows_and_names_the_page(copies: dict[str, Any]) -> None:
    doc = copies["docs"]["noise.pdf"]
    page = doc["pages"]
    assert doc["status"] == "partial"
    assert doc["rows"] == 0 and not [r for r in copies["rows"] if r["doc_id"] == doc["doc_id"]]
    assert f"table_unreadable:{page}" in doc["flags"], doc["flags"]


def test_a_steep_photo_gives_right_rows_or_says_it_could_not(copies: dict[str, Any]) -> None:
    doc = copies["docs"]["steep.pdf"]
    rows = [r for r in copies["rows"] if r["doc_id"] == doc["doc_id"]]
    truth = copies["steep_truth"]
    texts = [t["sub_kegiatan_raw"] or "" for t in truth]
    for row in rows:  # every row that comes out is a row of the page, with its months
        best = difflib.get_close_matches(row["sub_kegiatan_raw"] or "", texts, n=1, cutoff=0.8)
        assert best, row["sub_kegiatan_raw"]
        assert list(row["months"]) == truth[texts.index(best[0])]["months"]
    if len(rows) < len(truth):
        assert doc["status"] == "partial"
        assert f"table_unreadable:{copies['steep_page']}" in doc["flags"], doc["flags"]
