"""Numbered and lettered items inside table cells ("1. … 2. …", "a. … b. …").

Cell texts in a :class:`~rencana.corpus.model.RowSpec` are printed with their
markers; ``"\\n"`` marks an item break a renderer may honour.  These helpers
split such texts the way the ground truth describes them.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
_MARKER = re.compile(r"(?:(?<=\s)|^)(\d{1,2}|[a-z])\.(?=\s)")


def normalise_ws(text: str) -> str:
    """Collapse every whitespace run (line breaks included) to one space and strip."""
    return _WS.sub(" ", text).strip()


def strip_marker(text: str) -> str:
    """``"1. Pembangunan …"`` -> ``"Pembangunan …"``, whitespace-normalised."""
    return re.sub(r"^\(?(?:\d{1,2}|[a-zA-Z]|[IVX]{1,4})\s*[.)]\s+", "", normalise_ws(text), count=1)


def leading_number(text: str) -> int | None:
    """The number of a leading ``"N."`` marker, e.g. 3 for ``"3. Pelaksanaan …"``."""
    m = re.match(r"\s*(\d{1,2})\.\s", text)
    return int(m.group(1)) if m else None


def _markers(text: str) -> list[tuple[int, int, str, bool]]:
    """Accepted item markers as (start, end, label, top_level), in reading order.

    A number is accepted when it continues the running sequence (the first one
    may start anywhere); a letter when it continues its run, which restarts at
    ``a`` after each accepted number.  Top level is numbers when the text starts
    with a number, letters when it starts with a letter, otherwise nothing.
    """
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    first = _MARKER.match(stripped)
    top_kind = "" if first is None else ("num" if first.group(1).isdigit() else "let")
    found: list[tuple[int, int, str, bool]] = []
    next_num: int | None = None
    next_let = "a"
    for m in _MARKER.finditer(text):
        label = m.group(1)
        if label.isdigit():
            num = int(label)
            if (next_num is None and (m.start() == offset or top_kind != "num")) or num == next_num:
                next_num, next_let = num + 1, "a"
                found.append((m.start(), m.end(), label, top_kind == "num"))
        elif label == next_let:
            next_let = chr(ord(label) + 1)
            found.append((m.start(), m.end(), label, top_kind == "let"))
    return found


def split_items(text: str) -> list[str]:
    """Top-level items of a cell without their markers, whitespace-normalised.

    ``"1. Adanya X : a. P b. Q 2. % Y"`` gives ``["Adanya X : a. P b. Q", "% Y"]``;
    a text without a leading marker is one item; an empty text gives ``[]``.
    """
    flat = normalise_ws(text)
    if not flat:
        return []
    tops = [(s, e) for s, e, _, top in _markers(flat) if top]
    if not tops or tops[0][0] != 0:
        return [flat]
    items: list[str] = []
    for i, (_, end) in enumerate(tops):
        stop = tops[i + 1][0] if i + 1 < len(tops) else len(flat)
        item = flat[end:stop].strip()
        if item:
            items.append(item)
    return items


def break_items(text: str) -> str:
    """Insert ``"\\n"`` before every accepted marker but the first (for flat seed texts)."""
    flat = normalise_ws(text)
    starts = [s for s, _, _, _ in _markers(flat) if s > 0]
    out: list[str] = []
    prev = 0
    for s in starts:
        out.append(flat[prev:s].rstrip())
        prev = s
    out.append(flat[prev:])
    return "\n".join(out)
