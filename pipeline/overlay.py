"""The user's vocabulary overlay: review decisions belong to the user, not to the checkout.

``rencana review --apply`` never writes into the repository's tracked ``schema/vocabulary``.
Unless ``RENCANA_VOCABULARY`` names a vocabulary directory of the user's own (a full copy,
used as it is), decisions go to the overlay directory:

* ``--overlay DIR``, else ``$RENCANA_OVERLAY``, else ``$XDG_CONFIG_HOME/rencana/vocabulary``
  (``~/.config/rencana/vocabulary``);
* it holds the user's ``manual_overrides.csv`` and a symbolic link to every other file of the
  packaged vocabulary, so an updated checkout is followed and only the decisions are the user's;
* every ``rencana`` command uses the overlay when it holds decisions (:func:`activate`), so the
  next ``rencana extract`` sees them (the vocabulary version changes: every file is redone).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from rencana.normalise.vocabulary import ENV_VAR, OVERRIDES, packaged_dir

OVERLAY_ENV = "RENCANA_OVERLAY"


def overlay_dir(option: Path | None = None) -> Path:
    """Where the user's decisions live (see the module docstring)."""
    if option is not None:
        return Path(option)
    env = os.environ.get(OVERLAY_ENV, "").strip()
    if env:
        return Path(env)
    config = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(config) / "rencana" / "vocabulary"


def prepare(directory: Path) -> Path:
    """Create or refresh the overlay: links to the packaged files, the user's overrides kept."""
    directory.mkdir(parents=True, exist_ok=True)
    packaged = packaged_dir()
    for source in sorted(packaged.iterdir()):
        if not source.is_file() or source.name == OVERRIDES:
            continue
        link = directory / source.name
        if link.is_symlink() and os.readlink(link) == str(source):
            continue
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(source)
    overrides = directory / OVERRIDES
    if not overrides.exists():
        shutil.copyfile(packaged / OVERRIDES, overrides)  # the project's own decisions, if any
    return directory


def target_for_apply(option: Path | None = None) -> Path:
    """The vocabulary directory ``--apply`` writes to: the user's own, or the prepared overlay."""
    own = os.environ.get(ENV_VAR, "").strip()
    if own and option is None:
        return Path(own)
    return prepare(overlay_dir(option))


def activate(option: Path | None = None) -> Path | None:
    """Use the overlay for this process (and its workers) when it holds decisions; None otherwise."""
    if os.environ.get(ENV_VAR, "").strip():
        return None
    directory = overlay_dir(option)
    if not (directory / OVERRIDES).is_file():
        return None
    prepare(directory)
    os.environ[ENV_VAR] = str(directory)
    return directory
