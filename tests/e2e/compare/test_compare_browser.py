"""compare.html in a real browser: Debian's chromium, driven by Playwright (never `playwright install`).

Fails on console errors, page errors, any network request (the report must work
offline) or an empty chart; keeps screenshots in tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from batch_support import Batch

from rencana.compare import build_views, load, load_template, write_reports
from rencana.compare.report_html import section_titles

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def test_report_renders_in_chromium_with_every_view(province_batch: Batch, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    views = build_views(load(province_batch.out, province="35"), load_template(province_batch.template))
    html, _ = write_reports(views, tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.on(
                "console",
                lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
            )
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))

            def no_network(route: object) -> None:
                url = route.request.url  # type: ignore[attr-defined]
                if not url.startswith("file://"):
                    problems.append(f"network request: {url}")
                    route.abort()  # type: ignore[attr-defined]
                else:
                    route.continue_()  # type: ignore[attr-defined]

            page.route("**/*", no_network)
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            for key, title in section_titles("id"):
                heading = page.locator(f"h2#{key}")
                assert heading.count() == 1 and heading.inner_text() == title
                section = page.locator(f"h2#{key} + section")
                assert section.inner_text().strip(), f"section {key} is empty"
            charts = page.locator("svg.chart")
            assert charts.count() >= 3, "heatmaps and the year-on-year bars"
            for i in range(charts.count()):
                chart = charts.nth(i)
                assert chart.locator("rect.cell").count() > 0, f"chart {i} has no data"
                if chart.is_visible():
                    box = chart.bounding_box()
                    assert box is not None and box["width"] > 100 and box["height"] > 30, (
                        f"chart {i} has no size"
                    )
            assert page.locator("table.matrix td.c").count() >= 40 * 10, "coverage matrix cells"
            assert page.locator("section.card").count() == len(views.summary), "one plan card per decree"
            assert page.locator("table.grid td.m.on").count() > 0, "plan cards show planned months"
            page.screenshot(path=str(ARTIFACTS / "compare.png"))
            for key, _ in section_titles("id")[1:]:
                page.evaluate(f"document.getElementById('{key}').scrollIntoView()")
                page.screenshot(path=str(ARTIFACTS / f"compare-{key}.png"))
            page.emulate_media(media="print")
            page.pdf(path=str(ARTIFACTS / "compare-print.pdf"), landscape=True, format="A4")
        finally:
            browser.close()
    assert not problems, problems
    assert (ARTIFACTS / "compare-print.pdf").stat().st_size > 10_000, "the report prints"
    shutil.copy(html, ARTIFACTS / "compare.html")
