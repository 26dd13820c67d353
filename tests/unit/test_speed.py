"""Issue 14: the fast paths give what the slow ones gave, and the start-up stays light.

* the text layer's one-call route for filled rectangles (object bounds) finds exactly the
  segments and fills that reading every point finds, on the shipped samples (several
  renderers' PDFs: ReportLab canvas, LibreOffice from Word and from Excel);
* ``rencana --help`` and a no-change re-run import neither pandas nor the OCR stack (a new
  process each, as a user runs them);
* the vocabulary version read without parsing equals the parsed vocabulary's;
* a fresh run's main process imports no pandas either (pyarrow's probe for it is answered
  "no"), and pyarrow still converts to and from pandas afterwards;
* libyaml's parser reads the vocabulary as PyYAML's Python parser does (lines, duplicates).
"""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from rencana.extract.text import layer
from rencana.normalise import vocabulary
from rencana.normalise.vocabulary import VocabularyError, load_vocabulary, vocabulary_version
from rencana.schema import io
from rencana.schema.records import Word
from rencana.schema.tables import TABLES

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


def _probe(*args: str, names: tuple[str, ...] = HEAVY) -> list[str]:
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    argv = [sys.executable, "-c", PROBE.replace(repr(HEAVY), repr(names)), *args]
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
    assert _probe(*args) == []  # the fresh run: tables built and written without pandas
    assert (out / "documents.parquet").exists()
    assert _probe(*args) == []


def test_the_main_process_of_a_run_imports_no_per_file_work(tmp_path: Path) -> None:
    """The run's parent hashes, plans, collects and writes; the workers (forked from a server
    that has the extract and normalise stacks loaded) do the files.  The parent importing them
    cost ~0.1 s CPU per run beside the fork server's own warm-up (issue 14)."""
    src = tmp_path / "in"
    src.mkdir()
    sample = sorted(SAMPLES.glob("*.pdf"))[0]
    (src / sample.name).write_bytes(sample.read_bytes())
    names = ("rencana.pipeline.work", "rencana.extract.document", "rencana.normalise.plan")
    args = ("extract", str(src), "--out", str(tmp_path / "out"), "-q", "--jobs", "1", "--no-ocr")
    assert _probe(*args, names=names) == []
    assert (tmp_path / "out" / "plan_rows.parquet").exists()


def test_pyarrow_without_its_pandas_probe_still_converts() -> None:
    code = (
        "import sys\n"
        "from rencana.schema import io\n"
        "io.arrow_without_pandas()\n"
        "t = io.to_arrow('issues', [])\n"
        "import pyarrow as pa\n"
        "t = pa.table({'x': [1.5, None]})\n"
        "assert 'pandas' not in sys.modules\n"
        "frame = t.to_pandas()\n"
        "assert pa.Table.from_pandas(frame).column('x').null_count == 1\n"
        "assert pa.array(frame['x']).null_count == 1  # a Series is a Series again\n"
        "print('OK')\n"
    )
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "OK", done.stderr


def test_empty_tables_are_the_schemas_own() -> None:
    for name, schema in TABLES.items():
        assert io.empty_table(name).equals(schema.empty_table(), check_metadata=True), name


class _PythonLineLoader(yaml.SafeLoader):
    """The vocabulary's loader on PyYAML's Python parser."""


_PythonLineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, vocabulary._construct_mapping
)


