"""A province batch (2 provinces x 10 satkers x 2 plan years = 40 decrees), generated and extracted once.

``make test`` runs pytest-xdist with two workers; both may need the batch, so
it is built once per test run in a folder the workers share, under a file
lock (the first worker builds, the other waits and reuses it).
"""

from __future__ import annotations

import os

import pytest
from batch_support import Batch, build, load_batch, locked


@pytest.fixture(scope="session")
def province_batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run_id:  # shared by the xdist workers of this run
        root = tmp_path_factory.getbasetemp().parent / f"compare-batch-{run_id[:12]}"
    else:
        root = tmp_path_factory.mktemp("compare-batch")
    with locked(root.parent / f"{root.name}.lock"):
        build(root)
    return load_batch(root)
