"""rencana show on scanned, turned, photocopied and photographed pages (one table page each, so
the OCR stays quick), one plan row from an output folder, and index.html in headless Chromium.

The truth is the corpus's: the decree's rows on its first table page and their months.
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image

from rencana.corpus.__main__ import main as corpus_main
from rencana.corpus.render_scan import profile_settings
from rencana.corpus.scan import ScanSettings, scan_pdf
from rencana.extract.backend import backend
from rencana.extract.document import extract_document
from rencana.pipeline.cli import main as cli
from rencana.pipeline.review import build_review
from rencana.show.page import look
from rencana.show.paint import counts
from rencana.show.write import draw_pages, write_pictures

pytestmark = pytest.mark.slow

SEED = 901
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SCANS = {
    "scanned": ScanSettings(),
    "turned": ScanSettings(rotate_pages={1: 90}),
    "photocopy": profile_settings("photocopy", 0.0),
    "phone": profile_settings("phone", 0.0),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("show-scans")
    corpus_main(["generate", str(work / "digital"), "--n", "1", "--seed", str(SEED)])
    (pdf,) = (work / "digital").glob("*.pdf")
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    page = min(r["page"] for r in truth["rows"])
    src, one = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
    one.import_pages(src, [page - 1])
    one.save(str(work / "table-page.pdf"))
    one.close()
    src.close()
    for name, settings in SCANS.items():
        scan_pdf(work / "table-page.pdf", work / f"{name}.pdf", random.Random(3), settings)
    on_page = [r for r in truth["rows"] if r["page"] == page]
    return {
        "work": work,
        "digital": pdf,
        "rows": len(on_page),
        "marks": sum(len(r["months"]) for r in on_page),
    }


def _shown(corpus: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, int], Any]:
    """Each scan read and drawn once per module (the Chromium check reuses the scanned one)."""
    if name not in corpus.setdefault("shown", {}):
        corpus["shown"][name] = _draw(corpus, name)
    return corpus["shown"][name]  # type: ignore[no-any-return]


def _draw(corpus: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, int], Any]:
    seen = look(corpus["work"] / f"{name}.pdf")
    out = corpus["work"] / f"show-{name}"
    write_pictures(seen, draw_pages(seen), out)
    (page,) = json.loads((out / "show.json").read_text(encoding="utf-8"))["pages"]
    return page, counts(page["drawn"]), seen


@pytest.mark.parametrize("name", ["scanned", "turned", "photocopy"])
def test_a_scan_shows_every_row_and_mark_beside_the_original(corpus: dict[str, Any], name: str) -> None:
    page, n, _ = _shown(corpus, name)
    assert page["route"] == "ocr" and "original" in page
    assert n["row"] == corpus["rows"]
    assert sum(v for k, v in n.items() if k.startswith("mark_")) == corpus["marks"]
    read = Image.open(corpus["work"] / f"show-{name}" / page["image"])
    scan = Image.open(corpus["work"] / f"show-{name}" / page["original"])
    if name == "turned":  # the scan is upright-portrait, the read image turned back to landscape
        assert scan.height > scan.width and read.width > read.height
        assert any(d["label"].startswith("turned_pages") for d in page["drawn"] if d["layer"] == "issue")


def test_a_phone_photo_is_drawn_as_the_ocr_path_read_it(corpus: dict[str, Any]) -> None:
    page, n, seen = _shown(corpus, "phone")
    plain = extract_document(corpus["work"] / "phone.pdf", ocr_page=backend("ocr"))
    assert seen.document == plain  # tracing changed nothing on the OCR path either
    assert n["row"] == sum(1 for r in seen.trace.pages[1].rows if not r.section)
    assert abs(n["row"] - corpus["rows"]) <= 1  # a photo may cost a row, not the table
    read = Image.open(corpus["work"] / "show-phone" / page["image"])
    scan = Image.open(corpus["work"] / "show-phone" / page["original"])
    assert read.size != scan.size  # the sheet cut out of the desk and flattened, not the photo


def test_the_review_sheet_links_a_row_to_the_picture_rencana_show_draws(corpus: dict[str, Any]) -> None:
    work = corpus["work"]
    runner = CliRunner()
    res = runner.invoke(
        cli, ["extract", str(work / "digital"), "--out", str(work / "out"), "--jobs", "1", "-q"]
    )
    assert res.exit_code == 0, res.output
    sheet = build_review(work / "out", include_all=True)
    link = str(sheet["example_picture"].iloc[0])
    doc, row_no = re.fullmatch(r"show/([0-9a-f]{16})-row(\d+)/index.html", link).groups()  # type: ignore[union-attr]
    res = runner.invoke(cli, ["show", str(work / "out"), "--doc", doc, "--row", row_no])
    assert res.exit_code == 0, res.output
    assert (work / "out" / link).is_file()  # the sheet's link and the report's cards lead there
    (page,) = json.loads((work / "out" / link).with_name("show.json").read_text(encoding="utf-8"))["pages"]
    rows = pq.read_table(work / "out" / "plan_rows.parquet").to_pylist()
    row = next(r for r in rows if r["doc_id"].startswith(doc) and r["row_no"] == int(row_no))
    focus = [d for d in page["drawn"] if d["layer"] == "focus"]
    assert page["page"] == row["page"]
    assert focus[0]["box"] == pytest.approx([row["x0"], row["top"], row["x1"], row["bottom"]], abs=0.1)
    assert len(focus) == 1 + 17  # the row, and its cell in each of the 17 columns
    bad = runner.invoke(cli, ["show", str(work / "out"), "--doc", doc, "--row", "9999"])
    assert bad.exit_code == 2 and "no plan row 9999" in bad.output


def test_review_pictures_write_what_the_sheet_links_and_name_rows_they_cannot_draw(
    corpus: dict[str, Any], tmp_path: Path
) -> None:
    runner = CliRunner()
    pdf = next((corpus["work"] / "digital").glob("*.pdf"))
    (tmp_path / "in").mkdir()
    copy = tmp_path / "in" / pdf.name
    copy.write_bytes(pdf.read_bytes())
    out = tmp_path / "out"
    assert (
        runner.invoke(
            cli, ["extract", str(tmp_path / "in"), "--out", str(out), "--jobs", "1", "-q"]
        ).exit_code
        == 0
    )
    res = runner.invoke(cli, ["review", str(out), "--all", "--pictures"])
    assert res.exit_code == 0, res.output
    links = {r["example_picture"] for r in csv.DictReader((out / "review.csv").open(encoding="utf-8"))}
    links.discard("")
    assert links and all((out / link).is_file() for link in links)
    assert f"{len(links)} pictures in" in res.output
    copy.unlink()  # the PDF moved away: each picture says why it was not drawn, the command goes on
    res = runner.invoke(cli, ["review", str(out), "--all", "--pictures"])
    assert res.exit_code == 0, res.output
    assert res.output.count("picture not drawn: show/") == len(links)
    assert f"0 pictures in {out / 'show'} ({len(links)} not drawn)" in res.output


def test_index_html_renders_in_chromium(corpus: dict[str, Any]) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    _shown(corpus, "scanned")
    index = corpus["work"] / "show-scanned" / "index.html"
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(index.as_uri())
            widths = page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.naturalWidth)")
            legend = page.inner_text(".legend")
            page.screenshot(path=str(ARTIFACTS / "show-index.png"), full_page=True)
        finally:
            browser.close()
    assert not errors
    assert len(widths) == 2 and all(w > 500 for w in widths)  # the scan beside the read image
    assert "ruling rejected" in legend and "Gantt" in legend
