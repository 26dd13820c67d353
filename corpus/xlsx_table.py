"""The Lampiran sheet's action-plan table, typed into an openpyxl worksheet.

Columns: ``[No] | [AREA PERUBAHAN] | KEGIATAN | SUB/RINCIAN KEGIATAN | INDIKATOR … | [extra] |
12 months | [extra]``.  With ``area == "section"`` there is no area column: each area opens with a
full-width merged row ("I. MANAJEMEN PERUBAHAN") and the No column, if any, holds the kegiatan
number (the kegiatan text then loses its own "N. ").  Kegiatan (and area, No) cells are merged
vertically over their rows, or typed in the first row only with the inner rules left out.
Planned months get a mark, a Gantt fill or both.  Every row height is set from
:func:`~rencana.corpus.xlsx_style.wrap_lines`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rencana.corpus.docx_table import spans
from rencana.corpus.model import LayoutSpec, RowSpec
from rencana.corpus.xlsx_style import (
    FILLS,
    XlsxKnobs,
    col_points,
    header_text,
    text_height,
    wrap_lines,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PJ = (
    "Sekretaris", "Kasubag Umum dan Logistik", "Kasubag Teknis dan Hupmas", "Kasubag Hukum dan SDM",
    "Kasubag Perencanaan, Data dan Informasi", "Kasubag Keuangan, Umum dan Logistik", "Sekretaris",
)  # fmt: skip
KET = ("", "", "", "Rutin", "Tentatif", "Triwulanan", "Sesuai jadwal", "Setiap bulan")
_NUMBER = re.compile(r"^\s*(\d{1,2})\.\s+")
_TAGS = re.compile(r"</?i>")


@dataclass(slots=True)
class Column:
    key: str  # no, area, keg, sub, ind, extra, m1..m12
    label: str
    width: float  # Excel character units


@dataclass(slots=True)
class TablePlan:
    """What was laid out: column list and the sheet rows of the header and the body."""

    columns: list[Column]
    header_rows: tuple[int, int]  # first, last (1-based sheet rows)
    body_rows: list[int] = field(default_factory=list)  # sheet row of each RowSpec
    section_rows: list[int] = field(default_factory=list)
    keg_starts: list[int] = field(default_factory=list)  # sheet row opening each kegiatan span
    last_row: int = 0


def keg_keys(rows: Sequence[RowSpec]) -> list[tuple[int, int | None, str]]:
    """What makes rows one kegiatan span (merged in the kegiatan column)."""
    return [(x.area_no, x.kegiatan_no, x.kegiatan_text) for x in rows]


def cell_text(text: str, k: XlsxKnobs) -> str:
    """A cell text as typed: item breaks kept as line breaks (Alt+Enter) or run together."""
    text = _TAGS.sub("", text)
    return text if k.line_breaks == "yes" else " ".join(text.split())


def section_label(row: RowSpec, k: XlsxKnobs) -> str:
    """The text of an area's section row, e.g. "I. MANAJEMEN PERUBAHAN"."""
    n, text = row.area_no, " ".join(row.area_text.split())
    if k.section_fmt == "letter_title":
        return f"{LETTERS[n - 1]}. {text}"
    if k.section_fmt == "arabic_title":
        return f"{n}. {text}"
    if k.section_fmt == "roman_title":
        return f"{ROMAN[n - 1]}. {text}"
    return f"{ROMAN[n - 1]}. {text.upper()}"


def kegiatan_in_no_column(rows: Sequence[RowSpec], k: XlsxKnobs) -> bool:
    """Section layout with a No column: the No column holds the kegiatan numbers."""
    return k.sections and k.no_col == "yes" and all(r.kegiatan_no is not None for r in rows)


def printed_kegiatan(row: RowSpec, rows: Sequence[RowSpec], k: XlsxKnobs) -> str:
    """The kegiatan cell text (its "N. " moves to the No column in the section layout)."""
    if kegiatan_in_no_column(rows, k):
        return _NUMBER.sub("", row.kegiatan_text, count=1)
    return row.kegiatan_text


