"""Scale out on Dask distributed: the same per-file work, on the workers of a cluster.

``rencana extract … --scheduler tcp://HOST:8786`` sends each file's *bytes* to a worker (no
shared file system needed), where it runs in a sandboxed process exactly as it would
locally (:class:`rencana.pipeline.sandbox.WorkerPool`, one file per task); the result comes
back to this process, which keeps the ledger, the lock and the output tables.  Results do
not depend on where they were computed, so a cluster run writes the same bytes as a local
one.  At most a few tasks per worker thread are in flight, so memory stays bounded on a
run of thousands of files.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rencana import PIPELINE_VERSION
from rencana.pipeline.model import FileResult, RunSettings
from rencana.pipeline.sandbox import Item, Work, WorkerPool
from rencana.schema.reasons import Reason

log = logging.getLogger(__name__)

IN_FLIGHT_PER_THREAD = 2


class ClusterError(Exception):
    """The cluster cannot be used (unreachable scheduler, no workers, other rencana versions)."""


def worker_versions() -> tuple[str, str]:
    """(rencana, vocabulary) versions of the process it runs in (called on every worker)."""
    from rencana.normalise.vocabulary import load_vocabulary

    return PIPELINE_VERSION, load_vocabulary().version


def process_bytes(
    source_file: str, doc_id: str, data: bytes, settings: RunSettings, work: Work | None = None
) -> FileResult:
    """A Dask task: one file's bytes → its :class:`FileResult`, computed in a sandboxed process."""
    # Dask's nanny starts workers as daemonic processes, which multiprocessing forbids to have
    # children; the sandbox's processes die with their parent (PR_SET_PDEATHSIG) anyway.
    current: Any = mp.current_process()
    config = getattr(current, "_config", None)
    if isinstance(config, dict) and config.get("daemon"):
        config["daemon"] = False
    tmp = Path(tempfile.mkdtemp(prefix="rencana-dask-"))
    try:
        path = tmp / "input.pdf"
        path.write_bytes(data)
        pool = WorkerPool(replace(settings, jobs=1, scheduler=None), work, tmp_root=tmp / "workers")
        result = pool.run_one(Item(path, source_file, doc_id))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return result.renamed(source_file)


def connect(scheduler: str) -> Any:
    """A ``distributed.Client`` on ``scheduler`` whose workers run this rencana and vocabulary."""
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ClusterError("dask[distributed] is not installed: pip install 'dask[distributed]'") from exc
    client_class: Any = distributed.Client
    try:
        client: Any = client_class(scheduler, timeout="20s")
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        client.wait_for_workers(1, timeout=60)
    except Exception as exc:
        client.close()
        raise ClusterError(f"the Dask scheduler at {scheduler} has no workers") from exc
    mine = worker_versions()
    theirs = client.run(worker_versions)
    wrong = {addr: tuple(v) for addr, v in theirs.items() if tuple(v) != mine}
    if wrong:
        client.close()
        detail = ", ".join(f"{a}: rencana {v[0]}, vocabulary {v[1]}" for a, v in sorted(wrong.items()))
        raise ClusterError(
            f"workers run another rencana or vocabulary than this client (rencana {mine[0]}, "
            f"vocabulary {mine[1]}): {detail}; install the same version on every machine"
        )
    return client


def run_on_cluster(
    items: Sequence[Item],
    settings: RunSettings,
    on_done: Callable[[Item, FileResult], None],
    work: Work | None = None,
    client: Any = None,
) -> None:
    """Process ``items`` on the cluster at ``settings.scheduler`` (or on ``client``)."""
    import distributed

    as_completed: Any = distributed.as_completed
    own = client is None
    if client is None:
        assert settings.scheduler, "run_on_cluster needs settings.scheduler or a client"
        client = connect(settings.scheduler)
    try:
        threads = max(1, sum(client.nthreads().values()))
        window = IN_FLIGHT_PER_THREAD * threads
        pending = list(reversed(items))
        futures: Any = as_completed()
        by_key: dict[str, Item] = {}

        def submit() -> None:
            item = pending.pop()
            try:
                data = item.path.read_bytes()
            except OSError as exc:
                from rencana.pipeline.failure import failed_result

                reason = exc.strerror or type(exc).__name__
                on_done(
                    item, failed_result(item.source_file, item.doc_id, Reason.UNREADABLE, reason, settings)
                )
                return
            fut = client.submit(
                process_bytes, item.source_file, item.doc_id, data, settings, work, pure=False, retries=0
            )
            by_key[fut.key] = item
            futures.add(fut)

        while pending and futures.count() < window:
            submit()
        for fut in futures:
            item = by_key.pop(fut.key)
            try:
                result = fut.result()
            except Exception as exc:  # the task or its Dask worker died
                from rencana.pipeline.failure import failed_result

                result = failed_result(
                    item.source_file,
                    item.doc_id,
                    Reason.CRASHED,
                    f"the Dask task failed: {type(exc).__name__}: {exc}",
                    settings,
                )
            on_done(item, result)
            with contextlib.suppress(Exception):
                fut.release()
            while pending and futures.count() < window:
                submit()
    finally:
        if own:
            client.close()
