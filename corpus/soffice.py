"""Convert office documents to PDF with LibreOffice headless.

Each (process, thread) gets its own LibreOffice profile under the temp dir
(``lo-profile-<pid>-<thread>``), reused across calls and removed at interpreter exit, so parallel
workers never share a profile (LibreOffice refuses to run twice on one).  Set ``RENCANA_SOFFICE``
to point at a non-standard ``soffice`` binary.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

SOFFICE_ENV = "RENCANA_SOFFICE"
DEFAULT_TIMEOUT_S = 180.0
_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
_profiles: dict[tuple[int, int], Path] = {}
_lock = threading.Lock()


class SofficeError(RuntimeError):
    """LibreOffice failed, timed out or produced no output."""


class SofficeNotFoundError(SofficeError):
    """No ``soffice`` executable could be found."""


def find_soffice() -> str:
    """Path of the ``soffice`` executable (``$RENCANA_SOFFICE``, ``PATH``, usual install dirs)."""
    env = os.environ.get(SOFFICE_ENV)
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise SofficeNotFoundError(f"{SOFFICE_ENV}={env!r} is not an executable file")
    found = [shutil.which("soffice"), shutil.which("libreoffice"), *_CANDIDATES]
    for cand in found:
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    raise SofficeNotFoundError(
        "LibreOffice 'soffice' not found: install it (e.g. apt-get install libreoffice-writer) "
        f"or set {SOFFICE_ENV}=/path/to/soffice"
    )


def _profile_dir() -> Path:
    key = (os.getpid(), threading.get_ident())
    with _lock:
        path = _profiles.get(key)
        if path is None:
            path = Path(tempfile.gettempdir()) / f"lo-profile-{key[0]}-{key[1]}"
            if not _profiles:
                atexit.register(_remove_profiles)
            _profiles[key] = path
    return path


def _remove_profiles() -> None:
    for (pid, _), path in list(_profiles.items()):
        if pid == os.getpid():
            shutil.rmtree(path, ignore_errors=True)


def convert_to_pdf(
    sources: Sequence[Path], outdir: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> list[Path]:
    """Convert ``sources`` to ``outdir/<stem>.pdf`` in one LibreOffice run; return the PDFs.

    Raises :class:`SofficeNotFoundError` without LibreOffice and :class:`SofficeError` on a
    timeout (the whole LibreOffice process group is killed), a failure or a missing output.
    """
    if not sources:
        return []
    stems = [s.stem for s in sources]
    if len(set(stems)) != len(stems):
        raise ValueError("sources must have distinct file stems")
    exe = find_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        exe,
        f"-env:UserInstallation={_profile_dir().as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
        "--convert-to", "pdf:writer_pdf_Export",
        "--outdir", str(outdir),
        *(str(s) for s in sources),
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True
    )
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise SofficeError(
            f"LibreOffice timed out after {timeout_s:.0f} s on {len(sources)} file(s)"
        ) from None
    pdfs = [outdir / f"{stem}.pdf" for stem in stems]
    missing = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    if proc.returncode != 0 or missing:
        detail = (err or out).strip()[-500:]
        raise SofficeError(f"LibreOffice exit {proc.returncode}; missing {missing or 'nothing'}: {detail}")
    return pdfs
