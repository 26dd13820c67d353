"""Shared fixtures: the generated corpus is built once per session into a temp dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# the read-only reference material (test corpora, seed, examples): ../shared beside the checkout,
# as CI lays it out, or wherever RENCANA_SHARED points (a clone made elsewhere, e.g. in /tmp)
SHARED = Path(os.environ.get("RENCANA_SHARED") or REPO.parent / "shared")
# the fixture generators (make_scan_fixture, make_bad_copies, ocr_fakes) import by name
sys.path.insert(0, str(REPO / "tests" / "fixtures"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(
            f"shared reference folder not found at {SHARED}: clone rencana beside ../shared "
            "or set RENCANA_SHARED=/path/to/shared"
        )
    return SHARED
