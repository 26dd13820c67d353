"""Which way up a scanned page reads: a quarter turn before reading, a half turn after."""

from __future__ import annotations

from rencana.extract.ocr import imageprep as prep
from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.read import PageRead, read_pass
from rencana.extract.ocr.settings import OcrSettings
from rencana.extract.ocr.tesseract import TesseractEngine


def quarter_turn(gray: Gray, dpi: float, engine: TesseractEngine, s: OcrSettings) -> tuple[int, str]:
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


def needs_upright_check(read: PageRead, s: OcrSettings) -> bool:
    """A low-confidence read of enough words may be upside down."""
    return (
        s.orientation != "none"
        and read.mean_conf < s.upright_check_conf
        and len(read.words) >= s.upright_min_words
    )


def upright_check(
    read: PageRead,
    rotation: int,
    dpi: float,
    paper: float,
    engine: TesseractEngine,
    s: OcrSettings,
    notes: list[str],
) -> tuple[PageRead, int]:
    """Low confidence: ask OSD whether the page is upside down, re-read it turned if so (or if OSD is
    unavailable), and keep whichever reading is more confident."""
    osd = engine.osd(read.gray, dpi)
    # a page read this badly is re-read turned whatever OSD says (OSD is unsure on a noisy copy:
    # 401-001 p6, upside down, OSD 180 at confidence 1.48); the two confidences decide
    desperate = read.mean_conf < s.flip_try_conf
    if osd is not None and not desperate and not (osd.rotate == 180 and osd.confidence >= s.osd_min_conf):
        return read, rotation
    # the page as found, shading and all: the first read's gray has its shading lightened away, and
    # the turned read finds the fills its month cells are read from on it (721-002 p5 had none)
    page = read.gray if read.shaded is None else read.shaded
    flipped = read_pass(prep.turn(page, 180), dpi, paper, engine, s)
    if flipped.mean_conf > read.mean_conf + s.flip_margin:
        notes.append(f"upside down (conf {read.mean_conf:.0f} -> {flipped.mean_conf:.0f})")
        return flipped, (rotation + 180) % 360
    return read, rotation
