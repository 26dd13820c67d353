"""Year on year: what changed in a satker's plan between two of its decrees."""

from __future__ import annotations

import logging

import pandas as pd

from rencana.compare.activities import Level
from rencana.compare.load import tuples

log = logging.getLogger(__name__)

ADDED, DROPPED, RESCHEDULED, UNCHANGED = "added", "dropped", "rescheduled", "unchanged"
CHANGES = (ADDED, DROPPED, RESCHEDULED, UNCHANGED)
COLUMNS = [
    "satker",
    "year_from",
    "year_to",
    "change",
    "area_no",
    "area",
    "kegiatan",
    "activity",
    "key",
    "months_from",
    "months_to",
]


def one_decree_per_year(docs: pd.DataFrame) -> pd.DataFrame:
    """The decree that stands for each (satker, plan year): the latest dated one with rows."""
    usable = docs[docs["satker"].notna() & docs["plan_year"].notna() & (docs["status"] != "failed")]
    order = usable.sort_values(["satker", "plan_year", "decree_date", "rows"], na_position="first")
    return order.drop_duplicates(["satker", "plan_year"], keep="last").reset_index(drop=True)


def _per_doc(items: pd.DataFrame, key: str, label: str) -> dict[str, pd.DataFrame]:
    agg = (
        items.groupby(["doc_id", key], sort=False)
        .agg(
            area_no=("area_no", "first"),
            area=("area", "first"),
            kegiatan=("kegiatan_label", "first"),
            activity=(label, "first"),
            months=("months", lambda s: tuple(sorted({int(m) for ms in s for m in ms}))),
        )
        .reset_index()
        .rename(columns={key: "key"})
    )
    return {str(doc): frame.set_index("key") for doc, frame in agg.groupby("doc_id", sort=False)}


def year_on_year(
    items: pd.DataFrame,
    docs: pd.DataFrame,
    level: Level = "sub_kegiatan",
    to_year: int | None = None,
    include_unchanged: bool = False,
) -> pd.DataFrame:
    """Activities added, dropped and rescheduled between consecutive plan years of each satker.

    ``items`` are the activity items of every year (not only the focus year);
    with ``to_year`` only the pairs ending in that year are compared.
    ``months_from`` / ``months_to`` are tuples of month numbers.
    """
    key, label = ("sub_key", "sub_label") if level == "sub_kegiatan" else ("kegiatan_key", "kegiatan_label")
    chosen = one_decree_per_year(docs)
    per_doc = _per_doc(items[items["doc_id"].isin(chosen["doc_id"])], key, label)
    empty = pd.DataFrame(columns=["area_no", "area", "kegiatan", "activity", "months"], index=pd.Index([]))
    out: list[dict[str, object]] = []
    for satker, group in chosen.groupby("satker", sort=True):
        years = group.sort_values("plan_year")
        pairs = list(zip(tuples(years), tuples(years.iloc[1:]), strict=False))
        for before, after in pairs:
            if to_year is not None and int(after.plan_year) != to_year:
                continue
            a = per_doc.get(before.doc_id, empty)
            b = per_doc.get(after.doc_id, empty)
            for k in sorted(set(a.index) | set(b.index)):
                src = b.loc[k] if k in b.index else a.loc[k]
                m_from = tuple(a.loc[k, "months"]) if k in a.index else None
                m_to = tuple(b.loc[k, "months"]) if k in b.index else None
                if m_from is None:
                    change = ADDED
                elif m_to is None:
                    change = DROPPED
                elif m_from != m_to:
                    change = RESCHEDULED
                else:
                    change = UNCHANGED
                if change == UNCHANGED and not include_unchanged:
                    continue
                out.append(
                    {
                        "satker": satker,
                        "year_from": int(before.plan_year),
                        "year_to": int(after.plan_year),
                        "change": change,
                        "area_no": int(src["area_no"]),
                        "area": src["area"],
                        "kegiatan": src["kegiatan"],
                        "activity": src["activity"],
                        "key": k,
                        "months_from": m_from,
                        "months_to": m_to,
                    }
                )
    frame = pd.DataFrame(out, columns=COLUMNS)
    order = {c: i for i, c in enumerate(CHANGES)}
    frame = frame.assign(_o=frame["change"].map(order))
    return (
        frame.sort_values(["satker", "year_to", "_o", "area_no", "activity"])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def yoy_summary(full: pd.DataFrame) -> pd.DataFrame:
    """Per satker and pair of years: counts of added, dropped, rescheduled and unchanged activities.

    ``full`` is :func:`year_on_year` with ``include_unchanged=True``.
    """
    keys = ["satker", "year_from", "year_to"]
    if full.empty:
        return pd.DataFrame(columns=[*keys, *CHANGES])
    counts = full.groupby([*keys, "change"]).size().unstack("change", fill_value=0)
    counts = counts.reindex(columns=list(CHANGES), fill_value=0)
    return counts.reset_index().rename_axis(columns=None)