def plan_columns(rows: Sequence[RowSpec], layout: LayoutSpec, k: XlsxKnobs) -> list[Column]:
    """The table's columns, left to right, with widths from ``layout.col_weights``."""
    w_area, w_keg, w_sub, w_ind = (max(0.7, w) * 15.0 for w in layout.col_weights)
    size = k.font_size
    month_chars = {"num": 2.2, "abbr": 3.2, "roman": 3.6}[k.months] * size / 10.0 + 1.2
    cols: list[Column] = []
    if k.no_col == "yes" and (not k.sections or kegiatan_in_no_column(rows, k)):
        cols.append(Column("no", "NO" if k.header_case == "upper" else "No", 4.0 + size / 10.0))
    if not k.sections:
        cols.append(Column("area", header_text(k, "AREA PERUBAHAN"), max(w_area, 12.0)))
    cols.append(Column("keg", header_text(k, "KEGIATAN"), w_keg + 2.0))
    cols.append(Column("sub", header_text(k, k.sub_label), w_sub + 4.0))
    cols.append(Column("ind", header_text(k, k.ind_label), w_ind + 2.0))
    extra = None
    if k.extra_col:
        label = "PENANGGUNG JAWAB" if k.extra_col.startswith("pj") else "KETERANGAN"
        extra = Column("extra", header_text(k, label), 16.0 if label.startswith("P") else 12.0)
    if extra is not None and k.extra_col.endswith("ind"):
        cols.append(extra)
    for m in range(12):
        label = {"num": str(m + 1), "abbr": ABBR[m], "roman": ROMAN[m]}[k.months]
        cols.append(Column(f"m{m + 1}", label, round(month_chars, 1)))
    if extra is not None and k.extra_col.endswith("months"):
        cols.append(extra)
    return cols


