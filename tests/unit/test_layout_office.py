"""Layout variety through Word and a spreadsheet (issue 11): fuzzed forms drawn by the docx and
xlsx renderers (python-docx / openpyxl, then real LibreOffice), read back.

All forms of one renderer go through one LibreOffice start (module fixture); each test checks
one decree's extracted rows against its own rows: every row's month set, the grid unit, the
areas where sections stand for the area column, the second table's issue.
"""

from __future__ import annotations

import dataclasses

import pytest
from forms import TEMPLATE_FORM  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.corpus.form_grid import LETTERS, body_lines, header_cells
from rencana.corpus.generate import plan_documents
from rencana.corpus.layout_fuzz import TableForm, fuzz_rows
from rencana.corpus.model import DecreeSpec, LayoutSpec
from rencana.corpus.render_docx import render_docx_batch
from rencana.corpus.render_xlsx import render_xlsx_batch
from rencana.extract.document import extract_document
from rencana.extract.table.header import Header, repeated_header
from rencana.extract.table.page_table import PageTable
from rencana.extract.table.settings import TableSettings
from rencana.extract.table.stitch import stitch
from rencana.extract.table.timegrid import month_line, rejoin_broken_labels
from rencana.schema.issues import IssueCode
from rencana.schema.records import BBox, ExtractedDocument, RawRow, Word

BASE = TEMPLATE_FORM
FORMS = {
    # Triwulan tier over month names, Gantt bars without the month borders, a column-number row
    "gantt": dataclasses.replace(
        BASE,
        period_labels=("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"),
        middle=("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"),
        mark="gantt", month_borders=False, column_numbers=True,
    ),
    # section rows instead of the area column, an OUTPUT column, a fill, a Tim RB table after
    "sections": dataclasses.replace(
        BASE,
        columns=(("no", "NO"), ("keg", "KEGIATAN"), ("sub", "TAHAPAN"), ("x", "OUTPUT"),
                 ("ind", "TARGET CAPAIAN")),
        mark="fill", fill_rgb=(1.0, 0.75, 0.0), sections="letter_upper", other_table="tim_rb",
    ),
    # no No or Area column: section rows stand for the areas; Gantt bars without month borders,
    # so only the text columns are ruled (7800-026: headings that fit the first column were plan rows)
    "gantt_sections": dataclasses.replace(
        BASE,
        columns=(("keg", "PROGRAM / KEGIATAN"), ("sub", "Sub Kegiatan"), ("ind", "HASIL YANG DIHARAPKAN")),
        mark="gantt", month_borders=False, column_numbers=True, sections="letter_title",
    ),
    # a quarter-only grid on a portrait page, check marks, extra columns after the grid
    "quarter": dataclasses.replace(
        BASE,
        grid="quarter", period_labels=("TW I", "TW II", "TW III", "TW IV"), top_label="TRIWULAN",
        mark="✓", portrait=True, after=(("x", "PENANGGUNG JAWAB"),),
    ),
}  # fmt: skip


def _decree(form: TableForm) -> tuple[DecreeSpec, LayoutSpec]:
    spec, layout = plan_documents(1, 4243)[0]
    spec = dataclasses.replace(spec, rows=fuzz_rows(spec.rows[:16], form))
    layout = dataclasses.replace(layout, paper="A4", ruling="full", extra={"form": form.to_json()})
    return spec, layout


@pytest.fixture(scope="module")
def read(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[DecreeSpec, ExtractedDocument]]:
    """Every form drawn by both office renderers and read back, keyed (renderer, form name)."""
    out = tmp_path_factory.mktemp("office-forms")
    decrees = {name: _decree(form) for name, form in FORMS.items()}
    done: dict[tuple[str, str], tuple[DecreeSpec, ExtractedDocument]] = {}
    for renderer, batch in (("docx", render_docx_batch), ("xlsx", render_xlsx_batch)):
        jobs = [(spec, layout, out / f"{name}-{renderer}.pdf") for name, (spec, layout) in decrees.items()]
        batch(jobs)
        for name, (spec, _, pdf) in zip(decrees, jobs, strict=True):
            done[renderer, name] = (spec, extract_document(pdf))
    return done


def _months(doc: ExtractedDocument) -> list[list[int]]:
    return [[m + 1 for m, mark in enumerate(r.marks) if mark] for r in doc.rows if not r.section]


@pytest.mark.parametrize("renderer", ["docx", "xlsx"])
@pytest.mark.parametrize("name", list(FORMS))
def test_office_renderers_draw_the_fuzzed_form(read: dict, renderer: str, name: str) -> None:
    spec, doc = read[renderer, name]
    assert _months(doc) == [list(r.months) for r in spec.rows]
    assert {r.grid_unit for r in doc.rows if not r.section} == {FORMS[name].grid}


@pytest.mark.parametrize("renderer", ["docx", "xlsx"])
def test_office_section_rows_give_the_areas_and_the_second_table_an_issue(read: dict, renderer: str) -> None:
    spec, doc = read[renderer, "sections"]
    headings = [" ".join(r.area.split()) for r in doc.rows if r.section]
    areas = dict.fromkeys((r.area_no, r.area_text) for r in spec.rows)
    assert headings == [f"{LETTERS[n - 1]}. {' '.join(t.split()).upper()}" for n, t in areas]
    other = [i for i in doc.issues if i.code is IssueCode.OTHER_TABLE]
    assert len(other) == 1 and other[0].page == doc.pages


