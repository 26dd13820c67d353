"""Scanned decrees for the corpus: draw the decree as a vector PDF, then scan it.

The decree is drawn by the canvas renderer (or, for ``base="docx"``, by python-docx
and LibreOffice) into a temporary PDF, and :func:`rencana.corpus.scan.scan_pdf`
turns that into the final image-only PDF: 200–300 dpi, skew up to ±1.5°, blur,
noise, speckles, a stamp and a signature over the certified-copy block, JPEG, in
a random order per page, and now and then a table page laid on the glass turned
(90°, 180° or 270°).  The content, and so the ground truth rows and document
fields, are those of the vector decree; the truth's ``layout`` block also records
what the scanner did to each page (``layout.scan``).  Deterministic per seed:
every random draw comes from ``random.Random(f"{seed}:scan:{doc_key}")``.
"""

from __future__ import annotations

import dataclasses
import importlib
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

from rencana.corpus.model import DecreeSpec, LayoutSpec, RenderResult
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.scan import ScanReport, ScanSettings, scan_pdf
from rencana.corpus.scan_profiles import Profile, ProfileChoice, pick_profile

ScanBase = Literal["canvas", "docx", "mixed"]

# "a few rotated pages": about one scanned decree in five has one table page turned
ROTATED_TABLE_PAGE_PROB = 0.2
TABLE_STAMP_PROB = 0.35  # photocopies and phone photos: a stamp over some table cells
DOCX_SHARE = 0.3  # base="mixed": share of decrees laid out by LibreOffice


def corpus_scan_settings(profile: Profile = "clean") -> ScanSettings:
    """The scanner the corpus uses for ``profile`` (clean: the :class:`ScanSettings` defaults
    plus turned pages)."""
    return profile_settings(profile, ROTATED_TABLE_PAGE_PROB)


def profile_settings(profile: Profile, rotate_table_page_prob: float) -> ScanSettings:
    """The scanner of one profile (clean = today's corpus scanner)."""
    if profile == "photocopy":
        return ScanSettings(
            dpi=(150, 200),
            skew=(-4.0, 4.0),
            noise_sigma=(4.0, 10.0),
            blur_sigma=(0.4, 0.9),
            jpeg_quality=(25, 45),
            paper=(225.0, 245.0),
            speckle_prob=0.9,
            speckles=(60, 300),
            rotate_table_page_prob=rotate_table_page_prob,
            profile="photocopy",
            table_stamp_prob=TABLE_STAMP_PROB,
        )
    if profile == "phone":
        return ScanSettings(
            dpi=(150, 200),
            skew=(-4.0, 4.0),
            noise_sigma=(3.0, 8.0),
            blur_sigma=(0.9, 1.6),
            jpeg_quality=(50, 70),
            paper=(215.0, 240.0),
            speckle_prob=0.2,
            rotate_table_page_prob=rotate_table_page_prob,
            profile="phone",
            table_stamp_prob=TABLE_STAMP_PROB,
        )
    return ScanSettings(rotate_table_page_prob=rotate_table_page_prob)


@dataclasses.dataclass(frozen=True, slots=True)
class ScannedResult:
    """The vector rendering's facts (rows, pages) with the final scan's path, and the scan report."""

    result: RenderResult
    base: Literal["canvas", "docx"]
    report: ScanReport

    def layout_extra(self) -> dict[str, Any]:
        """What goes into the truth's ``layout`` block under ``scan``."""
        pages = []
        for p in self.report.pages:
            page = dataclasses.asdict(p)
            page["effects"] = list(p.effects)
            pages.append(page)
        return {"scan": {"base": self.base, "pages": pages}}


def _bases(jobs: Sequence[tuple[DecreeSpec, LayoutSpec, Path]], seed: int, base: ScanBase) -> list[str]:
    if base != "mixed":
        return [base] * len(jobs)
    return [
        "docx" if random.Random(f"{seed}:scan-base:{spec.doc_key}").random() < DOCX_SHARE else "canvas"
        for spec, _, _ in jobs
    ]


def render_scan_batch(
    jobs: Sequence[tuple[DecreeSpec, LayoutSpec, Path]],
    seed: int,
    base: ScanBase = "canvas",
    settings: ScanSettings | None = None,
    profile: ProfileChoice = "clean",
) -> list[ScannedResult]:
    """Render every job as a vector PDF in a temporary folder, then scan it to the job's path.

    ``profile`` (clean, photocopy, phone, or mixed: one per decree, seeded) picks the scanner
    unless ``settings`` is given."""
    bases = _bases(jobs, seed, base)
    out: list[ScannedResult] = []
    with tempfile.TemporaryDirectory(prefix="rencana-scan-") as tmp:
        work = Path(tmp)
        vector = [(spec, layout, work / f"{i:05d}.pdf") for i, (spec, layout, _) in enumerate(jobs)]
        results: dict[int, RenderResult] = {}
        canvas_idx = [i for i, b in enumerate(bases) if b == "canvas"]
        docx_idx = [i for i, b in enumerate(bases) if b == "docx"]
        for i in canvas_idx:
            results[i] = render_canvas(*vector[i])
        if docx_idx:
            # imported lazily: python-docx and LibreOffice are only needed for this base
            module = importlib.import_module("rencana.corpus.render_docx")
            batch = cast(list[RenderResult], module.render_docx_batch([vector[i] for i in docx_idx]))
            results.update(zip(docx_idx, batch, strict=True))
        for i, (spec, _, dst) in enumerate(jobs):
            dst.parent.mkdir(parents=True, exist_ok=True)
            rng = random.Random(f"{seed}:scan:{spec.doc_key}")
            chosen = pick_profile(profile, random.Random(f"{seed}:scan-profile:{spec.doc_key}"))
            report = scan_pdf(Path(results[i].pdf_path), dst, rng, settings or corpus_scan_settings(chosen))
            report = dataclasses.replace(report, source=f"{bases[i]} rendering of {spec.doc_key}")
            result = dataclasses.replace(results[i], pdf_path=str(dst))
            out.append(ScannedResult(result, cast(Literal["canvas", "docx"], bases[i]), report))
    return out
