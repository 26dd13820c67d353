"""Raw table rows → plan rows: hierarchy filled down, items split, months listed, labels reconciled.

Areas map to the 8 RB areas (``areas.py``); kegiatan, sub kegiatan and
indicator texts are reconciled with the canonical vocabulary
(``reconcile.py``: word repairs, then labels to canonical ids).  Every change
between a printed text and its normalised value is returned as a
:class:`Correction` so the audit table can show it; the printed texts stay in
the ``*_raw`` columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rencana.normalise.areas import match_area
from rencana.normalise.items import leading_number, split_items
from rencana.normalise.reconcile import Reconciler, RowCells, default_reconciler, strip_number
from rencana.normalise.text import whitespace_normalise
from rencana.schema.records import Correction, RawRow

__all__ = ["NormalisedRows", "normalise_rows", "strip_number"]


LOW_OCR_CONF = 60.0  # mean Tesseract confidence (0-100) under which an OCR-read row goes to review
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
    unmatched_labels: int = 0
    word_repairs: int = 0


def normalise_rows(
    raw_rows: Sequence[RawRow], route_of_page: Mapping[int, str], reconciler: Reconciler | None = None
) -> NormalisedRows:
    """Plan rows of one document; ``reconciler`` defaults to one for the current vocabulary."""
    rows: list[dict[str, Any]] = []
    cells: list[RowCells] = []
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
                    scorer="variant" if method == "variant" else "ratio+token_sort_ratio",
                    canonical_id=match.area_id,
                )
            )
        sub_raw = whitespace_normalise(raw.sub_kegiatan)
        ind_raw = whitespace_normalise(raw.indikator)
        cells.append(
            RowCells(
                row_no=i,
                area_id=match.area_id,
                kegiatan_raw=kegiatan_raw,
                kegiatan_starts=bool(raw.kegiatan.strip()) or (new_area and raw.starts_kegiatan),
                sub_raw=sub_raw,
                indikator_raw=split_items(ind_raw),
            )
        )
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
                "sub_kegiatan_no": leading_number(sub_raw) if sub_raw else None,
                "sub_kegiatan_raw": sub_raw or None,
                "indikator_raw": ind_raw or None,
                "months": months,
                "month_marks": list(raw.marks),
                "x0": raw.bbox.x0,
                "top": raw.bbox.top,
                "x1": raw.bbox.x1,
                "bottom": raw.bbox.bottom,
                "route": route,
                "ocr_conf": raw.ocr_conf,
                # unmatched area, or an OCR'd row read with low confidence
                "needs_review": match.canonical is None
                or (raw.ocr_conf is not None and raw.ocr_conf < LOW_OCR_CONF),
            }
        )
    rec = (reconciler or default_reconciler()).reconcile(cells)
    for row, res in zip(rows, rec.rows, strict=True):
        row.update(
            kegiatan=res.kegiatan,
            kegiatan_id=res.kegiatan_id,
            sub_kegiatan=res.sub_kegiatan,
            sub_kegiatan_ids=res.sub_kegiatan_ids,
            indikator=res.indikator,
            needs_review=row["needs_review"] or res.needs_review,
        )
    return NormalisedRows(rows, corrections + rec.corrections, rec.unmatched_labels, rec.word_repairs)
