"""Rebuild data/samples/: the small sample decrees shipped with the repo.

They are generated (seeded, so the same bytes every time) by rencana's own
corpus generator; none is a real decree.  `make extract` runs on them when
data/raw/ is empty.  Usage:  python scripts/make_samples.py
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from rencana.corpus.generate import generate

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

# (renderer, seed, n, index or "seed", file name in data/samples)
PICKS = [
    ("canvas", 99, 1, "seed", "KPU Kota Banjar 2022 - Rencana Aksi RB.pdf"),
    ("canvas", 99, 11, 10, "KPU Kota Binjai 2024 - rencana aksi (garis horizontal, arsir).pdf"),
    ("docx", 5, 8, 7, "KIP Aceh 2022 - Rencana Aksi Reformasi Birokrasi.pdf"),
    ("docx", 5, 2, 1, "KPU Kabupaten Banjar 2023 - Rencana Aksi RB.pdf"),
]


def main() -> None:
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for renderer, seed, n, index, name in PICKS:
        with tempfile.TemporaryDirectory() as tmp:
            made = generate(
                Path(tmp),
                n=n if index != "seed" else 0,
                seed=seed,
                renderer=renderer,  # type: ignore[arg-type]
                with_seed=index == "seed",
            )
            chosen = made[0] if index == "seed" else made[int(index)]
            shutil.copy(chosen.pdf, SAMPLES / name)
            truth = json.loads(chosen.truth.read_text(encoding="utf-8"))
            truth["source_file"] = name
            (SAMPLES / (Path(name).stem + ".truth.json")).write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"{name}  <- {chosen.pdf.name}")


if __name__ == "__main__":
    main()
