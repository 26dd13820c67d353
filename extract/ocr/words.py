"""Tesseract's regular slips on decree tables, repaired word by word (pure functions over boxes).

Measured on the scanned corpus (``python -m rencana.corpus generate … --renderer scan``):

* ``%`` at the head of an indicator ("% pegawai yang …") is read as ``Yo`` (also ``Ye``,
  ``Ys``, ``Xx``, ``“»``): not Indonesian words, so a lone one before another word is ``%``.
* An item marker's dot is read as a comma at the start of a line ("1, Pemanfaatan"), and a
  marker read alone is sometimes split from its dot ("a" "."), or doubled ("Cc." for "c.").
* Punctuation read as a word of its own (".", ",", ";") belongs to the word just before it.

Each rule needs the word's neighbours on its line, so the input is the page's words with
their pixel boxes; the output keeps every box (merged words get the union).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rencana.extract.ocr.tesseract import OcrWord

PERCENT_MISREADS = frozenset({"Yo", "Ye", "Ys", "Xx", "%o", "Y%", "“Yo", '"Yo', "'Yo", "“»", "»"})
_PUNCT = frozenset({".", ",", ";", ":", ")"})
_COMMA_MARKER = re.compile(r"^\(?(\d{1,2}|[a-z])[,;]$")
_DOUBLED_MARKER = re.compile(r"^([A-Za-z])([A-Za-z])\.$")


def _same_line(a: OcrWord, b: OcrWord) -> bool:
    ha, hb = a.bottom - a.top, b.bottom - b.top
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.4 * min(ha, hb)


def _height(words: Sequence[OcrWord]) -> float:
    hs = sorted(w.bottom - w.top for w in words)
    return float(hs[len(hs) // 2]) if hs else 10.0


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
    h = _height(words)
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


def repair(words: Sequence[OcrWord]) -> list[OcrWord]:
    """The slips above repaired; words are otherwise returned as read."""
    words = glue_punctuation(words)
    h = _height(words)
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
