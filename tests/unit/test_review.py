"""The review sheet: untrusted text stays text, and a sheet's decisions become manual overrides."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from rencana.normalise.vocabulary import load_vocabulary, packaged_dir, read_overrides
from rencana.pipeline.review import COLUMNS, ReviewError, apply_review, read_sheet, write_review


def _frame(**overrides: object) -> pd.DataFrame:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        item="x1",
        kind="label",
        field="sub_kegiatan",
        raw="Pencanaan ZI",
        current="Pencanaan ZI",
        suggestion="PWS.01.01",
        score=80.0,
        occurrences=1,
        documents=1,
    )
    row.update(overrides)
    return pd.DataFrame([row], columns=list(COLUMNS))


@pytest.fixture()
def vocab_dir(tmp_path: Path) -> Path:
    target = tmp_path / "vocabulary"
    shutil.copytree(packaged_dir(), target)
    return target


def test_formula_like_text_is_neutralised_in_both_files(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://x","klik")'
    xlsx, csv_path = write_review(_frame(raw=evil, context="+1-2", current="@SUM(A1)"), tmp_path)
    ws = load_workbook(xlsx)["review"]
    header = [c.value for c in ws[1]]
    raw = ws.cell(row=2, column=header.index("raw") + 1)
    assert raw.value == evil and raw.data_type == "s" and raw.quotePrefix
    with csv_path.open(encoding="utf-8") as fh:
        rec = next(iter(csv.DictReader(fh)))
    assert rec["raw"] == "'" + evil and rec["context"] == "'+1-2" and rec["current"] == "'@SUM(A1)"
    # reading back undoes exactly the quote the writer added
    assert read_sheet(csv_path)[0]["raw"] == evil
    assert read_sheet(xlsx)[0]["raw"] == evil


def test_apply_stores_decisions_and_a_later_one_wins(tmp_path: Path, vocab_dir: Path) -> None:
    frame = pd.concat(
        [
            _frame(decision="accept"),
            _frame(
                item="x2",
                kind="word",
                field="*",
                raw="Pencanaan",
                suggestion="pencanangan",
                decision="reject",
            ),
            _frame(
                item="x3", raw="Kegiatan baru", suggestion="", decision="replace", replace_with="PWS.01.03"
            ),
            _frame(item="x4", raw="Tanpa keputusan"),
        ]
    )
    xlsx, _ = write_review(frame, tmp_path)
    summary = apply_review(xlsx, vocab_dir)
    assert (summary.accepted, summary.rejected, summary.replaced, summary.skipped) == (1, 1, 1, 1)
    got = {(o.kind, o.raw): (o.decision, o.value) for o in load_vocabulary(vocab_dir).overrides}
    assert got == {
        ("label", "Pencanaan ZI"): ("accept", "PWS.01.01"),
        ("word", "Pencanaan"): ("reject", ""),
        ("label", "Kegiatan baru"): ("replace", "PWS.01.03"),
    }
    # the first sheet holds decisions: the new one is written beside it, never over it
    _, second = write_review(_frame(decision="replace", replace_with="PWS.01.02"), tmp_path)
    assert second.name == "review-2.csv" and xlsx.exists()
    apply_review(second, vocab_dir)
    overrides = read_overrides(vocab_dir / "manual_overrides.csv")
    assert [(o.raw, o.value) for o in overrides if o.kind == "label" and o.raw == "Pencanaan ZI"] == [
        ("Pencanaan ZI", "PWS.01.02")
    ]
    assert len(overrides) == 3


@pytest.mark.parametrize(
    ("decision", "replace_with", "message"),
    [
        ("maybe", "", r"review\.csv, row 2: decision must be accept, reject or replace, got 'maybe'"),
        ("replace", "", r"review\.csv, row 2: replace needs replace_with"),
        ("replace", "PWS.77", r"review\.csv, row 2: unknown canonical id 'PWS\.77'"),
    ],
)
def test_a_bad_decision_names_its_row_and_changes_nothing(
    tmp_path: Path, vocab_dir: Path, decision: str, replace_with: str, message: str
) -> None:
    before = (vocab_dir / "manual_overrides.csv").read_bytes()
    _, csv_path = write_review(_frame(decision=decision, replace_with=replace_with), tmp_path)
    with pytest.raises(ReviewError, match=message):
        apply_review(csv_path, vocab_dir)
    assert (vocab_dir / "manual_overrides.csv").read_bytes() == before
