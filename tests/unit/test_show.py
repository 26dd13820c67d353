"""rencana show on a digital decree: the picture's own record against the corpus's truth, the
extraction unchanged by the trace, and the time per page."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from rencana.corpus.__main__ import main as corpus_main
from rencana.extract.document import extract_document
from rencana.extract.trace import Trace
from rencana.show import show_pdf
from rencana.show.paint import counts

SEED = 901  # a canvas decree, month grid, table on pages 3-5


@pytest.fixture(scope="module")
def decree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("show-corpus")
    corpus_main(["generate", str(out), "--n", "1", "--seed", str(SEED)])
    (pdf,) = out.glob("*.pdf")
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return pdf, truth


def test_the_first_table_page_shows_every_row_and_mark_of_the_truth(
    decree: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    pdf, truth = decree
    page = min(r["page"] for r in truth["rows"])  # the first table page: no row runs onto it
    index = show_pdf(pdf, tmp_path, [page])
    record = json.loads((tmp_path / "show.json").read_text(encoding="utf-8"))
    (drawn,) = record["pages"]
    n = counts(drawn["drawn"])
    on_page = [r for r in truth["rows"] if r["page"] == page]
    assert n["row"] == len(on_page)
    marks = sum(v for k, v in n.items() if k.startswith("mark_"))
    assert marks == sum(len(r["months"]) for r in on_page)
    assert n["header"] == 17  # no, area, kegiatan, sub, indikator and 12 months
    assert n["ruling"] > 0 and n["ruling_rejected"] > 0
    assert (tmp_path / drawn["image"]).stat().st_size > 10_000 and index.name == "index.html"


def test_the_front_matter_is_boxed_where_it_is_printed(
    decree: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    pdf, truth = decree
    show_pdf(pdf, tmp_path, [1, 2])
    record = json.loads((tmp_path / "show.json").read_text(encoding="utf-8"))
    labels = [d["label"] for p in record["pages"] for d in p["drawn"] if d["layer"] == "front"]
    assert f"number: {truth['document']['decree_number']}" in labels
    assert f"signatory: {truth['document']['signed_by']}" in labels


def test_tracing_leaves_the_extraction_unchanged(decree: tuple[Path, dict[str, Any]]) -> None:
    pdf, _ = decree
    plain = extract_document(pdf)
    trace = Trace()
    traced = extract_document(pdf, trace=trace)
    assert traced == plain
    assert sorted(trace.pages) == sorted(plain.table_pages)
    assert sum(len(t.rows) for t in trace.pages.values()) >= len(plain.rows)


def test_a_digital_page_is_drawn_in_under_a_second(
    decree: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    pdf, truth = decree
    show_pdf(pdf, tmp_path / "warm", [1])  # imports and the first PDFium load out of the timing
    start = time.process_time()
    show_pdf(pdf, tmp_path / "all")
    per_page = (time.process_time() - start) / truth["document"]["pages"]
    assert per_page < 1.0, f"{per_page:.2f} s per page"


def test_camelot_is_a_benchmark_peer_not_a_dependency() -> None:
    """camelot-py is measured against (make bench), never run by the product."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.startswith("camelot")]
    assert any(d.startswith("camelot-py") for d in project["optional-dependencies"]["bench-camelot"])
    product = ["src", "extract", "normalise", "schema", "pipeline", "compare", "evaluate", "show", "corpus"]
    importing = [
        str(p.relative_to(root))
        for d in product
        for p in (root / d).rglob("*.py")
        if "import camelot" in p.read_text(encoding="utf-8")
    ]
    assert importing == []
