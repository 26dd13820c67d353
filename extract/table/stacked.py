"""Header labels a cell too narrow for their words printed a few letters a line.

A time label over two semester columns ("WAKTU PELAKSANAAN", "TAHUN 2022") gets a cell a
word's width or less; Word, a spreadsheet or a hand-drawn table then breaks it between letters
("W" / "AK" / "TU" / "PE" / … or "TAH" / "UN" / "2022"), one piece a line.  Read word by
word, no label is there and the lines under it (the periods) stand further below the other
labels than a period line does.  The pieces, stacked one line apart in one narrow column with
nothing beside them on their lines, are joined into words again: one word per label word when
line breaks part the stack into label words ("WAKTU" over "PELAKSANAAN", a two-line cell), else
one word spanning the stack ("TAHUN2022").
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from rencana.extract.table.labels import is_label_word, word_score
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import HLine
from rencana.schema.records import Word

MAX_PIECE = 4  # letters or digits a piece holds ("TAH", "2022")
PIECE_WIDTH = 3.0  # a piece is at most this many of its heights wide (a narrow cell)
LINE_GAP = 0.6  # pieces of one cell stand at most this share of a piece's height apart
MIN_PIECES = 3  # a stack of fewer pieces is two words wrapped, no broken label
MIN_LETTERS = 3  # a stack of figures (a No column's "1" / "2" / "3") is no label
MAX_LABEL_WORDS = 3  # a stacked label holds at most this many words


def _piece(w: Word) -> bool:
    height = w.bottom - w.top
    return 0 < len(w.text) <= MAX_PIECE and w.text.isalnum() and w.x1 - w.x0 <= PIECE_WIDTH * height


def _alone(w: Word, x0: float, x1: float, words: Sequence[Word]) -> bool:
    """Whether ``w`` is the only word on its line between ``x0`` and ``x1`` (the periods "I II"
    under the stack stand side by side)."""
    half = 0.5 * (w.bottom - w.top)
    return not any(o is not w and abs(o.cy - w.cy) < half and o.x1 > x0 and o.x0 < x1 for o in words)


def _next(a: Word, pieces: Sequence[Word], tops: Sequence[float], hlines: Sequence[HLine]) -> Word | None:
    """The piece standing right under ``a`` in its cell (no rule between them), if one does."""
    gap = LINE_GAP * (a.bottom - a.top)
    # pieces sorted by top: those starting below a's middle and no further than the gap under it
    below = pieces[bisect_left(tops, a.top + 0.5 * (a.bottom - a.top)) : bisect_right(tops, a.bottom + gap)]
    under = [b for b in below if b is not a and min(a.x1, b.x1) - max(a.x0, b.x0) > 0]
    if len(under) != 1:
        return None
    b = under[0]
    x0, x1 = max(a.x0, b.x0), min(a.x1, b.x1)
    return None if any(a.cy < ln.y < b.cy and ln.covers(x0, x1) > 0.5 for ln in hlines) else b


def _broken_label(stack: Sequence[Word]) -> bool:
    """Whether a stack of pieces reads as a label broken between letters: enough of them, capital
    letters among them and no small ones (a header's tiers "TW" / "Peb" / "6" / "V" under one
    another are not one), and a piece of two (a column of marks "V" / "V" / "V" holds one)."""
    text = "".join(w.text for w in stack)
    return (
        len(stack) >= MIN_PIECES
        and sum(ch.isalpha() for ch in text) >= MIN_LETTERS
        and text.upper() == text
        and max(len(w.text) for w in stack) >= 2
    )


def _parted(stack: Sequence[Word], least: float) -> list[list[Word]]:
    """The stack parted at the fewest line breaks that leave label words ("WAKTU" / "PELAKSANAAN"),
    or whole when no such parting exists."""
    for cuts in range(1, MAX_LABEL_WORDS):
        for at in itertools.combinations(range(1, len(stack)), cuts):
            parts = [list(stack[a:b]) for a, b in itertools.pairwise((0, *at, len(stack)))]
            if all(is_label_word("".join(w.text for w in p), least) for p in parts):
                return parts
    return [list(stack)]


def _joined(part: Sequence[Word]) -> Word:
    x0, x1 = min(w.x0 for w in part), max(w.x1 for w in part)
    return replace(part[0], text="".join(w.text for w in part), x0=x0, x1=x1, bottom=part[-1].bottom)


def join_stacked(words: Sequence[Word], s: TableSettings, hlines: Sequence[HLine] = ()) -> list[Word]:
    """``words`` with each stack of pieces of a broken header label joined into words again."""
    pieces = sorted((w for w in words if _piece(w)), key=lambda w: w.top)
    if len(pieces) < MIN_PIECES:
        return list(words)
    tops = [w.top for w in pieces]
    used: set[int] = set()
    joined: list[Word] = []
    for first in pieces:
        if id(first) in used:
            continue
        stack = [first]
        while (b := _next(stack[-1], pieces, tops, hlines)) is not None and id(b) not in used:
            x0, x1 = min(w.x0 for w in stack), max(w.x1 for w in stack)
            if not _alone(b, min(x0, b.x0), max(x1, b.x1), words):
                break
            stack.append(b)
        if not _broken_label(stack):
            continue
        used.update(id(w) for w in stack)
        joined += [_joined(part) for part in _parted(stack, word_score(first, s))]
    if not joined:
        return list(words)
    return [w for w in words if id(w) not in used] + joined
