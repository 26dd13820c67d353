"""Honest failure on scanned pages: a table page that could not be read gives no rows.

A person reads a photocopy or a photo; when rencana cannot, it must say so rather than emit
rows of noise under ``ok``.  A page read by OCR (not blank) is *unreadable* when

* its table rows were read with a median confidence (``RawRow.ocr_conf``: each row's weakest
  text cell) below ``UNREADABLE_ROW_CONF`` — what Tesseract makes of a table it cannot see;
* or its rows disagree with its own grid: at least ``EMPTY_SUB_MIN`` rows (and
  ``EMPTY_SUB_SHARE`` of them) have nothing in the sub-activity column, which every plan row
  fills — the columns were placed wrong, so every cell of the page may be in the wrong field
  (likewise ``EMPTY_IND_MIN`` rows, ``EMPTY_IND_SHARE`` of them, without an indicator);
* or it has no table but its words were read with a mean confidence below
  ``UNREADABLE_PAGE_CONF`` (a page of noise, a sheet photographed at a steep angle), or it
  shows a ruled lattice whose header could not be found.

Its rows are dropped and a ``table_unreadable`` issue names the page; normalise/ makes the
file ``partial``.  On a page that is otherwise readable, a single row that disagrees with the
grid (no sub-activity below the page's first row, which may continue the previous page's;
every month marked while its text reads below ``WEAK_ROW_CONF``: the header's month names or
a smear read as marks) is dropped alone, and the page is flagged the same way.  A row with no
readable word at all (no run of three letters) whose twelve month cells are all marked is the
header's column-number or month-name row read again: it is dropped without a flag.
Precision over recall: a flagged gap beats a wrong row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from statistics import median

from rencana.extract.table.header import Header
from rencana.extract.table.labels import classify
from rencana.extract.table.page_table import PageTable
from rencana.schema.issues import Issue, IssueCode
from rencana.schema.records import PageContent, RawRow

UNREADABLE_ROW_CONF = 50.0  # median of the rows' weakest-cell confidence on a readable page: 75-95
UNREADABLE_PAGE_CONF = 45.0  # mean word confidence of a page with text Tesseract could see: 70-95
LATTICE_MIN_RULES = 4  # this many rules each way make a ruled table
EMPTY_SUB_MIN = 2  # rows without a sub-activity that make the page's columns wrong ...
EMPTY_SUB_SHARE = 0.2  # ... when they are also this share of its rows
EMPTY_IND_MIN = 3  # an indicator may be left empty (printed decrees: at most 3 rows, a fifth of a
EMPTY_IND_SHARE = 0.4  # page); this many, and this share of the page's rows, is a misplaced column
WEAK_ROW_CONF = 50.0  # a row with all twelve months marked, read below this: not a plan row
RESIDUE_MARKS = 10  # a row without a word and this many months marked is header residue
LABEL_WORDS = 3  # a header label is a few words (SUB KEGIATAN, INDIKATOR KEBERHASILAN)
HEADER_AGAIN_SCORE = 65.0  # a cell reading this well as its own column's label is the header again
STREAK_MIN_PLAN_ROWS = 6  # a page needs this many rows to show a streak down a month column ...
STREAK_ROW_SHARE = 0.8  # ... marked on this share of them ...
STREAK_ALONE_SHARE = 0.6  # ... and alone (neither month beside it marked) on this share of those
FEW_ROWS = 3  # a table page with fewer rows is judged row by row, not by their median confidence
READ_PAGE_CONF = 60.0  # ... on a page read at this mean word confidence or more (readable: 70-95)
READ_WORDS = 4  # words of four letters or more that make a row's text read as a plan's
_WORD = re.compile(r"[^\W\d_]{3}")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_PIXEL_MARKS = ("ink", "shade")


def _lattice(content: PageContent) -> bool:
    h = sum(1 for g in content.segments if g.horizontal)
    return h >= LATTICE_MIN_RULES and len(content.segments) - h >= LATTICE_MIN_RULES


def _scanned(content: PageContent) -> bool:
    return content.route == "ocr" and content.ocr_read and not content.blank


def _why(content: PageContent, table: PageTable | None) -> str:
    """Why the page's table cannot be read, or "" when it can (or the page is not a scan)."""
    if not _scanned(content):
        return ""
    if table is not None:
        plan = [r for r in table.rows if r.ocr_conf is not None and not r.section]
        confs = [r.ocr_conf for r in plan if r.ocr_conf is not None]
        # a short page's median is one or two cells: its rows are judged by their text as well
        # (754-009 p10: the table's last row, its text read well, its kegiatan garbled at 8)
        if len(plan) < FEW_ROWS and all(_reads(r, content.mean_ocr_conf) for r in plan):
            return ""
        if confs and median(confs) < UNREADABLE_ROW_CONF:
            return f"rows read at median confidence {median(confs):.0f}"
        return ""
    conf = content.mean_ocr_conf
    if content.words and conf is not None and conf < UNREADABLE_PAGE_CONF:
        return f"text read at mean confidence {conf:.0f}"
    if _lattice(content):
        return "a ruled table without a header that could be read"
    return ""


