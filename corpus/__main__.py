"""``python -m rencana.corpus generate OUT_DIR`` — write a synthetic decree corpus with ground truth."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rencana.corpus.generate import generate


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m rencana.corpus",
        description="Synthetic KPU 'Rencana Aksi Reformasi Birokrasi' decree PDFs with ground truth "
        "(<stem>.truth.json beside each <stem>.pdf).",
    )
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser(
        "generate",
        help="write N generated decrees (+ optional seed decree) into OUT_DIR",
        description="Write N generated decrees into OUT_DIR. Same --seed gives byte-identical files.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    g.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="output folder (created if missing)")
    g.add_argument("--n", type=int, default=12, help="number of generated decrees")
    g.add_argument("--seed", type=int, default=7, help="corpus seed")
    g.add_argument(
        "--renderer",
        choices=("canvas", "docx", "xlsx", "scan", "all"),
        default="canvas",
        help="canvas = reportlab (no external tools); docx = python-docx + LibreOffice Writer; "
        "xlsx = openpyxl + LibreOffice Calc; scan = a realistic image-only scan of a decree drawn "
        "by --scan-base; all = canvas, docx and xlsx",
    )
    g.add_argument(
        "--scan-base",
        choices=("canvas", "docx", "mixed"),
        default="canvas",
        help="with --renderer scan: what draws the decree before it is scanned (mixed = seeded, "
        "about 30%% docx)",
    )
    g.add_argument(
        "--scan-profile",
        choices=("clean", "photocopy", "phone", "mixed"),
        default="clean",
        help="with --renderer scan: clean = a flatbed scan (200-300 dpi); photocopy = a grey copy "
        "of a copy at 150-200 dpi (streaks, dark edges, bold toner); phone = a photo of the sheet on "
        "a desk (keystone, uneven light, soft focus); mixed = one of the three per decree (seeded)",
    )
    g.add_argument(
        "--with-seed", action="store_true", help="also render the seed decree (KPU Kota Banjar 2022)"
    )
    g.add_argument(
        "--open-world",
        action="store_true",
        help="wording the vocabulary lacks (paraphrases, new activities, derived words), typos a "
        "repairer may not undo, other satkers named in Mengingat and diktum too (corpus/openworld.py)",
    )
    g.add_argument(
        "--fuzz-layouts",
        action="store_true",
        help="draw every table's form from the layout fuzzer's catalogue (corpus/layout_fuzz.py): "
        "column sets and labels, month/quarter/semester grids, marks, section rows, a second table",
    )
    b = g.add_argument_group(
        "province batch",
        "with --province: the satkers of one or more provinces, one decree per plan year each, "
        "with year-on-year changes (truth in batch-truth.json, template in template.csv); canvas only",
    )
    b.add_argument("--province", help="2-digit province codes, comma-separated, e.g. 35 or 35,32")
    b.add_argument("--years", default="2022,2023", help="plan years, comma-separated")
    b.add_argument(
        "--satkers",
        type=int,
        default=None,
        help="satkers per province (provincial KPU + kab/kota); default all",
    )
    return p


def _batch(args: argparse.Namespace) -> int:
    from rencana.corpus.batch import generate_batch

    try:
        provinces = [p.strip() for p in args.province.split(",") if p.strip()]
        years = [int(y) for y in args.years.split(",") if y.strip()]
    except ValueError:
        print("--years must be comma-separated years, e.g. 2022,2023", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        pdfs = generate_batch(args.out_dir, provinces, years, seed=args.seed, per_province=args.satkers)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    for pdf in pdfs:
        print(pdf)
    print(
        f"{len(pdfs)} PDFs + truth in {args.out_dir} ({time.perf_counter() - start:.1f} s)", file=sys.stderr
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.province:
        return _batch(args)
    if args.n < 0:
        print("--n must be >= 0", file=sys.stderr)
        return 2
    start = time.perf_counter()
    written = generate(
        args.out_dir,
        n=args.n,
        seed=args.seed,
        renderer=args.renderer,
        with_seed=args.with_seed,
        scan_base=args.scan_base,
        open_world=args.open_world,
        fuzz=args.fuzz_layouts,
        scan_profile=args.scan_profile,
    )
    for item in written:
        print(item.pdf)
    print(
        f"{len(written)} PDFs + truth in {args.out_dir} ({time.perf_counter() - start:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
