"""An analyst's real inbox, end to end: one plan per satker and year, told in Bahasa Indonesia.

The same file under two names, the Word export and the signed scan of one decree, a revised
decree, a failed download, a file removed between two runs, satkers that sent nothing
(``analyst_batch.py``).  Every expectation comes from the generator's truth
(``inbox-truth.json``); the report is read back in headless Chromium.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from analyst_batch import generate
from click.testing import CliRunner

from rencana.compare import build_views, load, write_reports
from rencana.compare.report import Views
from rencana.compare.views import MONTH_NAMES
from rencana.pipeline.cli import main
from rencana.pipeline.ledger import Ledger
from rencana.pipeline.model import RunSettings
from rencana.pipeline.run import run

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@dataclass(frozen=True)
class Inbox:
    root: Path
    out: Path
    truth: dict[str, Any]
    first: pd.DataFrame  # documents.parquet after the first run (the removed file still given)
    second_output: str  # what `rencana extract` said on the second run


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Inbox:
    root = tmp_path_factory.mktemp("inbox")
    truth = generate(root / "inbox", root / "removed")
    out = root / "out"
    run([root / "inbox", root / "removed"], out, RunSettings(jobs=2))
    first = pd.read_parquet(out / "documents.parquet")
    result = CliRunner().invoke(main, ["extract", str(root / "inbox"), "--out", str(out), "-q", "-j", "2"])
    assert result.exit_code == 1, result.output  # a failed file among ok ones
    return Inbox(root, out, truth, first, result.output)


def _doc_of(docs: pd.DataFrame, name: str) -> Any:
    hits = [r for r in docs.itertuples(index=False) if name in {Path(s).name for s in r.source_files}]
    assert len(hits) == 1, (name, len(hits))
    return hits[0]


def test_one_row_per_content_with_every_name(inbox: Inbox) -> None:
    docs = pd.read_parquet(inbox.out / "documents.parquet")
    assert docs["doc_id"].is_unique
    for names in inbox.truth["same_content"]:
        row = _doc_of(docs, names[0])
        assert sorted(Path(s).name for s in row.source_files) == sorted(names)
    rows = pd.read_parquet(inbox.out / "plan_rows.parquet")
    assert not rows.duplicated(["doc_id", "row_no"]).any()
    # the README's join counts each decree's rows once
    joined = rows.merge(docs, on="doc_id")
    assert len(joined) == len(rows)


def test_the_scan_is_a_copy_of_the_export_and_the_revision_replaces(inbox: Inbox) -> None:
    docs = pd.read_parquet(inbox.out / "documents.parquet")
    for copy, kept in inbox.truth["duplicate_of"].items():
        assert _doc_of(docs, copy).duplicate_of == _doc_of(docs, kept).doc_id
        assert pd.isna(_doc_of(docs, kept).duplicate_of)
    for old, new in inbox.truth["superseded_by"].items():
        assert _doc_of(docs, old).superseded_by == _doc_of(docs, new).doc_id
        assert pd.isna(_doc_of(docs, new).superseded_by)
    issues = pd.read_parquet(inbox.out / "issues.parquet")
    scan = _doc_of(docs, next(iter(inbox.truth["duplicate_of"])))
    assert (issues[issues["doc_id"] == scan.doc_id]["code"] == "duplicate_copy").sum() == 1
    # nothing else is set aside
    aside = docs[docs["duplicate_of"].notna() | docs["superseded_by"].notna()]
    want = set(inbox.truth["duplicate_of"]) | set(inbox.truth["superseded_by"])
    assert {Path(s).name for s in aside["source_file"]} == want


def test_a_removed_file_is_gone_and_its_work_stays_cached(inbox: Inbox) -> None:
    removed = inbox.truth["removed"]
    before = _doc_of(inbox.first, removed)
    docs = pd.read_parquet(inbox.out / "documents.parquet")
    assert removed not in {Path(s).name for names in docs["source_files"] for s in names}
    for table in ("plan_rows", "corrections", "issues"):
        frame = pd.read_parquet(inbox.out / f"{table}.parquet")
        assert before.doc_id not in set(frame["doc_id"]), table
    assert "removed: 1 file(s)" in inbox.second_output
    assert len(Ledger(inbox.out).keys()) >= len(docs) + 1, "the removed file's result is still in the ledger"


def test_giving_the_removed_file_back_costs_nothing(inbox: Inbox, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(inbox.out, out)
    again = run([inbox.root / "inbox", inbox.root / "removed"], out, RunSettings(jobs=1))
    assert again.resumed == 1 and again.skipped == 7, again  # taken from the ledger, not processed
    kept = run([inbox.root / "inbox"], out, RunSettings(jobs=1, keep_missing=True))
    assert kept.removed == 0
    names = {Path(s).name for ss in pd.read_parquet(out / "documents.parquet")["source_files"] for s in ss}
    assert inbox.truth["removed"] in names, "--keep-missing keeps the file not given"


@pytest.fixture(scope="module")
def views(inbox: Inbox) -> Views:
    return build_views(load(inbox.out, province=inbox.truth["province"], year=inbox.truth["year"]))


def test_the_report_counts_plans_not_files(views: Views, inbox: Inbox) -> None:
    plans = inbox.truth["plans_run2"]
    summary = views.summary.set_index("satker")
    assert sorted(summary.index) == sorted(plans), "one line per satker that sent a plan"
    sched = views.schedule.set_index("label")
    for satker, plan in plans.items():
        assert summary.loc[satker, "rows"] == plan["rows"], satker
        label = f"{satker} {inbox.truth['year']}"
        for m, name in enumerate(MONTH_NAMES, start=1):
            assert sched.loc[label, name] == sum(m in ms for ms in plan["months"]), (satker, name)
    # coverage cells count rows once (the same file twice is not two plans)
    covered = views.coverage.drop(columns=list(views.coverage.columns[:7])).fillna(0).sum()
    assert {k.rsplit(" ", 1)[0]: int(v) for k, v in covered.items()} == {
        s: p["rows"] for s, p in plans.items()
    }


def test_the_report_lists_failed_files_copies_and_missing_satkers(views: Views, inbox: Inbox) -> None:
    assert list(views.problems["file"]) == inbox.truth["failed"]
    aside = dict(zip(views.set_aside["file"], views.set_aside["why"], strict=True))
    assert aside == {
        **dict.fromkeys(inbox.truth["duplicate_of"], "duplicate"),
        **dict.fromkeys(inbox.truth["superseded_by"], "superseded"),
    }
    roster = views.roster.set_index("satker")
    assert sorted(roster.index) == sorted(inbox.truth["roster"].values())
    missing = set(inbox.truth["roster"].values()) - set(inbox.truth["plans_run2"])
    assert set(roster.index[~roster["submitted"].astype(bool)]) == missing


def _visible_text(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text())


def test_the_indonesian_report_in_chromium(views: Views, inbox: Inbox, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    html, xlsx = write_reports(views, tmp_path)
    assert (html.name, xlsx.name) == ("compare-34-2023.html", "compare-34-2023.xlsx")
    text = html.read_text(encoding="utf-8")
    assert '<html lang="id">' in text and not re.search(r"\[(satker|tahun)\]|<(satker|year)>", text)
    missing = set(inbox.truth["roster"].values()) - set(inbox.truth["plans_run2"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 800})
            page.goto(html.as_uri())
            assert page.locator("h2#roster").inner_text() == "Satker dan rencana"
            listed = page.locator("ul.missing-list li").all_inner_texts()
            assert set(listed) == missing and len(listed) == len(missing)
            assert "belum menyampaikan" in _visible_text(page, "h2#roster + section").casefold()
            assert page.locator("table.plans tbody tr").count() == len(inbox.truth["plans_run2"])
            files = _visible_text(page, "h2#files + section")
            for name in inbox.truth["failed"]:
                assert name in files and "bukan berkas PDF" in files
            for name in [*inbox.truth["duplicate_of"], *inbox.truth["superseded_by"]]:
                assert name in files
            # the key columns fit a 1366 px screen: no sideways scrolling of the plans table
            width = page.evaluate("document.documentElement.scrollWidth")
            table = page.locator("table.plans").bounding_box()
            assert width <= 1366 and table is not None and table["x"] + table["width"] <= 1366
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "compare-inbox.png"))
            page.emulate_media(media="print")
            pdf = page.pdf(landscape=True, format="A4")
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000, "the report prints on A4"
