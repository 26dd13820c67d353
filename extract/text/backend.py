"""The text-layer :class:`~rencana.extract.backend.PageBackend`: the PDF's own characters,
ruling and fills, read by PDFium; it also triages (a page without a sane text layer comes
back routed to ``ocr``)."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium

from rencana.extract.backend import PageInput
from rencana.extract.text.layer import read_page
from rencana.schema.records import PageContent, Route


@dataclass(frozen=True, slots=True)
class TextBackend:
    route: Route = "text"

    def read(self, page: PageInput, doc: pdfium.PdfDocument | None = None) -> PageContent:
        """Read ``page`` from ``doc`` when open, else from its path."""
        if doc is not None:
            return read_page(doc, page.page_no - 1, page.settings.text)
        pdf = pdfium.PdfDocument(page.path)
        try:
            return read_page(pdf, page.page_no - 1, page.settings.text)
        finally:
            pdf.close()
