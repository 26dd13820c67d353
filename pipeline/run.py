"""The batch: find the PDFs, skip what is done, run the rest in isolated workers, merge, write.

Order of a run (all under the output directory's lock, :class:`~rencana.pipeline.ledger.OutputLock`):

1. hash every input; its ledger key is (content hash, pipeline version, vocabulary
   version, settings id);
2. a file whose key is already in ``documents.parquet`` is *skipped*; one whose key is in
   the ledger but not yet in the tables (a killed run) is *resumed* from the ledger; the
   rest is *processed*, each file in its own sandboxed worker process (local fork server,
   or a Dask cluster with ``settings.scheduler``), and each result is put in the ledger the
   moment it arrives;
3. the tables are rebuilt from the previous ones and the new results, sorted, and written
   atomically (plan_rows, corrections, then documents, which is what step 2 trusts);
4. failed inputs are copied to the quarantine folder with a note.

Same inputs, same bytes out: nothing in the tables depends on time, order of completion
or the machine that did the work.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from rencana.extract.document import file_sha256
from rencana.pipeline.ledger import (
    Ledger,
    OutputLock,
    conform,
    ledger_key,
    result_tables,
    state_dir,
)
from rencana.pipeline.model import FileResult, Limits, RunSettings, settings_id
from rencana.pipeline.quarantine import quarantine
from rencana.pipeline.sandbox import Item, Work
from rencana.schema import io
from rencana.schema.tables import TABLES

__all__ = [
    "ExitCode",
    "FileResult",
    "Limits",
    "RunSettings",
    "RunSummary",
    "cpu_jobs",
    "find_pdfs",
    "process_file",
    "run",
]

log = logging.getLogger(__name__)

QUARANTINE = "quarantine"


class ExitCode(IntEnum):
    """What ``rencana extract`` tells the shell (like OCRmyPDF's ``ExitCode``)."""

    OK = 0  # every input is ok (processed now or before)
    SOME_FAILED = 1  # some inputs are failed or partial; the others are in the output
    NOTHING_RAN = 2  # nothing could be done: no PDF found, every file failed, output locked, bad usage


@dataclass(slots=True)
class RunSummary:
    files: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0
    rows: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)  # reason code -> files (processed + resumed)
    quarantined: int = 0
    quarantine_dir: str | None = None
    peak_worker_mb: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)  # every input's status, skipped ones too

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}  # type: ignore[attr-defined]

    @property
    def exit_code(self) -> ExitCode:
        if self.files == 0:
            return ExitCode.NOTHING_RAN
        bad = self.statuses.get("failed", 0)
        if bad == self.files:
            return ExitCode.NOTHING_RAN
        if bad or self.statuses.get("partial", 0):
            return ExitCode.SOME_FAILED
        return ExitCode.OK


def process_file(
    path: Path, settings: RunSettings, on_pages: Callable[[int], None] | None = None
) -> FileResult:
    """One file in this process, no isolation (see :func:`rencana.pipeline.work.process_file`)."""
    from rencana.pipeline.work import process_file as work

    return work(path, settings, on_pages)


def find_pdfs(paths: Iterable[Path]) -> list[Path]:
    """PDF files under the given files/directories, sorted, without duplicates."""
    found: dict[Path, None] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() == ".pdf" and not child.name.startswith("."):
                    found.setdefault(child, None)
        elif p.exists():
            found.setdefault(p, None)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return list(found)


def cpu_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@dataclass(slots=True)
class _Done:
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


def _done_from_tables(source_file: str, key: str, tables: dict[str, pa.Table], peak: float = 0.0) -> _Done:
    doc = tables["documents"].to_pylist()[0]
    return _Done(
        source_file,
        str(doc["doc_id"]),
        key,
        tables,
        str(doc["status"]),
        doc.get("reason"),
        doc.get("error"),
        int(doc.get("pages") or 0),
        tables["plan_rows"].num_rows,
        peak,
    )


