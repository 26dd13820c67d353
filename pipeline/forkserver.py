"""The workers' fork server, started first: it imports and warms the pipeline while the run's
main process is still setting up (issue 14).

Importing this module loads nothing of rencana (multiprocessing only), so the console script
(:mod:`rencana.pipeline.entry`) can start the server before it imports the CLI, and the main
process's own imports (click, pyarrow, the records) run beside the server's warm-up on a second
core instead of before it.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import os
import signal
from typing import Any

PRELOAD = ["rencana.pipeline.warm"]  # what every worker finds loaded (see rencana.pipeline.warm)

_STARTED: set[int] = set()


def context() -> Any:
    """The multiprocessing context of the workers: forked from the preloaded server."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def prestart() -> None:
    """Start the fork server now, so it imports and warms the pipeline while the caller plans.

    The server is stopped when this process exits: on a run with nothing to do it would
    otherwise finish warming up (seconds of CPU) for nobody, holding the terminal's pipes.
    """
    with contextlib.suppress(Exception):
        from multiprocessing import forkserver

        context()
        forkserver.ensure_running()
        pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
        if isinstance(pid, int) and pid not in _STARTED:
            _STARTED.add(pid)
            atexit.register(_stop_server, pid)


def _stop_server(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
