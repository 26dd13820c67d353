"""Split multi-item cells ("1. … 2. …", "a. … b. …") into their top-level items.

The top-level list is the marker sequence (numbers 1, 2, 3… or letters a, b,
c…, each with one punctuation style) that starts earliest in the text and runs
in steps of one; a list of another kind inside one of its items stays there.
A marker needs whitespace (or ``;:,(`` or the text start) before it and
whitespace after it, so "2.5", "No. 7", "jo.", "ORT.07", "dll.", "a.n." and
dates never split.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from rencana.schema.numbering import roman_value

log = logging.getLogger(__name__)

_MARKER_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s;:,]))"
    r"(?:\((?P<pn>\d{1,2})\)|\((?P<pl>[a-z])\)"
    r"|(?P<n>\d{1,2})(?P<np>[.)])|(?P<l>[a-z])(?P<lp>[.)]))"
    r"(?=\s)"
)
# "1.Adanya": a numbered marker glued to a capitalised word (OCR lost the space)
_GLUED_RE = re.compile(r"(?:(?<=^)|(?<=[\s;:,]))(?P<n>\d{1,2})\.(?=[A-Z][a-z])")
_TRAILING_RE = re.compile(r"(?:\s*[;,]\s*(?:dan|atau)?)+$|\s*[;,]+$", re.IGNORECASE)
_ROMAN_RE = re.compile(r"^(?P<r>[IVX]{1,5})[.)]\s")
_LEADING_RE = re.compile(r"^\(?(?P<n>\d{1,2})(?:[.)]\s|\)\s|[.)]?$|\.(?=[A-Z]))")
# Usual nesting in Indonesian documents: 1. > a. > 1) > a) > (1) > (a); lower is outer.
_RANK = {"n.": 0, "l.": 1, "n)": 2, "l)": 3, "(n)": 4, "(l)": 5}


@dataclass(frozen=True, slots=True)
class Item:
    """One top-level item: its marker as printed ("3.", "b)"), its ordinal, its text."""

    marker: str | None
    number: int | None  # 3 for "3.", 2 for "b."; None for text before the first marker
    text: str


@dataclass(frozen=True, slots=True)
class _Marker:
    start: int
    end: int
    kind: str  # "n." "n)" "(n)" "l." "l)" "(l)"
    value: int
    token: str


def _markers(s: str) -> list[_Marker]:
    found: dict[int, _Marker] = {}
    for m in _MARKER_RE.finditer(s):
        if m.group("pn") or m.group("n"):
            digits = m.group("pn") or m.group("n")
            kind = "(n)" if m.group("pn") else "n" + m.group("np")
            value = int(digits)
        else:
            letter = m.group("pl") or m.group("l")
            kind = "(l)" if m.group("pl") else "l" + m.group("lp")
            value = ord(letter) - ord("a") + 1
        found[m.start()] = _Marker(m.start(), m.end(), kind, value, m.group(0))
    for m in _GLUED_RE.finditer(s):
        found.setdefault(m.start(), _Marker(m.start(), m.end(), "n.", int(m.group("n")), m.group(0)))
    return [found[k] for k in sorted(found)]


def _chain_from(markers: list[_Marker], i: int) -> list[_Marker]:
    """Markers of one kind counting up from ``markers[i]``; a restart (a value not above the last) ends it."""
    chain = [markers[i]]
    for m in markers[i + 1 :]:
        last = chain[-1]
        if m.kind != last.kind:
            continue
        if m.value == last.value + 1:
            chain.append(m)
        elif m.value <= last.value:
            break
    return chain


def _top_level(s: str, markers: list[_Marker]) -> list[_Marker]:
    """Pick the top-level chain.

    The earliest chain of two or more markers wins, unless the text opens with a
    lone marker of an outer-or-equal kind ("3. Penetapan …: a. … b. …" stays one
    item 3).  A lone opening marker of an inner kind ("b. … 9. … 10. …", a
    sub-item carried over from the previous page) gives way to the later list.
    """
    opening = _chain_from(markers, 0) if markers and markers[0].start == 0 else []
    if len(opening) >= 2:
        return opening
    longer = next((c for i in range(len(markers)) if len(c := _chain_from(markers, i)) >= 2), [])
    if opening and longer:
        return longer if _RANK[longer[0].kind] < _RANK[opening[0].kind] else opening
    return opening or longer


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return _TRAILING_RE.sub("", text).strip()


def split_items_numbered(s: str) -> list[Item]:
    """Top-level items with their markers; text before the first marker is an item with ``marker=None``."""
    s = " ".join(s.split())
    if not s:
        return []
    chain = _top_level(s, _markers(s))
    if not chain:
        return [Item(None, None, _tidy(s))] if _tidy(s) else []
    items: list[Item] = []
    head = _tidy(s[: chain[0].start])
    if head:
        items.append(Item(None, None, head))
    for k, m in enumerate(chain):
        end = chain[k + 1].start if k + 1 < len(chain) else len(s)
        body = _tidy(s[m.end : end])
        if body:
            items.append(Item(m.token.strip(), m.value, body))
    return items


def split_items(s: str) -> list[str]:
    """Top-level items of a cell, markers removed; no markers -> one item; empty -> []."""
    return [item.text for item in split_items_numbered(s)]


def leading_number(s: str) -> int | None:
    """The number opening ``s``: "3. Penetapan" -> 3, "(2) x" -> 2, "III. x" -> 3, "a. x" -> None."""
    s = s.strip()
    if m := _LEADING_RE.match(s):
        return int(m.group("n"))
    if m := _ROMAN_RE.match(s):
        return roman_value(m.group("r"))  # canonical numerals only: "IIII" is not 4
    return None
