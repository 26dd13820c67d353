"""Quality findings as typed records: what is wrong or doubtful in a decree or in its reading.

Every finding is an :class:`Issue` with a stable code from :class:`IssueCode` (like
frictionless' error types: codes are added, never renamed), a severity, and where it is
(page, plan row, field).  ``issues.parquet`` holds one row per finding; ``documents.flags``
is derived from the same records by :func:`flags_of` (one ``code:detail`` string per code,
as before), so nothing downstream parses a message back into a code.

Each code has exactly one plain-language description, in :data:`ISSUE_CODES`; the data
dictionary and the reports read it from there, and a test fails if an emitted code lacks one.
The failure reasons of :mod:`rencana.schema.reasons` are findings too (category ``file``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from rencana.schema.reasons import Reason

Severity = Literal["info", "warning", "error"]
Category = Literal["file", "reading", "decree"]
"""``file``: the input could not be read; ``reading``: how sure rencana is of what it read
(scan quality, table geometry); ``decree``: a problem in the decree itself (another satker
named, a malformed number, missing areas)."""

Aggregate = Literal["each", "count", "pages", "first"]
"""How the findings of one code fold into a ``documents.flags`` entry: one entry each
(``code:detail``), one entry with their number (``code:N``), one entry listing their pages
(``code:1,3``), or the detail of the first one (``code:detail``)."""


class IssueCode(StrEnum):
    """Stable codes of quality findings (``issues.code``; the part before ``:`` in ``documents.flags``)."""

    # opening the file
    REPAIRED = "repaired"
    ENCRYPTED = "encrypted"
    UNREADABLE_PAGES = "unreadable_pages"
    IMAGE_TOO_LARGE = "image_too_large"
    # reading the pages
    NEEDS_OCR = "needs_ocr"
    BLANK_PAGES = "blank_pages"
    LOW_RESOLUTION_SCAN = "low_resolution_scan"
    TURNED_PAGES = "turned_pages"
    LOW_OCR_CONFIDENCE = "low_ocr_confidence"
    NO_TABLE = "no_table"
    LOW_TABLE_SCORE = "low_table_score"
    # the decree's front matter
    NO_DECREE_NUMBER = "no_decree_number"
    DECREE_NUMBER_MALFORMED = "decree_number_malformed"
    NO_DECREE_DATE = "no_decree_date"
    PLAN_YEAR_MISMATCH = "plan_year_mismatch"
    PREAMBLE_SATKER_MISMATCH = "preamble_satker_mismatch"
    DUPLICATED_PHRASE = "duplicated_phrase"
    # the satker
    UNKNOWN_REGION_CODE = "unknown_region_code"
    OUTDATED_REGION_CODE = "outdated_region_code"
    REGION_CODE_NOT_IN_2022_LIST = "region_code_not_in_2022_list"
    FUZZY_REGION_NAME = "fuzzy_region_name"
    CONFLICTING_SATKER_NAMES = "conflicting_satker_names"
    REGION_NAME_MISMATCH = "region_name_mismatch"
    AMBIGUOUS_REGION_NAME = "ambiguous_region_name"
    UNRESOLVED_SATKER_NAME = "unresolved_satker_name"
    SATKER_NOT_FOUND = "satker_not_found"
    # the plan rows
    ROWS_WITHOUT_MONTHS = "rows_without_months"
    ROWS_WITHOUT_INDIKATOR = "rows_without_indikator"
    MISSING_AREAS = "missing_areas"
    UNMATCHED_AREA = "unmatched_area"
    UNMATCHED_LABELS = "unmatched_labels"
    WORD_REPAIRS = "word_repairs"

    @property
    def spec(self) -> IssueSpec:
        return ISSUE_CODES[self]


@dataclass(frozen=True, slots=True)
class IssueSpec:
    """What a code means: its default severity, category, flag folding and description."""

    severity: Severity
    category: Category
    aggregate: Aggregate
    description: str


ISSUE_CODES: dict[IssueCode, IssueSpec] = {
    IssueCode.REPAIRED: IssueSpec(
        "info",
        "file",
        "first",
        "PDFium could not open the file as it is; qpdf rebuilt it and the copy was read",
    ),
    IssueCode.ENCRYPTED: IssueSpec(
        "info", "file", "first", "the file is encrypted but opened with the empty user password"
    ),
    IssueCode.UNREADABLE_PAGES: IssueSpec(
        "warning", "file", "pages", "pages that cannot be loaded even from a repaired copy; they are empty"
    ),
    IssueCode.IMAGE_TOO_LARGE: IssueSpec(
        "warning", "file", "pages", "pages whose scan image is too large to decode safely; not read"
    ),
    IssueCode.NEEDS_OCR: IssueSpec(
        "warning",
        "reading",
        "first",
        "pages without a usable text layer that were not OCR'd (OCR off or unavailable); the file is partial",
    ),
    IssueCode.BLANK_PAGES: IssueSpec("info", "reading", "pages", "scanned pages with no ink on them"),
    IssueCode.LOW_RESOLUTION_SCAN: IssueSpec(
        "warning", "reading", "pages", "scanned pages below the resolution OCR reads reliably"
    ),
    IssueCode.TURNED_PAGES: IssueSpec(
        "info",
        "reading",
        "each",
        "scanned pages turned (90/180/270 degrees) to be read upright: page@degrees",
    ),
    IssueCode.LOW_OCR_CONFIDENCE: IssueSpec(
        "warning", "reading", "count", "plan rows whose weakest OCR'd text cell reads below confidence 60"
    ),
    IssueCode.NO_TABLE: IssueSpec("warning", "reading", "first", "no action-plan table was found"),
    IssueCode.LOW_TABLE_SCORE: IssueSpec(
        "info",
        "reading",
        "first",
        "share of table pages whose grid was found from ruling on both axes (rows and columns); "
        "below 1 the rest was inferred from text positions",
    ),
    IssueCode.NO_DECREE_NUMBER: IssueSpec("warning", "decree", "first", "no decree number was found"),
    IssueCode.DECREE_NUMBER_MALFORMED: IssueSpec(
        "warning", "decree", "first", "the decree number matches none of the known numbering forms"
    ),
    IssueCode.NO_DECREE_DATE: IssueSpec(
        "warning", "decree", "first", "no decree date could be read (the detail is the printed text, if any)"
    ),
    IssueCode.PLAN_YEAR_MISMATCH: IssueSpec(
        "warning", "decree", "first", "the plan year in the title differs from the year in the decree number"
    ),
    IssueCode.PREAMBLE_SATKER_MISMATCH: IssueSpec(
        "warning",
        "decree",
        "each",
        "the front matter names another satker than the decree's own (a copy-paste from another decree)",
    ),
    IssueCode.DUPLICATED_PHRASE: IssueSpec(
        "info", "decree", "first", "a phrase of Menetapkan is printed twice in a row"
    ),
    IssueCode.UNKNOWN_REGION_CODE: IssueSpec(
        "warning", "decree", "first", "the region code of the decree number is in no Kemendagri list"
    ),
    IssueCode.OUTDATED_REGION_CODE: IssueSpec(
        "info", "decree", "first", "the region code is the 2022 code of a region renumbered since"
    ),
    IssueCode.REGION_CODE_NOT_IN_2022_LIST: IssueSpec(
        "warning", "decree", "first", "a region code that did not exist yet in the decree's plan year"
    ),
    IssueCode.FUZZY_REGION_NAME: IssueSpec(
        "info", "decree", "first", "the satker's name was recognised despite a misspelling"
    ),
    IssueCode.CONFLICTING_SATKER_NAMES: IssueSpec(
        "warning", "decree", "first", "the kop, title or issuer name different satkers"
    ),
    IssueCode.REGION_NAME_MISMATCH: IssueSpec(
        "warning",
        "decree",
        "first",
        "the region code of the decree number and the satker's printed name disagree",
    ),
    IssueCode.AMBIGUOUS_REGION_NAME: IssueSpec(
        "warning", "decree", "first", "the printed name fits several regions and no region code decides"
    ),
    IssueCode.UNRESOLVED_SATKER_NAME: IssueSpec(
        "warning", "decree", "first", "a satker name was printed but matches no region"
    ),
    IssueCode.SATKER_NOT_FOUND: IssueSpec(
        "warning", "decree", "first", "no satker name or region code found"
    ),
    IssueCode.ROWS_WITHOUT_MONTHS: IssueSpec("warning", "decree", "count", "plan rows with no month marked"),
    IssueCode.ROWS_WITHOUT_INDIKATOR: IssueSpec(
        "info", "decree", "count", "plan rows with an empty Indikator Keberhasilan cell"
    ),
    IssueCode.MISSING_AREAS: IssueSpec(
        "warning", "decree", "first", "RB areas (1-8) with no row in the plan: their numbers"
    ),
    IssueCode.UNMATCHED_AREA: IssueSpec(
        "warning", "reading", "count", "plan rows whose Area Perubahan matches none of the 8 areas"
    ),
    IssueCode.UNMATCHED_LABELS: IssueSpec(
        "info",
        "reading",
        "first",
        "activity names left as printed because no vocabulary entry matched surely",
    ),
    IssueCode.WORD_REPAIRS: IssueSpec(
        "info", "reading", "first", "words repaired by the lexicon (each one is in corrections.parquet)"
    ),
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One quality finding of one document.

    ``page`` and ``row_no`` say where (None: the whole document); ``field`` names the
    documents or plan_rows column concerned, when there is one; ``detail`` is the
    short machine-readable value (a page list, a satker name, the printed text).
    """

    code: IssueCode | Reason
    detail: str = ""
    page: int | None = None
    row_no: int | None = None
    field: str = ""

    @property
    def severity(self) -> Severity:
        return "error" if isinstance(self.code, Reason) else self.code.spec.severity

    @property
    def category(self) -> Category:
        return "file" if isinstance(self.code, Reason) else self.code.spec.category

    @property
    def message(self) -> str:
        """The code's plain-language description (the same text the data dictionary prints)."""
        return describe(self.code)


