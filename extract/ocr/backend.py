"""The OCR page backend: a scanned PDF page → :class:`~rencana.schema.records.PageContent`.

Stages (each timed, logged at debug level): render → blank check → quarter-turn
(text direction, OSD to pick 90 or 270) → deskew → binarise → ruling →
ruling erased → Tesseract → upright check (low confidence: OSD or a re-read
turned 180°) → fills and ink blobs.  Inputs are a path, a page number and a
frozen settings object, so pages can go to a process pool as they are.
"""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

from rencana.extract.ocr import imageprep as prep
from rencana.extract.ocr import ruling as lines
from rencana.extract.ocr.raster import DEFAULT_DPI, MAX_DPI, Gray, render_page
from rencana.extract.ocr.tesseract import EngineName, OcrWord, TesseractEngine, get_engine
from rencana.extract.ocr.words import repair
from rencana.schema.records import BBox, Fill, PageContent, Segment, Word

log = logging.getLogger(__name__)

Orientation = Literal["auto", "osd", "none"]

DEFAULT_PSM = 11
MIN_DPI_FOR_OCR = 150.0
UPRIGHT_CHECK_CONF = 70.0
UPRIGHT_MIN_WORDS = 8
OSD_MIN_CONF = 1.5
FLIP_MARGIN = 5.0
BLANK_DARK_SHARE = 1e-4
LOW_CONF = 65.0
SPLIT_MARGIN_PT = 1.0
SECOND_READ_PSM = 7  # one text line per region


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Everything the OCR path can be told; defaults are the measured choices (docs/ocr.md)."""

    dpi: float | None = None  # None: the scan's own resolution, within [min_dpi, max_dpi]
    max_dpi: float = MAX_DPI
    min_dpi: float = MIN_DPI_FOR_OCR  # low-resolution scans are upsampled to this
    default_dpi: float = DEFAULT_DPI  # vector pages
    lang: str = "ind"
    engine: EngineName = "auto"
    psm: int = DEFAULT_PSM
    orientation: Orientation = "auto"
    deskew: bool = True
    denoise: prep.Denoiser = "none"
    binarise: prep.Binariser = "otsu"
    erase_ruling: bool = True  # paint ruling white before OCR (words stop gluing across cells)
    colour_dropout: bool = True  # lighten coloured ink (stamps, signatures) away before reading
    repair_words: bool = True  # Tesseract's regular slips ("Yo" for "%", "1," for "1."): ocr_text
    second_read: bool = True  # read the table's ink the page read left out, region by region
    second_read_psm: int = SECOND_READ_PSM
    upright_check_conf: float = UPRIGHT_CHECK_CONF  # mean confidence below this → is it upside down?
    upright_min_words: int = UPRIGHT_MIN_WORDS
    osd_min_conf: float = OSD_MIN_CONF
    flip_margin: float = FLIP_MARGIN  # a 180° re-read must beat the first by this much mean confidence
    blank_dark_share: float = BLANK_DARK_SHARE  # pages with less dark ink than this are blank
    low_conf: float = LOW_CONF  # mean confidence below this is reported in triage_reason
    split_margin: float = SPLIT_MARGIN_PT  # cut words that a vertical rule passes this far inside
    prep: prep.PrepSettings = field(default_factory=prep.PrepSettings)
    lines: lines.LineSettings = field(default_factory=lines.LineSettings)

    def __post_init__(self) -> None:
        if self.dpi is not None and not 50 <= self.dpi <= 600:
            raise ValueError(f"OcrSettings.dpi must be within 50..600, got {self.dpi!r}")
        if not 50 <= self.min_dpi <= self.max_dpi <= 600:
            raise ValueError(
                f"OcrSettings.min_dpi/max_dpi must satisfy 50 <= min <= max <= 600, "
                f"got {self.min_dpi!r}/{self.max_dpi!r}"
            )
        if self.psm not in (3, 4, 6, 11, 12):
            raise ValueError(f"OcrSettings.psm must be one of 3, 4, 6, 11, 12, got {self.psm!r}")
        if self.second_read_psm not in (6, 7, 8, 13):
            raise ValueError(
                f"OcrSettings.second_read_psm must be one of 6, 7, 8, 13, got {self.second_read_psm!r}"
            )
        if self.orientation not in ("auto", "osd", "none"):
            raise ValueError(f"OcrSettings.orientation must be auto, osd or none, got {self.orientation!r}")
        if not self.lang or any(not part.isidentifier() for part in self.lang.split("+")):
            raise ValueError(f"OcrSettings.lang must look like 'ind' or 'ind+eng', got {self.lang!r}")
        if not 0 <= self.blank_dark_share < 0.1:
            raise ValueError(
                f"OcrSettings.blank_dark_share must be within [0, 0.1), got {self.blank_dark_share!r}"
            )


@dataclass(slots=True)
class _Read:
    """One OCR pass over one orientation of the page (internal)."""

    gray: Gray
    words: list[OcrWord]
    ink: Gray
    ruling: lines.RulingMasks
    segments: list[Segment]  # the kept ones, in points
    fills: list[Fill]  # shading anywhere on the page (the table's are kept later)
    rescued: list[OcrWord] = field(default_factory=list)  # the second, per-region read

    @property
    def mean_conf(self) -> float:
        """Mean confidence of the page read (the rescued fragments are short and less sure)."""
        confs = [w.conf for w in self.words if w.conf >= 0]
        return float(np.mean(confs)) if confs else 0.0


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


def _read(gray: Gray, dpi: float, paper: float, engine: TesseractEngine, s: OcrSettings) -> _Read:
    """Shading and ruling first (they do not need the words), then OCR with both painted out."""
    fills = lines.find_fills(gray, dpi, paper, s.lines)
    shaded, gray = gray, lines.unshade(gray, fills, dpi)
    ink = prep.ink_mask(gray)
    ruling = lines.ruling_masks(ink, dpi, s.lines)
    width = gray.shape[1] * 72.0 / dpi
    segments = lines.keep_table_segments(lines.segments_from_masks(ruling, dpi, s.lines), width, s.lines)
    if fills and segments:
        # again, now the ruling is known: it separates shaded cells the scanner's blur joined
        fills = lines.find_fills(shaded, dpi, paper, s.lines, cuts=segments)
    img = prep.binarise(prep.denoise(gray, s.denoise), s.binarise, dpi, s.prep)
    if s.erase_ruling and segments:
        table_ruling = lines.segment_pixels(ruling.combined(), segments, dpi)
        paper_level = 255 if s.binarise != "none" else round(paper * 255)
        img = lines.erase_ruling(img, table_ruling, dpi, s.lines, paper_level)
    words = engine.words(img, dpi, s.psm)
    rescued: list[OcrWord] = []
    region = lines.table_region(segments)
    if s.second_read and region is not None:
        # psm 11 leaves out short isolated tokens (item markers "3." "a.", a lone "No",
        # column numbers, marks): read the ink no word covers, region by region
        boxes = lines.unread_regions(
            img, [(w.x0, w.top, w.x1, w.bottom) for w in words], dpi, s.lines, region
        )
        rescued = [w for w in engine.read_regions(img, dpi, boxes, s.second_read_psm) if w.text.strip()]
    return _Read(gray, words, ink, ruling, segments, fills, rescued)


def _quarter_turn(gray: Gray, dpi: float, engine: TesseractEngine, s: OcrSettings) -> tuple[int, str]:
    """Clockwise degrees that bring the text lines horizontal, and why."""
    if s.orientation == "osd":
        osd = engine.osd(gray, dpi)
        if osd is not None and osd.confidence >= s.osd_min_conf:
            return osd.rotate, f"osd {osd.rotate} (conf {osd.confidence:.1f})"
    direction = prep.text_direction(gray, dpi, s.prep)
    if not direction.vertical:
        return 0, ""
    osd = engine.osd(gray, dpi)
    if osd is not None and osd.rotate in (90, 270) and osd.confidence >= s.osd_min_conf:
        return osd.rotate, f"vertical text (ratio {direction.ratio:.1f}), osd {osd.rotate}"
    return 90, f"vertical text (ratio {direction.ratio:.1f}), osd unsure"


def split_at_rules(
    words: list[OcrWord],
    rules: list[tuple[float, float, float]],
    margin: float,
) -> list[OcrWord]:
    """Cut words that run across a vertical rule ("VV" over two month cells) into one word per cell.

    ``rules`` are (x, top, bottom) in pixels; a word is cut where a rule spanning
    its middle passes more than ``margin`` pixels inside it, between characters
    (by their boxes when the engine gives them, else by equal shares of the width).
    """
    out: list[OcrWord] = []
    for w in words:
        cy = (w.top + w.bottom) / 2
        cuts = sorted(x for x, a, b in rules if a <= cy <= b and w.x0 + margin < x < w.x1 - margin)
        out.extend(_cut(w, cuts) if cuts and len(w.text) > 1 else [w])
    return out


def _cut(w: OcrWord, cuts: list[float]) -> list[OcrWord]:
    n = len(w.text)
    step = (w.x1 - w.x0) / n
    spans = (
        list(w.chars)
        if w.chars
        else [(round(w.x0 + i * step), round(w.x0 + (i + 1) * step)) for i in range(n)]
    )
    edges = [float("-inf"), *cuts, float("inf")]
    pieces: list[OcrWord] = []
    for lo, hi in itertools.pairwise(edges):
        idx = [i for i, (a, b) in enumerate(spans) if lo <= (a + b) / 2 < hi]
        text = "".join(w.text[i] for i in idx).strip()
        if not idx or not text:
            continue
        chars = tuple(spans[i] for i in idx)
        pieces.append(
            OcrWord(
                text,
                min(a for a, _ in chars),
                w.top,
                max(b for _, b in chars),
                w.bottom,
                w.conf,
                chars if w.chars else (),
            )
        )
    return pieces or [w]


def _words(ocr_words: list[OcrWord], page: int, dpi: float) -> tuple[Word, ...]:
    k = 72.0 / dpi
    return tuple(
        Word(page, w.x0 * k, w.top * k, w.x1 * k, w.bottom * k, w.text, "ocr", round(w.conf, 2))
        for w in ocr_words
    )


def ocr_page(
    pdf_path: str, page_no: int, settings: OcrSettings, engine: TesseractEngine | None = None
) -> PageContent:
    """Read 1-based ``page_no`` of ``pdf_path`` from its pixels.

    Fills and ink blobs are only sought inside the ruled table region; a page
    without ruling gets words and nothing else.  ``engine`` replaces the cached
    Tesseract engine of ``settings.engine`` (tests replay recorded answers through it).
    """
    s = settings
    timer = _Timer()
    engine = engine or get_engine(s.engine, s.lang)
    timer.lap("engine")
    drop = s.colour_dropout
    raster = render_page(pdf_path, page_no, s.dpi, cap=s.max_dpi, default=s.default_dpi, dropout=drop)
    gray, dpi = raster.image, raster.dpi
    notes: list[str] = []
    if s.dpi is None and dpi < s.min_dpi:
        notes.append(f"low-resolution scan ({dpi:.0f} dpi)")
        raster = render_page(pdf_path, page_no, s.min_dpi, dropout=drop)
        gray, dpi = raster.image, raster.dpi
    timer.lap("render")
    # every page this backend read says so first (the text backend's "image-only page"
    # placeholder, for a page nobody read, never starts with "ocr")
    notes.insert(0, f"ocr at {dpi:.0f} dpi")
    paper = prep.background_level(gray)
    if _dark_share(gray, paper) < s.blank_dark_share:
        timer.lap("blank")
        log.debug("ocr %s p%d: blank page, %s", pdf_path, page_no, timer)
        return PageContent(
            page=page_no,
            width=raster.width,
            height=raster.height,
            route="ocr",
            words=(),
            triage_reason="; ".join([*notes, "blank page"]),
            mean_ocr_conf=None,
        )
    # Turn first: the skew search assumes text lines and rules run roughly across the image.
    rotation, why = (0, "") if s.orientation == "none" else _quarter_turn(gray, dpi, engine, s)
    if why:
        notes.append(why)
    gray = prep.turn(gray, rotation)
    timer.lap("orient")
    skew = 0.0
    if s.deskew:
        gray, skew = prep.deskew(gray, dpi, s.prep)
    timer.lap("deskew")
    read = _read(gray, dpi, paper, engine, s)
    timer.lap("ocr")
    if (
        s.orientation != "none"
        and read.mean_conf < s.upright_check_conf
        and len(read.words) >= s.upright_min_words
    ):
        read, rotation = _upright_check(read, rotation, dpi, paper, engine, s, notes)
        timer.lap("upright")
    gray = read.gray
    width, height = (raster.height, raster.width) if rotation in (90, 270) else (raster.width, raster.height)
    segments = read.segments
    region = lines.table_region(segments)
    timer.lap("lines")
    px = dpi / 72.0
    rules = [(g.x0 * px, g.top * px, g.bottom * px) for g in segments if not g.horizontal]
    cut = split_at_rules(read.words + read.rescued, rules, s.split_margin * px)
    words = _words(repair(cut) if s.repair_words else cut, page_no, dpi)
    fills = [f for f in read.fills if region is not None and lines.inside(f, region)]
    boxes = [(BBox(w.x0, w.top, w.x1, w.bottom), w.ocr_conf or 0.0, w.text) for w in words]
    ink = lines.find_ink(read.ink, read.ruling.combined(), dpi, boxes, s.lines, region) if region else []
    timer.lap("fills+ink")
    conf = read.mean_conf if read.words else None
    if conf is not None and conf < s.low_conf:
        notes.append(f"low OCR confidence ({conf:.0f})")
    if not words:
        notes.append("no text read")
    log.debug(
        "ocr %s p%d: %d words, %d segments, %d fills, %d ink, rot %d, skew %.2f: %s",
        pdf_path,
        page_no,
        len(words),
        len(segments),
        len(fills),
        len(ink),
        rotation,
        skew,
        timer,
    )
    return PageContent(
        page=page_no,
        width=width,
        height=height,
        route="ocr",
        words=words,
        segments=tuple(_clip(segments, width, height)),
        fills=tuple(fills),
        ink=tuple(ink),
        triage_reason="; ".join(notes),
        rotation=rotation,
        skew=skew,
        mean_ocr_conf=None if conf is None else round(conf, 2),
    )


@dataclass(frozen=True, slots=True)
class OcrReader:
    """``ocr_page`` with its settings bound: a picklable ``(pdf_path, page_no) -> PageContent``."""

    settings: OcrSettings = field(default_factory=OcrSettings)

    def __call__(self, pdf_path: str, page_no: int) -> PageContent:
        return ocr_page(pdf_path, page_no, self.settings)


def make_ocr_reader(settings: OcrSettings | None = None) -> OcrReader:
    """The page reader the document extractor calls for pages routed to OCR."""
    return OcrReader(settings or OcrSettings())


def _upright_check(
    read: _Read,
    rotation: int,
    dpi: float,
    paper: float,
    engine: TesseractEngine,
    s: OcrSettings,
    notes: list[str],
) -> tuple[_Read, int]:
    """Low confidence: ask OSD whether the page is upside down, re-read it turned if so (or if OSD is
    unavailable), and keep whichever reading is more confident."""
    osd = engine.osd(read.gray, dpi)
    if osd is not None and not (osd.rotate == 180 and osd.confidence >= s.osd_min_conf):
        return read, rotation
    flipped = _read(prep.turn(read.gray, 180), dpi, paper, engine, s)
    if flipped.mean_conf > read.mean_conf + s.flip_margin:
        notes.append(f"upside down (conf {read.mean_conf:.0f} -> {flipped.mean_conf:.0f})")
        return flipped, (rotation + 180) % 360
    return read, rotation


def _clip(segments: list[Segment], width: float, height: float) -> list[Segment]:
    return [
        Segment(max(0.0, g.x0), max(0.0, g.top), min(width, g.x1), min(height, g.bottom)) for g in segments
    ]