def _existing(out_dir: Path) -> dict[str, tuple[str, str]]:
    """source_file -> (ledger key, status) of the rows already in documents.parquet.

    An output written before ``issues.parquet`` existed has none: every file is redone.
    """
    docs = io.read_table("documents", out_dir)
    out: dict[str, tuple[str, str]] = {}
    if not docs.num_rows or not io.table_path(out_dir, "issues").exists():
        return out
    cols = docs.select(
        ["source_file", "doc_id", "vocabulary_version", "settings_id", "pipeline_version", "status"]
    ).to_pydict()
    from rencana import PIPELINE_VERSION

    for src, doc_id, voc, sid, ver, status in zip(*cols.values(), strict=True):
        if ver != PIPELINE_VERSION or not doc_id:
            continue
        out[src] = (ledger_key(doc_id, voc, sid), status)
    return out


@dataclass(slots=True)
class _Plan:
    """What a run does with each input: skip it, resume it from the ledger, or process it."""

    vocabulary: str
    sid: str
    done: list[_Done] = field(default_factory=list)  # resumed from the ledger
    todo: dict[str, list[Item]] = field(default_factory=dict)  # ledger key -> the inputs with that content
    unreadable: list[FileResult] = field(default_factory=list)
    skipped_status: Counter[str] = field(default_factory=Counter)

    def key(self, doc_id: str) -> str:
        return ledger_key(doc_id, self.vocabulary, self.sid)


def run(
    inputs: Sequence[Path],
    out_dir: Path,
    settings: RunSettings | None = None,
    progress: Callable[[FileResult], None] | None = None,
    on_start: Callable[[list[Path], int], None] | None = None,
    *,
    work: Work | None = None,
    quarantine_dir: Path | None = None,
    lock_wait: float | None = None,
    client: Any = None,
) -> RunSummary:
    """Process ``inputs`` into ``out_dir``; files already there with the same key are skipped.

    plan → execute → merge → summarise.  ``work`` replaces the per-file work (tests inject
    failures through it); ``quarantine_dir`` defaults to ``out_dir/quarantine``; ``lock_wait``
    is how long to wait for another run holding ``out_dir`` (default: stop at once with
    :class:`~rencana.pipeline.ledger.OutputLocked`); ``client`` is a ready Dask client.
    """
    settings = settings or RunSettings()
    start = time.perf_counter()
    out_dir = Path(out_dir)
    qdir = Path(quarantine_dir) if quarantine_dir is not None else out_dir / QUARANTINE
    # the output's own folders are never inputs (quarantined copies would come back every run)
    ours = [qdir.resolve(), state_dir(out_dir).resolve()]
    paths = [p for p in find_pdfs(inputs) if not any(p.resolve().is_relative_to(d) for d in ours)]
    summary = RunSummary(files=len(paths))
    with OutputLock(out_dir, lock_wait):
        tmp_root = state_dir(out_dir) / "tmp"
        _clear_leftovers(out_dir, tmp_root)
        ledger = Ledger(out_dir)
        plan = _plan(paths, out_dir, settings, ledger, summary)
        if on_start:
            on_start([item.path for items in plan.todo.values() for item in items], summary.skipped)
        done = _execute(plan, settings, ledger, tmp_root, progress, work, client)
        if done:
            _merge(done, out_dir, ledger)
        shutil.rmtree(tmp_root, ignore_errors=True)
        _summarise(summary, done, plan.skipped_status, qdir)
    summary.seconds = round(time.perf_counter() - start, 2)
    return summary


def _clear_leftovers(out_dir: Path, tmp_root: Path) -> None:
    """Temporary files of a killed run (we hold the lock, so nobody else is writing)."""
    shutil.rmtree(tmp_root, ignore_errors=True)
    for stale in out_dir.glob(".*.tmp"):  # a table write cut short by kill -9
        stale.unlink(missing_ok=True)


