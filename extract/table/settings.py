"""The grid tolerances of the table reader, as data.

Lengths are in multiples of the page's line height ``h`` (the median word height) unless the
name ends in ``_pt`` (PDF points); shares are 0..1; label scores are rapidfuzz ratios 0..100.
Defaults are the measured choices; every field is part of ``settings_id`` (through
:class:`~rencana.extract.settings.ExtractSettings`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# header
LABEL_MIN_SCORE = 72.0  # a header cell's text must match a label this well
LABEL_STRICT_SCORE = 88.0  # label words picked out of a mixed cell must match this well
LABEL_WORD_SCORE = 85.0  # a word of a label ("PERUBAHAN"), text layer
LABEL_WORD_SCORE_OCR = 75.0  # ... read by OCR (one letter in four may be wrong: "ARFA")
MIN_LINE_HEIGHT = 4.0  # floor of the line height h (points)
DEFAULT_LINE_HEIGHT = 8.0  # h of a page without words (points)
HEADER_BAND = 4.0  # header cells are sought within this many lines of an anchor label
CELL_GAP = 0.6  # words of one header cell on one line are this close
CELL_STACK = 0.9  # ... stacked lines of one header cell are this close
NUMBER_LINE = 0.45  # numbers of one line (1..12, column numbers) have centres this close
MONTH_LINE_BELOW = 3.5  # the month numbers sit within this many lines under the labels
COLUMN_NUMBERS_BELOW = 3.0  # the column-number row sits within this many lines under the header
MONTH_SPACING = 0.35  # a month's position may be off the fitted line by this share of a month
EXTRA_COLUMN_REACH = 2.5  # an unnamed header cell is this close (vertically) to the anchor
LABEL_TITLE_GAP = 1.0  # text this far above the label cells is a title over the table, not a label
# rows and cells
RULE_SNAP_PT = 2.5  # a rule this close to a row's top opens a merged cell there
RULE_CLUSTER_PT = 2.0  # row rules this close are one rule
LEAF_RULE_COVER = 0.5  # a row rule crosses this share of a leaf column
MIN_ROW_HEIGHT = 0.6  # thinner bands between rules are not rows
HEADER_GAP = 2.0  # the first row rule this close under the header closes the header
TEXT_BAND_PAD = 0.3  # unruled rows start this far above their first line
# marks
SHADE_COVER = 0.4  # share of a month cell a fill must cover to count as shading
SHADE_MAX_GRAY = 0.965  # light yellow Gantt fills are ~0.95
FILL_SLACK_PT = 2.0  # a fill may reach this far outside the month columns ...
FILL_OVERHANG = 0.5  # ... or this share of a month cell's width (a text column is wider)
OCR_MARK_WIDTH = 1.5  # an OCR word wider than this many cells says nothing of one cell
BAR_MIN_PT = 2.5  # a Gantt bar is at least this thick (rules drawn as fills are thinner)
BAR_EDGE_PT = 1.5  # ... and its middle this far inside the row
BAR_COVER = 0.6  # ... across this share of a month cell's width
# marks read from pixels (issue 10: photocopies)
MARK_CLEAR_PT = 1.2  # an ink mark keeps this clear of its cell's column rules (a stamp crosses them)
MARK_MIN_SIDE_PT = 2.6  # ... is at least this wide and tall ...
MARK_MIN_ASPECT = 0.35  # ... and its shorter side at least this share of its longer (not a sliver)
MARK_FILLED = 0.5  # an ink blob this dense over most of the cell's width is a filled cell
FILL_MIDDLE = 0.25  # a scanned fill covers the cell's middle, this share of its width either side
FILL_GRAY_SPREAD = 0.1  # ... at the grey of the page's other marking fills, within this
MARK_CENTRE_PT = 2.5  # on a page with a usual ink mark, a blob is centred in its cell within this
MARK_SIZE_SPREAD = (
    0.55  # ... and of the usual mark's width and height within this share (a speck joined: +50 %)
)
MARK_MAX_WIDTH = 0.65  # without a usual mark, a blob no wider than this share of its cell (or filling it)
MARK_INK_SPREAD = 0.12  # ... and no denser than it by more than this (lighter: twice this; a light streak)
# sections
SECTION_COVER = 0.6  # a vertical rule crossing this share of a row splits it into cells
SECTION_WORD_GAP = 0.8  # words of an unruled heading are this close
# columns
GUTTER_MARGIN = 0.15  # the gutter between two text columns is sought this far inside their centres
MIN_GUTTER_PT = 0.5
TALL_RULE_COVER = 0.3  # a vertical rule over this share of the body is a column boundary
TALL_RULE_HEIGHT = 0.5  # ... or one at least this share of the body's height
COLUMN_SLACK_PT = 2.0  # words this far outside the outer boundaries still belong to the table
RULED_COLUMNS_MISSING = 5  # columns count as ruled when at most this many boundaries are not rules
# stitching
PAGE_FULL_LINES = 3.0  # a table ending within this many lines of the lowest bottom filled its page


@dataclass(frozen=True, slots=True)
class TableSettings:
    """Tolerances of header, columns, rows, marks, sections and stitching (see the constants)."""

    label_min_score: float = LABEL_MIN_SCORE
    label_strict_score: float = LABEL_STRICT_SCORE
    label_word_score: float = LABEL_WORD_SCORE
    label_word_score_ocr: float = LABEL_WORD_SCORE_OCR
    min_line_height: float = MIN_LINE_HEIGHT
    default_line_height: float = DEFAULT_LINE_HEIGHT
    header_band: float = HEADER_BAND
    cell_gap: float = CELL_GAP
    cell_stack: float = CELL_STACK
    number_line: float = NUMBER_LINE
    month_line_below: float = MONTH_LINE_BELOW
    column_numbers_below: float = COLUMN_NUMBERS_BELOW
    month_spacing: float = MONTH_SPACING
    extra_column_reach: float = EXTRA_COLUMN_REACH
    label_title_gap: float = LABEL_TITLE_GAP
    rule_snap_pt: float = RULE_SNAP_PT
    rule_cluster_pt: float = RULE_CLUSTER_PT
    leaf_rule_cover: float = LEAF_RULE_COVER
    min_row_height: float = MIN_ROW_HEIGHT
    header_gap: float = HEADER_GAP
    text_band_pad: float = TEXT_BAND_PAD
    shade_cover: float = SHADE_COVER
    shade_max_gray: float = SHADE_MAX_GRAY
    fill_slack_pt: float = FILL_SLACK_PT
    fill_overhang: float = FILL_OVERHANG
    ocr_mark_width: float = OCR_MARK_WIDTH
    bar_min_pt: float = BAR_MIN_PT
    bar_edge_pt: float = BAR_EDGE_PT
    bar_cover: float = BAR_COVER
    mark_clear_pt: float = MARK_CLEAR_PT
    mark_min_side_pt: float = MARK_MIN_SIDE_PT
    mark_min_aspect: float = MARK_MIN_ASPECT
    mark_filled: float = MARK_FILLED
    fill_middle: float = FILL_MIDDLE
    fill_gray_spread: float = FILL_GRAY_SPREAD
    mark_centre_pt: float = MARK_CENTRE_PT
    mark_size_spread: float = MARK_SIZE_SPREAD
    mark_ink_spread: float = MARK_INK_SPREAD
    mark_max_width: float = MARK_MAX_WIDTH
    section_cover: float = SECTION_COVER
    section_word_gap: float = SECTION_WORD_GAP
    gutter_margin: float = GUTTER_MARGIN
    min_gutter_pt: float = MIN_GUTTER_PT
    tall_rule_cover: float = TALL_RULE_COVER
    tall_rule_height: float = TALL_RULE_HEIGHT
    column_slack_pt: float = COLUMN_SLACK_PT
    ruled_columns_missing: int = RULED_COLUMNS_MISSING
    page_full_lines: float = PAGE_FULL_LINES

    def __post_init__(self) -> None:
        shares: tuple[str, ...] = ("month_spacing", "leaf_rule_cover", "shade_cover", "shade_max_gray")
        shares += ("section_cover", "tall_rule_cover", "tall_rule_height", "bar_cover", "fill_overhang")
        shares += ("mark_min_aspect", "mark_filled", "fill_middle", "fill_gray_spread")
        shares += ("mark_size_spread", "mark_ink_spread", "mark_max_width")
        scores = ("label_min_score", "label_strict_score", "label_word_score", "label_word_score_ocr")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in shares and not 0 < value <= 1:
                raise ValueError(f"TableSettings.{f.name} must be in (0, 1], got {value!r}")
            if f.name in scores and not 0 < value <= 100:
                raise ValueError(f"TableSettings.{f.name} must be in (0, 100], got {value!r}")
            if value < 0:
                raise ValueError(f"TableSettings.{f.name} must be >= 0, got {value!r}")
        if not 0 < self.gutter_margin < 0.5:
            raise ValueError(f"TableSettings.gutter_margin must be in (0, 0.5), got {self.gutter_margin!r}")
