"""Group a page's words into visual text lines (for the front matter)."""

from __future__ import annotations

from collections.abc import Sequence

from rencana.schema.records import Word


def text_lines(words: Sequence[Word], top: float = 0.0, bottom: float = float("inf")) -> list[str]:
    """Lines of words between ``top`` and ``bottom``, top to bottom, words left to right.

    Words join a line when their vertical centres are within half a line height;
    a wide horizontal gap (a tab in the source, as in ``Menimbang : a. bahwa``)
    becomes a single space, which is what the front-matter reader expects.
    """
    chosen = sorted((w for w in words if top <= w.cy <= bottom), key=lambda w: (w.cy, w.x0))
    if not chosen:
        return []
    heights = sorted(w.bottom - w.top for w in chosen)
    h = max(3.0, heights[len(heights) // 2])
    lines: list[list[Word]] = []
    for w in chosen:
        mid = sum(x.cy for x in lines[-1]) / len(lines[-1]) if lines else 0.0
        # an OCR box stretched by a signature stroke under the word still sits on its line
        stretched = w.source == "ocr" and w.bottom - w.top > 1.5 * h and w.top <= mid <= w.bottom
        if lines and (abs(w.cy - mid) < 0.5 * h or stretched):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [" ".join(w.text for w in sorted(line, key=lambda w: w.x0)) for line in lines]
