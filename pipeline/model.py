"""The batch's settings and the per-file result: small, picklable, no heavy imports.

These travel to worker processes (local fork server or Dask workers) and back, and
their fingerprint is part of the ledger key (:func:`settings_id`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from rencana.extract.settings import ExtractSettings
from rencana.schema.issues import Issue
from rencana.schema.reasons import Reason
from rencana.schema.records import Correction, DocumentRecord, PlanRow

DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True, slots=True)
class Limits:
    """What one worker process may use for one file.

    The wall-clock budget is ``base + per_page × pages`` (pages as soon as the worker has
    opened the file; ``base`` until then), never more than ``max_seconds``.
    """

    memory_mb: int = DEFAULT_MEMORY_MB  # RLIMIT_AS of the worker process (address space)
    base_seconds: float = 60.0
    per_page_seconds: float = 10.0
    max_seconds: float = 1800.0

    def __post_init__(self) -> None:
        if self.memory_mb < 256:
            raise ValueError(f"Limits.memory_mb must be >= 256, got {self.memory_mb!r}")
        for name in ("base_seconds", "per_page_seconds", "max_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be > 0, got {getattr(self, name)!r}")

    def budget(self, pages: int | None) -> float:
        """Seconds a file of ``pages`` pages may take (``None``: not opened yet)."""
        return min(self.max_seconds, self.base_seconds + self.per_page_seconds * (pages or 0))


@dataclass(frozen=True, slots=True)
class RunSettings:
    jobs: int = 1
    force: bool = False
    retry_failed: bool = False
    ocr: bool = True
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    limits: Limits = field(default_factory=Limits)
    scheduler: str | None = None  # tcp://HOST:8786: run on a Dask cluster instead of local processes
    keep_missing: bool = (
        False  # keep the rows of files not given to this run (default: the output mirrors the inputs)
    )

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {self.jobs}")

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change what a file's rows are (not jobs, limits or where it runs)."""
        return {"ocr": self.ocr, "extract": asdict(self.extract)}


def settings_id(settings: RunSettings) -> str:
    """A short, stable id of :meth:`RunSettings.fingerprint` (``documents.settings_id``)."""
    text = json.dumps(settings.fingerprint(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(slots=True)
class FileResult:
    """Everything one file contributes to the output tables, and what it cost."""

    source_file: str
    doc_id: str
    document: DocumentRecord
    rows: list[PlanRow]
    corrections: list[Correction]
    issues: list[Issue] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the worker process's peak resident memory
    cpu_seconds: float = 0.0  # the worker process's CPU time (user + system)

    @property
    def status(self) -> str:
        return self.document.status

    @property
    def reason(self) -> Reason | None:
        return self.document.reason

    def renamed(self, source_file: str) -> FileResult:
        """The same result under another name (the same content seen twice)."""
        return replace(
            self, source_file=source_file, document=replace(self.document, source_file=source_file)
        )
