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

    ``docs`` keeps every selected file that is a plan or could not be read in full
    (failed and partial ones too, for the list of problem files); ``set_aside`` the other
    copies of a decree (``duplicate_of``) and the replaced decrees (``superseded_by``), with
    ``kept_label`` = the label of the plan that stands.  ``focus_year`` is the plan year of
    the summary, coverage, schedule and plan cards; ``history`` holds all years of the
    selected province, for the year-on-year view.  ``province_code`` is the 2-digit code
    of the selected province (for its roster of satkers).
    """

    docs: pd.DataFrame
    rows: pd.DataFrame
    corrections: pd.DataFrame
    history_docs: pd.DataFrame
    history_rows: pd.DataFrame
    out_dir: Path
    province: str | None = None
    focus_year: int | None = None
    set_aside: pd.DataFrame | None = None
    province_code: str | None = None
    province_name: str | None = None

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
    for column in ("duplicate_of", "superseded_by", "source_files"):
        if column not in docs.columns:  # an output written before these columns
            docs[column] = None
    aside = docs["duplicate_of"].notna() | docs["superseded_by"].notna()
    set_aside = _with_labels(docs[aside])
    docs = _with_labels(docs[~aside])
    label = docs.set_index("doc_id")["label"]
    set_aside = set_aside.assign(
        kept=lambda f: f["duplicate_of"].fillna(f["superseded_by"]),
        kept_label=lambda f: f["kept"].map(label),
    )
    docs = docs.reset_index(drop=True)
    rows = rows[rows["doc_id"].isin(docs["doc_id"])].reset_index(drop=True)
    return CompareData(
        docs, rows, corrections, docs, rows, out_dir, set_aside=set_aside.reset_index(drop=True)
    )


def _province_code(docs: pd.DataFrame) -> pd.Series:
    return docs["region_code"].map(lambda c: str(c)[:2] if isinstance(c, str) and c else None)


def _with_labels(docs: pd.DataFrame) -> pd.DataFrame:
    """Add ``province_code`` and a display ``label`` per decree ("KPU Kota Batu 2023")."""
    docs = docs.copy()
    docs["province_code"] = _province_code(docs)
    if docs.empty:
        docs["label"] = pd.Series([], dtype=object)
        return docs
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
    aside = data.set_aside if data.set_aside is not None else docs.iloc[0:0]
    code = name = None
    if province:
        wanted = province.strip()
        if wanted.isdigit():
            mask = docs["province_code"].eq(wanted.zfill(2))
        else:
            mask = docs["province"].fillna("").str.casefold().eq(wanted.casefold())
        if not mask.any():
            raise NoDocumentsError(f"no decree of province {province!r} in {data.out_dir}")
        code = str(docs.loc[mask, "province_code"].mode().iloc[0])
        name = str(docs.loc[mask, "province"].mode().iloc[0])
        # a file whose satker could not be read (a failed file) belongs to no province: every report lists it
        docs = docs[mask | docs["province_code"].isna()]
        aside = aside[aside["province_code"].eq(code)]
    years = sorted(int(y) for y in docs["plan_year"].dropna().unique())
    if year is not None and year not in years:
        raise NoDocumentsError(
            f"no decree for plan year {year} in the selection (years present: "
            f"{', '.join(map(str, years)) or 'none'})"
        )
    focus = year if year is not None else (years[-1] if years else None)
    history_rows = data.history_rows[data.history_rows["doc_id"].isin(docs["doc_id"])]
    focus_docs = docs[docs["plan_year"].isna() | docs["plan_year"].eq(focus)] if focus else docs
    if focus:
        aside = aside[aside["plan_year"].eq(focus)]
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
        set_aside=aside.reset_index(drop=True),
        province_code=code,
        province_name=name,
    )


def load(out_dir: Path | str, province: str | None = None, year: int | None = None) -> CompareData:
    """Read ``out_dir`` and select: the one call a notebook needs."""
    return select(read_output(Path(out_dir)), province, year)
