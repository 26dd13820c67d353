"""A generated corpus (canvas and LibreOffice renderings + the seed decree), extracted once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from rencana.corpus.generate import generate
from rencana.pipeline.run import RunSettings, RunSummary, run


@dataclass(frozen=True)
class Extracted:
    corpus: Path
    out: Path
    summary: RunSummary


@pytest.fixture(scope="session")
def extracted_corpus(tmp_path_factory: pytest.TempPathFactory) -> Extracted:
    corpus = tmp_path_factory.mktemp("corpus")
    generate(corpus, n=14, seed=4242, renderer="canvas", with_seed=True)
    generate(corpus, n=3, seed=777, renderer="docx", with_seed=False)
    generate(corpus, n=3, seed=2024, renderer="xlsx", with_seed=False)
    out = tmp_path_factory.mktemp("out")
    summary = run([corpus], out, RunSettings(jobs=2, ocr=False))
    return Extracted(corpus, out, summary)
