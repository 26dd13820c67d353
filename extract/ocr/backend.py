"""The OCR page backend: a scanned PDF page → :class:`~rencana.schema.records.PageContent`.

Stages (each timed, logged at debug level): render → blank check → quarter-turn
(text direction, OSD to pick 90 or 270) → deskew → read (:mod:`~rencana.extract.ocr.read`:
shading, ruling, ruling erased, Tesseract) → upright check (low confidence: OSD or a re-read
turned 180°) → words cut and repaired, fills and ink blobs kept inside the table.  Inputs are
a path, a page number and a frozen settings object, so pages can go to a process pool as
they are.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from rencana.extract.backend import PageInput
from rencana.extract.ocr import imageprep as prep
from rencana.extract.ocr import ink as inkmod
from rencana.extract.ocr import ruling as lines
from rencana.extract.ocr.cell_reread import reread_cells
from rencana.extract.ocr.geometry import Geometry, paper_mottle, straighten
from rencana.extract.ocr.line_reread import reread_names, reread_number_lines
from rencana.extract.ocr.month_reread import reread_months
from rencana.extract.ocr.orientation import needs_upright_check, quarter_turn, upright_check
from rencana.extract.ocr.raster import Gray, RasterPage, render_page
from rencana.extract.ocr.read import PageRead, read_pass, sharper_read
from rencana.extract.ocr.settings import READ_MIN_GAIN, OcrSettings
from rencana.extract.ocr.tesseract import TesseractEngine, get_engine
from rencana.extract.ocr.words import repair, split_at_rules, to_words
from rencana.schema.records import BBox, Fill, PageContent, Route, Segment, Word

log = logging.getLogger(__name__)

MAX_FILL_MARGIN = 0.12  # shading is at least this much darker than paper on any copy


class _Timer:
    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.stages: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages.append((name, now - self.t))
        self.t = now

    def __str__(self) -> str:
        total = sum(s for _, s in self.stages)
        return f"{total:.3f}s (" + ", ".join(f"{n} {s:.3f}" for n, s in self.stages) + ")"


def _dark_share(gray: Gray, paper: float) -> float:
    """Share of pixels clearly darker than paper after a 3x3 median (scanner noise removed)."""
    small = cv2.medianBlur(gray, 3)
    return float(np.count_nonzero(small < paper * 255 * 0.55)) / small.size


def _render(pdf_path: str, page_no: int, s: OcrSettings) -> tuple[RasterPage, str]:
    """The page's pixels; a scan well below ``read_dpi`` (by ``READ_MIN_GAIN``) is re-rendered at
    it (Tesseract wants text taller than a 150-dpi copy gives it), and one below ``min_dpi`` says so."""
    drop = s.colour_dropout
    raster = render_page(pdf_path, page_no, s.dpi, cap=s.max_dpi, default=s.default_dpi, dropout=drop)
    if s.dpi is not None or raster.dpi * READ_MIN_GAIN > s.read_dpi:
        return raster, ""
    note = f"low-resolution scan ({raster.dpi:.0f} dpi)" if raster.dpi < s.min_dpi else ""
    return render_page(pdf_path, page_no, s.read_dpi, dropout=drop), note


def _blank(raster: RasterPage, page_no: int, notes: list[str], low_res: bool) -> PageContent:
    return PageContent(
        page=page_no,
        width=raster.width,
        height=raster.height,
        route="ocr",
        words=(),
        triage_reason="; ".join([*notes, "blank page"]),
        mean_ocr_conf=None,
        ocr_read=True,
        blank=True,
        low_resolution=low_res,
    )


def _upright(
    gray: Gray, dpi: float, engine: TesseractEngine, s: OcrSettings, notes: list[str], timer: _Timer
) -> tuple[Gray, int, float]:
    """Turned a quarter if its lines run down the page, then deskewed; the turn and the skew.

    Turn first: the skew search assumes text lines and rules run roughly across the image.
    """
    rotation, why = (0, "") if s.orientation == "none" else quarter_turn(gray, dpi, engine, s)
    if why:
        notes.append(why)
    gray = prep.turn(gray, rotation)
    timer.lap("orient")
    skew = 0.0
    if s.deskew:
        gray, skew = prep.deskew(gray, dpi, s.prep)
    timer.lap("deskew")
    return gray, rotation, skew


def _content(
    read: PageRead,
    page_no: int,
    dpi: float,
    s: OcrSettings,
    timer: _Timer,
) -> tuple[tuple[Word, ...], list[Fill], list[Fill]]:
    """Words (cut at vertical rules, repaired), and the fills and ink blobs inside the table."""
    region = lines.table_region(read.segments)
    timer.lap("lines")
    px = dpi / 72.0
    rules = [(g.x0 * px, g.top * px, g.bottom * px) for g in read.segments if not g.horizontal]
    cut = split_at_rules(read.words + read.rescued, rules, s.split_margin * px)
    words = to_words(repair(cut) if s.repair_words else cut, page_no, dpi)
    fills = [f for f in read.fills if region is not None and inkmod.inside(f, region)]
    boxes = [(BBox(w.x0, w.top, w.x1, w.bottom), w.ocr_conf or 0.0, w.text) for w in words]
    ink = inkmod.find_ink(read.ink, read.ruling.combined(), dpi, boxes, s.lines, region) if region else []
    ink = inkmod.drop_debris(ink)
    timer.lap("fills+ink")
    return words, fills, ink


def ocr_page(
    pdf_path: str,
    page_no: int,
    settings: OcrSettings,
    engine: TesseractEngine | None = None,
    seen: list[PageRead] | None = None,
) -> PageContent:
    """Read 1-based ``page_no`` of ``pdf_path`` from its pixels.

    Fills and ink blobs are only sought inside the ruled table region; a page
    without ruling gets words and nothing else.  ``engine`` replaces the cached
    Tesseract engine of ``settings.engine`` (tests replay recorded answers through it);
    ``seen``, when given, receives the read the words came from (``rencana show`` draws on it).
    """
    s = settings
    timer = _Timer()
    engine = engine or get_engine(s.engine, s.lang)
    timer.lap("engine")
    raster, low_res = _render(pdf_path, page_no, s)
    gray, dpi = raster.image, raster.dpi
    timer.lap("render")
    # every page this backend read says so first (the text backend's "image-only page"
    # placeholder, for a page nobody read, never starts with "ocr")
    notes = [f"ocr at {dpi:.0f} dpi", *([low_res] if low_res else [])]
    paper = prep.background_level(gray)
    if _dark_share(gray, paper) < s.blank_dark_share:
        timer.lap("blank")
        log.debug("ocr %s p%d: blank page, %s", pdf_path, page_no, timer)
        return _blank(raster, page_no, notes, bool(low_res))
    gray, geometry = straighten(gray, dpi, s.erase_streaks) if s.geometry else (gray, Geometry())
    notes += geometry.notes()
    paper = prep.background_level(gray) if geometry != Geometry() else paper
    s = _mottled(s, gray, dpi)
    timer.lap("geometry")
    gray, rotation, skew = _upright(gray, dpi, engine, s, notes, timer)
    read = read_pass(gray, dpi, paper, engine, s)
    timer.lap("ocr")
    if needs_upright_check(read, s):
        read, rotation = upright_check(read, rotation, dpi, paper, engine, s, notes)
        timer.lap("upright")
    read = sharper_read(read, dpi, paper, engine, s, notes)
    if s.reread_lines:  # issue 10: number line failing its grammar, a name missing its start: re-read
        read.words = reread_names(
            reread_number_lines(read.words, read.gray, dpi, engine), read.gray, dpi, engine
        )
    if s.reread_cells:  # issue 10: unsure text cells of the ruled table read again, one crop each
        read.words = reread_cells(read.words, read.gray, dpi, engine, read.segments)
    if s.reread_months:  # issue 10: month numbers garbled by the rules between them, read cell by cell
        read.words = reread_months(read.words, read.gray, dpi, engine, read.segments)
    timer.lap("reread")
    words, fills, ink = _content(read, page_no, dpi, s, timer)
    if seen is not None:
        seen.append(read)
    conf = read.mean_conf if read.words else None
    if conf is not None and conf < s.low_conf:
        notes.append(f"low OCR confidence ({conf:.0f})")
    if not words:
        notes.append("no text read")
    log.debug(
        "ocr %s p%d: %d words, %d segments, %d fills, %d ink, rot %d, skew %.2f: %s",
        *(pdf_path, page_no, len(words), len(read.segments), len(fills), len(ink), rotation, skew, timer),
    )
    width, height = _size(raster, rotation, gray.shape if geometry.sheet else None, dpi)
    return PageContent(
        page=page_no,
        width=width,
        height=height,
        route="ocr",
        words=words,
        segments=tuple(_clip(read.segments, width, height)),
        fills=tuple(fills),
        ink=tuple(ink),
        triage_reason="; ".join(notes),
        rotation=rotation,
        skew=skew,
        mean_ocr_conf=None if conf is None else round(conf, 2),
        ocr_read=True,
        low_resolution=bool(low_res),
    )


def _mottled(s: OcrSettings, gray: Gray, dpi: float) -> OcrSettings:
    """Shading must stand clear of the paper's own blotches: on a mottled copy, by more than
    their depth rather than the usual margin."""
    margin = min(MAX_FILL_MARGIN, 0.02 + paper_mottle(gray, dpi))
    if margin <= s.lines.fill_paper_margin:
        return s
    return replace(s, lines=replace(s.lines, fill_paper_margin=round(margin, 3)))


def _size(
    raster: RasterPage, rotation: int, shape: tuple[int, ...] | None, dpi: float
) -> tuple[float, float]:
    """The page's size in points as read: the raster's (turned), or the warped sheet's."""
    if shape is not None:
        return shape[1] * 72.0 / dpi, shape[0] * 72.0 / dpi
    if rotation in (90, 270):
        return raster.height, raster.width
    return raster.width, raster.height


def _clip(segments: list[Segment], width: float, height: float) -> list[Segment]:
    return [
        Segment(max(0.0, g.x0), max(0.0, g.top), min(width, g.x1), min(height, g.bottom)) for g in segments
    ]


@dataclass(frozen=True, slots=True)
class OcrBackend:
    """The OCR :class:`~rencana.extract.backend.PageBackend`: a page's pixels read by Tesseract.

    Picklable (no engine is held: each process caches its own, :func:`get_engine`);
    ``settings`` are the page input's ``ExtractSettings.ocr_settings``.
    """

    route: Route = "ocr"

    def read(self, page: PageInput, doc: object = None) -> PageContent:
        return ocr_page(page.path, page.page_no, page.settings.ocr_settings)
