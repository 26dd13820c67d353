"""Page backends: one small protocol, one module per way of reading a page.

*Like* camelot's ``backends/``: a :class:`PageBackend` turns one page into a
:class:`~rencana.schema.records.PageContent` (words, ruling, fills, ink), whatever it reads
(the PDF's text layer, the page's pixels).  Triage picks one per page: the text backend
reads every page first and routes a page without a sane text layer to ``ocr`` (see
:mod:`rencana.extract.text.layer`).  A new backend is one module and one line in
:data:`BACKENDS`.  Page inputs are picklable (a path, a page number, frozen settings), so
pages can go to a process pool as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import pypdfium2 as pdfium

from rencana.extract.ocr.errors import OCR_STACK_FIX, OcrUnavailableError
from rencana.extract.settings import ExtractSettings
from rencana.schema.records import PageContent, Route

__all__ = ["BACKENDS", "PageBackend", "PageInput", "backend"]


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page to read: picklable (the file's path, the 1-based page number, the settings)."""

    path: str
    page_no: int
    settings: ExtractSettings


class PageBackend(Protocol):
    """Reads one page.  ``doc``, when given, is the already open document (a backend that reads
    the PDF itself may use it instead of opening ``page.path`` again)."""

    @property
    def route(self) -> Route: ...

    def read(self, page: PageInput, doc: pdfium.PdfDocument | None = None) -> PageContent: ...


def _text() -> PageBackend:
    from rencana.extract.text.backend import TextBackend

    return TextBackend()


def _ocr() -> PageBackend:
    try:
        from rencana.extract.ocr.backend import OcrBackend
    except ImportError as exc:  # never turn OCR off silently: say what to install
        raise OcrUnavailableError(f"OCR needs tesserocr and OpenCV ({exc})", OCR_STACK_FIX) from exc
    return OcrBackend()


BACKENDS: dict[str, Callable[[], PageBackend]] = {"text": _text, "ocr": _ocr}
"""Backend name -> factory (imported on first use, so the text path never loads OpenCV)."""


def backend(name: str) -> PageBackend:
    """The page backend registered as ``name``; raises :class:`OcrUnavailableError` (with the
    install line) when the OCR stack cannot be imported."""
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise ValueError(f"no page backend {name!r} (known: {', '.join(sorted(BACKENDS))})") from None
    return factory()
