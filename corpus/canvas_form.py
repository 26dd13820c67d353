"""The canvas renderer's action-plan table drawn from a fuzzed :class:`TableForm`.

Any column set and order, header labels and depth (a time label over an optional middle tier
over the period labels, an optional column-number row), month / quarter / semester grids,
glyph marks, fills of any colour or Gantt bars (with or without the month borders), areas as a
column or as full-width section rows, rows split across pages.  Coordinates are top-down
points.  :func:`plan_form` is pure; :func:`draw_form_page` paints one page of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from rencana.corpus.canvas_table import TableFonts
from rencana.corpus.canvas_text import Line, Painter, wrap
from rencana.corpus.fonts import has_glyphs
from rencana.corpus.form_grid import (
    MERGED,
    cell_texts,
    column_keys,
    column_widths,
    label_size,
    other_rows,
    section_label,
    span_keys,
    span_starts,
)
from rencana.corpus.layout_fuzz import TableForm, period_of
from rencana.corpus.model import LayoutSpec, RowSpec

EPS = 0.01


@dataclass(slots=True)
class Item:
    """One body line of the table: a plan row's fragment or a section heading."""

    row: int  # index into rows; -1 for a section heading
    page: int
    top: float
    height: float
    cells: dict[int, list[Line]]  # column -> lines printed in this fragment
    first: bool
    text: str = ""  # section heading text

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(slots=True)
class FormPlan:
    keys: list[str]  # per column: no/area/keg/sub/ind/x/p
    labels: list[str]
    xs: list[float]
    header_h: list[float]  # tier heights: top label, middle (0 if none), periods, column numbers (0)
    header_top: list[float | None]
    items: list[Item]
    label_size: float

    @property
    def pages(self) -> int:
        return max(i.page for i in self.items) + 1

    def page_bottom(self, page: int) -> float:
        return max(i.bottom for i in self.items if i.page == page)

    def row_first_page(self, n: int) -> list[int]:
        first: dict[int, int] = {}
        for i in self.items:
            if i.row >= 0:
                first.setdefault(i.row, i.page)
        return [first[r] for r in range(n)]


def _wrapped(
    rows: tuple[RowSpec, ...], plan: FormPlan, layout: LayoutSpec, fonts: TableFonts
) -> list[dict[int, list[Line]]]:
    """Each row's cell lines; a merged cell prints on the first row of its span only."""
    pad, size = layout.cell_pad_pt, layout.font_size
    opts = {"item_breaks": layout.item_breaks, "hanging": layout.hanging_indent}
    out: list[dict[int, list[Line]]] = []
    prev: dict[str, object] = {}
    for i, row in enumerate(rows):
        keys = span_keys(row)
        cells: dict[int, list[Line]] = {}
        for c, text in cell_texts(row, i, plan.keys, plan.labels).items():
            key = plan.keys[c]
            if key in MERGED and i and prev.get(key) == keys[key]:
                continue
            avail = plan.xs[c + 1] - plan.xs[c] - 2 * pad
            cells[c] = wrap(text, fonts.regular, size, avail, **opts)
        prev = dict(keys)
        out.append(cells)
    return out


def _header_heights(form: TableForm, plan_xs: list[float], keys: list[str], lsize: float, layout: LayoutSpec,
                    font: str) -> tuple[list[float], list[list[Line]]]:  # fmt: skip
    lh, pad = lsize * layout.leading, layout.cell_pad_pt
    labels: list[list[Line]] = []
    for c, key in enumerate(keys):
        label = (
            ""
            if key == "p"
            else (form.columns + form.after)[c if c < len(form.columns) else c - form.periods][1]
        )
        labels.append(wrap(label, font, lsize, plan_xs[c + 1] - plan_xs[c] - 2 * pad) if label else [])
    p0 = keys.index("p")
    span_w = plan_xs[p0 + form.periods] - plan_xs[p0] - 2 * pad
    top = wrap(form.top_label, font, lsize, span_w)
    tiers = [len(top) * lh + 2 * pad, (lh + 2 * pad) if form.middle else 0.0, lh + 2 * pad]
    text_h = max(len(ls) for ls in labels) * lh + 2 * pad
    tiers[0] = max(tiers[0], text_h - tiers[1] - tiers[2])
    tiers.append(lh + pad if form.column_numbers else 0.0)
    return tiers, [*labels, top]


def plan_form(
    rows: tuple[RowSpec, ...], form: TableForm, layout: LayoutSpec, fonts: TableFonts,
    frame: tuple[float, float, float, float],
) -> tuple[FormPlan, list[list[Line]]]:  # fmt: skip
    """Lay the table out: frame = (page width, page height, margin, first page's top)."""
    page_w, page_h, margin, first_top = frame
    lsize = label_size(form, layout.font_size)
    widths = column_widths(form, layout, fonts, page_w - 2 * margin, lsize)
    xs = [margin]
    for w in widths:
        xs.append(xs[-1] + w)
    keys, labels = column_keys(form)
    font = fonts.bold if layout.header_bold else fonts.regular
    tiers, header_lines = _header_heights(form, xs, keys, lsize, layout, font)
    plan = FormPlan(keys, labels, xs, tiers, [], [], lsize)
    plan.items = _paginate(rows, plan, form, layout, fonts, (page_h - margin, first_top + sum(tiers), margin))
    repeat = margin if layout.header_repeat else None
    plan.header_top = [first_top, *[repeat] * (plan.pages - 1)]
    return plan, header_lines


