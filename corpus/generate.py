"""Generate a test corpus: PDFs plus ``<stem>.truth.json`` ground truth, deterministic per seed."""

from __future__ import annotations

import dataclasses
import importlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from rencana.corpus.content import build_decree, build_seed_decree
from rencana.corpus.layout_fuzz import form_of, fuzz_layout, fuzz_rows
from rencana.corpus.layouts import sample_layout, seed_layout
from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.render_scan import ScanBase, render_scan_batch
from rencana.corpus.satkers import pick_codes, satker_for
from rencana.corpus.scan_profiles import ProfileChoice
from rencana.corpus.truth import Renderer, write_truth
from rencana.corpus.xlsx_style import xlsx_layout

RendererChoice = Literal["canvas", "docx", "xlsx", "scan", "all"]
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
    if renderer == "xlsx":  # openpyxl + LibreOffice Calc, one soffice start for the batch
        module = importlib.import_module("rencana.corpus.render_xlsx")
        return cast(list[RenderResult], module.render_xlsx_batch(jobs))
    # imported lazily: needs python-docx and LibreOffice, which the canvas path does not
    module = importlib.import_module("rencana.corpus.render_docx")
    batch = getattr(module, "render_docx_batch", None)
    if batch is not None:
        return cast(list[RenderResult], batch(jobs))
    single = cast(RenderFn, module.render_docx)
    return [single(spec, layout, path) for spec, layout, path in jobs]


def _layout_for(renderer: Renderer, layout: LayoutSpec, seed: int, doc_key: str) -> LayoutSpec:
    """The xlsx renderer adds its spreadsheet knobs (seeded per document) to the layout."""
    if renderer != "xlsx":
        return layout
    return xlsx_layout(layout, random.Random(f"{seed}:xlsx:{doc_key}"))


def _write_truth(renderer: Renderer, spec: DecreeSpec, layout: LayoutSpec, result: RenderResult) -> Path:
    if renderer == "xlsx":  # texts as printed, plus mark_kind and has_front_matter
        module = importlib.import_module("rencana.corpus.render_xlsx")
        return cast(Path, module.write_xlsx_truth(spec, layout, result))
    return write_truth(spec, layout, result, renderer)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plan_documents(
    n: int, seed: int, open_world: bool = False, fuzz: bool = False
) -> list[tuple[DecreeSpec, LayoutSpec]]:
    """The ``n`` (spec, layout) pairs of corpus ``seed``; document i depends only on (seed, i).

    ``fuzz`` draws each table's form from :mod:`rencana.corpus.layout_fuzz` (column sets,
    labels, time grids, marks, sections, a second table); a coarse grid's rows mark whole periods.
    """
    years = [random.Random(f"{seed}:year:{i}").choice(PLAN_YEARS) for i in range(n)]
    codes = pick_codes(random.Random(f"{seed}:satkers"), n, plan_year=min(years, default=2022))
    docs = []
    for i, (code, year) in enumerate(zip(codes, years, strict=True)):
        rng = random.Random(f"{seed}:doc:{i}")
        satker = satker_for(code, year)
        key = f"{seed}-{i:03d}-{_slug(satker.name)}-{year}"
        layout = sample_layout(random.Random(f"{seed}:layout:{i}"))
        spec = build_decree(rng, satker, year, key, open_world=open_world)
        if fuzz:
            layout = fuzz_layout(random.Random(f"{seed}:form:{i}"), layout, year)
            form = form_of(layout)
            assert form is not None
            spec = dataclasses.replace(spec, rows=fuzz_rows(spec.rows, form))
        docs.append((spec, layout))
    return docs


def generate(
    out_dir: Path,
    n: int = 12,
    seed: int = 7,
    renderer: RendererChoice = "canvas",
    with_seed: bool = False,
    scan_base: ScanBase = "canvas",
    open_world: bool = False,
    fuzz: bool = False,
    scan_profile: ProfileChoice = "clean",
) -> list[Generated]:
    """Write ``n`` generated decrees (and the seed decree if asked) with their truth files.

    ``renderer="scan"`` draws each decree with ``scan_base`` (canvas, docx, or a
    seeded mix) and writes a realistic scan of it (:mod:`rencana.corpus.render_scan`);
    ``all`` is the three vector renderers; ``scan_profile`` picks the scanner
    (:mod:`rencana.corpus.scan_profiles`).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    renderers: Sequence[Renderer] = ("canvas", "docx", "xlsx") if renderer == "all" else (renderer,)
    docs = plan_documents(n, seed, open_world, fuzz)
    if with_seed:
        docs.insert(0, (build_seed_decree(), seed_layout()))
    written: list[Generated] = []
    for name in renderers:
        jobs = [
            (spec, _layout_for(name, layout, seed, spec.doc_key), out_dir / f"{spec.doc_key}-{name}.pdf")
            for spec, layout in docs
        ]
        if name == "scan":
            for (spec, layout, _), scanned in zip(
                jobs, render_scan_batch(jobs, seed, scan_base, profile=scan_profile), strict=True
            ):
                truth = write_truth(spec, layout, scanned.result, "scan", layout_extra=scanned.layout_extra())
                written.append(Generated(Path(scanned.result.pdf_path), truth, name, spec.doc_key))
            continue
        for (spec, layout, pdf), result in zip(jobs, _render_all(name, jobs), strict=True):
            truth = _write_truth(name, spec, layout, result)
            written.append(Generated(pdf, truth, name, spec.doc_key))
    return written
