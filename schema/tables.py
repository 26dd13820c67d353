"""Arrow schemas of the output tables: the product's data contract.

Every field carries a description (Arrow field metadata) from which
``docs/data-dictionary.md`` is generated (``rencana dictionary``); a test keeps
the two in step.  Bump ``SCHEMA_VERSION`` when a column is added, renamed or
retyped.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1.3"


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": doc})


DOCUMENTS = pa.schema(
    [
        _f("doc_id", pa.string(), "sha256 of the file's bytes (hex); the key joining every table", False),
        _f(
            "source_file",
            pa.string(),
            "path of the input PDF as given to `rencana extract` (the first of `source_files`)",
            False,
        ),
        # issue 13: one row per content; its every current name; one plan per satker and year
        _f(
            "source_files",
            pa.list_(pa.string()),
            "every current path with this content (the same file under several names), sorted",
        ),
        _f(
            "duplicate_of",
            pa.string(),
            "doc_id of the copy kept when this file is another copy of the same decree (same satker, "
            "plan year and decree number, rows that agree: a scan of the export); null for the copy kept",
        ),
        _f(
            "superseded_by",
            pa.string(),
            "doc_id of the satker's current plan for the year when a later decree (later date or number, "
            "'Perubahan' in the title, other rows) replaced this one; null for the current plan",
        ),
        _f(
            "status", pa.string(), "ok | partial (table or metadata incomplete) | failed (see `error`)", False
        ),
        _f(
            "reason",
            pa.string(),
            "why the file is not ok: one of the reason codes listed below (null when ok)",
        ),
        _f("error", pa.string(), "one-line reason when status is failed or partial, `code: message`"),
        _f(
            "satker",
            pa.string(),
            "canonical office name: 'KPU Kota Banjar', 'KPU Provinsi Jawa Barat', 'KPU RI'",
        ),
        _f("satker_level", pa.string(), "pusat | provinsi | kabupaten | kota"),
        _f(
            "region_code",
            pa.string(),
            "Kemendagri code as in the decree number: '3279' (kab/kota), '32' (provinsi)",
        ),
        _f("province", pa.string(), "province name of the satker"),
        _f("decree_number", pa.string(), "decree number as printed, whitespace normalised"),
        _f(
            "decree_number_norm",
            pa.string(),
            "decree number in canonical form: no spaces around '/', OCR digit confusions repaired",
        ),
        _f("decree_date", pa.date32(), "date the decree was set (Pada Tanggal)"),
        _f("decree_date_raw", pa.string(), "the date text as printed, e.g. '18 Januari 2022'"),
        _f("decree_place", pa.string(), "Ditetapkan di"),
        _f("plan_year", pa.int16(), "year the action plan covers (TAHUN in the title)"),
        _f("title", pa.string(), "title after TENTANG, whitespace normalised"),
        _f("signed_by", pa.string(), "name of the signatory (the KETUA)"),
        _f("certified_by", pa.string(), "name under 'Salinan sesuai dengan aslinya' (the Sekretaris)"),
        _f("pages", pa.int16(), "number of pages in the PDF"),
        _f("table_pages", pa.list_(pa.int16()), "pages holding the action-plan table"),
        _f("ocr_pages", pa.list_(pa.int16()), "pages read by OCR (image-only or garbage text layer)"),
        _f("rows", pa.int32(), "number of rows in plan_rows for this document"),
        _f("table_score", pa.float32(), "0..1, share of table pages whose grid was rebuilt cleanly"),
        _f("flags", pa.list_(pa.string()), "data-quality flags `code:detail` (see the flag list below)"),
        _f("pipeline_version", pa.string(), "version of rencana that wrote the row", False),
        _f(
            "vocabulary_version",
            pa.string(),
            "version of schema/vocabulary used to normalise (declared version + content hash, manual "
            "overrides included); a re-run redoes files whose vocabulary changed",
        ),
        _f(
            "settings_id",
            pa.string(),
            "id of the extraction settings that made the row (OCR on/off, tolerances, caps); with doc_id, "
            "pipeline_version and vocabulary_version it is the ledger key a re-run compares",
        ),
    ]
)

PLAN_ROWS = pa.schema(
    [
        _f("doc_id", pa.string(), "document key (documents.doc_id)", False),
        _f("row_no", pa.int32(), "1-based row number in document order", False),
        _f("page", pa.int16(), "page where the row starts", False),
        _f("pages", pa.list_(pa.int16()), "every page the row occupies (a row can break across pages)"),
        _f("area_no", pa.int8(), "number of the RB area of change, 1-8 (canonical order)"),
        _f("area_raw", pa.string(), "area cell as printed (merged cells filled down)"),
        _f("area", pa.string(), "canonical area name, one of the 8 RB areas"),
        _f("kegiatan_no", pa.int16(), "number of the activity within its area"),
        _f("kegiatan_raw", pa.string(), "activity cell as printed (merged cells filled down)"),
        _f(
            "kegiatan",
            pa.string(),
            "activity as printed: cleaned (spacing, line-wrap hyphens), number prefix removed, sure "
            "misspellings repaired; never reworded (the canonical name is in kegiatan_canonical)",
        ),
        _f(
            "kegiatan_id",
            pa.string(),
            "canonical activity id in schema/vocabulary/activities.yaml ('PWS.01'); null when unmatched",
        ),
        _f("sub_kegiatan_no", pa.int16(), "number of the (first) sub-activity in the cell"),
        _f("sub_kegiatan_raw", pa.string(), "sub-activity cell as printed"),
        _f(
            "sub_kegiatan",
            pa.string(),
            "sub-activity as printed: cleaned, number prefix removed, sure misspellings repaired; never "
            "reworded (the canonical names are in sub_kegiatan_canonical)",
        ),
        _f(
            "sub_kegiatan_ids",
            pa.list_(pa.string()),
            "canonical sub-activity id of each item in the cell ('PWS.01.01'), null for an unmatched item",
        ),
        _f(
            "kegiatan_canonical",
            pa.string(),
            "the vocabulary's name of kegiatan_id (office name and year as printed); null when unmatched",
        ),
        _f("kegiatan_match_score", pa.float32(), "score of the kegiatan match, 0-100"),
        _f(
            "kegiatan_match_method",
            pa.string(),
            "how kegiatan_id was found: exact | variant | fuzzy | contains | manual | unmatched",
        ),
        _f(
            "sub_kegiatan_canonical",
            pa.list_(pa.string()),
            "the vocabulary's name of each sub_kegiatan_ids entry (null for an unmatched item)",
        ),
        _f("sub_kegiatan_match_scores", pa.list_(pa.float32()), "score of each item's match, 0-100"),
        _f(
            "sub_kegiatan_match_methods",
            pa.list_(pa.string()),
            "how each item's id was found: exact | variant | fuzzy | contains | manual | unmatched",
        ),
        _f("indikator_raw", pa.string(), "indicator cell as printed"),
        _f(
            "indikator",
            pa.list_(pa.string()),
            "indicator items, split on 1. 2. / a. b. markers, cleaned, misspellings repaired",
        ),
        _f("months", pa.list_(pa.int8()), "planned months, sorted, 1-12"),
        _f(
            "month_marks",
            pa.list_(pa.string()),
            "12 entries: the mark seen in each month cell (V, v, √, ✓, shade, ink or '')",
        ),
        _f("x0", pa.float32(), "row bounding box on `page`, PDF points from the left"),
        _f("top", pa.float32(), "row bounding box on `page`, PDF points from the top"),
        _f("x1", pa.float32(), "row bounding box on `page`, right edge"),
        _f("bottom", pa.float32(), "row bounding box on `page`, bottom edge"),
        _f("route", pa.string(), "text | ocr: how the row's page was read"),
        _f(
            "ocr_conf",
            pa.float32(),
            "OCR confidence of the row (0-100): the mean word confidence of its weakest text cell; "
            "null on text pages",
        ),
        _f("needs_review", pa.bool_(), "true when the row has a low-confidence or unmatched value"),
        # issue 11
        _f(
            "grid_unit",
            pa.string(),
            "the table's time grid: month (12 columns), quarter (4) or semester (2); a quarter's or "
            "semester's mark gives every month of the period in `months`",
        ),
    ]
)

CORRECTIONS = pa.schema(
    [
        _f("doc_id", pa.string(), "document key", False),
        _f("row_no", pa.int32(), "plan_rows.row_no; null for document-level fields"),
        _f("page", pa.int16(), "page of the row or field"),
        _f("field", pa.string(), "column that was changed, e.g. 'area', 'kegiatan', 'decree_date'", False),
        _f("raw", pa.string(), "text before the change"),
        _f("corrected", pa.string(), "text after the change"),
        _f("score", pa.float32(), "match score 0-100 (100 for rule-based changes)"),
        _f(
            "method",
            pa.string(),
            "clean (cleanup rules) | parse | exact / variant / fuzzy (label to canonical) | lexicon (word "
            "repair) | manual (a human decision) | unmatched (left as printed for review: corrected = raw)",
        ),
        _f("needs_review", pa.bool_(), "true when a human should confirm the change"),
        _f(
            "scorer",
            pa.string(),
            "what decided: ratio (rapidfuzz label score), exact, variant, known (typo pair), osa (edit "
            "distance), ocr, context, join, split, manual, or the cleanup rules that fired",
        ),
        _f(
            "level",
            pa.string(),
            "label (a kegiatan / sub-kegiatan name matched to the vocabulary) | word (one word repaired "
            "against the lexicon) | null (cleanups, parsed fields, areas)",
        ),
        _f("canonical_id", pa.string(), "label decisions: the vocabulary entry chosen ('PWS.01.01')"),
        _f(
            "suggestions",
            pa.list_(pa.string()),
            "nearest alternatives (canonical ids for labels, lexicon words for words), best first",
        ),
    ]
)

ISSUES = pa.schema(
    [
        _f("doc_id", pa.string(), "document key (documents.doc_id)", False),
        _f(
            "code",
            pa.string(),
            "what was found: an issue code or, for a file the pipeline gave up on, its reason code "
            "(both listed below)",
            False,
        ),
        _f(
            "severity",
            pa.string(),
            "error (unusable or self-contradictory) | warning (missing or doubtful) | info",
            False,
        ),
        _f(
            "category",
            pa.string(),
            "file (opening the input) | reading (how sure the reading is) | decree (a problem in the "
            "decree itself)",
            False,
        ),
        _f("page", pa.int16(), "page concerned; null for the whole document"),
        _f("row_no", pa.int32(), "plan_rows.row_no concerned; null when not about one row"),
        _f("field", pa.string(), "documents or plan_rows column concerned, when there is one"),
        _f(
            "detail",
            pa.string(),
            "the short value behind the finding (a page list, a name, the printed text)",
        ),
        _f("message", pa.string(), "the code's plain-language description (as listed below)", False),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "plan_rows": PLAN_ROWS,
    "corrections": CORRECTIONS,
    "issues": ISSUES,
}
