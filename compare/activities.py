"""Which activity is a plan row?  Keys for comparing satkers' plans, and the template.

A plan row names a kegiatan (activity) and one or more sub kegiatan.  To line up
the same activity across satkers and years each row gets a *key*:

1. a canonical id column when the output has one (``kegiatan_id`` /
   ``sub_kegiatan_ids``, added by vocabulary matching) and the row's id is set;
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
from typing import Any, Literal

import pandas as pd

from rencana.compare.load import tuples

log = logging.getLogger(__name__)

Level = Literal["kegiatan", "sub_kegiatan"]
LEVELS: tuple[Level, ...] = ("kegiatan", "sub_kegiatan")
ID_COLUMNS = ("kegiatan_id", "sub_kegiatan_ids", "sub_kegiatan_id")  # canonical ids, when the output has them
ITEM_COLUMNS = [
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
    keg_key = [i if i else f"{a}|{n}" for i, a, n in zip(frame["kegiatan_id"], area, keg_norm, strict=True)]
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


def _row_sub_ids(r: Any) -> list[str | None]:
    """Canonical ids of a row's sub kegiatan items (``sub_kegiatan_ids`` list or ``sub_kegiatan_id``)."""
    ids = getattr(r, "sub_kegiatan_ids", None)
    if ids is not None and not isinstance(ids, (str, float)):
        return [i if isinstance(i, str) and i else None for i in ids]
    one = getattr(r, "sub_kegiatan_id", None)
    return [one] if isinstance(one, str) and one else []


class _Lookup:
    """The template indexed by id and by normalised text (per area)."""

    def __init__(self, template: Template | None) -> None:
        self.keg_ids: dict[str, str] = {}
        self.sub_ids: dict[str, tuple[str, str, str]] = {}  # sub key -> (label, kegiatan key, label)
        # (kind, area_no, normalised text) -> (key, label, parent kegiatan key, parent label)
        self.text: dict[tuple[str, int, str], tuple[str, str, str, str]] = {}
        if template is None:
            return
        for t in tuples(template.frame):
            keg = (str(t.kegiatan_key), str(t.kegiatan))
            self.keg_ids.setdefault(keg[0], keg[1])
            self.text.setdefault(("k", int(t.area_no), str(t.kegiatan_norm)), (*keg, *keg))
            if t.sub_key is not None:
                self.sub_ids.setdefault(str(t.sub_key), (str(t.sub_kegiatan), *keg))
                sub = (str(t.sub_key), str(t.sub_kegiatan), *keg)
                self.text.setdefault(("s", int(t.area_no), str(t.sub_norm)), sub)
                self.text.setdefault(("h", int(t.area_no), head_text(str(t.sub_norm))), sub)


def activity_items(rows: pd.DataFrame, docs: pd.DataFrame, template: Template | None = None) -> pd.DataFrame:
    """One row per (plan row, sub kegiatan item) with the activity keys of both levels.

    Key of an item: its canonical id when the output has one (and, with a
    template, the template knows it); else the template entry of the same
    normalised text; else ``"<area_no>|<normalised text>"``.  A sub kegiatan
    matched in the template takes its kegiatan from the template too (more
    robust than a merged cell's text).

    Columns: doc_id, row_no, area_no, area, kegiatan_key, kegiatan_label,
    sub_key, sub_label, kegiatan_in_template, sub_in_template (null when
    neither a template nor an id decides it), months (tuple).
    """
    satker = docs.set_index("doc_id")["satker"].to_dict() if len(docs) else {}
    look = _Lookup(template)
    records: list[dict[str, object]] = []
    for r in tuples(rows):
        who = satker.get(r.doc_id)
        area_no = int(r.area_no) if pd.notna(r.area_no) else 0
        months = tuple(sorted(int(m) for m in r.months)) if r.months is not None else ()
        keg_text = str(r.kegiatan) if isinstance(r.kegiatan, str) else ""
        keg_norm = norm_text(keg_text, who)
        keg: tuple[str, str, bool | None] = (f"{area_no}|{keg_norm}", generic_label(keg_text, who), None)
        kid = getattr(r, "kegiatan_id", None)
        if isinstance(kid, str) and kid and (template is None or kid in look.keg_ids):
            keg = (kid, look.keg_ids.get(kid, keg[1]), True)
        elif template is not None:
            hit = look.text.get(("k", area_no, keg_norm))
            keg = (hit[0], hit[1], True) if hit else (keg[0], keg[1], False)
        text = r.sub_kegiatan if isinstance(r.sub_kegiatan, str) else ""
        items = split_items(text)
        ids = _row_sub_ids(r)
        if ids and len(ids) != len(items):  # the vocabulary split the cell otherwise: trust its ids
            items = [items[0] if len(items) == 1 else text] * len(ids)
        for item, sid in zip(items, ids or [None] * len(items), strict=True):
            sub_norm = norm_text(item, who)
            sub: tuple[str, str, bool | None] = (f"{area_no}|{sub_norm}", generic_label(item, who), None)
            parent = keg
            if sid and (template is None or sid in look.sub_ids):
                label, keg_key, keg_label = look.sub_ids.get(sid, (sub[1], keg[0], keg[1]))
                sub = (sid, label, True)
                if template is not None:
                    parent = (keg_key, keg_label, True)
            elif template is not None:
                hit = look.text.get(("s", area_no, sub_norm)) or look.text.get(
                    ("h", area_no, head_text(sub_norm))
                )
                sub = (hit[0], hit[1], True) if hit else (sub[0], sub[1], False)
                if hit:  # the template knows the sub kegiatan's parent: more robust than a merged cell
                    parent = (hit[2], hit[3], True)
            records.append(
                {
                    "doc_id": r.doc_id,
                    "row_no": int(r.row_no),
                    "area_no": area_no,
                    "area": r.area if isinstance(r.area, str) else "(area not recognised)",
                    "kegiatan_key": parent[0],
                    "kegiatan_label": _display(parent[1]),
                    "sub_key": sub[0],
                    "sub_label": _display(sub[1]),
                    "kegiatan_in_template": parent[2],
                    "sub_in_template": sub[2],
                    "months": months,
                }
            )
    return pd.DataFrame.from_records(records, columns=ITEM_COLUMNS)


def generic_label(text: str, satker: str | None) -> str:
    """A row's text as a label for every satker: its own name -> "<satker>", years -> "<year>"."""
    out = str(text)
    if satker:
        out = re.sub(re.escape(str(satker)), "<satker>", out, flags=re.IGNORECASE)
    return _YEAR.sub("<year>", out)


_DANGLING = re.compile(r"(?:\s+(?:di lingkungan|di|pada|untuk|tahun|ta\.?|,|-))+\s*$", re.IGNORECASE)


def _display(text: str) -> str:
    """A label for every satker, without placeholders: "Pembentukan Tim RB <satker> Tahun <year>"
    -> "Pembentukan Tim RB" (the satker and the year are those of the column or the card)."""
    out = text
    for mark in ("<satker>", "<year>"):
        while mark in out:
            head, _, tail = out.partition(mark)
            out = _DANGLING.sub("", head.rstrip()) + " " + tail.lstrip()
    return " ".join(out.split()).strip(" ,-") or "satker"
