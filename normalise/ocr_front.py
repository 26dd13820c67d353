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

import difflib
import re
from collections.abc import Sequence

from rencana.normalise.dates import parse_indonesian_date
from rencana.schema.issues import Issue, IssueCode

CAPS_SHARE = 0.9
_SHORT_TITLE_CASE = re.compile(r"\b([A-Z][a-z]{1,2})\b")
_SPECK_QUOTE = re.compile(r"(?<!\S)[\"'“”‘’`]+(?=[A-Z]{2})")
# a speck read as a stop or a colon after a word, glued to the next or before it ("DI.LINGKUNGAN",
# "DI. LINGKUNGAN", "DI: LINGKUNGAN"), or as a dash or a stop standing alone between two words
# ("DI - LINGKUNGAN", "LINGKUNGAN . KOMISI": 731-009, photocopy)
_SPECK_DOT = re.compile(r"\b(?P<w>[A-Z]{2,})[.:;](?:\s*(?=[A-Z]{3}))")
_SPECK_END = re.compile(r"\s+[.,;:!|'\"\-–—]+$")  # a speck read after the title's last word
# ... between two words or before the year ("TAHUN —- 2022": 725-011, photocopy)
_SPECK_DASH = re.compile(r"(?<=[A-Z])\s+[-–—.,:;|]+\s+(?=[A-Z0-9])")
# a speck read as "!" standing alone or ending a word in capitals ("! RENCANA", "KOMISI! PEMILIHAN"):
# a decree's title prints no exclamation mark
_SPECK_BANG = re.compile(r"(?<=[A-Z])!+(?=\s|$)|(?<!\S)!+(?=\s|$)")
_ABBREVIATIONS = frozenset({"KAB", "PROV", "KEC", "KEL", "NO", "KEP"})


def ocr_title(title: str) -> str:
    """``title`` with OCR's case and speck slips undone when it is printed in capitals."""
    if not _capitals(title):
        return title
    title = _SHORT_TITLE_CASE.sub(lambda m: m.group(1).upper(), title)
    title = _SPECK_DOT.sub(_unspeck, title)
    title = _SPECK_BANG.sub("", title)
    title = _SPECK_DASH.sub(" ", title)
    title = _SPECK_END.sub("", title)
    return " ".join(_SPECK_QUOTE.sub("", title).split())


# the title's other printed copies: the Menetapkan's "KEPUTUSAN … TENTANG <title>" and the
# lampiran header's "TENTANG : <title>" (which a table caption may follow: cut after the year)
_COPY = re.compile(r"\bTENTANG\b\s*[:;.]?\s*(?P<v>.*?(?:\bTAHUN\s+(?:19|20)\d{2}\b|$))", re.IGNORECASE)


def title_copies(menetapkan: str, caption: str) -> list[str]:
    """The title as the Menetapkan and the lampiran header print it again (each when found)."""
    out = []
    for text in (menetapkan, caption):
        m = _COPY.search(" ".join(text.split()))
        value = m.group("v").strip(" .,;:") if m else ""
        if value and _capitals(value):
            out.append(ocr_title(value))
    return out


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= CAPS_SHARE * len(letters)


def voted_title(title: str, copies: list[str]) -> str:
    """``title`` with each stretch of words that one other copy reads otherwise and the third
    reads the same way too, taken from them ("RENCA NA" / "UM UU" where the copies read "RENCANA"
    / "UMUM", one of them perhaps with a slip of its own nearby): three readings of one printed
    title, two agreeing.  With one copy only, a stretch it reads with the title's letters and a
    few more (:func:`_lost_letters`) is taken from it.  With no title read, the two copies when they
    agree.  A title in mixed case, or without copies, is left as read."""
    if not copies or (title and not _capitals(title)):
        return title
    if not title:
        return copies[0] if len(copies) > 1 and _key(copies[0]) == _key(copies[1]) else ""
    words = title.split()
    if len(copies) == 1:  # nothing to vote with: only letters the title lost are filled in
        agreed = dict(_lost_letters(words, copies[0].split()))
    else:
        one, two = (c.split() for c in copies[:2])
        agreed = dict([*_seconded(words, one, two), *_seconded(words, two, one)])
    out: list[str] = []
    i = 0
    for (a, b), new in sorted(agreed.items()):
        if a >= i:  # a stretch both copies changed is taken once
            out += [*words[i:a], *new]
            i = b
    return " ".join([*out, *words[i:]])


def _key(text: str) -> str:
    return " ".join(text.upper().split())


