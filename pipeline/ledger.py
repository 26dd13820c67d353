"""The ledger: every finished file's result, kept the moment it arrives, keyed by what made it.

``OUT/.rencana/ledger/<ab>/<key>.arrow`` holds one file's documents row, plan rows,
corrections and issues (Arrow IPC, written to a temporary name and renamed); an entry
written before a table was added lacks it and counts as stale (the file is redone).  The key is
``sha256(content hash, pipeline version, vocabulary version, settings id)``, so:

* a re-run processes only files whose key is not in the output yet (new or changed
  content, a new rencana or vocabulary, other settings);
* a killed run resumes: files finished before the kill are taken from the ledger, not
  processed again;
* the output tables are rebuilt from ledger entries plus the previous tables, so they never
  hold half a run.

The output directory's lock (:class:`OutputLock`) keeps two runs from interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import socket
import time
from dataclasses import dataclass, fields
from enum import Enum
from pathlib import Path
from typing import Any

import pyarrow as pa

from rencana import PIPELINE_VERSION
from rencana.pipeline.model import FileResult
from rencana.schema import io
from rencana.schema.issues import Issue
from rencana.schema.records import Correction, DocumentRecord, PlanRow
from rencana.schema.tables import TABLES

log = logging.getLogger(__name__)

STATE_DIR = ".rencana"
RESULT_TABLES = ("documents", "plan_rows", "corrections", "issues")


def state_dir(out_dir: Path) -> Path:
    return Path(out_dir) / STATE_DIR


def ledger_key(doc_id: str, vocabulary_version: str | None, settings_id: str | None) -> str:
    """The key of a file's result: what it is, and what read it."""
    text = "\n".join((doc_id, PIPELINE_VERSION, vocabulary_version or "", settings_id or ""))
    return hashlib.sha256(text.encode()).hexdigest()


