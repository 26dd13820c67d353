"""What the table reader saw on each page, collected only when asked (``rencana show``).

A :class:`Trace` is passed to :func:`~rencana.extract.document.extract_document`; each page
whose table was rebuilt gets a :class:`PageTrace` with the header, the column bounds, the row
bands, the rules that drew them and the page's rows before stitching.  Without a trace
nothing is recorded and the extraction is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rencana.extract.table.header import Header
from rencana.extract.text.geometry import HLine, VLine
from rencana.schema.records import PageContent, RawRow

__all__ = ["PageTrace", "Trace"]


@dataclass(slots=True)
class PageTrace:
    """One page's table as the grid builder saw it."""

    page: int
    header: Header | None = None
    bounds: tuple[float, ...] = ()
    bands: tuple[tuple[float, float], ...] = ()
    hlines: tuple[HLine, ...] = ()  # row rules used (empty: rows from text lines)
    vlines: tuple[VLine, ...] = ()  # column rules used (empty: columns from text alignment)
    rows: tuple[RawRow, ...] = ()  # the page's rows before stitching

    def saw_table(
        self,
        header: Header,
        bounds: Sequence[float],
        bands: Sequence[tuple[float, float]],
        lines: tuple[Sequence[HLine], Sequence[VLine]],
        rows: Sequence[RawRow],
    ) -> None:
        self.header, self.bounds, self.bands = header, tuple(bounds), tuple(bands)
        self.hlines, self.vlines, self.rows = tuple(lines[0]), tuple(lines[1]), tuple(rows)


@dataclass(slots=True)
class Trace:
    """A document's trace: every page's content as read, and each table page's grid."""

    contents: tuple[PageContent, ...] = ()
    pages: dict[int, PageTrace] = field(default_factory=dict)

    def page(self, page_no: int) -> PageTrace:
        return self.pages.setdefault(page_no, PageTrace(page_no))
