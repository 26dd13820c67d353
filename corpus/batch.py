"""A province batch: many satkers of one or two provinces, several plan years each.

Year one of a satker is a fresh plan drawn from the catalogue; every later year
starts from the year before, as satkers do (copy last year's decree, edit it):
some activities are dropped, some added, some moved to other months, the rest
kept as they were.  Besides each PDF's ``<stem>.truth.json`` the batch writes

* ``batch-truth.json`` (format ``rencana-batch-truth/1``): per decree the
  catalogue id of every row (the vocabulary id of ``activities.yaml`` such as
  ``MP.01.02``, or ``A.K.S`` positions when the catalogue has none) and its
  months; per satker and pair of years the activities added, dropped and
  rescheduled (with the months before and after);
* ``template.csv``: the catalogue as a ``rencana compare --template`` file.

Typos and paired sub kegiatan cells are off in a batch (the vocabulary work
measures typos); the preamble copy-paste name is planted as usual.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rencana.corpus.catalogue import AreaItem, areas
from rencana.corpus.content import (
    ROW_MARKS,
    _area_print,
    _DocStyle,
    _fill,
    _indikator,
    _sub_text,
    build_decree,
    months_for,
)
from rencana.corpus.layouts import sample_layout
from rencana.corpus.model import DecreeSpec, LayoutSpec, RowSpec, SatkerSpec
from rencana.corpus.render_canvas import render_canvas
from rencana.corpus.satkers import load_regions, satker_for
from rencana.corpus.truth import write_truth

FORMAT = "rencana-batch-truth/1"
TRUTH_NAME, TEMPLATE_NAME = "batch-truth.json", "template.csv"  # not *.truth.json: evaluate reads those
DROP_RATE, RESCHEDULE_RATE = 0.08, 0.15
ADD_RANGE = (1, 4)
SKIP_AREA_RATE = 0.04

Plan = dict[str, tuple[int, ...]]  # catalogue id "A.K.S" -> months


@dataclass(frozen=True, slots=True)
class BatchDoc:
    """One decree of the batch: its spec, layout, and the catalogue id of each row."""

    spec: DecreeSpec
    layout: LayoutSpec
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One activity that changed between two plan years of a satker."""

    satker: str
    year_from: int
    year_to: int
    change: str  # added | dropped | rescheduled
    id: str
    months_from: tuple[int, ...] | None
    months_to: tuple[int, ...] | None


def sub_id(a: int, k: int, s: int) -> str:
    return f"{a}.{k}.{s}"


def public_id(ident: str) -> str:
    """The id a sub kegiatan goes by in truth and template: the catalogue's own id, else its position."""
    a, k, s = _parse(ident)
    return getattr(areas()[a - 1].kegiatan[k - 1].subs[s - 1], "id", "") or ident


def public_kegiatan_id(ident: str) -> str:
    a, k, _ = _parse(ident)
    return getattr(areas()[a - 1].kegiatan[k - 1], "id", "") or f"{a}.{k}"


def _parse(ident: str) -> tuple[int, int, int]:
    a, k, s = (int(x) for x in ident.split("."))
    return a, k, s


def _order(ident: str) -> tuple[int, int, int]:
    return _parse(ident)


def province_codes(province: str, n: int | None, rng: random.Random) -> list[str]:
    """The provincial KPU and (a sample of ``n - 1`` of) the kab/kota of ``province`` (2-digit code)."""
    regions = [r for r in load_regions() if r.province_code == province and r.code_2022]
    prov = [r.code for r in regions if r.level == "provinsi"]
    if not prov:
        raise ValueError(f"unknown province code {province!r}")
    local = sorted(r.code for r in regions if r.level != "provinsi")
    if n is not None:
        local = sorted(rng.sample(local, min(len(local), max(0, n - 1))))
    return prov + local


# ---------------------------------------------------------------- plans
def first_plan(rng: random.Random) -> Plan:
    """A year-one plan: in each area 2-4 kegiatan, each with some of its sub kegiatan."""
    plan: Plan = {}
    for area in areas():
        if rng.random() < SKIP_AREA_RATE:
            continue
        n_keg = rng.randint(min(2, len(area.kegiatan)), min(4, len(area.kegiatan)))
        for k in sorted(rng.sample(range(len(area.kegiatan)), n_keg)):
            subs = area.kegiatan[k].subs
            for s in sorted(rng.sample(range(len(subs)), rng.randint(1, len(subs)))):
                plan[sub_id(area.no, k + 1, s + 1)] = months_for(rng, subs[s].when)
    return plan


