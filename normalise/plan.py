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
from dataclasses import dataclass, replace
from typing import Literal

from rencana.normalise.areas import AreaMatch, match_area
from rencana.normalise.items import leading_number, split_items
from rencana.normalise.reconcile import Reconciler, RowCells, default_reconciler, strip_number
from rencana.normalise.text import whitespace_normalise
from rencana.schema.issues import LOW_OCR_CONF
from rencana.schema.numbering import number_value
from rencana.schema.records import Correction, PlanRow, RawRow

__all__ = ["NormalisedRows", "normalise_rows", "strip_number"]

AREA_COUNT = 8  # the No column may number the 8 areas in Roman (I..VIII)


def _number_of(text: str) -> int | None:
    """'7' -> 7, '7. Pengawasan' -> 7, 'VII' -> 7 (the No column may number areas in Roman)."""
    return leading_number(text) or number_value(text.strip().rstrip("."), maximum=AREA_COUNT)


@dataclass(frozen=True, slots=True)
class NormalisedRows:
    rows: list[PlanRow]
    corrections: list[Correction]
    unmatched_labels: int = 0
    word_repairs: int = 0


@dataclass(slots=True)
class _FillDown:
    """The merged No / Area / Kegiatan cells carried down the table, as last printed."""

    no_raw: str = ""
    area_raw: str = ""
    kegiatan_raw: str = ""
    no_numbers_kegiatan: bool = False  # under area headings the No column numbers the kegiatan
    kegiatan_no_printed: int | None = None

    def heading(self, raw: RawRow) -> None:
        """A full-width heading row: an area when it names one, else a kegiatan."""
        heading = whitespace_normalise(raw.area)
        if match_area(heading, None).method in ("exact", "variant", "fuzzy"):
            self.area_raw, self.no_raw, self.kegiatan_raw = heading, "", ""
            self.no_numbers_kegiatan = True
        else:
            self.kegiatan_raw = heading

    def advance(self, raw: RawRow) -> bool:
        """Take a body row's printed cells; True when the row opens a kegiatan."""
        new_area = bool(raw.area.strip() or (raw.no.strip() and not self.no_numbers_kegiatan))
        if raw.no.strip() and self.no_numbers_kegiatan:
            self.kegiatan_no_printed = _number_of(raw.no)
        elif raw.no.strip():
            self.no_raw = whitespace_normalise(raw.no)
        if raw.area.strip():
            self.area_raw = whitespace_normalise(raw.area)
        if raw.kegiatan.strip():
            self.kegiatan_raw = whitespace_normalise(raw.kegiatan)
        elif new_area and raw.starts_kegiatan:
            self.kegiatan_raw = ""
        return bool(raw.kegiatan.strip()) or (new_area and raw.starts_kegiatan)

    def area(self) -> AreaMatch:
        return match_area(self.area_raw, _number_of(self.no_raw) if self.no_raw else None)


def normalise_rows(
    raw_rows: Sequence[RawRow], route_of_page: Mapping[int, str], reconciler: Reconciler | None = None
) -> NormalisedRows:
    """Plan rows of one document: fill down → areas → reconcile.

    ``reconciler`` defaults to one for the current vocabulary.
    """
    state = _FillDown()
    rows: list[PlanRow] = []
    cells: list[RowCells] = []
    corrections: list[Correction] = []
    for raw in raw_rows:
        if raw.section:
            state.heading(raw)
            continue
        row_no = len(rows) + 1
        kegiatan_starts = state.advance(raw)
        match = state.area()
        corrections += _area_correction(row_no, state.area_raw, match)
        row = _plan_row(row_no, raw, state, match, route_of_page.get(raw.page, "text"))
        rows.append(row)
        cells.append(_row_cells(row, match, kegiatan_starts))
    return _reconciled(rows, cells, corrections, reconciler or default_reconciler())


