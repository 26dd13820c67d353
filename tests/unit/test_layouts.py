"""Layout variety (issue 11): real PDFs drawn by the layout fuzzer's canvas table, read back.

Each test draws one decree with a hand-picked :class:`TableForm` (grid kind, mark kind,
sections, page size, a second table) and checks the extracted rows against the decree's own
rows: the row count, every row's month set, the grid unit, the issues.
"""

from __future__ import annotations

import ast
import dataclasses
import random
from pathlib import Path

import pytest
from forms import TEMPLATE_FORM  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.corpus.generate import plan_documents
from rencana.corpus.layout_fuzz import LABELS, TableForm, fuzz_rows, grid_months
from rencana.corpus.model import DecreeSpec, LayoutSpec
from rencana.corpus.render_canvas import render_canvas
from rencana.extract.document import extract_document
from rencana.extract.table import labels as product_labels
from rencana.extract.table.timegrid import month_of, period_of
from rencana.schema.issues import IssueCode
from rencana.schema.records import ExtractedDocument

ROOT = Path(__file__).resolve().parents[2]
BASE = TEMPLATE_FORM
NO_NO_AREA = (("keg", "KEGIATAN"), ("sub", "SUB KEGIATAN"), ("ind", "INDIKATOR KEBERHASILAN"))


def _decree(form: TableForm, paper: str = "A4", rows: int = 14) -> tuple[DecreeSpec, LayoutSpec]:
    spec, layout = plan_documents(1, 4242)[0]
    spec = dataclasses.replace(spec, rows=fuzz_rows(spec.rows[:rows], form))
    layout = dataclasses.replace(
        layout, paper=paper, ruling="full", extra={"form": form.to_json()}, allow_row_split=True
    )
    return spec, layout


def _read(
    tmp_path: Path, form: TableForm, paper: str = "A4", rows: int = 14
) -> tuple[DecreeSpec, ExtractedDocument]:
    spec, layout = _decree(form, paper, rows)
    pdf = tmp_path / "decree.pdf"
    render_canvas(spec, layout, pdf)
    return spec, extract_document(pdf)


def _months(doc: ExtractedDocument) -> list[list[int]]:
    return [[m + 1 for m, mark in enumerate(r.marks) if mark] for r in doc.rows if not r.section]


def _assert_rows(spec: DecreeSpec, doc: ExtractedDocument) -> None:
    assert _months(doc) == [list(r.months) for r in spec.rows]


# ------------------------------------------------------------------ time grids
@pytest.mark.parametrize(
    "labels",
    [
        ("Jan", "Peb", "Mar", "Apr", "Mei", "Jun", "Jul", "Ags", "Sept", "Okt", "Nop", "Des"),
        ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"),
        ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"),
    ],
    ids=["abbreviations", "full-names", "roman"],
)  # fmt: skip
def test_month_grids_by_any_label(tmp_path: Path, labels: tuple[str, ...]) -> None:
    spec, doc = _read(tmp_path, dataclasses.replace(BASE, period_labels=labels))
    _assert_rows(spec, doc)
    assert {r.grid_unit for r in doc.rows} == {"month"}


def test_two_tier_header_triwulan_over_months_keeps_every_month(tmp_path: Path) -> None:
    form = dataclasses.replace(
        BASE, middle=("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"), column_numbers=True
    )
    spec, doc = _read(tmp_path, form)
    _assert_rows(spec, doc)


@pytest.mark.parametrize(
    ("grid", "labels", "top"),
    [
        ("quarter", ("TW I", "TW II", "TW III", "TW IV"), "WAKTU PELAKSANAAN"),
        ("quarter", ("I", "II", "III", "IV"), "TRIWULAN"),
        ("semester", ("Semester I", "Semester II"), "JADWAL PELAKSANAAN"),
        ("semester", ("I", "II"), "SEMESTER"),
    ],
)
def test_quarter_and_semester_grids_give_every_month_of_each_period(
    tmp_path: Path, grid: str, labels: tuple[str, ...], top: str
) -> None:
    form = dataclasses.replace(BASE, grid=grid, period_labels=labels, top_label=top)  # type: ignore[arg-type]
    spec, doc = _read(tmp_path, form)
    _assert_rows(spec, doc)
    assert {r.grid_unit for r in doc.rows} == {grid}
    for r in spec.rows:
        assert tuple(r.months) == grid_months(r.months, grid)  # type: ignore[arg-type]


