"""The analyst views as pure functions: DataFrames in, a new DataFrame out.

Every function takes the tables (or the activity items of
:func:`rencana.compare.activities.activity_items`) and never modifies them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from rencana.compare.activities import Level, Template
from rencana.compare.load import tuples
from rencana.schema.issues import IssueCode

log = logging.getLogger(__name__)

MONTHS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
QUARTERS = {"Q1": (1, 2, 3), "Q2": (4, 5, 6), "Q3": (7, 8, 9), "Q4": (10, 11, 12)}
AREA_COUNT = 8
TYPO_METHODS = ("fuzzy", "lexicon")
UNKNOWN_AREA = "(area not recognised)"

PRESENT, MISSING, EXTRA = "present", "missing", "extra"


def month_list(value: object) -> list[int]:
    """A ``months`` cell (list, array or None) as a sorted list of ints."""
    if value is None or isinstance(value, float):
        return []
    return sorted(int(m) for m in value)  # type: ignore[attr-defined]


def _flags(value: object) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    return [str(f) for f in value]  # type: ignore[attr-defined]


def _joined(values: Iterable[int]) -> str:
    return ", ".join(str(v) for v in values)


def flags_in(flags: Iterable[str], category: str) -> list[str]:
    """The flags of one issue category (``decree`` or ``reading``) that are worth a look (not info)."""
    out = []
    for flag in flags:
        code = flag.split(":", 1)[0]
        if code in IssueCode.__members__.values():
            spec = IssueCode(code).spec
            if spec.category == category and spec.severity != "info":
                out.append(flag)
    return out


# ---------------------------------------------------------------- summary
def summary(
    docs: pd.DataFrame, rows: pd.DataFrame, corrections: pd.DataFrame, items: pd.DataFrame
) -> pd.DataFrame:
    """One line per plan (files that failed are in :func:`problem_files`): identity, size,
    coverage of the 8 areas, schedule, decree problems apart from reading confidence."""
    out = []
    docs = docs[docs["status"] != "failed"]
    by_doc = dict(tuple(rows.groupby("doc_id", sort=False))) if len(rows) else {}
    items_by_doc = dict(tuple(items.groupby("doc_id", sort=False))) if len(items) else {}
    corr = dict(tuple(corrections.groupby("doc_id", sort=False))) if len(corrections) else {}
    for d in tuples(docs):
        r = by_doc.get(d.doc_id, rows.iloc[0:0])
        it = items_by_doc.get(d.doc_id, items.iloc[0:0])
        c = corr.get(d.doc_id, corrections.iloc[0:0])
        months = [month_list(m) for m in r["months"]] if len(r) else []
        areas = sorted({int(a) for a in r["area_no"].dropna() if 1 <= int(a) <= AREA_COUNT})
        flags = _flags(d.flags)
        preamble = [f.split(":", 1)[1] for f in flags if f.startswith("preamble_satker_mismatch:")]
        methods = c["method"] if "method" in c.columns else pd.Series([], dtype=object)
        out.append(
            {
                "label": d.label,
                "satker": d.satker,
                "satker_level": d.satker_level,
                "region_code": d.region_code,
                "province": d.province,
                "plan_year": None if pd.isna(d.plan_year) else int(d.plan_year),
                "decree_number": d.decree_number,
                "decree_date": d.decree_date,
                "status": d.status,
                "error": d.error,
                "rows": len(r),
                "areas_covered": len(areas),
                "missing_areas": _joined(a for a in range(1, AREA_COUNT + 1) if a not in areas)
                if len(r)
                else "",
                "kegiatan": int(it["kegiatan_key"].nunique()) if len(it) else 0,
                "sub_kegiatan": int(it["sub_key"].nunique()) if len(it) else 0,
                "months_active": len({m for ms in months for m in ms}),
                "activity_months": sum(len(ms) for ms in months),
                "rows_without_months": sum(1 for ms in months if not ms),
                "flags": len(flags),
                "flag_list": "; ".join(flags),
                "decree_issues": "; ".join(flags_in(flags, "decree")),
                "reading_issues": "; ".join(flags_in(flags, "reading")),
                "preamble_names": "; ".join(preamble),
                "corrections": len(c),
                "typo_fixes": int(methods.isin(TYPO_METHODS).sum()),
                "corrections_to_review": int(c["needs_review"].fillna(False).astype(bool).sum())
                if len(c)
                else 0,
            }
        )
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    return frame.sort_values(["satker", "plan_year", "label"], na_position="last").reset_index(drop=True)


def _names(value: object) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def problem_files(docs: pd.DataFrame) -> pd.DataFrame:
    """Files not read in full (failed or partial): file name, other names, satker, status, reason."""
    bad = docs[docs["status"] != "ok"]
    out = [
        {
            "file": Path(str(d.source_file)).name,
            "other_names": ", ".join(Path(n).name for n in _names(d.source_files)[1:]),
            "label": d.label,
            "status": d.status,
            "reason": d.reason,
            "error": d.error,
        }
        for d in tuples(bad)
    ]
    columns = ["file", "other_names", "label", "status", "reason", "error"]
    return pd.DataFrame(out, columns=columns).sort_values(["status", "file"]).reset_index(drop=True)


def set_aside(aside: pd.DataFrame | None) -> pd.DataFrame:
    """Copies set aside: file, the decree's label and number, why (duplicate / superseded), plan used."""
    columns = ["file", "label", "decree_number", "why", "kept_label"]
    if aside is None or aside.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {
            "file": aside["source_file"].map(lambda s: Path(str(s)).name),
            "label": aside["label"],
            "decree_number": aside["decree_number"],
            "why": ["duplicate" if pd.notna(d) else "superseded" for d in aside["duplicate_of"]],
            "kept_label": aside["kept_label"],
        }
    )
    return frame.sort_values(["label", "file"]).reset_index(drop=True)[columns]