def _paginate(
    rows: tuple[RowSpec, ...], plan: FormPlan, form: TableForm, layout: LayoutSpec, fonts: TableFonts,
    limits: tuple[float, float, float],
) -> list[Item]:  # fmt: skip
    bottom, first_body, margin = limits
    lh, pad = line_height(layout), layout.cell_pad_pt
    rest_top = margin + (sum(plan.header_h) if layout.header_repeat else 0.0)
    cells = _wrapped(rows, plan, layout, fonts)
    items: list[Item] = []
    page, y = 0, first_body
    prev_area: tuple[int, str] | None = None
    for r, row in enumerate(rows):
        if form.sections and (row.area_no, row.area_text) != prev_area:
            h = lh + 2 * pad
            if y + h + lh + 2 * pad > bottom:  # keep a heading with its first row
                page, y = page + 1, rest_top
            items.append(Item(-1, page, y, h, {}, True, section_label(row, form.sections)))
            y += h
        prev_area = (row.area_no, row.area_text)
        done, first = 0, True
        total = max([1, *(len(v) for v in cells[r].values())])
        while done < total:
            fit = int((bottom - y - 2 * pad + EPS) // lh)
            need = total - done
            fresh = int((bottom - rest_top - 2 * pad + EPS) // lh)
            split = layout.allow_row_split or need > fresh
            if fit >= need or (fit >= 1 and split):
                take = min(fit, need)
                part = {c: v[done : done + take] for c, v in cells[r].items() if v[done : done + take]}
                h = take * lh + 2 * pad
                items.append(Item(r, page, y, h, part, first))
                y, done, first = y + h, done + take, False
                if done >= total:
                    break
            page, y = page + 1, rest_top
    return items


def line_height(layout: LayoutSpec) -> float:
    return float(layout.font_size * layout.leading)


# ---------------------------------------------------------------- drawing
Seg = tuple[float, float, float, float]


def _baseline(top: float, size: float, lh: float) -> float:
    return top + (lh - size) / 2 + 0.8 * size


def _draw_header(
    pt: Painter, plan: FormPlan, form: TableForm, lines: list[list[Line]], top: float, layout: LayoutSpec,
    fonts: TableFonts,
) -> list[Seg]:  # fmt: skip
    xs, (t1, t2, t3, tc) = plan.xs, plan.header_h
    size, font = plan.label_size, fonts.bold if layout.header_bold else fonts.regular
    lh = size * layout.leading
    p0 = plan.keys.index("p")
    p1 = p0 + form.periods
    full = t1 + t2 + t3
    rects: list[Seg] = []
    for c, key in enumerate(plan.keys):
        if key == "p":
            continue
        y = top + (full - len(lines[c]) * lh) / 2
        for j, ln in enumerate(lines[c]):
            pt.centred(xs[c], xs[c + 1], _baseline(y + j * lh, size, lh), ln.text, font, size)
        rects.append((xs[c], top, xs[c + 1], top + full))
    y = top + (t1 - len(lines[-1]) * lh) / 2
    for j, ln in enumerate(lines[-1]):
        pt.centred(xs[p0], xs[p1], _baseline(y + j * lh, size, lh), ln.text, font, size)
    rects.append((xs[p0], top, xs[p1], top + t1))
    if form.middle:
        per = form.periods // len(form.middle)
        for g, label in enumerate(form.middle):
            a, b = xs[p0 + g * per], xs[p0 + (g + 1) * per]
            pt.centred(a, b, _baseline(top + t1 + (t2 - lh) / 2, size, lh), label, font, size)
            rects.append((a, top + t1, b, top + t1 + t2))
    for k, label in enumerate(form.period_labels):
        a, b = xs[p0 + k], xs[p0 + k + 1]
        pt.centred(a, b, _baseline(top + t1 + t2 + (t3 - lh) / 2, size, lh), label, font, size)
        rects.append((a, top + t1 + t2, b, top + full))
    if tc:
        small = layout.font_size * 0.85
        for c in range(len(plan.keys)):
            pt.centred(
                xs[c], xs[c + 1], top + full + (tc + small * 0.7) / 2, str(c + 1), fonts.regular, small
            )
            rects.append((xs[c], top + full, xs[c + 1], top + full + tc))
    segs: list[Seg] = []
    for x0, y0, x1, y1 in rects:
        segs += [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)]
    return segs


def _paint(pt: Painter, rgb: tuple[float, float, float], rect: Seg) -> None:
    x0, top, x1, bottom = rect
    pt.c.setFillColorRGB(*rgb)
    pt.c.rect(x0, pt.page_height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    pt.c.setFillGray(0)


def _draw_marks(
    pt: Painter, plan: FormPlan, form: TableForm, item: Item, row: RowSpec, layout: LayoutSpec,
    fonts: TableFonts,
) -> None:  # fmt: skip
    xs, p0, size = plan.xs, plan.keys.index("p"), layout.font_size
    marked = sorted({period_of(m, form.grid) for m in row.months})
    if form.mark == "fill":
        for k in marked:
            _paint(pt, form.fill_rgb, (xs[p0 + k], item.top, xs[p0 + k + 1], item.bottom))
    elif form.mark == "gantt":
        runs: list[list[int]] = []
        for k in marked:
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        bar = min(item.height - 2, max(5.0, 0.7 * line_height(layout)))
        mid = (item.top + item.bottom) / 2
        for run in runs:
            _paint(
                pt,
                form.fill_rgb,
                (xs[p0 + run[0]] + 0.5, mid - bar / 2, xs[p0 + run[-1] + 1] - 0.5, mid + bar / 2),
            )
    elif item.first:
        font = fonts.regular if has_glyphs(fonts.regular, form.mark) else fonts.symbol
        if layout.mark_valign == "middle":
            base = item.top + (item.height + 0.7 * size) / 2
        else:
            base = _baseline(item.top + layout.cell_pad_pt, size, line_height(layout))
        for k in marked:
            pt.centred(xs[p0 + k], xs[p0 + k + 1], base, form.mark, font, size)


def _body_segs(plan: FormPlan, form: TableForm, page_items: list[Item], starts: list[dict[str, bool]],
               layout: LayoutSpec) -> list[Seg]:  # fmt: skip
    xs, segs = plan.xs, []
    p0 = plan.keys.index("p")
    for n, it in enumerate(page_items):
        for c, key in enumerate(plan.keys):
            opens = n == 0 or it.row < 0 or (it.first and (key not in MERGED or starts[it.row][key]))
            if opens or (n and page_items[n - 1].row < 0):
                segs.append((xs[c], it.top, xs[c + 1], it.top))
        if layout.ruling != "full":
            continue
        inner = [] if it.row < 0 else [
            x for c, x in enumerate(xs[1:-1], start=1)
            if form.month_borders or not (p0 < c < p0 + form.periods)
        ]  # fmt: skip
        for x in [xs[0], *inner, xs[-1]]:
            segs.append((x, it.top, x, it.bottom))
    last = page_items[-1]
    segs.append((xs[0], last.bottom, xs[-1], last.bottom))
    return segs


def _stroke(pt: Painter, segs: list[Seg], layout: LayoutSpec) -> None:
    pt.c.setLineWidth(layout.line_width)
    pt.c.setStrokeGray(0)
    for seg in dict.fromkeys(tuple(round(v, 2) for v in s) for s in segs):
        x0, y0, x1, y1 = seg
        if layout.rule_style == "fills":
            half = layout.line_width / 2
            pt.fill_rect(x0 - half, y0 - half, x1 + half, y1 + half, 0.0)
        else:
            pt.line(x0, y0, x1, y1)


def draw_form_page(
    pt: Painter, plan: FormPlan, header_lines: list[list[Line]], page: int, rows: tuple[RowSpec, ...],
    form: TableForm, layout: LayoutSpec, fonts: TableFonts,
) -> None:  # fmt: skip
    """Paint page ``page`` (0-based within the table) of the plan."""
    segs: list[Seg] = []
    top = plan.header_top[page]
    if top is not None:
        segs += _draw_header(pt, plan, form, header_lines, top, layout, fonts)
    items = [it for it in plan.items if it.page == page]
    lh, pad, size = line_height(layout), layout.cell_pad_pt, layout.font_size
    for it in items:
        if it.row < 0:
            pt.text(plan.xs[0] + pad, _baseline(it.top + pad, size, lh), it.text, fonts.bold, size)
            continue
        _draw_marks(pt, plan, form, it, rows[it.row], layout, fonts)
        for c, lines in it.cells.items():
            for j, ln in enumerate(lines):
                base = _baseline(it.top + pad + j * lh, size, lh)
                if plan.keys[c] == "no":
                    pt.centred(plan.xs[c], plan.xs[c + 1], base, ln.text, fonts.regular, size)
                else:
                    pt.text(plan.xs[c] + pad + ln.indent, base, ln.text, fonts.regular, size)
    segs += _body_segs(plan, form, items, span_starts(rows), layout)
    if layout.ruling != "full":
        segs = [s for s in segs if s[1] == s[3]]
    _stroke(pt, segs, layout)


def draw_other_table(
    pt: Painter, kind: str, x0: float, x1: float, top: float, fonts: TableFonts, size: float
) -> None:
    """A second lampiran table (Tim RB, a budget, signatures): never plan rows."""
    title, rows = other_rows(kind)
    lh = size * 1.6
    pt.centred(x0, x1, top, title, fonts.bold, size + 1)
    y = top + lh
    n = len(rows[0])
    xs = [x0 + (x1 - x0) * k / n for k in range(n + 1)]
    pt.c.setLineWidth(0.5)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells[:n]):
            pt.text(xs[c] + 3, y + 0.75 * lh, text, fonts.bold if r == 0 else fonts.regular, size)
            pt.stroke_rect(xs[c], y, xs[c + 1], y + lh)
        y += lh
