"""Lines the decree record is made of read again, enlarged, where the page read slipped (issue 10).

**The number line.**

The page read (psm 11 over the whole page at 150-200 dpi) confuses ``6`` with ``@`` or ``M``
and ``/1`` with ``M`` in the one line the decree record cannot do without.  A line that opens
with the ``NOMOR`` label (the front page's, and the lampiran header's copy) and whose value
does not parse by the decree-number grammar (:mod:`rencana.schema.decree_number`) is cut out,
enlarged to the text size Tesseract reads best and read as one line (psm 7, :mod:`.crops`), at
:data:`SCALES` text heights in turn; the first reading that parses replaces the line's words.
When none does, the page read stays as it was (normalise/ then leaves the number empty with an
issue unless the other copy reads).  A number line that parses is read again at every scale
too: a slip the grammar cannot see ("33" for "53", "ORT.0O4" for "ORT.04": 715-004, 717-002)
is outvoted when all the enlarged readings agree on another number.  At most :data:`MAX_LINES`
lines a page.

**The date line** (``Pada Tanggal : 16 Februari 2024``, the lampiran's ``TANGGAL : …``) is
treated the same way when its value is not a day (1-31), a month name and a year: a ``1``
doubled from a stroke ("116 Februari") is read again, and the first reading that is a date
replaces it.

**The signatory's name** under ``ttd`` or the ``KETUA …`` heading: unsure words on its line
far left of the block's edge are a stroke read as a word and are dropped.  A signature or stamp over
its start makes the page read drop the first letters ("AHYU" for "WAHYU"), and the line then
starts right of the block's left edge.  Such a line (starting more than :data:`INDENT_EMS` of
its height right of the heading, or with an unsure first word) is read again from the block's
edge; the new reading is taken only when it ends with the old one and adds at most
:data:`MAX_ADDED` letters in front, so a re-read can restore a lost initial but never replace
a name with another.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Callable, Sequence

from rencana.extract.ocr.crops import Crop, read_crop, replaced
from rencana.extract.ocr.raster import Gray
from rencana.extract.ocr.tesseract import OcrWord, TesseractEngine
from rencana.extract.text.lines import vertical_overlap
from rencana.schema.calendar import MONTH_NAMES
from rencana.schema.decree_number import parse_decree_number

log = logging.getLogger(__name__)

SCALES = (36.0, 48.0)  # word-box heights (px) the line is enlarged to, tried in turn
MAX_LINES = 3  # number lines re-read per page
MAX_VALUE_WORDS = 4  # a longer line is prose naming another regulation's number (Mengingat)
# the label as OCR reads it: "NOMOR", "Nomor", "N0MOR", "NOMQR", "NOMOR:" (a colon glued on)
_LABEL = re.compile(r"^N[O0Q]M[O0Q]R[:;.]?$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^T[aA][nN][gG][gG][aA][lL][:;.]?$")  # "Tanggal", "TANGGAL"
_DATE = re.compile(r"(?<![\w])(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)\s+(?:19|20)\d{2}(?!\d)")


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


def _is_date(line: Sequence[OcrWord]) -> bool:
    """A day 1-31, a month name and a year in the line."""
    m = _DATE.search(" ".join(w.text for w in line))
    return bool(m and 1 <= int(m.group("d")) <= 31 and m.group("m").lower() in MONTH_NAMES)


def _crop(line: Sequence[OcrWord]) -> Crop:
    heights = sorted(w.bottom - w.top for w in line)
    return Crop(
        min(w.x0 for w in line),
        min(w.top for w in line),
        max(w.x1 for w in line),
        max(w.bottom for w in line),
        float(heights[len(heights) // 2]),
    )


def _reread(
    line: list[OcrWord],
    gray: Gray,
    dpi: float,
    engine: TesseractEngine,
    good: Callable[[list[OcrWord]], bool],
) -> list[OcrWord] | None:
    """The first enlarged reading of ``line`` that is ``good``, else None."""
    crop = _crop(line)
    for target in SCALES:
        new = read_crop(engine, gray, dpi, crop, psm=7, target=target)
        log.debug("line %r re-read at %.0f px: %r", [w.text for w in line], target, [w.text for w in new])
        if new and good(new):
            return new
    return None


def _number(line: Sequence[OcrWord]) -> str:
    return parse_decree_number(" ".join(w.text for w in line)).normalised


def _outvoted(line: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine) -> list[OcrWord] | None:
    """A number line that parses, read again at every scale: the re-reads when they all parse
    as one number other than the page read's (two readings against one), else None."""
    crop = _crop(line)
    news = [read_crop(engine, gray, dpi, crop, psm=7, target=target) for target in SCALES]
    log.debug("number %r re-read: %r", [w.text for w in line], [[w.text for w in n] for n in news])
    if not all(news) or not all(_parses(n) for n in news):
        return None
    numbers = {_number(n) for n in news}
    return news[0] if len(numbers) == 1 and numbers != {_number(line)} else None


