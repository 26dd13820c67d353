"""The decree-number grammar, as normalise/ uses it.

The grammar itself lives in :mod:`rencana.schema.decree_number` since issue 10: the OCR path
(extract/) re-reads a number line whose page read fails it, and extract/ and normalise/ never
import each other; both read schema/.  Here: the choice between the front page's reading and
the lampiran header's copy (:func:`choose_number`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from rencana.schema.decree_number import caption_number, parse_decree_number, same_number
from rencana.schema.issues import Issue, IssueCode
from rencana.schema.records import ParsedDecreeNumber

__all__ = [
    "NumberChoice",
    "caption_number",
    "choose_number",
    "dated_month",
    "ocr_repaired",
    "parse_decree_number",
    "same_number",
]


_SEP_RE = re.compile(r"(\s*[/!]\s*|\s+\|\s+)")


def ocr_repaired(raw: str) -> str:
    """A scanned number's OCR slips repaired through the grammar (``@``-free, ``0RT`` → ``ORT``,
    Roman month ``I``), the spacing printed around the ``/`` kept (the style most of them were
    read with); ``raw`` when it does not parse."""
    parsed = parse_decree_number(raw)
    if parsed.style in ("unknown", "kpu_ri_new"):
        return raw
    pieces = _SEP_RE.split(raw.strip())
    fields, seps = pieces[0::2], [s.replace("!", "/").replace("|", "/") for s in pieces[1::2]]
    styles = [s.strip() != s for s in seps]  # spaced " / " or tight "/"
    if styles and sum(styles) != len(styles) / 2:
        # one style per number: OCR loses the spaces around a narrow field ("KPU /I/ 2024")
        seps = [" / " if sum(styles) > len(styles) / 2 else "/"] * len(seps)
    repaired = parsed.normalised.split("/")
    if len(fields) != len(repaired):
        return parsed.normalised
    return "".join(f + s for f, s in zip(repaired, [*seps, ""], strict=True))


@dataclass(frozen=True, slots=True)
class NumberChoice:
    """The decree number kept (``text`` as printed or repaired, empty when unsure), its parse, findings."""

    text: str
    parsed: ParsedDecreeNumber | None
    issues: list[Issue]


def choose_number(front_text: str, caption: str, scanned: bool) -> NumberChoice:
    """The front page's number cross-checked with the lampiran header's copy.

    Printed text (``scanned`` False) is kept as printed: malformed or mismatching copies are
    flagged.  Read by OCR: the front's reading when it parses, its OCR slips repaired (a
    lampiran copy that parses as another number is flagged as for printed text: measured, the
    lampiran's small print is the one that gains or loses a leading digit, ``151`` for
    ``51``); the lampiran's when only it parses (said so); none — empty, with both readings in
    the issue — when neither parses.
    """
    number = parse_decree_number(front_text) if front_text else None
    lampiran = caption_number(caption) if caption else None
    ok = number is not None and number.style != "unknown"
    if number is not None and ok and scanned:
        issues = [] if lampiran is None or same_number(number, lampiran) else [_mismatch(lampiran)]
        return NumberChoice(ocr_repaired(front_text), number, issues)
    if not scanned:
        return _printed(front_text, number, lampiran)
    if not ok and lampiran is not None:
        detail = f"front {front_text!r} unreadable, lampiran {lampiran.raw!r} kept"
        issue = Issue(IssueCode.FROM_LAMPIRAN_COPY, detail, field="decree_number")
        return NumberChoice(ocr_repaired(lampiran.raw), lampiran, [issue])
    if not front_text and lampiran is None:
        return NumberChoice("", None, [Issue(IssueCode.NO_DECREE_NUMBER, field="decree_number")])
    detail = f"front {front_text!r}, lampiran {lampiran.raw if lampiran else ''!r}"
    return NumberChoice("", None, [Issue(IssueCode.DECREE_NUMBER_UNREADABLE, detail, field="decree_number")])


def _printed(
    front_text: str, number: ParsedDecreeNumber | None, lampiran: ParsedDecreeNumber | None
) -> NumberChoice:
    """A text layer's number as printed, with what is wrong with it."""
    if number is None:
        return NumberChoice("", None, [Issue(IssueCode.NO_DECREE_NUMBER, field="decree_number")])
    issues = []
    if number.style == "unknown":
        issues.append(Issue(IssueCode.DECREE_NUMBER_MALFORMED, front_text, field="decree_number"))
    if lampiran is not None and not same_number(number, lampiran):
        issues.append(_mismatch(lampiran))
    return NumberChoice(front_text, number, issues)


def _mismatch(lampiran: ParsedDecreeNumber) -> Issue:
    return Issue(IssueCode.DECREE_NUMBER_MISMATCH, lampiran.normalised, field="caption")


ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def dated_month(choice: NumberChoice, date: dt.date | None) -> NumberChoice:
    """A scanned number's Roman month slot read against the decree's date, the month of issue it
    prints: a slot one stroke away from the date's month (``I`` for ``II``, ``IV`` for ``V``: OCR
    drops or adds an ``I`` in a narrow field) takes the date's, which is printed as a word.

    753-002 (photocopy): the front's number unreadable ("KPU/U2022"), the lampiran's small print
    read ``/KPU/I/2022`` for ``/II/`` on a decree dated 1 Februari 2022.  A slot further off (a
    decree numbered in one month and dated in another) is kept as read.
    """
    parsed = choice.parsed
    if date is None or parsed is None or parsed.month is None or parsed.month == date.month:
        return choice
    read, dated = ROMAN_MONTHS[parsed.month - 1], ROMAN_MONTHS[date.month - 1]
    if read.replace("I", "") != dated.replace("I", "") or abs(read.count("I") - dated.count("I")) != 1:
        return choice
    fields = choice.text.split("/")
    if len(fields) < 3 or fields[-2].strip() != read:
        return choice
    fields[-2] = fields[-2].replace(read, dated)
    fixed = replace(parsed, month=date.month, normalised=parse_decree_number("/".join(fields)).normalised)
    return NumberChoice("/".join(fields), fixed, choice.issues)
