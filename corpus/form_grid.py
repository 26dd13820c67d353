"""A fuzzed :class:`~rencana.corpus.layout_fuzz.TableForm` as a grid of cells, for every renderer.

The canvas, Word and spreadsheet renderers all draw the same form from this model: which
column holds what (:func:`column_keys`), the header cells with their spans
(:func:`header_cells`: the time label over an optional middle tier over the period labels,
the other labels spanning every tier, an optional column-number row), the body lines
(:func:`body_lines`: full-width section headings, plan rows with the cells they print and
the spans of the merged No/Area/Kegiatan cells, the marked periods), the column widths
(:func:`column_widths`) and the second lampiran tables (:data:`OTHER`).  Only the painting
differs per renderer: points on a canvas, merged cells and shading in Word or a sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from rencana.corpus.canvas_table import TableFonts, _fit_widths
from rencana.corpus.fonts import width
from rencana.corpus.layout_fuzz import TableForm, extra_text, period_of
from rencana.corpus.model import LayoutSpec, RowSpec

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
WEIGHT = {"area": 0, "keg": 1, "sub": 2, "ind": 3}
MERGED = ("no", "area", "keg")  # cells merged down over an area's / a kegiatan's rows


@dataclass(frozen=True, slots=True)
class HeadCell:
    """One header cell: top-left grid position, its span, its text."""

    row: int
    col: int
    rows: int
    cols: int
    text: str
    numbers: bool = False  # a cell of the column-number row


@dataclass(frozen=True, slots=True)
class BodyLine:
    """One body row of the grid: a section heading (``row == -1``) or a plan row."""

    row: int  # index into the plan rows; -1 for a section heading
    text: str = ""  # the heading's text
    cells: tuple[tuple[int, str], ...] = ()  # (column, text) printed on this line
    spans: tuple[tuple[int, int], ...] = ()  # (column, lines) of merged cells opening here
    periods: tuple[int, ...] = ()  # marked period indexes (0-based)


def section_label(row: RowSpec, fmt: str) -> str:
    """An area's full-width heading in one of the catalogue's formats."""
    n, text = row.area_no, " ".join(row.area_text.split())
    return {
        "letter_upper": f"{LETTERS[n - 1]}. {text.upper()}",
        "roman_upper": f"{ROMAN[n - 1]}. {text.upper()}",
        "arabic_title": f"{n}. {text}",
        "letter_title": f"{LETTERS[n - 1]}. {text}",
        "area_word": f"AREA {ROMAN[n - 1]}: {text.upper()}",
    }[fmt]


def column_keys(form: TableForm) -> tuple[list[str], list[str]]:
    """Per column left to right: its key (no/area/keg/sub/ind/x/p) and its bottom-tier label."""
    keys = [k for k, _ in form.columns] + ["p"] * form.periods + [k for k, _ in form.after]
    labels = [lb for _, lb in form.columns] + list(form.period_labels) + [lb for _, lb in form.after]
    return keys, labels


def header_depth(form: TableForm) -> int:
    """Grid rows of the header (time label, middle tier, periods, column numbers)."""
    return 2 + bool(form.middle) + form.column_numbers


def header_cells(form: TableForm) -> list[HeadCell]:
    """Every header cell with its span; labels left and right of the grid span every tier."""
    keys, labels = column_keys(form)
    p0 = keys.index("p")
    tiers = 2 + bool(form.middle)
    cells = [HeadCell(0, c, tiers, 1, labels[c]) for c, k in enumerate(keys) if k != "p"]
    cells.append(HeadCell(0, p0, 1, form.periods, form.top_label))
    if form.middle:
        per = form.periods // len(form.middle)
        cells += [HeadCell(1, p0 + g * per, 1, per, label) for g, label in enumerate(form.middle)]
    cells += [HeadCell(tiers - 1, p0 + k, 1, 1, label) for k, label in enumerate(form.period_labels)]
    if form.column_numbers:
        cells += [HeadCell(tiers, c, 1, 1, str(c + 1), numbers=True) for c in range(len(keys))]
    return cells


def cell_texts(row: RowSpec, i: int, keys: list[str], labels: list[str]) -> dict[int, str]:
    """What each column prints on plan row ``i`` (merged cells not yet taken out)."""
    out: dict[int, str] = {}
    for c, key in enumerate(keys):
        text = {
            "no": str(row.area_no),
            "area": row.area_text,
            "keg": row.kegiatan_text,
            "sub": row.sub_kegiatan_text,
            "ind": row.indikator_text,
        }.get(key)
        if key == "x":
            text = extra_text(labels[c], i)
        if text:
            out[c] = text
    return out


def span_keys(row: RowSpec) -> dict[str, object]:
    """What makes consecutive rows share a merged No / Area / Kegiatan cell."""
    area = (row.area_no, row.area_text)
    return {"no": area, "area": area, "keg": (area, row.kegiatan_no, row.kegiatan_text)}


def span_starts(rows: tuple[RowSpec, ...]) -> list[dict[str, bool]]:
    """Per row and merged key: whether a merged cell opens on it."""
    out: list[dict[str, bool]] = []
    prev: dict[str, object] = {}
    for i, row in enumerate(rows):
        keys = span_keys(row)
        out.append({k: i == 0 or prev[k] != v for k, v in keys.items()})
        prev = keys
    return out


def _span_length(rows: tuple[RowSpec, ...], i: int, key: str) -> int:
    n, first = 1, span_keys(rows[i])[key]
    while i + n < len(rows) and span_keys(rows[i + n])[key] == first:
        n += 1
    return n


def body_lines(rows: tuple[RowSpec, ...], form: TableForm) -> list[BodyLine]:
    """Section headings and plan rows in print order; merged cells print on their first row."""
    keys, labels = column_keys(form)
    starts = span_starts(rows)
    out: list[BodyLine] = []
    prev_area: tuple[int, str] | None = None
    for i, row in enumerate(rows):
        if form.sections and (row.area_no, row.area_text) != prev_area:
            out.append(BodyLine(-1, section_label(row, form.sections)))
        prev_area = (row.area_no, row.area_text)
        texts = cell_texts(row, i, keys, labels)
        cells = tuple((c, t) for c, t in sorted(texts.items()) if keys[c] not in MERGED or starts[i][keys[c]])
        spans = tuple(
            (c, _span_length(rows, i, k)) for c, k in enumerate(keys) if k in MERGED and starts[i][k]
        )
        periods = tuple(sorted({period_of(m, form.grid) for m in row.months}))
        out.append(BodyLine(i, "", cells, spans, periods))
    return out


def label_size(form: TableForm, size: float) -> float:
    """Header font size: long period labels (month names) are printed small."""
    return size if max(map(len, form.period_labels)) <= 5 else 5.5


def column_widths(
    form: TableForm, layout: LayoutSpec, fonts: TableFonts, total: float, lsize: float
) -> list[float]:
    """Column widths (pt) summing to ``total``: fixed No/extra/period columns, the rest shared.

    Raises ``ValueError`` when the page cannot hold the columns' longest words.
    """
    pad = layout.cell_pad_pt
    head = fonts.bold if layout.header_bold else fonts.regular
    widest = max(width(t, head, lsize) for t in form.period_labels)
    unit = {"month": layout.month_col_mm * mm, "quarter": 16 * mm, "semester": 24 * mm}[form.grid]
    period_w = max(unit, widest + 2 * pad + 1)
    cols = [*form.columns, *form.after]
    fixed: dict[int, float] = {}
    for i, (key, label) in enumerate(cols):
        if key == "no":
            fixed[i] = max(layout.no_col_mm * mm, width(label, head, lsize) + 2 * pad + 1)
        elif key == "x":
            fixed[i] = max(16 * mm, max(width(w, head, lsize) for w in label.split()) + 2 * pad + 2)
    flex = [i for i, (k, _) in enumerate(cols) if i not in fixed]
    mins = [max(width(w, head, lsize) for w in cols[i][1].split()) + 2 * pad + 2 for i in flex]
    rest = total - sum(fixed.values()) - form.periods * period_w
    if rest < 1.6 * sum(mins):  # a crowded page: the period columns as narrow as their labels
        period_w = widest + 3
        rest = total - sum(fixed.values()) - form.periods * period_w
    shares = _fit_widths(rest, [layout.col_weights[WEIGHT[cols[i][0]]] for i in flex], mins)
    widths = [fixed.get(i, 0.0) for i in range(len(cols))]
    for i, w in zip(flex, shares, strict=True):
        widths[i] = w
    n_left = len(form.columns)
    return [*widths[:n_left], *[period_w] * form.periods, *widths[n_left:]]


def without_extras(form: TableForm) -> TableForm:
    """The form with its extra columns left out (a page too narrow for them)."""
    from dataclasses import replace

    return replace(form, columns=tuple(c for c in form.columns if c[0] != "x"), after=())


def fill_hex(rgb: tuple[float, float, float]) -> str:
    """``(1.0, 1.0, 0.6)`` → ``"FFFF99"``."""
    return "".join(f"{round(max(0.0, min(1.0, v)) * 255):02X}" for v in rgb)


OTHER = {
    "tim_rb": (
        "SUSUNAN TIM REFORMASI BIROKRASI",
        ("NO", "NAMA", "JABATAN", "KEDUDUKAN DALAM TIM"),
        (("1", "Ketua", "Pengarah"), ("2", "Sekretaris", "Ketua Tim"), ("3", "Kasubag Umum", "Anggota"),
         ("4", "Kasubag Teknis", "Anggota"), ("5", "Staf Pelaksana", "Sekretariat Tim")),
    ),
    "budget": (
        "RINCIAN ANGGARAN KEGIATAN",
        ("NO", "URAIAN", "VOLUME", "JUMLAH (Rp)"),
        (("1", "Rapat koordinasi", "4 Kali", "5.000.000"),
         ("2", "Penyusunan laporan", "2 Dokumen", "1.500.000"),
         ("3", "Sosialisasi", "1 Kegiatan", "3.000.000")),
    ),
    "signatures": (
        "LEMBAR PENGESAHAN",
        ("NO", "NAMA", "JABATAN", "TANDA TANGAN"),
        (("1", "Ketua", "Ketua", ""), ("2", "Sekretaris", "Sekretaris", ""), ("3", "Anggota", "Anggota", "")),
    ),
}  # fmt: skip


def other_rows(kind: str) -> tuple[str, list[tuple[str, ...]]]:
    """A second lampiran table's title and its rows (header first), each as wide as the header."""
    title, heads, body = OTHER[kind]
    n = len(heads)
    return title, [heads, *[(*r, *[""] * (n - len(r)))[:n] for r in body]]
