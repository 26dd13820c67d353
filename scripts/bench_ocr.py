"""Measure the OCR path on scanned stand-in pages; prints the tables quoted in docs/ocr.md.

    PYTHONSAFEPATH=1 .venv/bin/python scripts/bench_ocr.py [--seeds 4] [--repeats 3] [--bindings] [--grid]

Per page image (rendered at the scan's own dpi): a bare ``tesseract page.png out
-l ind tsv`` beside ``ocr_page`` on the same PDF page, interleaved so machine
load hits both alike; wall and CPU seconds (median over repeats).  Then word
accuracy on the table pages against the stand-in's truth, and month-cell
evidence (a mark word, a fill or an ink blob in exactly the marked cells).
``--bindings`` also times tesseract CLI vs pytesseract vs tesserocr on the images.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import cv2

from rencana.corpus.scan import ScanSettings, scan_pdf
from rencana.extract.ocr.backend import ocr_page
from rencana.extract.ocr.raster import render_page
from rencana.extract.ocr.settings import LineSettings, OcrSettings, PrepSettings
from rencana.extract.ocr.tesseract import parse_tsv
from rencana.schema.records import PageContent

ROOT = Path(__file__).resolve().parents[1]
MARKS = {"V", "v", "√", "✓"}


def _fixture() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_scan_fixture", ROOT / "tests/fixtures/make_scan_fixture.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bare(png: Path, out: Path) -> tuple[float, float, str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    c0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(
        ["tesseract", str(png), str(out), "-l", "ind", "tsv"], check=True, capture_output=True, env=env
    )
    return time.perf_counter() - t0, _children_cpu() - c0, out.with_suffix(".tsv").read_text()


def ours(pdf: Path, page: int, settings: OcrSettings) -> tuple[float, float, PageContent]:
    c0, t0 = time.process_time(), time.perf_counter()
    pc = ocr_page(str(pdf), page, settings)
    return time.perf_counter() - t0, time.process_time() - c0, pc


def word_scores(found: list[str], truth: collections.Counter[str]) -> tuple[float, float]:
    c = collections.Counter(w for w in found if w not in MARKS)
    hit = sum((c & truth).values())
    return hit / max(1, sum(truth.values())), hit / max(1, sum(c.values()))


def cell_errors(pc: PageContent, cells: list[Any]) -> int:
    bad = 0
    for c in cells:
        x0, top, x1, bottom, mark = c.x0, c.top, c.x1, c.bottom, c.mark

        def inside(a: float, b: float, t: float, u: float) -> bool:
            return bool(x0 <= (a + b) / 2 <= x1 and top <= (t + u) / 2 <= bottom)  # noqa: B023

        words = [w for w in pc.words if inside(w.x0, w.x1, w.top, w.bottom)]
        fills = [f for f in pc.fills if inside(f.x0, f.x1, f.top, f.bottom)]
        ink = [k for k in pc.ink if inside(k.x0, k.x1, k.top, k.bottom)]
        seen = bool(words or fills or ink)
        if seen != bool(mark) or (mark == "shade") != bool(fills):
            bad += 1
    return bad


def bindings(pngs: list[tuple[Path, float]], repeats: int) -> None:
    import numpy as np
    import pytesseract

    from rencana.extract.ocr.tesseract import CliEngine, TesseractEngine, TesserocrEngine

    engines: dict[str, TesseractEngine] = {"cli (TSV)": CliEngine("ind"), "tesserocr": TesserocrEngine("ind")}
    times: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(repeats):
        for png, dpi in pngs:
            img = np.asarray(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE))
            for name, eng in engines.items():
                t0 = time.perf_counter()
                eng.words(img, dpi, 3)
                times[name].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            pytesseract.image_to_data(img, lang="ind", config=f"--dpi {round(dpi)}")
            times["pytesseract"].append(time.perf_counter() - t0)
    print("\n| binding (psm 3, same images) | median s/page | mean s/page |\n|---|---|---|")
    for name, ts in times.items():
        print(f"| {name} | {statistics.median(ts):.2f} | {statistics.mean(ts):.2f} |")


def grid(
    pages: list[tuple[Path, int, Path, float]], truths: dict[int, collections.Counter[str]], psms: set[int]
) -> None:
    """Word recall/precision of each clean-up x page-segmentation choice (tesserocr, same images)."""
    import numpy as np

    from rencana.extract.ocr import imageprep as prep
    from rencana.extract.ocr import ruling as lines
    from rencana.extract.ocr.tesseract import TesserocrEngine

    eng = TesserocrEngine("ind")
    ps, ls = PrepSettings(), LineSettings()
    configs: list[tuple[int, str, str, bool, bool]] = [
        (psm, binar, "none", True, erase)
        for erase in (False, True)
        for psm in (3, 4, 6, 11)
        for binar in ("none", "otsu", "sauvola")
    ]
    configs += [
        (11, "otsu", "none", False, True),
        (11, "otsu", "median3", True, True),
        (11, "otsu", "gauss", True, True),
    ]
    print(
        "\n| psm | binarise | denoise | deskew | ruling erased | table recall / precision | "
        "front recall / precision | s/page |\n|---|---|---|---|---|---|---|---|"
    )
    for psm, binar, den, desk, erase in configs:
        if psm not in psms:
            continue
        scores: dict[int, list[tuple[float, float]]] = collections.defaultdict(list)
        spent = 0.0
        for _, page, png, dpi in pages:
            img = np.asarray(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE))
            t0 = time.perf_counter()
            if desk:
                img, _ = prep.deskew(img, dpi, ps)
            img = prep.binarise(prep.denoise(img, den), binar, dpi, ps)  # type: ignore[arg-type]
            if erase:  # as the backend does: only the pixels of the kept table ruling
                masks = lines.ruling_masks(prep.ink_mask(img), dpi, ls)
                segs = lines.segments_from_masks(masks, dpi, ls)
                segs = lines.keep_table_segments(segs, img.shape[1] * 72 / dpi, ls)
                img = lines.erase_ruling(img, lines.segment_pixels(masks.combined(), segs, dpi), dpi, ls)
            found = [w.text for w in eng.words(img, dpi, psm)]
            spent += time.perf_counter() - t0
            scores[page].append(word_scores(found, truths[page]))
        cells = []
        for page in (2, 1):
            r = statistics.mean(x[0] for x in scores[page])
            q = statistics.mean(x[1] for x in scores[page])
            cells.append(f"{r:.3f} / {q:.3f}")
        print(
            f"| {psm} | {binar} | {den} | {'yes' if desk else 'no'} | {'yes' if erase else 'no'} | "
            f"{cells[0]} | {cells[1]} | {spent / len(pages):.2f} |"
        )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--bindings", action="store_true")
    ap.add_argument("--grid", action="store_true", help="only the clean-up x psm accuracy grid")
    ap.add_argument("--psm", type=int, action="append", help="with --grid: only these psm (repeatable)")
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    fx = _fixture()
    settings = OcrSettings()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp_s:
        tmp = Path(tmp_s)
        truth = fx.make_stand_in(tmp / "stand-in.pdf")
        table_truth = collections.Counter(w for w in truth.words if w not in MARKS)
        pages: list[tuple[Path, int, Path, float]] = []
        for seed in range(args.seeds):
            pdf = tmp / f"scan{seed}.pdf"
            scan_pdf(tmp / "stand-in.pdf", pdf, random.Random(seed), ScanSettings())
            for page in (1, 2):
                rp = render_page(str(pdf), page)
                png = tmp / f"scan{seed}-p{page}.png"
                cv2.imwrite(str(png), rp.image)
                pages.append((pdf, page, png, rp.dpi))
        if args.grid:
            front = [w for _, _, line in fx.FRONT_LINES for w in line.split()] + [
                w for line in fx.SIGN_LINES for w in line.split()
            ]
            grid(pages, {2: table_truth, 1: collections.Counter(front)}, set(args.psm or (3, 4, 6, 11)))
            return 0
        ocr_page(str(pages[0][0]), 1, settings)  # warm the engine cache, as a pool worker would be
        rows: list[dict[str, Any]] = []
        for pdf, page, png, dpi in pages:
            bw, bc, ow, oc = [], [], [], []
            for _ in range(args.repeats):
                w, c, tsv = bare(png, tmp / "out")
                bw.append(w)
                bc.append(c)
                w, c, pc = ours(pdf, page, settings)
                ow.append(w)
                oc.append(c)
            row = {
                "page": f"{pdf.stem} p{page} ({dpi:.0f} dpi)",
                "bare_w": statistics.median(bw),
                "bare_c": statistics.median(bc),
                "ours_w": statistics.median(ow),
                "ours_c": statistics.median(oc),
            }
            if page == 2:
                row["bare_acc"] = word_scores([w.text for w in parse_tsv(tsv)], table_truth)
                row["ours_acc"] = word_scores([w.text for w in pc.words], table_truth)
                row["cells"] = cell_errors(pc, truth.cells)
            rows.append(row)
        if args.bindings:
            bindings([(png, dpi) for _, _, png, dpi in pages], max(1, args.repeats - 1))
    print("| page | bare tesseract wall s | ocr_page wall s | ratio | bare CPU s | ocr_page CPU s | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['page']} | {r['bare_w']:.2f} | {r['ours_w']:.2f} | {r['ours_w'] / r['bare_w']:.2f} | "
            f"{r['bare_c']:.2f} | {r['ours_c']:.2f} | {r['ours_c'] / r['bare_c']:.2f} |"
        )
    tot = {k: sum(r[k] for r in rows) for k in ("bare_w", "ours_w", "bare_c", "ours_c")}
    print(
        f"| **all** | {tot['bare_w']:.2f} | {tot['ours_w']:.2f} | **{tot['ours_w'] / tot['bare_w']:.2f}** | "
        f"{tot['bare_c']:.2f} | {tot['ours_c']:.2f} | **{tot['ours_c'] / tot['bare_c']:.2f}** |"
    )
    print(
        "\n| table page | bare tesseract (psm 3) recall / precision | ocr_page recall / precision | "
        "month cells wrong (of 72) |\n|---|---|---|---|"
    )
    for r in rows:
        if "ours_acc" in r:
            b, o = r["bare_acc"], r["ours_acc"]
            print(f"| {r['page']} | {b[0]:.3f} / {b[1]:.3f} | {o[0]:.3f} / {o[1]:.3f} | {r['cells']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