@pytest.mark.parametrize("renderer", ["docx", "xlsx"])
def test_section_rows_of_a_grid_ruled_only_in_its_text_columns(read: dict, renderer: str) -> None:
    spec, doc = read[renderer, "gantt_sections"]
    areas = list(dict.fromkeys(r.area_text for r in spec.rows))
    headings = [r for r in doc.rows if r.section]
    assert len(headings) == len(areas)
    assert len([r for r in doc.rows if not r.section]) == len(spec.rows)  # no heading as a plan row


def test_the_grid_model_spans_the_header_and_merges_the_body() -> None:
    form = FORMS["gantt"]
    cells = header_cells(form)
    top = [c for c in cells if c.text == "PELAKSANAAN (BULAN)"]
    assert len(top) == 1 and top[0].cols == 12 and top[0].row == 0
    assert [c.cols for c in cells if c.text.startswith("Triwulan")] == [3, 3, 3, 3]
    assert {c.rows for c in cells if c.text == "KEGIATAN"} == {3}  # time label, Triwulan, months
    spec, _ = _decree(form)
    lines = body_lines(spec.rows, form)
    assert len(lines) == len(spec.rows)  # no sections in this form
    spans = [dict(line.spans).get(2) for line in lines]  # the kegiatan column
    assert sum(s for s in spans if s) == len(spec.rows)


def test_month_labels_a_narrow_cell_broke_over_two_lines_are_joined() -> None:
    h = 8.0
    labels = ("Jan", "Fe|b", "Ma|r", "Apr", "Me|i", "Ju|n", "Jul", "Ag|t", "Se|p", "Ok|t", "No|v", "De|s")
    words = []
    for n, label in enumerate(labels):
        x = 100.0 + 20 * n
        parts = label.split("|")
        for k, part in enumerate(parts):
            top = 100.0 + (k * h if len(parts) > 1 else h / 2)
            words.append(Word(1, x, top, x + 4 * len(part), top + h * 0.9, part))
    grid = month_line(words, h, TableSettings())
    assert grid is not None and sorted(grid.centres) == list(range(1, 13))
    # pieces that do not read as a month together stay apart: "Ta" over "hun"
    pieces = [Word(1, 100, 100, 108, 107, "Ta"), Word(1, 100, 108, 112, 115, "hun")]
    assert [w.text for w in rejoin_broken_labels(pieces, h)] == ["Ta", "hun"]
    # a quarter label "I" over a mark "X" is no September
    numeral = [Word(1, 100, 100, 104, 107, "I"), Word(1, 100, 108, 105, 115, "X")]
    assert [w.text for w in rejoin_broken_labels(numeral, h)] == ["I", "X"]


def test_a_header_repeated_on_the_next_page_is_the_last_page_s_header() -> None:
    roles = ("area", "kegiatan", "sub_kegiatan", "indikator", "q1", "q2", "q3", "q4")
    prev = Header(
        46.0, 61.0, 35.0, 799.0, roles, (80, 180, 320, 510, 640, 686, 731, 776), 4, True, 0.9, "quarter"
    )
    # body text under the repeated rows ("Tahapan Pemilu") misread the same header: it is the last one
    misread = dataclasses.replace(prev, bottom=85.0, left=-5.0, right=1209.0, roles=("area", "sub_kegiatan"))
    assert repeated_header(misread, prev) == prev
    # spilled text made a known column unknown on a header of the same frame and grid
    spilled = dataclasses.replace(prev, top=40.0, bottom=58.0, roles=("area", "extra", *roles[2:]))
    assert repeated_header(spilled, prev).roles == roles
    # another header elsewhere over another grid stays itself
    other = dataclasses.replace(prev, top=120.0, left=60.0, unit="month")
    assert repeated_header(other, prev) is other


def _raw(page: int, area: str, kegiatan: str, sub: str) -> RawRow:
    row = RawRow(page, BBox(0, 0, 1, 1), "", area, kegiatan, sub, "1. ind", ("V",) + ("",) * 11)
    return row if area else dataclasses.replace(row, starts_area=False, starts_kegiatan=False)


def _pages(*pages: list[RawRow]) -> list[PageTable]:
    return [PageTable(p[0].page, tuple(p), (0.0, 1.0), 0.0, 500.0, 600.0, True, True) for p in pages]


def test_area_text_at_the_top_of_a_page_opens_a_new_area_when_rows_followed_the_last_one() -> None:
    # no No column and unnumbered kegiatan: the page break alone cannot tell a new area
    first = [_raw(1, "Penataan Sistem Manajemen SDM", "Perencanaan", "a"), _raw(1, "", "", "b")]
    second = [_raw(2, "Penguatan Akuntabilitas Kinerja", "Keterlibatan Pimpinan", "c")]
    rows = stitch(_pages(first, second))
    assert [r.area for r in rows] == ["Penataan Sistem Manajemen SDM", "", "Penguatan Akuntabilitas Kinerja"]
    # the area's own row was the page's last: its text runs on over the break
    rows = stitch(
        _pages([_raw(1, "Penataan Sistem", "Perencanaan", "a")], [_raw(2, "Manajemen SDM", "", "b")])
    )
    assert [r.area for r in rows] == ["Penataan Sistem Manajemen SDM", ""]


def test_merged_text_runs_on_across_one_page_break_only() -> None:
    # the area's own row was its page's last, a whole page of its span followed without text:
    # area text at the top of the page after that opens the next area (7800-038)
    rows = stitch(
        _pages(
            [_raw(8, "Penataan Tata Laksana", "Penyusunan SOP", "a")],
            [_raw(9, "", "Penerapan SPBE", "b")],
            [_raw(10, "Penataan Sistem Manajemen SDM Aparatur", "Perencanaan", "c")],
        )
    )
    assert [r.area for r in rows] == ["Penataan Tata Laksana", "", "Penataan Sistem Manajemen SDM Aparatur"]
