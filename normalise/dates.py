"""Parse Indonesian dates as printed in decrees ("Pada Tanggal : 18 Januari 2022")."""

from __future__ import annotations

import datetime as dt
import logging
import re

from rapidfuzz import fuzz, process

from rencana.schema.calendar import MONTH_NAMES

log = logging.getLogger(__name__)

MONTHS: tuple[str, ...] = MONTH_NAMES
# Accepted spellings and abbreviations besides the KBBI names (exact match only).
_ALIASES: dict[str, int] = {
    "jan": 1,
    "pebruari": 2,
    "peb": 2,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agust": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "des": 12,
    # English forms that show up in bilingual templates
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
}
MONTH_SCORE_CUTOFF = 80.0  # fuzz.ratio; "Agutus"→agustus 92, "Febuari" 93, "Nopember" 88, "Juni"/"Juli" 75
MONTH_MARGIN = 8.0  # best minus runner-up
_MIN_FUZZY_LEN = 5  # "Mei", "Juni", "Juli" and abbreviations only match exactly
_YEAR_MIN, _YEAR_MAX = 1945, 2100

# digit-ish runs: OCR reads 1 as l/I/|, 0 as O/o; a run must hold at least one real digit
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
_DIGITISH_RE = re.compile(r"(?<![A-Za-z])[0-9lI|Oo]*[0-9][0-9lI|Oo]*(?![A-Za-z])")
_NAMED_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[-/.,]?\s*(?P<m>[A-Za-z][A-Za-z ]{1,14}?)\s*[-/.,]?\s*(?P<y>\d{4})(?!\d)"
)
_NUMERIC_DMY_RE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*([-/.])\s*(?P<m>\d{1,2})\s*\2\s*(?P<y>\d{4})(?!\d)")
_NUMERIC_YMD_RE = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")


def _fix_ocr_digits(s: str) -> str:
    return _DIGITISH_RE.sub(lambda m: m.group(0).translate(_OCR_DIGITS), s)


def month_number(name: str) -> int | None:
    """Month number of an Indonesian month name, tolerating case, split letters and small typos."""
    key = "".join(ch for ch in name.lower() if ch.isalpha())
    if not key:
        return None
    if key in MONTHS:
        return MONTHS.index(key) + 1
    if key in _ALIASES:
        return _ALIASES[key]
    if len(key) < _MIN_FUZZY_LEN:
        return None
    best = process.extract(key, MONTHS, scorer=fuzz.ratio, limit=2)
    top_name, top_score, top_idx = best[0]
    runner_up = best[1][1] if len(best) > 1 else 0.0
    if top_score >= MONTH_SCORE_CUTOFF and top_score - runner_up >= MONTH_MARGIN:
        log.debug("month %r read as %s (%.0f)", name, top_name, top_score)
        return int(top_idx) + 1
    return None


def _make(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None or not _YEAR_MIN <= year <= _YEAR_MAX:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_indonesian_date(s: str) -> dt.date | None:
    """First valid date in ``s``: "18 Januari 2022", "tanggal 18-01-2022", "l8 Januari 2O22"; else None."""
    text = _fix_ocr_digits(" ".join(s.split()))
    for m in _NAMED_RE.finditer(text):
        words = m.group("m").split()
        # the month may be split by OCR ("Janu ari"); labels before it are not part of it
        for k in range(len(words)):
            month = month_number("".join(words[k:]))
            if month is not None:
                got = _make(int(m.group("y")), month, int(m.group("d")))
                if got is not None:
                    return got
                break
    for pattern in (_NUMERIC_DMY_RE, _NUMERIC_YMD_RE):
        for m in pattern.finditer(text):
            got = _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if got is not None:
                return got
    return None