# ---------------------------------------------------------------- coverage
def coverage_long(
    items: pd.DataFrame,
    docs: pd.DataFrame,
    level: Level = "kegiatan",
    template: Template | None = None,
    min_support: int = 2,
) -> pd.DataFrame:
    """One line per (decree, activity) that is planned or expected: status present / missing / extra.

    An activity is *expected* when it is in the template: the given one, or the
    canonical ids, or else the observed template (planned by at least
    ``min_support`` decrees of the selection).  Expected and not planned =
    ``missing``; planned and not expected = ``extra``.
    """
    key, label, flag = (
        ("kegiatan_key", "kegiatan_label", "kegiatan_in_template")
        if level == "kegiatan"
        else ("sub_key", "sub_label", "sub_in_template")
    )
    compared = docs[docs["doc_id"].isin(items["doc_id"])][["doc_id", "label", "satker"]]
    planned = (
        items.groupby(["doc_id", key], sort=False)
        .agg(rows=("row_no", "nunique"), activity=(label, "first"), area_no=("area_no", "first"))
        .reset_index()
        .rename(columns={key: "key"})
    )
    acts = (
        items.groupby(key, sort=False)
        .agg(
            area_no=("area_no", "first"),
            area=("area", "first"),
            activity=(label, lambda s: s.mode().iloc[0]),
            flagged=(flag, lambda s: bool(s.fillna(False).astype(bool).any())),
        )
        .reset_index()
        .rename(columns={key: "key"})
    )
    acts["support"] = acts["key"].map(planned.groupby("key")["doc_id"].nunique()).fillna(0).astype(int)
    if template is not None:
        tmpl = template.keys(level)
        missing_acts = tmpl[~tmpl["key"].isin(acts["key"])].assign(
            area=None, flagged=True, support=0, activity=lambda f: f["label"]
        )
        acts["in_template"] = acts["key"].isin(tmpl["key"])
        missing_acts = missing_acts.assign(in_template=True).drop(columns=["label"])
        acts = pd.concat([acts, missing_acts], ignore_index=True)
    elif items[flag].notna().any():  # canonical ids: unmatched rows are extras
        acts["in_template"] = acts["flagged"]
    else:
        acts["in_template"] = acts["support"] >= min(min_support, max(1, len(compared)))
    area_names = items.groupby("area_no")["area"].first().to_dict()
    acts["area"] = acts["area_no"].map(area_names).fillna(UNKNOWN_AREA)
    acts = acts.drop(columns=["flagged"])
    grid = compared.merge(acts, how="cross")
    grid = grid.merge(planned[["doc_id", "key", "rows"]], on=["doc_id", "key"], how="left")
    grid["rows"] = grid["rows"].fillna(0).astype(int)
    grid["status"] = [
        (PRESENT if t else EXTRA) if n else (MISSING if t else "")
        for n, t in zip(grid["rows"], grid["in_template"], strict=True)
    ]
    grid = grid[grid["status"] != ""]
    cols = ["doc_id", "label", "satker", "area_no", "area", "key", "activity", "in_template"]
    return grid[[*cols, "support", "rows", "status"]].reset_index(drop=True)


