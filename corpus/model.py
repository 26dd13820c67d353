"""What a generated decree *is*, independent of how it is drawn.

A :class:`DecreeSpec` holds the content (front matter and the action-plan rows);
a :class:`LayoutSpec` holds how one renderer should draw it.  Renderers
(``render_canvas`` for reportlab, ``render_docx`` for python-docx + LibreOffice)
take both and return a :class:`RenderResult`; :mod:`rencana.corpus.truth` turns
spec + result into the ground-truth JSON that ``rencana evaluate`` reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from rencana.corpus.typos import Typo

MarkStyle = Literal["V", "v", "√", "✓", "shade", "mixed"]
Ruling = Literal["full", "horizontal"]
VAlign = Literal["top", "middle"]
Paper = Literal["A4", "F4"]
RuleStyle = Literal["lines", "rects", "fills"]


@dataclass(frozen=True, slots=True)
class SatkerSpec:
    """The office that issues the decree."""

    # canonical, e.g. "KPU Kota Banjar", "KPU Provinsi Jawa Barat", "KPU RI", "KIP Kabupaten Aceh Besar"
    name: str
    level: Literal["pusat", "provinsi", "kabupaten", "kota"]
    region_code: str  # "3279", "32", "" for KPU RI
    province: str  # "Jawa Barat"; "" for KPU RI
    body_upper: str  # as on the kop, e.g. "KOMISI PEMILIHAN UMUM KOTA BANJAR"
    short_upper: str  # e.g. "KOTA BANJAR"
    place: str  # "Kota Banjar", "Bandung", "Jakarta"


@dataclass(frozen=True, slots=True)
class RowSpec:
    """One row of the action-plan table as it must be printed.

    ``area_text`` / ``kegiatan_text`` are the text of the merged cell this row
    belongs to (identical on every row of the span); renderers merge consecutive
    rows with the same (area_no, area_text) / (area_no, kegiatan_no, kegiatan_text).
    ``months`` is the truth; ``mark`` says how each planned month is drawn.
    """

    area_no: int
    area_text: str  # printed, e.g. "Pengawasan", "Penataan Tatalaksana"
    area_canonical: str  # one of the 8 canonical names
    kegiatan_no: int | None
    kegiatan_text: str  # printed including its number, e.g. "1. Pembangunan Zona Integritas"
    sub_kegiatan_no: int | None
    sub_kegiatan_text: str  # printed including its number(s); may hold several items; "\n" = item break
    indikator_text: str  # printed, may hold "1. … 2. …"
    indikator_items: tuple[str, ...]  # the items without their markers
    months: tuple[int, ...]  # sorted 1..12
    mark: MarkStyle = "V"
    # What the texts should read after normalisation (typos undone, a printed variant name replaced by
    # the canonical one); "" = the printed text is already right.  Same markers and item breaks.
    kegiatan_clean: str = ""
    sub_kegiatan_clean: str = ""
    indikator_clean: str = ""
    kegiatan_id: str | None = None  # schema/vocabulary/activities.yaml id
    sub_kegiatan_ids: tuple[str | None, ...] = ()  # one per item of the sub kegiatan cell
    typos: tuple[Typo, ...] = ()  # every planted error in this row's cells


@dataclass(frozen=True, slots=True)
class DecreeSpec:
    """Everything printed in one decree, plus the identity truth."""

    doc_key: str  # stable file stem, e.g. "kota-banjar-2022-a"
    satker: SatkerSpec
    plan_year: int
    decree_number: str  # as printed, e.g. "04/ORT.07/3279/2022"
    decree_date: dt.date
    title: str  # "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN ... TAHUN 2022"
    ketua: str  # signatory name as printed
    sekretaris: str
    menimbang: tuple[str, ...]
    mengingat: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    other_satker_in_preamble: str | None = None  # planted copy-paste name, e.g. "Kota Pasuruan"
    other_satker_part: str | None = None  # where it is printed: menimbang | mengingat | diktum
    rahmat: bool = True  # print "DENGAN RAHMAT TUHAN YANG MAHA ESA"
    menetapkan: str = ""  # after "Menetapkan :"; if empty renderers print "KEPUTUSAN ... TENTANG <title>."
    diktum: tuple[str, ...] = ()  # KESATU, KEDUA, ... texts; renderers use a default pair if empty
    date_label: str = "Pada Tanggal"  # or "pada tanggal", "Tanggal"
    duplicated_phrase: str | None = None  # planted: this phrase is printed twice at the end of Menetapkan


@dataclass(frozen=True, slots=True)
class LayoutSpec:
    """How a renderer draws a decree; vary widely."""

    paper: Paper = "A4"
    ruling: Ruling = "full"
    merged_valign: VAlign = "top"
    mark_style: MarkStyle = "V"
    font: str = "DejaVuSans"  # or "LiberationSans", "LiberationSerif", ...
    font_size: float = 8.0
    column_number_row: bool = True
    header_repeat: bool = True
    allow_row_split: bool = True
    header_fill: bool = False  # grey header background
    margin_mm: float = 15.0
    month_col_mm: float = 6.5
    extra: dict[str, str] = field(default_factory=dict)
    # Added for the canvas renderer (docx may ignore them):
    line_width: float = 0.5  # pt
    rule_style: RuleStyle = "lines"  # stroked segments, stroked cell rects, or thin filled rects (Word)
    header_bold: bool = True
    shade_gray: float = 0.75  # fill of shaded month cells (0 black .. 1 white)
    col_weights: tuple[float, float, float, float] = (1.0, 1.3, 2.0, 2.2)  # area, kegiatan, sub, indikator
    no_col_mm: float = 8.0
    cell_pad_pt: float = 2.5
    leading: float = 1.2  # line height / font size
    item_breaks: bool = True  # honour the "\n" item breaks in cell texts (else print them as spaces)
    hanging_indent: bool = True  # wrapped lines of a numbered item align after its marker
    mark_valign: VAlign = "middle"
    front_font_size: float = 11.0
    page_numbers: bool = False
    lampiran_right: bool = True  # LAMPIRAN block at the top right (else top left)
    logo: bool = False  # draw a simple emblem above the kop


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What a renderer reports back: where each row starts (1-based pages)."""

    pdf_path: str
    pages: int
    row_pages: tuple[int | None, ...]  # page where each row starts; None when unknown (LibreOffice)
    table_first_page: int | None