class TableWriter:
    """Writes the table into ``ws`` from sheet row ``top`` on."""

    def __init__(self, ws: Worksheet, layout: LayoutSpec, k: XlsxKnobs, rng: random.Random) -> None:
        self.ws, self.layout, self.k, self.rng = ws, layout, k, rng
        self.family, self.size = k.font, k.font_size
        thin = Side(style="thin", color="000000")
        self.thin = thin
        self.heavy = Side(style="medium", color="000000") if k.outline == "medium" else thin
        self.font = Font(name=self.family, size=self.size)
        self.bold = Font(name=self.family, size=self.size, bold=True)
        self.wrap_top = Alignment(wrap_text=True, vertical="top")
        self.merged_align = Alignment(wrap_text=True, vertical="center" if k.valign == "center" else "top")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        colour = FILLS.get(k.fill, k.fill)
        self.mark_fill = PatternFill("solid", fgColor=colour) if k.mark.startswith("fill") else None
        self.mark_text = {"fill": "", "fill+V": "V"}.get(k.mark, k.mark)
        self.cols: list[Column] = []

    # ------------------------------------------------------------ helpers
    def _points(self, col: Column) -> float:
        return col_points(col.width)

    def _height(self, text: str, width_pt: float, *, bold: bool = False) -> float:
        lines = wrap_lines(text, self.family, self.size, width_pt, bold=bold) if text.strip() else 1
        return text_height(lines, self.family, self.size)

    def _put(self, row: int, col: int, value: Any, font: Font, align: Alignment) -> None:
        cell = self.ws.cell(row=row, column=col, value=value)
        cell.font, cell.alignment = font, align

    def _box(self, r0: int, r1: int, c0: int, c1: int, *, inner_h: bool = True) -> None:
        """Thin rules around every cell of the block (inner horizontals optional)."""
        none = Side()
        for r in range(r0, r1 + 1):
            top = self.thin if inner_h or r == r0 else none
            bottom = self.thin if inner_h or r == r1 else none
            border = Border(left=self.thin, right=self.thin, top=top, bottom=bottom)
            for c in range(c0, c1 + 1):
                self.ws.cell(row=r, column=c).border = border

    # ------------------------------------------------------------ header
    def write_header(self, top: int, cols: Sequence[Column]) -> tuple[int, int]:
        k, ws = self.k, self.ws
        h1, h2 = top, top + 1
        fill = PatternFill("solid", fgColor=k.header_fill) if k.header_fill else None
        month_idx = [i for i, c in enumerate(cols, start=1) if c.key.startswith("m")]
        m0, m1 = month_idx[0], month_idx[-1]
        need_h1 = self._height(
            header_text(k, k.month_label), sum(self._points(cols[i - 1]) for i in month_idx)
        )
        need_pair = 0.0
        for i, col in enumerate(cols, start=1):
            if col.key.startswith("m"):
                self._put(h2, i, col.label, self.bold, self.centre)
                continue
            self._put(h1, i, col.label, self.bold, self.centre)
            need_pair = max(need_pair, self._height(col.label, self._points(col), bold=True))
        self._put(h1, m0, header_text(k, k.month_label), self.bold, self.centre)
        last = h2
        if k.colnum_row == "yes":
            last = h2 + 1
            for i in range(1, len(cols) + 1):
                self._put(last, i, i, Font(name=self.family, size=max(7.0, self.size - 1)), self.centre)
            ws.row_dimensions[last].height = text_height(1, self.family, self.size - 1)
        self._box(h1, last, 1, len(cols))
        if fill is not None:
            for r in range(h1, last + 1):
                for c in range(1, len(cols) + 1):
                    ws.cell(row=r, column=c).fill = fill
        for i, col in enumerate(cols, start=1):
            if not col.key.startswith("m"):
                ws.merge_cells(start_row=h1, end_row=h2, start_column=i, end_column=i)
        ws.merge_cells(start_row=h1, end_row=h1, start_column=m0, end_column=m1)
        month_h = text_height(1, self.family, self.size)
        ws.row_dimensions[h2].height = month_h
        ws.row_dimensions[h1].height = max(need_h1, need_pair - month_h)
        return h1, last

    # ------------------------------------------------------------ body
    def write(self, top: int, rows: Sequence[RowSpec]) -> TablePlan:
        """Header and body from sheet row ``top``; return the plan (rows used)."""
        k = self.k
        cols = self.cols = plan_columns(rows, self.layout, k)
        for i, col in enumerate(cols, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width
        first, last = self.write_header(top, cols)
        plan = TablePlan(cols, (first, last))
        index = {c.key: i for i, c in enumerate(cols, start=1)}
        r = last + 1
        sheet_row: list[int] = []
        area_spans = spans([(x.area_no, x.area_text) for x in rows])
        pool = PJ if k.extra_col.startswith("pj") else KET
        extras = [self.rng.choice(pool) if k.extra_col else "" for _ in rows]
        for a0, a1 in area_spans:
            if k.sections:
                self._section_row(r, rows[a0], len(cols))
                plan.section_rows.append(r)
                r += 1
            for i in range(a0, a1 + 1):
                sheet_row.append(r)
                self._plain_cells(r, rows[i], index, extras[i])
                r += 1
        plan.body_rows = sheet_row
        plan.last_row = r - 1
        heights = {sheet_row[i]: self._row_height(rows[i], cols, extras[i]) for i in range(len(rows))}
        self._merged_columns(rows, sheet_row, index, heights)
        for row_no, h in heights.items():
            self.ws.row_dimensions[row_no].height = round(h, 2)
        plan.keg_starts = [sheet_row[s0] for s0, _ in spans(keg_keys(rows))]
        if k.outline == "medium":
            self._outline(first, plan.last_row, len(cols), last)
        return plan

    def _section_row(self, r: int, row: RowSpec, n_cols: int) -> None:
        k = self.k
        text = section_label(row, k)
        self._put(r, 1, text, self.bold, Alignment(vertical="center", wrap_text=True))
        self._box(r, r, 1, n_cols)
        if k.section_fill:
            for c in range(1, n_cols + 1):
                self.ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor=k.section_fill)
        self.ws.merge_cells(start_row=r, end_row=r, start_column=1, end_column=n_cols)
        self.ws.row_dimensions[r].height = text_height(1, self.family, self.size) + 2.0

    def _plain_cells(self, r: int, row: RowSpec, index: dict[str, int], extra: str) -> None:
        """Sub kegiatan, indikator, extra column and month cells of one row."""
        k = self.k
        self._put(r, index["sub"], cell_text(row.sub_kegiatan_text, k), self.font, self.wrap_top)
        self._put(r, index["ind"], cell_text(row.indikator_text, k) or None, self.font, self.wrap_top)
        if "extra" in index:
            self._put(r, index["extra"], extra or None, self.font, self.centre)
        for m in range(1, 13):
            c = index[f"m{m}"]
            cell = self.ws.cell(row=r, column=c)
            cell.alignment = self.centre
            cell.font = self.font
            if m in row.months:
                if self.mark_text:
                    cell.value = 1 if self.mark_text == "1" else self.mark_text
                if self.mark_fill is not None:
                    cell.fill = self.mark_fill
        self._box(r, r, 1, len(index))

    def _row_height(self, row: RowSpec, cols: Sequence[Column], extra: str) -> float:
        need = text_height(1, self.family, self.size)
        for col in cols:
            text = ""
            if col.key == "sub":
                text = cell_text(row.sub_kegiatan_text, self.k)
            elif col.key == "ind":
                text = cell_text(row.indikator_text, self.k)
            elif col.key == "extra":
                text = extra
            if text:
                need = max(need, self._height(text, self._points(col)))
        return need

    def _merged_columns(
        self, rows: Sequence[RowSpec], sheet_row: list[int], index: dict[str, int], heights: dict[int, float]
    ) -> None:
        """No / area / kegiatan cells over their spans; grow row heights to fit their text."""
        k = self.k
        keg_spans = spans(keg_keys(rows))
        area_spans = spans([(x.area_no, x.area_text) for x in rows])
        jobs: list[tuple[str, int, int, str]] = []
        for s0, s1 in keg_spans:
            jobs.append(("keg", s0, s1, cell_text(printed_kegiatan(rows[s0], rows, k), k)))
        for s0, s1 in area_spans if not k.sections else ():
            jobs.append(("area", s0, s1, cell_text(rows[s0].area_text, k)))
        if "no" in index:
            spans_no = keg_spans if k.sections else area_spans
            for s0, s1 in spans_no:
                n = rows[s0].kegiatan_no if k.sections else rows[s0].area_no
                label = ROMAN[n - 1] if (n and k.no_style == "roman" and not k.sections) else n
                jobs.append(("no", s0, s1, str(label)))
        for key, s0, s1, text in jobs:
            c = index[key]
            r0, r1 = sheet_row[s0], sheet_row[s1]
            is_no = key == "no"
            value: Any = int(text) if is_no and text.isdigit() else text
            align = self.centre if is_no else self.merged_align
            if k.keg_cells == "first":
                align = Alignment(horizontal="center", vertical="top") if is_no else self.wrap_top
            self._put(r0, c, value, self.font, align)
            need = self._height(text, self._points(self.cols[c - 1]))
            if k.keg_cells == "first":
                self._box(r0, r1, c, c, inner_h=False)
                heights[r0] = max(heights[r0], need)
                continue
            self._box(r0, r1, c, c)
            if r1 > r0:
                self.ws.merge_cells(start_row=r0, end_row=r1, start_column=c, end_column=c)
            have = sum(heights[sheet_row[i]] for i in range(s0, s1 + 1))
            if need > have:  # the typist drags the rows taller until the merged text shows
                extra = (need - have) / (s1 - s0 + 1)
                for i in range(s0, s1 + 1):
                    heights[sheet_row[i]] += extra

    def _outline(self, r0: int, r1: int, n_cols: int, header_last: int) -> None:
        """A medium frame around the table and under the header (a common Excel finish)."""
        for r in range(r0, r1 + 1):
            for c in (1, n_cols):
                cell = self.ws.cell(row=r, column=c)
                b = cell.border
                cell.border = Border(
                    left=self.heavy if c == 1 else b.left, right=self.heavy if c == n_cols else b.right,
                    top=b.top, bottom=b.bottom,
                )  # fmt: skip
        for c in range(1, n_cols + 1):
            for r, side in ((r0, "top"), (header_last, "bottom"), (r1, "bottom")):
                cell = self.ws.cell(row=r, column=c)
                b = cell.border
                cell.border = Border(
                    left=b.left, right=b.right,
                    top=self.heavy if side == "top" else b.top,
                    bottom=self.heavy if side == "bottom" else b.bottom,
                )  # fmt: skip
