"""Year on year: what changed in a satker's plan between two of its decrees."""

from __future__ import annotations

import logging

import pandas as pd

from rencana.compare.activities import Level

log = logging.getLogger(__name__)

LABELS = ("area_no", "area", "kegiatan", "activity")
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


def _per_doc(items: pd.DataFrame, key: str, label: str) -> pd.DataFrame:
    """One line per (decree, activity): its labels and the union of its months."""
    first = items.drop_duplicates(["doc_id", key]).set_index(["doc_id", key])
    out = pd.DataFrame(
        {
            "area_no": first["area_no"],
            "area": first["area"],
            "kegiatan": first["kegiatan_label"],
            "activity": first[label],
            "months": first["months"],
        }
    )
    twice = items[items.duplicated(["doc_id", key], keep=False)]
    if len(twice):  # an activity on several rows of one decree: the union of their months
        union = {
            k: tuple(sorted({m for ms in g for m in ms})) for k, g in twice.groupby(["doc_id", key])["months"]
        }
        out["months"] = [union.get(k, m) for k, m in zip(out.index, out["months"], strict=True)]
    return out.rename_axis(["doc_id", "key"]).reset_index()


def _pairs(docs: pd.DataFrame, to_year: int | None) -> pd.DataFrame:
    """(satker, doc_from, doc_to, year_from, year_to) for consecutive plan years of each satker."""
    chosen = one_decree_per_year(docs).sort_values(["satker", "plan_year"])
    nxt = chosen.groupby("satker")[["doc_id", "plan_year"]].shift(-1)
    pairs = pd.DataFrame(
        {
            "satker": chosen["satker"],
            "doc_from": chosen["doc_id"],
            "doc_to": nxt["doc_id"],
            "year_from": chosen["plan_year"],
            "year_to": nxt["plan_year"],
        }
    ).dropna(subset=["doc_to"])
    pairs = pairs.astype({"year_from": int, "year_to": int})
    return pairs[pairs["year_to"] == to_year] if to_year is not None else pairs


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
    ``months_from`` / ``months_to`` are tuples of month numbers (None when absent).
    """
    key, label = ("sub_key", "sub_label") if level == "sub_kegiatan" else ("kegiatan_key", "kegiatan_label")
    pairs = _pairs(docs, to_year)
    if pairs.empty:
        return pd.DataFrame(columns=COLUMNS)
    acts = _per_doc(items[items["doc_id"].isin(set(pairs["doc_from"]) | set(pairs["doc_to"]))], key, label)
    ids = ["satker", "year_from", "year_to"]
    before = pairs.merge(acts, left_on="doc_from", right_on="doc_id")
    after = pairs.merge(acts, left_on="doc_to", right_on="doc_id")
    both = before[[*ids, "key", "area_no", "area", "kegiatan", "activity", "months"]].merge(
        after[[*ids, "key", "area_no", "area", "kegiatan", "activity", "months"]],
        on=[*ids, "key"],
        how="outer",
        suffixes=("_from", "_to"),
    )
    has_from, has_to = both["months_from"].notna(), both["months_to"].notna()
    same = [a == b for a, b in zip(both["months_from"], both["months_to"], strict=True)]
    change = [
        ADDED if not f else DROPPED if not t_ else UNCHANGED if s else RESCHEDULED
        for f, t_, s in zip(has_from, has_to, same, strict=True)
    ]
    frame = pd.DataFrame(
        {
            **{c: both[c] for c in ids},
            "change": change,
            **{
                c: both[f"{c}_to"].where(has_to, both[f"{c}_from"])
                for c in ("area_no", "area", "kegiatan", "activity")
            },
            "key": both["key"],
            "months_from": [
                tuple(m) if f else None for m, f in zip(both["months_from"], has_from, strict=True)
            ],
            "months_to": [tuple(m) if f else None for m, f in zip(both["months_to"], has_to, strict=True)],
        }
    )
    if not include_unchanged:
        frame = frame[frame["change"] != UNCHANGED]
    frame = frame.astype({"area_no": int})
    order = {c: i for i, c in enumerate(CHANGES)}
    frame = frame.assign(_o=frame["change"].map(order))
    frame = frame.sort_values(["satker", "year_to", "_o", "area_no", "activity"])
    return frame.drop(columns="_o").reset_index(drop=True)[COLUMNS]


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
