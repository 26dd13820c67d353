"""The decree-number line read again, enlarged, when the page read fails its grammar (issue 10).

The page read (psm 11 over the whole page at 150-200 dpi) confuses ``6`` with ``@`` or ``M``
and ``/1`` with ``M`` in the one line the decree record cannot do without.  A line that opens
with the ``NOMOR`` label (the front page's, and the lampiran header's copy) and whose value
does not parse by the decree-number grammar (:mod:`rencana.schema.decree_number`) is cut out,
enlarged to the text size Tesseract reads best and read as one line (psm 7, :mod:`.crops`), at
:data:`SCALES` text heights in turn; the first reading that parses replaces the line's words.
When none does, the page read stays as it was (normalise/ then leaves the number empty with an
issue unless the other copy reads).  At most :data:`MAX_LINES` lines a page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from rencana.extract.ocr.crops import Crop, read_crop
from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.tesseract import OcrWord, TesseractEngine
from rencana.extract.text.lines import vertical_overlap
from rencana.schema.decree_number import parse_decree_number

log = logging.getLogger(__name__)

SCALES = (36.0, 48.0)  # word-box heights (px) the line is enlarged to, tried in turn
MAX_LINES = 3  # number lines re-read per page
MAX_VALUE_WORDS = 4  # a longer line is prose naming another regulation's number (Mengingat)
# the label as OCR reads it: "NOMOR", "Nomor", "N0MOR", "NOMQR", "NOMOR:" (a colon glued on)
_LABEL = re.compile(r"^N[O0Q]M[O0Q]R[:;.]?$", re.IGNORECASE)


def _line_of(label: OcrWord, words: Sequence[OcrWord]) -> list[OcrWord]:
    """``label`` and the words right of it on its line, left to right."""
    out = [label]
    for w in words:
        overlap, shorter = vertical_overlap(w, label)
        if w is not label and w.x0 + w.x1 > label.x0 + label.x1 and overlap >= 0.5 * shorter:
            out.append(w)
    return sorted(out, key=lambda w: w.x0)


def _parses(line: Sequence[OcrWord]) -> bool:
    text = " ".join(w.text for w in line)
    return parse_decree_number(text).style != "unknown"


def _crop(line: Sequence[OcrWord]) -> Crop:
    heights = sorted(w.bottom - w.top for w in line)
    return Crop(
        min(w.x0 for w in line),
        min(w.top for w in line),
        max(w.x1 for w in line),
        max(w.bottom for w in line),
        float(heights[len(heights) // 2]),
    )


def _reread(line: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine) -> list[OcrWord] | None:
    """The first enlarged reading of ``line`` that parses, else None."""
    crop = _crop(line)
    for target in SCALES:
        new = read_crop(engine, gray, dpi, crop, psm=7, target=target)
        log.debug(
            "number line %r re-read at %.0f px: %r", [w.text for w in line], target, [w.text for w in new]
        )
        if new and _parses(new):
            return new
    return None


def reread_number_lines(
    words: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine
) -> list[OcrWord]:
    """``words`` with each ``NOMOR`` line whose value fails the grammar read again (see above)."""
    labels = [w for w in words if _LABEL.match(w.text)][:MAX_LINES]
    out = words
    for label in labels:
        line = _line_of(label, out)
        if not 2 <= len(line) <= MAX_VALUE_WORDS + 1 or _parses(line):
            continue
        new = _reread(line, gray, dpi, engine)
        if new is not None:
            gone = {id(w) for w in line}
            out = [w for w in out if id(w) not in gone] + new
    return out
