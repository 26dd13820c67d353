"""The capped pre-check: reject a hostile or broken file fast, with a stable reason code.

Runs before any page is read, in the worker process (under its memory cap and time budget):

1. :func:`sniff` — bytes only: empty file, size cap, ``%PDF-`` in the first 1024 bytes
   (else say what the file looks like: HTML error page, PNG, ZIP/Office file, text…).
2. :func:`scan_streams` — every compressed non-image stream is inflated *incrementally*
   (1 MiB at a time, output counted and thrown away) up to a cap, so a Flate bomb — one
   4 MiB stream that inflates to 4 GiB, or a doubly-compressed one — is rejected in
   milliseconds instead of aborting PDFium (which calls ``abort()`` when an allocation
   fails).  Chains of FlateDecode filters are followed layer by layer.
3. :func:`open_pdf` — PDFium opens the file; when it refuses (its verdicts "incorrect
   password" and "data format error" are not always right), qpdf (pikepdf) gives a second
   opinion: a password it cannot get past either → ``encrypted``; a file it can rebuild
   (broken xref, truncation, R6 encryption with an empty user password) is written
   to the work folder and PDFium reads the rebuilt copy; no pages → ``no_pages``;
   otherwise ``damaged``.
4. :func:`check_pages` — page count and page sizes against their caps (PDFium reads them from
   the page dictionaries, no content is parsed).

Every rejection is an :class:`ExtractError` whose ``reason`` is a :class:`Reason`.
"""

from __future__ import annotations

import logging
import mmap
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from rencana.schema.issues import Issue, IssueCode
from rencana.schema.reasons import Reason

log = logging.getLogger(__name__)

MIB = 1 << 20
HEADER_WINDOW = 1024  # the PDF header must start within the first 1024 bytes (as Acrobat accepts)
MAX_PAGE_SIDE_PT = 14400.0  # PDF 1.7 (ISO 32000-1, Annex C): 200 inches at 72 pt/in
_CHUNK_IN = 64 * 1024
_CHUNK_OUT = MIB


class ExtractError(Exception):
    """The file cannot be read as a decree PDF; ``reason`` is a stable :class:`Reason`."""

    def __init__(self, reason: Reason | str, message: str) -> None:
        self.reason = Reason(reason)
        self.code = self.reason.value
        self.message = message
        super().__init__(f"{self.code}: {message}")


@dataclass(frozen=True, slots=True)
class PrecheckSettings:
    """Caps of the pre-check."""

    max_file_mb: float = 512.0
    max_pages: int = 400
    max_page_side: float = MAX_PAGE_SIDE_PT
    max_stream_mb: float = 64.0  # one stream inflating past this is a bomb
    max_inflated_mb: float = 512.0  # all streams of the file together
    scan_streams: bool = True

    def __post_init__(self) -> None:
        for name in ("max_file_mb", "max_stream_mb", "max_inflated_mb", "max_page_side"):
            if getattr(self, name) <= 0:
                raise ValueError(f"PrecheckSettings.{name} must be > 0, got {getattr(self, name)!r}")
        if self.max_pages < 1:
            raise ValueError(f"PrecheckSettings.max_pages must be >= 1, got {self.max_pages!r}")


# --------------------------------------------------------------------------- 1. bytes
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
)


def looks_like(head: bytes) -> str:
    """A short description of what a non-PDF file seems to be, from its first bytes."""
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            if magic == b"PK\x03\x04":
                if b"word/" in head:
                    return "a Word .docx file (ZIP) renamed .pdf"
                if b"xl/" in head:
                    return "an Excel .xlsx file (ZIP) renamed .pdf"
            return f"{what} renamed .pdf"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")) or any(t in low for t in (b"<html", b"<head", b"<body")):
        return "an HTML page (a failed download?)"
    if low.startswith(b"<?xml"):
        return "an XML file"
    if head:
        printable = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
        if printable / len(head) > 0.95:
            return "plain text"
    return "unknown binary data"


def sniff(path: Path, settings: PrecheckSettings) -> int:
    """Byte-level checks; returns the file size.  Raises :class:`ExtractError`."""
    size = path.stat().st_size
    if size == 0:
        raise ExtractError(Reason.EMPTY_FILE, "the file is empty (0 bytes)")
    if size > settings.max_file_mb * MIB:
        raise ExtractError(
            Reason.FILE_TOO_LARGE, f"{size / MIB:.0f} MiB (cap {settings.max_file_mb:.0f} MiB)"
        )
    with open(path, "rb") as fh:
        head = fh.read(HEADER_WINDOW)
        if b"%PDF-" in head:
            return size
        fh.seek(0)
        later = fh.read(64 * 1024).find(b"%PDF-")
    if later >= 0:
        raise ExtractError(
            Reason.NOT_A_PDF,
            f"the %PDF- header starts at byte {later}, beyond the first {HEADER_WINDOW} bytes",
        )
    raise ExtractError(Reason.NOT_A_PDF, f"no %PDF- header; looks like {looks_like(head)}")


