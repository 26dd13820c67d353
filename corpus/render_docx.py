"""Render a generated decree the way a Word user would: python-docx → DOCX → LibreOffice → PDF.

Portrait section: kop, KEPUTUSAN / NOMOR / TENTANG / title, Menimbang and Mengingat, MEMUTUSKAN,
Menetapkan / KESATU / KEDUA, date and signature, certified-copy block.  Landscape section:
LAMPIRAN block, the 17-column action-plan table (:mod:`rencana.corpus.docx_table`), and the
date and signature again.  LibreOffice paginates, so ``RenderResult.row_pages`` is all None.

Spec fields used besides the content: ``rahmat``, ``menetapkan``, ``diktum``, ``date_label``.
Layout fields: paper, margin_mm, font, front_font_size, page_numbers, lampiran_right, leading and
the table ones (see :mod:`rencana.corpus.docx_table`); ``logo`` and ``rule_style`` are ignored.
``layout.extra["preamble"]`` = ``table`` (default: label / ":" / text in a borderless table) or
``tabs`` (hanging-indent paragraphs with tab stops).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from rencana.corpus.docx_form import add_form_table, add_other_table, form_widths_twips
from rencana.corpus.docx_table import TABLE_STYLE, TABLE_STYLE_ID, add_action_table
from rencana.corpus.docx_text import (
    Item,
    add_runs,
    format_par,
    indonesian_date,
    table_props,
    w_el,
)
from rencana.corpus.form_grid import body_lines
from rencana.corpus.layout_fuzz import form_of
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.office_batch import render_office_batch
from rencana.corpus.soffice import DEFAULT_TIMEOUT_S

PAPER_MM = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}
_FONT_NAMES = {
    "dejavusans": "DejaVu Sans",
    "dejavusanscondensed": "DejaVu Sans Condensed",
    "dejavuserif": "DejaVu Serif",
    "dejavuserifcondensed": "DejaVu Serif Condensed",
    "liberationsans": "Liberation Sans",
    "liberationsansnarrow": "Liberation Sans Narrow",
    "liberationserif": "Liberation Serif",
    "liberationmono": "Liberation Mono",
    "arial": "Arial",
    "helvetica": "Arial",
    "timesnewroman": "Times New Roman",
    "times": "Times New Roman",
    "timesroman": "Times New Roman",
    "bookmanoldstyle": "Bookman Old Style",
    "tahoma": "Tahoma",
    "calibri": "Calibri",
    "cambria": "Cambria",
}
LABEL_MM, COLON_MM = 28.0, 5.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN")
_LEADING_MARKER = re.compile(r"^\s*(\d{1,2}|[a-z])\.\s+")


def font_name(font: str) -> str:
    """LibreOffice / Word family name for a layout font key ("DejaVuSans" → "DejaVu Sans")."""
    key = re.sub(r"[^a-z]", "", font.lower().split("-")[0])
    if key in _FONT_NAMES:
        return _FONT_NAMES[key]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", font.split("-")[0])


def render_docx(
    spec: DecreeSpec,
    layout: LayoutSpec,
    path: Path,
    *,
    keep_docx: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> RenderResult:
    """Write ``spec`` laid out per ``layout`` as a PDF at ``path`` via LibreOffice.

    With ``keep_docx`` the intermediate ``path.with_suffix(".docx")`` is kept beside the PDF.
    """
    return render_docx_batch([(spec, layout, path)], keep_docx=keep_docx, timeout_s=timeout_s)[0]


def render_docx_batch(
    jobs: Sequence[tuple[DecreeSpec, LayoutSpec, Path]],
    *,
    keep_docx: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[RenderResult]:
    """Render several decrees with a single LibreOffice start (much faster per document)."""
    return render_office_batch(
        jobs,
        ".docx",
        lambda spec, layout, src: build_docx(spec, layout).save(str(src)),
        keep_source=keep_docx,
        timeout_s=timeout_s,
    )


def build_docx(spec: DecreeSpec, layout: LayoutSpec) -> DocumentObject:
    """The decree as a python-docx document (front matter, then the landscape Lampiran)."""
    doc = docx.Document()
    _set_defaults(doc, font_name(layout.font), layout)
    doc.core_properties.title = f"Keputusan {spec.satker.name} Nomor {spec.decree_number}"
    doc.core_properties.author = f"Sekretariat {spec.satker.name}"
    width, height = PAPER_MM[layout.paper]
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(width), Mm(height)
    _margins(sec, 20.0, 20.0, 20.0, 25.0)
    _front_matter(doc, spec, layout, width - 45.0)
    form = form_of(layout)
    upright = form is not None and form.portrait
    land = doc.add_section(WD_SECTION.NEW_PAGE)
    land.orientation = WD_ORIENT.PORTRAIT if upright else WD_ORIENT.LANDSCAPE
    land.page_width, land.page_height = (Mm(width), Mm(height)) if upright else (Mm(height), Mm(width))
    m = layout.margin_mm
    _margins(land, m, m, m, m)
    text_w = (width if upright else height) - 2 * m
    small = max(layout.font_size + 1, 9.0)
    _lampiran(doc, spec, text_w, small, layout.lampiran_right)
    if form is None:
        add_action_table(doc, spec.rows, layout, text_w)
    else:  # the fuzzed form, drawn from the grid model the canvas renderer shares
        form, widths, pad = form_widths_twips(form, layout, text_w)
        add_form_table(doc, spec.rows, body_lines(spec.rows, form), form, layout, widths, pad)
    doc.add_paragraph()
    _signature(doc, spec, text_w * (0.45 if upright else 0.62), small, certified=False)
    if form is not None and form.other_table:
        add_other_table(doc, form.other_table, text_w)
    if layout.page_numbers:
        _page_number_footer(sec)  # the landscape section's footer is linked to this one
    return doc


def _set_defaults(doc: DocumentObject, family: str, layout: LayoutSpec) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    p_pr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    assert r_pr is not None and p_pr is not None
    for child in list(r_pr) + list(p_pr):
        if child.tag in (qn("w:rFonts"), qn("w:sz"), qn("w:szCs"), qn("w:lang"), qn("w:spacing")):
            child.getparent().remove(child)
    half_pt = str(round(layout.front_font_size * 2))
    r_pr.insert(0, w_el("rFonts", ascii=family, hAnsi=family, cs=family, eastAsia=family))
    r_pr.append(w_el("sz", val=half_pt))
    r_pr.append(w_el("szCs", val=half_pt))
    r_pr.append(w_el("lang", val="id-ID", eastAsia="en-US", bidi="ar-SA"))
    p_pr.append(w_el("spacing", after="0", line="240", lineRule="auto"))
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    assert style.style_id == TABLE_STYLE_ID
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(layout.font_size)
    # Word's "single" spacing is about 1.16 x the font size for these faces
    style.paragraph_format.line_spacing = max(1.0, layout.leading / 1.16)


def _page_number_footer(section: docx.section.Section) -> None:
    """A centred ``- PAGE -`` field in the footer (Word's own page-number insert)."""
    par = section.footer.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.add_run("- ")
    for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "1"), ("end", "")):
        run = par.add_run()
        if kind:
            run._r.append(w_el("fldChar", fldCharType=kind))
        elif text.strip() == "PAGE":
            instr = w_el("instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    par.add_run(" -")


def _margins(section: docx.section.Section, top: float, right: float, bottom: float, left: float) -> None:
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(min(top, bottom) / 2)


def _centre(
    doc: DocumentObject, text: str, *, bold: bool = True, after: float = 0.0, size: float | None = None
) -> None:
    par = format_par(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=after)
    add_runs(par, text, bold=bold, size_pt=size)


def _with_markers(texts: Sequence[str], letters: bool) -> list[Item]:
    """Preamble items with their marker: the printed one, or a./1. added when missing."""
    items = []
    for i, text in enumerate(texts):
        m = _LEADING_MARKER.match(text)
        if m:
            items.append(Item(f"{m.group(1)}.", text[m.end() :].strip(), 0))
        else:
            items.append(Item(f"{_LETTERS[i % 26]}." if letters else f"{i + 1}.", text.strip(), 0))
    return items


def _front_matter(doc: DocumentObject, spec: DecreeSpec, layout: LayoutSpec, text_w: float) -> None:
    body = spec.satker.body_upper
    front_pt = layout.front_font_size
    _centre(doc, body, size=front_pt + 3, after=18)
    _centre(doc, f"KEPUTUSAN {body}")
    _centre(doc, f"NOMOR : {spec.decree_number}", after=6)
    _centre(doc, "TENTANG", after=6)
    _centre(doc, spec.title, after=12)
    if spec.rahmat:
        _centre(doc, "DENGAN RAHMAT TUHAN YANG MAHA ESA", after=12)
    _centre(doc, f"KETUA {body},", after=12)
    as_table = layout.extra.get("preamble", "table") != "tabs"
    blocks: list[tuple[str, list[Item]]] = [
        ("Menimbang", _with_markers(spec.menimbang, letters=True)),
        ("Mengingat", _with_markers(spec.mengingat, letters=False)),
    ]
    for label, items in blocks:
        _labelled(doc, label, items, as_table, text_w)
        doc.add_paragraph()
    _centre(doc, "MEMUTUSKAN:", after=6)
    diktum = spec.diktum or (
        f"Menetapkan Rencana Aksi Reformasi Birokrasi di Lingkungan {body.title()} Tahun "
        f"{spec.plan_year} sebagaimana tercantum dalam Lampiran Keputusan yang merupakan bagian "
        "tidak terpisahkan dari Keputusan ini.",
        "Keputusan ini mulai berlaku sejak tanggal ditetapkan.",
    )
    dikta = [("Menetapkan", spec.menetapkan or f"KEPUTUSAN {body} TENTANG {spec.title}.")]
    dikta += [(DIKTUM[i] if i < len(DIKTUM) else f"KE-{i + 1}", t) for i, t in enumerate(diktum)]
    for label, text in dikta:
        _labelled(doc, label, [Item("", text, 0)], as_table, text_w)
        doc.add_paragraph()
    _signature(doc, spec, text_w * 0.5, front_pt, certified=True)


def _labelled(doc: DocumentObject, label: str, items: list[Item], as_table: bool, text_w: float) -> None:
    """``label : item…`` as a borderless 3-column table or as tab-stop paragraphs."""
    hang = 7.0
    just = WD_ALIGN_PARAGRAPH.JUSTIFY
    if as_table:
        table = doc.add_table(rows=1, cols=3)
        widths = (LABEL_MM, COLON_MM, text_w - LABEL_MM - COLON_MM)
        for col, cell in enumerate(table.rows[0].cells):
            cell.width = Mm(widths[col])
            table.columns[col].width = Mm(widths[col])
        label_cell, colon_cell, text_cell = table.rows[0].cells
        add_runs(label_cell.paragraphs[0], label)
        add_runs(colon_cell.paragraphs[0], ":")
        for i, item in enumerate(items):
            par = text_cell.paragraphs[0] if i == 0 else text_cell.add_paragraph()
            if item.marker:
                format_par(par, align=just, left_mm=hang, first_mm=-hang, tabs_mm=(hang,))
                add_runs(par, f"{item.marker}\t{item.text}")
            else:
                format_par(par, align=just)
                add_runs(par, item.text)
        _borderless(table, text_w)
        return
    text_x = LABEL_MM + COLON_MM
    tabs: tuple[float, ...]
    for i, item in enumerate(items):
        lead = f"{label}\t:\t" if i == 0 else "\t\t"
        if item.marker:
            left = text_x + hang
            tabs = (LABEL_MM, text_x, left)
            body = f"{lead}{item.marker}\t{item.text}"
        else:
            left, tabs, body = text_x, (LABEL_MM, text_x), f"{lead}{item.text}"
        par = format_par(doc.add_paragraph(), align=just, left_mm=left, first_mm=-left, tabs_mm=tabs)
        add_runs(par, body)


def _borderless(table: docx.table.Table, width_mm: float) -> None:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    table_props(table, Mm(width_mm).twips, dict.fromkeys(sides, False), 0)


def _signature(doc: DocumentObject, spec: DecreeSpec, indent: float, size: float, *, certified: bool) -> None:
    """Date, signatory and (in the front matter) the certified-copy block."""
    date = indonesian_date(spec.decree_date.day, spec.decree_date.month, spec.decree_date.year)
    tabs = (indent + 28.0, indent + 31.0)
    for label, value in (("Ditetapkan di", spec.satker.place), (spec.date_label, date)):
        par = format_par(doc.add_paragraph(), left_mm=indent, tabs_mm=tabs, keep_next=True)
        add_runs(par, f"{label}\t:\t{value}", size_pt=size)
    body = spec.satker.body_upper
    short = spec.satker.short_upper
    if short and body.endswith(" " + short):
        lines = [f"KETUA {body[: -len(short)].strip()}", short]
    else:
        lines = [f"KETUA {body}"]
    centre = WD_ALIGN_PARAGRAPH.CENTER
    format_par(doc.add_paragraph(), left_mm=indent, keep_next=True)
    for text in [*lines, "", "ttd.", "", ""]:
        par = format_par(doc.add_paragraph(), align=centre, left_mm=indent, keep_next=True)
        add_runs(par, text, size_pt=size)
    par = format_par(doc.add_paragraph(), align=centre, left_mm=indent)
    add_runs(par, spec.ketua, bold=True, size_pt=size)
    if not certified:
        return
    secretary = (
        "Sekretaris Jenderal KPU" if spec.satker.level == "pusat" else f"Sekretaris {spec.satker.name}"
    )
    doc.add_paragraph()
    for text in ("Salinan sesuai dengan aslinya", secretary, "", "", spec.sekretaris):
        par = format_par(doc.add_paragraph(), keep_next=text != spec.sekretaris)
        add_runs(par, text, size_pt=size)


def _lampiran(doc: DocumentObject, spec: DecreeSpec, text_w: float, size: float, right: bool) -> None:
    """The LAMPIRAN reference block (top right or left) and a centred heading above the table."""
    indent = text_w * 0.55 if right else 0.0
    date = indonesian_date(spec.decree_date.day, spec.decree_date.month, spec.decree_date.year)
    tab = indent + 22.0
    lines = [
        ("LAMPIRAN", f"KEPUTUSAN {spec.satker.body_upper}"),
        ("NOMOR", spec.decree_number),
        ("TANGGAL", date.upper()),
        ("TENTANG", spec.title),
    ]
    for label, value in lines:
        par = format_par(
            doc.add_paragraph(), left_mm=tab + 3.0, first_mm=-(tab + 3.0 - indent), tabs_mm=(tab, tab + 3.0)
        )
        add_runs(par, f"{label}\t:\t{value}", size_pt=size)
    doc.add_paragraph()
    heading = f"RENCANA AKSI REFORMASI BIROKRASI {spec.satker.body_upper} TAHUN {spec.plan_year}"
    _centre(doc, heading, size=size + 1, after=6)
