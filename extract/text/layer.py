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
import struct
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
        if self.rotation == 0:  # the common case, inlined (a call per path object)
            ax, bx = x0 - self.left, x1 - self.left
            ay, by = self.h0 - (y0 - self.bottom), self.h0 - (y1 - self.bottom)
            return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _is_sane(ch: str) -> bool:
    return ch.isalnum() or ch in ".,:;/()-%&'\"√✓✔•?!+=<>[]_"


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


_INT = ctypes.c_int


class _Handle(ctypes.c_void_p):
    """A PDFium handle kept as a ctypes object: returned by the bare functions below as it is
    (a subclass of c_void_p is not converted to an int), and passed to them as it is."""


def _bare(fn: Any, restype: Any) -> Any:
    """The same PDFium function without a ctypes prototype.

    pypdfium2's prototypes convert every argument (typed pointers), which costs more than the
    call on a hot path (two calls per character, ten per path object).  Without ``argtypes``
    ctypes passes a :class:`_Handle` or ``c_void_p``, a ``byref`` out-parameter, a ctypes array
    and an int as they are, whose C types are exactly the function's: call them with nothing
    else (a plain Python int would go as a C int, so addresses always travel as handles).
    """
    return ctypes.CFUNCTYPE(restype)(_address(fn))


_LOOSE_BOX_BARE = _bare(pdfium_c.FPDFText_GetLooseCharBox, _INT)
_FONT_SIZE_BARE = _bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom


_PAGE_COUNT = _bare(pdfium_c.FPDFPage_CountObjects, _INT)
_PAGE_OBJECT = _bare(pdfium_c.FPDFPage_GetObject, _Handle)
_FORM_COUNT = _bare(pdfium_c.FPDFFormObj_CountObjects, _INT)
_FORM_OBJECT = _bare(pdfium_c.FPDFFormObj_GetObject, _Handle)
_OBJECT_TYPE = _bare(pdfium_c.FPDFPageObj_GetType, _INT)
_DRAW_MODE = _bare(pdfium_c.FPDFPath_GetDrawMode, _INT)
_FILL_COLOR = _bare(pdfium_c.FPDFPageObj_GetFillColor, _INT)
_MATRIX = _bare(pdfium_c.FPDFPageObj_GetMatrix, _INT)
_BOUNDS = _bare(pdfium_c.FPDFPageObj_GetBounds, _INT)
_COUNT_SEGMENTS = _bare(pdfium_c.FPDFPath_CountSegments, _INT)
_SEGMENT = _bare(pdfium_c.FPDFPath_GetPathSegment, _Handle)
_SEGMENT_TYPE = _bare(pdfium_c.FPDFPathSegment_GetType, _INT)
_SEGMENT_POINT = _bare(pdfium_c.FPDFPathSegment_GetPoint, _INT)
_SEGMENT_CLOSE = _bare(pdfium_c.FPDFPathSegment_GetClose, _INT)


def _words(page_no: int, textpage: pdfium.PdfTextPage, frame: _Frame, settings: TextSettings) -> list[Word]:
    """Characters into words: the page's text in one call, then one box and one size call per
    non-space character (the loose box spans the glyph's advance and the font's ascent/descent,
    so side bearings do not open false gaps, "1 ." in serif fonts).  A word's text is a slice
    of the page's text (its characters are consecutive), PDFium's end-of-line hyphen mark
    ``\ufffe`` read as "-"."""
    if frame.rotation != 0:
        return _words_turned(page_no, textpage, frame, settings)
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n)[:n] if n else ""
    raw, rect = ctypes.c_void_p(_address(textpage.raw)), (ctypes.c_float * 4)()  # FS_RECTF
    box, size_of, unpack = _LOOSE_BOX_BARE, _FONT_SIZE_BARE, _RECT.unpack_from
    left, bottom, h0, gap_ratio = frame.left, frame.bottom, frame.h0, settings.word_gap_ratio
    words: list[Word] = []
    first = -1  # index of the current word's first character; -1: no word open
    bx0 = by0 = bx1 = by1 = last_x1 = last_cy = 0.0
    size = 10.0
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00":
            if first >= 0:
                words.append(Word(page_no, bx0, by0, bx1, by1, text[first:i]))
                first = -1
            continue
        box(raw, i, rect)
        r_left, r_top, r_right, r_bottom = unpack(rect)
        x0, x1 = r_left - left, r_right - left
        if not x0 <= x1:  # the comparison the turned pages' min/max make
            x0, x1 = x1, x0
        y0, y1 = h0 - (r_bottom - bottom), h0 - (r_top - bottom)
        if not y0 <= y1:
            y0, y1 = y1, y0
        fs = size_of(raw, i) or size
        cy = (y0 + y1) / 2
        if first >= 0 and (x0 - last_x1 > gap_ratio * fs or abs(cy - last_cy) > 0.6 * fs or x1 < bx0):
            words.append(Word(page_no, bx0, by0, bx1, by1, text[first:i]))
            first = -1
        if first < 0:
            first, bx0, by0, bx1, by1 = i, x0, y0, x1, y1
        else:  # min() and max() by hand: the same comparisons, without four calls per character
            if x0 < bx0:
                bx0 = x0
            if y0 < by0:
                by0 = y0
            if x1 > bx1:
                bx1 = x1
            if y1 > by1:
                by1 = y1
        last_x1, last_cy, size = x1, cy, fs
    if first >= 0:
        words.append(Word(page_no, bx0, by0, bx1, by1, text[first:]))
    if "\ufffe" in text:  # PDFium's mark for a hyphen at the end of a line
        words = [replace(w, text=w.text.replace("\ufffe", "-")) if "\ufffe" in w.text else w for w in words]
    return words


