"""The action-plan table for the canvas renderer: column geometry, pagination, drawing.

Coordinates are top-down points (like pdfplumber's ``top``).  :func:`plan_table`
is pure: it wraps every cell, breaks rows across pages, and places the text of
the vertically merged No / AREA / KEGIATAN cells; :func:`draw_table_page`
paints one page of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm

from rencana.corpus.canvas_text import Line, Painter, pieces, wrap
from rencana.corpus.fonts import has_glyphs, width
from rencana.corpus.model import LayoutSpec, RowSpec

EPS = 0.01
HEADER_LABELS = ("No", "AREA PERUBAHAN", "KEGIATAN", "SUB KEGIATAN", "INDIKATOR KEBERHASILAN")
MONTHS_LABEL = "PELAKSANAAN (BULAN)"
N_TEXT_COLS = 5
N_COLS = N_TEXT_COLS + 12
MERGED_COLS = (0, 1, 2)
MAX_RELAYOUT = 30


@dataclass(frozen=True, slots=True)
class TableFonts:
    regular: str
    bold: str
    symbol: str  # used for a month mark the regular font lacks


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the table may go: page size, margins and the first page's top."""

    page_w: float
    page_h: float
    margin: float
    first_top: float


@dataclass(slots=True)
class Frag:
    """The part of one row on one page; it prints content lines [lines_from, lines_to)."""

    row: int
    page: int
    top: float
    height: float
    lines_from: int
    lines_to: int
    first: bool

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(slots=True)
class Part:
    """The part of a merged No/AREA/KEGIATAN cell on one page, with the lines drawn in it."""

    col: int
    page: int
    top: float
    bottom: float
    lines: list[Line] = field(default_factory=list)
    text_top: float = 0.0


@dataclass(slots=True)
class TablePlan:
    xs: list[float]  # 18 column edges
    header_h: tuple[float, float, float]  # label row, month-number row, column-number row (0 if absent)
    header_top: list[float | None]  # per table page
    body_top: list[float]
    frags: list[Frag]
    parts: list[Part]
    sub_lines: list[list[Line]]
    ind_lines: list[list[Line]]
    header_lines: list[list[Line]]  # the 5 labels + MONTHS_LABEL, wrapped

    @property
    def pages(self) -> int:
        return max(f.page for f in self.frags) + 1

    def page_bottom(self, page: int) -> float:
        """Lowest y the table reaches on ``page``."""
        return max(f.bottom for f in self.frags if f.page == page)

    def row_first_page(self) -> list[int]:
        first: dict[int, int] = {}
        for f in self.frags:
            first.setdefault(f.row, f.page)
        return [first[r] for r in range(len(first))]


def line_height(layout: LayoutSpec) -> float:
    return float(layout.font_size * layout.leading)


