"""Line wrapping with real font metrics, and small drawing helpers for the canvas renderer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from rencana.corpus.fonts import width

_ITEM_MARKER = re.compile(r"^(\d{1,2}|[a-z])\.$")
_HYPHEN = re.compile(r"(?<=\w-)(?=\w)")


@dataclass(frozen=True, slots=True)
class Line:
    """One wrapped line: its text and its indent from the cell's left text edge."""

    text: str
    indent: float = 0.0


def _split_long(word: str, font: str, size: float, avail: float) -> list[str]:
    """Break a word wider than ``avail`` into character chunks that fit."""
    chunks: list[str] = []
    cur = ""
    for ch in word:
        if cur and width(cur + ch, font, size) > avail:
            chunks.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        chunks.append(cur)
    return chunks


def pieces(text: str) -> list[str]:
    """Unbreakable pieces of a text: words, split after inner hyphens ("Perundang-" "undangan")."""
    return [p for word in text.split() for p in _HYPHEN.split(word)]


def wrap_paragraph(text: str, font: str, size: float, avail: float, hanging: bool = False) -> list[Line]:
    """Greedy word wrap of one paragraph into lines no wider than ``avail`` points.

    Lines break at spaces and, like Word, after a hyphen inside a word; a piece
    wider than the line is cut into characters.
    """
    words = text.split()
    if not words:
        return []
    indent = 0.0
    if hanging and _ITEM_MARKER.match(words[0]):
        indent = min(width(words[0] + " ", font, size), avail / 3)
    space = width(" ", font, size)
    lines: list[Line] = []
    cur, cur_w = "", 0.0
    for word in words:
        for k, piece in enumerate(_HYPHEN.split(word)):
            glue, glue_w = ("", 0.0) if k else (" ", space)
            piece_w = width(piece, font, size)
            line_avail = avail - (indent if lines else 0.0)
            if cur and cur_w + glue_w + piece_w > line_avail:
                lines.append(Line(cur, indent if lines else 0.0))
                cur, cur_w = "", 0.0
                line_avail = avail - indent
            if not cur and piece_w > line_avail:
                chunks = _split_long(piece, font, size, line_avail)
                for chunk in chunks[:-1]:
                    lines.append(Line(chunk, indent if lines else 0.0))
                piece = chunks[-1]
                piece_w = width(piece, font, size)
            if cur:
                cur, cur_w = f"{cur}{glue}{piece}", cur_w + glue_w + piece_w
            else:
                cur, cur_w = piece, piece_w
    if cur:
        lines.append(Line(cur, indent if lines else 0.0))
    return lines


def wrap(
    text: str, font: str, size: float, avail: float, *, item_breaks: bool = True, hanging: bool = False
) -> list[Line]:
    """Wrap a cell text; ``"\\n"`` starts a new paragraph when ``item_breaks``, else acts as a space."""
    paragraphs = text.split("\n") if item_breaks else [text.replace("\n", " ")]
    lines: list[Line] = []
    for para in paragraphs:
        lines.extend(wrap_paragraph(para, font, size, avail, hanging))
    return lines


class Painter:
    """Draws on a reportlab canvas with top-down y coordinates (like pdfplumber's ``top``)."""

    def __init__(self, canvas: Canvas, page_height: float) -> None:
        self.c = canvas
        self.page_height = page_height

    def text(self, x: float, baseline: float, s: str, font: str, size: float) -> None:
        if s:
            self.c.setFont(font, size)
            self.c.drawString(x, self.page_height - baseline, s)

    def centred(self, x0: float, x1: float, baseline: float, s: str, font: str, size: float) -> None:
        self.text((x0 + x1 - width(s, font, size)) / 2, baseline, s, font, size)

    def right(self, x1: float, baseline: float, s: str, font: str, size: float) -> None:
        self.text(x1 - width(s, font, size), baseline, s, font, size)

    def fill_rect(self, x0: float, top: float, x1: float, bottom: float, gray: float) -> None:
        self.c.setFillGray(gray)
        self.c.rect(x0, self.page_height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        self.c.setFillGray(0)

    def stroke_rect(self, x0: float, top: float, x1: float, bottom: float) -> None:
        self.c.rect(x0, self.page_height - bottom, x1 - x0, bottom - top, stroke=1, fill=0)

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.c.line(x0, self.page_height - y0, x1, self.page_height - y1)
