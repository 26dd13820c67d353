"""Merge a run's results into the output tables: one row per content, the output mirrors the inputs.

* ``documents`` has one row per distinct content (``doc_id`` unique); ``source_files`` lists
  every name the content was given under in this run, ``source_file`` is the first of them;
* a file no longer given to the run is dropped from every table (its result stays in the
  ledger, so giving it back costs nothing); ``keep_missing`` keeps the rows of names not given;
* copies and revisions are decided again over the whole output (:mod:`rencana.pipeline.plans`);
* nothing is written when the tables would not change (a re-run touches nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from rencana.pipeline import plans
from rencana.pipeline.ledger import conform, issue_row, ledger_key
from rencana.schema import io

log = logging.getLogger(__name__)

UNREADABLE = ""  # the doc_id of an input that could not even be read (no content hash)


@dataclass(slots=True)
class Done:
    """A result ready to merge: one input path and its tables."""

    source_file: str
    doc_id: str
    key: str
    tables: dict[str, pa.Table]
    status: str
    reason: str | None
    error: str | None
    pages: int
    rows: int
    peak_rss_mb: float = 0.0


def _concat(tables: Sequence[pa.Table], name: str) -> pa.Table:
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return io.empty_table(name)
    return pa.concat_tables([conform(t, name) for t in tables])


def _names_of(row: Mapping[str, Any]) -> list[str]:
    return list(row.get("source_files") or [row["source_file"]])


def _doc_rows(
    done: Sequence[Done], old: pa.Table, names: Mapping[str, str], keep_missing: bool
) -> tuple[list[dict[str, Any]], set[str]]:
    """The documents rows (one per content, its current names) and the doc_ids processed now."""
    fresh: dict[str, dict[str, Any]] = {}
    unreadable: dict[str, dict[str, Any]] = {}
    for d in done:
        row = d.tables["documents"].to_pylist()[0]
        if d.doc_id == UNREADABLE:
            unreadable[d.source_file] = row
        else:
            fresh.setdefault(d.doc_id, row)
    previous: dict[str, dict[str, Any]] = {}
    current = dict(names)
    for row in old.to_pylist():
        if row["doc_id"] == UNREADABLE:
            continue
        previous.setdefault(row["doc_id"], row)
        if keep_missing:  # names not given this run stay with their old content
            for name in _names_of(row):
                current.setdefault(name, row["doc_id"])
    by_id: dict[str, list[str]] = {}
    for name, doc_id in current.items():
        if doc_id != UNREADABLE:
            by_id.setdefault(doc_id, []).append(name)
    out = []
    for doc_id, sources in sorted(by_id.items()):
        base = fresh.get(doc_id) or previous.get(doc_id)
        if base is None:  # no result for this content (cannot happen: skipped means it was there)
            log.warning("no result for %s (%s): left out", doc_id, sources[0])
            continue
        sources.sort()
        out.append({**base, "source_file": sources[0], "source_files": sources})
    out.extend({**row, "source_files": [src]} for src, row in sorted(unreadable.items()))
    return out, set(fresh)


def _child_tables(
    done: Sequence[Done], out_dir: Any, new_ids: set[str], referenced: set[str]
) -> dict[str, pa.Table]:
    """plan_rows, corrections, issues: the fresh results' rows, the previous rows of the others."""
    first_of: dict[str, Done] = {}
    for d in done:
        if d.doc_id != UNREADABLE:
            first_of.setdefault(d.doc_id, d)
    ref = pa.array(sorted(referenced), pa.string())
    drop = pa.array(sorted(new_ids), pa.string())
    tables = {}
    for name in ("plan_rows", "corrections", "issues"):
        previous = io.read_table(name, out_dir)
        if previous.num_rows:
            previous = previous.filter(pc.invert(pc.is_in(previous["doc_id"], value_set=drop)))
        unread = [d.tables[name] for d in done if d.doc_id == UNREADABLE]
        merged = _concat([previous, *[first_of[i].tables[name] for i in sorted(first_of)], *unread], name)
        if merged.num_rows:
            keep = pc.or_(pc.is_in(merged["doc_id"], value_set=ref), pc.equal(merged["doc_id"], UNREADABLE))
            merged = merged.filter(keep)
        tables[name] = merged
    return tables