def _plan(
    paths: Sequence[Path], out_dir: Path, settings: RunSettings, ledger: Ledger, summary: RunSummary
) -> _Plan:
    """Hash every input and decide: skip (done before), resume (in the ledger), or process."""
    from rencana.normalise.vocabulary import vocabulary_version

    plan = _Plan(vocabulary_version(), settings_id(settings))
    existing = {} if settings.force else _existing(out_dir)
    for p in paths:
        source = str(p)
        try:
            doc_id = file_sha256(p)
        except OSError as exc:
            from rencana.pipeline.work import failed_result
            from rencana.schema.reasons import Reason

            why = exc.strerror or type(exc).__name__
            plan.unreadable.append(failed_result(source, "", Reason.UNREADABLE, why, settings))
            continue
        key = plan.key(doc_id)
        before = existing.get(source)
        if before is not None and before[0] == key and not (settings.retry_failed and before[1] == "failed"):
            summary.skipped += 1
            plan.skipped_status[before[1]] += 1
            continue
        entry = None if settings.force or key in plan.todo else ledger.get(key)
        if entry is not None and not (settings.retry_failed and entry.status == "failed"):
            plan.done.append(_done_from_tables(source, key, entry.tables, entry.peak_rss_mb))
            summary.resumed += 1
            continue
        plan.todo.setdefault(key, []).append(Item(p, source, doc_id))
    return plan


def _execute(
    plan: _Plan,
    settings: RunSettings,
    ledger: Ledger,
    tmp_root: Path,
    progress: Callable[[FileResult], None] | None,
    work: Work | None,
    client: Any,
) -> list[_Done]:
    """Process the files to do (one sandboxed worker each, locally or on Dask), ledger each result."""
    done = list(plan.done)

    def collect(item: Item, result: FileResult) -> None:
        key = plan.key(item.doc_id)
        twins = plan.todo[key]
        for twin in twins:  # the same content under several names: one run, one row each
            named = result.renamed(twin.source_file)
            tables = result_tables(named)
            if twin is twins[0]:
                meta = {
                    "doc_id": named.document.doc_id,
                    "status": named.status,
                    "reason": named.reason,
                    "seconds": result.seconds,
                    "peak_rss_mb": result.peak_rss_mb,
                    "cpu_seconds": result.cpu_seconds,
                }
                ledger.put(key, tables, meta)
            done.append(
                _done_from_tables(twin.source_file, plan.key(item.doc_id), tables, result.peak_rss_mb)
            )
            if progress:
                progress(result if twin is twins[0] else named)

    first = [items[0] for items in plan.todo.values()]
    if first:
        if settings.scheduler or client is not None:
            from rencana.pipeline.cluster import run_on_cluster

            run_on_cluster(first, settings, collect, work, client)
        else:
            from rencana.pipeline.sandbox import WorkerPool

            WorkerPool(settings, work, tmp_root=tmp_root).run(first, collect)
    for result in plan.unreadable:
        done.append(_done_from_tables(result.source_file, "", result_tables(result)))
        if progress:
            progress(result)
    return done


def _merge(done: list[_Done], out_dir: Path, ledger: Ledger) -> None:
    """Write the merged tables, then drop ledger entries no output row refers to any more."""
    write_results(done, out_dir)
    final = io.read_table("documents", out_dir).select(["doc_id", "vocabulary_version", "settings_id"])
    keep = {ledger_key(d, v, s) for d, v, s in zip(*final.to_pydict().values(), strict=True) if d}
    ledger.prune(keep)


def _summarise(summary: RunSummary, done: list[_Done], skipped_status: Counter[str], qdir: Path) -> None:
    """Counts, failures and reasons of the run; failed inputs copied to the quarantine folder."""
    for d in sorted(done, key=lambda d: d.source_file):
        summary.ok += d.status == "ok"
        summary.partial += d.status == "partial"
        summary.failed += d.status == "failed"
        summary.rows += d.rows
        summary.pages += d.pages
        summary.peak_worker_mb = max(summary.peak_worker_mb, d.peak_rss_mb)
        if d.status != "ok":
            summary.failures.append((d.source_file, str(d.error)))
            code = d.reason or "unknown"
            summary.reasons[code] = summary.reasons.get(code, 0) + 1
        if d.status == "failed":
            quarantine(d.source_file, d.doc_id, d.reason or "unknown", str(d.error), qdir)
            summary.quarantined += 1
    if summary.quarantined:
        summary.quarantine_dir = str(qdir)
    statuses = Counter(d.status for d in done) + skipped_status
    summary.statuses = dict(statuses)


