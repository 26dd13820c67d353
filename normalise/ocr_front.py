"""A scanned decree's title and date as OCR read them (issue 10).

The date is cross-checked with the lampiran header's copy (:func:`choose_date`).

Decree titles are printed in capitals ("RENCANA AKSI ... DI LINGKUNGAN ... TAHUN 2022").  OCR of
a copy reads a short word of such a line in title case ("Di", "Dan": the capital and the
lower-case glyphs of D, I, N differ little at 150 dpi), reads a speck before a word as a
quote mark ('"PEMILIHAN') and one in the space between two words as a full stop
("DI.LINGKUNGAN"; an abbreviation such as "KAB." keeps its stop) and one after a word or
between two as "!" ("KOMISI! PEMILIHAN").  In a title whose letters are
at least :data:`CAPS_SHARE` capitals, those slips are undone; a title in mixed case is left as
read.
"""

from __future__ import annotations

import re

from rencana.normalise.dates import parse_indonesian_date
from rencana.schema.issues import Issue, IssueCode

CAPS_SHARE = 0.9
_SHORT_TITLE_CASE = re.compile(r"\b([A-Z][a-z]{1,2})\b")
_SPECK_QUOTE = re.compile(r"(?<!\S)[\"'“”‘’`]+(?=[A-Z]{2})")
_SPECK_DOT = re.compile(r"\b(?P<w>[A-Z]{2,})\.(?=[A-Z]{3})")
# a speck read as "!" standing alone or ending a word in capitals ("! RENCANA", "KOMISI! PEMILIHAN"):
# a decree's title prints no exclamation mark
_SPECK_BANG = re.compile(r"(?<=[A-Z])!+(?=\s|$)|(?<!\S)!+(?=\s|$)")
_ABBREVIATIONS = frozenset({"KAB", "PROV", "KEC", "KEL", "NO", "KEP"})


def ocr_title(title: str) -> str:
    """``title`` with OCR's case and speck slips undone when it is printed in capitals."""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < CAPS_SHARE * len(letters):
        return title
    title = _SHORT_TITLE_CASE.sub(lambda m: m.group(1).upper(), title)
    title = _SPECK_DOT.sub(_unspeck, title)
    title = _SPECK_BANG.sub("", title)
    return " ".join(_SPECK_QUOTE.sub("", title).split())


def _unspeck(m: re.Match[str]) -> str:
    return m.group(0) if m.group("w") in _ABBREVIATIONS else m.group("w") + " "


_CAPTION_DATE = re.compile(r"\bTANGGAL\s*[:;.]?\s*(?P<v>.*?)(?=\s+TENTANG\b|$)", re.IGNORECASE)


def choose_date(date_text: str, caption: str, scanned: bool) -> tuple[str, list[Issue]]:
    """A scanned decree's date cross-checked with the lampiran header's ``TANGGAL``: the front's
    when the copy agrees or does not read; the copy's (said so) when only it reads as a date;
    the front's, flagged with both, when the two read as different dates (the lampiran's small
    print is the one that loses a digit: "5 Maret" for "25 Maret").  Printed text is kept."""
    m = _CAPTION_DATE.search(" ".join(caption.split())) if scanned else None
    copy = m.group("v") if m else ""
    front = parse_indonesian_date(date_text) if date_text else None
    other = parse_indonesian_date(copy) if copy else None
    if other is None or front == other:
        return date_text, []
    detail = f"front {date_text!r}, lampiran {copy!r}"
    if front is None:
        return copy, [Issue(IssueCode.FROM_LAMPIRAN_COPY, detail, field="decree_date")]
    return date_text, [Issue(IssueCode.DECREE_DATE_UNSURE, detail, field="decree_date")]
