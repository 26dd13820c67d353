"""Load the curated content in ``corpus/data/`` (activities, front matter, seed table)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SEED_MONTH_COLUMNS = tuple(str(m) for m in range(1, 13))


@dataclass(frozen=True, slots=True)
class SubItem:
    """One sub kegiatan template with its indicator phrases."""

    text: str
    parts: tuple[str, ...]
    ind: tuple[str, ...]
    when: str
    id: str = ""  # id in schema/vocabulary/activities.yaml


@dataclass(frozen=True, slots=True)
class KegiatanItem:
    text: str
    subs: tuple[SubItem, ...]
    id: str = ""
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AreaItem:
    no: int
    canonical: str
    printed: tuple[str, ...]  # first = canonical print
    kegiatan: tuple[KegiatanItem, ...]


@dataclass(frozen=True, slots=True)
class SeedRow:
    """One row of ``seed_table.tsv`` (No/Area/Kegiatan blank on continuation rows)."""

    no: str
    area: str
    kegiatan: str
    sub_kegiatan: str
    indikator: str
    months: tuple[int, ...]


def data_path(name: str) -> Path:
    """Path of a file in ``corpus/data``; a clear error if it is missing."""
    path = Path(str(resources.files("rencana.corpus"))) / "data" / name
    if not path.is_file():
        raise FileNotFoundError(f"corpus data file missing: {path}")
    return path


def _load_yaml(name: str) -> dict[str, Any]:
    with data_path(name).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=1)
def frontmatter() -> dict[str, Any]:
    """The parsed ``frontmatter.yaml`` (menimbang, mengingat, capitals, names)."""
    return _load_yaml("frontmatter.yaml")


@lru_cache(maxsize=1)
def areas() -> tuple[AreaItem, ...]:
    """The 8 RB areas with their kegiatan and sub kegiatan templates, in area order."""
    raw = _load_yaml("activities.yaml")["areas"]
    out = []
    for a in raw:
        kegs = tuple(
            KegiatanItem(
                text=str(k["text"]),
                subs=tuple(
                    SubItem(
                        text=str(s["text"]),
                        parts=tuple(str(p) for p in s.get("parts", ())),
                        ind=tuple(str(i) for i in s.get("ind", ())),
                        when=str(s.get("when", "range")),
                        id=str(s.get("id", "")),
                    )
                    for s in k["subs"]
                ),
                id=str(k.get("id", "")),
                variants=tuple(str(v) for v in k.get("variants", ())),
            )
            for k in a["kegiatan"]
        )
        out.append(
            AreaItem(int(a["area_no"]), str(a["canonical"]), tuple(str(p) for p in a["printed"]), kegs)
        )
    out.sort(key=lambda a: a.no)
    if [a.no for a in out] != list(range(1, 9)):
        raise ValueError("activities.yaml must define areas 1..8")
    return tuple(out)


@lru_cache(maxsize=1)
def typo_table() -> dict[str, tuple[str, ...]]:
    """Correct form -> printed misspellings, planted now and then."""
    raw = _load_yaml("activities.yaml").get("typos", {})
    return {str(k): tuple(str(v) for v in vs) for k, vs in raw.items()}


@lru_cache(maxsize=1)
def probe_phrases() -> tuple[str, ...]:
    """Correct phrases whose words are absent from the product lexicon (the false-correction probe)."""
    return tuple(str(p) for p in _load_yaml("activities.yaml").get("probe_phrases", ()))


@lru_cache(maxsize=1)
def catalogue_words() -> frozenset[str]:
    """Every word (lower case) of the catalogue's texts: a planted typo must not be one of them."""
    data = _load_yaml("activities.yaml")
    words: set[str] = set()

    def add(text: str) -> None:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text))

    for a in data["areas"]:
        for p in a["printed"]:
            add(str(p))
        for k in a["kegiatan"]:
            add(str(k["text"]))
            for v in k.get("variants", ()):
                add(str(v))
            for s in k["subs"]:
                for x in (s["text"], *s.get("parts", ()), *s.get("ind", ())):
                    add(str(x))
    for p in probe_phrases():
        add(p)
    return frozenset(words)


@lru_cache(maxsize=1)
def seed_truth() -> dict[str, Any]:
    """Canonical ids of the seed rows and the seed's misspellings (``seed_truth.yaml``)."""
    return _load_yaml("seed_truth.yaml")


@lru_cache(maxsize=1)
def seed_rows() -> tuple[SeedRow, ...]:
    """The seed decree's table rows (``seed_table.tsv``), months from the V columns."""
    rows = []
    with data_path("seed_table.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            months = tuple(m for m, col in enumerate(SEED_MONTH_COLUMNS, start=1) if r[col].strip())
            rows.append(
                SeedRow(
                    no=r["No"].strip(),
                    area=r["AREA PERUBAHAN"].strip(),
                    kegiatan=r["KEGIATAN"].strip(),
                    sub_kegiatan=r["SUB KEGIATAN"].strip(),
                    indikator=r["INDIKATOR KEBERHASILAN"].strip(),
                    months=months,
                )
            )
    return tuple(rows)
