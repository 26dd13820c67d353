"""Render a :class:`DecreeSpec` to PDF with reportlab's canvas, like a Word export.

Portrait front matter, then landscape LAMPIRAN pages holding the action-plan
table (header repeated, merged No/AREA/KEGIATAN cells, rows split across
pages), then the signature block again.  Output bytes depend only on the spec
and the layout (``invariant=1``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from rencana.corpus.canvas_form import draw_form_page, draw_other_table, plan_form
from rencana.corpus.canvas_front import (
    Flow,
    front_matter,
    lampiran_block,
    signature_block,
    signature_height,
    signature_width,
)
from rencana.corpus.canvas_table import Frame, TableFonts, draw_table_page, plan_table
from rencana.corpus.canvas_text import Painter
from rencana.corpus.fonts import SYMBOL_FAMILY, register
from rencana.corpus.layout_fuzz import TableForm, form_of
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult

PAPER = {"A4": (float(A4[0]), float(A4[1])), "F4": (612.0, 936.0)}


class _Doc:
    """The canvas plus page bookkeeping (orientation, page numbers)."""

    def __init__(self, path: Path, spec: DecreeSpec, layout: LayoutSpec) -> None:
        self.w, self.h = PAPER[layout.paper]
        self.path = path
        self.layout = layout
        self.c = Canvas(str(path), pagesize=(self.w, self.h), invariant=1, pageCompression=1)
        self.c.setTitle(f"SK Rencana Aksi RB {spec.satker.name} {spec.plan_year}")
        self.c.setAuthor(spec.satker.name)
        self.c.setCreator("Microsoft Word")
        self.pt = Painter(self.c, self.h)
        regular, bold = register(layout.font)
        self.fonts = (regular, bold)
        self.symbol = register(SYMBOL_FAMILY)[0]

    def number(self) -> int:
        return int(self.c.getPageNumber())

    def new_page(self, landscape: bool) -> None:
        self.c.showPage()
        size = (self.h, self.w) if landscape else (self.w, self.h)
        self.c.setPageSize(size)
        self.pt.page_height = size[1]
        if self.layout.page_numbers:
            fsize = self.layout.front_font_size * 0.9
            base = max(self.layout.margin_mm * mm * 0.6, fsize + 4)
            self.pt.centred(0, size[0], base, f"- {self.number()} -", self.fonts[0], fsize)


def render_canvas(spec: DecreeSpec, layout: LayoutSpec, path: Path) -> RenderResult:
    """Draw ``spec`` with ``layout`` into ``path``; report where each table row starts."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = _Doc(path, spec, layout)
    margin = layout.margin_mm * mm
    size, leading = layout.front_font_size, max(1.25, layout.leading + 0.1)
    flow = Flow(
        doc.pt,
        doc.w,
        (margin + 10 * mm, margin + 5 * mm, margin + 2 * mm, margin + 5 * mm),
        doc.fonts,
        size,
        leading,
        lambda: doc.new_page(landscape=False),
    )
    front_matter(flow, spec, layout.logo)

    form = form_of(layout)
    upright = form is not None and form.portrait
    doc.new_page(landscape=not upright)
    table_first_page = doc.number()
    land_w, land_h = (doc.w, doc.h) if upright else (doc.h, doc.w)
    tsize = max(layout.font_size, 8.0)
    first_top = lampiran_block(
        doc.pt, spec, margin, land_w - margin, margin, doc.fonts, tsize, 1.2, layout.lampiran_right
    )
    fonts = TableFonts(doc.fonts[0], doc.fonts[1], doc.symbol)
    if form is not None:
        return _render_form(
            doc, spec, layout, form, fonts, (land_w, land_h, margin, first_top), table_first_page
        )
    plan = plan_table(spec.rows, layout, fonts, Frame(land_w, land_h, margin, first_top))
    for page in range(plan.pages):
        if page:
            doc.new_page(landscape=True)
        draw_table_page(doc.pt, plan, page, spec.rows, layout, fonts)

    y = plan.page_bottom(plan.pages - 1) + size * leading
    if y + signature_height(size, leading) > land_h - margin:
        doc.new_page(landscape=True)
        y = margin
    x = land_w - margin - signature_width(spec, doc.fonts, size) - 10 * mm
    signature_block(doc.pt, spec, x, y, doc.fonts, size, leading)
    pages = doc.number()
    doc.c.showPage()
    doc.c.save()
    return RenderResult(
        pdf_path=str(path),
        pages=pages,
        row_pages=tuple(table_first_page + p for p in plan.row_first_page()),
        table_first_page=table_first_page,
    )


def _render_form(
    doc: _Doc,
    spec: DecreeSpec,
    layout: LayoutSpec,
    form: TableForm,
    fonts: TableFonts,
    frame: tuple[float, float, float, float],
    table_first_page: int,
) -> RenderResult:
    """The fuzzed table (:mod:`rencana.corpus.canvas_form`), the signature, a second table."""
    page_w, page_h, margin, first_top = frame
    landscape = not form.portrait
    try:
        plan, header_lines = plan_form(spec.rows, form, layout, fonts, (page_w, page_h, margin, first_top))
    except ValueError:  # too many columns for the page: the extra columns go
        form = replace(form, columns=tuple(c for c in form.columns if c[0] != "x"), after=())
        plan, header_lines = plan_form(spec.rows, form, layout, fonts, (page_w, page_h, margin, first_top))
    for page in range(plan.pages):
        if page:
            doc.new_page(landscape=landscape)
        draw_form_page(doc.pt, plan, header_lines, page, spec.rows, form, layout, fonts)
    size, leading = layout.front_font_size, max(1.25, layout.leading + 0.1)
    y = plan.page_bottom(plan.pages - 1) + size * leading
    if y + signature_height(size, leading) > page_h - margin:
        doc.new_page(landscape=landscape)
        y = margin
    x = page_w - margin - signature_width(spec, doc.fonts, size) - 10 * mm
    signature_block(doc.pt, spec, x, y, doc.fonts, size, leading)
    if form.other_table:
        doc.new_page(landscape=landscape)
        draw_other_table(doc.pt, form.other_table, margin, page_w - margin, margin + 20, fonts, 10.0)
    pages = doc.number()
    doc.c.showPage()
    doc.c.save()
    return RenderResult(
        pdf_path=str(doc.path),
        pages=pages,
        row_pages=tuple(table_first_page + p for p in plan.row_first_page(len(spec.rows))),
        table_first_page=table_first_page,
    )
