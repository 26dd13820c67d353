"""Honest failure on scanned pages: a table page that could not be read gives no rows.

A person reads a photocopy or a photo; when rencana cannot, it must say so rather than emit
rows of noise under ``ok``.  A page read by OCR (not blank) is *unreadable* when

* its table rows were read with a median confidence (``RawRow.ocr_conf``: each row's weakest
  text cell) below ``UNREADABLE_ROW_CONF`` — what Tesseract makes of a table it cannot see;
* or it has no table but its words were read with a mean confidence below
  ``UNREADABLE_PAGE_CONF`` (a page of noise, a sheet photographed at a steep angle), or it
  shows a ruled lattice whose header could not be found.

Its rows are dropped and a ``table_unreadable`` issue names the page; normalise/ makes the
file ``partial``.  Precision over recall: a flagged gap beats a wrong row.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from rencana.extract.table.page_table import PageTable
from rencana.schema.issues import Issue, IssueCode
from rencana.schema.records import PageContent

UNREADABLE_ROW_CONF = 50.0  # median of the rows' weakest-cell confidence on a readable page: 75-95
UNREADABLE_PAGE_CONF = 45.0  # mean word confidence of a page with text Tesseract could see: 70-95
LATTICE_MIN_RULES = 4  # this many rules each way make a ruled table


def _lattice(content: PageContent) -> bool:
    h = sum(1 for g in content.segments if g.horizontal)
    return h >= LATTICE_MIN_RULES and len(content.segments) - h >= LATTICE_MIN_RULES


def _why(content: PageContent, table: PageTable | None) -> str:
    """Why the page's table cannot be read, or "" when it can (or the page is not a scan)."""
    if content.route != "ocr" or not content.ocr_read or content.blank:
        return ""
    if table is not None:
        confs = [r.ocr_conf for r in table.rows if r.ocr_conf is not None and not r.section]
        if confs and median(confs) < UNREADABLE_ROW_CONF:
            return f"rows read at median confidence {median(confs):.0f}"
        return ""
    conf = content.mean_ocr_conf
    if content.words and conf is not None and conf < UNREADABLE_PAGE_CONF:
        return f"text read at mean confidence {conf:.0f}"
    if _lattice(content):
        return "a ruled table without a header that could be read"
    return ""


def drop_unreadable(
    contents: Sequence[PageContent], tables: list[PageTable]
) -> tuple[list[PageTable], list[Issue]]:
    """The tables of the readable pages, and one ``table_unreadable`` issue per page that is not."""
    by_page = {t.page: t for t in tables}
    issues: list[Issue] = []
    for content in contents:
        why = _why(content, by_page.get(content.page))
        if why:
            issues.append(Issue(IssueCode.TABLE_UNREADABLE, why, page=content.page))
    bad = {i.page for i in issues}
    return [t for t in tables if t.page not in bad], issues