def _when(ident: str) -> str:
    a, k, s = _parse(ident)
    return areas()[a - 1].kegiatan[k - 1].subs[s - 1].when


def _reschedule(rng: random.Random, ident: str, months: tuple[int, ...]) -> tuple[int, ...]:
    """Other months for an activity: shifted by one or two months, or planned afresh."""
    for _ in range(20):
        if months and rng.random() < 0.6:
            step = rng.choice((-2, -1, 1, 1, 2))
            new = tuple(sorted({min(12, max(1, m + step)) for m in months}))
        else:
            new = months_for(rng, _when(ident))
        if new != months and new:
            return new
    return (12,) if months != (12,) else (1,)


def next_plan(rng: random.Random, plan: Plan) -> Plan:
    """Next year's plan: drop some, reschedule some, add a few unused catalogue activities."""
    out: Plan = {}
    for ident in sorted(plan, key=_order):
        if rng.random() < DROP_RATE:
            continue
        months = plan[ident]
        out[ident] = _reschedule(rng, ident, months) if rng.random() < RESCHEDULE_RATE else months
    unused = [
        sub_id(a.no, k + 1, s + 1)
        for a in areas()
        for k, keg in enumerate(a.kegiatan)
        for s in range(len(keg.subs))
        if sub_id(a.no, k + 1, s + 1) not in plan
    ]
    for ident in rng.sample(unused, min(len(unused), rng.randint(*ADD_RANGE))):
        out[ident] = months_for(rng, _when(ident)) or (rng.randint(1, 12),)
    return dict(sorted(out.items(), key=lambda kv: _order(kv[0])))


def changes_between(satker: str, y0: int, p0: Plan, y1: int, p1: Plan) -> list[Change]:
    """The truth of what changed: set differences and month differences of the two plans."""
    out = []
    for ident in sorted(set(p0) | set(p1), key=_order):
        before, after = p0.get(ident), p1.get(ident)
        if before is None:
            kind = "added"
        elif after is None:
            kind = "dropped"
        elif before != after:
            kind = "rescheduled"
        else:
            continue
        out.append(Change(satker, y0, y1, kind, ident, before, after))
    return out


# ---------------------------------------------------------------- rows
def _style(seed: int, code: str) -> _DocStyle:
    """A satker's writing habits, the same every year; no typos, one sub kegiatan per row."""
    style = _DocStyle(random.Random(f"{seed}:style:{code}"))
    style.typo_rate = 0.0
    style.pair_rate = 0.0
    return style


def rows_for(
    rng: random.Random, plan: Plan, satker: SatkerSpec, year: int, style: _DocStyle
) -> list[RowSpec]:
    """Printable rows of a plan in catalogue order; kegiatan and sub kegiatan numbered per decree."""
    rows: list[RowSpec] = []
    who = satker.name
    by_area: dict[int, dict[int, list[int]]] = {}
    for ident in plan:
        a, k, s = _parse(ident)
        by_area.setdefault(a, {}).setdefault(k, []).append(s)
    for a, kegs in sorted(by_area.items()):
        area: AreaItem = areas()[a - 1]
        area_text = _area_print(rng, area, style)
        for keg_no, (k, subs) in enumerate(sorted(kegs.items()), start=1):
            keg = area.kegiatan[k - 1]
            label = _fill(keg.text, who, year)
            keg_text = f"{keg_no}. {label}" if style.kegiatan_numbered else label
            for sub_no, s in enumerate(sorted(subs), start=1):
                sub = keg.subs[s - 1]
                text = _sub_text(rng, sub, who, year, 0.0)
                ind_text, items = _indikator(rng, sub, who, year, style)
                ids = _row_ids(sub_id(a, k, s))
                rows.append(
                    RowSpec(
                        **ids,
                        area_no=a,
                        area_text=area_text,
                        area_canonical=area.canonical,
                        kegiatan_no=keg_no if style.kegiatan_numbered else None,
                        kegiatan_text=keg_text,
                        sub_kegiatan_no=sub_no if style.sub_numbered else None,
                        sub_kegiatan_text=f"{sub_no}. {text}" if style.sub_numbered else text,
                        indikator_text=ind_text,
                        indikator_items=tuple(items),
                        months=plan[sub_id(a, k, s)],
                        mark=rng.choice(ROW_MARKS),
                    )
                )
    return rows


