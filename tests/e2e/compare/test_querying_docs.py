"""docs/querying.md runs for real: every pandas and SQL snippet, on the province batch; both agree."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from batch_support import Batch

from rencana.compare.dataset import write_dataset

pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[3] / "docs" / "querying.md"
BLOCK = re.compile(r"^ *```(python|sql)\n(.*?)^ *```", re.DOTALL | re.MULTILINE)


def _blocks() -> list[tuple[str, str]]:
    found = BLOCK.findall(DOC.read_text())
    return [(lang, re.sub(r"^  ", "", code, flags=re.MULTILINE)) for lang, code in found]


def test_the_five_questions_in_pandas_and_sql_agree(province_batch: Batch, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    write_dataset(province_batch.out, dataset)
    paths = {"data/processed": province_batch.out.as_posix(), "data/dataset": dataset.as_posix()}

    def here(code: str) -> str:
        for old, new in paths.items():
            code = code.replace(old, new)
        return code

    blocks = _blocks()
    langs = [lang for lang, _ in blocks]
    assert (langs.count("python"), langs.count("sql")) == (7, 6)
    namespace: dict[str, Any] = {}
    sql_results = []
    for lang, code in blocks:
        if lang == "python":
            exec(compile(here(code), str(DOC), "exec"), namespace)
        else:
            sql_results.append(duckdb.sql(here(code)).df())
    for i, sql in enumerate(sql_results[:5], start=1):
        answer = namespace[f"q{i}"]
        assert isinstance(answer, pd.DataFrame) and len(answer) > 0, f"question {i}: empty pandas answer"
        assert len(answer) == len(sql), f"question {i}: pandas {len(answer)} rows, SQL {len(sql)}"
    # same answers, not only the same sizes
    q1 = namespace["q1"].sort_values(["activity", "satker"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(q1, sql_results[0], check_dtype=False)
    q5 = namespace["q5"]
    assert set(q5["change"]) == {"added", "dropped", "rescheduled"}
    assert sorted(zip(q5["satker"], q5["change"], strict=True)) == sorted(
        zip(sql_results[4]["satker"], sql_results[4]["change"], strict=True)
    )
    partitions = sql_results[5]
    assert list(partitions["year"]) == [2022, 2023]
    assert partitions["rows"].sum() == len(pd.read_parquet(province_batch.out / "plan_rows.parquet"))
    views = namespace["views"]
    assert len(views.summary) == 10 and not views.yoy.empty
