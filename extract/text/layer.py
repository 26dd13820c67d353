"""Text-layer page backend on PDFium (pypdfium2).

Reads each page's characters with their boxes, its ruling lines and its
shaded rectangles straight from the content stream, with no layout analysis
(pdfminer's, which pdfplumber runs, costs most of pdfplumber's time and is
not needed: the table grid comes from the ruling and the header geometry).
Coordinates come out in PDF points, origin at the top-left of the page *as
displayed* (``/Rotate`` applied).
"""

from __future__ import annotations

import ctypes
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from rencana.schema.records import Fill, PageContent, Segment, Word

log = logging.getLogger(__name__)

WHITE_FILL = 0.97  # luminance above which a filled rect is background, not shading
THIN_RECT = 2.5  # a filled rect thinner than this (pt) is a ruling line drawn as a rect
_SEG_LINETO = pdfium_c.FPDF_SEGMENT_LINETO
_SEG_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_PATHS = frozenset((pdfium_c.FPDF_PAGEOBJ_PATH,))
_IMAGES = frozenset((pdfium_c.FPDF_PAGEOBJ_IMAGE,))


@dataclass(frozen=True, slots=True)
class TextSettings:
    """Tolerances of the text backend (PDF points unless stated)."""

    word_gap_ratio: float = 0.22  # a gap wider than this × font size splits a word
    min_text_chars: int = 15  # fewer real chars than this: the page has no usable text layer
    min_sane_ratio: float = 0.6  # share of letters/digits/punctuation among chars for a sane layer
    axis_tolerance: float = 0.6  # a path segment within this of horizontal/vertical counts as a rule
    # a page with more path objects than this is a line flood, not a decree: its ruling is not
    # read (a Word table page has a few hundred; 300,000 took 15 s of Python)
    max_path_objects: int = 50_000

    def __post_init__(self) -> None:
        if not 0 < self.word_gap_ratio < 2:
            raise ValueError(f"word_gap_ratio must be in (0, 2), got {self.word_gap_ratio}")
        if self.min_text_chars < 0:
            raise ValueError(f"min_text_chars must be >= 0, got {self.min_text_chars}")
        if self.max_path_objects < 1:
            raise ValueError(f"max_path_objects must be >= 1, got {self.max_path_objects}")


