"""Benchmark at scale: the whole pipeline on 500 generated decrees (~3,000 pages).

What `make bench` runs after scripts/bench.py:

    python scripts/bench_scale.py --corpus data/bench-500 --n 500 --seed 500

* pages per second with 1 and 2 jobs (``rencana.pipeline.run.run``: pre-check, sandboxed
  worker per file, extract, normalise, ledger, Parquet write), each into a fresh output;
* peak resident memory per worker process (every file's worker reports its ``ru_maxrss``)
  and of the parent;
* the time of a no-change re-run, as a user sees it: the ``rencana extract`` command in a new
  process, start to exit;
* side by side, in this run: the whole pipeline (1 job) vs pdfplumber's ``extract_tables``
  alone on the same pages of the first ``--ratio-docs`` decrees.

The corpus is generated once (canvas renderer, ~0.2 s per decree) and kept in ``--corpus``
(git-ignored).  Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from rencana.bench import canvas_corpus, pdfplumber_tables


def _pages(out: Path) -> int:
    docs = pq.read_table(out / "documents.parquet", columns=["pages"]).column("pages").to_pylist()
    return sum(int(p or 0) for p in docs)


def _workers(out: Path) -> tuple[float, float]:
    """(peak resident MB of any worker, CPU seconds of all workers) from the run's ledger."""
    from rencana.pipeline.ledger import Ledger

    ledger = Ledger(out)
    entries = [e for k in sorted(ledger.keys()) if (e := ledger.get(k)) is not None]
    return max((e.peak_rss_mb for e in entries), default=0.0), sum(e.cpu_seconds for e in entries)


def _timed_run(inputs: list[Path], out: Path, jobs: int) -> tuple[float, int, float, int, float]:
    from rencana.pipeline.model import RunSettings
    from rencana.pipeline.run import run

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    summary = run(inputs, out, RunSettings(jobs=jobs))
    seconds = time.perf_counter() - start
    assert summary.failed == 0, summary.failures[:3]
    peak, cpu = _workers(out)
    return seconds, _pages(out), peak, summary.ok, cpu


_SPIN = (
    "import time\ns=time.perf_counter()\nx=0\nfor i in range(20_000_000): x+=i\nprint(time.perf_counter()-s)"
)


def _machine_parallelism() -> float:
    """How much faster two independent CPU-bound processes finish than one, right now.

    2.0 on an idle 2-core machine; less while other jobs share the cores.  Printed beside
    the 2-jobs figure so the reader can tell contention from a pipeline limit.
    """
    one = float(subprocess.run([sys.executable, "-c", _SPIN], capture_output=True, text=True).stdout)
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return 2 * one / (time.perf_counter() - start)


def _pdfplumber(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        pdfplumber_tables(path)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("data/bench-500"))
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=500)
    ap.add_argument("--ratio-docs", type=int, default=40, help="decrees for the pdfplumber comparison")
    ap.add_argument("--skip-pdfplumber", action="store_true")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    paths = canvas_corpus(args.corpus, args.n, args.seed)
    work = Path(tempfile.mkdtemp(prefix="rencana-bench-"))
    try:
        load = os.getloadavg()[0]
        before = _machine_parallelism()
        one = _timed_run(paths, work / "j1", 1)
        two = _timed_run(paths, work / "j2", 2)
        after = _machine_parallelism()
        # the no-change re-run, as a user runs it: a new process, start to exit
        cli = [sys.executable, "-c", "from rencana.pipeline.entry import main; main()"]
        start = time.perf_counter()
        every = len(paths) == len(list(args.corpus.glob("*.pdf")))
        targets = [str(args.corpus)] if every else [str(p) for p in paths]
        subprocess.run([*cli, "extract", *targets, "--out", str(work / "j2"), "-q"], check=False)
        rerun = time.perf_counter() - start
        parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ratio_line = ""
        if not args.skip_pdfplumber:
            subset = paths[: args.ratio_docs]
            mine, pages, _, _, _ = _timed_run(subset, work / "ratio", 1)
            theirs = _pdfplumber(subset)
            ratio_line = (
                f"| whole pipeline vs pdfplumber `extract_tables` alone, {len(subset)} decrees / "
                f"{pages} pages "
                f"| {mine:.1f} s vs {theirs:.1f} s | **{mine / theirs:.2f}×** |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    s1, pages, peak1, ok1, cpu1 = one
    s2, _, peak2, _, cpu2 = two
    load_end = os.getloadavg()[0]
    print(
        f"{len(paths)} decrees ({ok1} ok), {pages} pages; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load:.1f} at the start, {load_end:.1f} at the end"
    )
    print()
    print("| measure | value | |")
    print("|---|---:|---:|")
    print(f"| 1 job: whole run | {s1:.1f} s | {pages / s1:.1f} pages/s |")
    print(f"| 2 jobs: whole run | {s2:.1f} s | {pages / s2:.1f} pages/s |")
    print(f"| 2 jobs vs 1 job, throughput | | **{s1 / s2:.2f}×** |")
    print(
        "| the machine's own parallelism (2 vs 1 CPU-bound processes), before / after | | "
        f"{before:.2f}× / {after:.2f}× |"
    )
    print(
        f"| CPU of the workers, 1 job / 2 jobs | {cpu1 / pages * 1000:.1f} / "
        f"{cpu2 / pages * 1000:.1f} ms/page | |"
    )
    print(f"| 1 job: wall time the workers were on a CPU | {cpu1 / s1:.0%} | |")
    print(f"| peak memory of a worker process (max over {len(paths)} files) | {max(peak1, peak2):.0f} MB | |")
    print(f"| peak memory of the parent process | {parent_peak:.0f} MB | |")
    print(f"| no-change re-run (`rencana extract`, new process, start to exit) | {rerun:.2f} s | |")
    if ratio_line:
        print(ratio_line)


if __name__ == "__main__":
    main()
