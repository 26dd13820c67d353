"""Where the time grid is sought under the time label on a scan (README corpus clean scan seed 3,
3-008 p4): the month digits' line overlaps the label's span by a point, and taking its bottom as
the label's depth moved the band down to the first row's marks — the header's bottom landed on
the first row and that row ("3. Pelaksanaan tindak lanjut rekomendasi …") was lost under `ok`.

The words are those Tesseract read on that page, recorded once (``tests/fixtures/words/``)."""

from __future__ import annotations

import json
from pathlib import Path

from rencana.extract.table.header import _time_grid
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.geometry import HLine, VLine
from rencana.schema.records import Word

RECORDED = Path(__file__).parents[1] / "fixtures" / "words" / "scan3-008-p4-header.json"


def test_the_month_digits_overlapping_the_label_leave_the_first_row_out_of_the_header() -> None:
    page = json.loads(RECORDED.read_text())
    words = [Word(**w) for w in page["words"]]
    found = {k: tuple(v) for k, v in page["found"].items()}
    grid = _time_grid(
        words,
        [HLine(**x) for x in page["hlines"]],
        found,  # type: ignore[arg-type]
        tuple(page["span"]),  # type: ignore[arg-type]
        page["h"],
        TableSettings(),
        [VLine(**x) for x in page["vlines"]],
    )
    digits = [w for w in words if w.text.isdigit() and w.cy < 70]
    first_row = min(w.top for w in words if w.text == "Pelaksanaan")
    assert grid is not None
    assert grid.unit == "month"
    # the grid is the digits' line 1..12, centred over the digits read, and ends above the first row
    assert sorted(grid.centres) == list(range(1, 13))
    assert max(abs(grid.centres[int(w.text)] - w.cx) for w in digits) < 3.0
    assert grid.top <= min(w.top for w in digits) and grid.bottom < first_row
