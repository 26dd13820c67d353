"""Time grids in deep headers (issue 11): period columns found by what their labels say as a
series, however far below the other columns' labels.  Three fuzzed decrees of a development
seed (9300) drawn again and read back, and the quarter line recognised by its shape over a
column-number row."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from rencana.corpus.generate import plan_documents
from rencana.corpus.model import DecreeSpec, LayoutSpec
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.render_xlsx import render_xlsx_batch
from rencana.corpus.xlsx_style import xlsx_layout
from rencana.extract.document import extract_document
from rencana.extract.table.settings import TableSettings
from rencana.extract.table.timegrid import shaped_grid
from rencana.schema.records import ExtractedDocument, Word

SEED = 9300


def _months(doc: ExtractedDocument) -> list[list[int]]:
    return [[m + 1 for m, mark in enumerate(r.marks) if mark] for r in doc.rows if not r.section]


@pytest.fixture(scope="module")
def decrees() -> list[tuple[DecreeSpec, LayoutSpec]]:
    return plan_documents(63, SEED, fuzz=True)


def test_quarters_named_over_a_column_number_row_are_the_grid(tmp_path: Path, decrees: list) -> None:
    # 9300-055: "Trw I … Trw IV" under TARGET WAKTU, over a column-number row 1 … 10 that reads
    # as ten months in columns of mixed widths: no_table in every renderer
    spec, layout = decrees[55]
    pdf = tmp_path / "055.pdf"
    render_canvas(spec, layout, pdf)
    doc = extract_document(pdf)
    assert _months(doc) == [list(r.months) for r in spec.rows]
    assert {r.grid_unit for r in doc.rows if not r.section} == {"quarter"}


def test_spreadsheet_grids_under_tall_headers(tmp_path: Path, decrees: list) -> None:
    # 9300-062: labels centred in cells three tiers tall, the months under "Triwulan I … IV"
    # past the reach counted from them; 9300-042: the labels stand high over "Jan … Des", under a
    # "RENCANA JADWAL" over the months (and merged cells cut by the page break print their text
    # clipped among them: hidden text, read as the spreadsheet prints it)
    jobs = []
    for i in (42, 62):
        spec, layout = decrees[i]
        layout = xlsx_layout(layout, random.Random(f"{SEED}:xlsx:{spec.doc_key}"))
        jobs.append((spec, layout, tmp_path / f"{i}.pdf"))
    render_xlsx_batch(jobs)
    for spec, _, pdf in jobs:
        doc = extract_document(pdf)
        assert _months(doc) == [list(r.months) for r in spec.rows], pdf.name


def _word(text: str, x: float, y: float) -> Word:
    return Word(1, x, y, x + 4 * len(text), y + 7, text)


def test_a_column_number_row_under_named_quarters_does_not_hide_them() -> None:
    # the column numbers 1 … 10 stand under columns of mixed widths: no month grid; the quarters
    # over the last four are
    widths = [40, 90, 120, 150, 60, 120, 45, 45, 45, 45]
    xs, x = [], 30.0
    for w in widths:
        xs.append(x + w / 2)
        x += w
    words = [_word(str(n), cx - 2, 120) for n, cx in enumerate(xs, 1)]
    words += [_word("Trw", cx - 12, 108) for cx in xs[6:]]
    words += [_word(r, cx + 2, 108) for r, cx in zip(("I", "II", "III", "IV"), xs[6:], strict=True)]
    grid = shaped_grid(words, 8.0, TableSettings())
    assert grid is not None and grid.unit == "quarter" and sorted(grid.centres) == [1, 2, 3, 4]


def test_months_under_named_semesters_are_the_grid(tmp_path: Path) -> None:
    # 9800-008 (spreadsheet): "Semester I / II" printed over "Jan. … Des." ("Agu." and "Nov."
    # broken over two lines): the semesters within reach were taken as the grid and the months
    # under them never read — 50 of 56 month sets wrong and 8 rows extra, under `ok`
    spec, layout = plan_documents(9, 9800, fuzz=True)[8]
    layout = xlsx_layout(layout, random.Random(f"9800:xlsx:{spec.doc_key}"))
    pdf = tmp_path / "008.pdf"
    render_xlsx_batch([(spec, layout, pdf)])
    doc = extract_document(pdf)
    assert _months(doc) == [list(r.months) for r in spec.rows]
    assert {r.grid_unit for r in doc.rows if not r.section} == {"month"}
