"""Table primitives from pixels: ruling lines, shaded cells, and ink marks OCR did not read.

Input is an upright, deskewed grayscale page; output is in PDF points (origin
top-left) as :class:`~rencana.schema.records.Segment` and
:class:`~rencana.schema.records.Fill`, the same primitives the text-layer backend
takes from vector drawings, so the grid builder does not care where they came from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from rencana.extract.ocr.raster import Gray, pt_to_px, px_to_pt
from rencana.schema.records import BBox, Fill, Segment

log = logging.getLogger(__name__)

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
FILL_MIN_SIDE_PT = 8.0
INK_MIN_SIDE_PT = 2.5
INK_MAX_SIDE_PT = 30.0
INK_MIN_DENSITY = 0.06
INK_JOIN_PT = 0.7
WORD_COVER = 0.5
WORD_MIN_CONF = 40.0
INK_MIN_STROKE_PT = 2.0  # a blob's own ink (before joining) must reach this far: specks do not
INK_MIN_AREA_PT2 = 1.2  # ... and cover this many square points
MARK_LIKE = frozenset("VvWwYyJj")  # letters a scanned V or tick is read as
UNREAD_SPECK_PT = 1.2  # components smaller than this (both sides) are scanner specks
UNREAD_JOIN_PT = (2.0, 0.6)  # x, y: pieces this close form one unread region ("3." , "a.")
UNREAD_HEIGHT_PT = (2.5, 20.0)
UNREAD_MAX_WIDTH_PT = 60.0
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


@dataclass(frozen=True, slots=True)
class RulingMasks:
    """Pixels of horizontal and vertical ruling (255 = ruling)."""

    horizontal: Gray
    vertical: Gray

    def combined(self) -> Gray:
        return np.asarray(cv2.bitwise_or(self.horizontal, self.vertical), dtype=np.uint8)


def _px(n: float) -> int:
    return max(1, round(n))


def ruling_masks(ink: Gray, dpi: float, settings: LineSettings) -> RulingMasks:
    """Morphological opening of the ink mask with long thin kernels, one per direction."""
    h, w = ink.shape
    page_w, page_h = px_to_pt(w, dpi), px_to_pt(h, dpi)
    hlen = _px(pt_to_px(max(settings.h_kernel_min, settings.h_kernel_frac * page_w), dpi))
    vlen = _px(pt_to_px(max(settings.v_kernel_min, settings.v_kernel_frac * page_h), dpi))
    bridge = _px(pt_to_px(settings.bridge, dpi))
    hm: Any = ink
    vm: Any = ink
    if bridge > 1:
        hm = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
        vm = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    hm = cv2.morphologyEx(hm, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    vm = cv2.morphologyEx(vm, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    # a dark shaded cell survives both openings as a block: it is not ruling, and glued to
    # the rule along its edge it would drag that rule's position into the block
    thick = _px(pt_to_px(settings.max_rule_thickness, dpi)) | 1  # odd: a centred kernel leaves no edge
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (1, thick))
    along = cv2.getStructuringElement(cv2.MORPH_RECT, (thick, 1))
    hm = cv2.subtract(hm, cv2.morphologyEx(hm, cv2.MORPH_OPEN, across))
    vm = cv2.subtract(vm, cv2.morphologyEx(vm, cv2.MORPH_OPEN, along))
    return RulingMasks(np.asarray(hm, dtype=np.uint8), np.asarray(vm, dtype=np.uint8))


def _pieces(mask: Gray, horizontal: bool) -> list[tuple[float, float, float]]:
    """(position, start, end) in pixels of each connected run of ruling.

    Contours, not a labelling of every pixel: the masks are sparse, and tracing
    their outlines costs a fraction of a full-page connected-components pass.
    """
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out: list[tuple[float, float, float]] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if horizontal:
            out.append((y + h / 2.0, float(x), float(x + w)))
        else:
            out.append((x + w / 2.0, float(y), float(y + h)))
    return out


def merge_collinear(
    pieces: Iterable[tuple[float, float, float]],
    offset: float,
    gap: float,
) -> list[tuple[float, float, float]]:
    """Join (position, start, end) pieces lying on one line with gaps up to ``gap``; pure geometry.

    Pieces whose positions are within ``offset`` of their group's length-weighted
    mean position are collinear; the merged position is that weighted mean.
    """
    groups: list[list[tuple[float, float, float]]] = []
    for piece in sorted(pieces, key=lambda p: p[0]):
        if groups and abs(piece[0] - _mean_pos(groups[-1])) <= offset:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    merged: list[tuple[float, float, float]] = []
    for group in groups:
        run: list[tuple[float, float, float]] = []
        for piece in sorted(group, key=lambda p: p[1]):
            if run and piece[1] - max(r[2] for r in run) > gap:
                merged.append(_summarise(run))
                run = []
            run.append(piece)
        merged.append(_summarise(run))
    return sorted(merged, key=lambda m: (m[0], m[1]))


def _mean_pos(group: Sequence[tuple[float, float, float]]) -> float:
    total = sum(p[2] - p[1] for p in group)
    return sum(p[0] * (p[2] - p[1]) for p in group) / total if total > 0 else group[0][0]


def _summarise(run: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    return _mean_pos(run), min(p[1] for p in run), max(p[2] for p in run)


def segments_from_masks(masks: RulingMasks, dpi: float, settings: LineSettings) -> list[Segment]:
    """Ruling masks → merged :class:`Segment` objects in points, horizontals first."""
    k = 72.0 / dpi
    offset, gap = pt_to_px(settings.merge_offset, dpi), pt_to_px(settings.merge_gap, dpi)
    out: list[Segment] = []
    for pos, a, b in merge_collinear(_pieces(masks.horizontal, True), offset, gap):
        if (b - a) * k >= settings.min_segment:
            out.append(Segment(a * k, pos * k, b * k, pos * k))
    for pos, a, b in merge_collinear(_pieces(masks.vertical, False), offset, gap):
        if (b - a) * k >= settings.min_segment:
            out.append(Segment(pos * k, a * k, pos * k, b * k))
    return out


def crossings(seg: Segment, others: Sequence[Segment], tol: float) -> int:
    """How many perpendicular segments in ``others`` cross or touch ``seg`` (within ``tol`` points)."""
    n = 0
    for o in others:
        if o.horizontal == seg.horizontal:
            continue
        h, v = (seg, o) if seg.horizontal else (o, seg)
        if h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol:
            n += 1
    return n


def keep_table_segments(
    segments: Sequence[Segment], page_width: float, settings: LineSettings
) -> list[Segment]:
    """Drop stray pieces (stamp arcs, signature strokes, text artefacts): keep a segment that crosses a
    perpendicular one, or is at least ``isolated_min`` long (the rules of a horizontal-only table)."""
    long_enough = min(settings.isolated_min, page_width * 0.5)
    return [
        s
        for s in segments
        if crossings(s, segments, settings.cross_tol) > 0 or max(s.x1 - s.x0, s.bottom - s.top) >= long_enough
    ]


def table_region(segments: Sequence[Segment], pad: float = 2.0) -> BBox | None:
    """Bounding box of the ruling, grown by ``pad`` points; None without ruling."""
    if not segments:
        return None
    return BBox(
        min(s.x0 for s in segments) - pad,
        min(s.top for s in segments) - pad,
        max(s.x1 for s in segments) + pad,
        max(s.bottom for s in segments) + pad,
    )


def find_fills(
    gray: Gray,
    dpi: float,
    paper: float,
    settings: LineSettings,
    region: BBox | None = None,
    cuts: Sequence[Segment] = (),
) -> list[Fill]:
    """Shaded areas: mid-grey regions (between ``fill_lum`` and a little under the paper) wide enough
    to be a cell, not a stroke.  ``gray`` of each fill is its mean luminance, 0..1.

    ``cuts`` (the page's ruling) separate fills: a thin rule between two shaded cells, blurred
    by the scanner, is as gray as the shading, and shaded cells stacked in a horizontal-rules-only
    table would otherwise come out as one block covering their unshaded neighbours too.
    """
    lo, hi = settings.fill_lum
    hi = min(hi, paper - settings.fill_paper_margin)
    if hi <= lo:
        return []
    k = max(3, _px(pt_to_px(1.0, dpi)))
    smooth = cv2.blur(gray, (k, k))
    band = cv2.inRange(smooth, int(lo * 255), int(hi * 255))
    kpx = dpi / 72.0
    for g in cuts:
        p0, p1 = (round(g.x0 * kpx), round(g.top * kpx)), (round(g.x1 * kpx), round(g.bottom * kpx))
        cv2.line(band, p0, p1, 0, max(2, round(2 * kpx)))
    side = pt_to_px(settings.fill_min_side, dpi)
    open_k = max(3, _px(side * 0.6))
    band = cv2.morphologyEx(band, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (open_k, open_k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=4)
    fills: list[Fill] = []
    scale = 72.0 / dpi
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < side or h < side or area < 0.5 * w * h:
            continue
        box = BBox(x * scale, y * scale, (x + w) * scale, (y + h) * scale)
        if region is not None and not inside(box, region):
            continue
        lum = float(gray[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i].mean()) / 255.0
        fills.append(Fill(box.x0, box.top, box.x1, box.bottom, round(lum, 3)))
    return fills


def unshade(gray: Gray, fills: Sequence[Fill], dpi: float, keep_below: float = UNSHADE_KEEP) -> Gray:
    """The page with its shaded areas lightened to paper, keeping what is drawn on them.

    Inside each fill (grown by a point), a pixel stays only when it is darker than
    ``keep_below`` × the fill's own level: the ruling along a shaded cell's edge,
    header text on a grey header row.  The shading itself, mid-grey and noisy after
    scanning, would otherwise survive the ruling's morphology as junk segments and
    be read by Tesseract as junk words.
    """
    if not fills:
        return gray
    out = gray.copy()
    k = dpi / 72.0
    grow = round(k)
    h, w = gray.shape
    for f in fills:
        x0, y0 = max(0, round(f.x0 * k) - grow), max(0, round(f.top * k) - grow)
        x1, y1 = min(w, round(f.x1 * k) + grow), min(h, round(f.bottom * k) + grow)
        patch = out[y0:y1, x0:x1]
        patch[patch > keep_below * f.gray * 255] = 255
    return out


def inside(box: BBox | Fill, region: BBox) -> bool:
    """Whether the centre of ``box`` lies in ``region``."""
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return region.x0 <= cx <= region.x1 and region.top <= cy <= region.bottom


def _hides_ink(text: str, box: BBox, conf: float, settings: LineSettings) -> bool:
    """Whether a read word accounts for the ink under it: real text, read with some confidence.

    A single character (a mark read as "A" or "V"), letters a mark is misread as
    ("vV", "W"), or a box far wider than its
    text (Tesseract's word running over several month cells) hides nothing, so
    the pixels still decide.
    """
    # what Tesseract makes of a V or a tick: "vV", "Vv", "W", "y", "J"
    alnum = sum(ch.isalnum() and ch not in MARK_LIKE for ch in text)
    if conf < settings.word_min_conf or alnum < 3:
        return False
    return box.width <= 2.0 * max(box.height, 1e-6) * len(text)


def find_ink(
    ink: Gray,
    ruling: Gray,
    dpi: float,
    words: Sequence[tuple[BBox, float, str]],
    settings: LineSettings,
    region: BBox | None = None,
) -> list[Fill]:
    """Dark marks that are neither ruling, nor scanner specks, nor inside a word read as text.

    ``ink`` and ``ruling`` are 255-on-0 masks of the page; ``words`` are word boxes
    in points with their OCR confidence and text (see :func:`_hides_ink`).  A blob
    is the strokes within ``ink_join`` of each other; its own ink must span
    ``ink_min_stroke`` and cover ``ink_min_area`` (a speck does not, however close
    to another).  ``gray`` of each blob is 1 - ink density.
    """
    halo = _px(pt_to_px(settings.line_halo, dpi) * 2 + 1)
    grown = cv2.dilate(ruling, cv2.getStructuringElement(cv2.MORPH_RECT, (halo, halo)))
    marks = cv2.subtract(ink, grown)
    join = _px(pt_to_px(settings.ink_join, dpi) * 2 + 1)
    joined = (
        cv2.dilate(marks, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (join, join))) if join > 1 else marks
    )
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    scale = 72.0 / dpi
    lo, hi = settings.ink_min_side, settings.ink_max_side
    covering = [box for box, conf, text in words if _hides_ink(text, box, conf, settings)]
    min_area = settings.ink_min_area / (scale * scale)
    blobs: list[Fill] = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        wpt, hpt = w * scale, h * scale
        if max(wpt, hpt) < lo or max(wpt, hpt) > hi or min(wpt, hpt) < lo * 0.3:
            continue
        own = (labels[y : y + h, x : x + w] == i) & (marks[y : y + h, x : x + w] > 0)
        count = int(np.count_nonzero(own))
        density = count / float(w * h)
        if density < settings.ink_min_density or count < min_area:
            continue
        ys, xs = np.nonzero(own)
        if max(int(xs.max()) - int(xs.min()), int(ys.max()) - int(ys.min())) + 1 < pt_to_px(
            settings.ink_min_stroke, dpi
        ):
            continue
        box = BBox(x * scale, y * scale, (x + w) * scale, (y + h) * scale)
        if region is not None and not inside(box, region):
            continue
        if any(_overlap(box, wb) >= settings.word_cover for wb in covering):
            continue
        blobs.append(Fill(box.x0, box.top, box.x1, box.bottom, round(1.0 - density, 3)))
    return blobs


def unread_regions(
    binary: Gray,
    words: Sequence[tuple[int, int, int, int]],
    dpi: float,
    settings: LineSettings,
    region: BBox | None = None,
) -> list[tuple[int, int, int, int]]:
    """Pixel boxes ``(x, y, w, h)`` of ink no read word covers: what a sparse-text read left out.

    ``binary`` is the image given to the engine (ink dark on white, ruling already
    erased); ``words`` are the read words' pixel boxes ``(x0, top, x1, bottom)``.
    Pieces within ``unread_join`` are joined ("3" and ".", the two strokes of a
    "V"); regions of a plausible text height and width, holding more than a
    speck's worth of ink, inside ``region`` (points) are returned, padded, for a
    second, per-region read.
    """
    k = dpi / 72.0
    h_img, w_img = binary.shape
    ox, oy, ex, ey = 0, 0, w_img, h_img
    if region is not None:
        ox, oy = max(0, int(region.x0 * k)), max(0, int(region.top * k))
        ex, ey = min(w_img, int(region.x1 * k) + 1), min(h_img, int(region.bottom * k) + 1)
    if ex <= ox or ey <= oy:
        return []
    dark = np.asarray(cv2.inRange(binary[oy:ey, ox:ex], 0, 127), dtype=np.uint8)
    margin = round(settings.unread_word_margin * k)
    for x0, top, x1, bottom in words:
        cv2.rectangle(
            dark, (x0 - ox - margin, top - oy - margin), (x1 - ox + margin, bottom - oy + margin), 0, -1
        )
    jx, jy = (max(1, round(2 * v * k) + 1) for v in settings.unread_join)
    joined = cv2.dilate(dark, cv2.getStructuringElement(cv2.MORPH_RECT, (jx, jy)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lo, hi = (v * k for v in settings.unread_height)
    min_ink = 2 * (settings.unread_speck * k) ** 2
    pad = round(1.5 * k)
    out: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        # undo the joining dilation
        x, y, w, h = x + jx // 2, y + jy // 2, w - 2 * (jx // 2), h - 2 * (jy // 2)
        if w <= 0 or not lo <= h <= hi or w > settings.unread_max_width * k:
            continue
        if cv2.countNonZero(dark[y : y + h, x : x + w]) < min_ink:
            continue  # specks joined into a region
        x0, y0 = max(0, ox + x - pad), max(0, oy + y - pad)
        out.append((x0, y0, min(w_img, ox + x + w + pad) - x0, min(h_img, oy + y + h + pad) - y0))
    return out


def _overlap(box: BBox, other: BBox) -> float:
    """Share of ``box``'s area inside ``other``."""
    w = min(box.x1, other.x1) - max(box.x0, other.x0)
    h = min(box.bottom, other.bottom) - max(box.top, other.top)
    if w <= 0 or h <= 0:
        return 0.0
    return (w * h) / max(box.width * box.height, 1e-9)


def segment_pixels(ruling: Gray, segments: Sequence[Segment], dpi: float, reach: float = 2.0) -> Gray:
    """The ruling pixels within ``reach`` points of ``segments`` (the kept ones), 255 on 0."""
    near = np.zeros_like(ruling)
    k = dpi / 72.0
    width = max(1, round(2 * reach * k))
    for g in segments:
        cv2.line(
            near, (round(g.x0 * k), round(g.top * k)), (round(g.x1 * k), round(g.bottom * k)), 255, width
        )
    return np.asarray(cv2.bitwise_and(ruling, near), dtype=np.uint8)


def erase_ruling(gray: Gray, ruling: Gray, dpi: float, settings: LineSettings, paper: int = 255) -> Gray:
    """The page with its ruling painted over in paper colour, for OCR."""
    halo = _px(pt_to_px(settings.line_halo, dpi) * 2 + 1)
    grown = cv2.dilate(ruling, cv2.getStructuringElement(cv2.MORPH_RECT, (halo, halo)))
    out = gray.copy()
    out[grown > 0] = paper
    return out
