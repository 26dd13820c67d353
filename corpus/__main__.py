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
        choices=("canvas", "docx", "xlsx", "all"),
        default="canvas",
        help="canvas = reportlab (no external tools); docx = python-docx + LibreOffice Writer; "
        "xlsx = openpyxl + LibreOffice Calc; all = the three",
    )
    g.add_argument(
        "--with-seed", action="store_true", help="also render the seed decree (KPU Kota Banjar 2022)"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.n < 0:
        print("--n must be >= 0", file=sys.stderr)
        return 2
    start = time.perf_counter()
    written = generate(
        args.out_dir, n=args.n, seed=args.seed, renderer=args.renderer, with_seed=args.with_seed
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
