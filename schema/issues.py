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
"""``error``: the file or the decree is unusable or contradicts itself (a failed file, no table,
another satker's name, a malformed number: the reports badge these); ``warning``: something is
missing or doubtful; ``info``: worth knowing, nothing wrong."""
Category = Literal["file", "reading", "decree"]
"""``file``: the input could not be read; ``reading``: how sure rencana is of what it read
(scan quality, table geometry); ``decree``: a problem in the decree itself (another satker
named, a malformed number, missing areas)."""

Aggregate = Literal["each", "count", "pages", "list", "first", "bare"]
"""How the findings of one code fold into a ``documents.flags`` entry: one entry each
(``code:detail``), one entry with their number (``code:N``), one entry listing their pages
(``code:1,3``), one entry listing their details (``code:2,5``), the detail of the first one
(``code:detail``), or the code alone (``code``, no colon)."""

LOW_OCR_CONF = 60.0
"""A row whose weakest OCR'd text cell (the minimum over its cells of each cell's mean word
confidence, ``plan_rows.ocr_conf``) reads below this is flagged ``low_ocr_confidence`` by
extract and marked ``needs_review`` by normalise: one threshold for both."""


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
    # issue 12: the decree-number grammar
    DECREE_NUMBER_MISMATCH = "decree_number_mismatch"
    # issue 13: one plan per satker and year (decided over the whole output, pipeline/plans.py)
    DUPLICATE_COPY = "duplicate_copy"
    SUPERSEDED = "superseded"
    # issue 11: layout variety
    OTHER_TABLE = "other_table"
    MISSING_COLUMN = "missing_column"
    UNMAPPED_TABLE = "unmapped_table"
    # issue 10: real-world scans
    TABLE_UNREADABLE = "table_unreadable"
    NAME_UNREADABLE = "name_unreadable"
    # issue 10 (second round): metadata read from copies, cross-checked between the two copies
    DECREE_NUMBER_UNREADABLE = "decree_number_unreadable"
    FROM_LAMPIRAN_COPY = "from_lampiran_copy"
    DECREE_DATE_UNSURE = "decree_date_unsure"
    SIGNATURES_DISAGREE = "signatures_disagree"
    NAME_FROM_OTHER_BLOCK = "name_from_other_block"
    # issue 11 (second round): columns whose header label is unknown, mapped by position and body
    COLUMNS_BY_POSITION = "columns_by_position"
    # issue 11 (third round): the leaf columns chosen as one assignment
    COLUMN_ROLES_UNCERTAIN = "column_roles_uncertain"

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
        "PDFium could not open the file as it is; qpdf rebuilt it and the rebuilt copy was read",
    ),
    IssueCode.ENCRYPTED: IssueSpec(
        "info",
        "file",
        "first",
        "the PDF is encrypted but opens with the empty user password (permissions not enforced)",
    ),
    IssueCode.UNREADABLE_PAGES: IssueSpec(
        "warning",
        "file",
        "pages",
        "pages that could not be loaded even from a repaired copy (left out); detail: page numbers",
    ),
    IssueCode.IMAGE_TOO_LARGE: IssueSpec(
        "warning",
        "file",
        "pages",
        "image-only pages whose image is too large to decode safely (not OCRed); detail: page numbers",
    ),
    IssueCode.NEEDS_OCR: IssueSpec(
        "warning",
        "reading",
        "first",
        "pages without a usable text layer were not read (OCR unavailable or disabled); the file is partial",
    ),
    IssueCode.BLANK_PAGES: IssueSpec(
        "info", "reading", "pages", "scanned pages with no ink (left out); detail: page numbers"
    ),
    IssueCode.LOW_RESOLUTION_SCAN: IssueSpec(
        "warning",
        "reading",
        "pages",
        "pages scanned below 150 dpi, upsampled to read them (expect OCR errors); detail: page numbers",
    ),
    IssueCode.TURNED_PAGES: IssueSpec(
        "info",
        "reading",
        "each",
        "scanned pages that had to be turned to be read upright; detail: page@clockwise degrees",
    ),
    IssueCode.LOW_OCR_CONFIDENCE: IssueSpec(
        "warning",
        "reading",
        "count",
        f"count of scanned rows whose weakest text cell was read with OCR confidence below "
        f"{LOW_OCR_CONF:.0f} (plan_rows.ocr_conf); check them against the scan",
    ),
    IssueCode.NO_TABLE: IssueSpec(
        "error", "reading", "first", "no action-plan table header was found on any page"
    ),
    IssueCode.LOW_TABLE_SCORE: IssueSpec(
        "info",
        "reading",
        "first",
        "the grid of some table pages was rebuilt from text alignment only; detail: the share of "
        "table pages whose grid was found from ruling on both axes (documents.table_score)",
    ),
    IssueCode.NO_DECREE_NUMBER: IssueSpec(
        "warning", "decree", "first", "no NOMOR line was found in the front matter"
    ),
    IssueCode.DECREE_NUMBER_MALFORMED: IssueSpec(
        "error",
        "decree",
        "first",
        "the decree number does not follow a known KPU pattern; detail: the number",
    ),
    IssueCode.NO_DECREE_DATE: IssueSpec(
        "warning",
        "decree",
        "first",
        "no 'Pada Tanggal' date could be read; detail: the printed text, if any",
    ),
    IssueCode.PLAN_YEAR_MISMATCH: IssueSpec(
        "warning", "decree", "first", "the year in the title and in the decree number disagree"
    ),
    IssueCode.PREAMBLE_SATKER_MISMATCH: IssueSpec(
        "error",
        "decree",
        "each",
        "the front matter (issuer, Menimbang, Mengingat, Menetapkan, diktum, lampiran header, "
        "signature or certification block) names a satker other than the decree's own, KPU RI and "
        "its province's KPU (copy-paste; Kota and Kabupaten told apart); detail: that satker's "
        "name, one flag per name; field: the parts naming it",
    ),
    IssueCode.DUPLICATED_PHRASE: IssueSpec(
        "info",
        "decree",
        "first",
        "a phrase repeated back to back in the Menetapkan (copy-paste); detail: the phrase",
    ),
    IssueCode.UNKNOWN_REGION_CODE: IssueSpec(
        "warning", "decree", "first", "the region code in the decree number is not a Kemendagri code"
    ),
    IssueCode.OUTDATED_REGION_CODE: IssueSpec(
        "info",
        "decree",
        "first",
        "a decree after 2022 embeds a pre-2023 code (Papua split); resolved through it",
    ),
    IssueCode.REGION_CODE_NOT_IN_2022_LIST: IssueSpec(
        "warning",
        "decree",
        "first",
        "a decree of 2022 or earlier embeds a code that only exists since 2023",
    ),
    IssueCode.FUZZY_REGION_NAME: IssueSpec(
        "info", "decree", "first", "the satker name in the title was matched with a spelling tolerance"
    ),
    IssueCode.CONFLICTING_SATKER_NAMES: IssueSpec(
        "warning", "decree", "first", "the kop, title and issuer name different satkers"
    ),
    IssueCode.REGION_NAME_MISMATCH: IssueSpec(
        "error",
        "decree",
        "first",
        "the region code and the satker named in the title disagree; detail: both",
    ),
    IssueCode.AMBIGUOUS_REGION_NAME: IssueSpec(
        "warning",
        "decree",
        "first",
        "no usable code and the name fits several regions (Banjar, Pasuruan, ...)",
    ),
    IssueCode.UNRESOLVED_SATKER_NAME: IssueSpec(
        "warning", "decree", "first", "the title names an office that is not in the region list"
    ),
    IssueCode.SATKER_NOT_FOUND: IssueSpec(
        "warning", "decree", "bare", "neither a region code nor a satker name could be read"
    ),
    IssueCode.ROWS_WITHOUT_MONTHS: IssueSpec(
        "warning", "decree", "count", "count of rows with no month marked (one issue per row)"
    ),
    IssueCode.ROWS_WITHOUT_INDIKATOR: IssueSpec(
        "info", "decree", "count", "count of rows with an empty indicator cell (one issue per row)"
    ),
    IssueCode.MISSING_AREAS: IssueSpec(
        "warning",
        "decree",
        "list",
        "RB areas (numbers 1-8) with no row in the table (one issue per area)",
    ),
    IssueCode.UNMATCHED_AREA: IssueSpec(
        "warning",
        "reading",
        "count",
        "count of area cells not mapped to one of the 8 areas (one issue per row)",
    ),
    IssueCode.UNMATCHED_LABELS: IssueSpec(
        "info",
        "reading",
        "first",
        "count of kegiatan / sub-kegiatan names not mapped to the canonical vocabulary "
        "(each one is in corrections.parquet, method unmatched)",
    ),
    IssueCode.WORD_REPAIRS: IssueSpec(
        "info",
        "reading",
        "first",
        "count of misspelled words repaired against the lexicon (a typo density; each one is in "
        "corrections.parquet)",
    ),
    # issue 12: the decree-number grammar
    IssueCode.DECREE_NUMBER_MISMATCH: IssueSpec(
        "error",
        "decree",
        "first",
        "the decree number in the lampiran header is another than the front page's (sequence, region "
        "code or year differ); detail: the lampiran's copy",
    ),
    # issue 13: one plan per satker and year (decided over the whole output, pipeline/plans.py)
    IssueCode.DUPLICATE_COPY: IssueSpec(
        "info",
        "decree",
        "first",
        "another copy of a decree kept under another file (same satker, plan year and number, rows "
        "that agree: the scan of an export, a re-sent file); set aside; detail: the doc_id kept",
    ),
    IssueCode.SUPERSEDED: IssueSpec(
        "info",
        "decree",
        "first",
        "a later decree of the same satker and plan year replaces this one (Perubahan, a later date "
        "or number); set aside; detail: the doc_id of the current plan",
    ),
    # issue 11: layout variety
    IssueCode.OTHER_TABLE: IssueSpec(
        "info",
        "reading",
        "pages",
        "a ruled table that is not the action plan (the Tim RB membership, a budget, signatures): "
        "no plan rows were read from it; detail: its pages",
    ),
    IssueCode.MISSING_COLUMN: IssueSpec(
        "warning",
        "reading",
        "list",
        "the action-plan header names no kegiatan, sub-kegiatan or indikator column (its label is "
        "unknown and its body did not identify it); detail: the columns missing, that field is empty; "
        "without a sub-kegiatan column the file is partial",
    ),
    IssueCode.UNMAPPED_TABLE: IssueSpec(
        "error",
        "reading",
        "first",
        "a header naming the action-plan columns was found but its layout could not be mapped; "
        "detail: what was missing (no month or period columns under the header) and the page",
    ),
    # issue 10: real-world scans
    IssueCode.TABLE_UNREADABLE: IssueSpec(
        "warning",
        "reading",
        "pages",
        "pages of a scan whose table could not be read surely (text at very low confidence, a ruled "
        "table without a readable header, columns that disagree with the page's own grid, streaks "
        "read as marks): the page's doubtful rows — or all of them — are left out and the file is "
        "partial; detail: the pages",
    ),
    IssueCode.NAME_UNREADABLE: IssueSpec(
        "warning",
        "reading",
        "each",
        "a signatory or certifier name that does not read as a name (titles, name words with vowels, "
        "degrees), as OCR makes of a smudged block: left empty; detail: the text read, field: which",
    ),
    # issue 10 (second round): metadata read from copies, cross-checked between the two copies
    IssueCode.DECREE_NUMBER_UNREADABLE: IssueSpec(
        "warning",
        "reading",
        "first",
        "a scanned decree whose number reads by the grammar in neither copy (front page, lampiran "
        "header): left empty rather than guessed; detail: both readings",
    ),
    IssueCode.FROM_LAMPIRAN_COPY: IssueSpec(
        "info",
        "reading",
        "first",
        "a scanned decree whose number or date did not read on the front page (the grammar, a valid "
        "date): the lampiran header's copy, which did, is kept; detail: both readings, field: which",
    ),
    IssueCode.DECREE_DATE_UNSURE: IssueSpec(
        "warning",
        "reading",
        "first",
        "a scanned decree whose date reads as two different dates on the front page and in the "
        "lampiran header: the front page's is kept, check it; detail: both readings",
    ),
    IssueCode.SIGNATURES_DISAGREE: IssueSpec(
        "warning",
        "reading",
        "each",
        "the signatory's name reads as two different names in the front matter's and the lampiran's "
        "signature blocks: left empty; detail: both readings, field: which",
    ),
    IssueCode.NAME_FROM_OTHER_BLOCK: IssueSpec(
        "info",
        "reading",
        "each",
        "the signatory's name did not read in one signature block and was taken from the other "
        "(front matter or after the lampiran table); detail: the unreadable text, field: which",
    ),
    # issue 11 (second round): columns whose header label is unknown, mapped by position and body
    IssueCode.COLUMNS_BY_POSITION: IssueSpec(
        "info",
        "reading",
        "list",
        "action-plan columns whose header label rencana does not know, identified by their order "
        "and what their body holds (running text, numbered items) beside a time grid; detail: the "
        "columns so mapped and the label each carried",
    ),
    # issue 11 (third round): kegiatan / sub-kegiatan / indikator chosen as one assignment
    IssueCode.COLUMN_ROLES_UNCERTAIN: IssueSpec(
        "warning",
        "reading",
        "first",
        "two ways of reading which columns are the kegiatan, sub-kegiatan and indikator score alike "
        "(labels and body): the better one is read, the file is partial; detail: the two "
        "assignments (role@x in points) and the page",
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
        if isinstance(self.code, Reason):
            return "error" if self.code.status == "failed" else "warning"
        return self.code.spec.severity

    @property
    def category(self) -> Category:
        return "file" if isinstance(self.code, Reason) else self.code.spec.category

    @property
    def message(self) -> str:
        """The code's plain-language description (the same text the data dictionary prints)."""
        return describe(self.code)


def describe(code: IssueCode | Reason | str) -> str:
    """The description of an issue code or failure reason; KeyError for an undocumented code.

    Two failure reasons share their value with an issue code (``encrypted``: failed, or
    opened with the empty password; ``no_table``): pass the typed code to tell them apart.
    """
    if isinstance(code, Reason):
        return code.description
    if code in IssueCode.__members__.values():
        return IssueCode(code).spec.description
    return Reason(code).description


def code_of(code: str, category: str, severity: str) -> IssueCode | Reason:
    """The typed code of an ``issues.parquet`` row: a failure reason is category file and not info."""
    if code in Reason.__members__.values() and category == "file" and severity != "info":
        return Reason(code)
    if code in IssueCode.__members__.values():
        return IssueCode(code)
    return Reason(code)


def flags_of(issues: Iterable[Issue]) -> list[str]:
    """``documents.flags`` from the findings: one entry per code (or per finding), in order.

    A failure reason is not a flag (it is ``documents.reason``), except the reason of a file
    the pipeline gives up on as ``partial`` (``no_pages``), which is its only flag.
    """
    order: list[IssueCode | Reason] = []  # a code once (folded) or once per finding ("each")
    by_code: dict[IssueCode | Reason, list[Issue]] = {}
    for issue in issues:
        code = issue.code
        if isinstance(code, Reason) and code.status != "partial":
            continue
        if _aggregate(code) == "each" or code not in by_code:
            order.append(code)
        by_code.setdefault(code, []).append(issue)
    return _folded(order, by_code)


def _folded(order: list[IssueCode | Reason], by_code: dict[IssueCode | Reason, list[Issue]]) -> list[str]:
    flags: list[str] = []
    taken: dict[IssueCode | Reason, int] = {}
    for code in order:
        kind = _aggregate(code)
        if kind == "each":
            i = taken.get(code, 0)
            taken[code] = i + 1
            flags.append(f"{code.value}:{by_code[code][i].detail}")
        else:
            flags.append(_fold(code, kind, by_code[code]))
    return flags


def _aggregate(code: IssueCode | Reason) -> Aggregate:
    return "first" if isinstance(code, Reason) else code.spec.aggregate


def _fold(code: IssueCode | Reason, kind: Aggregate, issues: list[Issue]) -> str:
    if kind == "bare":
        return code.value
    if kind == "count":
        detail = str(len(issues))
    elif kind == "pages":
        detail = ",".join(str(i.page) for i in issues)
    elif kind == "list":
        detail = ",".join(i.detail for i in issues)
    elif isinstance(code, Reason):
        detail = ""  # the reason's message is in documents.error
    else:
        detail = issues[0].detail
    return f"{code.value}:{detail}"
