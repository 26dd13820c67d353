"""All views of one selection, built once, and the two report files written from them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rencana.compare.activities import ID_COLUMNS, Template, activity_items
from rencana.compare.load import CompareData
from rencana.compare.views import (
    coverage_long,
    coverage_matrix,
    plan_cards,
    schedule,
    schedule_by_area,
    summary,
)
from rencana.compare.yoy import UNCHANGED, year_on_year, yoy_summary

log = logging.getLogger(__name__)

HTML_NAME, XLSX_NAME = "compare.html", "compare.xlsx"


@dataclass(frozen=True, slots=True)
class Views:
    """Every view of the report, as DataFrames (see :mod:`rencana.compare.views`)."""

    summary: pd.DataFrame
    coverage: pd.DataFrame  # kegiatan x decrees
    coverage_sub: pd.DataFrame  # sub kegiatan x decrees
    coverage_long: pd.DataFrame  # (decree, sub kegiatan) with status
    schedule: pd.DataFrame  # decrees x months
    schedule_areas: pd.DataFrame  # areas x months (all decrees)
    schedule_area_decree: pd.DataFrame  # (area, decree) x months
    plan_cards: pd.DataFrame
    yoy: pd.DataFrame  # added / dropped / rescheduled
    yoy_summary: pd.DataFrame
    province: str | None
    focus_year: int | None
    years: list[int]
    template_source: str
    source_dir: str
    created: str


def build_views(data: CompareData, template: Template | None = None, min_support: int = 2) -> Views:
    """Compute every view of ``data`` (a selection from :func:`rencana.compare.load.load`)."""
    items = activity_items(data.rows, data.docs, template)
    history_items = activity_items(data.history_rows, data.history_docs, template)
    full_yoy = year_on_year(history_items, data.history_docs, to_year=data.focus_year, include_unchanged=True)
    sub_long = coverage_long(items, data.docs, "sub_kegiatan", template, min_support)
    if template is not None:
        source = f"template: {template.source}"
    elif any(c in data.rows.columns and data.rows[c].notna().any() for c in ID_COLUMNS):
        source = "template: the canonical activity ids of the vocabulary"
    else:
        source = f"template observed: activities planned by at least {min_support} decrees of this selection"
    return Views(
        summary=summary(data.docs, data.rows, data.corrections, items),
        coverage=coverage_matrix(coverage_long(items, data.docs, "kegiatan", template, min_support)),
        coverage_sub=coverage_matrix(sub_long),
        coverage_long=sub_long,
        schedule=schedule(data.rows, data.docs),
        schedule_areas=schedule_by_area(data.rows),
        schedule_area_decree=schedule_by_area(data.rows, data.docs),
        plan_cards=plan_cards(data.rows, data.docs),
        yoy=full_yoy[full_yoy["change"] != UNCHANGED].reset_index(drop=True),
        yoy_summary=yoy_summary(full_yoy),
        province=data.province,
        focus_year=data.focus_year,
        years=data.years,
        template_source=source,
        source_dir=str(data.out_dir),
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_reports(views: Views, out_dir: Path) -> tuple[Path, Path]:
    """Write ``compare.html`` and ``compare.xlsx`` into ``out_dir`` (atomically, each)."""
    from rencana.compare.report_html import write_html
    from rencana.compare.report_xlsx import write_xlsx

    out_dir = Path(out_dir)
    return write_html(views, out_dir / HTML_NAME), write_xlsx(views, out_dir / XLSX_NAME)
