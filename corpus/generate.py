"""Generate a test corpus: PDFs plus ``<stem>.truth.json`` ground truth, deterministic per seed."""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from rencana.corpus.content import build_decree, build_seed_decree
from rencana.corpus.layouts import sample_layout, seed_layout
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.satkers import pick_codes, satker_for
from rencana.corpus.truth import Renderer, write_truth

RendererChoice = Literal["canvas", "docx", "all"]
PLAN_YEARS = (2021, 2022, 2022, 2022, 2023, 2024)
RenderFn = Callable[[DecreeSpec, LayoutSpec, Path], RenderResult]


@dataclass(frozen=True, slots=True)
class Generated:
    """One written document."""

    pdf: Path
    truth: Path
    renderer: Renderer
    doc_key: str


def _render_all(renderer: Renderer, jobs: list[tuple[DecreeSpec, LayoutSpec, Path]]) -> list[RenderResult]:
    """Render every job with one renderer (the docx one batches its LibreOffice runs)."""
    if renderer == "canvas":
        return [render_canvas(spec, layout, path) for spec, layout, path in jobs]
    # imported lazily: needs python-docx and LibreOffice, which the canvas path does not
    module = importlib.import_module("rencana.corpus.render_docx")
    batch = getattr(module, "render_docx_batch", None)
    if batch is not None:
        return cast(list[RenderResult], batch(jobs))
    single = cast(RenderFn, module.render_docx)
    return [single(spec, layout, path) for spec, layout, path in jobs]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plan_documents(n: int, seed: int) -> list[tuple[DecreeSpec, LayoutSpec]]:
    """The ``n`` (spec, layout) pairs of corpus ``seed``; document i depends only on (seed, i)."""
    years = [random.Random(f"{seed}:year:{i}").choice(PLAN_YEARS) for i in range(n)]
    codes = pick_codes(random.Random(f"{seed}:satkers"), n, plan_year=min(years, default=2022))
    docs = []
    for i, (code, year) in enumerate(zip(codes, years, strict=True)):
        rng = random.Random(f"{seed}:doc:{i}")
        satker = satker_for(code, year)
        key = f"{seed}-{i:03d}-{_slug(satker.name)}-{year}"
        layout = sample_layout(random.Random(f"{seed}:layout:{i}"))
        docs.append((build_decree(rng, satker, year, key), layout))
    return docs


def generate(
    out_dir: Path,
    n: int = 12,
    seed: int = 7,
    renderer: RendererChoice = "canvas",
    with_seed: bool = False,
) -> list[Generated]:
    """Write ``n`` generated decrees (and the seed decree if asked) with their truth files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    renderers: Sequence[Renderer] = ("canvas", "docx") if renderer == "all" else (renderer,)
    docs = plan_documents(n, seed)
    if with_seed:
        docs.insert(0, (build_seed_decree(), seed_layout()))
    written: list[Generated] = []
    for name in renderers:
        jobs = [(spec, layout, out_dir / f"{spec.doc_key}-{name}.pdf") for spec, layout in docs]
        for (spec, layout, pdf), result in zip(jobs, _render_all(name, jobs), strict=True):
            truth = write_truth(spec, layout, result, name)
            written.append(Generated(pdf, truth, name, spec.doc_key))
    return written
