"""Issue 14: the fast paths give what the slow ones gave, and the start-up stays light.

* the text layer's one-call route for filled rectangles (object bounds) finds exactly the
  segments and fills that reading every point finds, on the shipped samples (several
  renderers' PDFs: ReportLab canvas, LibreOffice from Word and from Excel);
* ``rencana --help`` and a no-change re-run import neither pandas nor the OCR stack (a new
  process each, as a user runs them);
* the vocabulary version read without parsing equals the parsed vocabulary's.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from rencana.extract.text import layer
from rencana.normalise.vocabulary import load_vocabulary, vocabulary_version

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
HEAVY = ("pandas", "cv2", "tesserocr")
PROBE = (
    "import atexit, sys\n"
    f"names = {HEAVY!r}\n"
    "atexit.register(lambda: print('HEAVY', [m for m in names if m in sys.modules], file=sys.__stderr__))\n"
    "from rencana.pipeline.cli import main; main()"
)


def _graphics(pdf: pdfium.PdfDocument, index: int) -> tuple[list[object], list[object]]:
    page = pdf[index]
    try:
        return layer._graphics(layer._Frame(page), page, layer.TextSettings())  # type: ignore[return-value]
    finally:
        page.close()


def test_the_bounds_route_finds_what_the_points_route_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    assert len(pdfs) >= 3
    rectangles = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(pdf)):
                with monkeypatch.context() as m:
                    m.setattr(layer, "_one_rectangle", lambda _obj: False)
                    slow = _graphics(pdf, i)
                fast = _graphics(pdf, i)
                assert fast == slow, (path.name, i + 1)
                rectangles += len(fast[1])
        finally:
            pdf.close()
    assert rectangles > 10  # the samples have shaded months: the fast route was exercised


def _probe(*args: str) -> list[str]:
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    argv = [sys.executable, "-c", PROBE, *args]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY"))
    return list(ast.literal_eval(line.removeprefix("HEAVY ")))


def test_help_imports_no_pandas_and_no_ocr_stack() -> None:
    assert _probe("--help") == []


def test_a_no_change_rerun_imports_no_pandas_and_no_ocr_stack(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    sample = sorted(SAMPLES.glob("*.pdf"))[0]
    (src / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "out"
    args = ("extract", str(src), "--out", str(out), "-q", "--jobs", "1", "--no-ocr")
    _probe(*args)
    assert (out / "documents.parquet").exists()
    assert _probe(*args) == []


def test_the_version_without_parsing_is_the_parsed_one() -> None:
    assert vocabulary_version() == load_vocabulary().version
