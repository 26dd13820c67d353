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

from rencana.extract.digest import file_sha256
from rencana.pipeline.ledger import (
    Ledger,
    OutputLock,
    ledger_key,
    result_tables,
    state_dir,
)
from rencana.pipeline.merge import UNREADABLE, Done, stale_keys, write_results
from rencana.pipeline.model import FileResult, Limits, RunSettings, settings_id
from rencana.pipeline.quarantine import quarantine
from rencana.pipeline.sandbox import Item, Work
from rencana.schema import io

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
    "write_results",
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
    removed: int = 0  # names of the previous output not given to this run: dropped from the tables
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


def _done_from_tables(source_file: str, key: str, tables: dict[str, pa.Table], peak: float = 0.0) -> Done:
    doc = tables["documents"].to_pylist()[0]
    return Done(
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
        [
            "source_file",
            "source_files",
            "doc_id",
            "vocabulary_version",
            "settings_id",
            "pipeline_version",
            "status",
        ]
    ).to_pydict()
    from rencana import PIPELINE_VERSION

    for src, srcs, doc_id, voc, sid, ver, status in zip(*cols.values(), strict=True):
        if ver != PIPELINE_VERSION or not doc_id:
            continue
        for name in srcs or [src]:
            out[name] = (ledger_key(doc_id, voc, sid), status)
    return out


@dataclass(slots=True)
class _Plan:
    """What a run does with each input: skip it, resume it from the ledger, or process it."""

    vocabulary: str
    sid: str
    done: list[Done] = field(default_factory=list)  # resumed from the ledger
    todo: dict[str, list[Item]] = field(default_factory=dict)  # ledger key -> the inputs with that content
    unreadable: list[FileResult] = field(default_factory=list)
    skipped_status: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)  # every input: path -> doc_id (UNREADABLE)

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
        ledger = Ledger(out_dir)
        _clear_leftovers(out_dir, tmp_root, ledger, qdir)
        plan = _plan(paths, out_dir, settings, ledger, summary)
        if on_start:
            on_start([item.path for items in plan.todo.values() for item in items], summary.skipped)
        done = _execute(plan, settings, ledger, tmp_root, progress, work, client)
        summary.removed = _merge(done, out_dir, ledger, plan.names, settings.keep_missing)
        shutil.rmtree(tmp_root, ignore_errors=True)
        _summarise(summary, done, plan.skipped_status, qdir)
    summary.seconds = round(time.perf_counter() - start, 2)
    return summary


def _clear_leftovers(out_dir: Path, tmp_root: Path, ledger: Ledger, qdir: Path) -> None:
    """Temporary files of a killed run (we hold the lock, so nobody else is writing)."""
    shutil.rmtree(tmp_root, ignore_errors=True)
    ledger.clear_leftovers()  # a ledger entry cut short by kill -9 (CI caught one left behind)
    for folder in (out_dir, qdir):  # a table write or a quarantine copy cut short by kill -9
        for stale in folder.glob(".*.tmp"):
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
            from rencana.pipeline.failure import failed_result
            from rencana.schema.reasons import Reason

            why = exc.strerror or type(exc).__name__
            plan.unreadable.append(failed_result(source, UNREADABLE, Reason.UNREADABLE, why, settings))
            plan.names[source] = UNREADABLE
            continue
        plan.names[source] = doc_id
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


def _largest_first(items: list[Item], jobs: int) -> list[Item]:
    """With several workers, the largest files first (a long scan last would leave the other
    workers idle at the end; issue 14); the output is sorted whatever the order."""
    if jobs <= 1:
        return items

    def size(item: Item) -> int:
        try:
            return item.path.stat().st_size
        except OSError:
            return 0

    return sorted(items, key=lambda item: -size(item))


def _execute(
    plan: _Plan,
    settings: RunSettings,
    ledger: Ledger,
    tmp_root: Path,
    progress: Callable[[FileResult], None] | None,
    work: Work | None,
    client: Any,
) -> list[Done]:
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

            WorkerPool(settings, work, tmp_root=tmp_root).run(_largest_first(first, settings.jobs), collect)
    for result in plan.unreadable:
        done.append(_done_from_tables(result.source_file, "", result_tables(result)))
        if progress:
            progress(result)
    return done


def _merge(done: list[Done], out_dir: Path, ledger: Ledger, names: dict[str, str], keep_missing: bool) -> int:
    """Write the merged tables; drop ledger entries of contents now made by another key.

    Returns how many names of the previous output were dropped (files no longer given).
    """
    before = io.read_table("documents", out_dir)
    if not done and _same_inputs(before, names, keep_missing):
        return 0  # a no-change re-run: nothing to merge (and no pandas imported by pyarrow to merge it)
    if not write_results(done, out_dir, names, keep_missing):
        return 0
    after = io.read_table("documents", out_dir)
    ledger.remove(stale_keys(before, after))
    old_names = {
        n
        for srcs, src in zip(
            before["source_files"].to_pylist(), before["source_file"].to_pylist(), strict=True
        )
        for n in (srcs or [src])
    }
    new_names = {n for srcs in after["source_files"].to_pylist() for n in (srcs or [])}
    return len(old_names - new_names)


def _same_inputs(before: pa.Table, names: dict[str, str], keep_missing: bool) -> bool:
    """Whether the output already lists exactly the run's inputs under their contents."""
    if before.num_rows == 0 or "source_files" not in before.column_names:
        return False
    listed: dict[str, str] = {}
    for doc_id, srcs in zip(before["doc_id"].to_pylist(), before["source_files"].to_pylist(), strict=True):
        listed.update({name: doc_id for name in srcs or []})
    if keep_missing:
        return all(listed.get(name) == doc_id for name, doc_id in names.items())
    return listed == names


def _summarise(summary: RunSummary, done: list[Done], skipped_status: Counter[str], qdir: Path) -> None:
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
