"""Stitch the page tables of one document into one list of rows.

Rules, applied at every page break (page *p* → the next table page):

* Repeated header and column-number rows never reach here (the page builder
  starts below the header and drops echoes).
* The first row of the next page is the *continuation of a row broken by the
  page break* when its No / Area / Kegiatan cells are empty and its
  sub-kegiatan does not open a new item: empty, starting in lower case or with
  a lettered sub-item, or with an item number that does not follow the
  previous row's last item.  Its texts are appended to the previous row, its
  month marks merged, and its page recorded in ``continued_pages``.
* A merged Area / Kegiatan / No cell that runs over the page break keeps one
  anchor: if its text fell on the next page (vertically centred text), that
  text moves to the row where the span began.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rencana.extract.table.headings import mark_headings
from rencana.extract.table.page_table import PageTable
from rencana.extract.table.settings import TableSettings
from rencana.schema.numbering import LETTERED_MARKER, NUMBERED_MARKER
from rencana.schema.records import MonthMark, RawRow

_NUMBERED = re.compile(rf"^{NUMBERED_MARKER}\s")
_FIRST_ITEM = re.compile(r"^\(?1\s*[.)]\s")
_LETTERED = re.compile(rf"^{LETTERED_MARKER}\s")
_FIRST_LETTER = re.compile(r"^\(?a\s*[.)]\s")
# an item number inside a cell's text: no "(" before it (NUMBERED_MARKER's "(2)" inside a
# sentence is a parenthesis, not an item)
_ITEM_IN_TEXT = re.compile(r"(?:^|\s)(\d{1,2})\s*[.)]\s")


def _last_item_number(text: str) -> int | None:
    nums = [int(m.group(1)) for m in _ITEM_IN_TEXT.finditer(text)]
    return nums[-1] if nums else None


def is_continuation(prev: RawRow, first: RawRow, page_full: bool = True) -> bool:
    """Whether ``first`` (top of a page) continues ``prev`` (bottom of the previous page).

    ``page_full`` says the previous page's table ran down to the bottom margin;
    a row that broke across the page leaves no room there, so when the page
    ended early only an unmistakable fragment (no text opening a row) counts.
    """
    # a kegiatan going on in lower case is the tail of a merged cell or of a broken row: the
    # other cells decide (9100-036: "Pelaksanaa" | "n Pengendalian Gratifikasi" over the break)
    opens_kegiatan = bool(first.kegiatan) and not _mid_sentence(first.kegiatan)
    if first.no or first.area or opens_kegiatan or first.section or prev.section:
        return False
    if _mid_sentence(first.sub_kegiatan) and _mid_sentence(first.indikator):
        # both text cells go on in lower case: the rest of the row above, whatever its marks show
        # (a photographed page's fills cut by the break are read apart on each side: 712-004 p8)
        return True
    # a mark is printed once per cell, at one height, so all of a row's marks
    # land on one side of a page break; shading, a fill, shows on both sides
    marked_prev = {i for i, m in enumerate(prev.marks) if m and m != "shade"}
    marked_first = {i for i, m in enumerate(first.marks) if m and m != "shade"}
    if marked_prev and marked_first:
        return False
    shaded_prev = {i for i, m in enumerate(prev.marks) if m == "shade"}
    shaded_first = {i for i, m in enumerate(first.marks) if m == "shade"}
    if shaded_prev and shaded_first and shaded_prev != shaded_first:
        return False
    sub = first.sub_kegiatan.strip()
    if not sub:
        return True
    ind = first.indikator.strip()
    ind_item = _NUMBERED.match(ind + " ")
    later_item = ind_item is not None and int(ind_item.group(1)) > 1
    if marked_prev and not any(first.marks) and page_full and (not ind or later_item):
        # a row's marks print once, on its first part: an unmarked part at the top of a page
        # with no indikator of its own, or one going on with item 2 or later, is the rest of the
        # row above (9100-024: "KeuanganAPBN b. JF Pengelola …" under "a. JF Analis Pengelola")
        return True
    if sub[0].islower() or _LETTERED.match(sub) or (sub[0] in ",;:)-(" and not _NUMBERED.match(sub + " ")):
        return True
    m = _NUMBERED.match(sub + " ")
    last = _last_item_number(prev.sub_kegiatan)
    if m and last is not None:
        n = int(m.group(1))
        if n == 1 and _opens_indicator(ind):
            # numbering starting again at 1 with an indicator of its own: the first sub-kegiatan
            # of the next kegiatan, whose merged cell's text stands lower (centred in its span)
            return False
        if n <= last:
            return True
        # "N+1." opens the next row, or the next item of a broken multi-item cell:
        # a new row brings its own indicator, a fragment brings none or its tail
        return page_full and n == last + 1 and (not ind or _mid_sentence(ind))
    if m:
        return False
    if shaded_prev and shaded_prev == shaded_first and (not ind or _list_goes_on(prev.indikator, ind)):
        # the same fills on both sides of the break, no number of its own and no indicator that
        # opens a list of its own: the row's lower part (a fill shows on every part of a cell a
        # page break cuts; 9100-042: "Pembangunan aplikasi Whistle" | "Blowing System …")
        return True
    # an unnumbered text under a numbered one is its tail, unless a fresh
    # indicator list ("1. ...") opens beside it; an indicator going on in lower
    # case is a tail whatever the numbering
    if _mid_sentence(ind):
        return True
    return bool(_NUMBERED.match(prev.sub_kegiatan + " ")) and not _FIRST_ITEM.match(first.indikator + " ")


def goes_on(prev: RawRow, first: RawRow, page_full: bool) -> bool:
    """Whether ``first`` (top of a page) is by its own cells the rest of ``prev``, whatever its
    merged cells hold (the tail of a kegiatan or area text that ran on over the break): both text
    cells go on in lower case; or, after a marked row that filled its page, it holds no mark, no
    numbered kegiatan, no sub-kegiatan item that opens a row, and an indikator that is empty or
    goes on (item 2 or later, lower case) — a row's marks print once, on one side of the break."""
    if first.section or prev.section or first.no:
        return False
    if _mid_sentence(first.sub_kegiatan) and _mid_sentence(first.indikator):
        return True
    if not (first.sub_kegiatan.strip() or first.indikator.strip() or first.area) and _fills_on(prev, first):
        # no cell of its own, only a merged cell's tail ("Lampung") and the fills of the row
        # above cut by the break (8900-035): the rest of that row, not a plan row
        return True
    if not page_full or any(first.marks) or not any(m and m != "shade" for m in prev.marks):
        return False
    sub, ind = first.sub_kegiatan.strip(), first.indikator.strip()
    if _NUMBERED.match(first.kegiatan + " "):
        return False  # a numbered kegiatan opens a new one
    opened = _NUMBERED.match(sub + " ")
    last = _last_item_number(prev.sub_kegiatan)
    if opened and (last is None or not 1 < int(opened.group(1)) <= last):
        return False  # a new item, or a list numbered again from 1 (the next kegiatan's)
    item = _NUMBERED.match(ind + " ")
    return (
        not ind
        or _mid_sentence(ind)
        or (item is not None and int(item.group(1)) > 1)
        or _list_resumes(prev.indikator, ind)
    )