class _Frame:
    """Maps PDF user space (bottom-left origin, unrotated) to displayed top-left points."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        x0, y0, x1, y1 = page.get_mediabox()
        # an inverted MediaBox ([0 0 -612 -792]) is normalised, as PDFium does
        left, bottom, right, top = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
        self.left, self.bottom = left, bottom
        self.w0, self.h0 = right - left, top - bottom
        self.rotation = page.get_rotation() % 360
        if self.rotation in (90, 270):
            self.width, self.height = self.h0, self.w0
        else:
            self.width, self.height = self.w0, self.h0

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.w0 - x, y
        if self.rotation == 270:
            return self.h0 - y, self.w0 - x
        return x, self.h0 - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _is_sane(ch: str) -> bool:
    return ch.isalnum() or ch in ".,:;/()-%&'\"√✓✔•?!+=<>[]_"


def _words(page_no: int, textpage: pdfium.PdfTextPage, frame: _Frame, settings: TextSettings) -> list[Word]:
    words: list[Word] = []
    n = textpage.count_chars()
    raw = textpage.raw
    buf: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]
    last_x1 = last_cy = 0.0
    size = 10.0

    def flush() -> None:
        if buf:
            words.append(Word(page_no, box[0], box[1], box[2], box[3], "".join(buf)))
            buf.clear()

    text = textpage.get_text_range(0, n) if n else ""
    rect = pdfium_c.FS_RECTF()
    # hot loop (one pass per character): bound names, and the unrotated frame inlined
    get_box, get_size, box_of = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize, frame.box
    upright = frame.rotation == 0
    left, bottom, h0 = frame.left, frame.bottom, frame.h0
    gap_ratio = settings.word_gap_ratio
    for i in range(min(n, len(text))):
        ch = text[i]
        if ch == "\ufffe":  # PDFium's mark for a hyphen at the end of a line
            ch = "-"
        if ch.isspace() or ch == "\x00":
            flush()
            continue
        # the loose box spans the glyph's advance and the font's ascent/descent, so
        # side bearings do not open false gaps ("1 ." in serif fonts)
        get_box(raw, i, rect)
        if upright:
            ax, bx = rect.left - left, rect.right - left
            ay, by = h0 - (rect.bottom - bottom), h0 - (rect.top - bottom)
            x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
            y0, y1 = (ay, by) if ay <= by else (by, ay)
        else:
            x0, y0, x1, y1 = box_of(rect.left, rect.bottom, rect.right, rect.top)
        fs = get_size(raw, i) or size
        cy = (y0 + y1) / 2
        if buf and (x0 - last_x1 > gap_ratio * fs or abs(cy - last_cy) > 0.6 * fs or x1 < box[0]):
            flush()
        if not buf:
            box[:] = [x0, y0, x1, y1]
        else:
            box[0], box[1] = min(box[0], x0), min(box[1], y0)
            box[2], box[3] = max(box[2], x1), max(box[3], y1)
        buf.append(ch)
        last_x1, last_cy, size = x1, cy, fs
    flush()
    return words


def _objects(
    parent: Any, types: frozenset[int], max_depth: int, level: int = 0, form: bool = False
) -> Iterator[Any]:
    """Raw page objects of the given types, descending into Form XObjects (``get_objects`` semantics).

    pypdfium2's ``PdfPage.get_objects`` builds a Python wrapper per object; on a page with
    many objects that wrapper cost dominated the page's reading time.
    """
    count = pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    get_type = pdfium_c.FPDFPageObj_GetType
    for i in range(max(0, count(parent))):
        obj = get(parent, i)
        if not obj:
            continue
        kind = get_type(obj)
        if kind in types:
            yield obj
        if kind == _FORM and level < max_depth - 1:
            yield from _objects(obj, types, max_depth, level + 1, True)


def _color_gray(obj: Any) -> float:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return 0.0
    return (0.299 * r.value + 0.587 * g.value + 0.114 * b.value) / 255.0


def _path_points(obj: Any) -> Iterator[list[tuple[float, float, int]]]:
    """Yield the subpaths of a path object (raw handle) as point lists in user space."""
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    x, y = ctypes.c_float(), ctypes.c_float()
    current: list[tuple[float, float, int]] = []
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        px = m.a * x.value + m.c * y.value + m.e
        py = m.b * x.value + m.d * y.value + m.f
        if kind == _SEG_MOVETO and current:
            yield current
            current = []
        current.append((px, py, kind))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current:
            current.append((current[0][0], current[0][1], _SEG_LINETO))
    if current:
        yield current


def _graphics(
    frame: _Frame, page: pdfium.PdfPage, settings: TextSettings
) -> tuple[list[Segment], list[Fill]]:
    segments: list[Segment] = []
    fills: list[Fill] = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    tol = settings.axis_tolerance
    if pdfium_c.FPDFPage_CountObjects(page.raw) > settings.max_path_objects:
        log.warning("page has more than %d objects: ruling not read", settings.max_path_objects)
        return segments, fills
    for obj in _objects(page.raw, _PATHS, 4):
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        filled, stroked = fill_mode.value != 0, bool(stroke.value)
        if not filled and not stroked:
            continue
        for pts in _path_points(obj):
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            x0, top, x1, bottom = frame.box(min(xs), min(ys), max(xs), max(ys))
            if filled and (x1 - x0 < THIN_RECT or bottom - top < THIN_RECT):
                # a border drawn as a thin filled rectangle (Word, LibreOffice)
                if _color_gray(obj) < WHITE_FILL and (x1 - x0 > 1 or bottom - top > 1):
                    segments.append(Segment(x0, top, x1, bottom))
                continue
            if filled and len(pts) >= 4:
                gray = _color_gray(obj)
                if gray < WHITE_FILL:
                    fills.append(Fill(x0, top, x1, bottom, round(gray, 3)))
            if stroked:
                for (ax, ay, _), (bx, by, kind) in itertools.pairwise(pts):
                    if kind != _SEG_LINETO:
                        continue
                    if abs(ax - bx) <= tol or abs(ay - by) <= tol:
                        sx0, stop, sx1, sbottom = frame.box(
                            min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
                        )
                        if sx1 - sx0 > 1 or sbottom - stop > 1:
                            segments.append(Segment(sx0, stop, sx1, sbottom))
    return segments, fills


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in _objects(page.raw, _IMAGES, 2))


def read_page(pdf: pdfium.PdfDocument, index: int, settings: TextSettings | None = None) -> PageContent:
    """Read page ``index`` (0-based) of an open document into a :class:`PageContent`."""
    settings = settings or TextSettings()
    page = pdf[index]
    try:
        frame = _Frame(page)
        textpage = page.get_textpage()
        try:
            words = _words(index + 1, textpage, frame, settings)
        finally:
            textpage.close()
        chars = "".join(w.text for w in words)
        sane = sum(1 for c in chars if _is_sane(c))
        if len(chars) >= settings.min_text_chars and sane / max(1, len(chars)) >= settings.min_sane_ratio:
            segments, fills = _graphics(frame, page, settings)
            return PageContent(
                index + 1,
                frame.width,
                frame.height,
                "text",
                tuple(words),
                tuple(segments),
                tuple(fills),
                triage_reason=f"text layer: {len(chars)} chars",
            )
        if _has_images(page):
            reason = (
                "image-only page" if not chars else f"text layer unusable ({len(chars)} chars, {sane} sane)"
            )
            return PageContent(index + 1, frame.width, frame.height, "ocr", (), triage_reason=reason)
        segments, fills = _graphics(frame, page, settings)
        return PageContent(
            index + 1,
            frame.width,
            frame.height,
            "empty" if not words else "text",
            tuple(words),
            tuple(segments),
            tuple(fills),
            triage_reason="no text and no image" if not words else "little text",
        )
    finally:
        page.close()
