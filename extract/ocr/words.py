"""OCR words: cut at vertical rules, Tesseract's regular slips repaired, turned into page words.

Pure functions over boxes.  Tesseract's regular slips on decree tables, measured on the
scanned corpus (``python -m rencana.corpus generate … --renderer scan``):

* ``%`` at the head of an indicator ("% pegawai yang …") is read as ``Yo`` (also ``Ye``,
  ``Ys``, ``Xx``, ``“»``): not Indonesian words, so a lone one before another word is ``%``.
* An item marker's dot is read as a comma at the start of a line ("1, Pemanfaatan"), and a
  marker read alone is sometimes split from its dot ("a" "."), or doubled ("Cc." for "c.").
* Punctuation read as a word of its own (".", ",", ";") belongs to the word just before it.
* A word read at (nearly) no confidence and stretched far wider than its letters could be
  ("YA" over 158 pt of a phone photo's shaded header edge, 724-000 p7) is a rule or a shadow
  read as text: it is dropped (glued to the header's labels it had cost the page its table).

Each rule needs the word's neighbours on its line, so the input is the page's words with
their pixel boxes; the output keeps every box (merged words get the union).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from rencana.extract.ocr.tesseract import OcrWord
from rencana.extract.text.lines import line_height, vertical_overlap
from rencana.schema.records import Word

PERCENT_MISREADS = frozenset({"Yo", "Ye", "Ys", "Xx", "%o", "Y%", "“Yo", '"Yo', "'Yo", "“»", "»"})
_PUNCT = frozenset({".", ",", ";", ":", ")"})
_COMMA_MARKER = re.compile(r"^\(?(\d{1,2}|[a-z])[,;]$")
_DOUBLED_MARKER = re.compile(r"^([A-Za-z])([A-Za-z])\.$")
PHANTOM_CONF = 10.0  # a word read below this confidence ...
PHANTOM_STRETCH = 4.0  # ... and wider than this many text heights per letter is no word


def _same_line(a: OcrWord, b: OcrWord) -> bool:
    overlap, shorter = vertical_overlap(a, b)
    return overlap > 0.4 * shorter


def _right_neighbour(words: Sequence[OcrWord], w: OcrWord, reach: float) -> OcrWord | None:
    best: OcrWord | None = None
    for o in words:
        if o is w or o.x0 < w.x1 - 1 or o.x0 - w.x1 > reach or not _same_line(o, w):
            continue
        if best is None or o.x0 < best.x0:
            best = o
    return best


def _left_neighbour(words: Sequence[OcrWord], w: OcrWord, reach: float) -> OcrWord | None:
    best: OcrWord | None = None
    for o in words:
        if o is w or o.x1 > w.x0 + 1 or w.x0 - o.x1 > reach or not _same_line(o, w):
            continue
        if best is None or o.x1 > best.x1:
            best = o
    return best


def glue_punctuation(words: Sequence[OcrWord]) -> list[OcrWord]:
    """A word that is only ".", ",", ";", ":" or ")" joins the word just left of it."""
    h = line_height(words, 0.0, 10.0)
    out = list(words)
    for p in [w for w in words if w.text in _PUNCT]:
        if p not in out:
            continue
        left = _left_neighbour([w for w in out if w.text not in _PUNCT], p, 0.35 * h)
        if left is None:
            continue
        joined = OcrWord(
            left.text + p.text,
            min(left.x0, p.x0),
            min(left.top, p.top),
            max(left.x1, p.x1),
            max(left.bottom, p.bottom),
            min(left.conf, p.conf),
            (*left.chars, (p.x0, p.x1)) if left.chars and len(p.text) == 1 else (),
        )
        out[out.index(left)] = joined
        out.remove(p)
    return out


def _phantom(w: OcrWord) -> bool:
    """A rule or a shadow read as a word: no confidence, far wider than its letters."""
    letters = len(w.text.strip())
    return w.conf < PHANTOM_CONF and w.x1 - w.x0 > PHANTOM_STRETCH * (w.bottom - w.top) * max(1, letters)


def repair(words: Sequence[OcrWord]) -> list[OcrWord]:
    """The slips above repaired; words are otherwise returned as read."""
    words = glue_punctuation([w for w in words if not _phantom(w)])
    h = line_height(words, 0.0, 10.0)
    out: list[OcrWord] = []
    for w in words:
        text = w.text
        if text in PERCENT_MISREADS and _right_neighbour(words, w, 1.5 * h) is not None:
            text = "%"
        elif (m := _DOUBLED_MARKER.match(text)) and m.group(1).lower() == m.group(2).lower():
            text = f"{m.group(2).lower()}."
        elif (m := _COMMA_MARKER.match(text)) and _left_neighbour(words, w, 3 * h) is None:
            after = _right_neighbour(words, w, 1.5 * h)
            if after is not None and after.text[:1].isalpha():
                text = f"{m.group(1)}."
        out.append(w if text == w.text else replace(w, text=text, chars=()))
    return out


def split_at_rules(
    words: list[OcrWord],
    rules: list[tuple[float, float, float]],
    margin: float,
) -> list[OcrWord]:
    """Cut words that run across a vertical rule ("VV" over two month cells) into one word per cell.

    ``rules`` are (x, top, bottom) in pixels; a word is cut where a rule spanning
    its middle passes more than ``margin`` pixels inside it, between characters
    (by their boxes when the engine gives them, else by equal shares of the width).
    """
    out: list[OcrWord] = []
    for w in words:
        cy = (w.top + w.bottom) / 2
        cuts = sorted(x for x, a, b in rules if a <= cy <= b and w.x0 + margin < x < w.x1 - margin)
        out.extend(_cut(w, cuts) if cuts and len(w.text) > 1 else [w])
    return out


def _cut(w: OcrWord, cuts: list[float]) -> list[OcrWord]:
    n = len(w.text)
    step = (w.x1 - w.x0) / n
    spans = (
        list(w.chars)
        if w.chars
        else [(round(w.x0 + i * step), round(w.x0 + (i + 1) * step)) for i in range(n)]
    )
    edges = [float("-inf"), *cuts, float("inf")]
    pieces: list[OcrWord] = []
    for lo, hi in itertools.pairwise(edges):
        idx = [i for i, (a, b) in enumerate(spans) if lo <= (a + b) / 2 < hi]
        text = "".join(w.text[i] for i in idx).strip()
        if not idx or not text:
            continue
        chars = tuple(spans[i] for i in idx)
        pieces.append(
            OcrWord(
                text,
                min(a for a, _ in chars),
                w.top,
                max(b for _, b in chars),
                w.bottom,
                w.conf,
                chars if w.chars else (),
            )
        )
    return pieces or [w]


def to_words(ocr_words: list[OcrWord], page: int, dpi: float) -> tuple[Word, ...]:
    """Engine words (pixels) → page words (points), source ``ocr``."""
    k = 72.0 / dpi
    return tuple(
        Word(page, w.x0 * k, w.top * k, w.x1 * k, w.bottom * k, w.text, "ocr", round(w.conf, 2))
        for w in ocr_words
    )
