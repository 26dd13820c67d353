"""Issue 10b, phone photos: a bare continuation photo of a table ruled with horizontal rules only
takes the columns of the page before moved by the table's frame (each photo is warped on its own;
714-009 p7 stood 2.3 % wider, every mark right of June a month late)."""

from __future__ import annotations

from ocr_fakes import ocr_word as _ocr  # tests/fixtures (on sys.path: tests/conftest.py)
from ocr_fakes import scanned_header_labels

from rencana.extract.document import continuation_header
from rencana.extract.table.columns import frame_map
from rencana.extract.table.header import locate_header
from rencana.extract.table.page_table import PageTable
from rencana.extract.text.geometry import HLine
from rencana.schema.records import PageContent, Segment, Word


def _rows(x0: float, x1: float, inner: float) -> list[HLine]:
    """A table's row rules: three across it all, two from the sub-activity column (merged cells)."""
    return [HLine(y, x0, x1) for y in (40.0, 200.0, 540.0)] + [HLine(y, inner, x1) for y in (90.0, 300.0)]


def test_the_frame_of_the_next_photo_gives_its_scale_and_shift() -> None:
    a, b = frame_map(_rows(43.0, 773.0, 269.0), _rows(41.4, 788.4, 272.0)) or (0.0, 0.0)
    assert abs(a - 747.0 / 730.0) < 1e-6 and abs(a * 773.0 + b - 788.4) < 1e-6
    assert frame_map(_rows(43.0, 773.0, 269.0), [HLine(40.0, 41.0, 788.0)]) is None  # one rule
    assert frame_map(_rows(43.0, 773.0, 269.0), _rows(40.0, 900.0, 260.0)) is None  # 17 %: another table


def _pages(stretch: float) -> tuple[PageContent, PageContent]:
    """The page before (its table from 40 to 760 pt) and the next photo, ``stretch`` wider from
    the left edge; horizontal rules only, body text under the first rule."""

    def page(n: int, a: float) -> PageContent:
        rules = [Segment(40.0, y, 40.0 + a * 720.0, y) for y in (30.0, 200.0, 550.0)]
        words = (Word(n, 300, 100, 340, 107, "Kegiatan", "ocr", 90.0),)
        return PageContent(n, 842.0, 595.0, "ocr", words, segments=tuple(rules))

    return page(3, 1.0), page(4, stretch)


def test_a_continuation_photo_without_column_rules_is_placed_by_its_frame() -> None:
    words = scanned_header_labels() + [_ocr(str(k + 1), 510 + 20 * k, 62) for k in range(12)]
    words += [_ocr("Kegiatan", 300, 100 + 30 * r) for r in range(5)]
    last, _ = locate_header(words, [HLine(55.0, 40.0, 760.0), HLine(75.0, 40.0, 760.0)])
    assert last is not None
    xs = [40.0, 100.0, 230.0, 360.0, *(500.0 + 20 * k for k in range(13))]
    prev = PageTable(3, (), tuple(xs), 80.0, 550.0, 595.0, True, False, 9.0)
    before, here = _pages(1.025)
    header = continuation_header(here, last, prev, before)
    assert header is not None
    moved = [
        round(c - (40.0 + 1.025 * (p - 40.0)), 6) for c, p in zip(header.centres, last.centres, strict=True)
    ]
    assert moved == [0.0] * len(moved)  # December (770 → 788.0) a month late without the frame
    unmoved = continuation_header(here, last, prev)
    assert unmoved is not None and unmoved.centres == last.centres
