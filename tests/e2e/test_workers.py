"""Reused workers (issue 14): a worker takes file after file, and one that dies idle is no file's fault."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from faults import stamped, stamped_marked

from rencana.pipeline import sandbox
from rencana.pipeline.model import FileResult, RunSettings
from rencana.pipeline.sandbox import Item, WorkerPool


def _pid(result: FileResult) -> int:
    return int(str(result.document.title).split()[2])


def test_a_worker_killed_between_files_is_replaced_and_blames_nobody(tmp_path: Path) -> None:
    """Killed after sending a result, before the parent gives it the next file: that result
    counts, the next file goes to a new worker, no file is blamed.

    The worker is handed its next file before the parent's bookkeeping of the last one, so
    while ``done`` runs for f0 it already holds f1: the test waits until f1's result is sent
    (its marker), then kills the worker, idle between files, as an out-of-memory killer would.
    """
    items = [Item(tmp_path / f"f{i}.pdf", f"f{i}.pdf", "") for i in range(4)]
    results: list[FileResult] = []

    def done(_item: Item, result: FileResult) -> None:
        results.append(result)
        if len(results) == 1:
            marker = tmp_path / "f1.pdf.done"
            for _ in range(200):
                if marker.exists():
                    break
                time.sleep(0.05)
            time.sleep(0.5)  # f1's result sent: the worker waits for its next file
            os.kill(_pid(result), signal.SIGKILL)
            time.sleep(0.5)

    WorkerPool(RunSettings(jobs=1, ocr=False), stamped_marked, tmp_path / "tmp").run(items, done)
    assert [r.status for r in results] == ["ok"] * 4, [r.document.error for r in results]
    pids = [_pid(r) for r in results]
    assert pids[0] == pids[1], "one worker takes file after file"
    assert pids[2] == pids[3] != pids[1], "a fresh worker after the killed one"
    assert not (tmp_path / "tmp").exists() or not any((tmp_path / "tmp").iterdir())


def test_a_freed_worker_has_its_next_file_before_the_bookkeeping(tmp_path: Path) -> None:
    """The parent's work on a result (ledger, progress: ``done``) overlaps the next file."""
    items = [Item(tmp_path / f"f{i}.pdf", f"f{i}.pdf", "") for i in range(3)]
    called: list[float] = []
    results: list[FileResult] = []

    def done(_item: Item, result: FileResult) -> None:
        called.append(time.time())
        results.append(result)
        time.sleep(0.3)  # slow bookkeeping

    WorkerPool(RunSettings(jobs=1, ocr=False), stamped, tmp_path / "tmp").run(items, done)
    starts = [float(str(r.document.title).split()[0]) for r in results]
    assert [r.status for r in results] == ["ok"] * 3
    # each next file started while ``done`` still slept (after it, it would start 0.3 s later)
    assert starts[1] < called[0] + 0.2 and starts[2] < called[1] + 0.2, (starts, called)


def test_a_freed_worker_has_its_next_file_before_its_last_folder_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing a file's temporary folder waits on the disk (~20 ms a folder on a busy machine):
    the worker is given its next file first; every folder is still removed."""
    items = [Item(tmp_path / f"f{i}.pdf", f"f{i}.pdf", "") for i in range(3)]
    removed: list[float] = []
    rmtree = shutil.rmtree

    def slow_rmtree(path: object, ignore_errors: bool = False) -> None:
        removed.append(time.time())
        time.sleep(0.3)  # a slow disk
        rmtree(path, ignore_errors=ignore_errors)  # type: ignore[arg-type]

    monkeypatch.setattr(sandbox.shutil, "rmtree", slow_rmtree)
    results: list[FileResult] = []
    WorkerPool(RunSettings(jobs=1, ocr=False), stamped, tmp_path / "tmp").run(
        items, lambda _item, result: results.append(result)
    )
    starts = [float(str(r.document.title).split()[0]) for r in results]
    assert [r.status for r in results] == ["ok"] * 3
    assert starts[1] < removed[0] + 0.2 and starts[2] < removed[1] + 0.2, (starts, removed)
    assert not any((tmp_path / "tmp").iterdir())
