"""Choose the label scorer, threshold and margin by measurement (docs/vocabulary.md quotes the output).

For every canonical kegiatan and sub-kegiatan name in ``schema/vocabulary/activities.yaml``
(office names filled in), two sets of queries:

* **positives**: the name with 1 or 2 typos planted by the corpus generator
  (:func:`rencana.corpus.typos.plant`, every kind, dropped words included) -- the match must
  find the entry;
* **leave-one-out negatives**: the exact name, matched against the vocabulary *without* its
  own entry -- a name the vocabulary lacks (a satker's own activity); any match is false.

Candidates are restricted as in the pipeline (kegiatan: the area's; sub-kegiatan: the
kegiatan's).  The label layer is measured alone (no word repairs first), which is harder than
in the pipeline.  Usage::

    python scripts/measure_matching.py --seed 1 --per-entry 6
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from rencana.corpus.catalogue import catalogue_words, typo_table
from rencana.corpus.typos import plant
from rencana.normalise.match import label_key
from rencana.normalise.vocabulary import load_vocabulary

SCORERS: dict[str, Callable[..., float]] = {
    "ratio": fuzz.ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "WRatio": fuzz.WRatio,
    "QRatio": fuzz.QRatio,
    "partial_ratio": fuzz.partial_ratio,
}
THRESHOLDS = (75.0, 80.0, 82.5, 85.0, 87.5, 90.0, 92.5, 95.0)
MARGINS = (0.0, 2.0, 4.0, 6.0, 8.0, 10.0)
OFFICES = ("KPU Kota Banjar", "KIP Kabupaten Aceh Besar", "KPU Provinsi Jawa Barat", "KPU RI")


def _queries(
    rng: random.Random, per_entry: int
) -> tuple[list[tuple[str, str, list[str]]], list[tuple[str, str, list[str]]]]:
    """(positives, negatives) as (query key, true id, scope ids)."""
    vocab = load_vocabulary()
    pos: list[tuple[str, str, list[str]]] = []
    neg: list[tuple[str, str, list[str]]] = []
    for k in vocab.kegiatan:
        area_scope = [x.id for x in vocab.kegiatan if x.area_id == k.area_id]
        entries: list[tuple[Any, list[str]]] = [(k, area_scope)]
        entries += [(s, [x.id for x in k.subs]) for s in k.subs]
        for e, scope in entries:
            office = rng.choice(OFFICES)
            name = e.canonical.replace("<satker>", office).replace("<year>", "2022")
            neg.append((label_key(name), e.id, [x for x in scope if x != e.id]))
            for _ in range(per_entry):
                text = name
                for _ in range(rng.choice((1, 1, 2))):
                    text, _t = plant(
                        rng,
                        text,
                        "sub_kegiatan",
                        protected=(office,),
                        known_words=catalogue_words(),
                        attested=typo_table(),
                        label=True,
                    )
                pos.append((label_key(text), e.id, scope))
    return pos, neg


def _forms() -> tuple[list[str], list[str]]:
    vocab = load_vocabulary()
    keys: list[str] = []
    owners: list[str] = []
    for e in (*vocab.kegiatan, *vocab.subs):
        for form in (e.canonical, *e.variants):
            keys.append(label_key(form))
            owners.append(e.id)
    return keys, owners


def _decide(row: np.ndarray, owners: Sequence[str], scope: set[str]) -> list[tuple[str, float]]:
    best: dict[str, float] = {}
    for j, sc in enumerate(row):
        o = owners[j]
        if o in scope and sc > best.get(o, -1.0):
            best[o] = float(sc)
    return sorted(best.items(), key=lambda kv: -kv[1])


def measure(seed: int, per_entry: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pos, neg = _queries(rng, per_entry)
    keys, owners = _forms()
    results = []
    for name, scorer in SCORERS.items():
        ps = process.cdist([q for q, _, _ in pos], keys, scorer=scorer, dtype=np.float32)
        ns = process.cdist([q for q, _, _ in neg], keys, scorer=scorer, dtype=np.float32)
        ranked_pos = [_decide(ps[i], owners, set(scope)) for i, (_, _, scope) in enumerate(pos)]
        ranked_neg = [_decide(ns[i], owners, set(scope)) for i, (_, _, scope) in enumerate(neg)]
        for t in THRESHOLDS:
            for m in MARGINS:
                right = wrong = false = 0
                for (_, want, _), r in zip(pos, ranked_pos, strict=True):
                    top, second = r[0] if r else ("", 0.0), r[1][1] if len(r) > 1 else 0.0
                    if top[1] >= t and top[1] - second >= m:
                        right += top[0] == want
                        wrong += top[0] != want
                for r in ranked_neg:
                    top2 = r[0][1] if r else 0.0
                    second = r[1][1] if len(r) > 1 else 0.0
                    false += top2 >= t and top2 - second >= m
                results.append(
                    {
                        "scorer": name,
                        "threshold": t,
                        "margin": m,
                        "recall": right / len(pos),
                        "wrong": wrong / len(pos),
                        "loo_false": false / len(neg),
                    }
                )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-entry", type=int, default=6, help="typo'd queries per vocabulary entry")
    ap.add_argument("--max-false", type=float, default=0.0, help="leave-one-out false matches allowed")
    args = ap.parse_args()
    results = measure(args.seed, args.per_entry)
    print(
        "| scorer | threshold | margin | recall (typo'd names) | wrong entry "
        "| false match (name not in vocabulary) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name in SCORERS:
        ok = [
            r
            for r in results
            if r["scorer"] == name and r["loo_false"] <= args.max_false and r["wrong"] <= 0.002
        ]
        best = max(ok, key=lambda r: (r["recall"], -r["loo_false"]), default=None)
        if best is None:
            print(f"| {name} | - | - | no setting within the limits | | |")
            continue
        print(
            f"| {name} | {best['threshold']:.1f} | {best['margin']:.0f} | {best['recall']:.2%} | "
            f"{best['wrong']:.2%} | {best['loo_false']:.2%} |"
        )
    print()
    print("fuzz.ratio around the chosen setting:")
    print("| threshold | margin | recall | wrong entry | false match |")
    print("|---:|---:|---:|---:|---:|")
    for r in results:
        if (
            r["scorer"] == "ratio"
            and r["threshold"] in (80.0, 82.5, 85.0, 87.5, 90.0)
            and r["margin"] in (0, 4, 6, 8)
        ):
            print(
                f"| {r['threshold']:.1f} | {r['margin']:.0f} | {r['recall']:.2%} | {r['wrong']:.2%} | "
                f"{r['loo_false']:.2%} |"
            )


if __name__ == "__main__":
    main()
