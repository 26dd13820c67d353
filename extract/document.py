"""Extract one decree PDF: triage pages, find the table, rebuild, stitch, read front matter.

This module knows the order of extract/'s own steps for a single file; the
pipeline package calls :func:`extract_document` once per file (in a worker
process) and hands the :class:`ExtractedDocument` to normalise/.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from rencana.extract.backend import PageBackend, PageInput, backend
from rencana.extract.digest import file_sha256
from rencana.extract.front.frontmatter import read_front_matter
from rencana.extract.precheck import (
    ExtractError,
    OpenedPdf,
    PageLoadError,
    open_pdf,
    rebuild_with_qpdf,
    reopen,
    scan_streams,
    sniff,
)
from rencana.extract.settings import ExtractSettings
from rencana.extract.table.columns import frame_map, rule_map, rules_on_bounds
from rencana.extract.table.header import (
    Header,
    agree_leaves,
    is_period,
    locate_header,
    printed_here,
    repeated_header,
    reprinted,
)
from rencana.extract.table.page_table import PageTable, build_page_table, is_ruled_table
from rencana.extract.table.settings import TableSettings
from rencana.extract.table.stitch import stitch
from rencana.extract.text.geometry import horizontal_lines, vertical_lines
from rencana.extract.text.lines import text_lines
from rencana.extract.trace import Trace
from rencana.extract.unreadable import drop_unreadable, lost_table_pages
from rencana.schema.issues import Issue, IssueCode
from rencana.schema.reasons import Reason
from rencana.schema.records import ExtractedDocument, FrontMatter, PageContent, RawRow

__all__ = ["ExtractError", "ExtractSettings", "extract_document", "file_sha256"]

log = logging.getLogger(__name__)


def extract_document(
    path: Path,
    settings: ExtractSettings | None = None,
    ocr_page: PageBackend | None = None,
    progress: Callable[[int, int], None] | None = None,
    doc_id: str | None = None,
    trace: Trace | None = None,
) -> ExtractedDocument:
    """Read ``path`` into an :class:`ExtractedDocument` (rows not yet normalised).

    The capped pre-check (:mod:`rencana.extract.precheck`) runs first and raises
    :class:`ExtractError` with a stable reason code for a file that must not be parsed.
    Pages are read by the text backend; those it routes to OCR by ``ocr_page`` (None: not
    read, flagged ``needs_ocr``).
    """
    settings = settings or ExtractSettings()
    doc_id = doc_id or file_sha256(path)
    sniff(path, settings.precheck)
    if settings.precheck.scan_streams:
        scan_streams(path, settings.precheck)
    with tempfile.TemporaryDirectory(prefix="rencana-open-") as work:
        opened = open_pdf(path, settings.precheck, Path(work))
        try:
            try:
                contents, unread = _read_pages(opened, settings, ocr_page, progress)
            except PageLoadError as exc:
                if opened.repaired:
                    raise
                # PDFium lists a page it cannot load: let qpdf rebuild the file once
                opened.close()
                rebuilt = rebuild_with_qpdf(path, Path(work), str(exc))
                opened = reopen(
                    rebuilt, settings.precheck, [Issue(IssueCode.REPAIRED, f"qpdf rebuilt the file ({exc})")]
                )
                contents, unread = _read_pages(opened, settings, ocr_page, progress)
        finally:
            opened.close()
    if unread and len(unread) == len(contents):
        raise ExtractError(Reason.DAMAGED, f"no page can be loaded ({len(unread)} listed)")
    found = list(opened.issues)
    found.extend(Issue(IssueCode.UNREADABLE_PAGES, str(p), page=p) for p in unread)
    found.extend(Issue(IssueCode.IMAGE_TOO_LARGE, str(p), page=p) for p in opened.refused_images)
    doc = assemble(path, doc_id, contents, settings, trace)
    return replace(doc, issues=(*doc.issues, *found))


def _read_pages(
    opened: OpenedPdf,
    settings: ExtractSettings,
    ocr_page: PageBackend | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[PageContent], list[int]]:
    """Every page's content; on a rebuilt file, pages PDFium still cannot load come back empty."""
    n = len(opened.pdf)
    text = backend("text")
    contents: list[PageContent] = []
    unread: list[int] = []
    for i in range(n):
        page = PageInput(str(opened.path), i + 1, settings)
        try:
            content = text.read(page, opened.pdf)
        except pdfium.PdfiumError as exc:
            if not opened.repaired:
                raise PageLoadError(f"page {i + 1}: {exc}") from exc
            unread.append(i + 1)
            content = PageContent(i + 1, 0.0, 0.0, "empty", (), triage_reason=f"unreadable: {exc}")
        if content.route == "ocr" and ocr_page is not None and settings.ocr:
            content = _ocr_read(ocr_page, page, content, opened.refused_images)
        contents.append(content)
        if progress:
            progress(i + 1, n)
    return contents, unread


