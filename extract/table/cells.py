"""A cell's text and confidence from its words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rencana.extract.text.lines import group_lines, left_to_right, near_last
from rencana.schema.records import Word

# a lone item marker word, digits or one letter: "3." "(a)" (narrower than schema ITEM_MARKER,
# which also takes Roman "II." and a space before the dot; widening it would change rows)
MARKER_WORD = re.compile(r"^\(?(\d{1,2}|[a-zA-Z])[.)]$")


def _broken_word(prev: Sequence[Word], right: float) -> bool:
    """Whether line ``prev`` is one word (after a marker) running to the column's right text edge
    ``right``: the word processor broke it inside that word (the word is wider than the cell)."""
    solo = prev[1:] if len(prev) == 2 and MARKER_WORD.match(prev[0].text) else prev
    char_w = (solo[0].x1 - solo[0].x0) / max(1, len(solo[0].text)) if solo else 0.0
    return right > 0 and len(solo) == 1 and len(solo[0].text) >= 6 and solo[0].x1 >= right - 0.6 * char_w


def cell_text(words: Sequence[Word], h: float, right: float = 0.0) -> str:
    """Words of one cell in reading order, lines joined as the typist wrote them.

    A line ending in a hyphen joins the next without a space ("Perundang-" +
    "undangan"); a line holding a single word that runs to the column's right
    text edge ``right`` was broken inside that word by the word processor
    (the word is wider than the cell), so it joins without a space too.
    """
    out = ""
    prev: list[Word] = []
    for line in group_lines(words, near_last(h)):
        line = left_to_right(line)
        text = " ".join(x.text for x in line)
        if out:
            glued = out.endswith("-") and text[:1].isalpha() and not out.endswith(" -")
            forced = _broken_word(prev, right)
            out = out + text if glued or (forced and text[:1].islower()) else f"{out} {text}"
        else:
            out = text
        prev = line
    return out


def cell_conf(words: Sequence[Word]) -> float | None:
    """OCR confidence of a cell: its words' confidences weighted by their letters and digits.

    A cell with less than two letters or digits (a speck read as "s" or "|") says too
    little to judge the row by; month cells are decided from pixels and left out.
    """
    weighted = [
        (w.ocr_conf, n) for w in words if w.ocr_conf is not None and (n := sum(map(str.isalnum, w.text)))
    ]
    total = sum(n for _, n in weighted)
    return sum(c * n for c, n in weighted) / total if total >= 2 else None
