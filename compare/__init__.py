"""Analyst views over the Parquet output: coverage, schedule, plan cards, year on year.

Reads the output directory of ``rencana extract`` (Parquet only; never the PDFs
and never :mod:`rencana.extract`).  In a notebook::

    from rencana.compare import build_views, load

    data = load("data/processed", province="35", year=2023)
    views = build_views(data)
    views.coverage, views.schedule, views.yoy
"""

from rencana.compare.activities import Template, activity_items, load_template, norm_text
from rencana.compare.load import CompareData, NoDocumentsError, load, read_output, select
from rencana.compare.report import Views, build_views, write_reports
from rencana.compare.views import (
    coverage_long,
    coverage_matrix,
    plan_cards,
    schedule,
    schedule_by_area,
    summary,
)
from rencana.compare.yoy import year_on_year, yoy_summary

__all__ = [
    "CompareData",
    "NoDocumentsError",
    "Template",
    "Views",
    "activity_items",
    "build_views",
    "coverage_long",
    "coverage_matrix",
    "load",
    "load_template",
    "norm_text",
    "plan_cards",
    "read_output",
    "schedule",
    "schedule_by_area",
    "select",
    "summary",
    "write_reports",
    "year_on_year",
    "yoy_summary",
]