def test_month_and_period_labels() -> None:
    assert [month_of(t) for t in ("Agt", "Agu", "Ags", "Agst", "Nop", "Nov", "Sept", "Peb", "Mrt")] == [
        8, 8, 8, 8, 11, 11, 9, 2, 3,
    ]  # fmt: skip
    assert month_of("Juni") == 6 and month_of("Juli") == 7 and month_of("Ju") is None
    assert period_of("TW III") == ("quarter", 3) and period_of("Smt II") == ("semester", 2)
    assert period_of("II") == ("", 2) and period_of("Q4") == ("quarter", 4) and period_of("TAHUN") is None


# ------------------------------------------------------------------ marks
@pytest.mark.parametrize("glyph", ["V", "v", "√", "✓", "✔", "X", "x", "●", "•", "1"])
def test_every_glyph_marks_its_month(tmp_path: Path, glyph: str) -> None:
    spec, doc = _read(tmp_path, dataclasses.replace(BASE, mark=glyph), rows=8)
    _assert_rows(spec, doc)


@pytest.mark.parametrize("rgb", [(1.0, 1.0, 0.6), (0.0, 0.44, 0.75), (0.57, 0.82, 0.31)])
def test_fills_of_any_colour(tmp_path: Path, rgb: tuple[float, float, float]) -> None:
    spec, doc = _read(tmp_path, dataclasses.replace(BASE, mark="fill", fill_rgb=rgb), rows=8)
    _assert_rows(spec, doc)


@pytest.mark.parametrize("borders", [True, False], ids=["with-borders", "without-borders"])
def test_gantt_bars_across_adjacent_months(tmp_path: Path, borders: bool) -> None:
    spec, doc = _read(tmp_path, dataclasses.replace(BASE, mark="gantt", month_borders=borders), rows=10)
    _assert_rows(spec, doc)
    assert any(len(r.months) >= 3 for r in spec.rows), "the decree has bars over several months"


# ------------------------------------------------------------------ rows and sections
@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_section_rows_without_no_or_area_columns(tmp_path: Path, paper: str) -> None:
    form = dataclasses.replace(BASE, columns=NO_NO_AREA, sections="letter_upper")
    spec, doc = _read(tmp_path, form, paper=paper, rows=30)
    _assert_rows(spec, doc)
    headings = [r.area for r in doc.rows if r.section]
    assert len(headings) == len({r.area_no for r in spec.rows})
    assert all(h[:2] in {f"{c}." for c in "ABCDEFGH"} for h in headings)


def test_two_items_in_one_row_stay_one_row(tmp_path: Path) -> None:
    spec, doc = _read(tmp_path, BASE, rows=30)
    multi = [
        i for i, r in enumerate(spec.rows) if "\n2." in r.sub_kegiatan_text or " 2. " in r.sub_kegiatan_text
    ]
    assert multi, "the decree has a cell holding two numbered items"
    _assert_rows(spec, doc)


def test_a_second_lampiran_table_gives_no_rows_and_an_issue(tmp_path: Path) -> None:
    spec, doc = _read(tmp_path, dataclasses.replace(BASE, other_table="tim_rb"), rows=10)
    _assert_rows(spec, doc)
    other = [i for i in doc.issues if i.code is IssueCode.OTHER_TABLE]
    assert len(other) == 1 and other[0].page == doc.pages


def test_a_header_without_month_or_period_columns_is_named(tmp_path: Path) -> None:
    _spec, doc = _read(tmp_path, dataclasses.replace(BASE, period_labels=("",) * 12, top_label="KETERANGAN"))
    assert not doc.rows
    unmapped = [i for i in doc.issues if i.code is IssueCode.UNMAPPED_TABLE]
    assert unmapped and "no month or period columns" in unmapped[0].detail


def test_an_unknown_sub_kegiatan_label_is_found_by_its_body(tmp_path: Path) -> None:
    form = dataclasses.replace(
        BASE, columns=(*BASE.columns[:3], ("sub", "LANGKAH KERJA"), BASE.columns[4]), after=(("x", "PIC"),)
    )
    spec, doc = _read(tmp_path, form, rows=10)
    _assert_rows(spec, doc)
    assert all(r.sub_kegiatan for r in doc.rows)
    assert not [i for i in doc.issues if i.code is IssueCode.MISSING_COLUMN]