def _words_turned(
    page_no: int, textpage: pdfium.PdfTextPage, frame: _Frame, settings: TextSettings
) -> list[Word]:
    """:func:`_words` on a page shown turned (``/Rotate``): each box through the frame."""
    words: list[Word] = []
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n)[:n] if n else ""
    raw, rect = ctypes.c_void_p(_address(textpage.raw)), (ctypes.c_float * 4)()
    buf: list[str] = []
    bx0 = by0 = bx1 = by1 = last_x1 = last_cy = 0.0
    size = 10.0
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00":
            if buf:
                words.append(Word(page_no, bx0, by0, bx1, by1, "".join(buf)))
                buf.clear()
            continue
        _LOOSE_BOX_BARE(raw, i, rect)
        r_left, r_top, r_right, r_bottom = _RECT.unpack_from(rect)
        x0, y0, x1, y1 = frame.box(r_left, r_bottom, r_right, r_top)
        fs = _FONT_SIZE_BARE(raw, i) or size
        cy = (y0 + y1) / 2
        gap = settings.word_gap_ratio * fs
        if buf and (x0 - last_x1 > gap or abs(cy - last_cy) > 0.6 * fs or x1 < bx0):
            words.append(Word(page_no, bx0, by0, bx1, by1, "".join(buf)))
            buf.clear()
        if not buf:
            bx0, by0, bx1, by1 = x0, y0, x1, y1
        else:
            bx0, by0, bx1, by1 = min(bx0, x0), min(by0, y0), max(bx1, x1), max(by1, y1)
        buf.append("-" if ch == "\ufffe" else ch)
        last_x1, last_cy, size = x1, cy, fs
    if buf:
        words.append(Word(page_no, bx0, by0, bx1, by1, "".join(buf)))
    return words


def _objects(
    parent: _Handle, types: frozenset[int], max_depth: int, level: int = 0, form: bool = False
) -> Iterator[_Handle]:
    """Page objects (handles) of the given types, descending into Form XObjects (``get_objects``
    semantics).

    pypdfium2's ``PdfPage.get_objects`` builds a Python wrapper per object; on a page with
    many objects that wrapper cost dominated the page's reading time.
    """
    count = _FORM_COUNT if form else _PAGE_COUNT
    get = _FORM_OBJECT if form else _PAGE_OBJECT
    for i in range(max(0, count(parent))):
        obj = get(parent, i)
        if not obj:
            continue
        kind = _OBJECT_TYPE(obj)
        if kind in types:
            yield obj
        if kind == _FORM and level < max_depth - 1:
            yield from _objects(obj, types, max_depth, level + 1, True)


class _Reader:
    """Reusable out-parameters of the path calls (one set per page, not one per call)."""

    def __init__(self) -> None:
        self.floats = (ctypes.c_float * 4)()
        self.ints = (ctypes.c_uint * 4)()
        self.matrix = pdfium_c.FS_MATRIX()
        byref = ctypes.byref
        self.float_at = tuple(byref(self.floats, 4 * k) for k in range(4))
        self.int_at = tuple(byref(self.ints, 4 * k) for k in range(4))
        self.matrix_at = byref(self.matrix)

    def draw_mode(self, obj: _Handle) -> tuple[bool, bool]:
        """(filled, stroked)."""
        _DRAW_MODE(obj, self.int_at[0], self.int_at[1])
        return self.ints[0] != 0, self.ints[1] != 0

    def gray(self, obj: _Handle) -> float:
        """The fill colour's luminance (0 black .. 1 white); 0 when PDFium has none."""
        if not _FILL_COLOR(obj, *self.int_at):
            return 0.0
        r, g, b, _ = self.ints
        return (0.299 * r + 0.587 * g + 0.114 * b) / 255.0

    def bounds(self, obj: _Handle) -> tuple[float, float, float, float]:
        """The object's bounds in user space (left, bottom, right, top): one call."""
        _BOUNDS(obj, *self.float_at)
        left, bottom, right, top = self.floats
        return left, bottom, right, top

    def subpaths(self, obj: _Handle) -> Iterator[list[tuple[float, float, int]]]:
        """The subpaths of a path object as point lists in user space."""
        m = self.matrix
        _MATRIX(obj, self.matrix_at)
        xy, (x_at, y_at) = self.floats, self.float_at[:2]
        current: list[tuple[float, float, int]] = []
        for k in range(_COUNT_SEGMENTS(obj)):
            seg = _SEGMENT(obj, k)
            _SEGMENT_POINT(seg, x_at, y_at)
            kind = _SEGMENT_TYPE(seg)
            x, y = xy[0], xy[1]
            px = m.a * x + m.c * y + m.e
            py = m.b * x + m.d * y + m.f
            if kind == _SEG_MOVETO and current:
                yield current
                current = []
            current.append((px, py, kind))
            if _SEGMENT_CLOSE(seg) and current:
                current.append((current[0][0], current[0][1], _SEG_LINETO))
        if current:
            yield current


