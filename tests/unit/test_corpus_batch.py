"""The province batch generator: satkers of a province, plan years, and the truth of the changes."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from rencana.corpus.__main__ import main
from rencana.corpus.batch import changes_between, first_plan, next_plan, plan_batch, province_codes
from rencana.corpus.catalogue import areas
from rencana.corpus.truth import load_truth


def test_a_batch_is_every_satker_for_every_year_and_deterministic() -> None:
    docs, changes = plan_batch(["35"], [2022, 2023, 2024], seed=3, per_province=4)
    assert len(docs) == 12
    per_satker = Counter(d.spec.satker.name for d in docs)
    assert set(per_satker.values()) == {3} and "KPU Provinsi Jawa Timur" in per_satker
    assert all(d.spec.satker.region_code.startswith("35") for d in docs)
    again, _ = plan_batch(["35"], [2022, 2023, 2024], seed=3, per_province=4)
    assert [d.spec for d in again] == [d.spec for d in docs]
    assert {(c.year_from, c.year_to) for c in changes} == {(2022, 2023), (2023, 2024)}


def test_changes_are_exactly_the_differences_between_the_plans() -> None:
    import random

    rng = random.Random(9)
    before = first_plan(rng)
    after = next_plan(rng, before)
    changes = changes_between("KPU X", 2022, before, 2023, after)
    kinds = {c.id: c.change for c in changes}
    assert {i for i, k in kinds.items() if k == "added"} == set(after) - set(before)
    assert {i for i, k in kinds.items() if k == "dropped"} == set(before) - set(after)
    moved = {i for i in set(before) & set(after) if before[i] != after[i]}
    assert {i for i, k in kinds.items() if k == "rescheduled"} == moved
    assert len(set(before) & set(after)) > len(moved), "most activities are kept as they were"


def test_rows_follow_the_plan_one_sub_kegiatan_per_row_and_no_typos() -> None:
    docs, _ = plan_batch(["32"], [2022], seed=5, per_province=3)
    for d in docs:
        assert len(d.spec.rows) == len(d.ids)
        for row in d.spec.rows:
            assert not re.search(r";\n\d+\. ", row.sub_kegiatan_text), "no paired sub kegiatan cells"
        assert [r.area_no for r in d.spec.rows] == sorted(r.area_no for r in d.spec.rows)


def test_unknown_province_is_an_error() -> None:
    import random

    with pytest.raises(ValueError, match="unknown province code '99'"):
        province_codes("99", None, random.Random(1))


def test_cli_province_mode_writes_pdfs_truth_batch_truth_and_template(tmp_path: Path) -> None:
    out = tmp_path / "batch"
    assert main(["generate", str(out), "--province", "35", "--years", "2022,2023", "--satkers", "1"]) == 0
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == [
        "7-35-kpu-provinsi-jawa-timur-2022.pdf",
        "7-35-kpu-provinsi-jawa-timur-2023.pdf",
    ]
    truth = json.loads((out / "batch-truth.json").read_text())
    assert truth["format"] == "rencana-batch-truth/1"
    for doc in truth["documents"]:
        rows = load_truth(out / doc["source_file"].replace(".pdf", ".truth.json"))["rows"]
        assert [r["months"] for r in rows] == [r["months"] for r in doc["rows"]]
    with (out / "template.csv").open(encoding="utf-8") as fh:
        template = list(csv.DictReader(fh))
    assert len(template) == sum(len(k.subs) for a in areas() for k in a.kegiatan)
    assert {r["sub_kegiatan_id"] for r in template} >= {r["id"] for r in doc["rows"]}
    assert main(["generate", str(out), "--province", "35", "--years", "20x2"]) == 2