def _concat(tables: list[pa.Table], name: str) -> pa.Table:
    tables = [t for t in tables if t.num_rows]
    if not tables:
        return TABLES[name].empty_table()
    return pa.concat_tables([conform(t, name) for t in tables])


def write_results(done: Sequence[_Done], out_dir: Path) -> None:
    """Merge ``done`` into the tables in ``out_dir`` (replacing those files' rows), atomically per table.

    A file's documents row is replaced by source_file; its plan rows and corrections by
    doc_id (one copy per content, however many names it has).  Rows of a content that no
    documents row refers to any more are dropped, so the tables stay consistent.
    """
    new_docs = _concat([d.tables["documents"] for d in done], "documents")
    new_sources = {d.source_file for d in done}
    new_ids = {d.doc_id for d in done if d.doc_id}
    first_of: dict[str, _Done] = {}
    for d in done:
        if d.doc_id:
            first_of.setdefault(d.doc_id, d)
    old = io.read_table("documents", out_dir)
    if old.num_rows:
        keep_mask = pc.invert(
            pc.is_in(old["source_file"], value_set=pa.array(sorted(new_sources), pa.string()))
        )
        old = old.filter(keep_mask)
    # old rows of other names of a re-processed content: updated to the new row, or
    # dropped when that name no longer exists (a renamed file)
    refreshed: list[pa.Table] = []
    if old.num_rows and new_ids:
        same = pc.is_in(old["doc_id"], value_set=pa.array(sorted(new_ids), pa.string()))
        for src, doc_id in zip(
            *old.filter(same).select(["source_file", "doc_id"]).to_pydict().values(), strict=True
        ):
            if Path(src).exists():
                row = first_of[doc_id].tables["documents"]
                refreshed.append(
                    row.set_column(
                        row.schema.get_field_index("source_file"), "source_file", pa.array([src], pa.string())
                    )
                )
        old = old.filter(pc.invert(same))
    docs = _concat([old, new_docs, *refreshed], "documents")
    referenced = pa.array(sorted(set(docs["doc_id"].to_pylist())), pa.string())
    tables = {"documents": docs}
    for name in ("plan_rows", "corrections", "issues"):
        previous = io.read_table(name, out_dir)
        if previous.num_rows:
            drop = pc.is_in(previous["doc_id"], value_set=pa.array(sorted(new_ids), pa.string()))
            previous = previous.filter(pc.invert(drop))
        fresh = [first_of[i].tables[name] for i in sorted(first_of)]
        merged = _concat([previous, *fresh], name)
        if merged.num_rows:
            merged = merged.filter(pc.is_in(merged["doc_id"], value_set=referenced))
        tables[name] = merged
    # documents last: it is what a re-run trusts to skip files
    for name in ("plan_rows", "corrections", "issues", "documents"):
        io.write_table(_sorted(tables[name], name).combine_chunks(), name, out_dir)
    log.info("wrote %s", ", ".join(f"{n}={t.num_rows}" for n, t in tables.items()))


_SORT_KEYS = {
    "documents": [("source_file", "ascending")],
    "plan_rows": [("doc_id", "ascending"), ("row_no", "ascending")],
    "corrections": [("doc_id", "ascending"), ("row_no", "ascending")],
    # a stable sort: each document's issues stay in the order found (the order of its flags)
    "issues": [("doc_id", "ascending")],
}


def _sorted(table: pa.Table, name: str) -> pa.Table:
    return table.sort_by(_SORT_KEYS[name])
