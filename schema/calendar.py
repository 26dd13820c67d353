"""Indonesian month names (KBBI spelling), shared by the table reader and the date parser.

One definition, so a month header ("Agustus") and a decree date ("18 Agustus 2022") are read
with the same names; each side keeps its own abbreviations and tolerances.
"""

from __future__ import annotations

MONTH_NAMES: tuple[str, ...] = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
