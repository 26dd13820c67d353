"""Render ``docs/data-dictionary.md`` from the Arrow schemas (a test keeps it in step)."""

from __future__ import annotations

from rencana.schema.issues import ISSUE_CODES
from rencana.schema.reasons import REASONS
from rencana.schema.tables import SCHEMA_VERSION, TABLES

_INTRO = {
    "documents": "One row per input file (a failed file too, with its reason).",
    "plan_rows": "One row per row of the action-plan table, in document order.",
    "corrections": "Every change between a printed text and its normalised value (the audit trail).",
    "issues": "Every quality finding, where it is (page, row, column), in the order found; "
    "`documents.flags` folds the same records into one entry per code.",
}


def render_dictionary() -> str:
    out = [
        "# Data dictionary",
        "",
        f"Generated from `schema/tables.py` by `rencana dictionary` (schema version {SCHEMA_VERSION}); "
        "do not edit by hand.",
        "Every table is a Parquet file in the output directory, readable as it is by "
        "`pandas.read_parquet` and DuckDB; `doc_id` joins them.",
        "",
    ]
    for name, schema in TABLES.items():
        out += [
            f"## `{name}.parquet`",
            "",
            _INTRO[name],
            "",
            "| column | type | null | description |",
            "|---|---|---|---|",
        ]
        for f in schema:
            desc = (f.metadata or {}).get(b"description", b"").decode()
            out.append(f"| `{f.name}` | `{f.type}` | {'yes' if f.nullable else 'no'} | {desc} |")
        out.append("")
    out += _issue_codes()
    out += _reason_codes()
    return "\n".join(out)


def _issue_codes() -> list[str]:
    out = [
        "## Issue codes (`issues.code`, `documents.flags`)",
        "",
        "A fixed set (`rencana.schema.issues.IssueCode`): a code never changes meaning. Each flag in "
        "`documents.flags` is `code:detail`, folded from the code's issues as the *flag* column says: "
        "`count` (their number), `pages` (their pages), `list` (their details), `first` (the first "
        "one's detail), `each` (one flag per issue), `bare` (the code alone).",
        "",
        "| code | severity | category | flag | meaning |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| `{code.value}` | {spec.severity} | {spec.category} | {spec.aggregate} | {spec.description} |"
        for code, spec in ISSUE_CODES.items()
    ]
    return [*out, ""]


def _reason_codes() -> list[str]:
    out = [
        "## Reason codes (`documents.reason`)",
        "",
        "A fixed set (`rencana.schema.reasons.Reason`): a code never changes meaning. `error` holds the "
        "same code followed by a one-line message. A file the pipeline gives up on also has one "
        "`issues` row with its reason as the code (category file; severity error when failed, warning "
        "when partial: `no_pages`, which is also its only flag). Failed inputs are copied to the "
        "quarantine folder with a note.",
        "",
        "| code | status | meaning |",
        "|---|---|---|",
    ]
    out += [f"| `{r.value}` | {status} | {meaning} |" for r, (status, meaning) in REASONS.items()]
    out.append("")
    return out
