"""Raw table rows → plan rows: hierarchy filled down, items split, months listed.

Needs no vocabulary beyond the 8 RB areas.  Every change between a printed
text and its normalised value is returned as a :class:`Correction` so the
audit table can show it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rencana.normalise.areas import match_area
from rencana.normalise.items import leading_number, split_items
from rencana.normalise.text import clean_with_changes, whitespace_normalise
from rencana.schema.records import Correction, RawRow

_PREFIX = re.compile(r"^\s*\(?(?:\d{1,2}|[a-zA-Z]|[IVX]{1,4})\s*[.)]\s*")


def strip_number(text: str) -> str:
    """'1. Pembangunan Zona Integritas' → 'Pembangunan Zona Integritas'."""
    return _PREFIX.sub("", text, count=1).strip()


_ROMAN = {r: i for i, r in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII"], start=1)}


def _int_or_none(text: str) -> int | None:
    """'7' → 7, 'VII' → 7 (the No column may number areas in Roman), else None."""
    t = text.strip().rstrip(".")
    if t.isdigit():
        return int(t)
    return _ROMAN.get(t.upper())


@dataclass(frozen=True, slots=True)
class NormalisedRows:
    rows: list[dict[str, Any]]
    corrections: list[Correction]


def _clean(field: str, row_no: int, raw: str, out: list[Correction]) -> str:
    cleaned, rules = clean_with_changes(raw)
    if cleaned != raw and rules:
        out.append(Correction(row_no, field, raw, cleaned, 100.0, "clean"))
    return cleaned


def normalise_rows(raw_rows: Sequence[RawRow], route_of_page: Mapping[int, str]) -> NormalisedRows:
    rows: list[dict[str, Any]] = []
    corrections: list[Correction] = []
    no_raw = area_raw = kegiatan_raw = ""
    no_numbers_kegiatan = False
    kegiatan_no_printed: int | None = None
    i = 0
    for raw in raw_rows:
        if raw.section:
            # a full-width heading row: an area when it names one, else a kegiatan
            heading = whitespace_normalise(raw.area)
            if match_area(heading, None).method in ("exact", "variant", "fuzzy"):
                area_raw, no_raw, kegiatan_raw = heading, "", ""
                # under area headings the No column numbers the kegiatan
                no_numbers_kegiatan = True
            else:
                kegiatan_raw = heading
            continue
        i += 1
        new_area = bool(raw.area.strip() or (raw.no.strip() and not no_numbers_kegiatan))
        if raw.no.strip() and no_numbers_kegiatan:
            kegiatan_no_printed = leading_number(raw.no) or _int_or_none(raw.no)
        elif raw.no.strip():
            no_raw = whitespace_normalise(raw.no)
        if raw.area.strip():
            area_raw = whitespace_normalise(raw.area)
        if raw.kegiatan.strip():
            kegiatan_raw = whitespace_normalise(raw.kegiatan)
        elif new_area and raw.starts_kegiatan:
            kegiatan_raw = ""
        printed_no = (leading_number(no_raw) or _int_or_none(no_raw)) if no_raw else None
        match = match_area(area_raw, printed_no)
        if match.canonical and match.method in ("variant", "fuzzy") and area_raw:
            method: Literal["variant", "fuzzy"] = "variant" if match.method == "variant" else "fuzzy"
            corrections.append(
                Correction(
                    i,
                    "area",
                    area_raw,
                    match.canonical,
                    float(match.score),
                    method,
                    needs_review=method == "fuzzy" and match.score < 90,
                )
            )
        sub_raw = whitespace_normalise(raw.sub_kegiatan)
        ind_raw = whitespace_normalise(raw.indikator)
        kegiatan = _clean("kegiatan", i, strip_number(kegiatan_raw), corrections) if kegiatan_raw else ""
        sub = _clean("sub_kegiatan", i, strip_number(sub_raw), corrections) if sub_raw else ""
        indikator = [clean_with_changes(item)[0] for item in split_items(ind_raw)]
        months = [m + 1 for m, mark in enumerate(raw.marks) if mark]
        route = route_of_page.get(raw.page, "text")
        rows.append(
            {
                "row_no": i,
                "page": raw.page,
                "pages": sorted({raw.page, *raw.continued_pages}),
                "area_no": match.area_no,
                "area_raw": area_raw or None,
                "area": match.canonical,
                "kegiatan_no": (leading_number(kegiatan_raw) if kegiatan_raw else None)
                or kegiatan_no_printed,
                "kegiatan_raw": kegiatan_raw or None,
                "kegiatan": kegiatan or None,
                "sub_kegiatan_no": leading_number(sub_raw) if sub_raw else None,
                "sub_kegiatan_raw": sub_raw or None,
                "sub_kegiatan": sub or None,
                "indikator_raw": ind_raw or None,
                "indikator": indikator,
                "months": months,
                "month_marks": list(raw.marks),
                "x0": raw.bbox.x0,
                "top": raw.bbox.top,
                "x1": raw.bbox.x1,
                "bottom": raw.bbox.bottom,
                "route": route,
                "ocr_conf": raw.ocr_conf,
                "needs_review": match.canonical is None,
            }
        )
    return NormalisedRows(rows, corrections)