def describe(code: str) -> str:
    """The description of an issue code or failure reason; KeyError for an undocumented code."""
    if code in IssueCode.__members__.values():
        return IssueCode(code).spec.description
    return Reason(code).description


def flags_of(issues: Iterable[Issue]) -> list[str]:
    """``documents.flags`` from the findings: one ``code:detail`` per code (or per finding), in order.

    Failure reasons are not flags (they are ``documents.reason``).
    """
    order: list[IssueCode] = []
    by_code: dict[IssueCode, list[Issue]] = {}
    out: list[tuple[IssueCode, str]] = []
    for issue in issues:
        if isinstance(issue.code, Reason):
            continue
        code = issue.code
        if code.spec.aggregate == "each":
            out.append((code, issue.detail))
            continue
        if code not in by_code:
            order.append(code)
            by_code[code] = []
            out.append((code, ""))  # placeholder keeps the first finding's position
        by_code[code].append(issue)
    folded = {code: _fold(code, by_code[code]) for code in order}
    flags: list[str] = []
    seen: set[IssueCode] = set()
    for code, detail in out:
        if code.spec.aggregate == "each":
            flags.append(f"{code.value}:{detail}")
        elif code not in seen:
            seen.add(code)
            flags.append(f"{code.value}:{folded[code]}")
    return flags


def _fold(code: IssueCode, issues: list[Issue]) -> str:
    kind = code.spec.aggregate
    if kind == "count":
        return str(len(issues))
    if kind == "pages":
        return ",".join(str(i.page) for i in issues)
    return issues[0].detail
