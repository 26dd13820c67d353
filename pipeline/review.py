"""The review loop: uncertain vocabulary decisions out to a sheet, the analyst's answers back in.

``build_review(OUT)`` gathers from ``corrections.parquet`` every label (kegiatan / sub-kegiatan
name) and word whose decision ``needs_review`` (or, with ``include_all``, every vocabulary
decision), one line per distinct text: what was printed, what the output has now, the best
suggestion and the alternatives, how often and where it occurs, and the cell it came from.
``write_review`` writes it as ``review.xlsx`` (decision column with a drop-down) and its CSV twin;
every text cell is neutralised against formula injection (``schema/safe_text.py``).

The analyst fills ``decision`` with ``accept`` (take the suggestion), ``reject`` (the printed
text is right: keep it as printed, do not ask again) or ``replace`` (use ``replace_with``: a
canonical id such as ``PWS.01.02``, a corrected name, or a corrected word).
``apply_review(SHEET)`` stores those decisions in ``manual_overrides.csv`` of the vocabulary
(one row per text; a later decision on the same text replaces the earlier one), validated before
the file is replaced.  The vocabulary version changes with the file, so the next
``rencana extract`` redoes every document and human decisions win over fuzzy ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from rencana.normalise.match import label_key
from rencana.normalise.vocabulary import (
    ID_RE,
    OVERRIDE_COLUMNS,
    OVERRIDES,
    Vocabulary,
    VocabularyError,
    load_vocabulary,
    override_key,
    read_overrides,
    vocabulary_dir,
)
from rencana.schema.safe_text import QUOTE, is_risky, neutralise_row, set_xlsx_text
from rencana.show.names import row_picture

log = logging.getLogger(__name__)

SHEET = "review"
COLUMNS = (
    "item",
    "kind",
    "field",
    "raw",
    "current",
    "suggestion",
    "suggestion_text",
    "alternatives",
    "score",
    "method",
    "occurrences",
    "documents",
    "example_file",
    "example_row",
    "example_picture",
    "context",
    "decision",
    "replace_with",
    "note",
)
DECISIONS = ("accept", "reject", "replace")
_RAW_FIELD = {"kegiatan": "kegiatan_raw", "sub_kegiatan": "sub_kegiatan_raw", "indikator": "indikator_raw"}


class ReviewError(ValueError):
    """The sheet cannot be applied; the message names the sheet row."""


@dataclass(frozen=True, slots=True)
class ApplySummary:
    accepted: int
    rejected: int
    replaced: int
    skipped: int  # rows without a decision
    overrides: Path


# ---------------------------------------------------------------- build
def _key(level: str, text: str) -> str:
    return label_key(text) if level == "label" else override_key("word", text)


def build_review(out_dir: Path, include_all: bool = False, vocab: Vocabulary | None = None) -> pd.DataFrame:
    """One row per distinct uncertain label or word in ``out_dir`` (see the module docstring)."""
    vocab = vocab or load_vocabulary()
    names = {i: e.canonical for i, e in vocab.by_id().items()}
    corr = pd.read_parquet(out_dir / "corrections.parquet")
    if "level" not in corr.columns:
        return pd.DataFrame(columns=list(COLUMNS))
    corr = corr[corr["level"].isin(["label", "word"])]
    if not include_all:
        corr = corr[corr["needs_review"].fillna(False).astype(bool)]
    if corr.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    docs = pd.read_parquet(out_dir / "documents.parquet", columns=["doc_id", "source_file"])
    rows = pd.read_parquet(out_dir / "plan_rows.parquet", columns=["doc_id", "row_no", *_RAW_FIELD.values()])
    corr = corr.merge(docs, on="doc_id", how="left").merge(rows, on=["doc_id", "row_no"], how="left")
    corr["key"] = [_key(lv, r) for lv, r in zip(corr["level"], corr["raw"], strict=True)]
    corr["group_field"] = corr["field"].where(corr["level"] == "label", "*")
    out: list[dict[str, Any]] = []
    for (level, fld, key), g in corr.groupby(["level", "group_field", "key"], sort=True):
        first = g.iloc[0]
        suggestions = [s for s in (first["suggestions"] if first["suggestions"] is not None else []) if s]
        if level == "label":
            best = first["canonical_id"] or (suggestions[0] if suggestions else "")
            text = " + ".join(names.get(p, "") for p in str(best).split("+")) if best else ""
        else:
            best = (
                first["corrected"]
                if first["corrected"] != first["raw"]
                else (suggestions[0] if suggestions else "")
            )
            text = best
        context = first.get(_RAW_FIELD.get(str(first["field"]), ""), "")
        out.append(
            {
                "item": hashlib.sha1(f"{level}|{fld}|{key}".encode()).hexdigest()[:10],
                "kind": level,
                "field": fld,
                "raw": first["raw"],
                "current": first["corrected"],
                "suggestion": best or "",
                "suggestion_text": text or "",
                "alternatives": ", ".join(s for s in suggestions if s != best),
                "score": round(float(g["score"].min()), 1),
                "method": first["method"],
                "occurrences": len(g),
                "documents": g["doc_id"].nunique(),
                "example_file": Path(str(first["source_file"])).name,
                "example_row": int(first["row_no"]) if pd.notna(first["row_no"]) else None,
                # the row drawn on its page, beside the sheet (issue 15: rencana show OUT --doc --row)
                "example_picture": row_picture(first["doc_id"], first["row_no"])
                if pd.notna(first["row_no"])
                else "",
                "context": context if isinstance(context, str) else "",
                "decision": "",
                "replace_with": "",
                "note": "",
            }
        )
    frame = pd.DataFrame(out, columns=list(COLUMNS))
    return frame.sort_values(["kind", "occurrences"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def holds_decisions(path: Path) -> bool:
    """True when ``path`` is a review sheet with at least one decision filled in."""
    if not path.exists():
        return False
    try:
        rows = read_sheet(path)
    except (ReviewError, OSError, ValueError, KeyError):
        return True  # not ours to judge: never overwrite what we cannot read
    return any(r.get("decision", "").strip() for r in rows)


def free_names(out_dir: Path) -> tuple[Path, Path]:
    """``review.xlsx`` / ``review.csv``, or ``review-2``, ``review-3``... when a sheet holds decisions."""
    n = 1
    while True:
        stem = "review" if n == 1 else f"review-{n}"
        xlsx, csv_path = out_dir / f"{stem}.xlsx", out_dir / f"{stem}.csv"
        if not holds_decisions(xlsx) and not holds_decisions(csv_path):
            return xlsx, csv_path
        n += 1


def write_review(frame: pd.DataFrame, out_dir: Path) -> tuple[Path, Path]:
    """``review.xlsx`` and ``review.csv`` in ``out_dir`` (text neutralised against formulas).

    A sheet already holding decisions is never overwritten: the new one is ``review-2.xlsx``...
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    xlsx, csv_path = free_names(out_dir)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for c, name in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=c)
        cell.value = name
        cell.font = Font(bold=True)
    for r, record in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(record, start=1):
            set_xlsx_text(ws.cell(row=r, column=c), None if _missing(value) else value)
        picture = ws.cell(row=r, column=COLUMNS.index("example_picture") + 1)
        if isinstance(picture.value, str) and picture.value.startswith("show/"):
            picture.hyperlink = picture.value  # relative to the sheet: rencana show writes it there
    decision_col = COLUMNS.index("decision") + 1
    letter = ws.cell(row=1, column=decision_col).column_letter
    dv = DataValidation(type="list", formula1='"accept,reject,replace"', allow_blank=True)
    dv.add(f"{letter}2:{letter}{max(2, len(frame) + 1)}")
    ws.add_data_validation(dv)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for col in ("decision", "replace_with", "note"):
        ws.cell(row=1, column=COLUMNS.index(col) + 1).fill = fill
    widths = {"raw": 40, "current": 40, "suggestion_text": 45, "context": 60, "alternatives": 24}
    for c, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = widths.get(name, 12)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "E2"
    xlsx.parent.mkdir(parents=True, exist_ok=True)
    wb.save(xlsx)
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for record in frame.itertuples(index=False):
            writer.writerow(neutralise_row("" if _missing(v) else v for v in record))
    return xlsx, csv_path


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# ---------------------------------------------------------------- apply
def _unquote(value: str) -> str:
    """Undo the CSV neutralisation: "'=x" -> "=x" (only where the quote was ours)."""
    if value.startswith(QUOTE) and is_risky(value[1:]):
        return value[1:]
    return value


