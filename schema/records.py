"""Typed records passed between stages.

Frozen, slotted dataclasses with no library objects inside, so they pickle to a
process pool or a Dask worker unchanged.  Coordinates are PDF points with the
origin at the top-left of the (possibly rotated) page, like pdfplumber's
``top``/``bottom``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from rencana.schema.issues import Issue
from rencana.schema.reasons import Reason

Route = Literal["text", "ocr", "empty"]
CorrectionMethod = Literal["clean", "exact", "variant", "fuzzy", "lexicon", "manual", "parse", "unmatched"]
MonthMark = Literal["", "V", "v", "√", "✓", "X", "•", "1", "shade", "ink"]


@dataclass(frozen=True, slots=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Word:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    source: Literal["text", "ocr"] = "text"
    ocr_conf: float | None = None
    # the centre, computed once: the grid reads it millions of times on a run (a property cost
    # ~5 % of a digital page; issue 14); neither compared, hashed nor shown
    cx: float = field(init=False, repr=False, compare=False)
    cy: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cx", (self.x0 + self.x1) / 2)
        object.__setattr__(self, "cy", (self.top + self.bottom) / 2)


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight ruling line; horizontal when ``top == bottom`` (within tolerance)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled rectangle (cell shading); ``gray`` is its luminance, 0 black .. 1 white."""

    x0: float
    top: float
    x1: float
    bottom: float
    gray: float


