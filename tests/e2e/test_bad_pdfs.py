"""Every hostile or broken file of ../shared/corpora/bad-pdfs ends in its expected outcome.

0 hangs, 0 batch crashes, 0 partial outputs, a reason for every failure; the control files
(a valid ruled 6x4 table, alone or wrapped in a defect that must not matter) still give
their table.  The expected outcome of each file, and why, is in
``tests/fixtures/bad-pdfs-expected.tsv`` next to the manifest's own expectation.
"""

from __future__ import annotations

import csv
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from rencana.extract.precheck import PrecheckSettings, open_pdf
from rencana.extract.text.layer import read_page
from rencana.pipeline.ledger import Ledger
from rencana.pipeline.model import Limits, RunSettings
from rencana.pipeline.run import RunSummary, run

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "bad-pdfs-expected.tsv"


@dataclass(frozen=True)
class Outcome:
    out: Path
    summary: RunSummary
    seconds: float
    docs: pd.DataFrame


def _expected() -> dict[str, dict[str, str]]:
    lines = [ln for ln in EXPECTED.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {row["file"]: row for row in csv.DictReader(lines, delimiter="\t")}


def _run(inputs: list[Path], out: Path, ocr: bool) -> Outcome:
    start = time.monotonic()
    summary = run(
        inputs, out, RunSettings(jobs=2, ocr=ocr, limits=Limits(base_seconds=60, per_page_seconds=10))
    )
    seconds = time.monotonic() - start
    # one row per content: the two 0-byte files are one row with both names; one line per name here
    docs = pd.read_parquet(out / "documents.parquet").explode("source_files")
    docs.index = docs["source_files"].map(lambda s: Path(s).name)
    return Outcome(out, summary, seconds, docs)


@pytest.fixture(scope="module")
def bad_dir(shared_dir: Path) -> Path:
    return shared_dir / "corpora" / "bad-pdfs"


@pytest.fixture(scope="module")
def without_ocr(bad_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    return _run([bad_dir], tmp_path_factory.mktemp("bad-out"), ocr=False)


@pytest.fixture(scope="module")
def with_ocr(bad_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    files = [bad_dir / name for name, row in _expected().items() if row["ocr"] == "yes"]
    return _run(files, tmp_path_factory.mktemp("bad-out-ocr"), ocr=True)


def test_the_expectations_cover_the_manifest(bad_dir: Path) -> None:
    manifest = (bad_dir / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    listed = {ln.split("\t")[0] for ln in manifest[1:] if ln.strip()}
    assert listed == set(_expected()), "tests/fixtures/bad-pdfs-expected.tsv is out of step with the manifest"
    assert listed == {p.name for p in bad_dir.glob("*.pdf")}


def test_the_batch_survives_and_writes_complete_tables(without_ocr: Outcome, bad_dir: Path) -> None:
    s = without_ocr.summary
    assert s.files == 75 and s.ok + s.partial + s.failed == 75  # no batch crash, nothing lost
    assert without_ocr.seconds < 240, f"the bad corpus took {without_ocr.seconds:.0f} s"
    assert len(without_ocr.docs) == 75 and without_ocr.docs.index.is_unique
    out = without_ocr.out
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], "temporary files left"
    assert not (out / ".rencana" / "tmp").exists()
    rows = pd.read_parquet(out / "plan_rows.parquet")
    assert set(rows["doc_id"]) <= set(without_ocr.docs["doc_id"])
    # 0 hangs: no file came near its time budget
    ledger = Ledger(out)
    limits = Limits(base_seconds=60, per_page_seconds=10)
    for key in sorted(ledger.keys()):
        entry = ledger.get(key)
        assert entry is not None
        pages = entry.tables["documents"]["pages"][0].as_py()
        assert entry.seconds < limits.budget(pages) / 2, (
            entry.tables["documents"]["source_file"][0],
            entry.seconds,
        )
        assert entry.peak_rss_mb < 1024
    # failed inputs are copied (never moved) to the quarantine folder, each with a note
    failed = without_ocr.docs[without_ocr.docs["status"] == "failed"]
    notes = list((out / "quarantine").glob("*.txt"))
    assert len(notes) == len(failed) == s.failed == s.quarantined
    for name in failed.index:
        assert (bad_dir / name).exists()
    assert sum(s.reasons.values()) == s.failed + s.partial


@pytest.mark.parametrize("name", sorted(_expected()))
def test_each_file_ends_as_expected(name: str, without_ocr: Outcome, with_ocr: Outcome) -> None:
    want = _expected()[name]
    doc = without_ocr.docs.loc[name]
    if want["outcome"] == "processed":
        assert doc["status"] in ("ok", "partial"), doc["error"]
        assert doc["reason"] in (None, "no_table", "incomplete"), doc["error"]
        assert doc["pages"] >= 1
    else:
        status, reason = want["outcome"].split(":")
        assert (doc["status"], doc["reason"]) == (status, reason), doc["error"]
        assert doc["error"].startswith(f"{reason}: ") and len(doc["error"]) > len(reason) + 8
    if doc["status"] != "ok":
        assert doc["reason"] and doc["error"], "every failure has a reason"
    if want["message"]:
        assert want["message"] in doc["error"]
    source = with_ocr.docs.loc[name] if want["ocr"] == "yes" else doc
    if want["flag"]:
        assert any(f.split(":")[0] == want["flag"] for f in source["flags"]), list(source["flags"])
    if want["ocr"] == "yes":
        assert source["status"] in ("ok", "partial"), source["error"]


def _grid(path: Path) -> tuple[int, int, int]:
    """(horizontal rules, vertical rules, words) on page 1, as rencana's page reader sees them."""
    with tempfile.TemporaryDirectory() as work:
        opened = open_pdf(path, PrecheckSettings(), Path(work))
        try:
            page = read_page(opened.pdf, 0)
        finally:
            opened.close()
    horizontal = {round(s.top) for s in page.segments if s.bottom - s.top < 1.5}
    vertical = {round(s.x0) for s in page.segments if s.x1 - s.x0 < 1.5}
    return len(horizontal), len(vertical), len(page.words)


@pytest.mark.parametrize("name", sorted(n for n, row in _expected().items() if row["grid"] == "yes"))
def test_control_tables_still_come_out(name: str, bad_dir: Path, without_ocr: Outcome) -> None:
    """The 6x4 ruled table (7 horizontal, 5 vertical rules; 24 cells of text) survives every wrapper."""
    assert without_ocr.docs.loc[name, "status"] != "failed"
    rules_h, rules_v, words = _grid(bad_dir / name)
    assert {rules_h, rules_v} == {7, 5}, (rules_h, rules_v)
    assert words >= 24


def test_the_control_is_what_the_manifest_says(bad_dir: Path) -> None:
    import pdfplumber

    with pdfplumber.open(bad_dir / "gen_table_ok.pdf") as pdf:
        tables = pdf.pages[0].extract_tables()
    assert len(tables) == 1 and (len(tables[0]), len(tables[0][0])) == (6, 4)
