"""The writer casts to the schema, writes atomically, and the dictionary stays in step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from rencana.schema import io
from rencana.schema.dictionary import render_dictionary
from rencana.schema.tables import SCHEMA_VERSION, TABLES

REPO = Path(__file__).resolve().parents[2]


def test_data_dictionary_is_generated_from_the_schemas() -> None:
    current = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert current == render_dictionary(), "run `make dictionary` and commit docs/data-dictionary.md"
    for name, schema in TABLES.items():
        for field in schema:
            assert f"`{field.name}`" in current, (name, field.name)


def test_writer_casts_and_stamps_the_schema_version(tmp_path: Path) -> None:
    table = io.to_arrow(
        "corrections",
        [
            {
                "doc_id": "abc",
                "row_no": 3,
                "field": "area",
                "raw": "Pengawasan",
                "corrected": "Penguatan Pengawasan",
                "score": 100,
                "method": "variant",
                "needs_review": False,
            }
        ],
    )
    path = io.write_table(table, "corrections", tmp_path, {"source": "test"})
    back = pq.read_table(path)
    assert back.schema.field("row_no").type == TABLES["corrections"].field("row_no").type
    assert back.schema.metadata[b"rencana.schema_version"] == SCHEMA_VERSION.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["corrections.parquet"]


def test_unknown_columns_are_refused() -> None:
    with pytest.raises(KeyError, match="unknown column"):
        io.to_arrow("documents", [{"doc_id": "x", "sourcefile": "typo.pdf"}])


def test_a_failed_write_leaves_the_old_file_intact(tmp_path: Path) -> None:
    good = io.to_arrow(
        "documents",
        [
            {
                "doc_id": "a",
                "source_file": "a.pdf",
                "status": "ok",
                "pipeline_version": "t",
                "decree_date": dt.date(2022, 1, 18),
            }
        ],
    )
    io.write_table(good, "documents", tmp_path)
    bad = io.to_arrow("plan_rows", [])
    with pytest.raises(KeyError):
        io.write_table(bad, "documents", tmp_path)  # wrong columns for the table: refused before writing
    assert pq.read_table(tmp_path / "documents.parquet").num_rows == 1
    assert not list(tmp_path.glob(".*"))
