"""Knobs of the spreadsheet renderer and the text measurement it sizes rows with.

The knobs are the habits of a satker typist who builds the Lampiran in Excel: sheets, column
set, header wording, month labels, marks or Gantt fills, merged or first-row-only kegiatan,
fonts.  They live in ``LayoutSpec.extra`` under ``xlsx.*`` keys (strings) so the truth file
records them; :func:`xlsx_layout` samples them, :func:`knobs` reads them back.

LibreOffice does not re-fit row heights when it opens an .xlsx (Excel stores the fitted heights
in the file), so every row height is written explicitly from :func:`wrap_lines`, an estimate of
how Calc wraps a cell text at a given column width.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields, replace
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from rencana.corpus.fonts import font_file
from rencana.corpus.model import LayoutSpec

PREFIX = "xlsx."
# Excel family -> (regular, bold) files LibreOffice substitutes, and the line pitch (x size) Excel's
# row autofit assumes; Calc draws the lines a little closer (Carlito 1.0, Liberation 1.15)
FONT_FILES: dict[str, tuple[str, str, float]] = {
    "Calibri": ("crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf", 1.22),
    "Arial": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf", 1.2),
    "Times New Roman": (
        "liberation2/LiberationSerif-Regular.ttf",
        "liberation2/LiberationSerif-Bold.ttf",
        1.2,
    ),
}
# Calc column width: points per Excel character unit (default font Calibri 11, measured)
PT_PER_CHAR = 5.545
CELL_PAD_PT = 2.0  # Calc's left + right text inset together, with some slack
FILLS = {"green": "C6EFCE", "yellow": "FFFF00", "lightyellow": "FFEB9C", "grey": "D9D9D9", "blue": "BDD7EE"}
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class XlsxKnobs:
    """One typist's spreadsheet habits (all strings, as stored in ``LayoutSpec.extra``)."""

    front: str = "sheet"  # "sheet": a first sheet with the decree typed into cells; "none"
    area: str = "column"  # "column" (AREA PERUBAHAN column) or "section" (full-width rows)
    section_fmt: str = "roman_upper"  # roman_upper, letter_title, arabic_title, roman_title
    section_fill: str = ""  # hex fill of section rows, "" = none
    no_col: str = "yes"
    no_style: str = "arabic"  # arabic or roman area numbers in the No column
    extra_col: str = ""  # "", "pj_ind", "pj_months", "ket_ind", "ket_months"
    months: str = "num"  # num (1..12), abbr (Jan..Des), roman (I..XII)
    month_label: str = "PELAKSANAAN (BULAN)"
    sub_label: str = "SUB KEGIATAN"
    ind_label: str = "INDIKATOR KEBERHASILAN"
    header_case: str = "upper"  # upper or title
    colnum_row: str = "no"
    mark: str = "V"  # V, √, ●, X, 1, fill, fill+V
    fill: str = "green"  # key of FILLS for fill marks
    valign: str = "center"  # merged cells: center (Excel's merge & center look) or top
    keg_cells: str = "merge"  # merge, or "first": text in the first row only, no inner rules
    font: str = "Calibri"
    size: str = "10"
    header_fill: str = ""  # hex or ""
    outline: str = "thin"  # thin, or medium (a medium outer border and header rule)
    lampiran_block: str = "yes"
    signature: str = "yes"
    footer: str = "no"  # "yes": "Halaman &P dari &N" footer
    line_breaks: str = "yes"  # items on their own lines (Alt+Enter) or run together
    breaks: str = "auto"  # auto (Calc's page breaks cut merged cells) or manual (between kegiatan)

    @property
    def font_size(self) -> float:
        return float(self.size)

    @property
    def has_front(self) -> bool:
        return self.front == "sheet"

    @property
    def sections(self) -> bool:
        return self.area == "section"

    def mark_kind(self) -> str:
        """What the truth records as ``mark_kind``: the mark text, ``fill:<hex>`` or both."""
        colour = FILLS.get(self.fill, self.fill)
        if self.mark == "fill":
            return f"fill:{colour}"
        if self.mark == "fill+V":
            return f"fill:{colour}+V"
        return self.mark


def knobs(layout: LayoutSpec) -> XlsxKnobs:
    """The knobs stored in ``layout.extra`` (defaults for the missing ones)."""
    values = {
        f.name: layout.extra[PREFIX + f.name] for f in fields(XlsxKnobs) if PREFIX + f.name in layout.extra
    }
    return XlsxKnobs(**values)


def _title(text: str) -> str:
    small = {"dan", "di", "ke", "atau"}
    words = [w.lower() if w.lower() in small and i else w.capitalize() for i, w in enumerate(text.split(" "))]
    return " ".join(words).replace("(bulan", "(Bulan").replace("Ke-)", "ke-)")


