"""TrueType fonts for the canvas renderer, looked up by path (no fontconfig)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_ROOTS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"))
# family -> (regular, bold), relative to a font root (or to rencana/corpus/fonts/)
FAMILIES: dict[str, tuple[str, str]] = {
    "DejaVuSans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "DejaVuSerif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "DejaVuSansCondensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "LiberationSans": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf"),
    "LiberationSerif": ("liberation2/LiberationSerif-Regular.ttf", "liberation2/LiberationSerif-Bold.ttf"),
}
SYMBOL_FAMILY = "DejaVuSans"  # has V, √ and ✓


class FontMissingError(FileNotFoundError):
    """A font file the renderer needs is not installed."""


def font_file(relpath: str) -> Path:
    """Absolute path of a font file; raises :class:`FontMissingError` with an install hint."""
    bundled = Path(str(resources.files("rencana.corpus"))) / "fonts" / Path(relpath).name
    candidates = [root / relpath for root in FONT_ROOTS] + [bundled]
    for path in candidates:
        if path.is_file():
            return path
    raise FontMissingError(
        f"font {relpath!r} not found (looked in {', '.join(str(c.parent) for c in candidates)}); "
        "install it with: apt-get install fonts-dejavu-core fonts-liberation2"
    )


@cache
def register(family: str) -> tuple[str, str]:
    """Register ``family`` with reportlab once; return its (regular, bold) font names."""
    if family not in FAMILIES:
        raise ValueError(f"unknown font family {family!r}; choose from {sorted(FAMILIES)}")
    names = []
    for style, rel in zip(("", "-Bold"), FAMILIES[family], strict=True):
        name = f"{family}{style}"
        pdfmetrics.registerFont(TTFont(name, str(font_file(rel))))
        names.append(name)
    return names[0], names[1]


@cache
def has_glyphs(font_name: str, text: str) -> bool:
    """Whether registered font ``font_name`` has a glyph for every character of ``text``."""
    font = pdfmetrics.getFont(font_name)
    cmap = getattr(font.face, "charToGlyph", {})
    return all(ord(ch) in cmap for ch in text)


def width(text: str, font_name: str, size: float) -> float:
    """Advance width of ``text`` in points."""
    return float(pdfmetrics.stringWidth(text, font_name, size))
