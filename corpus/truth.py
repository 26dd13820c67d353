"""Ground truth beside each generated PDF: ``<stem>.truth.json`` (format ``rencana-truth/1``).

``*_raw`` fields are the cell texts as printed with whitespace collapsed; merged
cells give their text on every row of the span.  The vocabulary fields say what
normalisation should give: ``kegiatan`` / ``sub_kegiatan`` (the cell, number
prefix removed, typos undone, a variant name replaced by the canonical one),
``indikator`` (the top-level items of the indicator cell without their markers,
typos undone), ``kegiatan_id`` / ``sub_kegiatan_ids`` (``activities.yaml`` ids)
and ``typos`` (every planted error: ``{field, kind, wrong, right}``).  The
document's ``other_satker_in_preamble`` and ``duplicated_phrase`` are the
planted copy-paste errors.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Literal

from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.textitems import normalise_ws, split_items, strip_marker

FORMAT = "rencana-truth/1"
Renderer = Literal["canvas", "docx", "scan", "xlsx"]


def truth_path(pdf_path: Path) -> Path:
    """``x/abc.pdf`` -> ``x/abc.truth.json``."""
    return pdf_path.with_name(f"{pdf_path.stem}.truth.json")


def truth_dict(
    spec: DecreeSpec,
    layout: LayoutSpec,
    result: RenderResult,
    renderer: Renderer,
    layout_extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The truth document as plain JSON-ready data.

    ``layout_extra`` is merged into the ``layout`` block (the scan renderer
    records what the scanner did to each page there, under ``scan``).
    """
    s = spec.satker
    if len(result.row_pages) != len(spec.rows):
        raise ValueError(f"{spec.doc_key}: {len(result.row_pages)} row pages for {len(spec.rows)} rows")
    document = {
        "satker": s.name,
        "satker_level": s.level,
        "region_code": s.region_code or None,
        "province": s.province or None,
        "decree_number": normalise_ws(spec.decree_number),
        "decree_date": spec.decree_date.isoformat(),
        "plan_year": spec.plan_year,
        "title": normalise_ws(spec.title),
        "signed_by": normalise_ws(spec.ketua),
        "pages": result.pages,
        "other_satker_in_preamble": spec.other_satker_in_preamble,
        "other_satker_part": spec.other_satker_part,
        "duplicated_phrase": spec.duplicated_phrase,
    }
    rows = [
        {
            "row_no": i,
            "page": page,
            "area_no": r.area_no,
            "area_raw": normalise_ws(r.area_text),
            "area": r.area_canonical,
            "kegiatan_no": r.kegiatan_no,
            "kegiatan_raw": normalise_ws(r.kegiatan_text),
            "sub_kegiatan_no": r.sub_kegiatan_no,
            "sub_kegiatan_raw": normalise_ws(r.sub_kegiatan_text),
            "indikator_raw": normalise_ws(r.indikator_text),
            "indikator": split_items(r.indikator_clean) if r.indikator_clean else list(r.indikator_items),
            "months": sorted(r.months),
            "kegiatan": strip_marker(r.kegiatan_clean or r.kegiatan_text) or None,
            "kegiatan_id": r.kegiatan_id,
            "sub_kegiatan": strip_marker(r.sub_kegiatan_clean or r.sub_kegiatan_text) or None,
            "sub_kegiatan_ids": list(r.sub_kegiatan_ids),
            "typos": [typo.as_dict() for typo in r.typos],
        }
        for i, (r, page) in enumerate(zip(spec.rows, result.row_pages, strict=True), start=1)
    ]
    return {
        "format": FORMAT,
        "source_file": Path(result.pdf_path).name,
        "renderer": renderer,
        "layout": {**dataclasses.asdict(layout), **(layout_extra or {})},
        "document": document,
        "rows": rows,
    }


def write_truth(
    spec: DecreeSpec,
    layout: LayoutSpec,
    result: RenderResult,
    renderer: Renderer,
    path: Path | None = None,
    layout_extra: dict[str, Any] | None = None,
) -> Path:
    """Write the truth JSON (default: beside the PDF) and return its path."""
    out = Path(path) if path is not None else truth_path(Path(result.pdf_path))
    data = truth_dict(spec, layout, result, renderer, layout_extra)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def load_truth(path: Path) -> dict[str, Any]:
    """Read a truth file, checking its format tag."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} truth file")
    return data
