"""Benchmark: rencana's whole pipeline vs pdfplumber extract_tables vs camelot lattice.

All three run in one process, one after another, on the same generated
decree PDFs (every page), so the ratios compare like with like on this
machine.  Usage (what `make bench` runs):

    python scripts/bench.py --corpus data/bench --n 8 --seed 11

Prints a Markdown table; paste it into docs/benchmarks.md with the command.
"""

from __future__ import annotations

import argparse
import logging
import platform
import random
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from rencana.bench import canvas_corpus, count_pages, pdfplumber_tables


def run_rencana(path: Path) -> None:
    from rencana.pipeline.run import RunSettings, process_file

    result = process_file(path, RunSettings(jobs=1, ocr=False))
    assert result.status != "failed", result.document.get("error")


def run_camelot(path: Path) -> None:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        camelot.read_pdf(str(path), pages="all", flavor="lattice")


def bench_matching(paths: list[Path], repeat: int) -> tuple[int, float]:
    """Rows of the largest decree and the best seconds to reconcile them with the vocabulary.

    Word repairs + label matching (one ``process.cdist`` per level) on rows already extracted,
    so the figure is the vocabulary layer alone (issue 4: well under a second for 60 rows).
    """
    from rencana.extract.document import ExtractSettings, extract_document
    from rencana.normalise.items import split_items
    from rencana.normalise.reconcile import RowCells, default_reconciler
    from rencana.normalise.text import whitespace_normalise

    rec = default_reconciler()
    best_doc = max((extract_document(p, ExtractSettings(), None) for p in paths), key=lambda d: len(d.rows))
    cells = []
    keg = ""
    for i, r in enumerate(best_doc.rows, start=1):
        keg = whitespace_normalise(r.kegiatan) or keg
        cells.append(
            RowCells(
                i,
                None,
                keg,
                bool(r.kegiatan.strip()),
                whitespace_normalise(r.sub_kegiatan),
                split_items(whitespace_normalise(r.indikator)),
            )
        )
    rec.reconcile(cells)  # warm
    times = []
    for _ in range(max(repeat, 3)):
        start = time.perf_counter()
        rec.reconcile(cells)
        times.append(time.perf_counter() - start)
    return len(cells), min(times)


def _time(fn: Callable[[Path], None], paths: list[Path], repeat: int) -> float:
    best = []
    for _ in range(repeat):
        start = time.perf_counter()
        for p in paths:
            fn(p)
        best.append(time.perf_counter() - start)
    return min(best)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("data/bench"))
    ap.add_argument("--n", type=int, default=8, help="decrees (generated when the corpus folder has fewer)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeat", type=int, default=2, help="runs per tool; the fastest counts")
    ap.add_argument("--skip-camelot", action="store_true", help="camelot is slow; skip it for a quick look")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    random.seed(args.seed)
    paths = canvas_corpus(args.corpus, args.n, args.seed)
    pages = count_pages(paths)
    tools: list[tuple[str, Callable[[Path], None]]] = [
        ("rencana (whole pipeline)", run_rencana),
        ("pdfplumber extract_tables", pdfplumber_tables),
    ]
    if not args.skip_camelot:
        tools.append(("camelot lattice", run_camelot))
    run_rencana(paths[0])  # warm imports so no tool pays for them
    results = {name: _time(fn, paths, args.repeat) for name, fn in tools}
    base = results["rencana (whole pipeline)"]
    print(
        f"{len(paths)} decrees, {pages} pages; {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; best of {args.repeat}"
    )
    print()
    print("| tool | seconds | s/page | × rencana |")
    print("|---|---:|---:|---:|")
    for name, secs in results.items():
        print(f"| {name} | {secs:.2f} | {secs / pages:.4f} | {secs / base:.1f} |")
    rows, secs = bench_matching(paths, args.repeat)
    print()
    print(f"vocabulary (word repairs + labels to canonical) on the largest decree, {rows} rows: {secs:.3f} s")


if __name__ == "__main__":
    main()