def reread_number_lines(
    words: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine
) -> list[OcrWord]:
    """``words`` with each ``NOMOR`` line failing the grammar and each ``Tanggal`` line that is
    not a date read again, and each ``NOMOR`` line that parses put to the vote (see above)."""
    out = words
    for label_re, good in ((_LABEL, _parses), (_DATE_LABEL, _is_date)):
        for label in [w for w in out if label_re.match(w.text)][:MAX_LINES]:
            line = _line_of(label, out)
            if not 2 <= len(line) <= MAX_VALUE_WORDS + 1:
                continue
            if good(line):
                new = _outvoted(line, gray, dpi, engine) if good is _parses else None
            else:
                new = _reread(line, gray, dpi, engine, good)
            if new is not None:
                out = replaced(out, line, new)
    return out


INDENT_EMS = 0.6  # a name starting this many line heights right of its heading lost its start
MAX_ADDED = 4  # letters a re-read may add before the page read's name
MAX_NAME_WORDS = 8  # titles, up to six name words, degrees
UNSURE_FIRST = 85.0  # a first word read below this is unsure
_HEADING = re.compile(r"^(?:ttd|dto|KETUA|SEKRETARIS|Plt|Plh|Pj)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[^A-Za-z]")
_CONTINUED = re.compile(r"^(?:KOMISI|KPU|KIP|KOTA|KABUPATEN|PROVINSI|REPUBLIK|INDONESIA)\b")


def _lines(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Words into lines (boxes overlapping by half the shorter height), top to bottom."""
    lines: list[list[OcrWord]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        line = lines[-1] if lines else None
        if line is not None and any(
            vertical_overlap(w, o)[0] >= 0.5 * vertical_overlap(w, o)[1] for o in line
        ):
            line.append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _restores(old: Sequence[OcrWord], new: Sequence[OcrWord]) -> bool:
    """The re-read ends with the page read and adds at most :data:`MAX_ADDED` letters in front."""
    a = _LETTERS.sub("", " ".join(w.text for w in old)).upper()
    b = _LETTERS.sub("", " ".join(w.text for w in new)).upper()
    return len(a) >= 4 and b.endswith(a) and 0 < len(b) - len(a) <= MAX_ADDED


def _name_after(lines: list[list[OcrWord]], i: int) -> list[OcrWord] | None:
    """The first line of capitals within three lines below heading line ``i`` (the name)."""
    for line in lines[i + 1 : i + 4]:
        text = " ".join(w.text for w in line)
        letters = [c for c in text if c.isalpha()]
        if _HEADING.match(text) or _CONTINUED.match(text) or text.endswith(","):
            continue  # "ttd", the heading's second line ("KOTA PASURUAN,")
        if any(c.isdigit() for c in text) or len(line) > MAX_NAME_WORDS:
            return None  # the number, the title: no name follows this heading
        if len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            return line
    return None


FAR_EMS = 3.0  # a word ending this many line heights left of the block's edge is not in the name
SHORT = 0.8  # ... or left of it and shorter than this share of the name's letters


def _stray(name: list[OcrWord], head: OcrWord, height: float) -> list[OcrWord]:
    """Unsure words on the name's line left of its block's edge (the heading's first word): far
    left, or just left and shorter than the name's capitals — a stroke of the signature or the
    stamp read as a word ("KAN" 13 line heights left of "ARIF LUBIS" in 721-006; "AN", 0.73 of
    the name's height, before "DANI DANIAL MUHKLIS" on the stand-in scan once the stamp's faint
    colour was dropped), not the name's start.  None when they would be all of it."""
    tall = statistics.median(w.bottom - w.top for w in name)

    def stray(w: OcrWord) -> bool:
        short = w.x1 < head.x0 and w.bottom - w.top < SHORT * tall
        return w.conf < UNSURE_FIRST and (w.x1 < head.x0 - FAR_EMS * height or short)

    far = [w for w in name if stray(w)]
    return far if len(far) < len(name) else []


def reread_names(words: list[OcrWord], gray: Gray, dpi: float, engine: TesseractEngine) -> list[OcrWord]:
    """``words`` with a signatory name that lost its first letters read again (see above)."""
    lines = _lines(words)
    out = words
    done: set[int] = set()
    for i, head in enumerate(lines):
        name = _name_after(lines, i) if _HEADING.match(head[0].text) else None
        if name is None or id(name[0]) in done:
            continue
        done.add(id(name[0]))
        crop = _crop(name)
        height = max(1.0, crop.text_px)
        stray = _stray(name, head[0], height)
        if stray:
            out = replaced(out, stray, [])
            name = [w for w in name if all(w is not x for x in stray)]
        if name[0].x0 - head[0].x0 <= INDENT_EMS * height and name[0].conf >= UNSURE_FIRST:
            continue
        left = min(name[0].x0, head[0].x0)
        widened = Crop(round(left - height), crop.top, crop.x1, crop.bottom, crop.text_px)
        new = read_crop(engine, gray, dpi, widened, psm=7)
        log.debug("name %r re-read: %r", [w.text for w in name], [w.text for w in new])
        if _restores(name, new):
            out = replaced(out, name, new)
    return out
