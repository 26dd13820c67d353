"""Scanned decrees: rencana's OCR path beside a bare ``tesseract`` run, and beside the peers.

What ``make bench`` runs second (docs/benchmarks.md, "Scanned decrees"):

    python scripts/bench_ocr_pipeline.py --corpus data/bench-scan --n 2 --seed 5 \\
        --peers-python .venv-bench/bin/python

1. Per page, side by side and interleaved (so machine load hits both alike): a bare
   ``tesseract page.png stdout -l ind --psm 11 tsv`` (system CLI, one thread; psm 11, sparse
   text, the mode rencana's first read uses: the same work for Tesseract on both sides) on the
   page image rendered at the scan's own dpi, and rencana's OCR path
   (``ocr_page``: render, colour dropout, turn, deskew, shading and ruling, Tesseract,
   the second read of what it left out, fills and ink) on the same PDF page.  Wall and
   CPU seconds; the ratio is the issue's "≤ 1.5× a bare tesseract run" figure.
2. rencana's whole pipeline per file (triage, OCR, grid, stitching, front matter,
   normalise): seconds per page and accuracy against the truth.
3. The peers on the same files (``--peers-python``: the bench venv with img2table and
   OCRmyPDF): img2table + Tesseract, and OCRmyPDF (``-l ind --deskew``) + camelot lattice,
   each with simple post-processing (header row found by its labels, column-number and
   repeated header rows dropped, No / Area / Kegiatan filled down, a month counted when its
   cell holds text), scored like rencana.

Prints Markdown tables; paste them into docs/benchmarks.md with the command.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import pypdfium2 as pdfium
from rapidfuzz import fuzz

from rencana.corpus.generate import generate
from rencana.evaluate import score_document
from rencana.extract.ocr.backend import ocr_page
from rencana.extract.ocr.raster import render_page
from rencana.extract.ocr.settings import OcrSettings
from rencana.pipeline.model import RunSettings
from rencana.pipeline.work import process_file

ROOT = Path(__file__).resolve().parents[1]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bare_tesseract(png: Path, psm: int | None = None) -> tuple[float, float]:
    """``tesseract png stdout -l ind [--psm N] tsv``, one thread: wall and CPU seconds."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    mode = [] if psm is None else ["--psm", str(psm)]
    c0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(
        ["tesseract", str(png), "stdout", "-l", "ind", *mode, "tsv"], check=True, capture_output=True, env=env
    )
    return time.perf_counter() - t0, _children_cpu() - c0


