"""Ruling found in pixels: masks, merged segments, the table region, ruling erased for OCR.

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
from rencana.extract.ocr.settings import LineSettings
from rencana.schema.records import BBox, Segment

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RulingMasks:
    """Pixels of horizontal and vertical ruling (255 = ruling)."""

    horizontal: Gray
    vertical: Gray

    def combined(self) -> Gray:
        return np.asarray(cv2.bitwise_or(self.horizontal, self.vertical), dtype=np.uint8)


def px_int(n: float) -> int:
    """A pixel count: ``n`` rounded, at least 1."""
    return max(1, round(n))


def ruling_masks(ink: Gray, dpi: float, settings: LineSettings) -> RulingMasks:
    """Morphological opening of the ink mask with long thin kernels, one per direction."""
    h, w = ink.shape
    page_w, page_h = px_to_pt(w, dpi), px_to_pt(h, dpi)
    hlen = px_int(pt_to_px(max(settings.h_kernel_min, settings.h_kernel_frac * page_w), dpi))
    vlen = px_int(pt_to_px(max(settings.v_kernel_min, settings.v_kernel_frac * page_h), dpi))
    bridge = px_int(pt_to_px(settings.bridge, dpi))
    hm: Any = ink
    vm: Any = ink
    if bridge > 1:
        hm = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
        vm = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    hm = cv2.morphologyEx(hm, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    vm = cv2.morphologyEx(vm, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    # a dark shaded cell survives both openings as a block: it is not ruling, and glued to
    # the rule along its edge it would drag that rule's position into the block
    thick = px_int(pt_to_px(settings.max_rule_thickness, dpi)) | 1  # odd: a centred kernel leaves no edge
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
    halo = px_int(pt_to_px(settings.line_halo, dpi) * 2 + 1)
    grown = cv2.dilate(ruling, cv2.getStructuringElement(cv2.MORPH_RECT, (halo, halo)))
    out = gray.copy()
    out[grown > 0] = paper
    return out
