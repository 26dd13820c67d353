"""Read an output directory (Parquet only) and select the decrees to compare."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

TABLES = ("documents", "plan_rows", "corrections")


class NoDocumentsError(ValueError):
    """The output directory, or the selection, holds no decree to compare."""


@dataclass(frozen=True, slots=True)
class CompareData:
    """The three tables of one output directory, possibly narrowed to a province and a year.

    ``docs`` keeps every selected decree (failed ones too, for the summary);
    ``focus_year`` is the plan year of the summary, coverage, schedule and plan
    cards; ``history`` holds all years of the selected province, for the
    year-on-year view.
    """

    docs: pd.DataFrame
    rows: pd.DataFrame
    corrections: pd.DataFrame
    history_docs: pd.DataFrame
    history_rows: pd.DataFrame
    out_dir: Path
    province: str | None = None
    focus_year: int | None = None

    @property
    def years(self) -> list[int]:
        """Plan years present in the province selection, ascending."""
        return sorted(int(y) for y in self.history_docs["plan_year"].dropna().unique())


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """One table as a DataFrame, every column it holds (empty frame when the file is absent)."""
    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists():
        if name == "corrections":
            return pd.DataFrame(columns=["doc_id", "row_no", "field", "needs_review"])
        raise FileNotFoundError(f"{path} not found: run `rencana extract … --out {out_dir}` first")
    frame: pd.DataFrame = pq.read_table(path).to_pandas()
    return frame


def tuples(frame: pd.DataFrame) -> Iterator[Any]:
    """``frame.itertuples(index=False)``, its rows typed loosely (cells of mixed types)."""
    yield from frame.itertuples(index=False)


def read_output(out_dir: Path) -> CompareData:
    """Every decree in ``out_dir``; no selection applied."""
    out_dir = Path(out_dir)
    docs = read_table(out_dir, "documents")
    rows = read_table(out_dir, "plan_rows")
    corrections = read_table(out_dir, "corrections")
    docs = _with_labels(docs)
    return CompareData(docs, rows, corrections, docs, rows, out_dir)


def _province_code(docs: pd.DataFrame) -> pd.Series:
    return docs["region_code"].map(lambda c: str(c)[:2] if isinstance(c, str) and c else None)


def _with_labels(docs: pd.DataFrame) -> pd.DataFrame:
    """Add ``province_code`` and a display ``label`` per decree ("KPU Kota Batu 2023")."""
    docs = docs.copy()
    docs["province_code"] = _province_code(docs)
    name = docs["satker"].where(docs["satker"].notna(), docs["source_file"].map(lambda s: Path(s).stem))
    year = docs["plan_year"].map(lambda y: "" if pd.isna(y) else f" {int(y)}")
    label = name.astype(str) + year
    dup = label.duplicated(keep=False)
    if dup.any():  # two decrees of one satker and year: tell them apart by number
        number = docs["decree_number"].fillna(docs["doc_id"].str[:8])
        label = label.where(~dup, label + " (" + number.astype(str) + ")")
    docs["label"] = label
    return docs


def select(data: CompareData, province: str | None = None, year: int | None = None) -> CompareData:
    """Narrow to a province (2-digit code such as ``35``, or its name) and a focus plan year.

    Without ``year`` the focus is the latest plan year present.  Decrees with
    no plan year (failed files) stay in the summary of any focus year.
    """
    docs = data.history_docs
    if province:
        wanted = province.strip()
        if wanted.isdigit():
            mask = docs["province_code"].eq(wanted.zfill(2))
        else:
            mask = docs["province"].fillna("").str.casefold().eq(wanted.casefold())
        docs = docs[mask]
        if docs.empty:
            raise NoDocumentsError(f"no decree of province {province!r} in {data.out_dir}")
    years = sorted(int(y) for y in docs["plan_year"].dropna().unique())
    if year is not None and year not in years:
        raise NoDocumentsError(
            f"no decree for plan year {year} in the selection (years present: "
            f"{', '.join(map(str, years)) or 'none'})"
        )
    focus = year if year is not None else (years[-1] if years else None)
    history_rows = data.history_rows[data.history_rows["doc_id"].isin(docs["doc_id"])]
    focus_docs = docs[docs["plan_year"].isna() | docs["plan_year"].eq(focus)] if focus else docs
    if focus_docs.empty:
        raise NoDocumentsError(f"no decree to compare in {data.out_dir}")
    ids = set(focus_docs["doc_id"])
    return replace(
        data,
        docs=focus_docs.reset_index(drop=True),
        rows=history_rows[history_rows["doc_id"].isin(ids)].reset_index(drop=True),
        corrections=data.corrections[data.corrections["doc_id"].isin(ids)].reset_index(drop=True),
        history_docs=docs.reset_index(drop=True),
        history_rows=history_rows.reset_index(drop=True),
        province=province,
        focus_year=focus,
    )


def load(out_dir: Path | str, province: str | None = None, year: int | None = None) -> CompareData:
    """Read ``out_dir`` and select: the one call a notebook needs."""
    return select(read_output(Path(out_dir)), province, year)