def read_sheet(path: Path) -> list[dict[str, str]]:
    """The rows of a review sheet (XLSX or CSV), every value as text."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        values = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            values = [[_unquote(v) for v in row] for row in csv.reader(fh)]
    if not values:
        raise ReviewError(f"{path.name}: the sheet is empty")
    header = [h.strip() for h in values[0]]
    missing = [
        c for c in ("kind", "field", "raw", "suggestion", "decision", "replace_with") if c not in header
    ]
    if missing:
        raise ReviewError(f"{path.name}: not a review sheet (missing columns {missing})")
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in values[1:]]


def _decisions(path: Path, rows: list[dict[str, str]], vocab: Vocabulary) -> list[tuple[int, list[str]]]:
    """Override rows (with their sheet line) for every decided row; a ReviewError for a bad one."""
    ids = set(vocab.by_id())
    stamp = f"{dt.date.today().isoformat()} {path.name}"
    out: list[tuple[int, list[str]]] = []
    for line, row in enumerate(rows, start=2):
        decision = row.get("decision", "").strip().lower()
        if not decision:
            continue
        where = f"{path.name}, row {line}"
        if decision not in DECISIONS:
            raise ReviewError(f"{where}: decision must be accept, reject or replace, got {decision!r}")
        kind, fld, raw = row["kind"].strip(), row["field"].strip(), row["raw"].strip()
        if kind not in ("label", "word") or not raw:
            raise ReviewError(f"{where}: kind must be label or word and raw must be filled")
        if decision == "accept":
            value = row["suggestion"].strip()
            if not value:
                raise ReviewError(
                    f"{where}: accept needs a suggestion; use replace with replace_with instead"
                )
        elif decision == "replace":
            value = row["replace_with"].strip()
            if not value:
                raise ReviewError(f"{where}: replace needs replace_with")
        else:
            value = ""
        if kind == "label" and value and ID_RE.match(value) and value not in ids:
            raise ReviewError(
                f"{where}: unknown canonical id {value!r} (see schema/vocabulary/activities.yaml)"
            )
        if kind == "label" and "+" in value:
            raise ReviewError(
                f"{where}: {value!r} names two entries; a label override takes one id or a text"
            )
        out.append(
            (line, [kind, fld if kind == "label" else "*", raw, decision, value, row.get("note", ""), stamp])
        )
    return out


def apply_review(sheet: Path, directory: Path | None = None) -> ApplySummary:
    """Store the sheet's decisions in ``manual_overrides.csv`` of ``directory`` (see the docstring)."""
    directory = directory or vocabulary_dir()
    vocab = load_vocabulary(directory)
    rows = read_sheet(sheet)
    decided = _decisions(sheet, rows, vocab)
    path = directory / OVERRIDES
    existing: list[list[str]] = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            existing = [r for r in csv.reader(fh)][1:]
    index = {(r[0], r[1], override_key(r[0], r[2])): i for i, r in enumerate(existing) if len(r) >= 3}
    for _, new in decided:
        k = (new[0], new[1], override_key(new[0], new[2]))
        if k in index:
            existing[index[k]] = new
        else:
            index[k] = len(existing)
            existing.append(new)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(OVERRIDE_COLUMNS)
    writer.writerows(existing)
    fd, tmp = tempfile.mkstemp(prefix=".manual_overrides.", suffix=".csv", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
        known = frozenset(vocab.by_id())
        try:
            read_overrides(Path(tmp), known)
        except VocabularyError as exc:
            raise ReviewError(f"the decisions would make {OVERRIDES} invalid: {exc}") from exc
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    counts = {d: sum(1 for _, r in decided if r[3] == d) for d in DECISIONS}
    return ApplySummary(counts["accept"], counts["reject"], counts["replace"], len(rows) - len(decided), path)