@dataclass(frozen=True, slots=True)
class PageContent:
    """One page as a backend sees it: words, ruling, shading."""

    page: int  # 1-based
    width: float
    height: float
    route: Route
    words: tuple[Word, ...]
    segments: tuple[Segment, ...] = ()
    fills: tuple[Fill, ...] = ()
    # Dark marks the OCR did not read as words (a lone V, a tick): bounding box
    # with ``gray`` = 1 - ink density.  Empty on text-layer pages.
    ink: tuple[Fill, ...] = ()
    triage_reason: str = ""
    rotation: int = 0  # degrees the page image was turned to read it upright
    skew: float = 0.0  # degrees of deskew applied
    mean_ocr_conf: float | None = None
    # what the OCR backend found, typed (so nobody parses ``triage_reason``):
    ocr_read: bool = False  # the OCR backend read this page (``route`` "ocr" says only it was sent there)
    blank: bool = False  # a scanned page with next to no ink
    low_resolution: bool = False  # a scan below the OCR's minimum resolution (upsampled to read it)


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row of the action-plan table as extracted, before normalisation.

    Merged columns (``no``, ``area``, ``kegiatan``) hold text only on the row
    where their merged cell is anchored (the first row of its span) and are
    empty on the others; normalise fills them down.  ``span_*`` say whether
    this row starts a new merged cell in that column (a ruling line above it),
    which lets normalise fill down exactly where text is missing.
    """

    page: int
    bbox: BBox
    no: str
    area: str
    kegiatan: str
    sub_kegiatan: str
    indikator: str
    marks: tuple[MonthMark, ...]  # 12 entries, "" when unmarked
    starts_area: bool = True
    starts_kegiatan: bool = True
    continued_pages: tuple[int, ...] = ()  # pages a split row continues on
    ocr_conf: float | None = None
    # a full-width row merged across the table ("I. MANAJEMEN PERUBAHAN"): a
    # heading for the rows below it, its text in ``area``; not a plan row itself
    section: bool = False
    # the time grid the marks were read from: month, quarter or semester (a coarse period's
    # mark is repeated over each of its months in ``marks``)
    grid_unit: str = "month"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Front-matter fields as printed (whitespace normalised), before parsing."""

    kop: str = ""  # "KOMISI PEMILIHAN UMUM KOTA BANJAR"
    decree_number: str = ""  # "04/ORT.07/3279/2022"
    title: str = ""  # "RENCANA AKSI REFORMASI BIROKRASI DI LINGKUNGAN ... TAHUN 2022"
    issuer: str = ""  # the KETUA ... line before Menimbang
    menimbang: str = ""
    mengingat: str = ""
    menetapkan: str = ""
    place: str = ""  # Ditetapkan di
    date_text: str = ""  # "18 Januari 2022"
    signed_by: str = ""  # signatory name
    certified_by: str = ""  # the secretary under "Salinan sesuai dengan aslinya"
    certified_copy: bool = False
    page: int | None = None  # page holding the decree number
    caption: str = ""  # the text just above the table (LAMPIRAN block, table title)
    diktum: str = ""  # KESATU, KEDUA, ... texts after Menetapkan, joined
    # issue 10: the signatory as read in another signature block (the front matter's and the one
    # after the lampiran table), for normalise/ to cross-check; "" when only one block names one
    signed_by_other: str = ""


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Everything extract/ hands to normalise/ for one file."""

    source_file: str
    doc_id: str
    pages: int
    ocr_pages: tuple[int, ...]
    routes: tuple[Route, ...]
    front: FrontMatter
    rows: tuple[RawRow, ...]
    table_pages: tuple[int, ...]
    table_score: float  # 0..1 share of table pages whose grid was found cleanly
    issues: tuple[Issue, ...] = field(default_factory=tuple)  # extract's own findings


@dataclass(frozen=True, slots=True)
class ParsedDecreeNumber:
    raw: str
    normalised: str
    sequence: str | None
    classification: str | None
    region_code: str | None
    year: int | None
    style: Literal["satker", "kpu_ri_old", "kpu_ri_new", "unknown"]
    month: int | None = None  # the Roman month of issue, when the form prints one


@dataclass(frozen=True, slots=True)
class Satker:
    name: str  # canonical "KPU Kota Banjar"
    level: Literal["pusat", "provinsi", "kabupaten", "kota"]
    region_code: str  # "3279", "32", "" for KPU RI
    province: str


@dataclass(frozen=True, slots=True)
class Correction:
    """One change from raw to normalised text (the audit trail).

    ``method`` ``unmatched`` records a value left as printed that a human should
    look at (``corrected == raw``, ``suggestions`` hold the nearest candidates).
    """

    row_no: int | None  # None for document-level fields
    field: str
    raw: str
    corrected: str
    score: float
    method: CorrectionMethod
    needs_review: bool = False
    scorer: str = ""  # what decided: a rapidfuzz scorer, "known", "context", a cleanup rule, ...
    canonical_id: str | None = None  # label decisions: the vocabulary entry
    suggestions: tuple[str, ...] = ()  # nearest alternatives, for the review sheet
    level: Literal["", "label", "word"] = ""  # vocabulary decisions: a whole name, or one word
    page: int | None = None  # the row's page, set by the pipeline once rows have pages


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One ``plan_rows`` row (columns, order and types: ``PLAN_ROWS`` in schema/tables.py)."""

    row_no: int
    page: int
    pages: list[int]
    area_no: int | None
    area_raw: str | None
    area: str | None
    kegiatan_no: int | None
    kegiatan_raw: str | None
    sub_kegiatan_no: int | None
    sub_kegiatan_raw: str | None
    indikator_raw: str | None
    months: list[int]
    month_marks: list[str]
    x0: float
    top: float
    x1: float
    bottom: float
    route: str
    ocr_conf: float | None
    needs_review: bool
    kegiatan: str | None = None
    kegiatan_id: str | None = None
    sub_kegiatan: str | None = None
    sub_kegiatan_ids: list[str | None] = field(default_factory=list)
    indikator: list[str] = field(default_factory=list)
    # the mapping to the template, beside the printed wording (issue 12): it replaces nothing
    kegiatan_canonical: str | None = None
    kegiatan_match_score: float | None = None
    kegiatan_match_method: str | None = None
    sub_kegiatan_canonical: list[str | None] = field(default_factory=list)
    sub_kegiatan_match_scores: list[float | None] = field(default_factory=list)
    sub_kegiatan_match_methods: list[str | None] = field(default_factory=list)
    doc_id: str = ""
    grid_unit: str = "month"


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One ``documents`` row (columns, order and types: ``DOCUMENTS`` in schema/tables.py).

    None is null: a failed file has no table pages (null), not an empty list of them.
    """

    doc_id: str
    source_file: str
    status: Literal["ok", "partial", "failed"]
    reason: Reason | None = None
    error: str | None = None
    satker: str | None = None
    satker_level: str | None = None
    region_code: str | None = None
    province: str | None = None
    decree_number: str | None = None
    decree_number_norm: str | None = None
    decree_date: dt.date | None = None
    decree_date_raw: str | None = None
    decree_place: str | None = None
    plan_year: int | None = None
    title: str | None = None
    signed_by: str | None = None
    certified_by: str | None = None
    pages: int | None = None
    table_pages: list[int] | None = None
    ocr_pages: list[int] | None = None
    rows: int | None = None
    table_score: float | None = None
    flags: list[str] = field(default_factory=list)
    pipeline_version: str = ""
    vocabulary_version: str | None = None
    settings_id: str | None = None
