"""The ``rencana`` console script: the CLI with a fast start and a fast end (issue 14).

* ``rencana extract`` starts the workers' fork server before anything else is imported: its
  warm-up (~0.4 s CPU) then runs beside the CLI's own imports and set-up instead of after them;
* a finished ``extract`` leaves without tearing the interpreter down (freeing every module of
  pyarrow, numpy and the pipeline one by one: ~0.05-0.1 s of a one-file run): the exit
  handlers run (the fork server stopped, temporary folders removed, logs flushed), the output
  streams are flushed, then the process ends.  Every table was written and closed before.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def _subcommand(argv: list[str]) -> str | None:
    """The subcommand named on the command line (the group's only options are flags)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main() -> NoReturn:
    """``rencana …``: what :func:`rencana.pipeline.cli.main` does, started and ended faster."""
    argv = sys.argv[1:]
    extract = _subcommand(argv) == "extract" and not {"-h", "--help"} & set(argv)
    if extract:
        from rencana.pipeline.forkserver import prestart

        prestart()
    from rencana.pipeline.cli import main as cli

    try:
        cli()
    except SystemExit as done:
        if not extract or not isinstance(done.code, int | None):
            raise
        _leave(done.code or 0)
    raise SystemExit(0)  # click's main always exits; kept for the type checker


def _leave(code: int) -> NoReturn:
    """Exit handlers, flushed streams, then ``os._exit``; a normal exit when a non-daemon thread
    still runs (the interpreter would wait for it)."""
    import atexit
    import contextlib
    import os
    import threading

    main_thread = threading.main_thread()
    if any(t is not main_thread and t.is_alive() and not t.daemon for t in threading.enumerate()):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(code)
