"""The result of a file that gave no tables: its documents row with a reason, built without the
extract and normalise stacks (the run's main process builds these for unreadable inputs and for
workers that died, and must not import the per-file work to do it; issue 14)."""

from __future__ import annotations

from dataclasses import replace

from rencana import PIPELINE_VERSION
from rencana.normalise.vocabulary import vocabulary_version
from rencana.pipeline.model import FileResult, RunSettings, settings_id
from rencana.schema.issues import Issue, flags_of
from rencana.schema.reasons import Reason
from rencana.schema.records import DocumentRecord

__all__ = ["base_document", "failed_result"]


def base_document(source_file: str, doc_id: str, settings: RunSettings) -> DocumentRecord:
    """The columns every documents row has, whatever happened to the file (status failed until told)."""
    return DocumentRecord(
        doc_id=doc_id,
        source_file=source_file,
        status="failed",
        pipeline_version=PIPELINE_VERSION,
        vocabulary_version=vocabulary_version(),
        settings_id=settings_id(settings),
    )


def failed_result(
    source_file: str,
    doc_id: str,
    reason: Reason,
    message: str,
    settings: RunSettings,
    seconds: float = 0.0,
    pages: int | None = None,
) -> FileResult:
    """A ``failed`` (or, for ``no_pages``, ``partial``) row with its reason code and message.

    The reason is also the file's one finding (``issues.parquet``, category file).
    """
    issues = [Issue(reason, message)]
    doc = replace(
        base_document(source_file, doc_id, settings),
        status="partial" if reason.status == "partial" else "failed",
        reason=reason,
        error=f"{reason.value}: {message}",
        pages=0 if reason is Reason.NO_PAGES else pages,
        rows=0 if reason is Reason.NO_PAGES else None,
        flags=flags_of(issues),
    )
    return FileResult(source_file, doc_id, doc, [], [], issues, seconds=round(seconds, 3))
