"""A scanned decree's title: OCR's case and speck slips in a title printed in capitals (issue 10).

Decree titles are printed in capitals ("RENCANA AKSI ... DI LINGKUNGAN ... TAHUN 2022").  OCR of
a copy reads a short word of such a line in title case ("Di", "Dan": the capital and the
lower-case glyphs of D, I, N differ little at 150 dpi) and reads a speck before a word as a
quote mark ('"PEMILIHAN').  In a title whose letters are at least :data:`CAPS_SHARE` capitals,
those two slips are undone; a title in mixed case is left as read.
"""

from __future__ import annotations

import re

CAPS_SHARE = 0.9
_SHORT_TITLE_CASE = re.compile(r"\b([A-Z][a-z]{1,2})\b")
_SPECK_QUOTE = re.compile(r"(?<!\S)[\"'“”‘’`]+(?=[A-Z]{2})")


def ocr_title(title: str) -> str:
    """``title`` with OCR's case and speck slips undone when it is printed in capitals."""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < CAPS_SHARE * len(letters):
        return title
    return _SPECK_QUOTE.sub("", _SHORT_TITLE_CASE.sub(lambda m: m.group(1).upper(), title))
