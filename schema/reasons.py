"""Reason codes: why a file is not ``ok``, as a fixed, documented set (part of the data contract).

``documents.reason`` holds one of these codes (null when the file is ok); ``documents.error``
holds the one-line ``code: message`` for a person.  Like OCRmyPDF's ``ExitCode``, a code
never changes meaning once published: add new ones, do not rename.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why a file ended ``failed`` (the input was unusable) or ``partial`` (read, but incomplete)."""

    # failed: rejected by the pre-check, before any page is read
    EMPTY_FILE = "empty_file"
    NOT_A_PDF = "not_a_pdf"
    FILE_TOO_LARGE = "file_too_large"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    TOO_MANY_PAGES = "too_many_pages"
    PAGE_TOO_LARGE = "page_too_large"
    DECOMPRESSION_BOMB = "decompression_bomb"
    # failed: stopped by the isolation of the worker process
    TIMEOUT = "timeout"
    OUT_OF_MEMORY = "out_of_memory"
    CRASHED = "crashed"
    # failed: the run itself
    UNREADABLE = "unreadable"
    INTERNAL_ERROR = "internal_error"
    # partial: the file was read, the result is incomplete
    NO_PAGES = "no_pages"
    NO_TABLE = "no_table"
    INCOMPLETE = "incomplete"

    @property
    def description(self) -> str:
        return REASONS[self][1]

    @property
    def status(self) -> str:
        return REASONS[self][0]


REASONS: dict[Reason, tuple[str, str]] = {
    Reason.EMPTY_FILE: ("failed", "the file is 0 bytes"),
    Reason.NOT_A_PDF: (
        "failed",
        "no `%PDF-` header in the first 1024 bytes; the message says what it looks like "
        "(HTML error page, PNG/JPEG image, ZIP/Office file, text)",
    ),
    Reason.FILE_TOO_LARGE: ("failed", "the file is larger than the size cap (`--max-file-mb`)"),
    Reason.DAMAGED: (
        "failed",
        "a PDF header, but neither PDFium nor qpdf (repair) can open the document or any of its pages",
    ),
    Reason.ENCRYPTED: (
        "failed",
        "a user password is needed to open it (both PDFium and qpdf refuse the empty password); "
        "decrypt with `qpdf --decrypt --password=… in.pdf out.pdf`",
    ),
    Reason.TOO_MANY_PAGES: ("failed", "more pages than the page cap (400 by default): not a decree"),
    Reason.PAGE_TOO_LARGE: ("failed", "a page side beyond PDF's 14,400 pt (200 in) limit"),
    Reason.DECOMPRESSION_BOMB: (
        "failed",
        "a compressed stream inflates past the cap (64 MiB per stream, 512 MiB per file)",
    ),
    Reason.TIMEOUT: (
        "failed",
        "the worker exceeded its wall-clock budget (scaled by page count, capped) and was killed "
        "with its process group",
    ),
    Reason.OUT_OF_MEMORY: ("failed", "the worker hit its memory cap (RLIMIT_AS)"),
    Reason.CRASHED: (
        "failed",
        "the worker process died from a signal (a native crash in a PDF or OCR library); "
        "the message names the signal",
    ),
    Reason.UNREADABLE: ("failed", "the input file could not be read (permissions, vanished)"),
    Reason.INTERNAL_ERROR: ("failed", "an unexpected error in rencana itself: please report it"),
    Reason.NO_PAGES: ("partial", "a valid PDF with zero pages"),
    Reason.NO_TABLE: ("partial", "no action-plan table header was found on any page"),
    Reason.INCOMPLETE: (
        "partial",
        "rows were read but the decree number, date or satker is missing, pages still need OCR, "
        "a table page could not be read, the column roles are uncertain or no sub-kegiatan column was found",
    ),
}
