"""Render a batch of decrees through one LibreOffice start (shared by the docx and xlsx renderers)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdfium2 as pdfium

from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.soffice import convert_to_pdf

Job = tuple[DecreeSpec, LayoutSpec, Path]
WriteSource = Callable[[DecreeSpec, LayoutSpec, Path], None]


def render_office_batch(
    jobs: Sequence[Job], suffix: str, write_source: WriteSource, *, keep_source: bool, timeout_s: float
) -> list[RenderResult]:
    """Write each job's office file with ``write_source``, convert them all at once, place the PDFs.

    With ``keep_source`` the intermediate ``path.with_suffix(suffix)`` is kept beside the PDF.
    """
    if not jobs:
        return []
    with tempfile.TemporaryDirectory(prefix=f"rencana{suffix.replace('.', '-')}-") as tmp:
        work = Path(tmp)
        sources = []
        for i, (spec, layout, _) in enumerate(jobs):
            src = work / f"d{i:05d}{suffix}"
            write_source(spec, layout, src)
            sources.append(src)
        pdfs = convert_to_pdf(sources, work / "out", timeout_s=timeout_s * len(jobs))
        results = []
        for (spec, _, path), src, pdf in zip(jobs, sources, pdfs, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(pdf), path)
            if keep_source:
                shutil.copyfile(src, path.with_suffix(suffix))
            pages, first = page_facts(path)
            results.append(RenderResult(str(path), pages, (None,) * len(spec.rows), first))
    return results


def page_facts(pdf_path: Path) -> tuple[int, int | None]:
    """Page count and the first landscape page (1-based) of a PDF."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        first = next((i + 1 for i in range(len(pdf)) if pdf[i].get_size()[0] > pdf[i].get_size()[1]), None)
        return len(pdf), first
    finally:
        pdf.close()