def _all_marked(row: RawRow) -> bool:
    return len(row.marks) == 12 and all(row.marks)


def _header_residue(row: RawRow) -> bool:
    """The header's column numbers or month names read as a row: no word, (nearly) every month marked."""
    marked = sum(1 for m in row.marks if m)
    return (
        not row.section
        and marked >= RESIDUE_MARKS
        and not _WORD.search(f"{row.sub_kegiatan} {row.indikator}")
    )


def _header_again(row: RawRow) -> bool:
    """The header read again as a row: its month numbers as marks (``RESIDUE_MARKS`` or more) and
    the sub-activity and indicator cells short and each read as its own column's label."""
    cells = (("sub_kegiatan", row.sub_kegiatan), ("indikator", row.indikator))
    return (
        not row.section
        and sum(1 for m in row.marks if m) >= RESIDUE_MARKS
        and all(
            0 < len(text.split()) <= LABEL_WORDS
            and (read := classify(text))[0] == role
            and read[1] >= HEADER_AGAIN_SCORE
            for role, text in cells
        )
    )


def _isolated(row: RawRow, c: int) -> bool:
    """Month ``c`` (0-based) is marked by pixels (ink, shading: a glyph read as text is a mark a
    hand drew) and neither month beside it is marked."""
    near = [row.marks[i] for i in (c - 1, c + 1) if 0 <= i < len(row.marks)]
    return row.marks[c] in _PIXEL_MARKS and not any(near)


def _streaks(plan: Sequence[RawRow]) -> list[int]:
    """Month columns (0-based) marked on most of the page's rows, mostly alone: a streak or a
    shadow down the column, not a plan (a plan marks a month on most rows only in runs)."""
    if len(plan) < STREAK_MIN_PLAN_ROWS or any(len(r.marks) != 12 for r in plan):
        return []
    out = []
    for c in range(12):
        marked = [r for r in plan if r.marks[c]]
        alone = [r for r in marked if _isolated(r, c)]
        if len(marked) >= STREAK_ROW_SHARE * len(plan) and len(alone) >= STREAK_ALONE_SHARE * len(marked):
            out.append(c)
    return out


def _unstreak(rows: list[RawRow], columns: list[int]) -> list[RawRow]:
    """The rows without the marks a streak left alone in ``columns``."""
    out = []
    for r in rows:
        drop = {c for c in columns if not r.section and len(r.marks) == 12 and _isolated(r, c)}
        out.append(
            replace(r, marks=tuple("" if i in drop else m for i, m in enumerate(r.marks))) if drop else r
        )
    return out


def _reads(row: RawRow, page_conf: float | None) -> bool:
    """Whether the row's sub-activity and indicator read as a plan's text: ``READ_WORDS`` words of
    four letters or more, on a page read at ``READ_PAGE_CONF`` or more (noise reads below it).

    ``ocr_conf`` is the row's weakest cell: a year-long row of a phone photo whose text reads well
    but one cell (a kegiatan garbled, a speck) reads at 0-47 is a plan row (752-000 p9, 752-001 p7
    and p10, 754-003 p4: four such rows left out)."""
    words = len(_LONG_WORD.findall(f"{row.sub_kegiatan} {row.indikator}"))
    return words >= READ_WORDS and page_conf is not None and page_conf >= READ_PAGE_CONF


def _suspect(row: RawRow, first: bool, has_sub: bool, page_conf: float | None) -> str:
    """Why one row disagrees with its page's grid, or ""."""
    if row.section:
        return ""
    if has_sub and not first and not row.sub_kegiatan.strip():
        return "no sub-activity"
    if (
        _all_marked(row)
        and row.ocr_conf is not None
        and row.ocr_conf < WEAK_ROW_CONF
        and not _reads(row, page_conf)
    ):
        return f"every month marked, text read at {row.ocr_conf:.0f}"
    return ""


