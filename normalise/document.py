"""Front matter → the document record: decree number, date, year, satker, flags."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rencana.normalise.dates import parse_indonesian_date
from rencana.normalise.decree_number import choose_number, dated_month
from rencana.normalise.names import checked_names
from rencana.normalise.ocr_front import choose_date, ocr_title, title_copies, voted_title
from rencana.normalise.satker import other_satkers, resolve_satker
from rencana.normalise.text import whitespace_normalise
from rencana.schema.issues import Issue, IssueCode, flags_of
from rencana.schema.reasons import Reason
from rencana.schema.records import (
    Correction,
    DocumentRecord,
    ExtractedDocument,
    FrontMatter,
    ParsedDecreeNumber,
    PlanRow,
    Satker,
)

_YEAR = re.compile(r"\bTAHUN\s+((?:19|20)\d{2})\b", re.I)
_AREAS = range(1, 9)


def plan_year_of(title: str, decree_year: int | None) -> int | None:
    """The plan year: 'TAHUN 2022' at the end of the title, else the decree number's year."""
    years = _YEAR.findall(title)
    if years:
        return int(years[-1])
    return decree_year


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


@dataclass(frozen=True, slots=True)
class NormalisedDocument:
    """The documents row of one file, its document-level corrections and its findings, in order."""

    record: DocumentRecord
    corrections: list[Correction]
    issues: list[Issue]


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What the front matter says once parsed: number, date, plan year, satker."""

    number: ParsedDecreeNumber | None
    date: dt.date | None
    title: str
    plan_year: int | None
    satker: Satker | None


def document_record(
    doc: ExtractedDocument,
    rows: Sequence[PlanRow],
    unmatched_labels: int = 0,
    word_repairs: int = 0,
) -> NormalisedDocument:
    """The ``documents`` row for an extracted document (status decided here).

    Its flags are those of the pages needing OCR and of the decree and its rows; the
    pipeline adds extract's other findings.
    """
    issues = [i for i in doc.issues if i.code is IssueCode.NEEDS_OCR]
    front = doc.front  # issue 10: names checked, the number chosen between its two copies
    scanned = bool(doc.ocr_pages) and (front.page is None or front.page in doc.ocr_pages)
    signed, certified, name_issues = checked_names(
        front.signed_by, front.certified_by, front.signed_by_other, scanned
    )
    choice = choose_number(front.decree_number, front.caption, scanned)
    copies = title_copies(front.menetapkan, front.caption) if scanned else []
    title = voted_title(ocr_title(front.title), copies) if scanned else front.title
    date_text, date_issues = choose_date(front.date_text, front.caption, scanned)
    if scanned:
        choice = dated_month(choice, parse_indonesian_date(date_text) if date_text else None)
    doc = dataclasses.replace(
        doc,
        front=dataclasses.replace(
            front,
            signed_by=signed,
            certified_by=certified,
            decree_number=choice.text,
            title=title,
            date_text=date_text,
        ),
    )
    issues += choice.issues + date_issues
    parsed = _parse_front(doc.front, choice.parsed, issues)
    issues += _preamble_issues(doc.front, parsed.satker) + name_issues
    issues += _row_issues(rows, unmatched_labels, word_repairs)
    if doc.table_pages and doc.table_score < 1.0:
        issues.append(Issue(IssueCode.LOW_TABLE_SCORE, str(doc.table_score), field="table_score"))
    reason, error = _status_of(doc, rows, parsed)
    record = _record(doc, rows, parsed, reason, error, flags_of(issues))
    corrections = _ocr_corrections(front, doc.front) + _front_corrections(doc.front, parsed)
    return NormalisedDocument(record, corrections, issues)


def _parse_front(front: FrontMatter, number: ParsedDecreeNumber | None, issues: list[Issue]) -> _Parsed:
    """Date, plan year and satker (the number is chosen already), with the findings on each."""
    date = parse_indonesian_date(front.date_text) if front.date_text else None
    if date is None:
        issues.append(Issue(IssueCode.NO_DECREE_DATE, front.date_text, field="decree_date"))
    title = whitespace_normalise(front.title)
    caption = whitespace_normalise(front.caption)
    # a lampiran-only PDF names its satker and year only in the table's caption
    plan_year = plan_year_of(title or caption, number.year if number else None)
    if number and number.year and plan_year and number.year != plan_year and number.style == "satker":
        detail = f"title {plan_year} vs number {number.year}"
        issues.append(Issue(IssueCode.PLAN_YEAR_MISMATCH, detail, field="plan_year"))
    name_text = " ".join(x for x in (front.kop, title, front.issuer) if x) or caption
    satker, satker_issues = resolve_satker(number.region_code if number else None, name_text, plan_year)
    issues += satker_issues
    return _Parsed(number, date, title, plan_year, satker)


def _preamble_issues(front: FrontMatter, satker: Satker | None) -> list[Issue]:
    """Another satker named in the preamble (one finding per name), a phrase printed twice."""
    out: list[Issue] = []
    if satker is not None:
        where: dict[str, list[str]] = {}
        for part, text in _front_parts(front):
            for name in other_satkers(text, satker):
                where.setdefault(name, []).append(part)
        out += [
            Issue(IssueCode.PREAMBLE_SATKER_MISMATCH, name, field=",".join(parts))
            for name, parts in sorted(where.items())
        ]
    if front.menetapkan and (phrase := duplicated_phrase(whitespace_normalise(front.menetapkan))):
        out.append(Issue(IssueCode.DUPLICATED_PHRASE, phrase))
    return out


def _front_parts(front: FrontMatter) -> list[tuple[str, str]]:
    """Every part of the front matter that may name a satker, with the name of the part."""
    parts = [
        ("issuer", front.issuer),
        ("menimbang", front.menimbang),
        ("mengingat", front.mengingat),
        ("menetapkan", front.menetapkan),
        ("diktum", front.diktum),
        ("lampiran", front.caption),
        ("signature", front.signed_by),
        ("certification", front.certified_by),
    ]
    return [(p, t) for p, t in parts if t]


def _row_issues(rows: Sequence[PlanRow], unmatched_labels: int, word_repairs: int) -> list[Issue]:
    """Rows without months or indikator, areas with no row, unmatched areas and labels, repairs."""
    if not rows:
        return [Issue(IssueCode.NO_TABLE)]
    out = [
        Issue(IssueCode.ROWS_WITHOUT_MONTHS, page=r.page, row_no=r.row_no, field="months")
        for r in rows
        if not r.months
    ]
    out += [
        Issue(IssueCode.ROWS_WITHOUT_INDIKATOR, page=r.page, row_no=r.row_no, field="indikator_raw")
        for r in rows
        if not r.indikator_raw
    ]
    present = {r.area_no for r in rows if r.area_no}
    out += [Issue(IssueCode.MISSING_AREAS, str(a), field="area_no") for a in _AREAS if a not in present]
    out += [
        Issue(IssueCode.UNMATCHED_AREA, r.area_raw or "", page=r.page, row_no=r.row_no, field="area")
        for r in rows
        if r.area is None
    ]
    if unmatched_labels:
        out.append(Issue(IssueCode.UNMATCHED_LABELS, str(unmatched_labels)))
    if word_repairs:
        out.append(Issue(IssueCode.WORD_REPAIRS, str(word_repairs)))
    return out


def _ocr_corrections(read: FrontMatter, kept: FrontMatter) -> list[Correction]:
    """Issue 10: the scanned number and title as read, where what is kept differs (a number left
    empty is said by its issue, not here)."""
    out: list[Correction] = []
    if kept.decree_number and kept.decree_number != read.decree_number:
        out.append(
            Correction(
                None,
                "decree_number",
                read.decree_number,
                kept.decree_number,
                100.0,
                "parse",
                scorer="ocr grammar",
            )
        )
    if kept.title != read.title:
        out.append(Correction(None, "title", read.title, kept.title, 100.0, "parse", scorer="ocr case"))
    return out


def _front_corrections(front: FrontMatter, parsed: _Parsed) -> list[Correction]:
    """The decree number and date as parsed, when they differ from the printed text."""
    out: list[Correction] = []
    number, date = parsed.number, parsed.date
    if number is not None and number.normalised != front.decree_number:
        out.append(Correction(None, "decree_number", front.decree_number, number.normalised, 100.0, "parse"))
    if date is not None:
        out.append(Correction(None, "decree_date", front.date_text, date.isoformat(), 100.0, "parse"))
    return out


def _status_of(
    doc: ExtractedDocument, rows: Sequence[PlanRow], parsed: _Parsed
) -> tuple[Reason | None, str | None]:
    """``ok`` (no reason) needs rows, a date, a satker and a number, and no page left unread."""
    needs_ocr = any(i.code is IssueCode.NEEDS_OCR for i in doc.issues)
    if not rows:
        unmapped = [i.detail for i in doc.issues if i.code is IssueCode.UNMAPPED_TABLE]
        return Reason.NO_TABLE, f"no_table: {unmapped[0] if unmapped else 'no action-plan table found'}"
    missing = [
        name
        for name, ok in (
            ("decree date", parsed.date is not None),
            ("satker", parsed.satker is not None),
            ("decree number", bool(doc.front.decree_number)),
        )
        if not ok
    ]
    if needs_ocr:
        missing.append("pages needing OCR")
    if any(i.code is IssueCode.COLUMN_ROLES_UNCERTAIN for i in doc.issues):
        missing.append("column roles uncertain")  # issue 11: a wrong column under ok is the worst
    if any(i.code is IssueCode.MISSING_COLUMN and "sub_kegiatan" in i.detail for i in doc.issues):
        # rows without the activity they plan are no plan (9200-028: RENCANA KEGIATAN read as the
        # kegiatan, PROGRAM as the area, 13 of 49 rows wrong under ok)
        missing.append("no sub-kegiatan column")
    # issue 10: a scanned table page that could not be read (a page may carry several findings)
    unreadable = [i.page for i in doc.issues if i.code is IssueCode.TABLE_UNREADABLE]
    if unreadable:
        pages = sorted({p for p in unreadable if p is not None})
        missing.append("unreadable table page(s) " + (",".join(map(str, pages)) or "(page not known)"))
    if not missing:
        return None, None
    return Reason.INCOMPLETE, "incomplete: " + ", ".join(missing)


def _record(
    doc: ExtractedDocument,
    rows: Sequence[PlanRow],
    parsed: _Parsed,
    reason: Reason | None,
    error: str | None,
    flags: list[str],
) -> DocumentRecord:
    front, number, satker = doc.front, parsed.number, parsed.satker
    return DocumentRecord(
        doc_id=doc.doc_id,
        source_file=doc.source_file,
        status="ok" if reason is None else "partial",
        reason=reason,
        error=error,
        satker=satker.name if satker else None,
        satker_level=satker.level if satker else None,
        region_code=(satker.region_code or None) if satker else None,
        province=(satker.province or None) if satker else None,
        decree_number=whitespace_normalise(front.decree_number) or None,
        decree_number_norm=number.normalised if number and number.style != "unknown" else None,
        decree_date=parsed.date,
        decree_date_raw=front.date_text or None,
        decree_place=front.place or None,
        plan_year=parsed.plan_year,
        title=parsed.title or None,
        signed_by=front.signed_by or None,
        certified_by=front.certified_by or None,
        pages=doc.pages,
        table_pages=list(doc.table_pages),
        ocr_pages=list(doc.ocr_pages),
        rows=len(rows),
        table_score=doc.table_score,
        flags=flags,
    )
