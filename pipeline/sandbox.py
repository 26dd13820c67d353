"""Isolation: every file in a worker process of its own, with a memory cap and a time budget.

A worker is forked for each file from a small *fork server* that has already imported and
warmed the pipeline (:mod:`rencana.pipeline.warm`), so a worker starts in ~10 ms and owns
nothing of the batch.  Each worker:

* leads its own process group (anything it starts — tesseract, ghostscript — is in it),
* has ``RLIMIT_AS`` set to the memory cap (an allocation beyond it fails instead of
  taking the machine down; PDFium then aborts, which is a crash of that worker only),
* writes temporary files only into its own folder (``TMPDIR``), removed when it ends,
* dies with its parent (``PR_SET_PDEATHSIG``): killing a run leaves no orphan working on.

The parent waits on the workers' pipes with a deadline per file: ``Limits.budget(pages)``,
re-computed when the worker reports the page count.  Past the deadline the whole process
group is killed (SIGKILL) and the file becomes ``failed`` / ``timeout``; a worker that dies
from a signal becomes ``failed`` / ``crashed`` naming the signal.  The batch always goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing as mp
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from rencana.pipeline.model import FileResult, Limits, RunSettings
from rencana.schema.reasons import Reason

log = logging.getLogger(__name__)

MIB = 1 << 20
PRELOAD = ["rencana.pipeline.warm"]
_PR_SET_PDEATHSIG = 1

Work = Callable[[Path, RunSettings, Callable[[int], None] | None], FileResult]


@dataclass(frozen=True, slots=True)
class Item:
    """One file to process: where the worker reads it, and who it is in the output."""

    path: Path  # what the worker opens (the input, or a copy on a Dask worker)
    source_file: str  # documents.source_file
    doc_id: str  # sha256 of the bytes, known before the worker starts


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


@contextlib.contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Start a process without multiprocessing re-running ``__main__`` in it.

    multiprocessing re-imports the parent's main script in every child it starts through
    a fork server (for pickled functions defined there); for ``rencana`` that script is the
    whole CLI, for a Dask worker the ``dask`` CLI: a second of imports per file, for nothing
    (the worker's function lives in a module).  A bare stand-in hides it while the child's
    preparation data is taken.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _address_space_limit(memory_mb: int) -> int:
    """The RLIMIT_AS for a worker: the cap, but never below what the worker already maps + 256 MiB."""
    current = 0
    with contextlib.suppress(OSError, ValueError), open("/proc/self/statm") as fh:
        current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    return max(memory_mb * MIB, current + 256 * MIB)


def _worker(conn: Connection, work: Work, path: Path, settings: RunSettings, tmp: str) -> None:
    """The worker process: limits first, then the work, then one message back and a hard exit."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _die_with_parent()
    limit = _address_space_limit(settings.limits.memory_mb)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # not every system lets a process lower it
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    os.environ["TMPDIR"] = tmp
    tempfile.tempdir = tmp
    try:
        result = work(path, settings, lambda n: conn.send(("pages", n)))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result.peak_rss_mb = round(usage.ru_maxrss / 1024, 1)
        result.cpu_seconds = round(usage.ru_utime + usage.ru_stime, 3)
        conn.send(("result", result))
    except MemoryError:
        with contextlib.suppress(Exception):
            conn.send(("oom", None))
    except BaseException as exc:  # the parent turns it into a failed row
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        with contextlib.suppress(Exception):
            conn.close()
        os._exit(0)