def _letters(words: Sequence[str]) -> str:
    return re.sub(r"[^A-Z0-9]", "", "".join(words).upper())


def _opcodes(words: list[str], other: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    a, b = [w.upper() for w in words], [w.upper() for w in other]
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()


def _seconded(
    words: list[str], other: list[str], third: list[str]
) -> list[tuple[tuple[int, int], list[str]]]:
    """Where ``other`` reads ``words[a:b]`` otherwise and ``third`` reads those letters there
    too (not just the title's; the same letters differently spaced when only the spaces
    differ): [((a, b), other's words)]; or where both lack words the title reads twice
    (:func:`_read_twice`): [((a, b), [])]."""
    out: list[tuple[tuple[int, int], list[str]]] = []
    third_ops = _opcodes(words, third)
    for tag, a1, a2, b1, b2 in _opcodes(words, other):
        new = other[b1:b2]
        lacks = not _letters(_covering(third, third_ops, a1, a2))
        if tag == "delete" and _read_twice(words, a1, a2) and lacks:
            out.append(((a1, a2), []))
        if tag == "equal" or not _letters(new):
            continue
        there, mine = _covering(third, third_ops, a1, a2), _letters(words[a1:a2])
        if _letters(new) == mine:  # only the spaces differ: the third spaces the words alike
            seconded = [w.upper() for w in there] == [w.upper() for w in new]
        else:
            seconded = _letters(new) in _letters(there) != mine
        if seconded:
            out.append(((a1, a2), new))
    return out


MIN_KEPT = 3  # letters of a stretch the title must still read for a copy to fill in the lost ones
MAX_LOST_LETTERS = 3  # letters OCR may drop from one stretch of a capitals title


def _lost_letters(words: list[str], other: list[str]) -> list[tuple[tuple[int, int], list[str]]]:
    """Where ``other`` reads ``words[a:b]`` with up to :data:`MAX_LOST_LETTERS` more letters and
    the title's in order among them ("REFO ASI" / "REFORMASI", "BUPATEN" / "KABUPATEN"): OCR of a
    copy drops the letters a speck or a fold covers, it does not add them in order (731-010,
    photocopy: the lampiran header the only other copy, so no vote).  A stretch the title does
    not read at all is not filled in."""
    out = []
    for tag, a1, a2, b1, b2 in _opcodes(words, other):
        mine, new = _letters(words[a1:a2]), _letters(other[b1:b2])
        if tag != "replace" or len(mine) < MIN_KEPT or not 0 < len(new) - len(mine) <= MAX_LOST_LETTERS:
            continue
        it = iter(new)
        if all(ch in it for ch in mine):
            out.append(((a1, a2), other[b1:b2]))
    return out


def _read_twice(words: list[str], a1: int, a2: int) -> bool:
    """Whether the title reads ``words[a1:a2]`` elsewhere too: a word of one line read again
    where the lines were joined ("LINGKUNGAN RENCANA AKSI … DI LINGKUNGAN KOMISI": 725-011,
    photocopy), which the copies, both without it there, take out."""
    rest = {w.upper() for w in words[:a1] + words[a2:]}
    return a2 > a1 and all(w.upper() in rest for w in words[a1:a2])


def _covering(third: list[str], ops: Sequence[tuple[str, int, int, int, int]], a1: int, a2: int) -> list[str]:
    """The words ``third`` reads where the title reads ``words[a1:a2]`` (an empty stretch: at a1)."""
    picked: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            lo, hi = max(i1, a1), min(i2, a2)
            picked += third[j1 + lo - i1 : j1 + hi - i1] if lo < hi else []
        elif (i1 < a2 and a1 < i2) or (i1 <= a1 <= i2 and (i1 == i2 or a1 == a2)):
            picked += third[j1:j2]
    return picked


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
    if front is None or (_stray_number(date_text) and not _stray_number(copy)):
        return copy, [Issue(IssueCode.FROM_LAMPIRAN_COPY, detail, field="decree_date")]
    return date_text, [Issue(IssueCode.DECREE_DATE_UNSURE, detail, field="decree_date")]


_STRAY_NUMBER = re.compile(r"\d\s+\d{1,2}\s*[A-Za-z]")


def _stray_number(date_text: str) -> bool:
    """A number stands before the day ("8 1 Maret 2022": a speck or a stamp's stroke read as a
    digit): which of the two is the day the reading cannot tell (733-005, photocopy: the 1 was
    taken, the lampiran's clean "8 Maret 2022" was right)."""
    return _STRAY_NUMBER.search(" ".join(date_text.split())) is not None
