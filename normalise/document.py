"""Front matter → the document record: decree number, date, year, satker, flags."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rencana.normalise.dates import parse_indonesian_date
from rencana.normalise.decree_number import parse_decree_number
from rencana.normalise.satker import find_satker_mentions, resolve_satker
from rencana.normalise.text import whitespace_normalise
from rencana.schema.issues import IssueCode, flags_of
from rencana.schema.records import Correction, ExtractedDocument

_YEAR = re.compile(r"\bTAHUN\s+((?:19|20)\d{2})\b", re.I)
_AREAS = range(1, 9)


def plan_year_of(title: str, decree_year: int | None) -> int | None:
    """The plan year: 'TAHUN 2022' at the end of the title, else the decree number's year."""
    years = _YEAR.findall(title)
    if years:
        return int(years[-1])
    return decree_year


def _same_satker(mention: str, satker_name: str) -> bool:
    """'Kota Pasuruan' vs 'KPU Kota Banjar' → False; 'Kota Banjar' vs 'KPU Kota Banjar' → True."""
    m = mention.lower().replace("kab.", "kabupaten").strip()
    return m in satker_name.lower()


_NON_WORD = re.compile(r"\W+")
MIN_DUPLICATE_WORDS = 4


def duplicated_phrase(text: str, min_words: int = MIN_DUPLICATE_WORDS) -> str | None:
    """The longest phrase of ``min_words``+ words repeated back to back in ``text``, else None.

    "… KOTA BANJAR TAHUN 2022 DI LINGKUNGAN KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022 DI LINGKUNGAN
    KOMISI PEMILIHAN UMUM KOTA BANJAR TAHUN 2022." gives the repeated tail (the seed decree's Menetapkan).
    """
    words = text.split()
    norm = [_NON_WORD.sub("", w).upper() for w in words]
    n = len(norm)
    for k in range(n // 2, min_words - 1, -1):
        for i in range(n - 2 * k + 1):
            if norm[i : i + k] == norm[i + k : i + 2 * k] and all(norm[i : i + k]):
                return " ".join(words[i + k : i + 2 * k]).rstrip(".,;")
    return None


def document_record(
    doc: ExtractedDocument,
    rows: Sequence[dict[str, Any]],
    unmatched_labels: int = 0,
    word_repairs: int = 0,
) -> tuple[dict[str, Any], list[Correction]]:
    """The ``documents`` row for an extracted document (status decided here)."""
    front = doc.front
    flags: list[str] = flags_of(i for i in doc.issues if i.code is IssueCode.NEEDS_OCR)
    corrections: list[Correction] = []
    number = parse_decree_number(front.decree_number) if front.decree_number else None
    if not front.decree_number:
        flags.append("no_decree_number:")
    elif number is not None and number.style == "unknown":
        flags.append(f"decree_number_malformed:{front.decree_number}")
    date = parse_indonesian_date(front.date_text) if front.date_text else None
    if date is None:
        flags.append(f"no_decree_date:{front.date_text}")
    title = whitespace_normalise(front.title)
    caption = whitespace_normalise(front.caption)
    # a lampiran-only PDF names its satker and year only in the table's caption
    plan_year = plan_year_of(title or caption, number.year if number else None)
    if number and number.year and plan_year and number.year != plan_year and number.style == "satker":
        flags.append(f"plan_year_mismatch:title {plan_year} vs number {number.year}")
    name_text = " ".join(x for x in (front.kop, title, front.issuer) if x) or caption
    satker, satker_flags = resolve_satker(number.region_code if number else None, name_text, plan_year)
    flags.extend(satker_flags)
    if satker is not None:
        preamble = " ".join((front.menimbang, front.menetapkan, front.diktum))
        others = sorted({m for m in find_satker_mentions(preamble) if not _same_satker(m, satker.name)})
        flags.extend(f"preamble_satker_mismatch:{m}" for m in others)
    if front.menetapkan and (phrase := duplicated_phrase(whitespace_normalise(front.menetapkan))):
        flags.append(f"duplicated_phrase:{phrase}")
    if rows:
        no_month = sum(1 for r in rows if not r["months"])
        no_ind = sum(1 for r in rows if not r["indikator_raw"])
        if no_month:
            flags.append(f"rows_without_months:{no_month}")
        if no_ind:
            flags.append(f"rows_without_indikator:{no_ind}")
        present = {r["area_no"] for r in rows if r["area_no"]}
        missing = [str(a) for a in _AREAS if a not in present]
        if missing:
            flags.append(f"missing_areas:{','.join(missing)}")
        unmatched = sum(1 for r in rows if r["area"] is None)
        if unmatched:
            flags.append(f"unmatched_area:{unmatched}")
        if unmatched_labels:
            flags.append(f"unmatched_labels:{unmatched_labels}")
        if word_repairs:
            flags.append(f"word_repairs:{word_repairs}")
    else:
        flags.append("no_table:")
    if doc.table_pages and doc.table_score < 1.0:
        flags.append(f"low_table_score:{doc.table_score}")
    if number is not None and number.normalised != front.decree_number:
        corrections.append(
            Correction(None, "decree_number", front.decree_number, number.normalised, 100.0, "parse")
        )
    if date is not None:
        corrections.append(Correction(None, "decree_date", front.date_text, date.isoformat(), 100.0, "parse"))
    complete = bool(rows) and date is not None and satker is not None and bool(front.decree_number)
    status = "ok" if complete and not any(f.startswith("needs_ocr") for f in flags) else "partial"
    record: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "source_file": doc.source_file,
        "status": status,
        "error": None
        if status == "ok"
        else _why_partial(rows, date, satker is not None, front.decree_number, flags),
        "satker": satker.name if satker else None,
        "satker_level": satker.level if satker else None,
        "region_code": (satker.region_code or None) if satker else None,
        "province": (satker.province or None) if satker else None,
        "decree_number": whitespace_normalise(front.decree_number) or None,
        "decree_number_norm": number.normalised if number and number.style != "unknown" else None,
        "decree_date": date,
        "decree_date_raw": front.date_text or None,
        "decree_place": front.place or None,
        "plan_year": plan_year,
        "title": title or None,
        "signed_by": front.signed_by or None,
        "certified_by": front.certified_by or None,
        "pages": doc.pages,
        "table_pages": list(doc.table_pages),
        "ocr_pages": list(doc.ocr_pages),
        "rows": len(rows),
        "table_score": doc.table_score,
        "flags": flags,
    }
    return record, corrections


def _why_partial(
    rows: Sequence[object], date: object, satker: bool, number: str, flags: Sequence[str]
) -> str:
    if not rows:
        return "no_table: no action-plan table found"
    missing = [
        name
        for name, ok in (
            ("decree date", date is not None),
            ("satker", satker),
            ("decree number", bool(number)),
        )
        if not ok
    ]
    if any(f.startswith("needs_ocr") for f in flags):
        missing.append("pages needing OCR")
    return "incomplete: " + ", ".join(missing)