# --------------------------------------------------------------------------- 2. streams
_STREAM_KW = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()]+)")
_NAME = re.compile(rb"/([^\s/<>\[\]()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


@dataclass(slots=True)
class StreamScan:
    streams: int = 0  # Flate-compressed non-image streams inflated
    inflated: int = 0  # their bytes after inflation
    largest: int = 0


def _flate_layers(dict_text: bytes) -> int:
    """How many FlateDecode filters open the stream's filter chain (0: not Flate first)."""
    m = _FILTER.search(dict_text)
    if not m:
        return 0
    layers = 0
    for name in _NAME.findall(m.group(1)):
        if name not in (b"FlateDecode", b"Fl"):
            break
        layers += 1
    return layers


def _inflate(data: mmap.mmap | bytes, start: int, layers: int, cap: int) -> int:
    """Bytes that ``layers`` chained inflaters produce from ``data[start:]``, stopping past ``cap``.

    Memory stays bounded: every call produces at most 1 MiB, which is counted and dropped
    (or handed to the next layer).  Returns ``cap + 1`` as soon as the cap is passed;
    corrupt data simply ends the count (PDFium decides what to do with it).
    """
    inflaters = [zlib.decompressobj() for _ in range(layers)]
    total = 0

    def feed(level: int, chunk: bytes) -> int:
        produced = 0
        inflater = inflaters[level]
        pending = chunk
        while pending and not inflater.eof:
            out = inflater.decompress(pending, _CHUNK_OUT)
            pending = inflater.unconsumed_tail
            if level + 1 < len(inflaters):
                produced += feed(level + 1, out)
            else:
                produced += len(out)
            if total + produced > cap:
                return produced
            if not out and not pending:
                break
        return produced

    pos, end = start, len(data)
    try:
        while pos < end and not inflaters[0].eof:
            total += feed(0, bytes(data[pos : pos + _CHUNK_IN]))
            pos += _CHUNK_IN
            if total > cap:
                return cap + 1
    except zlib.error:
        pass
    return total


def _dict_before(data: mmap.mmap | bytes, at: int) -> bytes | None:
    window = bytes(data[max(0, at - 4096) : at])
    if not window.rstrip().endswith(b">>"):
        return None
    obj = window.rfind(b"obj")
    return window[obj + 3 :] if obj >= 0 else window


def scan_streams(path: Path, settings: PrecheckSettings) -> StreamScan:
    """Inflate every Flate stream (images excepted) up to the caps; raise on a bomb."""
    scan = StreamScan()
    per_stream = int(settings.max_stream_mb * MIB)
    per_file = int(settings.max_inflated_mb * MIB)
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for m in _STREAM_KW.finditer(data):  # type: ignore[call-overload]
            head = _dict_before(data, m.start())
            if head is None or _IMAGE.search(head):
                continue  # images are bounded by the renderer's pixel caps, not here
            layers = _flate_layers(head)
            if not layers:
                continue
            cap = min(per_stream, per_file - scan.inflated)
            size = _inflate(data, m.end(), layers, cap)
            scan.streams += 1
            if size > cap:
                where = f"stream at byte {m.end()} ({layers}× FlateDecode)"
                if cap < per_stream:
                    raise ExtractError(
                        Reason.DECOMPRESSION_BOMB,
                        f"streams inflate past {settings.max_inflated_mb:.0f} MiB in total ({where})",
                    )
                raise ExtractError(
                    Reason.DECOMPRESSION_BOMB,
                    f"{where} inflates past {settings.max_stream_mb:.0f} MiB",
                )
            scan.inflated += size
            scan.largest = max(scan.largest, size)
    return scan


# --------------------------------------------------------------------------- 3. open
@dataclass(slots=True)
class OpenedPdf:
    """An open PDFium document, the path it was read from, and what it took to open it."""

    pdf: pdfium.PdfDocument
    path: Path  # the input, or qpdf's rebuilt copy in the work folder
    issues: list[Issue] = field(default_factory=list)
    repaired: bool = False
    refused_images: list[int] = field(default_factory=list)  # pages whose image was too large to OCR

    def close(self) -> None:
        self.pdf.close()


def _clean(message: str, path: Path) -> str:
    """An engine's message without the file's path (messages must not depend on where it was read)."""
    text = str(message).replace(str(path), "").strip(" :")
    return " ".join(text.split())[:200]


def _pdfium_open(path: Path) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(str(path))


def rebuild_with_qpdf(path: Path, workdir: Path, why: str) -> Path:
    """qpdf's second opinion: a rebuilt, decrypted copy of ``path`` in ``workdir``.

    Raises ``encrypted`` (a user password is needed), ``no_pages`` or ``damaged``.
    """
    try:
        import pikepdf
    except ImportError as exc:  # pragma: no cover - pikepdf is a dependency
        raise ExtractError(Reason.DAMAGED, f"PDFium: {why}; qpdf (pikepdf) is not installed") from exc
    try:
        with pikepdf.open(path) as q:
            if len(q.pages) == 0:
                raise ExtractError(Reason.NO_PAGES, "the PDF has no pages")
            out = workdir / "rebuilt-by-qpdf.pdf"
            q.save(out)  # without encryption: PDFium then reads it with no password
    except pikepdf.PasswordError as exc:
        raise ExtractError(
            Reason.ENCRYPTED,
            "a password is needed to open it; decrypt it (qpdf --decrypt --password=… in.pdf out.pdf)",
        ) from exc
    except (pikepdf.PdfError, RuntimeError, OSError, ValueError) as exc:
        raise ExtractError(Reason.DAMAGED, f"PDFium: {why}; qpdf: {_clean(str(exc), path)}") from exc
    return out


def _encryption_issue(pdf: pdfium.PdfDocument) -> list[Issue]:
    revision = pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw)
    if revision < 0:
        return []
    return [Issue(IssueCode.ENCRYPTED, f"opened with an empty user password (security handler R{revision})")]


