"""Render ``docs/data-dictionary.md`` from the Arrow schemas (a test keeps it in step)."""

from __future__ import annotations

from rencana.schema.reasons import REASONS
from rencana.schema.tables import FLAGS, SCHEMA_VERSION, TABLES

_INTRO = {
    "documents": "One row per input file (a failed file too, with its reason).",
    "plan_rows": "One row per row of the action-plan table, in document order.",
    "corrections": "Every change between a printed text and its normalised value (the audit trail).",
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
    out += [
        "## Flags (`documents.flags`)",
        "",
        "Each flag is `code:detail`.",
        "",
        "| code | meaning |",
        "|---|---|",
    ]
    out += [f"| `{code}` | {meaning} |" for code, meaning in FLAGS.items()]
    out += [
        "",
        "## Reason codes (`documents.reason`)",
        "",
        "A fixed set (`rencana.schema.reasons.Reason`): a code never changes meaning. `error` holds the "
        "same code followed by a one-line message. Failed inputs are copied to the quarantine folder "
        "with a note.",
        "",
        "| code | status | meaning |",
        "|---|---|---|",
    ]
    out += [f"| `{r.value}` | {status} | {meaning} |" for r, (status, meaning) in REASONS.items()]
    out.append("")
    return "\n".join(out)
