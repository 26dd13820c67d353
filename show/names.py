"""Where a plan row's picture is written, relative to the output folder (light: the report and
the review sheet link to it without loading the drawing code)."""

from __future__ import annotations

SHOW_DIR = "show"


def row_picture(doc_id: str, row_no: int) -> str:
    """``show/<doc_id[:16]>-row<N>/index.html``: what ``rencana show OUT --doc D --row N`` writes."""
    return f"{SHOW_DIR}/{doc_id[:16]}-row{int(row_no)}/index.html"