def _with_plans(docs: list[dict[str, Any]], tables: dict[str, pa.Table]) -> None:
    """Set duplicate_of / superseded_by and their findings (the previous merge's ones dropped)."""
    issues = tables["issues"]
    derived = pa.array([c.value for c in plans.DERIVED], pa.string())
    if issues.num_rows:
        issues = issues.filter(pc.invert(pc.is_in(issues["code"], value_set=derived)))
    decision = plans.decide(plans.copies(docs, tables["plan_rows"], issues))
    found = plans.derived_issues(decision)
    for row in docs:
        doc_id = row["doc_id"]
        row["duplicate_of"] = decision.duplicate_of.get(doc_id)
        row["superseded_by"] = decision.superseded_by.get(doc_id)
        row["flags"] = plans.refolded_flags(row.get("flags"), found.get(doc_id))
    extra = [issue_row(doc_id, issue) for doc_id, issue in sorted(found.items())]
    tables["issues"] = _concat([issues, io.to_arrow("issues", extra)], "issues")


def merged_tables(
    done: Sequence[Done], out_dir: Any, names: Mapping[str, str], keep_missing: bool = False
) -> dict[str, pa.Table]:
    """The four output tables after this run (sorted), from ``done`` and the tables in ``out_dir``.

    ``names``: every input of the run, path -> doc_id (``UNREADABLE`` for a file that
    could not be read).
    """
    docs, new_ids = _doc_rows(done, io.read_table("documents", out_dir), names, keep_missing)
    tables = _child_tables(done, out_dir, new_ids, {r["doc_id"] for r in docs})
    _with_plans(docs, tables)
    tables["documents"] = io.to_arrow("documents", docs)
    return {name: _sorted(t, name).combine_chunks() for name, t in tables.items()}


def write_results(
    done: Sequence[Done], out_dir: Any, names: Mapping[str, str], keep_missing: bool = False
) -> bool:
    """Write the merged tables atomically per table (documents last); False when nothing changed."""
    tables = merged_tables(done, out_dir, names, keep_missing)
    exists = all(io.table_path(out_dir, n).exists() for n in tables)
    if exists and all(tables[n].equals(io.read_table(n, out_dir)) for n in tables):
        return False
    # documents last: it is what a re-run trusts to skip files
    for name in ("plan_rows", "corrections", "issues", "documents"):
        io.write_table(tables[name], name, out_dir)
    log.info("wrote %s", ", ".join(f"{n}={t.num_rows}" for n, t in tables.items()))
    return True


def stale_keys(old: pa.Table, new: pa.Table) -> set[str]:
    """Ledger keys of contents still in the output but now made by another key (new rencana,
    vocabulary or settings).  Contents dropped from the output keep their entries (cached)."""

    def keys(table: pa.Table) -> dict[str, str]:
        cols = table.select(["doc_id", "vocabulary_version", "settings_id"]).to_pydict().values()
        return {d: ledger_key(d, v, s) for d, v, s in zip(*cols, strict=True) if d}

    before, after = keys(old), keys(new)
    return {k for d, k in before.items() if d in after and after[d] != k}


_SORT_KEYS = {
    "documents": [("source_file", "ascending")],
    "plan_rows": [("doc_id", "ascending"), ("row_no", "ascending")],
    "corrections": [("doc_id", "ascending"), ("row_no", "ascending")],
    # a stable sort: each document's issues stay in the order found (the order of its flags)
    "issues": [("doc_id", "ascending")],
}


def _sorted(table: pa.Table, name: str) -> pa.Table:
    return table.sort_by(_SORT_KEYS[name])