# ------------------------------------------------------------------ the catalogue stays apart
def test_the_extractor_never_imports_the_fuzzer_catalogue() -> None:
    for path in (ROOT / "extract").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any("corpus" in n for n in names), f"{path} imports {names}"


def test_the_fuzzer_draws_labels_the_extractor_does_not_list() -> None:
    known = {product_labels.norm(t) for labels in product_labels.LABELS.values() for t in labels}
    drawn = {product_labels.norm(t) for labels in LABELS.values() for t in labels}
    unknown = drawn - known
    assert len(unknown) >= 10, unknown
    assert {"LANGKAH KERJA", "TOLOK UKUR", "RENCANA AKSI"} <= unknown


def test_sampled_forms_vary() -> None:
    from rencana.corpus.layout_fuzz import sample_form

    forms = [sample_form(random.Random(i), 2023) for i in range(60)]
    assert {f.grid for f in forms} == {"month", "quarter", "semester"}
    assert {f.mark for f in forms} >= {"gantt", "fill"}
    assert any(f.sections for f in forms) and any(f.other_table for f in forms)
    assert any(not any(k == "no" for k, _ in f.columns) for f in forms)


def test_a_label_word_with_two_letters_swapped_is_one() -> None:
    assert product_labels.is_label_word("ARAE", 85.0)  # AREA, typed fast
    assert product_labels.classify("ARAE PERUBAHAN")[0] == "area"
    assert not product_labels.is_label_word("AEAR", 85.0)  # two swaps


def test_a_period_word_makes_a_key_word_cell_the_time_grid_label() -> None:
    from rencana.extract.table.settings import TableSettings

    assert product_labels.key_word("TAHAPAN TRIWULAN", TableSettings())[0] == "pelaksanaan"
    assert product_labels.key_word("TAHAPAN", TableSettings())[0] == "sub_kegiatan"


def test_unknown_columns_take_the_roles_by_their_words() -> None:
    """TARGET (a word or two a row) sits between SUB-KEGIATAN and TOLOK UKUR: the wordier
    TOLOK UKUR is the indikator; with both roles missing, each goes where the text is."""
    from rencana.extract.table.body_roles import adopt_leaf_columns
    from rencana.schema.records import Word

    def words(x: float, n: int) -> list[Word]:
        return [Word(1, x - 5, 100 + 10 * i, x + 5, 108 + 10 * i, "kata") for i in range(n)]

    body = [*words(100, 20), *words(200, 20), *words(300, 3), *words(400, 18)]
    cols, extras = adopt_leaf_columns(
        [("kegiatan", 100.0), ("sub_kegiatan", 200.0)], [(290, 310), (390, 410)], body, 500
    )
    assert ("indikator", 400.0) in cols and extras == [(290, 310)]
    body = [*words(100, 20), *words(200, 20), *words(300, 18), *words(400, 3)]
    cols, extras = adopt_leaf_columns([("kegiatan", 100.0)], [(190, 210), (290, 310), (390, 410)], body, 500)
    assert {r: x for r, x in cols} == {"kegiatan": 100.0, "sub_kegiatan": 200.0, "indikator": 300.0}


def test_a_wordy_unknown_column_takes_the_indikator_from_output() -> None:
    from rencana.extract.table.body_roles import adopt_leaf_columns
    from rencana.schema.records import Word

    def words(x: float, n: int) -> list[Word]:
        return [Word(1, x - 5, 100 + 10 * i, x + 5, 108 + 10 * i, "kata") for i in range(n)]

    known = [("kegiatan", 100.0), ("sub_kegiatan", 200.0), ("indikator", 300.0)]  # 300: OUTPUT
    body = [*words(100, 20), *words(200, 20), *words(300, 4), *words(400, 18)]
    cols, extras = adopt_leaf_columns(known, [(390, 410)], body, 500)
    assert ("indikator", 400.0) in cols and extras == [(300, 300)]
    body = [*words(100, 20), *words(200, 20), *words(300, 12), *words(400, 18)]
    assert adopt_leaf_columns(known, [(390, 410)], body, 500) == (known, [(390, 410)])


