"""Isolation: files run in worker processes with a memory cap and a time budget; a worker that
misbehaves is replaced, and only its file fails.

Workers are forked from a small *fork server* that has already imported and warmed the
pipeline (:mod:`rencana.pipeline.warm`).  A worker processes many files, one at a time, and
keeps what it warmed on the way (Hunspell's suggestions, the areas YAML, header scoring):
a fresh fork per file cost ~15 ms and lost every cache.  Each worker:

* leads its own process group (anything it starts — tesseract, ghostscript — is in it),
* has ``RLIMIT_AS`` set to the memory cap (an allocation beyond it fails instead of
  taking the machine down; PDFium then aborts, which is a crash of that worker only),
* writes temporary files only into the folder of the file at hand (``TMPDIR``), removed
  when the file is done,
* dies with its parent (``PR_SET_PDEATHSIG``): killing a run leaves no orphan working on,
* is retired after :data:`MAX_FILES` files or once its resident memory passed half the cap
  (caches must not creep towards the limit), and after any file it did not finish cleanly
  (out of memory, an exception escaping the work): what it holds may be damaged.

The parent waits on the busy workers' pipes with a deadline per file: ``Limits.budget(pages)``,
re-computed when the worker reports the page count.  Past the deadline the worker's whole
process group is killed (SIGKILL) and the file becomes ``failed`` / ``timeout``; a worker
that dies from a signal becomes ``failed`` / ``crashed`` naming the signal.  A fresh worker
takes the next file; the batch always goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
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

from rencana.pipeline.forkserver import context
from rencana.pipeline.model import FileResult, Limits, RunSettings
from rencana.schema.reasons import Reason

log = logging.getLogger(__name__)

MIB = 1 << 20
MAX_FILES = 200  # files one worker processes before it is replaced (bounds what caches accumulate)
_PR_SET_PDEATHSIG = 1

Work = Callable[[Path, RunSettings, Callable[[int], None] | None], FileResult]


def default_work(path: Path, settings: RunSettings, on_pages: Callable[[int], None] | None) -> FileResult:
    """:func:`rencana.pipeline.work.process_file`, named here so that the parent sends the worker a
    reference to it without importing the per-file work (the extract and normalise stacks,
    ~0.25 s CPU the parent never needs: the fork server has them loaded already; issue 14)."""
    from rencana.pipeline.work import process_file

    return process_file(path, settings, on_pages)


@dataclass(frozen=True, slots=True)
class Item:
    """One file to process: where the worker reads it, and who it is in the output."""

    path: Path  # what the worker opens (the input, or a copy on a Dask worker)
    source_file: str  # documents.source_file
    doc_id: str  # sha256 of the bytes, known before the worker starts


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


def _limit_self(settings: RunSettings) -> None:
    """A new worker: own process group, die with the parent, the address-space cap."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _die_with_parent()
    limit = _address_space_limit(settings.limits.memory_mb)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # not every system lets a process lower it
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _reset_peak() -> None:
    """Start a new resident-memory high-water mark (Linux: ``clear_refs`` 5), so each file gets its own."""
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _peak_mb() -> float:
    """The resident-memory high-water mark since :func:`_reset_peak` (VmHWM), else the process's."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _one_file(conn: Connection, work: Work, path: Path, settings: RunSettings, tmp: str) -> bool:
    """Run one file and send its result; False when the worker must not take another file."""
    os.environ["TMPDIR"] = tmp
    tempfile.tempdir = tmp
    _reset_peak()
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        result = work(path, settings, lambda n: conn.send(("pages", n)))
        after = resource.getrusage(resource.RUSAGE_SELF)
        result.peak_rss_mb = _peak_mb()
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        result.cpu_seconds = round(cpu, 3)
        conn.send(("result", result))
    except MemoryError:
        with contextlib.suppress(Exception):
            conn.send(("oom", None))
        return False
    except BaseException as exc:  # the parent turns it into a failed row
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return False
    return result.peak_rss_mb < settings.limits.memory_mb / 2


def _worker(conn: Connection, work: Work, settings: RunSettings) -> None:
    """The worker process: limits first, then files (``(path, tmp)`` messages) until told to stop."""
    _limit_self(settings)
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                break
            if task is None:
                break
            path, tmp = task
            if not _one_file(conn, work, path, settings, tmp):
                break
    finally:
        with contextlib.suppress(Exception):
            conn.close()
        os._exit(0)


@dataclass(slots=True)
class _Worker:
    proc: BaseProcess
    conn: Connection
    files: int = 0  # files given to it so far


@dataclass(slots=True)
class _Running:
    item: Item
    worker: _Worker
    tmp: Path
    started: float
    deadline: float
    pages: int | None = None
    result: FileResult | None = None
    gone: bool = False  # the worker ended (or must end) with this file


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _kill(worker: _Worker) -> None:
    """SIGKILL the worker's process group and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(worker.proc.pid or 0, signal.SIGKILL)
    with contextlib.suppress(Exception):
        worker.proc.kill()
        worker.proc.join(timeout=10)


