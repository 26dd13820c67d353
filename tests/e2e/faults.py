"""Per-file work that misbehaves on purpose, chosen by the input's file name (the sandbox's seam).

``hang-*.pdf`` starts a grandchild (``sleep``), writes a temp file and sleeps; ``segv-*.pdf``
dereferences NULL; ``abort-*.pdf`` calls abort() (what PDFium does when an allocation fails);
``hog-*.pdf`` allocates far past the memory cap; ``raise-*.pdf`` raises; anything else runs
the real pipeline.  The hang writes the grandchild's pid and its temp file's path into
``../markers/`` beside the input's folder when that folder exists (the worker inherits the
fork server's environment, not the test's, so a path is the channel).
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rencana.pipeline.model import FileResult, RunSettings
from rencana.pipeline.work import process_file
from rencana.schema.records import DocumentRecord


def misbehaving(
    path: Path, settings: RunSettings, on_pages: Callable[[int], None] | None = None
) -> FileResult:
    name = path.name
    if name.startswith("hang-"):
        if on_pages:
            on_pages(1)
        child = subprocess.Popen(["sleep", "300"])
        fd, tmp = tempfile.mkstemp(prefix="leftover-")  # in the worker's own TMPDIR
        os.close(fd)
        markers = path.parent.parent / "markers"  # beside the input folder, when the test made one
        if markers.is_dir():
            (markers / "grandchild.pid").write_text(str(child.pid))
            (markers / "tempfile").write_text(tmp)
        time.sleep(300)
    if name.startswith("segv-"):
        ctypes.string_at(0)
    if name.startswith("abort-"):
        os.abort()
    if name.startswith("hog-"):
        hog = [bytearray(64 << 20) for _ in range(200)]  # 12.5 GiB, far past any cap
        del hog
    if name.startswith("raise-"):
        raise RuntimeError("boom")
    return process_file(path, settings, on_pages)


def stamped(path: Path, settings: RunSettings, on_pages: Callable[[int], None] | None = None) -> FileResult:
    """Half a second of sleep, and when it started and ended (to see workers run side by side)."""
    start = time.time()
    time.sleep(0.5)
    stamp = f"{start} {time.time()} {os.getpid()}"  # read back by the test from the title
    doc = DocumentRecord(doc_id="", source_file=str(path), status="ok", title=stamp)
    return FileResult(str(path), "", doc, [], [])


def stamped_marked(
    path: Path, settings: RunSettings, on_pages: Callable[[int], None] | None = None
) -> FileResult:
    """:func:`stamped`, and ``<path>.done`` written as it returns (the test then knows the worker
    has sent this result and waits for its next file)."""
    result = stamped(path, settings, on_pages)
    path.with_name(path.name + ".done").touch()
    return result