def sample_knobs(rng: random.Random) -> XlsxKnobs:
    """Random but plausible spreadsheet habits."""
    area = "section" if rng.random() < 0.45 else "column"
    mark = rng.choice(("V", "V", "√", "●", "X", "1", "fill", "fill", "fill+V"))
    month_label = rng.choice(
        ("PELAKSANAAN (BULAN)", "PELAKSANAAN KEGIATAN (BULAN KE-)", "WAKTU PELAKSANAAN",
         "WAKTU PELAKSANAAN (BULAN)", "JADWAL PELAKSANAAN")
    )  # fmt: skip
    case = "title" if rng.random() < 0.3 else "upper"
    size = rng.choice((8, 9, 9, 10, 10, 11))
    return XlsxKnobs(
        front="sheet" if rng.random() < 0.6 else "none",
        area=area,
        section_fmt=rng.choice(("roman_upper", "roman_upper", "letter_title", "arabic_title", "roman_title")),
        section_fill=rng.choice(("", "", "D9D9D9", "F2F2F2", "DDEBF7", "FCE4D6")),
        no_col="no" if rng.random() < 0.25 else "yes",
        no_style="roman" if rng.random() < 0.2 else "arabic",
        extra_col=rng.choice(("", "", "", "pj_ind", "pj_months", "ket_ind", "ket_months")),
        months=rng.choice(("num", "num", "abbr", "roman")),
        month_label=month_label,
        sub_label=rng.choice(("SUB KEGIATAN", "SUB KEGIATAN", "RINCIAN KEGIATAN")),
        ind_label=rng.choice(("INDIKATOR KEBERHASILAN", "INDIKATOR KEBERHASILAN/OUTPUT", "OUTPUT")),
        header_case=case,
        colnum_row="yes" if rng.random() < 0.2 else "no",
        mark=mark,
        fill=rng.choice(("green", "green", "yellow", "lightyellow", "grey", "blue")),
        valign=rng.choice(("center", "center", "top")),
        keg_cells="first" if rng.random() < 0.25 else "merge",
        font=rng.choice(("Calibri", "Calibri", "Arial", "Arial", "Times New Roman")),
        size=str(size),
        header_fill=rng.choice(("", "", "D9D9D9", "BFBFBF", "C6E0B4", "FFE699")),
        outline=rng.choice(("thin", "thin", "medium")),
        lampiran_block="yes" if rng.random() < 0.8 else "no",
        signature="yes" if rng.random() < 0.7 else "no",
        footer="yes" if rng.random() < 0.25 else "no",
        line_breaks="yes" if rng.random() < 0.7 else "no",
        breaks="manual" if rng.random() < 0.4 else "auto",
    )


def header_text(k: XlsxKnobs, text: str) -> str:
    """A header label in the document's case."""
    return _title(text) if k.header_case == "title" else text


def xlsx_layout(layout: LayoutSpec, rng: random.Random) -> LayoutSpec:
    """``layout`` with sampled spreadsheet knobs added to ``extra``."""
    k = sample_knobs(rng)
    extra = dict(layout.extra)
    extra.update({PREFIX + f.name: getattr(k, f.name) for f in fields(XlsxKnobs)})
    return replace(layout, extra=extra)


# ---------------------------------------------------------------- measurement
@cache
def _font_names(family: str) -> tuple[str, str]:
    regular, bold, _ = FONT_FILES.get(family, FONT_FILES["Calibri"])
    names = []
    for tag, rel in (("", regular), ("-Bold", bold)):
        name = f"xlsx-{family.replace(' ', '')}{tag}"
        pdfmetrics.registerFont(TTFont(name, str(font_file(rel))))
        names.append(name)
    return names[0], names[1]


def line_pitch(family: str, size: float) -> float:
    """Height (pt) per wrapped line that row heights are sized with."""
    return FONT_FILES.get(family, FONT_FILES["Calibri"])[2] * size


def col_points(width_chars: float) -> float:
    """Printed width (pt, before fit-to-width scaling) of a column ``width_chars`` wide."""
    return width_chars * PT_PER_CHAR


def wrap_lines(text: str, family: str, size: float, width_pt: float, *, bold: bool = False) -> int:
    """How many lines Calc needs for ``text`` (``\\n`` = forced break) in a cell ``width_pt`` wide."""
    name = _font_names(family)[1 if bold else 0]
    room = max(1.0, width_pt - CELL_PAD_PT)
    space = pdfmetrics.stringWidth(" ", name, size)
    total = 0
    for para in text.split("\n"):
        lines, used = 1, 0.0
        for word in _WORD.findall(para):
            w = pdfmetrics.stringWidth(word, name, size) * 1.03  # hinting and kerning slack
            if used and used + space + w > room:
                lines, used = lines + 1, 0.0
            while w > room:  # a word longer than the cell is broken
                lines, w = lines + 1, w - room
            used = used + space + w if used else w
        total += lines
    return total


def text_height(lines: int, family: str, size: float) -> float:
    """Row height (pt) that shows ``lines`` lines without clipping."""
    return round(lines * line_pitch(family, size) + 0.35 * size + 2.5, 2)
