"""All views of one selection, built once, and the two report files written from them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rencana.compare.activities import ID_COLUMNS, Template, activity_items
from rencana.compare.i18n import Lang, tr
from rencana.compare.load import CompareData
from rencana.compare.roster import roster
from rencana.compare.views import (
    coverage_long,
    coverage_matrix,
    plan_cards,
    problem_files,
    schedule,
    schedule_by_area,
    set_aside,
    summary,
)
from rencana.compare.yoy import UNCHANGED, year_on_year, yoy_summary

log = logging.getLogger(__name__)


def report_stem(province_code: str | None, year: int | None) -> str:
    """``compare-35-2023``: the province and the year in the name, so reports do not overwrite each other."""
    parts = ["compare", province_code or "all", str(year) if year else ""]
    return "-".join(p for p in parts if p)


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
    roster: pd.DataFrame  # every satker of the province: submitted or not
    problems: pd.DataFrame  # failed and partial files with their reason
    set_aside: pd.DataFrame  # other copies and replaced decrees, with the plan used
    files: int  # files read for this selection (plans, problem files, copies set aside)
    province: str | None
    province_code: str | None
    province_name: str | None
    focus_year: int | None
    years: list[int]
    template_source: str  # in English (notebooks); the report words it in its language from template_note
    template_note: tuple[str, str]  # (i18n key, value)
    source_dir: str
    created: str


def build_views(data: CompareData, template: Template | None = None, min_support: int = 2) -> Views:
    """Compute every view of ``data`` (a selection from :func:`rencana.compare.load.load`)."""
    items = activity_items(data.rows, data.docs, template)
    history_items = activity_items(data.history_rows, data.history_docs, template)
    full_yoy = year_on_year(history_items, data.history_docs, to_year=data.focus_year, include_unchanged=True)
    sub_long = coverage_long(items, data.docs, "sub_kegiatan", template, min_support)
    if template is not None:
        tmpl = ("tmpl.file", str(template.source))
    elif any(c in data.rows.columns and data.rows[c].notna().any() for c in ID_COLUMNS):
        tmpl = ("tmpl.ids", "")
    else:
        tmpl = ("tmpl.observed", str(min_support))
    source = tr("en", tmpl[0], value=tmpl[1])
    aside = set_aside(data.set_aside)
    return Views(
        summary=summary(data.docs, data.rows, data.corrections, items),
        roster=roster(data.province_code, data.focus_year, data.docs),
        problems=problem_files(data.docs),
        set_aside=aside,
        files=len(data.docs) + len(aside),
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
        province_code=data.province_code,
        province_name=data.province_name,
        focus_year=data.focus_year,
        years=data.years,
        template_source=source,
        template_note=tmpl,
        source_dir=str(data.out_dir),
        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_reports(views: Views, out_dir: Path, lang: Lang = "id") -> tuple[Path, Path]:
    """Write ``compare-<province>-<year>.html`` and ``.xlsx`` into ``out_dir`` (atomically, each)."""
    from rencana.compare.report_html import write_html
    from rencana.compare.report_xlsx import write_xlsx

    out_dir = Path(out_dir)
    stem = report_stem(views.province_code, views.focus_year)
    return (
        write_html(views, out_dir / f"{stem}.html", lang),
        write_xlsx(views, out_dir / f"{stem}.xlsx", lang),
    )
