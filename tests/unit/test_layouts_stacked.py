"""A time label printed a few letters a line in a narrow cell (issue 11, fifth round): the semester
grid of a portrait page gets a cell a word's width, and "WAKTU PELAKSANAAN" or "TAHUN 2022" over
"I II" is broken between letters.  8600-034 and 9000-018 gave `no_table` in canvas and Word."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from forms import TEMPLATE_FORM, read_form  # tests/fixtures (on sys.path: tests/conftest.py)

from rencana.corpus.layout_fuzz import TableForm
from rencana.extract.table.settings import TableSettings
from rencana.extract.table.stacked import join_stacked
from rencana.extract.text.geometry import HLine
from rencana.schema.records import Word

FORM = dataclasses.replace(
    TEMPLATE_FORM,
    columns=(
        ("no", "NO."),
        ("area", "AREA RB"),
        ("keg", "STRATEGI"),
        ("sub", "URAIAN"),
        ("x", "PIC"),
        ("ind", "HASIL / OUTPUT"),
    ),
    grid="semester",
    period_labels=("I", "II"),
    top_label="WAKTU PELAKSANAAN",
    column_numbers=True,
    mark="gantt",
    fill_rgb=(0.0, 0.44, 0.75),
    portrait=True,
)


# 9000-018's labels: an unknown time label over the semesters, a sub-kegiatan named by its label
YEAR = dataclasses.replace(
    FORM,
    columns=(
        ("area", "AREA PERUBAHAN"),
        ("keg", "PROGRAM KERJA"),
        ("sub", "SUB-KEGIATAN"),
        ("ind", "UKURAN KEBERHASILAN"),
    ),
    top_label="TAHUN 2022",
    column_numbers=False,
    mark="•",
)


# the two decrees' page, type and cell sizes
LOOKS: dict[str, dict[str, object]] = {
    "8600-034": {"paper": "F4", "font": "DejaVuSerif", "font_size": 7.0, "month_col_mm": 7.0},
    "9000-018": {
        "paper": "A4",
        "font": "LiberationSerif",
        "font_size": 7.5,
        "month_col_mm": 7.9,
        "margin_mm": 15.0,
        "leading": 1.29,
        "cell_pad_pt": 3.7,
    },
}


@pytest.mark.parametrize(
    ("form", "look"),
    [(FORM, LOOKS["8600-034"]), (YEAR, LOOKS["9000-018"])],
    ids=["waktu-pelaksanaan", "tahun"],
)
def test_a_time_label_broken_letter_by_letter_over_semesters_is_read(
    tmp_path: Path, form: TableForm, look: dict[str, object]
) -> None:
    truth, doc = read_form(tmp_path, form, ruling="horizontal", **look)
    plan = [r for r in doc.rows if not r.section]
    assert [tuple(m + 1 for m, mark in enumerate(r.marks) if mark) for r in plan] == truth
    assert {r.grid_unit for r in plan} == {"semester"}


def _stack(texts: list[str], x: float = 500.0, top: float = 100.0, pitch: float = 9.0) -> list[Word]:
    return [
        Word(1, x - 2.5 * len(t), top + pitch * i, x + 2.5 * len(t), top + pitch * i + 7, t)
        for i, t in enumerate(texts)
    ]


def test_stacked_pieces_join_into_label_words() -> None:
    """The pieces part where the label's words do; a stack of no label is one word; the periods
    side by side under the stack and a column of marks or numbers stay as they were."""
    s = TableSettings()
    label = _stack(["W", "AK", "TU", "PE", "LA", "KS", "A", "N", "AA", "N"])
    periods = [Word(1, 494, 190, 497, 197, "I"), Word(1, 502, 190, 508, 197, "II")]
    words = join_stacked([*label, *periods], s)
    assert sorted(w.text for w in words) == ["I", "II", "PELAKSANAAN", "WAKTU"]
    periods = [Word(1, 494, 127, 497, 134, "I"), Word(1, 502, 127, 508, 134, "II")]
    year = join_stacked([*_stack(["TAH", "UN", "2022"]), *periods], s)
    assert sorted(w.text for w in year) == ["I", "II", "TAHUN2022"]
    marks = [*_stack(["V", "V", "V", "V"]), *_stack(["1", "2", "3", "4"], x=40)]
    assert join_stacked(marks, s) == marks
    # a two-tier header's tiers, one under another with rules between (8600-022: "TW" / "Peb" /
    # "6" / "V" had become one word and the months a quarter grid)
    tiers = _stack(["TW", "PEB", "6", "V"], pitch=11.0)
    rules = [HLine(100 + 11.0 * i - 1.5, 480, 520) for i in (1, 2, 3)]
    assert join_stacked(tiers, s, rules) == tiers
    mixed = _stack(["Tw", "Peb", "6", "V"], pitch=11.0)
    assert join_stacked(mixed, s) == mixed  # small letters: no label broken in capitals