def conform(table: pa.Table, name: str) -> pa.Table:
    """``table`` cast to the current schema of ``name`` (missing columns as nulls)."""
    schema = TABLES[name]
    columns = [
        table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


@dataclass(frozen=True, slots=True)
class Entry:
    """One file's result as the ledger keeps it."""

    key: str
    doc_id: str
    status: str
    reason: str | None
    seconds: float
    peak_rss_mb: float
    tables: dict[str, pa.Table]
    cpu_seconds: float = 0.0


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


class Ledger:
    """Per-file results under ``OUT/.rencana/ledger``."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = state_dir(out_dir) / "ledger"

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.arrow"

    def put(self, key: str, entry_tables: dict[str, pa.Table], meta: dict[str, Any]) -> Path:
        """Store one result atomically (temporary name, then rename)."""
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        row: dict[str, list[Any]] = {
            "key": [key],
            "doc_id": [meta["doc_id"]],
            "status": [meta["status"]],
            "reason": [meta.get("reason")],
            "seconds": [float(meta.get("seconds") or 0.0)],
            "peak_rss_mb": [float(meta.get("peak_rss_mb") or 0.0)],
            "cpu_seconds": [float(meta.get("cpu_seconds") or 0.0)],
        }
        for name in RESULT_TABLES:
            row[name] = [_to_ipc(entry_tables[name])]
        shard = pa.table(row)
        tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, shard.schema) as writer:
                writer.write_table(shard)
            os.replace(tmp, final)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return final

    def get(self, key: str) -> Entry | None:
        """The entry for ``key``; None when absent or unreadable (then the file is simply redone)."""
        path = self.path(key)
        try:
            with pa.memory_map(str(path)) as source:
                shard = pa.ipc.open_file(source).read_all()
            row = shard.to_pylist()[0]
            if missing := [name for name in RESULT_TABLES if name not in row]:
                log.info("ledger entry %s predates %s: the file will be redone", path.name, missing)
                return None
            tables = {name: conform(_from_ipc(row[name]), name) for name in RESULT_TABLES}
        except (OSError, pa.ArrowInvalid, IndexError, KeyError) as exc:
            if path.exists():
                log.warning("ledger entry %s unreadable (%s): the file will be redone", path.name, exc)
            return None
        return Entry(
            key,
            row["doc_id"],
            row["status"],
            row["reason"],
            row["seconds"],
            row["peak_rss_mb"],
            tables,
            float(row.get("cpu_seconds") or 0.0),
        )

    def keys(self) -> set[str]:
        if not self.dir.exists():
            return set()
        return {p.stem for p in self.dir.glob("*/*.arrow")}

    def remove(self, keys: set[str]) -> int:
        """Remove the entries of ``keys`` (results made stale by a newer key for the same content)."""
        removed = 0
        for key in keys:
            with contextlib.suppress(FileNotFoundError):
                self.path(key).unlink()
                removed += 1
        return removed

    def clear_leftovers(self) -> int:
        """Remove half-written entries of a killed run (call only under the output lock)."""
        removed = 0
        if self.dir.exists():
            for stale in self.dir.glob("*/.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()
                    removed += 1
        return removed


def result_tables(result: FileResult) -> dict[str, pa.Table]:
    """One file's records as Arrow tables of the output schemas."""
    doc_id = result.doc_id
    return {
        "documents": io.to_arrow("documents", [_fields(result.document)]),
        "plan_rows": io.to_arrow("plan_rows", [_fields(r) for r in result.rows]),
        "corrections": io.to_arrow("corrections", [_correction_row(doc_id, c) for c in result.corrections]),
        "issues": io.to_arrow("issues", [issue_row(doc_id, i) for i in result.issues]),
    }


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _fields(record: DocumentRecord | PlanRow) -> dict[str, Any]:
    """A record's fields as a row (enum codes as their values).  The names are kept per class:
    ``dataclasses.fields`` per record was half of the run's main-process work per file."""
    row = {name: getattr(record, name) for name in _field_names(type(record))}
    return {k: v.value if isinstance(v, Enum) else v for k, v in row.items()}


def _correction_row(doc_id: str, c: Correction) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "row_no": c.row_no,
        "page": c.page,
        "field": c.field,
        "raw": c.raw,
        "corrected": c.corrected,
        "score": c.score,
        "method": c.method,
        "needs_review": c.needs_review,
        "scorer": c.scorer or None,
        "canonical_id": c.canonical_id,
        "suggestions": list(c.suggestions),
        "level": c.level or None,
    }


def issue_row(doc_id: str, issue: Issue) -> dict[str, Any]:
    """One issues.parquet row of ``issue`` found in ``doc_id``."""
    return {
        "doc_id": doc_id,
        "code": issue.code.value,
        "severity": issue.severity,
        "category": issue.category,
        "page": issue.page,
        "row_no": issue.row_no,
        "field": issue.field or None,
        "detail": issue.detail or None,
        "message": issue.message,
    }


class OutputLocked(Exception):
    """Another run holds the output directory."""


class OutputLock:
    """An exclusive lock on an output directory (``flock`` on ``OUT/.rencana/lock``).

    The kernel drops the lock when its holder dies, however it dies, so a killed run never
    leaves a stale lock.  ``wait``: None or 0 — stop at once with a clear message; a number
    of seconds — wait that long for the other run to finish.
    """

    def __init__(self, out_dir: Path, wait: float | None = None) -> None:
        self.path = state_dir(out_dir) / "lock"
        self.wait = wait or 0.0
        self._fd: int | None = None

    def _holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
        if not info:
            return "another rencana run"
        return f"another rencana run (pid {info.get('pid')} on {info.get('host')}, since {info.get('since')})"

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._holder()
                    os.close(fd)
                    waited = f" (waited {self.wait:.0f} s)" if self.wait else ""
                    raise OutputLocked(
                        f"{self.path.parent.parent} is being written by {holder}{waited}; "
                        "wait for it to finish, or run again with --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
