"""render_xlsx: openpyxl + real LibreOffice Calc, checked with pdfplumber (no skip: soffice must exist)."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfplumber.page import Page

from rencana.corpus.content import build_decree
from rencana.corpus.generate import generate
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.render_xlsx import (
    build_workbook,
    printed_spec,
    render_xlsx_batch,
    write_xlsx_truth,
)
from rencana.corpus.satkers import satker_for
from rencana.corpus.textitems import normalise_ws
from rencana.corpus.xlsx_style import PREFIX, XlsxKnobs, knobs, sample_knobs, wrap_lines, xlsx_layout
from rencana.corpus.xlsx_table import ABBR, ROMAN, section_label


def _layout(paper: str = "A4", **values: str) -> LayoutSpec:
    return LayoutSpec(paper="F4" if paper == "F4" else "A4", extra={PREFIX + k: v for k, v in values.items()})


VARIANTS: dict[str, LayoutSpec] = {
    # front sheet, section rows, kegiatan numbers in the No column, Gantt fills, Jan..Des, PJ last
    "section_fill": _layout(
        "F4", front="sheet", area="section", no_col="yes", mark="fill", fill="green", months="abbr",
        extra_col="pj_months", breaks="manual", valign="center", keg_cells="merge", font="Calibri",
        size="10", header_case="title", sub_label="RINCIAN KEGIATAN", month_label="WAKTU PELAKSANAAN",
    ),
    # Lampiran only, area column, no No column, "V", I..XII, first-row kegiatan, column numbers
    "column_v": _layout(
        front="none", area="column", no_col="no", mark="V", months="roman", extra_col="ket_ind",
        keg_cells="first", colnum_row="yes", font="Arial", size="9", line_breaks="no", breaks="auto",
        ind_label="INDIKATOR KEBERHASILAN/OUTPUT", month_label="PELAKSANAAN KEGIATAN (BULAN KE-)",
    ),
    # section rows "A. …" without a No column, fill + V, Times 11, medium outline, footer
    "section_times": _layout(
        front="none", area="section", section_fmt="letter_title", no_col="no", mark="fill+V",
        fill="yellow", months="num", font="Times New Roman", size="11", outline="medium",
        header_fill="D9D9D9", section_fill="D9D9D9", breaks="manual", lampiran_block="no", footer="yes",
        valign="top",
    ),
}  # fmt: skip
_HYPHEN_BREAK = re.compile(r"-\s+")
FILL_RGB = {"green": (0xC6 / 255, 0xEF / 255, 0xCE / 255), "yellow": (1.0, 1.0, 0.0)}


def make_spec() -> DecreeSpec:
    satker = satker_for("3279", 2022)
    return build_decree(random.Random("xlsx-test"), satker, 2022, "xlsx-test-banjar", n_rows=40)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RenderResult]:
    out = tmp_path_factory.mktemp("xlsx")
    spec = make_spec()
    jobs = [(spec, layout, out / f"{name}.pdf") for name, layout in VARIANTS.items()]
    results = render_xlsx_batch(jobs, keep_xlsx=True)
    return dict(zip(VARIANTS, results, strict=True))


def _landscape(pdf: Any, res: RenderResult) -> list[Page]:
    assert res.table_first_page is not None
    return list(pdf.pages[res.table_first_page - 1 :])


def _column(page: Page, first_word: str) -> tuple[float, float, float] | None:
    """(x0, x1, header bottom) of the table column whose header label starts with ``first_word``."""
    words = page.extract_words()
    heads = [w for w in words if w["text"].upper() == first_word.upper()]
    if not heads:
        return None
    head = min(heads, key=lambda w: w["top"])
    mid = (head["x0"] + head["x1"]) / 2
    xs = [e["x0"] for e in page.edges if e["orientation"] == "v" and e["top"] <= head["top"] <= e["bottom"]]
    left = max(x for x in xs if x < mid)
    right = min(x for x in xs if x > mid)
    return left, right, head["bottom"]


def _column_text(pages: Sequence[Page], first_word: str) -> str:
    parts = []
    for page in pages:
        col = _column(page, first_word)
        assert col is not None, f"no '{first_word}' header on page {page.page_number}"
        x0, x1, top = col
        parts.append(page.crop((x0, top + 2, x1, page.height)).extract_text())
    return normalise_ws(" ".join(parts))


def _month_centres(page: Page, style: str) -> tuple[list[float], float]:
    """x centres of the 12 month labels in the page's header (topmost of each) and their bottom."""
    labels = {"abbr": ABBR, "roman": ROMAN}.get(style, tuple(str(m) for m in range(1, 13)))
    words = page.extract_words()
    centres, bottom = [], 0.0
    for label in labels:
        hits = [w for w in words if w["text"] == label]
        assert hits, (page.page_number, label)
        top = min(hits, key=lambda w: w["top"])
        centres.append((top["x0"] + top["x1"]) / 2)
        bottom = max(bottom, top["bottom"])
    return centres, bottom


