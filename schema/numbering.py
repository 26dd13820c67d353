"""Numbering primitives shared by extract/ and normalise/: Roman numerals and item markers.

One definition of each, so the table reader and the normaliser agree on what "III." or
"2)" is.  Pure functions over strings; no I/O.
"""

from __future__ import annotations

import re

_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}
_ROMAN_WORD = re.compile(r"^[IVX]{1,5}$")
_ROMAN_TENS = ["", "X", "XX", "XXX"]
_ROMAN_UNITS = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
_CANONICAL_ROMAN = {n: _ROMAN_TENS[n // 10] + _ROMAN_UNITS[n % 10] for n in range(1, 40)}


def roman_value(text: str, maximum: int = 39) -> int | None:
    """'VII' -> 7, 'iv' -> 4 (case-insensitive, subtractive form); None when not a canonical
    Roman numeral of 1..``maximum`` ('IIII', 'VX' and words are not numerals)."""
    t = text.strip().upper()
    if not _ROMAN_WORD.match(t):
        return None
    total = 0
    for a, b in zip(t, [*t[1:], ""], strict=True):
        va, vb = _ROMAN_DIGITS[a], _ROMAN_DIGITS.get(b, 0)
        total += -va if va < vb else va
    if not 0 < total <= maximum or _CANONICAL_ROMAN.get(total, t) != t:
        return None
    return total


def number_value(text: str, roman: bool = True, maximum: int = 39) -> int | None:
    """'7', '7.' -> 7; 'VII.' -> 7 when ``roman``; else None."""
    t = text.strip().strip(".")
    if t.isdigit():
        return int(t)
    return roman_value(t, maximum) if roman else None


ITEM_MARKER = r"\(?(?:\d{1,2}|[a-zA-Z]|[IVX]{1,4})\s*[.)]"
"""An item marker opening a cell or a line: "1.", "(2)", "a.", "b)", "III." (space allowed before
the dot: OCR and justified text put one there)."""

NUMBERED_MARKER = r"\(?(\d{1,2})\s*[.)]"
"""A numbered item marker, its number captured: "1.", "(2)", "3 )"."""

LETTERED_MARKER = r"\(?[a-z]\s*[.)]"
"""A lettered item marker: "a.", "(b)", "c )"."""