def open_pdf(path: Path, settings: PrecheckSettings, workdir: Path) -> OpenedPdf:
    """Open ``path`` with PDFium, falling back to qpdf's rebuilt copy; check its pages."""
    try:
        pdf = _pdfium_open(path)
    except pdfium.PdfiumError as exc:
        why = _clean(str(exc), path)
        rebuilt = rebuild_with_qpdf(path, workdir, why)
        return reopen(
            rebuilt, settings, [Issue(IssueCode.REPAIRED, f"qpdf rebuilt the file (PDFium: {why})")]
        )
    opened = OpenedPdf(pdf, path, _encryption_issue(pdf))
    try:
        check_pages(pdf, settings)
    except PageLoadError as exc:
        opened.close()
        rebuilt = rebuild_with_qpdf(path, workdir, str(exc))
        return reopen(
            rebuilt, settings, [Issue(IssueCode.REPAIRED, f"qpdf rebuilt the file (PDFium: {exc})")]
        )
    except BaseException:
        opened.close()
        raise
    return opened


def reopen(rebuilt: Path, settings: PrecheckSettings, issues: list[Issue]) -> OpenedPdf:
    """Open qpdf's rebuilt copy (no further fallback)."""
    try:
        pdf = _pdfium_open(rebuilt)
    except pdfium.PdfiumError as exc:
        raise ExtractError(
            Reason.DAMAGED, f"PDFium cannot read qpdf's rebuilt copy either ({_clean(str(exc), rebuilt)})"
        ) from exc
    opened = OpenedPdf(pdf, rebuilt, [*issues, *_encryption_issue(pdf)], repaired=True)
    try:
        check_pages(pdf, settings)
    except PageLoadError:
        pass  # the pages PDFium still cannot load are skipped one by one (flagged)
    except BaseException:
        opened.close()
        raise
    return opened


class PageLoadError(Exception):
    """PDFium lists a page it cannot load."""


# --------------------------------------------------------------------------- 4. pages
def page_sizes(pdf: pdfium.PdfDocument) -> Iterator[tuple[float, float]]:
    for i in range(len(pdf)):
        try:
            w, h = pdf.get_page_size(i)
        except pdfium.PdfiumError as exc:
            raise PageLoadError(f"page {i + 1}: {exc}") from exc
        yield abs(w), abs(h)


def check_pages(pdf: pdfium.PdfDocument, settings: PrecheckSettings) -> int:
    """Page count and sizes against the caps; returns the page count."""
    n = len(pdf)
    if n == 0:
        raise ExtractError(Reason.NO_PAGES, "the PDF has no pages")
    if n > settings.max_pages:
        raise ExtractError(Reason.TOO_MANY_PAGES, f"{n} pages (cap {settings.max_pages})")
    for i, (w, h) in enumerate(page_sizes(pdf), start=1):
        if max(w, h) > settings.max_page_side + 1:
            raise ExtractError(
                Reason.PAGE_TOO_LARGE,
                f"page {i} is {w:.0f} × {h:.0f} pt (PDF allows at most {settings.max_page_side:.0f} pt)",
            )
    return n
