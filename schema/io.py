"""The one Parquet writer: cast to the declared schema, write a temp file, rename.

Readers never see a half-written file: the data goes to ``.<name>.<pid>.tmp``
in the same directory and is moved into place with :func:`os.replace`, which
is atomic on POSIX file systems.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rencana import PIPELINE_VERSION
from rencana.schema.tables import SCHEMA_VERSION, TABLES


def table_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.parquet"


def to_arrow(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Build a table of ``name`` from row dicts, casting every column to the schema.

    Unknown keys are an error (a typo in a column name must not vanish silently).
    """
    schema = TABLES[name]
    rows = list(rows)
    known = set(schema.names)
    for row in rows:
        extra = set(row) - known
        if extra:
            raise KeyError(f"{name}: unknown column(s) {sorted(extra)}")
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def write_table(
    table: pa.Table, name: str, out_dir: Path, provenance: Mapping[str, str] | None = None
) -> Path:
    """Write ``table`` as ``out_dir/name.parquet`` atomically, with schema metadata."""
    schema = TABLES[name]
    table = table.select(schema.names).cast(schema)
    meta = dict(schema.metadata or {})
    meta.update(
        {
            b"rencana.schema_version": SCHEMA_VERSION.encode(),
            b"rencana.pipeline_version": PIPELINE_VERSION.encode(),
            b"rencana.table": name.encode(),
        }
    )
    if provenance:
        meta[b"rencana.provenance"] = json.dumps(dict(provenance), sort_keys=True).encode()
    table = table.replace_schema_metadata(meta)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = table_path(out_dir, name)
    tmp = out_dir / f".{name}.{os.getpid()}.tmp"
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()
    return final


def read_table(name: str, out_dir: Path) -> pa.Table:
    """Read ``name`` from ``out_dir``; an empty table of the right schema when absent.

    A table written under an older schema version reads too: columns added since
    come back as nulls, columns dropped since are left out.
    """
    path = table_path(out_dir, name)
    schema = TABLES[name]
    if not path.exists():
        return schema.empty_table()
    # ParquetFile, not read_table: read_table goes through pyarrow.dataset, which imports pandas
    # (~0.5 s of a no-change re-run's start-up)
    table = pq.ParquetFile(path).read()
    columns = [
        table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema) if table.num_rows else schema.empty_table()