class WorkerPool:
    """Runs :data:`Work` on many files in ``settings.jobs`` reusable worker processes."""

    def __init__(self, settings: RunSettings, work: Work | None = None, tmp_root: Path | None = None) -> None:
        self.settings = settings
        self.work = work if work is not None else default_work
        self.tmp_root = Path(tmp_root) if tmp_root is not None else Path(tempfile.gettempdir())
        self._ctx = context()
        self._idle: list[_Worker] = []

    # -- results built by the parent, for workers that gave none
    def _failed(
        self, item: Item, reason: Reason, message: str, seconds: float, pages: int | None
    ) -> FileResult:
        from rencana.pipeline.failure import failed_result

        return failed_result(item.source_file, item.doc_id, reason, message, self.settings, seconds, pages)

    def _spawn(self) -> _Worker:
        here, there = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_worker, args=(there, self.work, self.settings), daemon=True)
        with _main_not_reimported():
            proc.start()
        there.close()
        return _Worker(proc, here)

    def _start(self, item: Item) -> _Running:
        self.tmp_root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="worker-", dir=self.tmp_root))
        while True:
            worker = self._idle.pop() if self._idle else self._spawn()
            if worker.files and not worker.proc.is_alive():  # died idle: its death is no file's
                worker.proc.join(timeout=1)
                worker.conn.close()
                continue
            try:
                worker.conn.send((item.path, str(tmp)))
                worker.files += 1
                break
            except (OSError, ValueError):  # an idle worker that went away: take another
                _kill(worker)
                worker.conn.close()
        now = time.monotonic()
        return _Running(item, worker, tmp, now, now + self.settings.limits.budget(None))

    def _release(self, job: _Running, killed_for_time: bool) -> None:
        """The worker back to the idle list, or (timeout, crash, retired) killed and reaped (the
        caller removes the file's temporary folder: after the worker has its next file)."""
        if job.gone or killed_for_time:
            if killed_for_time:
                _kill(job.worker)
            job.worker.proc.join(timeout=10)
            if job.worker.proc.exitcode is None:  # still there: it cannot be allowed to linger
                _kill(job.worker)
            job.worker.conn.close()
        elif job.worker.files >= MAX_FILES:  # retired: caches must not grow without end
            self._stop([job.worker])
        else:
            self._idle.append(job.worker)

    def _finish(self, job: _Running, killed_for_time: bool) -> FileResult:
        limits: Limits = self.settings.limits
        seconds = time.monotonic() - job.started
        self._release(job, killed_for_time)
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
        return self._died(job, seconds)

    def _died(self, job: _Running, seconds: float) -> FileResult:
        """The failed row of a file whose worker ended without a result."""
        code = job.worker.proc.exitcode
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
        """Read one message; True when the file is done (result, error, or the worker gone)."""
        try:
            kind, payload = job.worker.conn.recv()
        except (EOFError, OSError):
            job.gone = True
            return True
        if kind == "pages":
            job.pages = int(payload)
            job.deadline = job.started + self.settings.limits.budget(job.pages)
            return False
        if kind == "result":
            job.result = payload
            # past half the cap the worker stops by itself (_one_file): reap it now
            job.gone = payload.peak_rss_mb >= self.settings.limits.memory_mb / 2
            return True
        job.gone = True
        if kind == "oom":
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
        """Process every item; ``on_done`` is called in the parent as each one finishes.

        A freed worker is handed its next file before the finished file's temporary folder is
        removed and ``on_done`` runs (the caller's bookkeeping, ~7 % of a digital file: ledger,
        progress; a folder's removal waits on the disk: the worker would wait; issue 14).
        """
        queue = list(items)
        queue.reverse()
        running: dict[Connection, _Running] = {}

        def fill() -> None:
            while queue and len(running) < self.settings.jobs:
                job = self._start(queue.pop())
                running[job.worker.conn] = job

        try:
            while queue or running:
                fill()
                now = time.monotonic()
                timeout = max(0.0, min(j.deadline for j in running.values()) - now)
                for conn in wait(list(running), timeout=timeout):
                    job = running[conn]  # type: ignore[index]
                    if self._receive(job):
                        del running[conn]  # type: ignore[arg-type]
                        result = self._finish(job, killed_for_time=False)  # the worker idle again
                        fill()
                        shutil.rmtree(job.tmp, ignore_errors=True)
                        on_done(job.item, result)
                now = time.monotonic()
                for job in [j for j in running.values() if j.deadline <= now]:
                    del running[job.worker.conn]
                    result = self._finish(job, killed_for_time=True)
                    shutil.rmtree(job.tmp, ignore_errors=True)
                    on_done(job.item, result)
        finally:
            for job in running.values():  # interrupted: leave nothing behind
                _kill(job.worker)
                shutil.rmtree(job.tmp, ignore_errors=True)
            self.close()

    def close(self) -> None:
        """Stop the idle workers."""
        idle, self._idle = self._idle, []
        self._stop(idle)

    @staticmethod
    def _stop(workers: list[_Worker]) -> None:
        """Tell each worker to stop; one that does not within 5 s is killed."""
        idle = workers
        for worker in idle:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        for worker in idle:
            worker.proc.join(timeout=5)
            if worker.proc.exitcode is None:
                _kill(worker)
            worker.conn.close()

    def run_one(self, item: Item) -> FileResult:
        """One file, blocking (what a Dask task does)."""
        out: list[FileResult] = []
        self.run([item], lambda _item, result: out.append(result))
        return out[0]