def _one_rectangle(obj: _Handle) -> bool:
    """A path of one subpath of 4 or 5 segments (a rectangle, as every renderer draws one):
    filled and unstroked, its bounds are all the grid needs, no point has to be read."""
    n = _COUNT_SEGMENTS(obj)
    if n < 4 or n > 5:
        return False
    kind, seg = _SEGMENT_TYPE, _SEGMENT
    return bool(
        kind(seg(obj, 1)) != _SEG_MOVETO
        and kind(seg(obj, 2)) != _SEG_MOVETO
        and kind(seg(obj, 3)) != _SEG_MOVETO
        and (n == 4 or kind(seg(obj, 4)) != _SEG_MOVETO)
    )


@dataclass(slots=True)
class _Graphics:
    frame: _Frame
    reader: _Reader
    segments: list[Segment]
    fills: list[Fill]

    def filled(self, obj: _Handle, box: tuple[float, float, float, float], count: int) -> bool:
        """A filled subpath: a border drawn as a thin rectangle (Word, LibreOffice; True: it is
        one, nothing more to read), or a shaded fill."""
        x0, top, x1, bottom = self.frame.box(*box)
        if x1 - x0 < THIN_RECT or bottom - top < THIN_RECT:
            if self.reader.gray(obj) < WHITE_FILL and (x1 - x0 > 1 or bottom - top > 1):
                self.segments.append(Segment(x0, top, x1, bottom))
            return True
        if count >= 4:
            gray = self.reader.gray(obj)
            if gray < WHITE_FILL:
                self.fills.append(Fill(x0, top, x1, bottom, round(gray, 3)))
        return False

    def rules(self, pts: list[tuple[float, float, int]], tol: float) -> None:
        """The horizontal and vertical line segments of a stroked subpath."""
        box, segments = self.frame.box, self.segments
        for (ax, ay, _), (bx, by, kind) in itertools.pairwise(pts):
            if kind != _SEG_LINETO or (abs(ax - bx) > tol and abs(ay - by) > tol):
                continue
            # min() and max() by hand (their very comparisons), without four calls a segment
            x0, x1 = bx if bx < ax else ax, bx if bx > ax else ax
            y0, y1 = by if by < ay else ay, by if by > ay else ay
            sx0, stop, sx1, sbottom = box(x0, y0, x1, y1)
            if sx1 - sx0 > 1 or sbottom - stop > 1:
                segments.append(Segment(sx0, stop, sx1, sbottom))


def _graphics(
    frame: _Frame, page: pdfium.PdfPage, settings: TextSettings
) -> tuple[list[Segment], list[Fill]]:
    """Ruling and fills.  A filled, unstroked rectangle (most path objects of a decree) costs a
    bounds call; only stroked paths and other shapes are read point by point."""
    reader = _Reader()
    out = _Graphics(frame, reader, [], [])
    handle = _Handle(_address(page.raw))
    if _PAGE_COUNT(handle) > settings.max_path_objects:
        log.warning("page has more than %d objects: ruling not read", settings.max_path_objects)
        return out.segments, out.fills
    tol, draw_mode, one_rectangle = settings.axis_tolerance, reader.draw_mode, _one_rectangle
    for obj in _objects(handle, _PATHS, 4):
        filled, stroked = draw_mode(obj)
        if not stroked:
            if filled and one_rectangle(obj):
                out.filled(obj, reader.bounds(obj), 4)
                continue
            if not filled:
                continue
        for pts in reader.subpaths(obj):
            if filled:  # the subpath's extent: only a filled one is measured
                xs = [p[0] for p in pts]
                ys = [p[1] for p in pts]
                if out.filled(obj, (min(xs), min(ys), max(xs), max(ys)), len(pts)):
                    continue
            if stroked:
                out.rules(pts, tol)
    return out.segments, out.fills


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in _objects(_Handle(_address(page.raw)), _IMAGES, 2))


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
        sane = sum(k for c, k in Counter(chars).items() if _is_sane(c))  # per distinct character
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
