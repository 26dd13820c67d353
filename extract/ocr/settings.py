"""Everything the OCR path can be told, as validated frozen dataclasses (no OpenCV needed here).

:class:`OcrSettings` is reachable from the run settings as
``ExtractSettings.ocr_settings`` and so is part of ``settings_id``; it holds the clean-up
tolerances (:class:`PrepSettings`) and those of ruling, fills and ink (:class:`LineSettings`).
Defaults are the measured choices (docs/ocr.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

EngineName = Literal["auto", "tesserocr", "cli"]
Orientation = Literal["auto", "osd", "none"]
Binariser = Literal["none", "otsu", "sauvola"]
Denoiser = Literal["none", "median3", "gauss"]

DEFAULT_DPI = 300.0  # vector pages
MAX_DPI = 300.0
SKEW_MAX_DEG = 5.0
SKEW_WORK_DPI = 100.0
SKEW_COARSE_STEP = 0.2
SKEW_FINE_STEP = 0.02
SKEW_MIN_DEG = 0.03
DIRECTION_WORK_DPI = 50.0
DIRECTION_MIN_RATIO = 1.25
SAUVOLA_WINDOW_PT = 10.0
SAUVOLA_K = 0.2


@dataclass(frozen=True, slots=True)
class PrepSettings:
    """Tolerances of the clean-up steps."""

    skew_max: float = SKEW_MAX_DEG  # search ± this many degrees
    skew_work_dpi: float = SKEW_WORK_DPI  # resolution of the skew search image
    skew_coarse_step: float = SKEW_COARSE_STEP
    skew_fine_step: float = SKEW_FINE_STEP
    skew_min: float = SKEW_MIN_DEG  # below this, don't resample the page
    direction_work_dpi: float = DIRECTION_WORK_DPI
    direction_min_ratio: float = DIRECTION_MIN_RATIO  # profile-sharpness ratio to call text vertical
    sauvola_window_pt: float = SAUVOLA_WINDOW_PT
    sauvola_k: float = SAUVOLA_K

    def __post_init__(self) -> None:
        for name in (
            "skew_max",
            "skew_work_dpi",
            "skew_coarse_step",
            "skew_fine_step",
            "direction_work_dpi",
            "sauvola_window_pt",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"PrepSettings.{name} must be > 0, got {getattr(self, name)!r}")
        if self.skew_fine_step > self.skew_coarse_step:
            raise ValueError("PrepSettings.skew_fine_step must not exceed skew_coarse_step")
        if self.direction_min_ratio < 1:
            raise ValueError(
                f"PrepSettings.direction_min_ratio must be >= 1, got {self.direction_min_ratio!r}"
            )
        if not 0 < self.sauvola_k < 1:
            raise ValueError(f"PrepSettings.sauvola_k must be in (0, 1), got {self.sauvola_k!r}")


H_KERNEL_MIN_PT = 15.0
V_KERNEL_MIN_PT = 10.0
H_KERNEL_FRAC = 0.018  # of page width
V_KERNEL_FRAC = 0.012  # of page height
BRIDGE_PT = 0.0
MAX_RULE_THICKNESS_PT = 3.0  # thicker dark runs are shading blocks, not ruling
UNSHADE_KEEP = 0.75  # inside shading, pixels darker than this share of its level are drawn on it
MERGE_GAP_PT = 6.0
MERGE_OFFSET_PT = 1.8
MIN_SEGMENT_PT = 25.0  # shorter merged pieces are stamp stars, text strokes, not ruling
ISOLATED_MIN_PT = 200.0  # a lone line shorter than this is a signature flourish
CROSS_TOL_PT = 2.0
LINE_HALO_PT = 0.9
FILL_LUM = (0.40, 0.90)
FILL_PAPER_MARGIN = 0.06
FILL_LOCAL_FACTOR = 2.0  # a fill must be this many margins darker than the paper around it
FILL_LOCAL_PAD_PT = 36.0  # ... the paper within this of it (half an inch: past a block of shaded cells)
FILL_LOCAL_PCT = 95  # ... taken as this percentile of the luminance there
FILL_LOCAL_MAX = (
    0.13  # ... but never more than this (shading: 0.17 under it on a clean scan, 0.20-0.30 on copies)
)
BAR_GAP_PT = 6.0  # a fill this close beside a kept one along its row, ...
BAR_GRAY = 0.03  # ... this close to its grey, is the same shaded bar
FILL_MIN_SIDE_PT = 8.0
FILL_CORE = 0.75  # a fill's solid core: its columns (rows) this share as covered as its best
INK_MIN_SIDE_PT = 2.5
INK_MAX_SIDE_PT = 30.0
INK_MIN_DENSITY = 0.06
INK_JOIN_PT = 0.7
INK_CROWD = 2  # a blob with this many others ...
INK_CROWD_PT = 10.0  # ... within this of its centre is debris of something larger (a stamp)
STREAK_THIN = 0.5  # a streak's piece is at most this wide for its height ...
STREAK_X_PT = 1.5  # ... at the same x and width (within this) ...
STREAK_MIN_ROWS = 5  # ... on this many rows of the page
WORD_COVER = 0.5
WORD_MIN_CONF = 40.0
INK_MIN_STROKE_PT = 2.0  # a blob's own ink (before joining) must reach this far: specks do not
INK_MIN_AREA_PT2 = 1.2  # ... and cover this many square points
MARK_LIKE = frozenset("VvWwYyJj")  # letters a scanned V or tick is read as
UNREAD_SPECK_PT = 1.2  # components smaller than this (both sides) are scanner specks
UNREAD_JOIN_PT = (2.0, 0.6)  # x, y: pieces this close form one unread region ("3." , "a.")
UNREAD_HEIGHT_PT = (2.5, 20.0)
UNREAD_MAX_WIDTH_PT = 200.0  # a header label line the page read dropped ("INDIKATOR KEBERHASILAN", 137 pt)
UNREAD_WORD_MARGIN_PT = 0.8  # ink this close to a read word belongs to it


@dataclass(frozen=True, slots=True)
class LineSettings:
    """Tolerances for ruling lines, fills and ink blobs (lengths in points)."""

    h_kernel_min: float = H_KERNEL_MIN_PT
    v_kernel_min: float = V_KERNEL_MIN_PT
    h_kernel_frac: float = H_KERNEL_FRAC
    v_kernel_frac: float = V_KERNEL_FRAC
    bridge: float = BRIDGE_PT  # gaps closed along a line before the opening
    max_rule_thickness: float = MAX_RULE_THICKNESS_PT
    merge_gap: float = MERGE_GAP_PT  # collinear pieces this close become one segment
    merge_offset: float = MERGE_OFFSET_PT  # ... when their positions differ by at most this
    min_segment: float = MIN_SEGMENT_PT
    isolated_min: float = ISOLATED_MIN_PT  # a segment crossing no other must be this long to count
    cross_tol: float = CROSS_TOL_PT
    line_halo: float = LINE_HALO_PT  # ruling pixels grown by this before ink blobs are sought
    fill_lum: tuple[float, float] = FILL_LUM  # luminance band of shading
    fill_paper_margin: float = FILL_PAPER_MARGIN  # shading must be this much darker than the paper
    fill_min_side: float = FILL_MIN_SIDE_PT
    fill_local_factor: float = FILL_LOCAL_FACTOR
    fill_local_pad: float = FILL_LOCAL_PAD_PT
    ink_min_side: float = INK_MIN_SIDE_PT
    ink_max_side: float = INK_MAX_SIDE_PT
    ink_min_density: float = INK_MIN_DENSITY
    ink_join: float = INK_JOIN_PT  # strokes this close form one blob
    word_cover: float = WORD_COVER  # a blob this much inside a word box is that word
    word_min_conf: float = WORD_MIN_CONF  # words below this confidence hide no ink
    ink_min_stroke: float = INK_MIN_STROKE_PT
    ink_min_area: float = INK_MIN_AREA_PT2
    unread_speck: float = UNREAD_SPECK_PT
    unread_join: tuple[float, float] = UNREAD_JOIN_PT
    unread_height: tuple[float, float] = UNREAD_HEIGHT_PT
    unread_max_width: float = UNREAD_MAX_WIDTH_PT
    unread_word_margin: float = UNREAD_WORD_MARGIN_PT

    def __post_init__(self) -> None:
        positive = (
            "h_kernel_min",
            "v_kernel_min",
            "merge_offset",
            "min_segment",
            "isolated_min",
            "max_rule_thickness",
            "fill_min_side",
            "ink_min_side",
            "ink_max_side",
        )
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"LineSettings.{name} must be > 0, got {getattr(self, name)!r}")
        for name in (
            "h_kernel_frac",
            "v_kernel_frac",
            "bridge",
            "merge_gap",
            "line_halo",
            "ink_join",
            "cross_tol",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"LineSettings.{name} must be >= 0, got {getattr(self, name)!r}")
        lo, hi = self.fill_lum
        if not 0 <= lo < hi <= 1:
            raise ValueError(f"LineSettings.fill_lum must satisfy 0 <= lo < hi <= 1, got {self.fill_lum!r}")
        if self.ink_min_side >= self.ink_max_side:
            raise ValueError("LineSettings.ink_min_side must be below ink_max_side")
        for name in ("ink_min_density", "word_cover"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"LineSettings.{name} must be in [0, 1], got {getattr(self, name)!r}")


DEFAULT_PSM = 11
MIN_DPI_FOR_OCR = 150.0
# Pages scanned below this are rendered at it for reading (issue 10): at 150-200 dpi a copy's
# 7-pt header digits are 15-20 px tall and Tesseract misreads half the month numbers (401-005:
# "1 2 3 « s s 7 2" at 161 dpi, "1 2 3 4 5 6 7" at 240); 240 costs ~1.2x the CPU of the page at
# its own dpi (300: ~1.35x), inside the budget of 1.5x a bare tesseract run (docs/ocr.md).
READ_DPI = 240.0
READ_MIN_GAIN = 1.2  # ... when that is at least this much larger (a 216-dpi scan gains nothing at 240)
UPRIGHT_CHECK_CONF = 70.0
UPRIGHT_MIN_WORDS = 8
OSD_MIN_CONF = 1.5
FLIP_TRY_CONF = 45.0  # a page read below this mean confidence is re-read turned 180° whatever OSD says
FLIP_MARGIN = 5.0
BLANK_DARK_SHARE = 1e-4
LOW_CONF = 65.0
SHARPEN_BELOW = 70.0  # issue 10: a page read below this mean confidence is read again sharpened
SPLIT_MARGIN_PT = 1.0
SECOND_READ_PSM = 7  # one text line per region


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Everything the OCR path can be told; defaults are the measured choices (docs/ocr.md)."""

    dpi: float | None = None  # None: the scan's own resolution, within [min_dpi, max_dpi]
    max_dpi: float = MAX_DPI
    min_dpi: float = MIN_DPI_FOR_OCR  # low-resolution scans are upsampled to this (and flagged)
    read_dpi: float = READ_DPI  # scans below this are rendered at it to be read (not flagged)
    default_dpi: float = DEFAULT_DPI  # vector pages
    lang: str = "ind"
    engine: EngineName = "auto"
    psm: int = DEFAULT_PSM
    orientation: Orientation = "auto"
    geometry: bool = True  # the sheet warped flat, dark page edges cleared, uneven light flattened
    erase_streaks: bool = False  # copier streaks erased before reading (measured: no gain yet, docs/ocr.md)
    deskew: bool = True
    denoise: Denoiser = "none"
    binarise: Binariser = "otsu"
    erase_ruling: bool = True  # paint ruling white before OCR (words stop gluing across cells)
    colour_dropout: bool = True  # lighten coloured ink (stamps, signatures) away before reading
    repair_words: bool = True  # Tesseract's regular slips ("Yo" for "%", "1," for "1."): ocr_text
    second_read: bool = True  # read the table's ink the page read left out, region by region
    second_read_psm: int = SECOND_READ_PSM
    reread_lines: bool = True  # number line failing its grammar, a name missing its start: re-read
    reread_cells: bool = True  # unsure text cells of the ruled table read again (cell_reread)
    reread_months: bool = True  # garbled month numbers over a ruled time grid read cell by cell
    upright_check_conf: float = UPRIGHT_CHECK_CONF  # mean confidence below this → is it upside down?
    upright_min_words: int = UPRIGHT_MIN_WORDS
    osd_min_conf: float = OSD_MIN_CONF
    flip_try_conf: float = FLIP_TRY_CONF
    flip_margin: float = FLIP_MARGIN  # a 180° re-read must beat the first by this much mean confidence
    blank_dark_share: float = BLANK_DARK_SHARE  # pages with less dark ink than this are blank
    low_conf: float = LOW_CONF  # mean confidence below this is reported in triage_reason
    sharpen_below: float = SHARPEN_BELOW  # read again with an unsharp mask below this (blurred photos)
    split_margin: float = SPLIT_MARGIN_PT  # cut words that a vertical rule passes this far inside
    prep: PrepSettings = field(default_factory=PrepSettings)
    lines: LineSettings = field(default_factory=LineSettings)

    def __post_init__(self) -> None:
        if self.dpi is not None and not 50 <= self.dpi <= 600:
            raise ValueError(f"OcrSettings.dpi must be within 50..600, got {self.dpi!r}")
        if not 50 <= self.min_dpi <= self.max_dpi <= 600:
            raise ValueError(
                f"OcrSettings.min_dpi/max_dpi must satisfy 50 <= min <= max <= 600, "
                f"got {self.min_dpi!r}/{self.max_dpi!r}"
            )
        if not self.min_dpi <= self.read_dpi <= self.max_dpi:
            raise ValueError(f"OcrSettings.read_dpi must be within min_dpi..max_dpi, got {self.read_dpi!r}")
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
