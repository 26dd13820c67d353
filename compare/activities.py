"""Which activity is a plan row?  Keys for comparing satkers' plans, and the template.

A plan row names a kegiatan (activity) and one or more sub kegiatan.  To line up
the same activity across satkers and years each row gets a *key*:

1. a canonical id column when the output has one (``kegiatan_id`` /
   ``sub_kegiatan_id``, added by vocabulary matching) and the row's id is set;
2. otherwise the id of the template entry whose normalised text equals the
   row's normalised text (when a template is given);
3. otherwise the normalised text itself, prefixed with the area number.

Normalised text is case-folded, the satker's own name becomes ``<satker>``,
years become ``<year>``, punctuation becomes space: "Pembentukan Tim RB KPU
Kota Banjar" and "… KPU Kabupaten Malang" are one activity.

The template (the juknis list of activities) is a CSV with the columns
``area_no, kegiatan_id, kegiatan, sub_kegiatan_id, sub_kegiatan`` (ids
optional, texts may hold ``<satker>`` and ``<year>``); without one, the
template is *observed*: every activity planned by at least ``min_support``
decrees of the selection.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

log = logging.getLogger(__name__)

Level = Literal["kegiatan", "sub_kegiatan"]
LEVELS: tuple[Level, ...] = ("kegiatan", "sub_kegiatan")
ID_COLUMNS: dict[Level, str] = {"kegiatan": "kegiatan_id", "sub_kegiatan": "sub_kegiatan_id"}
TEMPLATE_COLUMNS = ("area_no", "kegiatan_id", "kegiatan", "sub_kegiatan_id", "sub_kegiatan")

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PUNCT = re.compile(r"[^\w<>]+")
# "A; 2. B" — a cell holding several numbered sub kegiatan, as the normaliser joins them
_ITEM_SPLIT = re.compile(r";\s*(?=\d{1,2}\.\s)")
_ITEM_NUMBER = re.compile(r"^\d{1,2}\.\s+")


def norm_text(text: str | None, satker: str | None = None) -> str:
    """Comparable form of an activity text (idempotent)."""
    if not text:
        return ""
    out = str(text).casefold()
    if satker:
        out = out.replace(str(satker).casefold(), " <satker> ")
    out = _YEAR.sub(" <year> ", out)
    return " ".join(_PUNCT.sub(" ", out).split())


def head_text(normed: str) -> str:
    """The part before an enumerated list ("penyediaan sarana pelayanan a ruang tunggu b …")."""
    match = re.search(r"\s(?:a|1)\s", normed)
    return normed[: match.start()] if match else normed


def split_items(text: str | None) -> list[str]:
    """The sub kegiatan items of one cell ("A; 2. B" -> ["A", "B"])."""
    if not text:
        return [""]
    parts = [_ITEM_NUMBER.sub("", p.strip()) for p in _ITEM_SPLIT.split(str(text))]
    return [p for p in parts if p] or [""]


@dataclass(frozen=True, slots=True)
class Template:
    """The activities every satker is expected to plan, per level.

    ``frame`` has one row per sub kegiatan (or per kegiatan when the template
    has no sub kegiatan): area_no, kegiatan_key, kegiatan, sub_key, sub_kegiatan.
    ``source`` says where it came from ("file …", "observed").
    """

    frame: pd.DataFrame
    source: str

    def keys(self, level: Level) -> pd.DataFrame:
        """Distinct (area_no, key, label) of one level, in template order."""
        key, label = ("kegiatan_key", "kegiatan") if level == "kegiatan" else ("sub_key", "sub_kegiatan")
        out = self.frame[["area_no", key, label]].dropna(subset=[key]).drop_duplicates(subset=[key])
        return out.rename(columns={key: "key", label: "label"}).reset_index(drop=True)


def load_template(path: Path) -> Template:
    """Read a template CSV (see the module docstring); ids default to the normalised text."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"area_no", "kegiatan"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: template needs the columns area_no, kegiatan (missing {sorted(missing)})")
    for col in TEMPLATE_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    return Template(_template_frame(frame), f"file {Path(path).name}")


def _template_frame(frame: pd.DataFrame) -> pd.DataFrame:
    area = pd.to_numeric(frame["area_no"], errors="coerce").fillna(0).astype(int)
    keg_norm = [norm_text(t) for t in frame["kegiatan"]]
    sub_norm = [norm_text(t) for t in frame["sub_kegiatan"]]
    keg_key = [
        i if i else f"{a}|{n}" for i, a, n in zip(frame["kegiatan_id"], area, keg_norm, strict=True)
    ]
    sub_key = [
        (i if i else f"{a}|{n}") if n or i else None
        for i, a, n in zip(frame["sub_kegiatan_id"], area, sub_norm, strict=True)
    ]
    return pd.DataFrame(
        {
            "area_no": area,
            "kegiatan_key": keg_key,
            "kegiatan": frame["kegiatan"].astype(str),
            "kegiatan_norm": keg_norm,
            "sub_key": sub_key,
            "sub_kegiatan": frame["sub_kegiatan"].astype(str),
            "sub_norm": sub_norm,
        }
    )


