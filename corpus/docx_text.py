"""Paragraph helpers for the python-docx renderer: item splitting, runs, tab stops, raw ``w:`` elements.

A typist puts each item of a cell ("1. …", "a. …") in a paragraph of its own; :func:`cell_items`
finds those items, :func:`add_items` writes them, with a hanging indent after the marker if asked.
``<i>…</i>`` in a text becomes an italic run (the seed prints foreign terms so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

_LEADING = re.compile(r"^(\d{1,2}|[a-z])\.\s+")
_ITALIC = re.compile(r"<i>(.*?)</i>", re.DOTALL)
_SPACES = re.compile(r"\s+")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0

INDONESIAN_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a cell or preamble text: its marker ("1.", "a." or "") and body."""

    marker: str
    text: str
    level: int  # 0 = top level, 1 = a lettered item under a numbered one


def cell_items(text: str, *, item_breaks: bool = True) -> list[Item]:
    """The paragraphs of a cell text, each with its leading marker split off.

    ``"\\n"`` marks an item break (see :class:`~rencana.corpus.model.RowSpec`): with
    ``item_breaks`` each line becomes a paragraph, otherwise the text is one paragraph.
    A lettered item after a numbered one in the same cell is nested (level 1).
    """
    parts = text.split("\n") if item_breaks else [text.replace("\n", " ")]
    items: list[Item] = []
    seen_number = False
    for part in parts:
        flat = _SPACES.sub(" ", part).strip()
        if not flat:
            continue
        m = _LEADING.match(flat)
        if m is None:
            items.append(Item("", flat, 0))
            continue
        tok = m.group(1)
        seen_number = seen_number or tok.isdigit()
        level = 1 if seen_number and not tok.isdigit() else 0
        items.append(Item(f"{tok}.", flat[m.end() :], level))
    return items


def indonesian_date(day: int, month: int, year: int) -> str:
    """``18 Januari 2022``."""
    return f"{day} {INDONESIAN_MONTHS[month - 1]} {year}"


def add_runs(par: Paragraph, text: str, *, bold: bool = False, size_pt: float | None = None) -> None:
    """Append ``text`` to ``par``; ``<i>…</i>`` spans become italic runs, XML-illegal chars go."""
    text = _NOT_XML.sub("", text)
    pos = 0
    for m in _ITALIC.finditer(text):
        _run(par, text[pos : m.start()], bold=bold, italic=False, size_pt=size_pt)
        _run(par, m.group(1), bold=bold, italic=True, size_pt=size_pt)
        pos = m.end()
    _run(par, text[pos:], bold=bold, italic=False, size_pt=size_pt)


def _run(par: Paragraph, text: str, *, bold: bool, italic: bool, size_pt: float | None) -> None:
    if not text:
        return
    run = par.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size_pt is not None:
        run.font.size = Pt(size_pt)


def format_par(
    par: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    left_mm: float = 0.0,
    first_mm: float = 0.0,
    tabs_mm: Iterable[float] = (),
    after_pt: float = 0.0,
    keep_next: bool = False,
) -> Paragraph:
    """Set alignment, indents (hanging when ``first_mm`` < 0), left tab stops and spacing."""
    fmt = par.paragraph_format
    if align is not None:
        par.alignment = align
    if left_mm:
        fmt.left_indent = Mm(left_mm)
    if first_mm:
        fmt.first_line_indent = Mm(first_mm)
    for tab in tabs_mm:
        fmt.tab_stops.add_tab_stop(Mm(tab), WD_TAB_ALIGNMENT.LEFT)
    if after_pt:
        fmt.space_after = Pt(after_pt)
    if keep_next:
        fmt.keep_with_next = True
    return par


def add_items(
    cell: _Cell,
    text: str,
    *,
    style: str,
    hang_mm: float,
    hanging: bool = True,
    item_breaks: bool = True,
) -> None:
    """Fill ``cell`` with one paragraph per item of ``text`` (first paragraph reused).

    ``style`` is a paragraph style id; with ``hanging`` wrapped lines align after the marker.
    """
    items = cell_items(text, item_breaks=item_breaks)
    first = cell.paragraphs[0]
    set_style(first, style)
    for i, item in enumerate(items):
        par = first if i == 0 else cell.add_paragraph()
        if i:
            set_style(par, style)
        if item.marker and hanging:
            left = hang_mm * (item.level + 1)
            format_par(par, left_mm=left, first_mm=-hang_mm, tabs_mm=(left,))
            add_runs(par, f"{item.marker}\t{item.text}")
        else:
            if item.level:
                format_par(par, left_mm=hang_mm * item.level)
            add_runs(par, f"{item.marker} {item.text}" if item.marker else item.text)


def set_style(par: Paragraph, style_id: str) -> None:
    """Give ``par`` the paragraph style ``style_id`` (fast: python-docx's setter looks names up)."""
    par._p.get_or_add_pPr().style = style_id


def w_el(tag: str, **attrs: str) -> BaseOxmlElement:
    """A new ``w:<tag>`` element with ``w:`` attributes."""
    el: BaseOxmlElement = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def table_props(
    table: Table, width_tw: int, borders: dict[str, bool], cell_lr_tw: int, line_pt: float = 0.5
) -> None:
    """Rewrite ``w:tblPr`` in schema order: fixed width and layout, single/nil borders, cell margins.

    ``borders`` maps top/left/bottom/right/insideH/insideV to on (single, ``line_pt`` wide) or off
    (nil); Word stores border widths in eighths of a point (2..96).
    """
    tbl_pr = table._tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    tbl_pr.append(w_el("tblW", w=str(width_tw), type="dxa"))
    edges = w_el("tblBorders")
    for side, on in borders.items():
        sz = str(min(96, max(2, round(line_pt * 8))))
        attrs = {"val": "single", "sz": sz, "space": "0", "color": "000000"} if on else {"val": "nil"}
        edges.append(w_el(side, **attrs))
    tbl_pr.append(edges)
    tbl_pr.append(w_el("tblLayout", type="fixed"))
    margins = w_el("tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(w_el(side, w="0" if side in ("top", "bottom") else str(cell_lr_tw), type="dxa"))
    tbl_pr.append(margins)
    tbl_pr.append(w_el("tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1",
                       lastColumn="0", noHBand="0", noVBand="1"))  # fmt: skip


def shade(cell: _Cell, fill: str) -> None:
    """Give ``cell`` a solid background (``w:shd w:val="clear" w:fill=…``)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    tc_pr.insert_element_before(
        w_el("shd", val="clear", color="auto", fill=fill),
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    )  # fmt: skip