def _area_correction(row_no: int, area_raw: str, match: AreaMatch) -> list[Correction]:
    """The printed area mapped to its canonical name through a variant or a fuzzy match."""
    if not (match.canonical and match.method in ("variant", "fuzzy") and area_raw):
        return []
    method: Literal["variant", "fuzzy"] = "variant" if match.method == "variant" else "fuzzy"
    return [
        Correction(
            row_no,
            "area",
            area_raw,
            match.canonical,
            float(match.score),
            method,
            needs_review=method == "fuzzy" and match.score < 90,
            scorer="variant" if method == "variant" else "ratio+token_sort_ratio",
            canonical_id=match.area_id,
        )
    ]


def _plan_row(row_no: int, raw: RawRow, state: _FillDown, match: AreaMatch, route: str) -> PlanRow:
    """The row before reconciliation: printed texts filled down, numbers, months, geometry."""
    kegiatan_raw = state.kegiatan_raw
    sub_raw = whitespace_normalise(raw.sub_kegiatan)
    ind_raw = whitespace_normalise(raw.indikator)
    return PlanRow(
        row_no=row_no,
        page=raw.page,
        pages=sorted({raw.page, *raw.continued_pages}),
        area_no=match.area_no,
        area_raw=state.area_raw or None,
        area=match.canonical,
        kegiatan_no=(leading_number(kegiatan_raw) if kegiatan_raw else None) or state.kegiatan_no_printed,
        kegiatan_raw=kegiatan_raw or None,
        sub_kegiatan_no=leading_number(sub_raw) if sub_raw else None,
        sub_kegiatan_raw=sub_raw or None,
        indikator_raw=ind_raw or None,
        months=[m + 1 for m, mark in enumerate(raw.marks) if mark],
        month_marks=list(raw.marks),
        grid_unit=raw.grid_unit,
        x0=raw.bbox.x0,
        top=raw.bbox.top,
        x1=raw.bbox.x1,
        bottom=raw.bbox.bottom,
        route=route,
        ocr_conf=raw.ocr_conf,
        # unmatched area, or an OCR'd row whose weakest text cell reads with low confidence
        needs_review=match.canonical is None or (raw.ocr_conf is not None and raw.ocr_conf < LOW_OCR_CONF),
    )


def _row_cells(row: PlanRow, match: AreaMatch, kegiatan_starts: bool) -> RowCells:
    """What the reconciler reads of a row: its texts and where its kegiatan starts."""
    return RowCells(
        row_no=row.row_no,
        area_id=match.area_id,
        kegiatan_raw=row.kegiatan_raw or "",
        kegiatan_starts=kegiatan_starts,
        sub_raw=row.sub_kegiatan_raw or "",
        indikator_raw=split_items(row.indikator_raw or ""),
    )


def _reconciled(
    rows: list[PlanRow], cells: list[RowCells], corrections: list[Correction], reconciler: Reconciler
) -> NormalisedRows:
    """Kegiatan, sub kegiatan and indikator reconciled with the vocabulary (word repairs, labels)."""
    rec = reconciler.reconcile(cells)
    done = [
        replace(
            row,
            kegiatan=res.kegiatan,
            kegiatan_id=res.kegiatan_id,
            sub_kegiatan=res.sub_kegiatan,
            sub_kegiatan_ids=res.sub_kegiatan_ids,
            indikator=res.indikator,
            kegiatan_canonical=res.kegiatan_map.canonical if res.kegiatan_map else None,
            kegiatan_match_score=res.kegiatan_map.score if res.kegiatan_map else None,
            kegiatan_match_method=res.kegiatan_map.method if res.kegiatan_map else None,
            sub_kegiatan_canonical=[m.canonical for m in res.sub_maps],
            sub_kegiatan_match_scores=[m.score for m in res.sub_maps],
            sub_kegiatan_match_methods=[m.method for m in res.sub_maps],
            needs_review=row.needs_review or res.needs_review,
        )
        for row, res in zip(rows, rec.rows, strict=True)
    ]
    return NormalisedRows(done, corrections + rec.corrections, rec.unmatched_labels, rec.word_repairs)
