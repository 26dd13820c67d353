"""The work on one file: pre-check, extract, normalise, the documents row.  Never raises for a bad file.

The only place that knows the order of the stages for one file:
``extract_document`` (whose first step is the capped pre-check) → ``normalise_rows`` →
``document_record``.  It runs inside a worker process (see :mod:`rencana.pipeline.sandbox`);
the result carries nothing that depends on where or when it ran, so the same file gives the
same bytes locally and on a Dask worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rencana import PIPELINE_VERSION
from rencana.extract.backend import PageBackend, backend
from rencana.extract.document import ExtractError, extract_document, file_sha256
from rencana.normalise.document import document_record
from rencana.normalise.plan import normalise_rows
from rencana.normalise.vocabulary import load_vocabulary
from rencana.pipeline.model import FileResult, RunSettings, settings_id
from rencana.schema.issues import IssueCode, flags_of
from rencana.schema.reasons import Reason, reason_of
from rencana.schema.records import Correction

log = logging.getLogger(__name__)


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
        "scorer": c.scorer or None,
        "canonical_id": c.canonical_id,
        "suggestions": list(c.suggestions),
        "level": c.level or None,
    }


def _ocr_reader(enabled: bool) -> PageBackend | None:
    # a missing OCR stack raises OcrUnavailableError with the install line: never OCR silently off
    return backend("ocr") if enabled else None


def base_document(source_file: str, doc_id: str, settings: RunSettings) -> dict[str, Any]:
    """The columns every documents row has, whatever happened to the file."""
    return {
        "doc_id": doc_id,
        "source_file": source_file,
        "pipeline_version": PIPELINE_VERSION,
        "vocabulary_version": load_vocabulary().version,
        "settings_id": settings_id(settings),
        "flags": [],
    }


def failed_result(
    source_file: str,
    doc_id: str,
    reason: Reason,
    message: str,
    settings: RunSettings,
    seconds: float = 0.0,
    pages: int | None = None,
) -> FileResult:
    """A ``failed`` (or, for ``no_pages``, ``partial``) row with its reason code and message."""
    doc = base_document(source_file, doc_id, settings)
    doc.update({"status": reason.status, "reason": reason.value, "error": f"{reason.value}: {message}"})
    if reason is Reason.NO_PAGES:
        doc.update({"pages": 0, "flags": ["no_pages:"], "rows": 0})
    elif pages is not None:
        doc["pages"] = pages
    return FileResult(source_file, doc_id, doc, [], [], seconds=round(seconds, 3))


def process_file(
    path: Path, settings: RunSettings, on_pages: Callable[[int], None] | None = None
) -> FileResult:
    """Extract and normalise one file; never raises for a bad file.

    ``on_pages(n)`` is called once the page count is known (the sandbox scales the
    file's time budget with it).
    """
    start = time.perf_counter()
    source = str(path)
    try:
        doc_id = file_sha256(path)
    except OSError as exc:
        return failed_result(source, "", Reason.UNREADABLE, exc.strerror or type(exc).__name__, settings)
    told = False

    def progress(done: int, total: int) -> None:
        nonlocal told
        if not told and on_pages is not None:
            told = True
            on_pages(total)

    try:
        extracted = extract_document(
            path, settings.extract, _ocr_reader(settings.ocr), progress=progress, doc_id=doc_id
        )
        route_of_page = {p: r for p, r in enumerate(extracted.routes, start=1)}
        normalised = normalise_rows(extracted.rows, route_of_page)
        document, doc_corrections = document_record(
            extracted, normalised.rows, normalised.unmatched_labels, normalised.word_repairs
        )
    except ExtractError as exc:
        return failed_result(source, doc_id, exc.reason, exc.message, settings, time.perf_counter() - start)
    except MemoryError:
        return failed_result(
            source,
            doc_id,
            Reason.OUT_OF_MEMORY,
            f"ran out of memory under the {settings.limits.memory_mb} MB cap",
            settings,
            time.perf_counter() - start,
        )
    except RecursionError:
        return failed_result(source, doc_id, Reason.DAMAGED, "structures nested too deeply to read", settings)
    except Exception as exc:  # a bad file must not stop the batch
        log.exception("failed on %s", path)
        return failed_result(
            source,
            doc_id,
            Reason.INTERNAL_ERROR,
            f"{type(exc).__name__}: {exc}",
            settings,
            time.perf_counter() - start,
        )
    doc = base_document(source, doc_id, settings)
    doc.update(document)
    doc["source_file"] = source
    if doc["status"] == "ok":
        doc["reason"] = None
    else:
        doc["reason"] = (reason_of(doc.get("error")) or Reason.INCOMPLETE).value
    # what opening the file took (repaired by qpdf, encrypted, unreadable pages) is flagged too
    extra = flags_of(i for i in extracted.issues if i.code is not IssueCode.NEEDS_OCR)
    doc["flags"] = [*(doc.get("flags") or []), *extra]
    page_of = {r["row_no"]: r["page"] for r in normalised.rows}
    rows = [{"doc_id": doc_id, **r} for r in normalised.rows]
    corrections = [_correction_dict(doc_id, c, page_of) for c in (*doc_corrections, *normalised.corrections)]
    return FileResult(source, doc_id, doc, rows, corrections, seconds=round(time.perf_counter() - start, 3))
