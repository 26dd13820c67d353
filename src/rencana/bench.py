"""Helpers shared by the benchmark scripts (``scripts/bench*.py``).

The scripts run with ``PYTHONSAFEPATH`` (the Makefile sets it), so one cannot import
another; what they share lives here, in the installed package.  Nothing in the pipeline
imports this module.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pypdfium2 as pdfium


def canvas_corpus(folder: Path, n: int, seed: int) -> list[Path]:
    """The first ``n`` PDFs of ``folder`` (sorted), after generating ``n`` digital decrees
    (canvas renderer, seed ``seed``) into it when it holds fewer."""
    from rencana.corpus.generate import generate

    have = sorted(folder.glob("*.pdf"))
    if len(have) < n:
        start = time.perf_counter()
        generate(folder, n=n, seed=seed, renderer="canvas", with_seed=False)
        print(f"generated {n} decrees in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        have = sorted(folder.glob("*.pdf"))
    return have[:n]


def count_pages(paths: list[Path]) -> int:
    """Pages of the given PDFs, as PDFium counts them."""
    total = 0
    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        try:
            total += len(pdf)
        finally:
            pdf.close()
    return total


def pdfplumber_tables(path: Path) -> None:
    """The peer every ratio is taken against: pdfplumber's ``extract_tables`` on every page."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