def _check_rows(
    table: PageTable, has_sub: bool, has_ind: bool, page_conf: float | None
) -> tuple[PageTable | None, str]:
    """The page's table without the rows that disagree with its grid (None: the page's columns
    are wrong), and what was left out ("" when nothing a reader needs to know)."""
    rows = [r for r in table.rows if not _header_residue(r) and not _header_again(r)]
    streaks = _streaks([r for r in rows if not r.section])
    rows = _unstreak(rows, streaks)
    plan = [r for r in rows if not r.section]
    first = plan[0] if plan else None
    why = {id(r): _suspect(r, r is first, has_sub, page_conf) for r in plan}
    empty = sum(1 for r in plan if why[id(r)] == "no sub-activity")
    if empty >= EMPTY_SUB_MIN and empty >= EMPTY_SUB_SHARE * len(plan):
        return None, f"{empty} of {len(plan)} rows without a sub-activity: the columns could not be placed"
    no_ind = sum(1 for r in plan[1:] if not r.indikator.strip()) if has_ind else 0
    if no_ind >= EMPTY_IND_MIN and no_ind >= EMPTY_IND_SHARE * len(plan):
        return None, f"{no_ind} of {len(plan)} rows without an indicator: the columns could not be placed"
    bad = [why[id(r)] for r in plan if why[id(r)]]
    kept = tuple(r for r in rows if not why.get(id(r)))
    notes = [f"{len(bad)} row(s) left out: {'; '.join(bad)}"] if bad else []
    notes += [f"month {c + 1} marked alone on most rows: a streak, its marks left out" for c in streaks]
    return replace(table, rows=kept), "; ".join(notes)


def lost_table_pages(contents: Sequence[PageContent], issues: Sequence[Issue], found: bool) -> list[Issue]:
    """The findings about pages whose table was seen but not read, as they stand in the file.

    On a scan, a page whose header was found but whose time grid could not be mapped
    (``unmapped_table``), in a decree whose table was read on other pages, is one of that
    table's pages that was lost: it gives ``table_unreadable`` naming the page (the file is
    partial), where a digital decree's unmapped header stays a note dropped beside the table.
    ``found``: the decree's table was read on some page."""
    scanned = {c.page for c in contents if _scanned(c)}
    out: list[Issue] = []
    for i in issues:
        if i.code is not IssueCode.UNMAPPED_TABLE or not found:
            out.append(i)
        elif i.page in scanned:
            detail = f"a table header whose time grid could not be read ({i.detail})"
            out.append(Issue(IssueCode.TABLE_UNREADABLE, detail, page=i.page))
    return out


def drop_unreadable(
    contents: Sequence[PageContent],
    tables: list[PageTable],
    headers: Mapping[int, Header] | None = None,
) -> tuple[list[PageTable], list[Issue]]:
    """The tables of the readable pages (without rows that disagree with their page's grid), and
    one ``table_unreadable`` issue per page that is not readable or lost a row."""
    by_page = {t.page: t for t in tables}
    scanned = {c.page for c in contents if _scanned(c)}
    confs = {c.page: c.mean_ocr_conf for c in contents}
    issues: list[Issue] = []
    kept: list[PageTable] = []
    for content in contents:
        why = _why(content, by_page.get(content.page))
        if why:
            issues.append(Issue(IssueCode.TABLE_UNREADABLE, why, page=content.page))
    bad = {i.page for i in issues}
    # the decree's table has a sub-activity column when any page's header names one: a page
    # whose header lost it was read wrong, not printed without it
    has_sub = not headers or any("sub_kegiatan" not in h.missing for h in headers.values())
    has_ind = not headers or any("indikator" not in h.missing for h in headers.values())
    for table in tables:
        if table.page in bad:
            continue
        if table.page not in scanned:
            kept.append(table)
            continue
        checked, note = _check_rows(table, has_sub, has_ind, confs.get(table.page))
        if note:
            issues.append(Issue(IssueCode.TABLE_UNREADABLE, note, page=table.page))
        if checked is not None:
            kept.append(checked)
    return kept, sorted(issues, key=lambda i: i.page or 0)
