"""The OCR path on recorded Tesseract output: the scanned stand-in decree in about a second.

``tests/fixtures/ocr/stand-in-scan.json`` holds what Tesseract answered for the three pages
of the scanned stand-in (``ocr_fakes.scanned_stand_in``); the replay engine gives the same
answers through the engine seam, so everything around Tesseract runs for real: colour
dropout, deskew, shading and ruling, words cut at rules, the second read, fills and ink, then
the grid, the months and the front matter.  A broken engine is injected through the same seam.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import ocr_fakes as fakes  # tests/fixtures (on sys.path: tests/conftest.py)
import pytest

from rencana.extract.document import assemble
from rencana.extract.ocr import backend as ocr_backend
from rencana.extract.ocr.backend import ocr_page
from rencana.extract.ocr.settings import OcrSettings
from rencana.pipeline import work
from rencana.pipeline.model import RunSettings
from rencana.schema.issues import IssueCode, flags_of
from rencana.schema.records import ExtractedDocument, PageContent


@pytest.fixture(scope="module")
def replayed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Any, list[PageContent], ExtractedDocument]:
    pdf, truth = fakes.scanned_stand_in(tmp_path_factory.mktemp("replay"))
    engine = fakes.ReplayEngine(fakes.RECORDING)
    pages = [ocr_page(str(pdf), p, OcrSettings(), engine) for p in fakes.RECORDED_PAGES]
    assert engine.at == len(engine.calls)  # every recorded call was made, in order
    return pdf, truth, pages, assemble(pdf, "replay", pages)


def test_every_row_and_month_of_the_scanned_table(
    replayed: tuple[Path, Any, list[PageContent], ExtractedDocument],
) -> None:
    _, _, _, doc = replayed
    rows = [r for r in doc.rows if not r.section]
    stand_in = fakes._fixture_module()
    assert len(rows) == len(stand_in.ROWS)
    for row, (_, _, _, sub, ind, marks) in zip(rows, stand_in.ROWS, strict=True):
        assert [m + 1 for m, mark in enumerate(row.marks) if mark] == sorted(marks), sub
        # shaded cells come out as shading, V and √ as a glyph or as ink
        assert {row.marks[m - 1] == "shade" for m, k in marks.items() if k == "shade"} <= {True}
        assert row.sub_kegiatan.split()[-2:] == sub.split()[-2:]
        assert row.indikator.split()[:2] == ind.split()[:2]
        assert row.ocr_conf is not None and 0 <= row.ocr_conf <= 100
    assert doc.table_pages == (2,)


def test_front_matter_and_page_notes(
    replayed: tuple[Path, Any, list[PageContent], ExtractedDocument],
) -> None:
    _, _, pages, doc = replayed
    assert doc.front.decree_number == "04/ORT.07/3279/2022"
    assert doc.front.date_text == "18 Januari 2022"
    assert doc.front.signed_by == "DANI DANIAL MUHKLIS"
    assert doc.ocr_pages == (1, 2, 3)
    assert "blank_pages:3" in flags_of(doc.issues)
    assert not [i for i in doc.issues if i.code is IssueCode.NEEDS_OCR]
    assert all(p.triage_reason.startswith("ocr at ") for p in pages)
    assert pages[1].skew == pytest.approx(-1.2, abs=0.05)


def test_a_crashing_engine_fails_one_file_with_a_reason(
    replayed: tuple[Path, Any, list[PageContent], ExtractedDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = replayed[0]
    monkeypatch.setattr(ocr_backend, "get_engine", lambda name, lang: fakes.CrashingEngine())
    result = work.process_file(pdf, RunSettings())
    assert result.status == "failed"
    assert result.document.reason == "internal_error"
    assert "tesseract crashed (injected)" in str(result.document.error)


def test_replay_refuses_calls_it_did_not_record(tmp_path: Path) -> None:
    engine = fakes.ReplayEngine(fakes.RECORDING)
    engine.at = len(engine.calls)
    with pytest.raises(AssertionError, match=r"replay: unexpected words call"):
        engine.words(np.zeros((10, 10), np.uint8), 300.0, 11)
