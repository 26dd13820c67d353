"""The batch: per-file work in worker processes, merge, one atomic write per table.

The only place that knows the order of the stages:
``extract_document`` → ``normalise_rows`` → ``document_record`` → ``schema.io``.
One bad file never stops the batch: it becomes a ``failed`` row in
``documents.parquet`` with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from rencana import PIPELINE_VERSION
from rencana.extract.document import ExtractError, ExtractSettings, extract_document, file_sha256
from rencana.normalise.document import document_record
from rencana.normalise.plan import normalise_rows
from rencana.schema import io
from rencana.schema.records import Correction

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunSettings:
    jobs: int = 1
    force: bool = False
    ocr: bool = True
    extract: ExtractSettings = field(default_factory=ExtractSettings)

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {self.jobs}")


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything one file contributes to the output tables."""

    source_file: str
    doc_id: str
    document: dict[str, Any]
    rows: list[dict[str, Any]]
    corrections: list[dict[str, Any]]

    @property
    def status(self) -> str:
        return str(self.document["status"])


@dataclass(slots=True)
class RunSummary:
    files: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    skipped: int = 0
    rows: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def find_pdfs(paths: Iterable[Path]) -> list[Path]:
    """PDF files under the given files/directories, sorted, without duplicates."""
    found: dict[Path, None] = {}
    for p in paths:
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() == ".pdf" and not child.name.startswith("."):
                    found.setdefault(child, None)
        elif p.exists():
            found.setdefault(p, None)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return list(found)


def _correction_dict(doc_id: str, c: Correction, page_of: dict[int, int]) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "row_no": c.row_no,
        "page": page_of.get(c.row_no) if c.row_no is not None else None,
        "field": c.field,
        "raw": c.raw,
        "corrected": c.corrected,
        "score": c.score,
        "method": c.method,
        "needs_review": c.needs_review,
    }


def _ocr_reader(enabled: bool) -> Callable[[str, int], Any] | None:
    if not enabled:
        return None
    try:
        from rencana.extract.ocr_backend import make_ocr_reader
    except ImportError:
        return None
    reader: Callable[[str, int], Any] = make_ocr_reader()
    return reader


def failed_result(path: Path, doc_id: str, reason: str, seconds: float) -> FileResult:
    doc = _base_document(path, doc_id)
    doc.update({"status": "failed", "error": reason, "flags": [], "seconds": seconds})
    return FileResult(str(path), doc_id, doc, [], [])


def _base_document(path: Path, doc_id: str) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "source_file": str(path),
        "pipeline_version": PIPELINE_VERSION,
        "processed_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
    }


def process_file(path: Path, settings: RunSettings) -> FileResult:
    """Extract and normalise one file; never raises for a bad file."""
    start = time.perf_counter()
    try:
        doc_id = file_sha256(path)
    except OSError as exc:
        return failed_result(path, "", f"unreadable: {exc}", 0.0)
    try:
        if path.stat().st_size == 0:
            raise ExtractError("empty_file", "the file is empty (0 bytes)")
        with open(path, "rb") as fh:
            head = fh.read(1024)
        if b"%PDF-" not in head:
            raise ExtractError("not_a_pdf", "no %PDF- header in the first 1024 bytes")
        extracted = extract_document(path, settings.extract, _ocr_reader(settings.ocr), doc_id=doc_id)
        route_of_page = {p: r for p, r in enumerate(extracted.routes, start=1)}
        normalised = normalise_rows(extracted.rows, route_of_page)
        document, doc_corrections = document_record(extracted, normalised.rows)
    except ExtractError as exc:
        return failed_result(path, doc_id, str(exc), time.perf_counter() - start)
    except Exception as exc:  # a bad file must not stop the batch
        log.exception("failed on %s", path)
        return failed_result(
            path, doc_id, f"internal_error: {type(exc).__name__}: {exc}", time.perf_counter() - start
        )
    doc = _base_document(path, doc_id)
    doc.update(document)
    doc["seconds"] = round(time.perf_counter() - start, 3)
    page_of = {r["row_no"]: r["page"] for r in normalised.rows}
    rows = [{"doc_id": doc_id, **r} for r in normalised.rows]
    corrections = [_correction_dict(doc_id, c, page_of) for c in (*doc_corrections, *normalised.corrections)]
    return FileResult(str(path), doc_id, doc, rows, corrections)


