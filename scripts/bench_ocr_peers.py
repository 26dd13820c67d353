"""The scan benchmark's peers, run in the bench venv (.venv-bench: img2table, OCRmyPDF).

Imports nothing from rencana: it prints, as one JSON line on stdout after ``RESULT ``, what each peer read
from each PDF (the cells of every table it found) and how long it took, and
``scripts/bench_ocr_pipeline.py`` (in the project's venv) scores that against
the truth.  Usage:

    .venv-bench/bin/python scripts/bench_ocr_peers.py img2table A.pdf B.pdf ...
    .venv-bench/bin/python scripts/bench_ocr_peers.py ocrmypdf OUT_DIR A.pdf B.pdf ...

``img2table``: ``PDF(..., detect_rotation=True).extract_tables(ocr=TesseractOCR(lang="ind"))``,
bordered tables, one Tesseract thread.  ``ocrmypdf``: ``ocrmypdf -l ind --deskew`` into OUT_DIR (one job);
the caller runs camelot's lattice parser on the OCRed copies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def run_img2table(pdfs: list[str]) -> dict[str, Any]:
    from img2table.document import PDF
    from img2table.ocr import TesseractOCR

    ocr = TesseractOCR(n_threads=1, lang="ind")
    out: dict[str, Any] = {}
    for path in pdfs:
        start = time.perf_counter()
        # detect_rotation: deskew and turn the scan first, as one would for scans
        doc = PDF(src=path, detect_rotation=True, pdf_text_extraction=False)
        found = doc.extract_tables(ocr=ocr, borderless_tables=False, min_confidence=50)
        seconds = time.perf_counter() - start
        tables = []
        for page, page_tables in sorted(found.items()):
            for table in page_tables:
                cells = [[(cell.value or "") for cell in row] for row in table.content.values()]
                tables.append({"page": int(page) + 1, "cells": cells})
        out[path] = {"seconds": seconds, "tables": tables}
    return out


def run_ocrmypdf(out_dir: str, pdfs: list[str]) -> dict[str, Any]:
    exe = str(Path(sys.executable).with_name("ocrmypdf"))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out: dict[str, Any] = {}
    for path in pdfs:
        dst = Path(out_dir) / Path(path).name
        start = time.perf_counter()
        proc = subprocess.run(
            [exe, "-l", "ind", "--deskew", "--output-type", "pdf", "--optimize", "0", "-j", "1",
             "--quiet", path, str(dst)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )  # fmt: skip
        out[path] = {
            "seconds": time.perf_counter() - start,
            "output": str(dst) if proc.returncode == 0 else None,
            "error": proc.stderr.strip()[-300:] if proc.returncode else None,
        }
    return out


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "img2table":
        result = run_img2table(argv[2:])
    elif len(argv) >= 4 and argv[1] == "ocrmypdf":
        result = run_ocrmypdf(argv[2], argv[3:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    # the peers print progress of their own: the result is the line that starts with RESULT
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