def ours(pdf: Path, page: int) -> tuple[float, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    ocr_page(str(pdf), page, OcrSettings())
    return time.perf_counter() - t0, time.process_time() - c0


def page_count(pdf: Path) -> int:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def side_by_side(pdfs: Sequence[Path], work: Path) -> list[dict[str, Any]]:
    """Per page: bare tesseract and ocr_page, interleaved (alternating which goes first)."""
    out = []
    for pdf in pdfs:
        for page in range(1, page_count(pdf) + 1):
            raster = render_page(str(pdf), page, None)
            png = work / f"{pdf.stem}-p{page}.png"
            cv2.imwrite(str(png), raster.image)
            if page % 2:
                bw, bc = bare_tesseract(png)
                sw, _ = bare_tesseract(png, OcrSettings().psm)
                ow, oc = ours(pdf, page)
            else:
                ow, oc = ours(pdf, page)
                sw, _ = bare_tesseract(png, OcrSettings().psm)
                bw, bc = bare_tesseract(png)
            out.append(
                {
                    "page": f"{pdf.stem[:24]} p{page}",
                    "dpi": raster.dpi,
                    "bw": bw,
                    "bc": bc,
                    "sw": sw,  # bare tesseract at rencana's own psm (11)
                    "ow": ow,
                    "oc": oc,
                }
            )
    return out


# --------------------------------------------------------------------------- peers
MONTHS = 12


def _cell(v: Any) -> str:
    return " ".join(str(v or "").split())


def _roles(header: list[str], n_text: int) -> list[str]:
    """Role of each text column from its header label, positional when a label is unreadable."""
    default = ["no", "area", "kegiatan", "sub_kegiatan", "indikator"][-n_text:] if n_text <= 5 else []
    roles = []
    for i, text in enumerate(header[:n_text]):
        t = text.upper()
        if fuzz.partial_ratio("INDIKATOR", t) >= 80:
            roles.append("indikator")
        elif fuzz.partial_ratio("SUB", t) >= 90 and "KEGIATAN" in t:
            roles.append("sub_kegiatan")
        elif fuzz.partial_ratio("PERUBAHAN", t) >= 80 or t.startswith("AREA"):
            roles.append("area")
        elif fuzz.partial_ratio("KEGIATAN", t) >= 80:
            roles.append("kegiatan")
        elif t.strip(". ") in ("NO", "N0"):
            roles.append("no")
        else:
            roles.append(default[i] if i < len(default) else "extra")
    return roles


def peer_rows(tables: list[list[list[str]]]) -> list[dict[str, Any]]:
    """Plan rows from a peer's tables, with the post-processing a careful user would write."""
    rows: list[dict[str, Any]] = []
    roles: list[str] | None = None
    last = {"area": "", "kegiatan": ""}
    for table in tables:
        cells = [[_cell(v) for v in row] for row in table]
        if not cells or len(cells[0]) < MONTHS + 2:
            continue
        n_text = len(cells[0]) - MONTHS
        body = cells
        for i, row in enumerate(cells[:4]):
            if any(fuzz.partial_ratio("INDIKATOR", c.upper()) >= 80 for c in row):
                roles, body = _roles(row, n_text), cells[i + 1 :]
                break
        if roles is None or len(roles) != n_text:
            roles = _roles([""] * n_text, n_text)
        for row in body:
            filled = [c for c in row if c]
            if not filled or all(c.strip(".").isdigit() for c in filled):
                continue  # month numbers, column-number row, empty
            if any(fuzz.partial_ratio("INDIKATOR", c.upper()) >= 80 for c in row[:n_text]):
                continue  # a repeated header
            text = dict(zip(roles, row[:n_text], strict=False))
            for key in ("area", "kegiatan"):
                if text.get(key):
                    last[key] = text[key]
            months = [m + 1 for m, c in enumerate(row[n_text:]) if c]
            rows.append(
                {
                    "area_raw": last["area"],
                    "kegiatan_raw": last["kegiatan"],
                    "sub_kegiatan_raw": text.get("sub_kegiatan", ""),
                    "indikator_raw": text.get("indikator", ""),
                    "indikator": [text.get("indikator", "")],
                    "months": months,
                    "area": None,
                    "area_no": None,
                    "kegiatan_no": None,
                }
            )
    return rows


def _result(stdout: str) -> dict[str, Any]:
    """The peers script's answer: the JSON after ``RESULT `` (their own chatter before it)."""
    line = next(x for x in reversed(stdout.splitlines()) if x.startswith("RESULT "))
    parsed: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return parsed


def camelot_tables(pdf: str) -> list[list[list[str]]]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = camelot.read_pdf(pdf, pages="all", flavor="lattice")
    return [t.df.values.tolist() for t in found]


# --------------------------------------------------------------------------- scoring
def _score(truths: dict[str, dict[str, Any]], rows_of: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    scores = [score_document(truths[name], None, rows_of.get(name, [])) for name in truths]
    t = sum(s.truth_rows for s in scores) or 1
    o = sum(s.out_rows for s in scores) or 1
    m = sum(s.matched for s in scores)
    return {
        "recall": m / t,
        "precision": m / o,
        "months": sum(s.months_exact for s in scores) / t,
        "text": sum(s.text_similarity * s.matched for s in scores) / max(1, m),
    }


def print_side_by_side(per_page: list[dict[str, Any]]) -> None:
    print("\n### The OCR path beside a bare `tesseract` run (its default psm 3), per page\n")
    print("| page | dpi | bare wall s | ours wall s | ratio | bare CPU s | ours CPU s | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in per_page:
        print(
            f"| {r['page']} | {r['dpi']:.0f} | {r['bw']:.2f} | {r['ow']:.2f} | {r['ow'] / r['bw']:.2f} "
            f"| {r['bc']:.2f} | {r['oc']:.2f} | {r['oc'] / max(r['bc'], 1e-6):.2f} |"
        )
    bw, ow = sum(r["bw"] for r in per_page), sum(r["ow"] for r in per_page)
    bc, oc = sum(r["bc"] for r in per_page), sum(r["oc"] for r in per_page)
    ratios = [r["ow"] / r["bw"] for r in per_page]
    cpu = [r["oc"] / max(r["bc"], 1e-6) for r in per_page]
    print(
        f"| **all {len(per_page)} pages** | | {bw:.2f} | {ow:.2f} | **{ow / bw:.2f}** "
        f"| {bc:.2f} | {oc:.2f} | **{oc / max(bc, 1e-6):.2f}** |"
    )
    sw = sum(r["sw"] for r in per_page)
    print(
        f"\nsame psm ({OcrSettings().psm}): bare tesseract {sw:.2f} s wall, ours {ow:.2f} s: "
        f"**{ow / sw:.2f}x**"
    )
    print(
        f"\nper-page ratio (bare at its default psm 3): wall median {statistics.median(ratios):.2f}, "
        f"worst {max(ratios):.2f}; "
        f"CPU median {statistics.median(cpu):.2f}, worst {max(cpu):.2f}; "
        f"pages over 1.5 (wall): {sum(x > 1.5 for x in ratios)} of {len(ratios)}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("data/bench-scan"))
    ap.add_argument("--n", type=int, default=2, help="scanned decrees to generate when the folder is empty")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--peers-python", type=Path, help="python of the bench venv (img2table, OCRmyPDF)")
    ap.add_argument("--peers-only", action="store_true", help="skip rencana's runs (re-measure the peers)")
    ap.add_argument(
        "--scan-profile",
        choices=("clean", "photocopy", "phone", "mixed"),
        default="clean",
        help="the scanner of a generated corpus (issue 10: photocopies and phone photos)",
    )
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    if not any(args.corpus.glob("*.pdf")):
        generate(args.corpus, n=args.n, seed=args.seed, renderer="scan", scan_profile=args.scan_profile)
    pdfs = sorted(args.corpus.glob("*.pdf"))
    truths = {p.name: json.loads(p.with_name(f"{p.stem}.truth.json").read_text()) for p in pdfs}
    pages = sum(page_count(p) for p in pdfs)
    ocr_page(str(pdfs[0]), 1, OcrSettings())  # load the model once, outside the timings
    print(
        f"{len(pdfs)} scanned decrees, {pages} pages; {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores"
    )

    with tempfile.TemporaryDirectory(prefix="rencana-bench-") as tmp:
        work = Path(tmp)
        per_page = [] if args.peers_only else side_by_side(pdfs, work)
        if per_page:
            print_side_by_side(per_page)
        results: dict[str, tuple[float, dict[str, float]]] = {}
        rows_of: dict[str, list[dict[str, Any]]] = {}
        meta = None
        if not args.peers_only:
            start = time.perf_counter()
            docs_right = docs_total = 0
            for pdf in pdfs:
                res = process_file(pdf, RunSettings())
                # the result holds typed records (issue 9); the scorer reads dicts, as from Parquet
                rows_of[pdf.name] = [dataclasses.asdict(r) for r in res.rows]
                document = dataclasses.asdict(res.document) if res.document else None
                s = score_document(truths[pdf.name], document, rows_of[pdf.name])
                docs_right, docs_total = docs_right + s.meta_right, docs_total + s.meta_total
            elapsed = time.perf_counter() - start
            results["rencana (whole pipeline, 1 process)"] = (elapsed, _score(truths, rows_of))
            meta = docs_right / max(1, docs_total)

        if args.peers_python:
            peers = [str(p) for p in pdfs]
            proc = subprocess.run(
                [str(args.peers_python), str(ROOT / "scripts/bench_ocr_peers.py"), "img2table", *peers],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            found = _result(proc.stdout)
            rows_of = {Path(k).name: peer_rows([t["cells"] for t in v["tables"]]) for k, v in found.items()}
            results["img2table + Tesseract"] = (
                sum(v["seconds"] for v in found.values()),
                _score(truths, rows_of),
            )
            ocr_dir = work / "ocrmypdf"
            ocr_dir.mkdir()
            proc = subprocess.run(
                [str(args.peers_python), str(ROOT / "scripts/bench_ocr_peers.py"), "ocrmypdf", str(ocr_dir),
                 *peers],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            done = _result(proc.stdout)
            seconds, rows_of = 0.0, {}
            for k, v in done.items():
                t0 = time.perf_counter()
                tables = camelot_tables(v["output"]) if v["output"] else []
                seconds += v["seconds"] + time.perf_counter() - t0
                rows_of[Path(k).name] = peer_rows(tables)
            results["OCRmyPDF + camelot lattice"] = (seconds, _score(truths, rows_of))

    print("\n### Whole runs on the same scans\n")
    print("| tool | s/page | row recall | row precision | exact month sets | raw-text similarity |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (secs, sc) in results.items():
        print(
            f"| {name} | {secs / pages:.2f} | {sc['recall']:.1%} | {sc['precision']:.1%} "
            f"| {sc['months']:.1%} | {sc['text']:.1%} |"
        )
    if meta is not None:
        print(f"\nrencana document metadata: {meta:.1%}")


if __name__ == "__main__":
    sys.exit(main())
