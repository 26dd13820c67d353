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
from dataclasses import replace
from pathlib import Path

from rencana.extract.backend import PageBackend, PageInput, backend
from rencana.extract.digest import file_sha256
from rencana.extract.document import ExtractError, extract_document
from rencana.normalise.document import NormalisedDocument, document_record
from rencana.normalise.plan import NormalisedRows, normalise_rows
from rencana.pipeline.failure import base_document, failed_result
from rencana.pipeline.model import FileResult, RunSettings
from rencana.schema.issues import IssueCode, flags_of
from rencana.schema.reasons import Reason
from rencana.schema.records import ExtractedDocument, PageContent, Route

log = logging.getLogger(__name__)


class _OcrWhenNeeded:
    """The OCR backend, imported when a page first needs it: a digital file never loads OpenCV
    and Tesseract, and the fork server no longer warms them for every run (issue 14).  A missing
    OCR stack still raises :class:`~rencana.extract.ocr.errors.OcrUnavailableError` with the
    install line, on the first page that needs OCR: never OCR silently off."""

    route: Route = "ocr"

    def __init__(self) -> None:
        self._backend: PageBackend | None = None

    def read(self, page: PageInput, doc: object = None) -> PageContent:
        if self._backend is None:
            self._backend = backend("ocr")
        return self._backend.read(page)


def _ocr_reader(enabled: bool) -> PageBackend | None:
    return _OcrWhenNeeded() if enabled else None


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

    def failed(reason: Reason, message: str) -> FileResult:
        return failed_result(source, doc_id, reason, message, settings, time.perf_counter() - start)

    try:
        extracted, normalised, document = _read(path, doc_id, settings, _once(on_pages))
    except ExtractError as exc:
        return failed(exc.reason, exc.message)
    except MemoryError:
        return failed(Reason.OUT_OF_MEMORY, f"ran out of memory under the {settings.limits.memory_mb} MB cap")
    except RecursionError:
        return failed_result(source, doc_id, Reason.DAMAGED, "structures nested too deeply to read", settings)
    except Exception as exc:  # a bad file must not stop the batch
        log.exception("failed on %s", path)
        return failed(Reason.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")
    return _result(source, doc_id, settings, extracted, normalised, document, time.perf_counter() - start)


def _once(on_pages: Callable[[int], None] | None) -> Callable[[int, int], None]:
    """A progress callback that tells ``on_pages`` the page count once."""
    told = False

    def progress(done: int, total: int) -> None:
        nonlocal told
        if not told and on_pages is not None:
            told = True
            on_pages(total)

    return progress


def _read(
    path: Path, doc_id: str, settings: RunSettings, progress: Callable[[int, int], None]
) -> tuple[ExtractedDocument, NormalisedRows, NormalisedDocument]:
    """extract → normalise the rows → the documents row."""
    extracted = extract_document(
        path, settings.extract, _ocr_reader(settings.ocr), progress=progress, doc_id=doc_id
    )
    route_of_page = {p: r for p, r in enumerate(extracted.routes, start=1)}
    normalised = normalise_rows(extracted.rows, route_of_page)
    document = document_record(
        extracted, normalised.rows, normalised.unmatched_labels, normalised.word_repairs
    )
    return extracted, normalised, document


def _result(
    source: str,
    doc_id: str,
    settings: RunSettings,
    extracted: ExtractedDocument,
    normalised: NormalisedRows,
    document: NormalisedDocument,
    seconds: float,
) -> FileResult:
    """The file's tables: normalise's findings, then what opening and reading the file found."""
    issues = [*document.issues, *(i for i in extracted.issues if i.code is not IssueCode.NEEDS_OCR)]
    base = base_document(source, doc_id, settings)
    doc = replace(
        document.record,
        source_file=source,
        flags=flags_of(issues),
        pipeline_version=base.pipeline_version,
        vocabulary_version=base.vocabulary_version,
        settings_id=base.settings_id,
    )
    page_of = {r.row_no: r.page for r in normalised.rows}
    rows = [replace(r, doc_id=doc_id) for r in normalised.rows]
    corrections = [
        replace(c, page=page_of.get(c.row_no) if c.row_no is not None else None)
        for c in (*document.corrections, *normalised.corrections)
    ]
    return FileResult(source, doc_id, doc, rows, corrections, issues, seconds=round(seconds, 3))