def _run_pool(paths: Sequence[Path], settings: RunSettings, on_done: Callable[[FileResult], None]) -> None:
    # Always in worker processes, even with one job: a PDF that crashes the
    # native PDF library (an abort on a compression bomb) takes down its
    # worker, never the batch.
    pending = list(paths)
    while pending:
        with ProcessPoolExecutor(max_workers=settings.jobs) as pool:
            futures: dict[Future[FileResult], Path] = {
                pool.submit(process_file, p, settings): p for p in pending
            }
            pending = []
            not_done = set(futures)
            broken = False
            while not_done:
                done, not_done = wait(not_done, return_when=FIRST_COMPLETED)
                for fut in done:
                    path = futures[fut]
                    try:
                        on_done(fut.result())
                    except BrokenProcessPool:
                        broken = True
                        pending.append(path)
            if broken:
                # a worker died (native crash): retry the unfinished files one by one
                for p in pending:
                    on_done(_isolated(p, settings))
                pending = []


def _isolated(path: Path, settings: RunSettings) -> FileResult:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(process_file, path, settings).result()
        except BrokenProcessPool:
            return failed_result(path, "", "crashed: the PDF library crashed the worker process", 0.0)


def _drop(table: pa.Table, doc_ids: set[str], sources: set[str] | None = None) -> pa.Table:
    if table.num_rows == 0 or not (doc_ids or sources):
        return table
    mask = pc.is_in(table["doc_id"], value_set=pa.array(sorted(doc_ids), pa.string()))
    if sources:
        mask = pc.or_(mask, pc.is_in(table["source_file"], value_set=pa.array(sorted(sources), pa.string())))
    return table.filter(pc.invert(mask))


def run(
    inputs: Sequence[Path],
    out_dir: Path,
    settings: RunSettings | None = None,
    progress: Callable[[FileResult], None] | None = None,
    on_start: Callable[[list[Path], int], None] | None = None,
) -> RunSummary:
    """Process ``inputs`` into ``out_dir``; files already there with the same hash are skipped."""
    settings = settings or RunSettings()
    start = time.perf_counter()
    paths = find_pdfs(inputs)
    summary = RunSummary(files=len(paths))
    old_docs = io.read_table("documents", out_dir)
    done_ids: dict[str, str] = {}
    if old_docs.num_rows and not settings.force:
        for d, v, s in zip(
            old_docs["doc_id"].to_pylist(),
            old_docs["pipeline_version"].to_pylist(),
            old_docs["status"].to_pylist(),
            strict=True,
        ):
            if v == PIPELINE_VERSION and s != "failed":
                done_ids[d] = s
    todo: list[Path] = []
    for p in paths:
        try:
            digest = file_sha256(p)
        except OSError:
            todo.append(p)
            continue
        if digest in done_ids:
            summary.skipped += 1
        else:
            todo.append(p)
    if on_start:
        on_start(todo, summary.skipped)
    results: list[FileResult] = []

    def collect(result: FileResult) -> None:
        results.append(result)
        if progress:
            progress(result)

    _run_pool(todo, settings, collect)
    results.sort(key=lambda r: r.source_file)
    for r in results:
        status = r.status
        summary.ok += status == "ok"
        summary.partial += status == "partial"
        summary.failed += status == "failed"
        summary.rows += len(r.rows)
        summary.pages += int(r.document.get("pages") or 0)
        if status != "ok":
            summary.failures.append((r.source_file, str(r.document.get("error"))))
    write_results(results, out_dir)
    summary.seconds = round(time.perf_counter() - start, 2)
    return summary


def write_results(results: Sequence[FileResult], out_dir: Path) -> None:
    """Merge ``results`` into the tables in ``out_dir`` (replacing those docs), atomically per table."""
    new_ids = {r.doc_id for r in results if r.doc_id}
    sources = {r.source_file for r in results}
    docs = _drop(io.read_table("documents", out_dir), new_ids, sources)
    kept = set(docs["doc_id"].to_pylist())
    tables = {
        "documents": pa.concat_tables([docs, io.to_arrow("documents", [r.document for r in results])]),
        "plan_rows": io.to_arrow("plan_rows", [row for r in results for row in r.rows]),
        "corrections": io.to_arrow("corrections", [c for r in results for c in r.corrections]),
    }
    for name in ("plan_rows", "corrections"):
        old = io.read_table(name, out_dir)
        if old.num_rows:
            old = old.filter(pc.is_in(old["doc_id"], value_set=pa.array(sorted(kept), pa.string())))
            tables[name] = pa.concat_tables([old, tables[name]])
    # documents last: it is what a re-run trusts to skip files
    for name in ("plan_rows", "corrections", "documents"):
        io.write_table(_sorted(tables[name], name), name, out_dir)
    log.info("wrote %s", ", ".join(f"{n}={t.num_rows}" for n, t in tables.items()))


def _sorted(table: pa.Table, name: str) -> pa.Table:
    keys = (
        [("source_file", "ascending")]
        if name == "documents"
        else [("doc_id", "ascending"), ("row_no", "ascending")]
    )
    return table.sort_by(keys)


def cpu_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
