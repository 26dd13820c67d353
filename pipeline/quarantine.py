"""Quarantine: a copy of every input that failed, with a note saying why (the input stays where it was).

``QUARANTINE/<first 12 hex of sha256>-<file name>`` is a byte copy of the input and
``…<file name>.txt`` beside it the note: source path, sha256, reason code, message and
rencana version.  Names come from the input's own file name (spaces, quotes and non-ASCII
letters kept; path separators and control characters replaced), never from the document's
content, and the hash prefix keeps same-named files from different folders apart.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from rencana import PIPELINE_VERSION
from rencana.schema.reasons import Reason

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")
MAX_NAME_BYTES = 200  # below the usual 255-byte limit, leaving room for the prefix and ".txt"


def safe_name(name: str) -> str:
    """A file name safe to create: no separators or control characters, not too long, not hidden."""
    cleaned = _UNSAFE.sub("_", name).strip() or "unnamed"
    if cleaned in (".", ".."):
        cleaned = "unnamed"
    cleaned = cleaned.lstrip(".") or "unnamed"
    encoded = cleaned.encode("utf-8", "surrogateescape")
    if len(encoded) > MAX_NAME_BYTES:
        _stem, dot, ext = cleaned.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        budget = MAX_NAME_BYTES - len(keep.encode()) - 1
        cut = encoded[:budget].decode("utf-8", "ignore")
        cleaned = f"{cut}.{keep}" if keep else cut
    return cleaned


def quarantine_name(source_file: str, doc_id: str) -> str:
    prefix = (doc_id or "unreadable")[:12]
    return f"{prefix}-{safe_name(Path(source_file).name)}"


def note_text(source_file: str, doc_id: str, reason: str, error: str) -> str:
    try:
        meaning = Reason(reason).description
    except ValueError:
        meaning = ""
    return (
        f"source_file: {source_file}\n"
        f"sha256: {doc_id}\n"
        f"reason: {reason}\n"
        f"meaning: {meaning}\n"
        f"message: {error}\n"
        f"rencana: {PIPELINE_VERSION}\n"
        "This is a copy; the input file was left where it was.\n"
    )


def quarantine(source_file: str, doc_id: str, reason: str, error: str, folder: Path) -> Path:
    """Copy ``source_file`` into ``folder`` with its note; returns the note's path. Idempotent."""
    folder.mkdir(parents=True, exist_ok=True)
    name = quarantine_name(source_file, doc_id)
    target = folder / name
    src = Path(source_file)
    if not target.exists() and src.is_file():
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, target)
        except OSError:
            pass  # the note still says why; the copy is a convenience
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    note = folder / f"{name}.txt"
    text = note_text(source_file, doc_id, reason, error)
    if not note.exists() or note.read_text(encoding="utf-8") != text:
        tmp_note = folder / f".{name}.txt.{os.getpid()}.tmp"
        tmp_note.write_text(text, encoding="utf-8")
        os.replace(tmp_note, note)
    return note