def _has_ids(rows: pd.DataFrame, level: Level) -> bool:
    col = ID_COLUMNS[level]
    return col in rows.columns and bool(rows[col].notna().any())


def activity_items(rows: pd.DataFrame, docs: pd.DataFrame, template: Template | None = None) -> pd.DataFrame:
    """One row per (plan row, sub kegiatan item) with the activity keys of both levels.

    Columns: doc_id, row_no, area_no, area, kegiatan_key, kegiatan_label,
    sub_key, sub_label, kegiatan_in_template, sub_in_template (the last two
    null when no template decides it), months (tuple).
    """
    satker = docs.set_index("doc_id")["satker"].to_dict() if len(docs) else {}
    lookup: dict[tuple[str, int, str], tuple[str, str]] = {}
    if template is not None:
        for t in template.frame.itertuples(index=False):
            lookup.setdefault(("k", int(t.area_no), str(t.kegiatan_norm)), (str(t.kegiatan_key), t.kegiatan))
            if t.sub_key is not None:
                sub = (str(t.sub_key), str(t.sub_kegiatan))
                lookup.setdefault(("s", int(t.area_no), str(t.sub_norm)), sub)
                lookup.setdefault(("h", int(t.area_no), head_text(str(t.sub_norm))), sub)
    keg_ids = _has_ids(rows, "kegiatan")
    sub_ids = _has_ids(rows, "sub_kegiatan")
    records: list[dict[str, object]] = []
    for r in rows.itertuples(index=False):
        who = satker.get(r.doc_id)
        area_no = int(r.area_no) if pd.notna(r.area_no) else 0
        months = tuple(sorted(int(m) for m in r.months)) if r.months is not None else ()
        keg_text = str(r.kegiatan) if isinstance(r.kegiatan, str) else ""
        keg_norm = norm_text(keg_text, who)
        keg_key, keg_in = f"{area_no}|{keg_norm}", None
        keg_label = generic_label(keg_text, who)
        if keg_ids and isinstance(getattr(r, "kegiatan_id", None), str):
            keg_key, keg_in = str(r.kegiatan_id), True
        elif template is not None:
            hit = lookup.get(("k", area_no, keg_norm))
            keg_in = hit is not None
            if hit:
                keg_key, keg_label = hit
        sub_id = getattr(r, "sub_kegiatan_id", None) if sub_ids else None
        items = split_items(r.sub_kegiatan if isinstance(r.sub_kegiatan, str) else "")
        for item in items:
            sub_norm = norm_text(item, who)
            sub_key, sub_in, sub_label = f"{area_no}|{sub_norm}", None, generic_label(item, who)
            if isinstance(sub_id, str) and len(items) == 1:
                sub_key, sub_in = sub_id, True
            elif template is not None:
                hit = lookup.get(("s", area_no, sub_norm)) or lookup.get(("h", area_no, head_text(sub_norm)))
                sub_in = hit is not None
                if hit:
                    sub_key, sub_label = hit
            records.append(
                {
                    "doc_id": r.doc_id,
                    "row_no": int(r.row_no),
                    "area_no": area_no,
                    "area": r.area if isinstance(r.area, str) else "(area not recognised)",
                    "kegiatan_key": keg_key,
                    "kegiatan_label": _display(keg_label),
                    "sub_key": sub_key,
                    "sub_label": _display(sub_label),
                    "kegiatan_in_template": keg_in,
                    "sub_in_template": sub_in,
                    "months": months,
                }
            )
    columns = [
        "doc_id",
        "row_no",
        "area_no",
        "area",
        "kegiatan_key",
        "kegiatan_label",
        "sub_key",
        "sub_label",
        "kegiatan_in_template",
        "sub_in_template",
        "months",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def generic_label(text: str, satker: str | None) -> str:
    """A row's text as a label for every satker: its own name -> "<satker>", years -> "<year>"."""
    out = str(text)
    if satker:
        out = re.sub(re.escape(str(satker)), "<satker>", out, flags=re.IGNORECASE)
    return _YEAR.sub("<year>", out)


def _display(text: str) -> str:
    """Placeholders in labels, readable: "<satker>" -> "[satker]", "<year>" -> "[tahun]"."""
    return text.replace("<satker>", "[satker]").replace("<year>", "[tahun]")
