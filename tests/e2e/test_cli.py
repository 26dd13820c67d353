"""The CLI in-process: a bad file in a batch, re-runs, --force, exit codes, help."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any as Extracted  # the session fixture from conftest.py

import pandas as pd
import pyarrow.parquet as pq
from click.testing import CliRunner

from rencana.pipeline.cli import main


def _batch(extracted: Extracted, tmp_path: Path) -> Path:
    src = tmp_path / "in dir with spaces"
    src.mkdir()
    for pdf in sorted(extracted.corpus.glob("*-canvas.pdf"))[:3]:
        shutil.copy(pdf, src / pdf.name)
    (src / "rusak (corrupt).pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% truncated")
    (src / "not a pdf.pdf").write_text("<html>404 Not Found</html>")
    return src


def test_bad_files_fail_alone_and_the_batch_completes(extracted_corpus: Extracted, tmp_path: Path) -> None:
    src = _batch(extracted_corpus, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(src), "--out", str(out), "--jobs", "2", "-q"])
    assert result.exit_code == 1, result.output
    assert "files: 5 (ok 3, partial 0, failed 2" in result.output
    docs = pd.read_parquet(out / "documents.parquet")
    failed = docs[docs["status"] == "failed"]
    failed = failed.set_index(failed["source_file"].map(lambda s: Path(s).name))
    assert failed.loc["not a pdf.pdf", "error"].startswith("not_a_pdf:")
    assert failed.loc["rusak (corrupt).pdf", "error"].startswith("damaged: ")
    assert failed.loc["rusak (corrupt).pdf", "reason"] == "damaged"
    assert "by reason: damaged 1, not_a_pdf 1" in result.output
    assert len(list((out / "quarantine").glob("*.txt"))) == 2
    rows = pd.read_parquet(out / "plan_rows.parquet")
    assert set(rows["doc_id"]) == set(docs.loc[docs["status"] == "ok", "doc_id"])
    assert not list(out.glob(".*tmp")), "no temporary files may be left behind"
    meta = pq.read_schema(out / "plan_rows.parquet").metadata
    assert meta[b"rencana.schema_version"]


def test_rerun_skips_unchanged_files_and_force_redoes_them(
    extracted_corpus: Extracted, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    first = sorted(extracted_corpus.corpus.glob("*-canvas.pdf"))[:2]
    for pdf in first:
        shutil.copy(pdf, src / pdf.name)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(src), "--out", str(out), "-q", "-j", "1"]).exit_code == 0
    rows_before = pd.read_parquet(out / "plan_rows.parquet")
    again = runner.invoke(main, ["extract", str(src), "--out", str(out), "-q", "-j", "1"])
    assert again.exit_code == 0 and "skipped 2" in again.output
    # a new file is added without touching the others' rows
    extra = sorted(extracted_corpus.corpus.glob("*-canvas.pdf"))[2]
    shutil.copy(extra, src / extra.name)
    added = runner.invoke(main, ["extract", str(src), "--out", str(out), "-q", "-j", "1"])
    assert "ok 1" in added.output and "skipped 2" in added.output
    rows_after = pd.read_parquet(out / "plan_rows.parquet")
    assert len(rows_after) > len(rows_before)
    assert len(pd.read_parquet(out / "documents.parquet")) == 3
    forced = runner.invoke(main, ["extract", str(src), "--out", str(out), "-q", "--force", "-j", "1"])
    assert "ok 3" in forced.output and "skipped 0" in forced.output
    assert len(pd.read_parquet(out / "plan_rows.parquet")) == len(rows_after)


def test_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, "as the help says: nothing could run"
    assert result.output.strip().splitlines() == [f"Error: no such file or directory: {tmp_path / 'nope'}"]


def test_an_unwritable_output_is_one_line_and_exit_2(extracted_corpus: Extracted, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sorted(extracted_corpus.corpus.glob("*-canvas.pdf"))[0], src / "a.pdf")
    (tmp_path / "a file").write_text("not a folder")
    result = CliRunner().invoke(main, ["extract", str(src), "--out", str(tmp_path / "a file" / "out"), "-q"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write to") and "--out" in lines[0]


def test_evaluate_on_a_folder_without_output_says_so(extracted_corpus: Extracted, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", str(extracted_corpus.corpus), str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: no rencana output in {tmp_path} (no documents.parquet): "
        f"run `rencana extract … --out {tmp_path}` first"
    ]


def test_ctrl_c_says_how_to_resume_and_exits_130(extracted_corpus: Extracted, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for pdf in sorted(extracted_corpus.corpus.glob("*.pdf"))[:12]:
        shutil.copy(pdf, src / pdf.name)
    cli = [sys.executable, "-c", "from rencana.pipeline.entry import main; main()"]  # the console script
    args = [*cli, "extract", str(src), "--out", str(tmp_path / "out"), "-q", "-j", "1", "--no-ocr"]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONSAFEPATH": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # not ignored as in a batch job
    )
    lock = tmp_path / "out" / ".rencana" / "lock"
    deadline = time.monotonic() + 60
    while not lock.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the run has started (a loaded machine may take seconds to import)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)  # what Ctrl-C sends
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted — run again to resume (finished files are kept)" in err.strip().splitlines()
    again = CliRunner().invoke(main, ["extract", str(src), "--out", str(tmp_path / "out"), "-q", "-j", "2"])
    assert again.exit_code in (0, 1) and "files: 12" in again.output


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name, cmd in main.commands.items():  # type: ignore[attr-defined]
        assert cmd.help and len(cmd.help) > 40, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in main.commands:  # type: ignore[attr-defined]
        assert f"rencana {name}" in readme, f"README does not document `rencana {name}`"
