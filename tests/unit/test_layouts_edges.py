"""Layout edges found on a fresh fuzzed seed (9100): a Gantt bar running past the grid's edge, a
column after a time grid recognised by its shape, and full month names in wide columns over small
type — drawn by the layout fuzzer's canvas table and read back from real PDFs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from forms import TEMPLATE_FORM, read_form  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.pipeline.model import RunSettings
from rencana.pipeline.work import process_file
from rencana.schema.issues import IssueCode

MONTH_NAMES = ("JANUARI", "PEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI", "AGUSTUS", "SEPTEMBER",
               "OKTOBER", "NOPEMBER", "DESEMBER")  # fmt: skip


def test_a_gantt_bar_running_a_little_past_the_grid_is_still_the_plan(tmp_path: Path) -> None:
    """9100-039: bars of the second semester ran 5 pt into Unit Kerja and were dropped as shading."""
    form = dataclasses.replace(
        TEMPLATE_FORM,
        after=(("x", "UNIT KERJA"),),
        grid="semester",
        period_labels=("I", "II"),
        top_label="TAHUN 2024",
        mark="gantt",
    )
    truth, doc = read_form(tmp_path, form, ruling="horizontal", font_size=8.5)
    assert any(12 in months for months in truth)  # the bars that reach the grid's edge are tested
    assert [tuple(m for m in range(1, 13) if r.marks[m - 1]) for r in doc.rows] == truth


def test_a_column_after_a_grid_read_by_its_shape_keeps_december_apart(tmp_path: Path) -> None:
    """9100-044: DATA DUKUNG after a JADWAL grid whose labels rencana does not know; without it
    as a column December's cell ran to the table's edge and its fills were too small a share."""
    form = dataclasses.replace(
        TEMPLATE_FORM,
        columns=(
            ("area", "AREA"),
            ("keg", "PROGRAM"),
            ("sub", "LANGKAH KERJA"),
            ("ind", "KRITERIA KEBERHASILAN"),
        ),
        after=(("x", "DATA DUKUNG"),),
        period_labels=tuple(f"{m:02d}" for m in range(1, 13)),
        middle=("Semester I", "Semester II"),
        top_label="JADWAL",
        mark="fill",
        fill_rgb=(0.75, 0.75, 0.75),
    )
    truth, doc = read_form(tmp_path, form, ruling="horizontal", font_size=7.0)
    assert any(12 in months for months in truth)
    assert [tuple(m for m in range(1, 13) if r.marks[m - 1]) for r in doc.rows if not r.section] == truth


def test_full_month_names_in_wide_columns_over_small_type_make_a_time_grid(tmp_path: Path) -> None:
    """9100-063: JANUARI … DESEMBER in 43 pt columns over 7 pt type, under labels naming no
    kegiatan (PROGRAM KERJA, RENCANA AKSI): the grid is found by its shape, not `no_table`."""
    form = dataclasses.replace(
        TEMPLATE_FORM,
        columns=(
            ("no", "NO"),
            ("area", "Area Perubahan"),
            ("keg", "PROGRAM KERJA"),
            ("sub", "RENCANA AKSI"),
            ("x", "TARGET"),
            ("ind", "INDIKATOR KEBERHASILAN"),
        ),
        period_labels=MONTH_NAMES,
        mark="fill",
    )
    truth, doc = read_form(tmp_path, form, font_size=7.0, margin_mm=12.7, month_col_mm=6.3, no_col_mm=8.4)
    assert [tuple(m for m in range(1, 13) if r.marks[m - 1]) for r in doc.rows if not r.section] == truth


def test_a_nomor_column_crossed_by_section_rows_is_the_no_column(tmp_path: Path) -> None:
    """9100-015: NOMOR | STRATEGI | LANGKAH-LANGKAH | … under a grid read by its shape, with area
    headings printed across the table ("A. Manajemen Perubahan"): the headings' words in the No
    column's body made it an unknown column (the Word copy then took it for the Area)."""
    form = dataclasses.replace(
        TEMPLATE_FORM,
        columns=(
            ("no", "NOMOR"),
            ("keg", "STRATEGI"),
            ("sub", "LANGKAH-LANGKAH"),
            ("x", "DATA DUKUNG"),
            ("ind", "TARGET CAPAIAN"),
        ),
        after=(("x", "TARGET"),),
        middle=("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"),
        top_label="BULAN PELAKSANAAN TAHUN 2023",
        sections="letter_title",
        mark="gantt",
    )
    truth, doc = read_form(tmp_path, form)
    plan = [r for r in doc.rows if not r.section]
    assert [r.no for r in plan if r.no] == sorted({r.no for r in plan if r.no}, key=int)
    assert len([r for r in plan if r.no]) >= 2  # the kegiatan numbers read in the No column
    assert [tuple(m for m in range(1, 13) if r.marks[m - 1]) for r in plan] == truth


def test_a_table_read_without_its_sub_kegiatan_column_is_partial(tmp_path: Path) -> None:
    """A plan table with no sub-kegiatan column (No | AREA | KEGIATAN | INDIKATOR): the file is
    `partial`, the missing column named, not `ok` with kegiatan read as plan rows.  (9200-028,
    where this first showed, is now read whole: tests/unit/test_layouts_hierarchy.py.)"""
    form = dataclasses.replace(
        TEMPLATE_FORM,
        columns=(
            ("no", "No"),
            ("area", "AREA PERUBAHAN"),
            ("keg", "KEGIATAN"),
            ("ind", "INDIKATOR KEBERHASILAN"),
        ),
    )
    _, doc = read_form(tmp_path, form)
    assert [i.detail for i in doc.issues if i.code is IssueCode.MISSING_COLUMN] == ["sub_kegiatan"]
    result = process_file(tmp_path / "decree.pdf", RunSettings())
    assert result.status == "partial"
    assert "no sub-kegiatan column" in str(result.document.error)
