"""One plan row of an output folder drawn on its page(s): ``rencana show OUT --doc D --row N``.

The row's file, page and bounding box come from ``documents.parquet`` and ``plan_rows.parquet``;
the page is read again with a trace (the pictures are made on demand, not by ``extract``) and
the row's box and its cells are drawn over the page's picture in the ``focus`` colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from rencana.show.names import row_picture
from rencana.show.page import look
from rencana.show.write import draw_pages, write_pictures


@dataclass(frozen=True, slots=True)
class PlanRowPlace:
    """Where one plan row was read."""

    source_file: Path
    pages: tuple[int, ...]
    box: tuple[float, float, float, float]


def find_row(out: Path, doc_id: str, row_no: int) -> PlanRowPlace:
    """The row's file, pages and box; ``doc_id`` may be a prefix.  Raises LookupError."""
    docs = pq.read_table(out / "documents.parquet", columns=["doc_id", "source_file"]).to_pylist()
    match = [d for d in docs if str(d["doc_id"]).startswith(doc_id)]
    if len(match) != 1:
        raise LookupError(f"{len(match)} documents in {out} have a doc_id starting {doc_id!r}")
    full = match[0]["doc_id"]
    cols = ["doc_id", "row_no", "page", "pages", "x0", "top", "x1", "bottom"]
    rows = [
        r for r in pq.read_table(out / "plan_rows.parquet", columns=cols).to_pylist() if r["doc_id"] == full
    ]
    row = next((r for r in rows if r["row_no"] == row_no), None)
    if row is None:
        raise LookupError(f"document {full[:16]} has no plan row {row_no} (rows 1-{len(rows)})")
    pages = tuple(row["pages"] or [row["page"]])
    return PlanRowPlace(
        Path(match[0]["source_file"]), pages, (row["x0"], row["top"], row["x1"], row["bottom"])
    )


def show_row(out: Path, doc_id: str, row_no: int, dest: Path | None = None) -> Path:
    """Draw plan row ``row_no`` of ``doc_id`` on its page(s) into ``dest`` (default
    ``OUT/show/<doc>-row<N>``); returns the index.html written there."""
    place = find_row(out, doc_id, row_no)
    seen = look(place.source_file, place.pages)
    pictures = draw_pages(seen, place.pages)
    first = pictures[0] if pictures else None
    if first is not None:
        from rencana.show.paint import Painter

        scale = first.image.width / seen.trace.contents[first.page - 1].width
        focus = Painter(first.image, scale)
        focus.rect("focus", place.box, f"row {row_no}", width=5, fill_alpha=60)
        first.drawn.extend(focus.record())
    target = dest or (out / row_picture(seen.document.doc_id, row_no)).parent
    return write_pictures(seen, pictures, target)