def _list_resumes(above: str, ind: str) -> bool:
    """An indicator cell that opens no item of its own and, further on, holds the item after the
    last one above: the tail of the item above, then the list going on (9550-021: "1. % pegawai
    yang menyusun" | "SKP tepat waktu 2. SKP selaras …"; 9600-059: "… pada laman" | "JDIH 2. %
    produk hukum …" — each read as a plan row of its own)."""
    last = _last_item_number(above)
    if last is None or _NUMBERED.match(ind + " "):
        return False
    first = next(_ITEM_IN_TEXT.finditer(ind + " "), None)
    return first is not None and int(first.group(1)) == last + 1


def _fills_on(prev: RawRow, first: RawRow) -> bool:
    """Whether every month ``first`` shows is a fill going on from a month ``prev`` fills."""
    return all(not m or (m == "shade" and p == "shade") for p, m in zip(prev.marks, first.marks, strict=True))


def _mid_sentence(text: str) -> bool:
    """Text that goes on in lower case (a word or a later lettered item, not a list's "a.")."""
    text = text.strip()
    return bool(text) and text[0].islower() and not _FIRST_LETTER.match(text + " ")


def _list_goes_on(above: str, ind: str) -> bool:
    """An indicator cell that goes on with the text of the numbered list above it: the list
    above opened with an item, and this part opens none."""
    return bool(_NUMBERED.match(above.strip() + " ")) and not _NUMBERED.match(ind + " ")


def _opens_indicator(ind: str) -> bool:
    """An indicator cell that opens one: a capital or its first item, not a sentence's tail."""
    return bool(ind) and (ind[0].isupper() or ind[0] in "%" or bool(_FIRST_ITEM.match(ind + " ")))


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip() if a and b else a or b


