"""The one Parquet writer: cast to the declared schema, write a temp file, rename.

Readers never see a half-written file: the data goes to ``.<name>.<pid>.tmp``
in the same directory and is moved into place with :func:`os.replace`, which
is atomic on POSIX file systems.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rencana import PIPELINE_VERSION
from rencana.schema.tables import SCHEMA_VERSION, TABLES


def table_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.parquet"


def empty_table(name: str) -> pa.Table:
    """A table of ``name`` with no rows.  Not ``Schema.empty_table()``: that imports pandas
    (~0.5 s CPU of a fresh run's main process, which otherwise never needs it)."""
    return pa.Table.from_batches([], schema=TABLES[name])


class _NoPandas:
    """An import finder that has no pandas (see :func:`arrow_without_pandas`)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not looked for here", name="pandas")


def arrow_without_pandas() -> None:
    """Keep pyarrow from importing pandas in a process that never hands it pandas objects.

    ``pa.array`` of a Python list asks, once per process, whether pandas is there (to accept a
    Series) and imports it to know: ~0.4 s CPU in the main process of ``rencana extract``,
    on the path of every fresh run's first result.  Here that one question is answered "no";
    pyarrow still imports pandas when asked for it by name (``to_pandas``, ``from_pandas``).
    For the extract command's main process only: a process that may give pyarrow a pandas
    object before any ``to_pandas`` must not call it.  Does nothing when pandas is imported.
    """
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])  # the question, answered now
    finally:
        sys.meta_path.remove(finder)


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
        return empty_table(name)
    # ParquetFile, not read_table: read_table goes through pyarrow.dataset, which imports pandas
    # (~0.5 s of a no-change re-run's start-up)
    table = pq.ParquetFile(path).read()
    columns = [
        table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema) if table.num_rows else empty_table(name)