def _fit_widths(total: float, weights: list[float], mins: list[float]) -> list[float]:
    """Share ``total`` by ``weights`` but give every column at least its minimum."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        rest = total - sum(fixed.values())
        wsum = sum(weights[i] for i in free)
        widths = {i: rest * weights[i] / wsum for i in free}
        short = [i for i in free if widths[i] < mins[i]]
        if not short:
            return [fixed.get(i, widths.get(i, 0.0)) for i in range(len(weights))]
        for i in short:
            fixed[i] = mins[i]
        if len(fixed) == len(weights):
            raise ValueError(f"table too narrow: columns need {sum(mins):.0f} pt, page gives {total:.0f} pt")


def column_edges(layout: LayoutSpec, frame: Frame, mins: list[float] | None = None) -> list[float]:
    """x of the 18 column edges: No, AREA, KEGIATAN, SUB, INDIKATOR, then 12 months.

    ``mins`` (17 widths) keeps every column at least as wide as its widest word.
    """
    mins = mins or [0.0] * N_COLS
    x0, x1 = frame.margin, frame.page_w - frame.margin
    month_w = max([layout.month_col_mm * mm, *mins[N_TEXT_COLS:]])
    no_w = max(layout.no_col_mm * mm, mins[0])
    text_w = (x1 - x0) - 12 * month_w - no_w
    widths = [no_w, *_fit_widths(text_w, list(layout.col_weights), mins[1:N_TEXT_COLS]), *[month_w] * 12]
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    xs[-1] = x1
    return xs


def min_widths(rows: tuple[RowSpec, ...], layout: LayoutSpec, fonts: TableFonts) -> list[float]:
    """Per column: the widest unbreakable word (header in its font, cells in the body font) plus padding."""
    pad, size = layout.cell_pad_pt, layout.font_size
    head = fonts.bold if layout.header_bold else fonts.regular
    texts: list[list[str]] = [
        [str(r.area_no) for r in rows],
        [r.area_text for r in rows],
        [r.kegiatan_text for r in rows],
        [r.sub_kegiatan_text for r in rows],
        [r.indikator_text for r in rows],
    ]
    mins = []
    for col, cells in enumerate(texts):
        words = {w for t in cells for w in pieces(t)}
        widest = max([width(w, fonts.regular, size) for w in words] or [0.0])
        label = max(width(w, head, size) for w in HEADER_LABELS[col].split())
        mins.append(max(widest, label) + 2 * pad + 1.0)
    month = max(width("12", head, size), width("✓", fonts.symbol, size)) + 2 * pad + 1.0
    return mins + [month] * 12


def spans(rows: tuple[RowSpec, ...]) -> dict[int, list[tuple[int, int, str]]]:
    """Merged spans per column: (first row, last row, text) for No, AREA and KEGIATAN.

    Consecutive rows with the same area (number and text) share the No and AREA
    cells; those that also share the kegiatan (number and text) share KEGIATAN.
    """
    out: dict[int, list[tuple[int, int, str]]] = {0: [], 1: [], 2: []}
    prev: dict[int, object] = {}
    for i, r in enumerate(rows):
        area_key = (r.area_no, r.area_text)
        cells = {
            0: (area_key, str(r.area_no)),
            1: (area_key, r.area_text),
            2: ((area_key, r.kegiatan_no, r.kegiatan_text), r.kegiatan_text),
        }
        for col, (key, text) in cells.items():
            if i and prev[col] == key:
                a, _, t = out[col][-1]
                out[col][-1] = (a, i, t)
            else:
                out[col].append((i, i, text))
            prev[col] = key
    return out


def _cell_w(xs: list[float], col: int, pad: float) -> float:
    return xs[col + 1] - xs[col] - 2 * pad


def _header(
    layout: LayoutSpec, fonts: TableFonts, xs: list[float]
) -> tuple[list[list[Line]], tuple[float, float, float]]:
    """Wrapped header labels and the heights of the label, month-number and column-number rows."""
    lh, pad = line_height(layout), layout.cell_pad_pt
    font = fonts.bold if layout.header_bold else fonts.regular
    labels = [wrap(t, font, layout.font_size, _cell_w(xs, i, pad)) for i, t in enumerate(HEADER_LABELS)]
    months_w = xs[N_COLS] - xs[N_TEXT_COLS] - 2 * pad
    labels.append(wrap(MONTHS_LABEL, font, layout.font_size, months_w))
    h2 = lh + 2 * pad
    label_h = max(len(ls) for ls in labels[:N_TEXT_COLS]) * lh + 2 * pad
    h1 = max(len(labels[-1]) * lh + 2 * pad, label_h - h2)
    hc = (lh + pad) if layout.column_number_row else 0.0
    return labels, (h1, h2, hc)


def _paginate(
    heights: list[float], nlines: list[int], tops: list[float], bottom: float, layout: LayoutSpec
) -> list[Frag]:
    lh, pad = line_height(layout), layout.cell_pad_pt

    def top_of(page: int) -> float:
        return tops[min(page, len(tops) - 1)]

    frags: list[Frag] = []
    page, y = 0, top_of(0)
    for r, h in enumerate(heights):
        rem_h, done, total, first = h, 0, nlines[r], True
        while True:
            avail = bottom - y
            if rem_h <= avail + EPS:
                frags.append(Frag(r, page, y, rem_h, done, total, first))
                y += rem_h
                break
            full = bottom - top_of(page + 1)
            fit = int((avail - 2 * pad + EPS) // lh)
            if (layout.allow_row_split or rem_h > full + EPS) and fit >= 1:
                take = min(fit, total - done)
                h1 = fit * lh + 2 * pad
                frags.append(Frag(r, page, y, h1, done, done + take, first))
                done += take
                first = False
                rem_h = max(rem_h - h1 + 2 * pad, (total - done) * lh + 2 * pad)
            page += 1
            y = top_of(page)
    return frags


def _place(lines: list[Line], parts: list[Part], layout: LayoutSpec) -> float:
    """Put a merged cell's lines into its page parts; return the height still missing."""
    lh, pad = line_height(layout), layout.cell_pad_pt
    text_h = len(lines) * lh
    if layout.merged_valign == "middle":
        total = sum(p.bottom - p.top for p in parts)
        centre, acc = total / 2, 0.0
        for p in parts:
            h = p.bottom - p.top
            if acc <= centre <= acc + h + EPS:
                if text_h <= h - 2 * pad + EPS:
                    p.lines = lines
                    p.text_top = p.top + (h - text_h) / 2
                    return 0.0
                break
            acc += h
    i = 0
    for p in parts:
        cap = max(0, int((p.bottom - p.top - 2 * pad + EPS) // lh))
        p.lines = lines[i : i + cap]
        p.text_top = p.top + pad
        i += len(p.lines)
    return (len(lines) - i) * lh


def plan_table(rows: tuple[RowSpec, ...], layout: LayoutSpec, fonts: TableFonts, frame: Frame) -> TablePlan:
    """Lay the table out over as many landscape pages as it needs."""
    xs = column_edges(layout, frame, min_widths(rows, layout, fonts))
    lh, pad, size = line_height(layout), layout.cell_pad_pt, layout.font_size
    header_lines, header_h = _header(layout, fonts, xs)
    hh = sum(header_h)
    opts = {"item_breaks": layout.item_breaks, "hanging": layout.hanging_indent}
    sub_lines = [wrap(r.sub_kegiatan_text, fonts.regular, size, _cell_w(xs, 3, pad), **opts) for r in rows]
    ind_lines = [wrap(r.indikator_text, fonts.regular, size, _cell_w(xs, 4, pad), **opts) for r in rows]
    nlines = [max(1, len(s), len(i)) for s, i in zip(sub_lines, ind_lines, strict=True)]
    heights = [n * lh + 2 * pad for n in nlines]
    merged = spans(rows)
    merged_lines = {
        col: [
            wrap(t, fonts.regular, size, _cell_w(xs, col, pad), hanging=layout.hanging_indent)
            for _, _, t in sp
        ]
        for col, sp in merged.items()
    }
    for col, sp in merged.items():
        for (a, b, _), lines in zip(sp, merged_lines[col], strict=True):
            deficit = len(lines) * lh + 2 * pad - sum(heights[a : b + 1])
            if deficit > 0:
                heights[b] += deficit
    top_rest = frame.margin + (hh if layout.header_repeat else 0.0)
    tops = [frame.first_top + hh, top_rest]
    bottom = frame.page_h - frame.margin
    for _ in range(MAX_RELAYOUT):
        frags = _paginate(heights, nlines, tops, bottom, layout)
        by_row: dict[int, list[Frag]] = {}
        for f in frags:
            by_row.setdefault(f.row, []).append(f)
        parts: list[Part] = []
        missing = False
        for col, sp in merged.items():
            for (a, b, _), lines in zip(sp, merged_lines[col], strict=True):
                span_parts: dict[int, Part] = {}
                for r in range(a, b + 1):
                    for f in by_row[r]:
                        p = span_parts.setdefault(f.page, Part(col, f.page, f.top, f.bottom, text_top=f.top))
                        p.bottom = max(p.bottom, f.bottom)
                ordered = [span_parts[k] for k in sorted(span_parts)]
                short = _place(lines, ordered, layout)
                if short > EPS:
                    heights[b] += short
                    missing = True
                parts.extend(ordered)
        if not missing:
            break
    n_pages = max(f.page for f in frags) + 1
    rest_header: float | None = frame.margin if layout.header_repeat else None
    header_top: list[float | None] = [frame.first_top, *[rest_header] * (n_pages - 1)]
    body_top = [frame.first_top + hh] + [top_rest] * (n_pages - 1)
    return TablePlan(xs, header_h, header_top, body_top, frags, parts, sub_lines, ind_lines, header_lines)


# ---------------------------------------------------------------- drawing
Rect = tuple[float, float, float, float]  # x0, top, x1, bottom


def _baseline(line_top: float, layout: LayoutSpec) -> float:
    return float(line_top + (line_height(layout) - layout.font_size) / 2 + 0.8 * layout.font_size)


def _draw_lines(pt: Painter, lines: list[Line], x: float, top: float, font: str, layout: LayoutSpec) -> None:
    lh = line_height(layout)
    for i, ln in enumerate(lines):
        pt.text(x + ln.indent, _baseline(top + i * lh, layout), ln.text, font, layout.font_size)


def _draw_header(
    pt: Painter, plan: TablePlan, top: float, layout: LayoutSpec, fonts: TableFonts
) -> list[Rect]:
    xs, (h1, h2, hc) = plan.xs, plan.header_h
    lh, size = line_height(layout), layout.font_size
    font = fonts.bold if layout.header_bold else fonts.regular
    rects: list[Rect] = [(xs[i], top, xs[i + 1], top + h1 + h2) for i in range(N_TEXT_COLS)]
    rects.append((xs[N_TEXT_COLS], top, xs[N_COLS], top + h1))
    rects += [(xs[i], top + h1, xs[i + 1], top + h1 + h2) for i in range(N_TEXT_COLS, N_COLS)]
    if layout.header_fill:
        pt.fill_rect(xs[0], top, xs[N_COLS], top + h1 + h2, 0.85)
    for i, lines in enumerate(plan.header_lines):
        x0, x1 = (xs[i], xs[i + 1]) if i < N_TEXT_COLS else (xs[N_TEXT_COLS], xs[N_COLS])
        cell_h = h1 + h2 if i < N_TEXT_COLS else h1
        y = top + (cell_h - len(lines) * lh) / 2
        for j, ln in enumerate(lines):
            pt.centred(x0, x1, _baseline(y + j * lh, layout), ln.text, font, size)
    for m in range(12):
        x0, x1 = xs[N_TEXT_COLS + m], xs[N_TEXT_COLS + m + 1]
        pt.centred(x0, x1, _baseline(top + h1 + (h2 - lh) / 2, layout), str(m + 1), font, size)
    if hc:
        y = top + h1 + h2
        small = size * 0.85
        for i in range(N_COLS):
            pt.centred(xs[i], xs[i + 1], y + (hc + small * 0.7) / 2, str(i + 1), fonts.regular, small)
            rects.append((xs[i], y, xs[i + 1], y + hc))
    return rects


def _mark_style(row: RowSpec, layout: LayoutSpec) -> str:
    style = layout.mark_style
    if style == "mixed":
        style = row.mark if row.mark != "mixed" else "V"
    return str(style)


def _draw_body(
    pt: Painter, plan: TablePlan, page: int, rows: tuple[RowSpec, ...], layout: LayoutSpec, fonts: TableFonts
) -> list[Rect]:
    xs, pad, size = plan.xs, layout.cell_pad_pt, layout.font_size
    rects: list[Rect] = []
    for f in (f for f in plan.frags if f.page == page):
        row = rows[f.row]
        style = _mark_style(row, layout)
        for m in range(12):
            col = N_TEXT_COLS + m
            x0, x1 = xs[col], xs[col + 1]
            if m + 1 in row.months and style == "shade":
                pt.fill_rect(x0, f.top, x1, f.bottom, layout.shade_gray)
            elif m + 1 in row.months and f.first:
                font = fonts.regular if has_glyphs(fonts.regular, style) else fonts.symbol
                if layout.mark_valign == "middle":
                    base = f.top + (f.height + 0.7 * size) / 2
                else:
                    base = _baseline(f.top + pad, layout)
                pt.centred(x0, x1, base, style, font, size)
        for col, lines in ((3, plan.sub_lines[f.row]), (4, plan.ind_lines[f.row])):
            _draw_lines(
                pt, lines[f.lines_from : f.lines_to], xs[col] + pad, f.top + pad, fonts.regular, layout
            )
        rects += [(xs[c], f.top, xs[c + 1], f.bottom) for c in range(3, N_COLS)]
    for p in (p for p in plan.parts if p.page == page):
        x0, x1 = xs[p.col], xs[p.col + 1]
        if p.col == 0:
            lh = line_height(layout)
            for i, ln in enumerate(p.lines):
                pt.centred(x0, x1, _baseline(p.text_top + i * lh, layout), ln.text, fonts.regular, size)
        else:
            _draw_lines(pt, p.lines, x0 + pad, p.text_top, fonts.regular, layout)
        rects.append((x0, p.top, x1, p.bottom))
    return rects


def _draw_rules(pt: Painter, rects: list[Rect], layout: LayoutSpec) -> None:
    c, lw = pt.c, layout.line_width
    c.setLineWidth(lw)
    c.setStrokeGray(0)
    if layout.ruling == "full" and layout.rule_style == "rects":
        for x0, top, x1, bottom in rects:
            pt.stroke_rect(x0, top, x1, bottom)
        return
    segs: dict[tuple[float, float, float, float], None] = {}
    for x0, top, x1, bottom in rects:
        segs[(round(x0, 2), round(top, 2), round(x1, 2), round(top, 2))] = None
        segs[(round(x0, 2), round(bottom, 2), round(x1, 2), round(bottom, 2))] = None
        if layout.ruling == "full":
            segs[(round(x0, 2), round(top, 2), round(x0, 2), round(bottom, 2))] = None
            segs[(round(x1, 2), round(top, 2), round(x1, 2), round(bottom, 2))] = None
    for x0, y0, x1, y1 in segs:
        if layout.rule_style == "fills":
            half = lw / 2
            pt.fill_rect(x0 - half, y0 - half, x1 + half, y1 + half, 0.0)
        else:
            pt.line(x0, y0, x1, y1)


def draw_table_page(
    pt: Painter, plan: TablePlan, page: int, rows: tuple[RowSpec, ...], layout: LayoutSpec, fonts: TableFonts
) -> None:
    """Paint table page ``page`` (0-based within the table) of ``plan``."""
    rects: list[Rect] = []
    top = plan.header_top[page]
    if top is not None:
        rects += _draw_header(pt, plan, top, layout, fonts)
    rects += _draw_body(pt, plan, page, rows, layout, fonts)
    _draw_rules(pt, rects, layout)