def _ocr_read(ocr: PageBackend, page: PageInput, triaged: PageContent, refused: list[int]) -> PageContent:
    """The page read by OCR; an image too large to decode safely (a decompression bomb) leaves it
    unread (as triaged) and listed in ``refused``."""
    try:
        return ocr.read(page)
    except ValueError as exc:
        from rencana.extract.ocr.raster import PageTooLargeError

        if not isinstance(exc, PageTooLargeError):
            raise
        refused.append(page.page_no)
        return triaged


def continuation_header(
    content: PageContent, header: Header, prev: PageTable, before: PageContent | None = None
) -> Header | None:
    """The previous page's header geometry placed above this page's first ruled row, if it has one
    (on a scan without column rules, moved by the table's frame from ``before``, the page before)."""
    left, right = prev.bounds[0], prev.bounds[-1]
    wide = [ln for ln in horizontal_lines(content.segments) if ln.covers(left, right) >= 0.6]
    if len(wide) < 2:
        return None
    top = wide[0].y
    scan = content.route == "ocr"  # a scan's page is warped on its own: its rules shift a little
    tol, share = (8.0, 0.7) if scan else (3.0, 1.0)
    vlines = vertical_lines(content.segments)
    a, b = rule_map(vlines, prev.bounds, top, wide[-1].y, 3 * tol) if scan else (1.0, 0.0)
    if scan and (a, b) == (1.0, 0.0) and before is not None:  # issue 10b: no column rule matched
        framed = [ln for ln in horizontal_lines(before.segments) if ln.covers(left, right) >= 0.6]
        a, b = frame_map(framed, wide) or (a, b)
    bounds = [a * x + b for x in prev.bounds]
    if not rules_on_bounds(vlines, bounds, top, wide[-1].y, tol, share):
        return None  # its column rules stand elsewhere: another table
    if any(w.cy < top and left <= w.cx <= right for w in content.words if w.cy > 0.12 * content.height):
        return None  # text above the first rule inside the table's columns: not a bare continuation
    centres = tuple(a * c + b for c in header.centres)
    left, right = a * header.left + b, a * header.right + b
    return replace(
        header,
        top=top - 1,
        bottom=top - 0.5,
        left=left,
        right=right,
        centres=centres,
        column_number_row=False,
    )