def _in_order(haystack: str, needles: Sequence[str]) -> list[str]:
    """The needles not found in ``haystack`` in the given order (Calc may wrap after a hyphen)."""
    missing, pos = [], 0
    haystack = _HYPHEN_BREAK.sub("-", haystack)
    for needle in needles:
        at = haystack.find(_HYPHEN_BREAK.sub("-", needle), pos)
        if at < 0:
            missing.append(needle)
        else:
            pos = at + len(needle)
    return missing


def _crossings(page: Page, x_range: tuple[float, float] | None = None) -> list[str]:
    """Characters cut by a horizontal rule (text taller than its row, or cut at a page break)."""
    rules = [e for e in page.edges if e["orientation"] == "h"]
    bad = []
    for c in page.chars:
        if not c["text"].strip() or (x_range and not x_range[0] <= c["x0"] <= x_range[1]):
            continue
        h = c["bottom"] - c["top"]
        for e in rules:
            if c["top"] + 0.3 * h < e["top"] < c["bottom"] - 0.3 * h and e["x0"] < c["x1"] - 0.5 < e["x1"]:
                bad.append(c["text"])
                break
    return bad


@pytest.mark.parametrize("name", list(VARIANTS))
def test_pages_header_rows_and_marks(rendered: dict[str, RenderResult], name: str) -> None:
    res, layout = rendered[name], VARIANTS[name]
    k = knobs(layout)
    spec = printed_spec(make_spec(), layout)
    assert Path(res.pdf_path).with_suffix(".xlsx").is_file()
    assert res.row_pages == (None,) * len(spec.rows)
    with pdfplumber.open(res.pdf_path) as pdf:
        assert len(pdf.pages) == res.pages
        first = res.table_first_page or 0
        assert first > 1 if k.has_front else first == 1
        front = pdf.pages[: first - 1]
        assert all(p.width < p.height for p in front)
        if k.has_front:
            assert spec.decree_number in normalise_ws(front[0].extract_text())
        pages = _landscape(pdf, res)
        assert len(pages) >= 3 and all(p.width > p.height for p in pages)
        width = {"A4": 841.89, "F4": 936.0}[layout.paper]
        assert all(abs(p.width - width) < 1 for p in pages)
        sub_word = k.sub_label.split()[0]
        for page in pages:  # print titles: the header on every page of the Lampiran
            words = {w["text"] for w in page.extract_words()}
            assert {sub_word.upper(), sub_word.title()} & words, page.page_number
            months = {"abbr": ["Jan", "Mei", "Agt", "Des"], "roman": ["IV", "IX", "XII"]}.get(k.months)
            assert set(months or ["10", "11", "12"]) <= words
        sub_text = _column_text(pages, sub_word)
        assert not _in_order(sub_text, [normalise_ws(r.sub_kegiatan_text) for r in spec.rows])
        ind_text = _column_text(pages, k.ind_label.split()[0])
        indicators = [normalise_ws(r.indikator_text) for r in spec.rows if r.indikator_text]
        assert not _in_order(ind_text, indicators)
        page_text = normalise_ws(" ".join(p.extract_text() for p in pages))
        labels = list(dict.fromkeys(r.area_text for r in spec.rows))
        if k.sections:
            assert not _in_order(page_text, labels)
            assert all(re.match(r"^([IVX]+|[A-H]|\d)\. ", lab) for lab in labels)
        else:
            assert not any(section_label(r, k) in page_text for r in spec.rows)
        n_marks = sum(len(r.months) for r in spec.rows)
        if k.mark.startswith("fill"):  # Calc draws one rect per run of filled cells in a row
            want = FILL_RGB[k.fill]
            covered = 0
            for page in pages:
                centres, _ = _month_centres(page, k.months)
                for r in page.rects:
                    colour = r["non_stroking_color"]
                    if not (r["fill"] and colour is not None and len(colour) == 3):
                        continue
                    if all(abs(a - b) < 0.02 for a, b in zip(colour, want, strict=True)):
                        covered += sum(1 for x in centres if r["x0"] < x < r["x1"])
            assert covered == n_marks
        mark = {"fill": None, "fill+V": "V"}.get(k.mark, k.mark)
        if mark:
            seen = 0
            for page in pages:
                _, head_bottom = _month_centres(page, k.months)
                seen += sum(1 for w in page.extract_words() if w["text"] == mark and w["top"] > head_bottom)
            assert seen == n_marks
        for page in pages:  # rows tall enough: no text of the row cells cut by a rule
            for word in (sub_word, k.ind_label.split()[0]):
                col = _column(page, word)
                assert col is not None
                assert _crossings(page, col[:2]) == [], (page.page_number, word)


