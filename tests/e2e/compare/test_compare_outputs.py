"""`rencana compare` and `rencana dataset` on the province batch: files, workbook views, partitions."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from batch_support import Batch
from click.testing import CliRunner

from rencana.compare.dataset import write_dataset
from rencana.compare.report_xlsx import sheet_names
from rencana.pipeline.cli import main
from rencana.schema.io import read_table, write_table
from rencana.schema.tables import TABLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(province_batch: Batch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("report")
    args = ["compare", str(province_batch.out), "--template", str(province_batch.template), "--to", str(dest)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    # 40 kegiatan of the template, plus any that a misread row added
    assert re.search(
        r"20 plan\(s\), plan year 2023; 0 problem file\(s\); 0 copy\(ies\) set aside; .*4\d kegiatan .*; "
        r"20 year-on-year pair\(s\)",
        result.output,
    )
    return dest


def test_compare_writes_both_files_into_the_output_directory(province_batch: Batch, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in TABLES:
        (out / f"{name}.parquet").write_bytes((province_batch.out / f"{name}.parquet").read_bytes())
    result = CliRunner().invoke(main, ["compare", str(out), "--province", "35", "--year", "2023"])
    assert result.exit_code == 0, result.output
    # the province and the year in the names: reports of other provinces and years do not overwrite it
    assert (out / "compare-35-2023.html").stat().st_size > 10_000
    assert (out / "compare-35-2023.xlsx").stat().st_size > 10_000
    result = CliRunner().invoke(
        main, ["compare", str(out), "--province", "32", "--year", "2022", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "compare-32-2022.html").exists() and (out / "compare-35-2023.html").exists()
    assert '<html lang="en">' in (out / "compare-32-2022.html").read_text(encoding="utf-8")
    assert not list(out.glob(".*tmp"))


def test_compare_errors_are_one_line_and_exit_2(province_batch: Batch) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(province_batch.out), "--province", "99"])
    assert result.exit_code == 2
    assert "Error: no decree of province '99'" in result.output
    result = runner.invoke(main, ["compare", str(province_batch.out), "--year", "2019"])
    assert result.exit_code == 2 and "no decree for plan year 2019" in result.output


def test_workbook_holds_every_view(report: Path) -> None:
    wb = openpyxl.load_workbook(report / "compare-all-2023.xlsx")
    names = sheet_names("id")
    assert wb.sheetnames == names
    # every province: no roster; the batch has no failed file and no second copy
    empty = {"Satker", "Berkas bermasalah", "Salinan disisihkan"}
    for name in names[1:]:
        ws = wb[name]
        if name in empty:
            assert ws.max_row == 1, name
            continue
        assert ws.max_row > 1, f"sheet {name} is empty"
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith("2"), name
        assert ws.auto_filter.ref, name
    assert wb["Ringkasan"].max_row == 21
    assert wb["Ringkasan antartahun"].max_row == 21
    for name in ("Jadwal", "Jadwal per area"):
        rules = [r for rng in wb[name].conditional_formatting for r in rng.rules]
        assert any(r.type == "colorScale" for r in rules), f"{name}: no colour scale"
    headers = [c.value for c in wb["Antartahun"][1]]
    assert headers[:4] == ["satker", "dari tahun", "ke tahun", "perubahan"]
    changes = {row[3] for row in wb["Antartahun"].iter_rows(min_row=2, values_only=True)}
    assert changes == {"ditambah", "dihapus", "dijadwal ulang"}


def test_dataset_partitions_by_year_and_appends_without_rewriting(
    province_batch: Batch, tmp_path: Path
) -> None:
    # an output holding only the 2022 decrees, then the full one: the 2022 partition must not be rewritten
    first = tmp_path / "first"
    docs = read_table("documents", province_batch.out)
    ids_2022 = [
        d for d, y in zip(docs["doc_id"].to_pylist(), docs["plan_year"].to_pylist(), strict=True) if y == 2022
    ]
    for name in TABLES:
        table = read_table(name, province_batch.out)
        keep = pd.Series(table.column("doc_id").to_pylist()).isin(ids_2022).to_list()
        write_table(table.filter(keep), name, first)
    dest = tmp_path / "dataset"
    one = write_dataset(first, dest)
    tables = len(TABLES)  # documents, plan_rows, corrections, issues
    assert (one.written, one.partitions) == (tables, ["year=2022"])
    part = dest / "plan_rows" / "year=2022" / "plan_rows.parquet"
    stamp = part.stat().st_mtime_ns
    two = write_dataset(province_batch.out, dest)
    assert (two.written, two.unchanged) == (tables, tables)
    assert part.stat().st_mtime_ns == stamp, "the 2022 partition was rewritten"
    assert write_dataset(province_batch.out, dest).written == 0

    flat = pd.read_parquet(province_batch.out / "plan_rows.parquet")
    by_pandas = pd.read_parquet(dest / "plan_rows")
    assert len(by_pandas) == len(flat)
    assert sorted(by_pandas["year"].astype(int).unique()) == [2022, 2023]
    for name in TABLES:  # every table reads back whole, one schema across partitions
        frame = pd.read_parquet(dest / name)
        assert len(frame) == read_table(name, province_batch.out).num_rows, name
    docs_back = pd.read_parquet(dest / "documents")
    assert (docs_back["plan_year"].astype(int) == docs_back["year"].astype(int)).all()
    glob = os.fspath(dest / "plan_rows" / "*" / "*.parquet")
    counts = duckdb.sql(
        f"SELECT year, count(*) AS n FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY ALL "
        "ORDER BY year"
    ).fetchall()
    assert [y for y, _ in counts] == [2022, 2023] and sum(n for _, n in counts) == len(flat)