def _row_ids(ident: str) -> dict[str, Any]:
    """Canonical ids for the row spec, when the model carries them (truth of the vocabulary matching)."""
    names = {f.name for f in dataclasses.fields(RowSpec)}
    out: dict[str, Any] = {}
    if "kegiatan_id" in names:
        out["kegiatan_id"] = public_kegiatan_id(ident)
    if "sub_kegiatan_ids" in names:
        out["sub_kegiatan_ids"] = (public_id(ident),)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plan_batch(
    provinces: Sequence[str], years: Sequence[int], seed: int, per_province: int | None = None
) -> tuple[list[BatchDoc], list[Change]]:
    """Every decree of the batch (deterministic per seed) and the truth of the year-on-year changes."""
    docs: list[BatchDoc] = []
    changes: list[Change] = []
    years = sorted(years)
    for prov in provinces:
        codes = province_codes(prov, per_province, random.Random(f"{seed}:codes:{prov}"))
        for code in codes:
            rng = random.Random(f"{seed}:plan:{code}")
            style = _style(seed, code)
            plan = first_plan(rng)
            prev: tuple[int, Plan] | None = None
            for year in years:
                if prev is not None:
                    plan = next_plan(rng, prev[1])
                satker = satker_for(code, year)
                doc_rng = random.Random(f"{seed}:doc:{code}:{year}")
                key = f"{seed}-{prov}-{_slug(satker.name)}-{year}"
                spec = build_decree(doc_rng, satker, year, key, n_rows=1)
                spec = dataclasses.replace(spec, rows=tuple(rows_for(doc_rng, plan, satker, year, style)))
                layout = sample_layout(random.Random(f"{seed}:layout:{code}:{year}"))
                docs.append(BatchDoc(spec, layout, tuple(plan)))
                if prev is not None:
                    changes.extend(changes_between(satker.name, prev[0], prev[1], year, plan))
                prev = (year, plan)
    return docs, changes


# ---------------------------------------------------------------- files
def template_rows() -> list[dict[str, str]]:
    """The catalogue as template rows (texts keep ``<satker>`` / ``<year>``; sub parts as a. b. …)."""
    out = []
    for a in areas():
        for k, keg in enumerate(a.kegiatan, start=1):
            for s, sub in enumerate(keg.subs, start=1):
                text = sub.text
                if sub.parts:
                    text += " : " + " ".join(f"{chr(97 + i)}. {p}" for i, p in enumerate(sub.parts))
                ident = sub_id(a.no, k, s)
                out.append(
                    {
                        "area_no": str(a.no),
                        "kegiatan_id": public_kegiatan_id(ident),
                        "kegiatan": keg.text,
                        "sub_kegiatan_id": public_id(ident),
                        "sub_kegiatan": text,
                    }
                )
    return out


def write_template(path: Path) -> Path:
    rows = template_rows()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def batch_truth(docs: Sequence[BatchDoc], changes: Sequence[Change], pdfs: Sequence[Path]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "documents": [
            {
                "source_file": pdf.name,
                "satker": d.spec.satker.name,
                "region_code": d.spec.satker.region_code,
                "plan_year": d.spec.plan_year,
                "rows": [
                    {
                        "row_no": i,
                        "area_no": _parse(ident)[0],
                        "id": public_id(ident),
                        "kegiatan_id": public_kegiatan_id(ident),
                        "months": list(r.months),
                    }
                    for i, (ident, r) in enumerate(zip(d.ids, d.spec.rows, strict=True), start=1)
                ],
            }
            for d, pdf in zip(docs, pdfs, strict=True)
        ],
        "changes": [
            {
                **dataclasses.asdict(c),
                "id": public_id(c.id),
                "months_from": list(c.months_from) if c.months_from is not None else None,
                "months_to": list(c.months_to) if c.months_to is not None else None,
            }
            for c in changes
        ],
    }


def generate_batch(
    out_dir: Path,
    provinces: Sequence[str],
    years: Sequence[int],
    seed: int = 7,
    per_province: int | None = None,
) -> list[Path]:
    """Render the batch with the canvas renderer; write truth files, batch truth and template."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs, changes = plan_batch(provinces, years, seed, per_province)
    pdfs = []
    for d in docs:
        pdf = out_dir / f"{d.spec.doc_key}.pdf"
        write_truth(d.spec, d.layout, render_canvas(d.spec, d.layout, pdf), "canvas")
        pdfs.append(pdf)
    truth = batch_truth(docs, changes, pdfs)
    (out_dir / TRUTH_NAME).write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    write_template(out_dir / TEMPLATE_NAME)
    return pdfs


def load_batch_truth(path: Path) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    return data