def test_a_rule_between_two_touching_labels_keeps_them_two_cells() -> None:
    # "AREA PERUBAHAAN" fills its cell and runs up to "KEGIATAN UTAMA" across the column rule
    # (a spreadsheet's header, 7700-038): without the rule they read as one kegiatan cell
    from rencana.extract.table.labels import header_cells
    from rencana.extract.table.settings import TableSettings
    from rencana.extract.text.geometry import VLine
    from rencana.schema.records import Word

    def line(source: str) -> list[Word]:
        spans = [("AREA", 50, 80), ("PERUBAHAAN", 82, 179), ("KEGIATAN", 181, 240), ("UTAMA", 242, 280)]
        return [Word(3, x0, 180, x1, 190, text, source) for text, x0, x1 in spans]  # type: ignore[arg-type]

    rule = [VLine(180.0, 165.0, 230.0)]
    texts = lambda cells: sorted(" ".join(w.text for w in c) for c in cells)  # noqa: E731
    s = TableSettings()
    assert texts(header_cells(line("text"), 10.0, [], s, rule)) == ["AREA PERUBAHAAN", "KEGIATAN UTAMA"]
    assert texts(header_cells(line("text"), 10.0, [], s)) == ["AREA PERUBAHAAN KEGIATAN UTAMA"]
    # on a scan a streak may pass between two words of one label: the rule does not split there
    assert texts(header_cells(line("ocr"), 10.0, [], s, rule)) == ["AREA PERUBAHAAN KEGIATAN UTAMA"]


def test_a_scans_shifted_rules_still_continue_the_table_and_another_tables_do_not() -> None:
    from rencana.extract.table.columns import rules_on_bounds
    from rencana.extract.text.geometry import VLine

    bounds = [20.0, 60.0, 160.0, 300.0, 450.0, *(470.0 + 20 * k for k in range(12))]
    shifted = [VLine(x + 5.0, 100.0, 500.0) for x in bounds[1:-1]] + [VLine(333.0, 100.0, 500.0)]  # a streak
    other = [VLine(x, 100.0, 500.0) for x in (45.0, 250.0, 380.0)]  # a Tim RB list: No | Nama | Jabatan
    assert not rules_on_bounds(shifted, bounds, 120.0, 480.0)  # a text page: every rule within 3 pt
    assert rules_on_bounds(shifted, bounds, 120.0, 480.0, 8.0, 0.7)
    assert not rules_on_bounds(other, bounds, 120.0, 480.0, 8.0, 0.7)
    faint = [VLine(x + 2.0, 100.0, 500.0) for x in (60.0, 300.0, 530.0)]  # a photocopy: most rules lost
    assert rules_on_bounds(faint, bounds, 120.0, 480.0, 8.0, 0.7)


def test_a_column_number_rows_tail_is_no_month_line() -> None:
    from rencana.extract.table.settings import TableSettings
    from rencana.extract.table.timegrid import month_line
    from rencana.schema.records import Word

    def line(numbers: range, source: str) -> list[Word]:
        return [Word(3, 400.0 + 25 * n, 300.0, 408.0 + 25 * n, 308.0, str(n), source) for n in numbers]  # type: ignore[arg-type]

    s = TableSettings()
    # "3" under an indikator label rencana did not know, "4…7" under TW I-IV, "8" under an extra column
    assert month_line(line(range(3, 9), "text"), 8.0, s) is None
    assert month_line(line(range(1, 13), "text"), 8.0, s) is not None
    # a scan may lose the first two digits of a month line: from 3 it is still one
    grid = month_line(line(range(3, 13), "ocr"), 8.0, s)
    assert grid is not None and min(grid.centres) == 3


def test_a_lettered_heading_alone_in_the_first_column_is_a_section() -> None:
    from rencana.extract.table.sections import lone_heading
    from rencana.schema.records import Word

    def cell(text: str) -> list[Word]:
        return [Word(3, 50.0 + 40 * i, 200.0, 85.0 + 40 * i, 208.0, t) for i, t in enumerate(text.split())]

    empty: list[Word] = []
    heading = [cell("A. MANAJEMEN PERUBAHAN"), empty, empty]
    assert lone_heading(heading, ("",) * 12, True, 8.0) == "A. MANAJEMEN PERUBAHAN"
    assert lone_heading(heading, ("",) * 12, False, 8.0) == ""  # an Area column holds the areas
    assert lone_heading([cell("1. Pembentukan Tim RB"), empty, empty], ("",) * 12, True, 8.0) == ""
    blank = ("",) * 12
    assert lone_heading([cell("A. MANAJEMEN PERUBAHAN"), cell("1. Rapat"), empty], blank, True, 8.0) == ""
    assert lone_heading(heading, ("V", *("",) * 11), True, 8.0) == ""  # a marked row is a plan row