def test_manual_breaks_keep_merged_cells_whole(rendered: dict[str, RenderResult]) -> None:
    """With the typist's page breaks between kegiatan, no merged cell is cut by a page end."""
    for name in ("section_fill", "section_times"):
        with pdfplumber.open(rendered[name].pdf_path) as pdf:
            for page in _landscape(pdf, rendered[name]):
                assert _crossings(page) == [], (name, page.page_number)


def test_truth_records_what_is_printed(rendered: dict[str, RenderResult], tmp_path: Path) -> None:
    spec = make_spec()
    out = write_xlsx_truth(spec, VARIANTS["section_fill"], rendered["section_fill"], tmp_path / "a.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["renderer"] == "xlsx" and data["mark_kind"] == "fill:C6EFCE"
    assert data["document"]["has_front_matter"] is True
    rows = data["rows"]
    assert len(rows) == len(spec.rows) and all(r["page"] is None for r in rows)
    assert rows[0]["area_raw"].startswith("I. ") and rows[0]["area_raw"] == rows[0]["area_raw"].upper()
    assert rows[0]["area"] == spec.rows[0].area_canonical and rows[0]["area_no"] == 1
    numbered = [(r, s) for r, s in zip(rows, spec.rows, strict=True) if s.kegiatan_no is not None]
    assert numbered and all(not re.match(r"\d+\. ", r["kegiatan_raw"]) for r, _ in numbered)
    assert all(r["kegiatan_no"] == s.kegiatan_no for r, s in numbered)
    data = json.loads(
        write_xlsx_truth(spec, VARIANTS["column_v"], rendered["column_v"], tmp_path / "b.json").read_text()
    )
    assert data["mark_kind"] == "V" and data["document"]["has_front_matter"] is False
    assert [r["area_raw"] for r in data["rows"]] == [normalise_ws(s.area_text) for s in spec.rows]
    assert all("\n" not in r["sub_kegiatan_raw"] for r in data["rows"])


def test_workbook_page_setup() -> None:
    wb, plan = build_workbook(make_spec(), VARIANTS["section_fill"])
    front, lamp = wb.worksheets
    assert front.page_setup.orientation == "portrait" and lamp.page_setup.orientation == "landscape"
    assert lamp.page_setup.paperSize == 14 and lamp.page_setup.fitToWidth == 1
    assert lamp.page_setup.fitToHeight == 0 and lamp.sheet_properties.pageSetUpPr.fitToPage
    assert lamp.print_title_rows == f"${plan.header_rows[0]}:${plan.header_rows[1]}"
    assert not lamp.sheet_view.showGridLines and len(lamp.row_breaks.brk) >= 1
    keys = [c.key for c in plan.columns]
    assert keys[:4] == ["no", "keg", "sub", "ind"] and keys[-1] == "extra"
    assert len(plan.section_rows) == 8
    assert all(lamp.row_dimensions[r].height for r in plan.body_rows)
    (only,) = build_workbook(make_spec(), VARIANTS["column_v"])[0].worksheets
    assert only.page_setup.paperSize == 9 and not only.row_breaks.brk


def test_knobs_roundtrip_and_wrap_estimate() -> None:
    layout = xlsx_layout(LayoutSpec(), random.Random(3))
    assert knobs(layout) == sample_knobs(random.Random(3))
    assert knobs(LayoutSpec()) == XlsxKnobs()
    seen = {sample_knobs(random.Random(i)).mark for i in range(200)}
    assert {"V", "√", "●", "X", "1", "fill", "fill+V"} <= seen
    text = "Penyusunan rencana kerja dan anggaran Tim Reformasi Birokrasi " * 3
    one, wide, narrow = (wrap_lines(text, "Calibri", 10.0, w) for w in (2000.0, 400.0, 100.0))
    assert one == 1 and 1 < wide < narrow and wrap_lines("a\nb\n\nc", "Arial", 9.0, 100.0) == 4


def test_generate_xlsx(tmp_path: Path) -> None:
    written = generate(tmp_path, n=1, seed=5, renderer="xlsx")
    assert [g.renderer for g in written] == ["xlsx"] and written[0].pdf.name.endswith("-xlsx.pdf")
    data = json.loads(written[0].truth.read_text(encoding="utf-8"))
    assert data["renderer"] == "xlsx" and "mark_kind" in data
    assert "has_front_matter" in data["document"] and PREFIX + "area" in data["layout"]["extra"]
