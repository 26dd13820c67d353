"""An analyst's inbox, generated with its truth: what a provincial analyst really collects.

Province 34 (DI Yogyakarta: KPU Provinsi + 5 kab/kota), plan year 2023:

* KPU Provinsi DI Yogyakarta: one decree, the same file under two names (e-mail and WhatsApp);
* KPU Kota Yogyakarta: the Word export and the signed scan of one decree (``render_scan``);
* KPU Kabupaten Sleman: a decree and its revision (a later date, the next number, rows changed);
* KPU Kabupaten Bantul: a decree given to the first run only (removed before the second);
* a file that is no PDF at all (a failed download);
* Kulon Progo and Gunungkidul send nothing.

The truth is written from the generator's specs (what each file *is*), never from rencana's output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

from rencana.corpus.content import build_decree
from rencana.corpus.layouts import sample_layout
from rencana.corpus.model import DecreeSpec
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.render_scan import render_scan_batch
from rencana.corpus.satkers import satker_for

PROVINCE, YEAR, SEED = "34", 2023, 1313
ROWS = 7
ROSTER = {
    "34": "KPU Provinsi Daerah Istimewa Yogyakarta",
    "3401": "KPU Kabupaten Kulon Progo",
    "3402": "KPU Kabupaten Bantul",
    "3403": "KPU Kabupaten Gunungkidul",
    "3404": "KPU Kabupaten Sleman",
    "3471": "KPU Kota Yogyakarta",
}
REMOVED = "bantul.pdf"


def _spec(code: str, key: str) -> DecreeSpec:
    rng = random.Random(f"{SEED}:{code}")
    return build_decree(rng, satker_for(code, YEAR), YEAR, key, n_rows=ROWS, plant_preamble=False)


def _revision(spec: DecreeSpec) -> DecreeSpec:
    """The next number, two months later, the last row dropped and the first row's months moved."""
    serial = re.match(r"\d+", spec.decree_number)
    assert serial, spec.decree_number
    width = len(serial.group())
    number = f"{int(serial.group()) + 1:0{width}d}" + spec.decree_number[serial.end() :]
    rows = list(spec.rows[:-1])
    first = rows[0]
    moved = tuple(sorted({min(12, m + 1) for m in first.months})) if first.months != (12,) else (11,)
    rows[0] = dataclasses.replace(first, months=moved)
    return dataclasses.replace(
        spec,
        doc_key=spec.doc_key + "-perubahan",
        decree_number=number,
        decree_date=spec.decree_date + dt.timedelta(days=60),
        rows=tuple(rows),
    )


def generate(inbox: Path, removed_dir: Path) -> dict[str, Any]:
    """Write the inbox (and the file the second run no longer gets); return the truth."""
    inbox.mkdir(parents=True)
    removed_dir.mkdir(parents=True)
    layout = sample_layout(random.Random(f"{SEED}:layout"))
    prov, kota, sleman, bantul = (_spec(c, f"{SEED}-{c}") for c in ("34", "3471", "3404", "3402"))
    render_canvas(prov, layout, inbox / "kpu diy.pdf")
    shutil.copy(inbox / "kpu diy.pdf", inbox / "WhatsApp Document 2023-03-02.pdf")
    render_canvas(kota, layout, inbox / "kota yogyakarta (word).pdf")
    render_scan_batch([(kota, layout, inbox / "kota yogyakarta scan ttd.pdf")], SEED, "canvas")
    render_canvas(sleman, layout, inbox / "sleman.pdf")
    revised = _revision(sleman)
    render_canvas(revised, layout, inbox / "sleman perubahan.pdf")
    render_canvas(bantul, layout, removed_dir / REMOVED)
    (inbox / "unduhan jdih.pdf").write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>")
    truth = {
        "province": PROVINCE,
        "year": YEAR,
        "roster": ROSTER,
        "same_content": [["kpu diy.pdf", "WhatsApp Document 2023-03-02.pdf"]],
        "duplicate_of": {"kota yogyakarta scan ttd.pdf": "kota yogyakarta (word).pdf"},
        "superseded_by": {"sleman.pdf": "sleman perubahan.pdf"},
        "failed": ["unduhan jdih.pdf"],
        "removed": REMOVED,
        # satker -> (the file that stands for its plan, its number of rows, its months per row)
        "plans_run2": {
            prov.satker.name: _plan("kpu diy.pdf", prov),
            kota.satker.name: _plan("kota yogyakarta (word).pdf", kota),
            revised.satker.name: _plan("sleman perubahan.pdf", revised),
        },
        "bantul": {bantul.satker.name: _plan(REMOVED, bantul)},
    }
    (inbox.parent / "inbox-truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def _plan(name: str, spec: DecreeSpec) -> dict[str, Any]:
    return {
        "file": name,
        "decree_number": spec.decree_number,
        "rows": len(spec.rows),
        "months": [list(r.months) for r in spec.rows],
    }