def _tables(
    contents: list[PageContent], s: TableSettings, trace: Trace | None = None
) -> tuple[list[PageTable], dict[int, Header], list[Issue]]:
    """Each page's table below its header (or the previous page's, for a bare continuation),
    and the findings: other tables, missing columns, a header whose grid could not be mapped."""
    tables: list[PageTable] = []
    headers: dict[int, Header] = {}
    issues: list[Issue] = []
    last: tuple[Header, PageTable] | None = None

    def unmapped_at(page: PageContent) -> bool:
        return any(i.code is IssueCode.UNMAPPED_TABLE and i.page == page.page for i in issues)

    located = _printed_before(contents, [_locate(content, s) for content in contents])
    located = list(zip(agree_leaves([h for h, _ in located]), [why for _, why in located], strict=True))
    for prev, content, (header, unmapped) in zip([None, *contents], contents, located, strict=False):
        if last is not None and last[1].page == content.page - 1:
            header = _next_page_header(content, prev, header, last)
        if header is None:
            if unmapped:
                issues.append(
                    Issue(IssueCode.UNMAPPED_TABLE, f"page {content.page}: {unmapped}", page=content.page)
                )
            elif tables and is_ruled_table(content):
                issues.append(Issue(IssueCode.OTHER_TABLE, page=content.page))
                if content.route == "ocr" and last is not None and _runs_on(last[1], content):
                    why = "a ruled table after an open table page that could not be placed under it"
                    issues.append(Issue(IssueCode.TABLE_UNREADABLE, why, page=content.page))
            elif (
                content.route == "ocr" and is_ruled_table(content) and prev is not None and unmapped_at(prev)
            ):
                why = f"a ruled table after page {prev.page}, whose header could not be read"
                issues.append(Issue(IssueCode.TABLE_UNREADABLE, why, page=content.page))
            last = None
            continue
        if header.missing and not tables:
            issues.append(Issue(IssueCode.MISSING_COLUMN, ",".join(header.missing), page=content.page))
        if header.uncertain:
            issues.append(Issue(IssueCode.COLUMN_ROLES_UNCERTAIN, header.uncertain, page=content.page))
        if header.positional and not tables:
            mapped = "; ".join(header.positional)
            issues.append(Issue(IssueCode.COLUMNS_BY_POSITION, mapped, page=content.page))
        headers[content.page] = header
        table = build_page_table(content, header, s, trace.page(content.page) if trace else None)
        tables.append(table)
        last = (header, table)
    # a found table makes an unmapped header elsewhere a note, not the reason (on a scan, a lost page)
    return tables, headers, lost_table_pages(contents, issues, bool(tables))


def _locate(content: PageContent, s: TableSettings) -> tuple[Header | None, str]:
    if not content.words:
        return None, ""
    return locate_header(
        content.words, horizontal_lines(content.segments), s, vertical_lines(content.segments)
    )


def _printed_before(
    contents: list[PageContent], located: list[tuple[Header | None, str]]
) -> list[tuple[Header | None, str]]:
    """The first header found, also on the pages before it where the same header is printed
    (8400-053: a header found by its shape on page 5 only, the first table pages having too few
    rows to show which columns hold running text, lost pages 3-4 without a word)."""
    first = next((i for i, (header, _) in enumerate(located) if header is not None), None)
    if first is None:
        return located
    header = located[first][0]
    assert header is not None
    out = list(located)
    for i in range(first):
        if out[i][0] is None and contents[i].route == "text":
            moved = printed_here(contents[i].words, contents[first].words, header)
            out[i] = (moved, "") if moved is not None else out[i]
    return out


def _runs_on(prev: PageTable, content: PageContent) -> bool:
    """Whether the table of the page before ``content`` may run on to it: it was not closed by
    the sign-off (a scan's next ruled table is then most likely its continuation, read wrong)."""
    return not prev.closed and prev.page == content.page - 1


def _next_page_header(
    content: PageContent, prev: PageContent | None, header: Header | None, last: tuple[Header, PageTable]
) -> Header | None:
    """The header of the page after a table page: the last page's where it is printed again (or
    misread), the last page's placed above the rows of a bare continuation, or the one read."""
    again = reprinted(content.words, prev.words, last[0]) if header is None and prev is not None else None
    if again is not None:
        return again  # the header row printed again, body text under it kept it unread
    if header is not None:
        kept = repeated_header(header, last[0])
        if kept is not header and content.route == "ocr":
            return _placed_as(kept, header)  # a scan's page is warped on its own
        return kept
    if not last[1].closed:
        # the table runs on without a repeated header (Word's "repeat header rows" off)
        return continuation_header(content, last[0], last[1], prev)
    return None


def _placed_as(kept: Header, own: Header) -> Header:
    """The last page's header ``kept`` (its roles) moved to where this page's own reading ``own``
    puts its periods: each photo is warped on its own, so the same header stands a few points
    aside and a few per cent wider (702-003 p6, 702-006 p8: every mark a month early)."""
    before = [c for c, r in zip(kept.centres, kept.roles, strict=True) if is_period(r)]
    here = [c for c, r in zip(own.centres, own.roles, strict=True) if is_period(r)]
    if len(before) != len(here) or len(here) < 2:
        return kept
    a, b = (float(v) for v in np.polyfit(before, here, 1))
    centres = tuple(a * c + b for c in kept.centres)
    moved = replace(kept, top=own.top, bottom=own.bottom, left=a * kept.left + b, right=a * kept.right + b)
    return replace(moved, centres=centres, column_number_row=own.column_number_row)


