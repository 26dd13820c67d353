"""Read a PDF the way ``rencana extract`` does, with a trace, and draw what was seen on each page.

:func:`look` runs :func:`~rencana.extract.document.extract_document` with a
:class:`~rencana.extract.trace.Trace` and an OCR backend that keeps each scanned page's read
(the image after clean-up, warping and turning; the ruling masks).  :func:`draw_page` draws one
page: digital pages on pdfplumber's ``PageImage`` (PDFium's rendering), scanned pages on the
image the OCR path read, the original scan kept beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image

from rencana.extract.backend import PageInput
from rencana.extract.document import extract_document
from rencana.extract.settings import ExtractSettings
from rencana.extract.trace import Trace
from rencana.schema.records import ExtractedDocument, PageContent, Route, Segment
from rencana.show import layers
from rencana.show.paint import Painter

if TYPE_CHECKING:
    from rencana.extract.ocr.read import PageRead

DPI = 100.0  # pictures are drawn at this resolution, whatever the scan's


@dataclass(slots=True)
class _SeeingOcr:
    """The OCR backend, keeping each page's read; pages outside ``only`` are left unread."""

    reads: dict[int, PageRead]
    only: set[int] | None = None
    route: Route = "ocr"

    def read(self, page: PageInput, doc: object = None) -> PageContent:
        from rencana.extract.ocr.backend import ocr_page

        if self.only is not None and page.page_no not in self.only:
            return PageContent(page.page_no, 0.0, 0.0, "ocr", (), triage_reason="not read by show")
        seen: list[PageRead] = []
        content = ocr_page(page.path, page.page_no, page.settings.ocr_settings, seen=seen)
        if seen:
            self.reads[page.page_no] = seen[-1]
        return content


@dataclass(slots=True)
class Seen:
    """One document as the pipeline saw it."""

    path: Path
    document: ExtractedDocument
    trace: Trace
    reads: dict[int, PageRead] = field(default_factory=dict)
    settings: ExtractSettings = field(default_factory=ExtractSettings)


@dataclass(slots=True)
class PagePicture:
    """One page drawn: the picture, the scan beside it (scanned pages), what was drawn."""

    page: int
    route: str
    image: Image.Image
    original: Image.Image | None
    drawn: list[dict[str, Any]]


def look(path: Path, pages: Iterable[int] | None = None, settings: ExtractSettings | None = None) -> Seen:
    """Extract ``path`` with a trace.  With ``pages``, scanned pages other than those (and the page
    before each, whose table a bare continuation takes its header from) are not OCR'd."""
    s = settings or ExtractSettings()
    wanted = set(pages) if pages else None
    only = None if wanted is None else wanted | {p - 1 for p in wanted}
    trace = Trace()
    reads: dict[int, PageRead] = {}
    doc = extract_document(Path(path), s, _SeeingOcr(reads, only), trace=trace)
    return Seen(Path(path), doc, trace, reads, s)


def draw_page(seen: Seen, page_no: int, pdf: Any = None) -> PagePicture:
    """Page ``page_no`` (1-based) with every layer drawn; ``pdf``: an open pdfplumber document."""
    content = seen.trace.contents[page_no - 1]
    read = seen.reads.get(page_no)
    if read is not None:
        painter, refused = _scan_painter(read, content, seen.settings)
        original: Image.Image | None = _render(seen.path, page_no)
    else:
        painter, refused, original = _digital_painter(seen.path, page_no, pdf), [], None
    pt = seen.trace.pages.get(page_no)
    layers.ruling(painter, pt, content.segments, refused)
    if pt is not None:
        layers.grid(painter, pt)
        layers.rows(painter, pt, content)
    layers.front(painter, seen.document.front, content)
    found = [i for i in seen.document.issues if i.page == page_no or (i.page is None and page_no == 1)]
    layers.issues(painter, found, pt)
    return PagePicture(page_no, content.route, painter.image, original, painter.record())


def _digital_painter(path: Path, page_no: int, pdf: Any) -> Painter:
    own = pdf is None
    pdf = pdf or pdfplumber.open(path)
    try:
        image = pdf.pages[page_no - 1].to_image(resolution=DPI)
    finally:
        if own:
            pdf.close()
    return Painter(image.annotated, image.scale, plumber=image)


def _scan_painter(read: PageRead, content: PageContent, s: ExtractSettings) -> tuple[Painter, list[Segment]]:
    """A painter on the image the OCR path read, and the ruling it refused (in points)."""
    import cv2

    from rencana.extract.ocr import ruling

    h, w = read.gray.shape[:2]
    dpi = 72.0 * w / content.width if content.width else 300.0
    found = ruling.segments_from_masks(read.ruling, dpi, s.ocr_settings.lines)
    kept = set(read.segments)
    refused = [g for g in found if g not in kept]
    k = DPI / dpi
    small = cv2.resize(read.gray, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_AREA)
    return Painter(Image.fromarray(small).convert("RGB"), DPI / 72.0), refused


def _render(path: Path, page_no: int) -> Image.Image:
    """The page as printed in the file (PDFium), for beside the read image."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_no - 1]
        image: Image.Image = page.render(scale=DPI / 72.0).to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    return image