def test_libyaml_reads_the_vocabulary_as_the_python_parser_does(tmp_path: Path) -> None:
    files = sorted(vocabulary.packaged_dir().glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert vocabulary._load_yaml(path) == yaml.load(text, Loader=_PythonLineLoader), path.name
    broken = tmp_path / "activities.yaml"
    broken.write_text("a:\n  b: 1\n  b: 2\n", encoding="utf-8")
    with pytest.raises(VocabularyError) as err:
        vocabulary._load_yaml(broken)
    assert "duplicate key 'b'" in str(err.value) and err.value.line == 3


def test_the_version_without_parsing_is_the_parsed_one() -> None:
    assert vocabulary_version() == load_vocabulary().version


def _reference_words(page_no: int, textpage: pdfium.PdfTextPage, frame: layer._Frame) -> list[object]:
    """The text layer's words as first written: one typed-prototype call per box and per size,
    every box through the frame, min/max, characters joined (the oracle of the fast loop)."""
    words: list[object] = []
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    buf: list[str] = []
    bx0 = by0 = bx1 = by1 = last_x1 = last_cy = 0.0
    size = 10.0
    for i, ch in enumerate(text[:n]):
        if ch.isspace() or ch == "\x00":
            if buf:
                words.append(layer.Word(page_no, bx0, by0, bx1, by1, "".join(buf)))
                buf.clear()
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        x0, y0, x1, y1 = frame.box(left, bottom, right, top)
        fs = pdfium.raw.FPDFText_GetFontSize(textpage, i) or size
        cy = (y0 + y1) / 2
        if buf and (x0 - last_x1 > 0.22 * fs or abs(cy - last_cy) > 0.6 * fs or x1 < bx0):
            words.append(layer.Word(page_no, bx0, by0, bx1, by1, "".join(buf)))
            buf.clear()
        if not buf:
            bx0, by0, bx1, by1 = x0, y0, x1, y1
        else:
            bx0, by0, bx1, by1 = min(bx0, x0), min(by0, y0), max(bx1, x1), max(by1, y1)
        buf.append("-" if ch == "\ufffe" else ch)
        last_x1, last_cy, size = x1, cy, fs
    if buf:
        words.append(layer.Word(page_no, bx0, by0, bx1, by1, "".join(buf)))
    return words


def test_the_word_loop_gives_the_reference_words(shared_dir: Path) -> None:
    rotated = shared_dir / "corpora" / "bad-pdfs" / "gen_table_rotated90.pdf"  # RENCANA_SHARED honoured
    pdfs = [*sorted(SAMPLES.glob("*.pdf")), rotated]
    turned = words = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                frame, textpage = layer._Frame(page), page.get_textpage()
                fast = layer._words(i + 1, textpage, frame, layer.TextSettings())
                assert fast == _reference_words(i + 1, textpage, frame), (path.name, i + 1)
                turned += frame.rotation != 0
                words += len(fast)
                textpage.close()
                page.close()
        finally:
            pdf.close()
    assert turned and words > 1000


def test_a_sentence_matcher_kept_per_sentence_aligns_as_a_new_one() -> None:
    import random
    from difflib import SequenceMatcher

    from rencana.normalise.sentence import _canonical

    rng = random.Random(14)
    words = ["data", "rencana", "aksi", "kpu", "reformasi", "birokrasi", "<satker>", "tahun", "<year>"]
    sentences = [" ".join(rng.choices(words, k=rng.randint(0, 9))) for _ in range(12)]
    for _ in range(400):
        sentence = rng.choice(sentences)
        printed = [w.lower() for w in rng.choices([*words[:6], "x", "y"], k=rng.randint(0, 10))]
        canon, matcher = _canonical(sentence)
        fresh = SequenceMatcher(None, printed, canon, autojunk=False).get_opcodes()
        if matcher is None:
            assert not canon
            continue
        matcher.set_seq1(printed)
        assert matcher.get_opcodes() == fresh, (sentence, printed)


def test_a_words_centre_is_stored_and_follows_replace() -> None:
    """Word.cx / cy are read millions of times a run: kept in slots, computed once at
    construction (issue 14), and still the centre after ``replace`` or a pickle round trip."""
    word = Word(1, 10.0, 20.0, 30.0, 44.0, "x")
    assert "cx" in Word.__slots__ and "cy" in Word.__slots__
    assert (word.cx, word.cy) == (20.0, 32.0)
    moved = replace(word, x0=0.0, bottom=20.0)
    assert (moved.cx, moved.cy) == (15.0, 20.0)
    back = pickle.loads(pickle.dumps(moved))
    assert back == moved and (back.cx, back.cy) == (15.0, 20.0)
    assert word == Word(1, 10.0, 20.0, 30.0, 44.0, "x") and "cx" not in repr(word)


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    argv = [sys.executable, "-c", code, *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=180, check=False)


def test_the_fork_server_starts_before_the_pipeline_is_imported() -> None:
    """The console script starts the workers' fork server first: starting it loads nothing of the
    pipeline (no click, pyarrow, PDFium or records), so the main process's own imports run beside
    the server's warm-up instead of before it (issue 14)."""
    code = (
        "import sys\n"
        "from rencana.pipeline.forkserver import prestart\n"
        "prestart()\n"
        "from multiprocessing import forkserver\n"
        "assert forkserver._forkserver._forkserver_pid\n"
        "late = ('click', 'pyarrow', 'pypdfium2', 'numpy', 'rencana.schema.records')\n"
        "print('LOADED', [m for m in late if m in sys.modules])\n"
    )
    done = _python(code)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


def test_the_fork_server_warms_no_ocr_stack_and_a_digital_file_loads_none() -> None:
    """OpenCV and tesserocr are imported by a worker on its first page that needs OCR: the fork
    server's warm-up, on every run's critical path, does not load them (issue 14)."""
    sample = sorted(SAMPLES.glob("*.pdf"))[0]
    code = (
        "import sys\n"
        "import rencana.pipeline.warm\n"
        "warm = [m for m in ('cv2', 'tesserocr') if m in sys.modules]\n"
        "from pathlib import Path\n"
        "from rencana.pipeline.model import RunSettings\n"
        "from rencana.pipeline.work import process_file\n"
        "result = process_file(Path(sys.argv[1]), RunSettings(jobs=1))\n"
        "print('STATUS', result.status, len(result.rows) > 0)\n"
        "print('OCR', warm, [m for m in ('cv2', 'tesserocr') if m in sys.modules])\n"
    )
    done = _python(code, str(sample))
    assert "STATUS ok True" in done.stdout and "OCR [] []" in done.stdout, done.stdout + done.stderr


def test_the_console_script_ends_an_extract_without_tearing_the_interpreter_down(tmp_path: Path) -> None:
    """A finished ``rencana extract`` leaves by ``os._exit`` once its exit handlers ran: the
    tables written, the summary printed, the exit code kept; the interpreter's teardown (an
    object freed only then says so) is skipped (issue 14)."""
    src = tmp_path / "in"
    src.mkdir()
    sample = sorted(SAMPLES.glob("*.pdf"))[0]
    (src / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "out"
    code = (
        "import sys\n"
        "class Freed:\n"
        "    def __del__(self):\n"
        "        print('TORN DOWN', file=sys.__stderr__)\n"
        "sys.modules['freed_probe'] = type(sys)('freed_probe')\n"
        "sys.modules['freed_probe'].obj = Freed()\n"
        "sys.argv = ['rencana', *sys.argv[1:]]\n"
        "from rencana.pipeline.entry import main\n"
        "main()\n"
    )
    done = _python(code, "extract", str(src), "--out", str(out), "--jobs", "1", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("files: 1 (ok 1"), done.stdout
    assert "TORN DOWN" not in done.stderr
    assert io.read_table("plan_rows", out).num_rows > 0
    missing = _python(code, "extract", str(tmp_path / "nowhere"), "--out", str(out), "-q")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "TORN DOWN" not in missing.stderr
    other = _python(code, "--version")  # another command ends as before
    assert other.returncode == 0 and "TORN DOWN" in other.stderr
