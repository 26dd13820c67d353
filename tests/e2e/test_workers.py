"""Reused workers (issue 14): a worker takes file after file, and one that dies idle is no file's fault."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from faults import stamped

from rencana.pipeline.model import FileResult, RunSettings
from rencana.pipeline.sandbox import Item, WorkerPool


def _pid(result: FileResult) -> int:
    return int(str(result.document.title).split()[2])


def test_a_worker_killed_between_files_is_replaced_and_blames_nobody(tmp_path: Path) -> None:
    items = [Item(tmp_path / f"f{i}.pdf", f"f{i}.pdf", "") for i in range(4)]
    results: list[FileResult] = []

    def done(_item: Item, result: FileResult) -> None:
        results.append(result)
        if len(results) == 2:  # the worker is idle now: kill it, as an out-of-memory killer would
            os.kill(_pid(result), signal.SIGKILL)
            time.sleep(0.5)

    WorkerPool(RunSettings(jobs=1, ocr=False), stamped, tmp_path / "tmp").run(items, done)
    assert [r.status for r in results] == ["ok"] * 4, [r.document.error for r in results]
    pids = [_pid(r) for r in results]
    assert pids[0] == pids[1], "one worker takes file after file"
    assert pids[2] == pids[3] != pids[1], "a fresh worker after the killed one"
    assert not (tmp_path / "tmp").exists() or not any((tmp_path / "tmp").iterdir())
