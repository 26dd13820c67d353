"""Area headings numbered like kegiatan, told apart by the numbering that restarts under them.

A decree without an Area column may head each area's rows with a row of its own, numbered as
the areas are ("1. Manajemen Perubahan", "2. Penguatan Peraturan Perundang-undangan").  When the
heading is short it fits inside the first (kegiatan) column and no rule or width tells it from a
kegiatan: the page builder reads it as a kegiatan cell alone in its row.  The numbering tells
it: a kegiatan comes with its sub-kegiatan, indikator or marks, and the kegiatan under a heading
are numbered from 1 again ("2. Penguatan …" then "1. Harmonisasi …").  A row holding nothing but
a numbered text in its No / Area / Kegiatan cells, followed by a plan row whose first item is
numbered 1, is that heading: it becomes a section row, and the rows below take it as their area.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rencana.extract.table.page_table import PageTable
from rencana.schema.records import RawRow

MAX_AREA = 8  # the plan has eight areas: a heading is numbered 1..8
_NUMBERED = re.compile(r"^\(?([1-9])\s*[.)]\s+[A-Za-z]")
# "1. …", or "4 1. …" where the No column (the area's number) shares the kegiatan's cell
_FIRST = re.compile(r"^(?:\d{1,2}\s+)?\(?1(?:\s*[.)])?(?:\s|$)")


def _lone_text(row: RawRow) -> str:
    """The row's No / Area / Kegiatan text when it holds nothing else (no sub-kegiatan, indikator
    or mark), else ""."""
    if row.section or row.sub_kegiatan or row.indikator or any(row.marks):
        return ""
    return " ".join(t for t in (row.no, row.area, row.kegiatan) if t).strip()


def _opens_first(row: RawRow) -> bool:
    """A plan row whose first item (No or Kegiatan) is numbered 1."""
    first = " ".join(t for t in (row.no, row.kegiatan) if t).strip()
    return bool(_FIRST.match(first)) and bool(row.sub_kegiatan or row.indikator or any(row.marks))


def numbered_headings(rows: Sequence[RawRow]) -> list[RawRow]:
    """``rows`` with each lone numbered row that the next plan row's numbering restarts under made
    a section heading (its text in ``area``)."""
    out = list(rows)
    for i, row in enumerate(out[:-1]):
        text = _lone_text(row)
        m = _NUMBERED.match(text)
        if not m or int(m.group(1)) > MAX_AREA or len(text.split()) < 2:
            continue
        nxt = next((r for r in out[i + 1 :] if not r.section), None)
        if nxt is not None and nxt is out[i + 1] and _opens_first(nxt):
            out[i] = replace(row, no="", area=text, kegiatan="", section=True)
    return out


def mark_headings(pages: Sequence[PageTable]) -> list[PageTable]:
    """The pages with :func:`numbered_headings` applied across them, before stitching (a heading
    at the foot of a page is told by the first row of the next, and must not take that row's
    kegiatan as a merged cell's text run over the break)."""
    flat = numbered_headings([r for pt in pages for r in pt.rows])
    out: list[PageTable] = []
    start = 0
    for pt in pages:
        out.append(replace(pt, rows=tuple(flat[start : start + len(pt.rows)])))
        start += len(pt.rows)
    return out
