"""A Hive-partitioned copy of the output, for collections of thousands of decrees.

The flat files (``documents.parquet``, ``plan_rows.parquet``,
``corrections.parquet``) stay the contract every component reads.  This module
derives ``DEST/<table>/year=YYYY/<table>.parquet`` from them, written by
the one Parquet writer (:func:`rencana.schema.io.write_table`, schema-cast,
atomic).  Each partition file records the sorted doc_ids it holds (a digest
in its metadata); a partition whose documents did not change is left
untouched, so adding next year's decrees writes one new partition.

The partition key is ``year`` (not ``plan_year``, a column of ``documents``: a key that is
also a column reads back with two types, and pandas refuses it), and files without a plan
year (failed ones) go to ``year=0`` (a null partition cannot be unified by pyarrow): so
``pandas.read_parquet(DEST/<table>)`` reads every table with one schema across partitions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from rencana.schema.io import read_table, write_table
from rencana.schema.tables import SCHEMA_VERSION, TABLES

log = logging.getLogger(__name__)

KEY = "year"
NO_YEAR = 0  # the partition of files without a plan year
DIGEST_KEY = "rencana.partition_digest"


@dataclass
class DatasetResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    partitions: list[str] = field(default_factory=list)


def _digest(name: str, stamps: list[str]) -> str:
    """Identity of a partition's content: table, schema version, each document's ledger stamp."""
    h = hashlib.sha256(f"{name}:{SCHEMA_VERSION}".encode())
    for stamp in sorted(stamps):
        h.update(stamp.encode())
    return h.hexdigest()


def _partition_name(year: int | None) -> str:
    return f"{KEY}={NO_YEAR if year is None else year}"


def _existing_digest(path: Path) -> str | None:
    if not path.exists():
        return None
    meta = pq.read_schema(path).metadata or {}
    value = meta.get(b"rencana.provenance")
    if not value:
        return None
    return str(json.loads(value).get(DIGEST_KEY, "")) or None


def write_dataset(out_dir: Path, dest: Path) -> DatasetResult:
    """Write (or bring up to date) the partitioned copy of ``out_dir`` in ``dest``."""
    out_dir, dest = Path(out_dir), Path(dest)
    if not (out_dir / "documents.parquet").exists():
        raise FileNotFoundError(f"{out_dir / 'documents.parquet'} not found: run `rencana extract` first")
    docs = read_table("documents", out_dir)
    years = docs.column("plan_year").to_pylist()
    ids = docs.column("doc_id").to_pylist()
    # a document's rows are a function of (doc_id, pipeline, vocabulary, settings): the ledger key
    # of rencana extract; re-extracting with any of them changed changes the partition too
    # (plus what the merge decides over the whole output: names, copies, replaced decrees)
    made_by = zip(
        docs.column("pipeline_version").to_pylist(),
        docs.column("vocabulary_version").to_pylist(),
        docs.column("settings_id").to_pylist(),
        docs.column("source_files").to_pylist(),
        docs.column("duplicate_of").to_pylist(),
        docs.column("superseded_by").to_pylist(),
        strict=True,
    )
    stamps = [f"{i}@" + "@".join(map(str, m)) for i, m in zip(ids, made_by, strict=True)]
    by_year: dict[int | None, list[tuple[str, str]]] = {}
    for doc_id, stamp, year in zip(ids, stamps, years, strict=True):
        by_year.setdefault(None if year is None else int(year), []).append((doc_id, stamp))
    order = sorted(by_year, key=lambda y: (y is None, y or 0))
    result = DatasetResult()
    for name in TABLES:
        table = docs if name == "documents" else read_table(name, out_dir)
        wanted = set()
        for year in order:
            part = dest / name / _partition_name(year)
            wanted.add(part.name)
            digest = _digest(name, [s for _, s in by_year[year]])
            if _existing_digest(part / f"{name}.parquet") == digest:
                result.unchanged += 1
                continue
            year_ids = pa.array([i for i, _ in by_year[year]], pa.string())
            write_table(
                table.filter(pc.is_in(table.column("doc_id"), value_set=year_ids)),
                name,
                part,
                provenance={DIGEST_KEY: digest},
            )
            result.written += 1
        root = dest / name
        for stale in sorted(p for p in root.glob("*=*") if p.is_dir() and p.name not in wanted):
            shutil.rmtree(stale)
            result.removed += 1
    result.partitions = [_partition_name(y) for y in order]
    return result
