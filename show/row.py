"""One plan row of an output folder drawn on its page(s): ``rencana show OUT --doc D --row N``.

The row's file, page and bounding box come from ``documents.parquet`` and ``plan_rows.parquet``;
the page is read again with a trace (the pictures are made on demand, not by ``extract``) and
the row's box and its cells are drawn over the page's picture in the ``focus`` colour.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from rencana.show.names import row_picture
from rencana.show.page import PagePicture, Seen, look
from rencana.show.paint import Painter
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
    for pic in pictures:
        box = place.box if pic.page == place.pages[0] else _continued(seen, pic.page)
        if box is not None:
            _focus(seen, pic, box, row_no)
    target = dest or (out / row_picture(seen.document.doc_id, row_no)).parent
    return write_pictures(seen, pictures, target)


Box = tuple[float, float, float, float]


def _continued(seen: Seen, page: int) -> Box | None:
    """On a page the row runs on to: its fragment, the page's first plan row."""
    pt = seen.trace.pages.get(page)
    first = next((r for r in pt.rows if not r.section), None) if pt is not None else None
    return None if first is None else (first.bbox.x0, first.bbox.top, first.bbox.x1, first.bbox.bottom)


def _focus(seen: Seen, pic: PagePicture, box: Box, row_no: int) -> None:
    """The row's box and each of its cells, in the focus colour, over the page's picture."""
    painter = Painter(pic.image, pic.image.width / seen.trace.contents[pic.page - 1].width)
    painter.rect("focus", box, f"row {row_no}", width=5, fill_alpha=40)
    pt = seen.trace.pages.get(pic.page)
    for a, b in itertools.pairwise(pt.bounds if pt is not None else ()):
        painter.rect("focus", (a, box[1], b, box[3]), "cell", width=1)
    pic.drawn.extend(painter.record())
