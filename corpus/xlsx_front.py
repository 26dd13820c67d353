"""Decree text typed into spreadsheet cells: the front-matter sheet, the LAMPIRAN block, the
heading above the table and the signature block below it.

The front-matter sheet is portrait: ``label | : | marker | text …`` in seven columns with the
texts in merged, wrapped cells (heights set from the text estimate, as Excel would store them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rencana.corpus.docx_text import indonesian_date
from rencana.corpus.model import DecreeSpec
from rencana.corpus.xlsx_style import col_points, text_height, wrap_lines

DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN")
FRONT_WIDTHS = (12.0, 1.6, 3.6, 40.0, 13.0, 1.6, 24.0)  # A..G, Excel character units
_MARKER = re.compile(r"^\s*(\d{1,2}|[a-z])\.\s+")
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
JUSTIFY = Alignment(horizontal="justify", vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)


class CellTyper:
    """Writes (merged) text cells and keeps each row tall enough for what it holds."""

    def __init__(self, ws: Worksheet, widths: Sequence[float], family: str, size: float) -> None:
        self.ws, self.widths, self.family, self.size = ws, list(widths), family, size

    def font(self, *, bold: bool = False, size: float | None = None, underline: bool = False) -> Font:
        return Font(
            name=self.family, size=size or self.size, bold=bold, underline="single" if underline else None
        )

    def put(
        self,
        row: int,
        c0: int,
        text: str,
        *,
        c1: int | None = None,
        bold: bool = False,
        size: float | None = None,
        align: Alignment = LEFT,
        underline: bool = False,
    ) -> None:
        """``text`` in columns ``c0..c1`` (merged) of ``row``; grow the row to fit it."""
        c1 = c0 if c1 is None else c1
        cell = self.ws.cell(row=row, column=c0, value=text)
        cell.font = self.font(bold=bold, size=size, underline=underline)
        cell.alignment = align
        if c1 > c0:
            self.ws.merge_cells(start_row=row, end_row=row, start_column=c0, end_column=c1)
        width = sum(col_points(w) for w in self.widths[c0 - 1 : c1])
        pt = size or self.size
        need = text_height(wrap_lines(text, self.family, pt, width, bold=bold), self.family, pt)
        dim = self.ws.row_dimensions[row]
        dim.height = max(float(dim.height or 0.0), need)

    def blank(self, row: int, height: float | None = None) -> None:
        self.ws.row_dimensions[row].height = height or text_height(1, self.family, self.size)


def _items(texts: Sequence[str], letters: bool) -> list[tuple[str, str]]:
    out = []
    for i, text in enumerate(texts):
        m = _MARKER.match(text)
        if m:
            out.append((f"{m.group(1)}.", " ".join(text[m.end() :].split())))
        else:
            marker = f"{'abcdefghijklmnopqrstuvwxyz'[i % 26]}." if letters else f"{i + 1}."
            out.append((marker, " ".join(text.split())))
    return out


def signature_lines(spec: DecreeSpec) -> list[str]:
    """``KETUA KOMISI PEMILIHAN UMUM`` / ``KOTA BANJAR,`` as two lines when the satker name allows."""
    body, short = spec.satker.body_upper, spec.satker.short_upper
    if short and body.endswith(" " + short):
        return [f"KETUA {body[: -len(short)].strip()}", f"{short},"]
    return [f"KETUA {body},"]


def write_front_sheet(ws: Worksheet, spec: DecreeSpec, family: str, size: float) -> None:
    """The decree's front matter typed into a portrait sheet."""
    for i, w in enumerate(FRONT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    t = CellTyper(ws, FRONT_WIDTHS, family, size)
    body = spec.satker.body_upper
    r = 1
    t.put(r, 1, body, c1=7, bold=True, size=size + 3, align=CENTRE)
    line = Side(style="medium")
    for c in range(1, 8):
        ws.cell(row=r, column=c).border = Border(bottom=line)
    r += 1
    t.blank(r)
    r += 1
    for text in (f"KEPUTUSAN {body}", f"NOMOR : {spec.decree_number}", "TENTANG", spec.title):
        t.put(r, 1, text, c1=7, bold=True, align=CENTRE)
        r += 1
    t.blank(r)
    r += 1
    if spec.rahmat:
        t.put(r, 1, "DENGAN RAHMAT TUHAN YANG MAHA ESA", c1=7, bold=True, align=CENTRE)
        r += 2
    t.put(r, 1, f"KETUA {body},", c1=7, bold=True, align=CENTRE)
    r += 2
    for label, items in (
        ("Menimbang", _items(spec.menimbang, letters=True)),
        ("Mengingat", _items(spec.mengingat, letters=False)),
    ):
        for i, (marker, text) in enumerate(items):
            if i == 0:
                t.put(r, 1, label)
                t.put(r, 2, ":")
            t.put(r, 3, marker)
            t.put(r, 4, text, c1=7, align=JUSTIFY)
            r += 1
        t.blank(r)
        r += 1
    t.put(r, 1, "MEMUTUSKAN:", c1=7, bold=True, align=CENTRE)
    r += 1
    diktum = spec.diktum or ("Keputusan ini mulai berlaku sejak tanggal ditetapkan.",)
    dikta = [("Menetapkan", spec.menetapkan or f"KEPUTUSAN {body} TENTANG {spec.title}.")]
    dikta += [(DIKTUM[i] if i < len(DIKTUM) else f"KE-{i + 1}", d) for i, d in enumerate(diktum)]
    for label, text in dikta:
        t.put(r, 1, label)
        t.put(r, 2, ":")
        t.put(r, 3, text, c1=7, align=JUSTIFY)
        r += 1
        t.blank(r, 6.0)
        r += 1
    r = write_signature(t, spec, r + 1, 5, 7, with_labels=True)
    r += 1
    secretary = (
        "Sekretaris Jenderal KPU" if spec.satker.level == "pusat" else f"Sekretaris {spec.satker.name}"
    )
    for text in ("Salinan sesuai dengan aslinya", secretary, "", "", spec.sekretaris):
        if text:
            t.put(r, 1, text, c1=4)
        else:
            t.blank(r)
        r += 1


def write_signature(t: CellTyper, spec: DecreeSpec, row: int, c0: int, c1: int, *, with_labels: bool) -> int:
    """Place, date, office, "ttd." and name in columns ``c0..c1`` from ``row``; return the next row."""
    d = spec.decree_date
    date = indonesian_date(d.day, d.month, d.year)
    r = row
    for label, value in (("Ditetapkan di", spec.satker.place), (spec.date_label, date)):
        if with_labels and c1 - c0 >= 2:
            t.put(r, c0, label)
            t.put(r, c0 + 1, ":")
            t.put(r, c0 + 2, value, c1=c1)
        else:
            t.put(r, c0, f"{label} : {value}", c1=c1)
        r += 1
    t.blank(r)
    r += 1
    for text in signature_lines(spec):
        t.put(r, c0, text, c1=c1, bold=True, align=CENTRE)
        r += 1
    for text in ("", "ttd.", ""):
        if text:
            t.put(r, c0, text, c1=c1, align=CENTRE)
        else:
            t.blank(r)
        r += 1
    t.put(r, c0, spec.ketua, c1=c1, bold=True, align=CENTRE, underline=True)
    return r + 1


def write_lampiran_block(t: CellTyper, spec: DecreeSpec, row: int, c0: int, c1: int) -> int:
    """LAMPIRAN / NOMOR / TANGGAL / TENTANG at the top right; return the next row."""
    d = spec.decree_date
    lines = (
        f"LAMPIRAN KEPUTUSAN {spec.satker.body_upper}",
        f"NOMOR : {spec.decree_number}",
        f"TANGGAL : {indonesian_date(d.day, d.month, d.year).upper()}",
        f"TENTANG : {spec.title}",
    )
    for i, text in enumerate(lines):
        t.put(row + i, c0, text, c1=c1)
    return row + len(lines)


def write_heading(t: CellTyper, spec: DecreeSpec, row: int, n_cols: int, split: bool) -> int:
    """The centred heading above the table (one row, or three); return the next row."""
    size = t.size + 1
    body = spec.satker.body_upper
    texts = (
        ["RENCANA AKSI REFORMASI BIROKRASI", body, f"TAHUN {spec.plan_year}"]
        if split
        else [f"RENCANA AKSI REFORMASI BIROKRASI {body} TAHUN {spec.plan_year}"]
    )
    for i, text in enumerate(texts):
        t.put(row + i, 1, text, c1=n_cols, bold=True, size=size, align=CENTRE)
    return row + len(texts)