def _merge_marks(a: Sequence[MonthMark], b: Sequence[MonthMark]) -> tuple[MonthMark, ...]:
    return tuple(x or y for x, y in zip(a, b, strict=True))


def stitch(pages: Sequence[PageTable], settings: TableSettings | None = None) -> list[RawRow]:
    """The pages' rows in order, rows broken by a page break joined, merged-cell text moved back."""
    s = settings or TableSettings()
    pages = mark_headings(pages)
    rows: list[RawRow] = []
    lowest = max((pt.table_bottom for pt in pages), default=0.0)
    prev_full = True
    for pt in pages:
        page_rows = list(pt.rows)
        if not page_rows:
            continue
        if rows:
            whole = goes_on(rows[-1], page_rows[0], prev_full)
            _carry_spans(rows, page_rows, whole)
            first = page_rows[0]
            if whole or is_continuation(rows[-1], first, prev_full):
                prev = rows[-1]
                rows[-1] = replace(
                    prev,
                    sub_kegiatan=_join(prev.sub_kegiatan, first.sub_kegiatan),
                    indikator=_join(prev.indikator, first.indikator),
                    marks=_merge_marks(prev.marks, first.marks),
                    continued_pages=(*prev.continued_pages, first.page),
                )
                page_rows = page_rows[1:]
        rows.extend(page_rows)
        prev_full = lowest - pt.table_bottom <= s.page_full_lines * pt.line_height
    return rows


_FLAG = {"kegiatan": "starts_kegiatan", "area": "starts_area", "no": "starts_area"}


def _carry_spans(rows: list[RawRow], page_rows: list[RawRow], whole: bool = False) -> None:
    """Move merged-cell text that fell after a page break back to its span's anchor (all of it
    when the page's first row is the rest of the row above: ``whole``)."""
    if page_rows[0].section:
        return
    # No first: an area number that fell after the break must not pass for a new one
    for col in ("no", "area", "kegiatan"):
        first = page_rows[0]
        text = getattr(first, col)
        if text:
            anchor = _span_anchor(rows, col)
            if anchor is None:
                continue
            held = getattr(rows[anchor], col)
            # text runs on across one page break only: a page of the span without its text
            # between them (the cell's text ended there) makes this a new cell's
            ended = (col == "area" and _rows_after(rows, anchor)) or rows[anchor].page < first.page - 1
            new = ended or not _runs_on(col, held, text, first, rows[anchor])
            if held and text != held and new and not whole:
                continue  # a new merged cell starts at the top of the page
            # run-on text joins its cell; the same text printed again is dropped
            rows[anchor] = _with_text(rows[anchor], col, held if text == held else _join(held, text))
            page_rows[0] = _with_text(first, col, "")
        if col == "area":
            # the cell runs on from the previous page: this row does not open it
            page_rows[0] = replace(page_rows[0], starts_area=False)
        elif col == "kegiatan":
            page_rows[0] = replace(page_rows[0], starts_kegiatan=False)


def _rows_after(rows: Sequence[RawRow], anchor: int) -> bool:
    """Whether rows follow the anchor on its own page: the merged cell's text, printed from its
    top, had room to end there, so text at the top of the next page is a new cell's."""
    return any(r.page == rows[anchor].page and not r.section for r in rows[anchor + 1 :])


def _with_text(row: RawRow, col: str, text: str) -> RawRow:
    if col == "area":
        return replace(row, area=text)
    if col == "kegiatan":
        return replace(row, kegiatan=text)
    return replace(row, no=text)


def _runs_on(col: str, held: str, text: str, first: RawRow, anchor: RawRow) -> bool:
    """Whether ``text`` at the top of a page continues the merged cell holding ``held``."""
    if col == "area":
        # a new area prints its number, and its kegiatan numbering starts again at 1
        return not first.no and not _FIRST_ITEM.match(first.kegiatan + " ")
    if col == "kegiatan":
        if _NUMBERED.match(text + " ") or first.no:
            return False
        if first.sub_kegiatan[:1].islower():
            return True  # the row itself goes on in mid-sentence: so does its merged kegiatan cell
        # a numbered kegiatan (in its text or, under area headings, in the No column)
        # is followed by the next number, never by bare text
        return bool(_NUMBERED.match(held + " ")) or bool(anchor.no)
    return False


def _span_anchor(rows: Sequence[RawRow], col: str) -> int | None:
    """Row where the last span of ``col`` began."""
    if not rows:
        return None
    flag = _FLAG[col]
    i = len(rows) - 1
    while i > 0 and not getattr(rows[i], flag) and not rows[i].section:
        i -= 1
    return None if rows[i].section else i
