"""A page picture and the record of everything drawn on it.

Digital pages are drawn with pdfplumber's :class:`~pdfplumber.display.PageImage` (its
``draw_rect`` / ``draw_line`` over PDFium's rendering of the page); scanned pages on the image
the OCR path read (after its clean-up, warping and turning) with Pillow.  Either way every
shape goes through :class:`Painter`, which keeps a :class:`Drawn` record of it: the JSON of a
picture is what was drawn, not what the pipeline returned.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from PIL import Image, ImageDraw, ImageFont

Box = tuple[float, float, float, float]
RGBA = tuple[int, int, int, int]

LAYERS: dict[str, tuple[RGBA, str]] = {
    "header": ((37, 99, 235, 255), "header cell and the role it was given"),
    "column": ((14, 116, 144, 255), "column bound"),
    "ruling": ((22, 163, 74, 255), "ruling accepted (drew the grid)"),
    "ruling_rejected": ((220, 38, 38, 255), "ruling rejected or unused"),
    "band": ((100, 116, 139, 255), "row band"),
    "row": ((234, 88, 12, 255), "plan row"),
    "section": ((147, 51, 234, 255), "section row"),
    "mark_glyph": ((29, 78, 216, 255), "month mark: glyph (V, √, X, •)"),
    "mark_fill": ((202, 138, 4, 255), "month mark: fill (shading)"),
    "mark_gantt": ((219, 39, 119, 255), "month mark: Gantt bar"),
    "mark_ink": ((120, 53, 15, 255), "month mark: ink (scan)"),
    "front": ((5, 150, 105, 255), "front-matter field found"),
    "issue": ((185, 28, 28, 255), "issue record"),
    "focus": ((250, 204, 21, 255), "the row asked for"),
}
"""Layer -> colour and its legend line (index.html prints the legend from this)."""


@dataclass(frozen=True, slots=True)
class Drawn:
    """One shape drawn: its layer, where (PDF points, top-left origin), its label."""

    layer: str
    box: Box
    label: str = ""


@dataclass(slots=True)
class Painter:
    """Draws in page points on one picture and records each shape."""

    image: Image.Image
    scale: float  # pixels per point
    plumber: Any = None  # pdfplumber PageImage (digital pages), else None
    drawn: list[Drawn] = field(default_factory=list)
    _draw: ImageDraw.ImageDraw | None = None

    def __post_init__(self) -> None:
        self._draw = self.plumber.draw if self.plumber is not None else ImageDraw.Draw(self.image, "RGBA")

    def _px(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, y * self.scale

    def rect(self, layer: str, box: Box, label: str = "", width: int = 2, fill_alpha: int = 0) -> None:
        # a grid read wrong may hold bounds out of order: draw it as read, never fail on it
        box = (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3]))
        colour = LAYERS[layer][0]
        fill = (*colour[:3], fill_alpha) if fill_alpha else None
        if self.plumber is not None:
            self.plumber.draw_rect(box, fill=fill or (0, 0, 0, 0), stroke=colour, stroke_width=width)
        else:
            assert self._draw is not None
            self._draw.rectangle((*self._px(box[0], box[1]), *self._px(box[2], box[3])), fill, colour, width)
        self.drawn.append(Drawn(layer, _round(box), label))

    def line(self, layer: str, p0: tuple[float, float], p1: tuple[float, float], width: int = 2) -> None:
        colour = LAYERS[layer][0]
        if self.plumber is not None:
            self.plumber.draw_line([p0, p1], stroke=colour, stroke_width=width)
        else:
            assert self._draw is not None
            self._draw.line((*self._px(*p0), *self._px(*p1)), colour, width)
        self.drawn.append(Drawn(layer, _round((*p0, *p1))))

    def text(self, layer: str, x: float, y: float, text: str, size: int = 10) -> None:
        """A label at (x, y) points on a pale plate (not recorded: it names a recorded shape)."""
        assert self._draw is not None
        font = ImageFont.load_default(size=size)
        px, py = self._px(x, y)
        left, top, right, bottom = self._draw.textbbox((px, py), text, font=font)
        self._draw.rectangle((left - 1, top - 1, right + 1, bottom + 1), fill=(255, 255, 255, 150))
        self._draw.text((px, py), text, fill=LAYERS[layer][0], font=font)

    def record(self) -> list[dict[str, Any]]:
        return [asdict(d) for d in self.drawn]


def _round(box: tuple[float, ...]) -> Box:
    x0, y0, x1, y1 = (round(v, 1) for v in box)
    return (x0, y0, x1, y1)


def counts(drawn: list[dict[str, Any]]) -> dict[str, int]:
    """How many shapes of each layer a picture holds."""
    out: dict[str, int] = {}
    for d in drawn:
        out[d["layer"]] = out.get(d["layer"], 0) + 1
    return out