@dataclass(slots=True)
class _Running:
    item: Item
    proc: BaseProcess
    conn: Connection
    tmp: Path
    started: float
    deadline: float
    pages: int | None = None
    result: FileResult | None = None


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class WorkerPool:
    """Runs :data:`Work` on many files, ``settings.jobs`` worker processes at a time."""

    def __init__(self, settings: RunSettings, work: Work | None = None, tmp_root: Path | None = None) -> None:
        if work is None:
            from rencana.pipeline.work import process_file

            work = process_file
        self.settings = settings
        self.work = work
        self.tmp_root = Path(tmp_root) if tmp_root is not None else Path(tempfile.gettempdir())
        self._ctx = _context()

    # -- results built by the parent, for workers that gave none
    def _failed(
        self, item: Item, reason: Reason, message: str, seconds: float, pages: int | None
    ) -> FileResult:
        from rencana.pipeline.work import failed_result

        return failed_result(item.source_file, item.doc_id, reason, message, self.settings, seconds, pages)

    def _start(self, item: Item) -> _Running:
        self.tmp_root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="worker-", dir=self.tmp_root))
        receive, send = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(
            target=_worker, args=(send, self.work, item.path, self.settings, str(tmp)), daemon=True
        )
        with _main_not_reimported():
            proc.start()
        send.close()
        now = time.monotonic()
        return _Running(item, proc, receive, tmp, now, now + self.settings.limits.budget(None))

    def _finish(self, job: _Running, killed_for_time: bool) -> FileResult:
        limits: Limits = self.settings.limits
        seconds = time.monotonic() - job.started
        if killed_for_time:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(job.proc.pid or 0, signal.SIGKILL)
            with contextlib.suppress(Exception):
                job.proc.kill()
        job.proc.join(timeout=10)
        if job.proc.exitcode is None:  # still there: it cannot be allowed to linger
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(job.proc.pid or 0, signal.SIGKILL)
            job.proc.kill()
            job.proc.join(timeout=10)
        job.conn.close()
        shutil.rmtree(job.tmp, ignore_errors=True)
        if killed_for_time:
            budget = limits.budget(job.pages)
            when = f"{job.pages} page(s)" if job.pages is not None else "a file not yet opened"
            return self._failed(
                job.item,
                Reason.TIMEOUT,
                f"no result within {budget:.0f} s (budget for {when}: {limits.base_seconds:.0f} s + "
                f"{limits.per_page_seconds:.0f} s/page, cap {limits.max_seconds:.0f} s); "
                "the worker's process group was killed",
                seconds,
                job.pages,
            )
        if job.result is not None:
            return job.result
        code = job.proc.exitcode
        if code is not None and code < 0:
            name = _signal_name(-code)
            if -code == signal.SIGKILL:
                message = "the worker was killed (SIGKILL), most likely by the system's out-of-memory killer"
                return self._failed(job.item, Reason.OUT_OF_MEMORY, message, seconds, job.pages)
            return self._failed(
                job.item,
                Reason.CRASHED,
                f"the worker died from {name} (a native crash in the PDF or OCR library)",
                seconds,
                job.pages,
            )
        return self._failed(
            job.item,
            Reason.CRASHED,
            f"the worker exited (status {code}) without a result",
            seconds,
            job.pages,
        )

    def _receive(self, job: _Running) -> bool:
        """Read one message; True when the worker is done (result, error, or gone)."""
        try:
            kind, payload = job.conn.recv()
        except (EOFError, OSError):
            return True
        if kind == "pages":
            job.pages = int(payload)
            job.deadline = job.started + self.settings.limits.budget(job.pages)
            return False
        if kind == "result":
            job.result = payload
        elif kind == "oom":
            job.result = self._failed(
                job.item,
                Reason.OUT_OF_MEMORY,
                f"ran out of memory under the {self.settings.limits.memory_mb} MB cap",
                time.monotonic() - job.started,
                job.pages,
            )
        else:
            job.result = self._failed(
                job.item, Reason.INTERNAL_ERROR, str(payload), time.monotonic() - job.started, job.pages
            )
        return True

    def run(self, items: Iterable[Item], on_done: Callable[[Item, FileResult], None]) -> None:
        """Process every item; ``on_done`` is called in the parent as each one finishes."""
        queue = list(items)
        queue.reverse()
        running: dict[Connection, _Running] = {}
        try:
            while queue or running:
                while queue and len(running) < self.settings.jobs:
                    job = self._start(queue.pop())
                    running[job.conn] = job
                now = time.monotonic()
                timeout = max(0.0, min(j.deadline for j in running.values()) - now)
                for conn in wait(list(running), timeout=timeout):
                    job = running[conn]  # type: ignore[index]
                    if self._receive(job):
                        del running[job.conn]
                        on_done(job.item, self._finish(job, killed_for_time=False))
                now = time.monotonic()
                for job in [j for j in running.values() if j.deadline <= now]:
                    del running[job.conn]
                    on_done(job.item, self._finish(job, killed_for_time=True))
        finally:
            for job in running.values():  # interrupted: leave nothing behind
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(job.proc.pid or 0, signal.SIGKILL)
                with contextlib.suppress(Exception):
                    job.proc.kill()
                    job.proc.join(timeout=5)
                shutil.rmtree(job.tmp, ignore_errors=True)

    def run_one(self, item: Item) -> FileResult:
        """One file, blocking (what a Dask task does)."""
        out: list[FileResult] = []
        self.run([item], lambda _item, result: out.append(result))
        return out[0]
