"""Analyst views over the Parquet output: coverage, schedule, plan cards, year on year.

Reads the output directory of ``rencana extract`` (Parquet only; never the PDFs
and never :mod:`rencana.extract`).  In a notebook::

    from rencana.compare import build_views, load

    data = load("data/processed", province="35", year=2023)
    views = build_views(data)
    views.coverage, views.schedule, views.yoy

The names below are imported on first use (PEP 562): importing the package, as the
``rencana`` command line does to register ``compare``/``dataset``, costs no pandas.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    "activities": ("Template", "activity_items", "load_template", "norm_text"),
    "load": ("CompareData", "NoDocumentsError", "load", "read_output", "select"),
    "report": ("Views", "build_views", "write_reports"),
    "views": ("coverage_long", "coverage_matrix", "plan_cards", "schedule", "schedule_by_area", "summary"),
    "yoy": ("year_on_year", "yoy_summary"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

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


class _Package(types.ModuleType):
    """The package: importing the submodule ``load`` never hides the function ``load``.

    (Python binds a submodule on its package once imported; the eager package did that first
    and then re-bound the function, the lazy one must refuse it.)
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