def coverage_matrix(long: pd.DataFrame) -> pd.DataFrame:
    """Activities (rows) x decrees (columns): rows planned, 0 = missing, empty = not expected.

    Fixed columns first: area_no, area, activity, key, in_template, planned_by,
    missing_in.  Within each area the activities most often missing come first,
    extras last; decrees with the most gaps come first.
    """
    fixed = ["area_no", "area", "activity", "key", "in_template"]
    if long.empty:
        return pd.DataFrame(columns=[*fixed, "planned_by", "missing_in"])
    values = long.pivot_table(index="key", columns="label", values="rows", aggfunc="sum")
    meta = long.drop_duplicates("key").set_index("key")[[*fixed[:3], "in_template"]]
    planned_by = long[long["rows"] > 0].groupby("key")["doc_id"].nunique()
    missing_in = long[long["status"] == MISSING].groupby("key")["doc_id"].nunique()
    gaps = long[long["status"] == MISSING].groupby("label")["doc_id"].size()
    labels = sorted(values.columns, key=lambda c: (-int(gaps.get(c, 0)), str(c)))
    frame = meta.join(values[labels])
    frame.insert(4, "planned_by", planned_by.reindex(frame.index).fillna(0).astype(int))
    frame.insert(5, "missing_in", missing_in.reindex(frame.index).fillna(0).astype(int))
    frame = frame.reset_index()
    frame = frame.sort_values(
        ["area_no", "in_template", "missing_in", "activity"], ascending=[True, False, False, True]
    )
    return frame[[*fixed, "planned_by", "missing_in", *labels]].reset_index(drop=True)


# ---------------------------------------------------------------- schedule
def _month_counts(months: pd.Series) -> dict[str, int]:
    counts = dict.fromkeys(MONTHS, 0)
    for value in months:
        for m in month_list(value):
            if m in counts:
                counts[m] += 1
    out: dict[str, int] = {MONTH_NAMES[m - 1]: n for m, n in counts.items()}
    for q, ms in QUARTERS.items():
        out[q] = sum(counts[m] for m in ms)
    out["total"] = sum(counts.values())
    return out


def schedule(rows: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Decrees x months: how many plan rows are scheduled in each month; quarter and year totals.

    Quarter columns add up the month cells (activity-months); ``rows`` and
    ``rows_without_months`` count plan rows.
    """
    compared = docs[docs["doc_id"].isin(rows["doc_id"])]
    by_doc = dict(tuple(rows.groupby("doc_id", sort=False))) if len(rows) else {}
    out = []
    for d in tuples(compared):
        r = by_doc[d.doc_id]
        empty = sum(1 for m in r["months"] if not month_list(m))
        out.append(
            {"label": d.label, **_month_counts(r["months"]), "rows": len(r), "rows_without_months": empty}
        )
    return pd.DataFrame(out).sort_values("label").reset_index(drop=True) if out else pd.DataFrame(out)


def schedule_by_area(rows: pd.DataFrame, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Areas x months over all the given rows (or, with ``docs``, areas x decrees x months)."""
    rows = rows.assign(area_no=rows["area_no"].fillna(0).astype(int), area=rows["area"].fillna(UNKNOWN_AREA))
    keys = ["area_no", "area"]
    if docs is not None:
        rows = rows.merge(docs[["doc_id", "label"]], on="doc_id")
        keys.append("label")
    out = [
        {**dict(zip(keys, k if isinstance(k, tuple) else (k,), strict=True)), **_month_counts(g["months"])}
        for k, g in rows.groupby(keys, sort=True)
    ]
    return pd.DataFrame(out)


# ---------------------------------------------------------------- plan cards
def plan_cards(rows: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Every plan row of the decrees with one boolean column per month, in document order."""
    keep = ["doc_id", "label", "satker", "plan_year", "decree_number"]
    frame = rows.merge(docs[keep], on="doc_id").sort_values(["label", "row_no"])
    months = frame["months"].map(month_list)
    out = pd.DataFrame(
        {
            "doc_id": frame["doc_id"],  # the row's picture (rencana show) is named by it
            "label": frame["label"],
            "satker": frame["satker"],
            "plan_year": frame["plan_year"],
            "decree_number": frame["decree_number"],
            "row_no": frame["row_no"],
            "area_no": frame["area_no"],
            "area": frame["area"],
            "kegiatan": frame["kegiatan"],
            "sub_kegiatan": frame["sub_kegiatan"],
            "indikator": frame["indikator"].map(
                lambda v: "; ".join(str(x) for x in v) if v is not None else ""
            ),
        }
    )
    for m in MONTHS:
        out[MONTH_NAMES[m - 1]] = [m in ms for ms in months]
    out["months"] = months.map(len)
    return out.reset_index(drop=True)
