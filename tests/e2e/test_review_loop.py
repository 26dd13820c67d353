"""The review loop end to end on real PDFs: extract -> review sheet -> analyst edits -> apply -> extract.

Each step runs the real command in a process of its own with ``RENCANA_VOCABULARY`` pointing at
a copy of the vocabulary (the decisions must not touch the repository's files).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any as Extracted  # the session fixture from conftest.py

import pandas as pd
from openpyxl import load_workbook

from rencana.normalise.vocabulary import packaged_dir


def _rencana(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "rencana.pipeline.cli", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_review_decisions_reach_the_next_extract(extracted_corpus: Extracted, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    seed = next(extracted_corpus.corpus.glob("seed-*-canvas.pdf"))
    shutil.copy(seed, src / seed.name)
    vocab = tmp_path / "vocabulary"
    shutil.copytree(packaged_dir(), vocab)
    env = {**os.environ, "RENCANA_VOCABULARY": str(vocab), "PYTHONSAFEPATH": "1"}
    out = tmp_path / "out"

    first = _rencana(env, "extract", str(src), "--out", str(out), "-q", "-j", "1")
    assert first.returncode == 0, first.stderr
    listed = _rencana(env, "review", str(out), "--all")
    assert listed.returncode == 0, listed.stderr
    sheet = out / "review.xlsx"
    assert sheet.is_file() and (out / "review.csv").is_file()

    wb = load_workbook(sheet)
    ws = wb["review"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    decided = set()
    for r in range(2, ws.max_row + 1):
        kind, raw = ws.cell(r, col["kind"]).value, ws.cell(r, col["raw"]).value
        if kind == "word" and raw == "Jabtan":  # the repair is right: confirm it
            ws.cell(r, col["decision"]).value = "accept"
        elif kind == "word" and raw == "Pencanaan":  # "keep it as printed", says the analyst
            ws.cell(r, col["decision"]).value = "reject"
        elif kind == "label" and str(raw).startswith("PEMBANGUNAN aplikasi Whistle Blowing"):
            ws.cell(r, col["decision"]).value = "replace"  # the analyst files it under another entry
            ws.cell(r, col["replace_with"]).value = "PWS.03.02"
        else:
            continue
        decided.add((kind, raw if kind == "word" else "WBS"))
    assert decided == {("word", "Jabtan"), ("word", "Pencanaan"), ("label", "WBS")}
    wb.save(sheet)

    applied = _rencana(env, "review", "--apply", str(sheet))
    assert applied.returncode == 0, applied.stderr
    assert "1 accepted, 1 rejected, 1 replaced" in applied.stdout
    assert "Pencanaan" in (vocab / "manual_overrides.csv").read_text(encoding="utf-8")

    # no --force: the vocabulary version changed, so the file is redone
    again = _rencana(env, "extract", str(src), "--out", str(out), "-q", "-j", "1")
    assert again.returncode == 0, again.stderr
    assert "skipped 0" in again.stdout
    corr = pd.read_parquet(out / "corrections.parquet")
    manual = corr[corr["method"] == "manual"]
    assert set(manual["raw"]) >= {"Jabtan"} and any(manual["canonical_id"] == "PWS.03.02")
    kept = corr[corr["raw"] == "Pencanaan"]
    assert list(kept["method"]) == ["manual"] and list(kept["corrected"]) == ["Pencanaan"]
    rows = pd.read_parquet(out / "plan_rows.parquet")
    zi = rows[rows["sub_kegiatan_raw"].str.contains("Pencanaan", na=False)].iloc[0]
    assert zi["sub_kegiatan"].startswith("Pencanaan Zona Integritas")  # kept as printed
    wbs = rows[rows["sub_kegiatan_raw"].str.contains("PERNBANGUNAN", na=False)].iloc[0]
    assert list(wbs["sub_kegiatan_ids"]) == ["PWS.03.02"]
    # and a third run with nothing changed skips the file
    third = _rencana(env, "extract", str(src), "--out", str(out), "-q", "-j", "1")
    assert "skipped 1" in third.stdout
