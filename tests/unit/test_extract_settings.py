"""extract/'s settings as data, the page-backend registry, and a missing OCR stack failing loudly."""

from __future__ import annotations

import pickle
import sys
from dataclasses import asdict

import pytest

from rencana.extract.backend import BACKENDS, PageInput, backend
from rencana.extract.ocr.errors import OcrUnavailableError
from rencana.extract.ocr.settings import OcrSettings
from rencana.extract.settings import ExtractSettings
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.lines import group_lines, near_first, near_last, near_mean
from rencana.pipeline import work
from rencana.pipeline.model import RunSettings, settings_id
from rencana.schema.records import Word


def test_table_settings_name_the_bad_field() -> None:
    with pytest.raises(ValueError, match=r"TableSettings.month_spacing must be in \(0, 1\]"):
        TableSettings(month_spacing=0.0)
    with pytest.raises(ValueError, match=r"TableSettings.rule_snap_pt must be >= 0"):
        TableSettings(rule_snap_pt=-1.0)
    with pytest.raises(ValueError, match=r"TableSettings.label_min_score must be in \(0, 100\]"):
        TableSettings(label_min_score=120.0)
    with pytest.raises(ValueError, match=r"ExtractSettings.low_ocr_conf"):
        ExtractSettings(low_ocr_conf=-5.0)


def test_ocr_and_table_settings_are_part_of_the_settings_id() -> None:
    fingerprint = RunSettings().fingerprint()["extract"]
    assert fingerprint["ocr_settings"] == asdict(OcrSettings())
    assert fingerprint["table"] == asdict(TableSettings())
    assert fingerprint["ocr"] is True
    changed = RunSettings(extract=ExtractSettings(table=TableSettings(month_spacing=0.3)))
    assert settings_id(changed) != settings_id(RunSettings())
    changed = RunSettings(extract=ExtractSettings(ocr_settings=OcrSettings(psm=6)))
    assert settings_id(changed) != settings_id(RunSettings())


def test_registry_and_picklable_page_inputs() -> None:
    assert set(BACKENDS) == {"text", "ocr"}
    assert backend("text").route == "text"
    assert backend("ocr").route == "ocr"
    with pytest.raises(ValueError, match=r"no page backend 'nope' \(known: ocr, text\)"):
        backend("nope")
    page = PageInput("a.pdf", 2, ExtractSettings(ocr_settings=OcrSettings(psm=6)))
    assert pickle.loads(pickle.dumps(page)) == page
    assert pickle.loads(pickle.dumps(backend("ocr"))) == backend("ocr")


def test_a_missing_ocr_stack_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import raise ImportError, as a missing cv2 or tesserocr would
    monkeypatch.setitem(sys.modules, "rencana.extract.ocr.backend", None)
    with pytest.raises(OcrUnavailableError, match=r"^OCR needs tesserocr and OpenCV .*make install"):
        backend("ocr")
    # the worker imports the OCR stack on the first page that needs it (issue 14): a digital file
    # never needs it; a scanned page fails loudly, with the install line
    reader = work._ocr_reader(True)
    assert reader is not None and reader.route == "ocr"
    with pytest.raises(OcrUnavailableError, match=r"apt-get install tesseract-ocr tesseract-ocr-ind"):
        reader.read(PageInput("scan.pdf", 1, ExtractSettings()))
    assert work._ocr_reader(False) is None


def _w(text: str, x0: float, top: float, height: float = 8.0, source: str = "text") -> Word:
    return Word(1, x0, top, x0 + 6 * len(text), top + height, text, source)  # type: ignore[arg-type]


def test_one_line_grouping_three_tolerances() -> None:
    # centres 104, 107.5, 109.5: each within half a line (4) of the last and of the mean so far,
    # but "c" not of the first
    words = [_w("c", 20, 105.5), _w("a", 0, 100), _w("b", 10, 103.5)]
    assert [[w.text for w in line] for line in group_lines(words, near_last(8.0))] == [["a", "b", "c"]]
    assert [[w.text for w in line] for line in group_lines(words, near_first(8.0))] == [["a", "b"], ["c"]]
    assert [[w.text for w in line] for line in group_lines(words, near_mean(8.0))] == [["a", "b", "c"]]
    # OCR boxes overlapping by half the shorter one join the first word's line
    tall = _w("t", 30, 96, height=20.0, source="ocr")
    assert len(group_lines([_w("a", 0, 100, source="ocr"), tall], near_first(8.0))) == 1