def _scan_issues(contents: list[PageContent]) -> list[Issue]:
    """Pages routed to OCR but not read (OCR disabled or unavailable); what the scanned pages
    were like: blank, low resolution, turned to be read."""
    out: list[Issue] = []
    unread = [c.page for c in contents if c.route == "ocr" and not c.ocr_read]
    if unread:
        detail = f"{len(unread)} page(s) not read: {','.join(map(str, unread))}"
        out.append(Issue(IssueCode.NEEDS_OCR, detail, unread[0]))
    scans = [c for c in contents if c.route == "ocr" and c.ocr_read]
    out += [Issue(IssueCode.BLANK_PAGES, page=c.page) for c in scans if c.blank]
    out += [Issue(IssueCode.LOW_RESOLUTION_SCAN, page=c.page) for c in scans if c.low_resolution]
    turned = [f"{c.page}@{c.rotation}" for c in scans if c.rotation]
    if turned:
        # one flag lists every turned page (documents.flags keeps its published form)
        first = next(c.page for c in scans if c.rotation)
        out.append(Issue(IssueCode.TURNED_PAGES, ",".join(turned), page=first))
    return out


def _front_matter(
    contents: list[PageContent], tables: list[PageTable], headers: dict[int, Header], others: set[int]
) -> FrontMatter:
    """Front matter from the text around the table: the pages before it, the LAMPIRAN block
    above it, the signature block after it (not a second lampiran table's pages, ``others``)."""
    first_table = min(headers) if headers else len(contents) + 1
    front_pages = [text_lines(c.words) for c in contents if c.page < first_table]
    caption: list[str] = []
    if headers:
        # the LAMPIRAN block above the table repeats NOMOR / TANGGAL / TENTANG: it is
        # all a lampiran-only PDF has
        first = next(c for c in contents if c.page == first_table)
        caption = text_lines(first.words, bottom=headers[first_table].top - 1)
        front_pages.append(caption)
    if tables:
        final = tables[-1]
        tail = next(c for c in contents if c.page == final.page)
        front_pages.append(text_lines(tail.words, top=final.table_bottom + 1))
        front_pages.extend(
            text_lines(c.words) for c in contents if c.page > final.page and c.page not in others
        )
    scanned = any(c.route == "ocr" for c in contents)
    return replace(read_front_matter(front_pages, ocr=scanned), caption=" ".join(caption))


def _low_confidence(rows: list[RawRow], threshold: float) -> list[Issue]:
    """Rows whose weakest text cell (``RawRow.ocr_conf``, the minimum) reads below ``threshold``."""
    return [
        Issue(IssueCode.LOW_OCR_CONFIDENCE, f"{r.ocr_conf:.0f}", page=r.page, field="sub_kegiatan")
        for r in rows
        if r.ocr_conf is not None and r.ocr_conf < threshold
    ]


def assemble(
    path: Path,
    doc_id: str,
    contents: list[PageContent],
    settings: ExtractSettings | None = None,
    trace: Trace | None = None,
) -> ExtractedDocument:
    """Tables, stitching and front matter from already-read pages (``trace``: record what was seen)."""
    s = settings or ExtractSettings()
    if trace is not None:
        trace.contents = tuple(contents)
    tables, headers, table_issues = _tables(contents, s.table, trace)
    others = {i.page for i in table_issues if i.code is IssueCode.OTHER_TABLE and i.page is not None}
    front = _front_matter(contents, tables, headers, others)
    tables, unreadable = drop_unreadable(contents, tables, headers)
    rows = stitch(tables, s.table)
    issues = [*_scan_issues(contents), *table_issues, *unreadable, *_low_confidence(rows, s.low_ocr_conf)]
    clean = sum(1 for t in tables if t.ruled_rows and t.ruled_columns)
    score = clean / len(tables) if tables else 0.0
    return ExtractedDocument(
        source_file=str(path),
        doc_id=doc_id,
        pages=len(contents),
        ocr_pages=tuple(c.page for c in contents if c.route == "ocr" and c.ocr_read),
        routes=tuple(c.route for c in contents),
        front=front,
        rows=tuple(rows),
        table_pages=tuple(t.page for t in tables),
        table_score=round(score, 3),
        issues=tuple(issues),
    )
