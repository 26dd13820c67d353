"""The analyst views against the generator's truth (not against their own output).

The batch: 2 provinces x 10 satkers x 2 plan years, extracted by the real
pipeline.  ``batch-truth.json`` holds the catalogue id and months of every
row and the activities added, dropped and rescheduled per satker.  Views are
checked exactly on the decrees the extractor read exactly (``clean``: at least
90 % of them); the extractor's own errors are measured by its tests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest
from batch_support import Batch, clean_sources, label_of, truth_docs

from rencana.compare import NoDocumentsError, Views, build_views, load, load_template
from rencana.compare.activities import ID_COLUMNS
from rencana.compare.views import MONTH_NAMES, QUARTERS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def views(province_batch: Batch) -> Views:
    return build_views(load(province_batch.out), load_template(province_batch.template))


@pytest.fixture(scope="module")
def clean(province_batch: Batch) -> set[str]:
    names = clean_sources(province_batch)
    assert len(names) >= 0.9 * len(province_batch.docs), f"extractor read only {len(names)} decrees exactly"
    return names


def test_the_batch_is_two_provinces_two_years_forty_decrees(province_batch: Batch) -> None:
    docs = truth_docs(province_batch)
    assert len(docs) >= 40
    assert {d["region_code"][:2] for d in docs} == {"35", "32"}
    years = Counter(d["satker"] for d in docs)
    assert set(years.values()) == {2}, "every satker has a decree for both plan years"
    kinds = Counter(c["change"] for c in province_batch.truth["changes"])
    assert kinds["added"] and kinds["dropped"] and kinds["rescheduled"]


def test_coverage_matrix_matches_truth(views: Views, province_batch: Batch, clean: set[str]) -> None:
    template_subs = set(views.coverage_sub.loc[views.coverage_sub["in_template"], "key"])
    template_kegs = set(views.coverage.loc[views.coverage["in_template"], "key"])
    catalogue = pd.read_csv(province_batch.template, dtype=str)
    assert template_subs == set(catalogue["sub_kegiatan_id"])
    assert template_kegs == set(catalogue["kegiatan_id"])
    sub = views.coverage_sub.set_index("key")
    keg = views.coverage.set_index("key")
    assert len(truth_docs(province_batch, year=2023)) == 20
    focus = truth_docs(province_batch, year=2023, only=clean)
    assert len(focus) >= 17
    for doc in focus:
        label = label_of(doc)
        want_sub = Counter(r["id"] for r in doc["rows"])
        want_keg = Counter(r["kegiatan_id"] for r in doc["rows"])
        got_sub = {k: int(n) for k, n in sub[label].items() if n > 0}  # extras included
        got_keg = {k: int(n) for k, n in keg[label].items() if n > 0}
        assert got_sub == dict(want_sub), label
        assert got_keg == dict(want_keg), label
        assert {k for k, n in sub[label].items() if n == 0} == template_subs - set(want_sub), label
        assert {k for k, n in keg[label].items() if n == 0} == template_kegs - set(want_keg), label


def test_coverage_is_sorted_so_gaps_stand_out(views: Views) -> None:
    cov = views.coverage
    assert list(cov["area_no"]) == sorted(cov["area_no"])
    for _, area in cov.groupby("area_no"):
        assert list(area["missing_in"]) == sorted(area["missing_in"], reverse=True)
    gaps = [int((cov[c] == 0).sum()) for c in cov.columns[7:]]
    assert gaps == sorted(gaps, reverse=True), "the decrees with the most gaps come first"


def test_month_counts_match_truth(views: Views, province_batch: Batch, clean: set[str]) -> None:
    sched = views.schedule.set_index("label")
    areas = views.schedule_area_decree.set_index(["label", "area_no"])
    for doc in truth_docs(province_batch, year=2023, only=clean):
        label = label_of(doc)
        months = [r["months"] for r in doc["rows"]]
        for m, name in enumerate(MONTH_NAMES, start=1):
            assert sched.loc[label, name] == sum(m in ms for ms in months), (label, name)
        for q, ms in QUARTERS.items():
            assert sched.loc[label, q] == sum(len(set(ms) & set(r)) for r in months), (label, q)
        assert sched.loc[label, "rows_without_months"] == sum(not ms for ms in months)
        assert sched.loc[label, "rows"] == len(months)
        by_area: Counter[tuple[int, int]] = Counter()
        for r in doc["rows"]:
            for m in r["months"]:
                by_area[(r["area_no"], m)] += 1
        for area_no in {r["area_no"] for r in doc["rows"]}:
            for m, name in enumerate(MONTH_NAMES, start=1):
                assert areas.loc[(label, area_no), name] == by_area[(area_no, m)], (label, area_no, m)
    totals = views.schedule_areas[list(MONTH_NAMES)].sum()
    assert list(totals) == list(views.schedule[list(MONTH_NAMES)].sum()), "areas add up to the satkers"


def _months(change: dict[str, Any]) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None]:
    a, b = change["months_from"], change["months_to"]
    return (tuple(a) if a is not None else None, tuple(b) if b is not None else None)


def _clean_satkers(batch: Batch, clean: set[str]) -> set[str]:
    """Satkers whose decrees of both years were read exactly."""
    per = Counter(d["satker"] for d in truth_docs(batch, only=clean))
    return {s for s, n in per.items() if n == 2}


def test_year_on_year_changes_match_truth(views: Views, province_batch: Batch, clean: set[str]) -> None:
    satkers = _clean_satkers(province_batch, clean)
    assert len(satkers) >= 16
    want = {
        (c["satker"], c["year_from"], c["year_to"], c["change"], c["id"], *_months(c))
        for c in province_batch.truth["changes"]
        if c["satker"] in satkers
    }
    got = {
        (r.satker, r.year_from, r.year_to, r.change, r.key, r.months_from, r.months_to)
        for r in views.yoy.itertuples(index=False)
        if r.satker in satkers
    }
    assert got == want
    assert len(views.yoy_summary) == 20, "every satker has a pair of years"
    # unchanged = in both years with the same months
    plans: dict[tuple[str, int], dict[str, tuple[int, ...]]] = {}
    for doc in truth_docs(province_batch):
        plans[(doc["satker"], doc["plan_year"])] = {r["id"]: tuple(r["months"]) for r in doc["rows"]}
    for row in views.yoy_summary[views.yoy_summary["satker"].isin(satkers)].itertuples(index=False):
        a, b = plans[(row.satker, row.year_from)], plans[(row.satker, row.year_to)]
        assert row.unchanged == sum(1 for k in a if k in b and a[k] == b[k]), row.satker
        assert row.added == len(set(b) - set(a)) and row.dropped == len(set(a) - set(b))


def test_summary_matches_truth(views: Views, province_batch: Batch, clean: set[str]) -> None:
    summary = views.summary.set_index("label")
    for doc in truth_docs(province_batch, year=2023, only=clean):
        line: Any = summary.loc[label_of(doc)]
        areas = {r["area_no"] for r in doc["rows"]}
        assert line["rows"] == len(doc["rows"])
        assert line["areas_covered"] == len(areas)
        assert line["sub_kegiatan"] == len({r["id"] for r in doc["rows"]})
        assert line["kegiatan"] == len({r["kegiatan_id"] for r in doc["rows"]})
        assert line["months_active"] == len({m for r in doc["rows"] for m in r["months"]})
        pdf_truth = province_batch.docs[doc["source_file"]]["document"]
        assert line["decree_number"].replace(" ", "") == pdf_truth["decree_number"].replace(" ", "")
        if pdf_truth["other_satker_in_preamble"]:
            assert pdf_truth["other_satker_in_preamble"] in line["preamble_names"]


def test_observed_template_finds_the_same_changes(province_batch: Batch, clean: set[str]) -> None:
    """No template file: activities keyed by their normalised text, the template observed."""
    data = load(province_batch.out, province="35")
    data = replace(data, rows=data.rows.drop(columns=list(ID_COLUMNS), errors="ignore"))
    views = build_views(data)
    assert views.template_source.startswith("template observed")
    satkers = _clean_satkers(province_batch, clean) & set(views.summary["satker"])
    want = [c for c in province_batch.truth["changes"] if c["satker"] in satkers]
    got = views.yoy[views.yoy["satker"].isin(satkers)]
    assert Counter(zip(got["satker"], got["change"], strict=True)) == Counter(
        (c["satker"], c["change"]) for c in want
    )
    long = views.coverage_long
    for doc in truth_docs(province_batch, year=2023, province="35", only=clean):
        planned = long[(long["label"] == label_of(doc)) & (long["rows"] > 0)]
        assert len(planned) == len({r["id"] for r in doc["rows"]}), label_of(doc)


def test_selection_by_province_and_year(province_batch: Batch) -> None:
    data = load(province_batch.out, province="Jawa Barat", year=2022)
    assert set(data.docs["plan_year"]) == {2022} and set(data.docs["province_code"]) == {"32"}
    assert data.years == [2022, 2023]
    views = build_views(data)
    assert len(views.summary) == 10
    assert views.yoy.empty and views.yoy_summary.empty, "no 2021 decree to compare 2022 with"
    with pytest.raises(NoDocumentsError, match="no decree of province '99'"):
        load(province_batch.out, province="99")
    with pytest.raises(NoDocumentsError, match=r"no decree for plan year 2019 .*years present: 2022, 2023"):
        load(province_batch.out, year=2019)
