"""The province batch shared by the compare tests: build it once, read its truth."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rencana.corpus.batch import TEMPLATE_NAME, TRUTH_NAME, generate_batch, load_batch_truth
from rencana.corpus.truth import load_truth
from rencana.pipeline.run import RunSettings, run

PROVINCES = ("35", "32")
YEARS = (2022, 2023)
PER_PROVINCE = 10
SEED = 515


@dataclass(frozen=True)
class Batch:
    corpus: Path
    out: Path
    truth: dict[str, Any]  # batch-truth.json
    docs: dict[str, dict[str, Any]]  # source file name -> its <stem>.truth.json

    @property
    def template(self) -> Path:
        return self.corpus / TEMPLATE_NAME


@contextmanager
def locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(root: Path) -> None:
    done = root / "done"
    if done.exists():
        return
    corpus, out = root / "corpus", root / "out"
    generate_batch(corpus, PROVINCES, YEARS, seed=SEED, per_province=PER_PROVINCE)
    run([corpus], out, RunSettings(jobs=2, ocr=False))
    done.write_text("ok")


def load_batch(root: Path) -> Batch:
    corpus = root / "corpus"
    docs = {}
    for path in sorted(corpus.glob("*.truth.json")):
        truth = load_truth(path)
        docs[truth["source_file"]] = truth
    return Batch(corpus, root / "out", load_batch_truth(corpus / TRUTH_NAME), docs)


def truth_docs(
    batch: Batch, year: int | None = None, province: str | None = None, only: set[str] | None = None
) -> list[dict[str, Any]]:
    """The decrees of batch-truth.json, optionally of one plan year / province code / set of files."""
    return [
        d
        for d in batch.truth["documents"]
        if (year is None or d["plan_year"] == year)
        and (province is None or d["region_code"][:2] == province)
        and (only is None or d["source_file"] in only)
    ]


def label_of(doc: dict[str, Any]) -> str:
    """The report's label of a decree: "<satker> <plan year>"."""
    return f"{doc['satker']} {doc['plan_year']}"


def _ws(text: object) -> str:
    return " ".join(str(text or "").split())


def clean_sources(batch: Batch) -> set[str]:
    """Decrees the extractor read exactly (every row, its sub kegiatan text and months, in order).

    The compare views are checked against the truth on these; extraction errors
    on the others are the extractor's tests' business (and show in ``rencana evaluate``).
    """
    import pandas as pd

    docs = pd.read_parquet(batch.out / "documents.parquet")
    rows = pd.read_parquet(batch.out / "plan_rows.parquet")
    clean = set()
    for d in docs.itertuples(index=False):
        name = Path(str(d.source_file)).name
        truth = batch.docs.get(name)
        got = rows[rows["doc_id"] == d.doc_id].sort_values("row_no")
        if truth is None or len(got) != len(truth["rows"]):
            continue
        same = all(
            _ws(g) == _ws(t["sub_kegiatan_raw"]) and [int(m) for m in ms] == t["months"]
            for g, ms, t in zip(got["sub_kegiatan_raw"], got["months"], truth["rows"], strict=True)
        )
        if same:
            clean.add(name)
    return clean
