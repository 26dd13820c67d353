"""Match an AREA PERUBAHAN cell to one of the 8 RB areas (``schema/vocabulary/areas.yaml``).

Text is cleaned, lower-cased and stripped of its number prefix, then compared
with each area's canonical name, variants and acronyms: exact first, then fuzzy
(the better of whole-string ratio on space-free forms and ``token_sort_ratio``,
so extra or missing words cost points, unlike ``token_set_ratio``) with a
threshold and a margin over the runner-up area.  The printed area number is the
fallback when the text is empty or unmatched, and the tie-breaker when two
areas score alike.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml
from rapidfuzz import fuzz

from rencana.normalise.items import leading_number
from rencana.normalise.text import clean_text
from rencana.schema.numbering import roman_value

log = logging.getLogger(__name__)

# Measured on areas.yaml: every form with one character dropped, swapped, changed or inserted scores >= 86.7
# for its own area; kegiatan names from the vocabulary draft and lone words ("Manajemen", "Penguatan") score
# <= 75 for every area, except "Pengelolaan Akuntabilitas Kinerja" (90.6, an area-6 kegiatan, so harmless).
# tests/unit/test_normalise_areas.py pins both sides.
FUZZY_THRESHOLD = 85.0
FUZZY_MARGIN = 8.0
MIN_FUZZY_LEN = 6  # forms and texts shorter than this match exactly or not at all

AreaMethod = Literal["exact", "variant", "fuzzy", "number", "unmatched"]

_PREFIX_RE = re.compile(
    r"^(?:area(?:\s+perubahan)?\s*)?(?:\(?\d{1,2}\s*[.):]?|[ivx]{1,4}\b\s*[.):]?)?\s*[-:.]?\s*", re.IGNORECASE
)
_ROMAN_PREFIX_RE = re.compile(r"^(?:area\s+(?:perubahan\s+)?)?([ivx]{1,4})\b", re.IGNORECASE)
_NON_WORD_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Area:
    no: int
    id: str
    canonical: str
    variants: tuple[str, ...]
    acronyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """Outcome of matching one area cell; ``score`` is 0..100 (100 for exact and variant matches)."""

    raw: str
    canonical: str | None
    area_no: int | None
    score: float
    method: AreaMethod
    area_id: str | None = None


def _key(s: str) -> str:
    """Lower-cased words of the cleaned text, with any "7." / "VII" / "Area 7:" prefix removed."""
    s = clean_text(s).lower()
    s = _PREFIX_RE.sub("", s, count=1)
    return " ".join(_NON_WORD_RE.sub(" ", s).split())


@functools.cache
def areas() -> tuple[Area, ...]:
    """The 8 areas from the packaged ``vocabulary/areas.yaml``."""
    text = resources.files("rencana.schema").joinpath("vocabulary/areas.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return tuple(
        Area(
            no=int(a["no"]),
            id=str(a["id"]),
            canonical=str(a["canonical"]),
            variants=tuple(str(v) for v in a.get("variants") or ()),
            acronyms=tuple(str(v) for v in a.get("acronyms") or ()),
        )
        for a in data["areas"]
    )


@functools.cache
def _forms() -> tuple[tuple[str, Area, bool], ...]:
    """(key, area, is_canonical) for every name form."""
    out: list[tuple[str, Area, bool]] = []
    for area in areas():
        out.append((_key(area.canonical), area, True))
        out.extend((_key(v), area, False) for v in area.variants)
    return tuple(out)


@functools.cache
def _exact() -> dict[str, tuple[Area, bool]]:
    table: dict[str, tuple[Area, bool]] = {}
    for key, area, canonical in _forms():
        table.setdefault(key, (area, canonical))
    for area in areas():
        for acro in area.acronyms:
            table.setdefault(acro.lower().replace(".", ""), (area, False))
    return table


def _score(a: str, b: str) -> float:
    return max(fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")), fuzz.token_sort_ratio(a, b))


def area_scores(text: str) -> dict[int, float]:
    """Best fuzzy score of ``text`` against each area's forms (area number -> 0..100)."""
    key = _key(text)
    best: dict[int, float] = {}
    if len(key.replace(" ", "")) < MIN_FUZZY_LEN:
        return best
    for form, area, _ in _forms():
        if len(form.replace(" ", "")) >= MIN_FUZZY_LEN:
            best[area.no] = max(best.get(area.no, 0.0), _score(key, form))
    return best


def _printed_number(text: str) -> int | None:
    s = clean_text(text)
    n = leading_number(re.sub(r"^area\s+(?:perubahan\s+)?", "", s, flags=re.IGNORECASE))
    if n is None and (m := _ROMAN_PREFIX_RE.match(s)):
        n = roman_value(m.group(1), maximum=8)
    return n if isinstance(n, int) else None


def area_by_no(no: int) -> Area | None:
    return next((a for a in areas() if a.no == no), None)


def _number_fallback(text: str, area_no: int | None, score: float) -> AreaMatch:
    no = area_no if area_no is not None else _printed_number(text)
    area = area_by_no(no) if no is not None else None
    if area is None:
        return AreaMatch(text, None, None, score, "unmatched")
    return AreaMatch(text, area.canonical, area.no, 0.0, "number", area.id)


def match_area(text: str, area_no: int | None) -> AreaMatch:
    """Match an area cell by name (exact, variant, fuzzy), falling back to the printed number."""
    key = _key(text)
    if not key:
        return _number_fallback(text, area_no, 0.0)
    if key in _exact():
        area, canonical = _exact()[key]
        return AreaMatch(text, area.canonical, area.no, 100.0, "exact" if canonical else "variant", area.id)
    scores = sorted(area_scores(text).items(), key=lambda kv: kv[1], reverse=True)
    if not scores or scores[0][1] < FUZZY_THRESHOLD:
        return _number_fallback(text, area_no, scores[0][1] if scores else 0.0)
    top_no, top = scores[0]
    close = [no for no, sc in scores if top - sc < FUZZY_MARGIN]
    if len(close) > 1:
        if area_no in close:
            top_no, top = area_no, dict(scores)[area_no]
        else:
            log.debug("area %r ambiguous between %s", text, close)
            return _number_fallback(text, area_no, top)
    chosen = area_by_no(top_no)
    assert chosen is not None
    return AreaMatch(text, chosen.canonical, chosen.no, float(top), "fuzzy", chosen.id)
