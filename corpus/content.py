"""Decree content: front matter and action-plan rows, drawn from ``corpus/data``.

Everything here is a pure function of the ``random.Random`` it is given, so a
seed fixes the document.  Rendering is elsewhere (``render_canvas``, ``render_docx``).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence

from rencana.corpus.catalogue import (
    AreaItem,
    KegiatanItem,
    SubItem,
    areas,
    catalogue_words,
    frontmatter,
    probe_phrases,
    seed_rows,
    seed_truth,
    typo_table,
)
from rencana.corpus.model import DecreeSpec, MarkStyle, RowSpec, SatkerSpec
from rencana.corpus.openworld import new_activity, paraphrase
from rencana.corpus.satkers import load_regions, satker_body_title, satker_for
from rencana.corpus.textitems import break_items, leading_number, split_items
from rencana.corpus.typos import KINDS, LABEL_ONLY, OPEN_KINDS, Typo, plant

MIN_ROWS, MAX_ROWS = 25, 60
ROW_MARKS: tuple[MarkStyle, ...] = ("V", "V", "v", "√", "✓")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PARAPHRASE_RATE = 0.35  # open world: share of vocabulary sub kegiatan printed in other words
OTHER_PARTS = ("menimbang", "mengingat", "diktum")  # open world: where the other satker is named
NEW_ACTIVITY_RATE = 0.12  # open world: share of sub kegiatan the vocabulary does not hold


# ---------------------------------------------------------------- months
def months_for(rng: random.Random, when: str) -> tuple[int, ...]:
    """A realistic schedule for a sub kegiatan of kind ``when`` (sorted months 1..12)."""
    if rng.random() < 0.03:
        return ()
    if when == "early":
        start = rng.choice((1, 1, 2, 3))
        return tuple(range(start, start + rng.choice((1, 1, 2, 3))))
    if when == "quarterly":
        return rng.choice(
            ((3, 6, 9, 12), (3, 6, 9, 12), (1, 4, 7, 10), (4, 7, 10), (3, 6, 9), (4, 7, 10, 12))
        )
    if when == "semester":
        return rng.choice(((6, 12), (6, 12), (7,), (1, 7), (6, 7, 12), (5, 11)))
    if when == "monthly":
        start = rng.choice((1, 1, 1, 2, 3, 4))
        return tuple(range(start, 13))
    if when == "late":
        start = rng.choice((9, 10, 10, 11, 12))
        return tuple(range(start, min(12, start + rng.choice((0, 1, 2))) + 1))
    if when == "twice":
        first = rng.randint(1, 6)
        return (first, min(12, first + rng.choice((3, 4, 5, 6))))
    if when == "single":
        return (rng.randint(1, 12),)
    start = rng.randint(1, 10)  # "range" and anything else
    return tuple(range(start, min(12, start + rng.randint(1, 6)) + 1))


# ---------------------------------------------------------------- text helpers
def _fill(text: str, who: str, year: int) -> str:
    return text.replace("<satker>", who).replace("<year>", str(year))


def _legacy_draws(rng: random.Random, text: str, rate: float) -> None:
    """Consume the main stream exactly as the former attested-typo step did.

    Typos are now planted from a side stream (:attr:`_DocStyle.side`); drawing here what the
    former step drew keeps every other choice of a seeded document (rows, months, names) as it was.
    """
    if rng.random() >= rate:
        return
    keys = [k for k in typo_table() if k in text]
    if keys:
        rng.choice(typo_table()[rng.choice(keys)])


def _plant(
    rng: random.Random,
    text: str,
    field: str,
    rate: float,
    who: str,
    label: bool,
    keep: str = "",
    kinds: tuple[str, ...] = KINDS,
) -> tuple[str, list[Typo]]:
    """Now and then plant one typo (sometimes a second) of a random kind; the truth of each."""
    typos: list[Typo] = []
    if rate <= 0 or rng.random() >= rate:
        return text, typos
    for _ in range(1 + (rng.random() < 0.25)):
        text, typo = plant(
            rng,
            text,
            field,
            protected=(who, keep, *(t.wrong for t in typos)),
            known_words=catalogue_words(),
            attested=typo_table(),
            label=label,
            kinds=kinds,
        )
        if typo is not None:
            typos.append(typo)
    return text, typos


def keep_label_only(clean: str, typos: list[Typo]) -> str:
    """The text as it should read: a dropped word stays dropped (words are never added back)."""
    for t in typos:
        if t.kind in LABEL_ONLY:
            clean = clean.replace(t.right, t.wrong, 1)
    return clean


def _numbered(items: Sequence[str], style: str, first: int = 1) -> str:
    """Join items as "1. …\\n2. …" ("num"), "a. …\\nb. …" ("let") or plain ("none", one item)."""
    if style == "none":
        return "\n".join(items)
    labels = [str(first + i) if style == "num" else LETTERS[i] for i in range(len(items))]
    return "\n".join(f"{lab}. {it}" for lab, it in zip(labels, items, strict=True))


def _sub_text(rng: random.Random, sub: SubItem, who: str, year: int, typo_rate: float) -> str:
    """The printed text of one sub kegiatan (name, then its parts " : a. … b. …"); no typos."""
    return _sub_texts(rng, sub, who, year, typo_rate)[0]


def _sub_texts(
    rng: random.Random,
    sub: SubItem,
    who: str,
    year: int,
    typo_rate: float,
    style: _DocStyle | None = None,
) -> tuple[str, str, list[Typo]]:
    """(printed, as it should read, planted typos) of one sub kegiatan; typos only with ``style``."""
    clean = _fill(sub.text, who, year)
    _legacy_draws(rng, clean, typo_rate)
    side, rate = (style.side, style.plant_rate) if style is not None else (rng, 0.0)
    kinds = style.kinds if style is not None else KINDS
    if style is not None and style.open_world and side.random() < PARAPHRASE_RATE:
        clean = paraphrase(side, clean, who, year)  # another satker's wording: kept as printed
    text, typos = _plant(side, clean, "sub_kegiatan", rate, who, label=True, kinds=kinds)
    clean = keep_label_only(clean, typos)
    if sub.parts:
        sep = rng.choice(("\n", " "))
        end = rng.choice(("", ";"))
        parts = [f"{LETTERS[i]}. {_fill(p, who, year)}{end}" for i, p in enumerate(sub.parts)]
        clean = f"{clean} :{sep}{sep.join(parts)}"
        printed = sep.join(parts)
        printed, more = _plant(side, printed, "sub_kegiatan", rate / 2, who, label=False, kinds=kinds)
        text = f"{text} :{sep}{printed}"
        typos += more
    return text, clean, typos


# ---------------------------------------------------------------- rows
def _allocate(rng: random.Random, total: int, caps: Sequence[int], minimum: int) -> list[int]:
    """Split ``total`` into len(caps) parts, each in [minimum, cap], roughly at random."""
    alloc = [min(minimum, c) for c in caps]
    left = total - sum(alloc)
    open_ = [i for i, c in enumerate(caps) if alloc[i] < c]
    while left > 0 and open_:
        i = rng.choice(open_)
        alloc[i] += 1
        left -= 1
        if alloc[i] >= caps[i]:
            open_.remove(i)
    return alloc


def _pick_sorted(rng: random.Random, n: int, k: int) -> list[int]:
    """``k`` indices of ``range(n)`` in order: often the first ``k``, otherwise a sorted sample."""
    if rng.random() < 0.4:
        return list(range(k))
    return sorted(rng.sample(range(n), k))


class _DocStyle:
    """Per-document content habits (numbering, old area names, typo rate)."""

    def __init__(self, rng: random.Random, open_world: bool = False) -> None:
        self.old_names = rng.random() < 0.25
        self.upper_areas = rng.random() < 0.1
        self.kegiatan_numbered = rng.random() < 0.92
        self.sub_numbered = rng.random() < 0.95
        self.lettered_indicators = rng.random() < 0.15
        self.typo_rate = rng.choice((0.0, 0.02, 0.05, 0.1))  # the former (attested-only) typo rate
        self.pair_rate = rng.choice((0.0, 0.05, 0.12))
        self.single_numbered = rng.random() < 0.25
        # Typos, variant names and probe words come from a side stream seeded by the main one's
        # state (not drawn from it), so a seed gives the same rows, months and names as before.
        self.side = random.Random(str(rng.getstate()[1][:16]))
        self.plant_rate = self.side.choice((0.0, 0.1, 0.2, 0.3))  # share of cells with a typo
        self.open_world = open_world
        self.kinds = OPEN_KINDS if open_world else KINDS
        if open_world:
            self.plant_rate = self.side.choice((0.1, 0.2, 0.3))


def _area_print(rng: random.Random, area: AreaItem, style: _DocStyle) -> str:
    text = area.printed[0]
    if len(area.printed) > 1 and (style.old_names or rng.random() < 0.12):
        text = rng.choice(area.printed[1:])
    return str(text.upper() if style.upper_areas else text)


def _indikator(
    rng: random.Random, sub: SubItem, who: str, year: int, style: _DocStyle
) -> tuple[str, list[str]]:
    """The printed indicator cell and its items (no typos)."""
    text, items, _, _ = _indikator_texts(rng, sub, who, year, style, plant=False)
    return text, items


def _indikator_texts(
    rng: random.Random, sub: SubItem, who: str, year: int, style: _DocStyle, plant: bool = True
) -> tuple[str, list[str], str, list[Typo]]:
    """(printed cell, printed items, the cell as it should read, planted typos)."""
    if not sub.ind or rng.random() < 0.02:
        return "", [], "", []
    k = rng.randint(1, len(sub.ind)) if rng.random() < 0.5 else len(sub.ind)
    clean = [_fill(p, who, year) for p in sub.ind[:k]]
    for c in clean:
        _legacy_draws(rng, c, style.typo_rate)
    side = style.side
    probe = ""
    if plant and style.plant_rate > 0 and side.random() < min(0.3, style.plant_rate):
        j = side.randrange(len(clean))  # correct words the lexicon lacks: they must survive untouched
        probe = side.choice(probe_phrases())
        clean[j] = f"{clean[j]} {probe}"
    items: list[str] = []
    typos: list[Typo] = []
    for c in clean:
        rate = style.plant_rate if plant else 0.0
        printed, planted = _plant(side, c, "indikator", rate, who, label=False, keep=probe, kinds=style.kinds)
        items.append(printed)
        typos += planted
    if len(items) == 1:
        fmt = "num" if style.single_numbered else "none"
    else:
        nested = any(" a. " in it for it in items)
        fmt = "let" if style.lettered_indicators and not nested else "num"
    return _numbered(items, fmt), items, _numbered(clean, fmt), typos


def _kegiatan_rows(
    rng: random.Random,
    ctx: tuple[int, str, str, str, int],
    keg: KegiatanItem,
    keg_no: int,
    n_rows: int,
    style: _DocStyle,
) -> list[RowSpec]:
    area_no, area_text, canonical, who, year = ctx
    keg_clean = _fill(keg.text, who, year)
    _legacy_draws(rng, keg_clean, style.typo_rate)
    side = style.side
    base = keg_clean
    if keg.variants and style.plant_rate > 0 and side.random() < 0.15:
        base = _fill(side.choice(keg.variants), who, year)  # another wording: kept, mapped to the id
    keg_label, keg_typos = _plant(
        side, base, "kegiatan", style.plant_rate, who, label=True, kinds=style.kinds
    )
    keg_clean = keep_label_only(base, keg_typos)
    keg_text = f"{keg_no}. {keg_label}" if style.kegiatan_numbered else keg_label
    if style.kegiatan_numbered:
        keg_clean = f"{keg_no}. {keg_clean}"
    n_subs = min(len(keg.subs), n_rows + (1 if rng.random() < style.pair_rate * 4 else 0))
    chosen = [keg.subs[i] for i in _pick_sorted(rng, len(keg.subs), n_subs)]
    if style.open_world:  # activities the vocabulary lacks (truth: a null id)
        chosen = [new_activity(side, s.when) if side.random() < NEW_ACTIVITY_RATE else s for s in chosen]
    pairs_left = n_subs - n_rows
    rows: list[RowSpec] = []
    number = 1
    i = 0
    while i < len(chosen):
        group = [chosen[i]]
        if pairs_left > 0 and i + 1 < len(chosen) and rng.random() < 0.7:
            group.append(chosen[i + 1])
            pairs_left -= 1
        i += len(group)
        made = [_sub_texts(rng, s, who, year, style.typo_rate, style) for s in group]
        texts, cleans = [m[0] for m in made], [m[1] for m in made]
        if style.sub_numbered:
            joint = ";\n" if len(texts) > 1 else "\n"
            sub_text = joint.join(f"{number + j}. {t}" for j, t in enumerate(texts))
            sub_clean = joint.join(f"{number + j}. {t}" for j, t in enumerate(cleans))
        else:
            sub_text, sub_clean = "\n".join(texts), "\n".join(cleans)
        sub_no = number if style.sub_numbered else None
        number += len(group)
        ind_text, items, ind_clean, ind_typos = _indikator_texts(rng, group[-1], who, year, style)
        rows.append(
            RowSpec(
                area_no=area_no,
                area_text=area_text,
                area_canonical=canonical,
                kegiatan_no=keg_no if style.kegiatan_numbered else None,
                kegiatan_text=keg_text,
                sub_kegiatan_no=sub_no,
                sub_kegiatan_text=sub_text,
                indikator_text=ind_text,
                indikator_items=tuple(items),
                months=months_for(rng, group[-1].when),
                mark=rng.choice(ROW_MARKS),
                kegiatan_clean=keg_clean,
                sub_kegiatan_clean=sub_clean,
                indikator_clean=ind_clean,
                kegiatan_id=keg.id or None,
                sub_kegiatan_ids=tuple(s.id or None for s in group),
                typos=(*keg_typos, *(ty for m in made for ty in m[2]), *ind_typos),
            )
        )
    return rows


def build_rows(
    rng: random.Random, who: str, year: int, n_rows: int | None = None, open_world: bool = False
) -> tuple[RowSpec, ...]:
    """25–60 rows covering all 8 areas (``who`` replaces ``<satker>`` in the texts)."""
    style = _DocStyle(rng, open_world)
    target = n_rows if n_rows is not None else rng.randint(MIN_ROWS, MAX_ROWS)
    cat = areas()
    weights = [rng.uniform(0.6, 1.5) for _ in cat]
    caps = [sum(len(k.subs) for k in a.kegiatan) for a in cat]
    raw = [max(2, round(target * w / sum(weights))) for w in weights]
    per_area = _allocate(rng, target, [min(c, r + 3) for c, r in zip(caps, raw, strict=True)], 2)
    rows: list[RowSpec] = []
    for area, quota in zip(cat, per_area, strict=True):
        n_keg = max(1, min(len(area.kegiatan), round(quota / rng.uniform(2.0, 3.5))))
        keg_idx = _pick_sorted(rng, len(area.kegiatan), n_keg)
        while sum(len(area.kegiatan[i].subs) for i in keg_idx) < quota and n_keg < len(area.kegiatan):
            n_keg += 1
            keg_idx = _pick_sorted(rng, len(area.kegiatan), n_keg)
        kegs = [area.kegiatan[i] for i in keg_idx]
        keg_rows = _allocate(rng, quota, [len(k.subs) for k in kegs], 1)
        ctx = (area.no, _area_print(rng, area, style), area.canonical, who, year)
        for keg_no, (keg, n) in enumerate(zip(kegs, keg_rows, strict=True), start=1):
            rows.extend(_kegiatan_rows(rng, ctx, keg, keg_no, n, style))
    return tuple(rows)


# ---------------------------------------------------------------- front matter
def _person(rng: random.Random, upper: bool) -> str:
    names = frontmatter()["names"]
    parts = [*rng.sample(names["first"], 2), rng.choice(names["last"])]
    name = " ".join(parts[rng.randint(0, 1) :])
    if rng.random() < 0.45:
        name = f"{name.upper() if upper else name}, " + ", ".join(
            rng.sample(names["degrees"], rng.randint(1, 2))
        )
        return name
    return name.upper() if upper else name


def _decree_number(rng: random.Random, satker: SatkerSpec, date: dt.date) -> str:
    seq = rng.randint(1, 180)
    seq_text = f"{seq:02d}" if seq < 10 and rng.random() < 0.7 else str(seq)
    if satker.level == "pusat":
        parts = [seq_text, "ORT.04-Kpt", "05", "KPU", ROMAN[date.month - 1], str(date.year)]
    else:
        parts = [
            seq_text,
            rng.choice(("ORT.07", "ORT.07", "ORT.07", "ORT.06")),
            satker.region_code,
            str(date.year),
        ]
    return (" / " if rng.random() < 0.1 else "/").join(parts)


def _other_satker(rng: random.Random, satker: SatkerSpec) -> tuple[str, str] | None:
    """A copy-paste satker for the preamble: (body prefix, name printed after it), e.g. "Kota Pasuruan"."""
    if satker.level == "pusat":
        return None
    regions = load_regions()
    own = next((r for r in regions if satker.region_code in (r.code, r.code_2022)), None)
    if own is None:
        return None
    twins = [r for r in regions if r.base_name == own.base_name and r.code != own.code]
    same = [r for r in regions if r.level == own.level and r.code != own.code and r.code_2022]
    pick = rng.choice(twins) if twins and rng.random() < 0.5 else rng.choice(same)
    prefix = "Komisi Independen Pemilihan" if pick.province_code == "11" else "Komisi Pemilihan Umum"
    provincial = pick.level == "provinsi" and pick.province_code != "11"
    return prefix, (f"Provinsi {pick.name}" if provincial else pick.name)


def build_decree(
    rng: random.Random,
    satker: SatkerSpec,
    plan_year: int,
    doc_key: str,
    *,
    n_rows: int | None = None,
    plant_preamble: bool | None = None,
    open_world: bool = False,
) -> DecreeSpec:
    """A complete decree for ``satker`` and ``plan_year``; deterministic given ``rng``.

    ``plant_preamble`` forces (or forbids) a copy-paste satker name in Menimbang;
    by default about one decree in seven has one.
    """
    fm = frontmatter()
    body = satker_body_title(satker)
    date = dt.date(plan_year, 1, 2) + dt.timedelta(days=rng.randint(0, 87))
    other = None
    if plant_preamble if plant_preamble is not None else rng.random() < (0.5 if open_world else 0.15):
        other = _other_satker(rng, satker)
    part = random.Random(f"{doc_key}:part").choice(OTHER_PARTS) if other and open_world else "menimbang"
    named = " ".join(other) if other else body
    body_a = named if part == "menimbang" else body
    body_b = named if other and rng.random() < 0.5 and part == "menimbang" else body
    men = [rng.choice(fm["menimbang"]["a"]).format(body=body_a, year=plan_year)]
    if rng.random() < 0.2:
        men.append(fm["menimbang"]["c"][0].format(body_self=body, body=body, year=plan_year))
    men.append(fm["menimbang"]["b"][0].format(body_self=body, body=body_b, year=plan_year))
    ming = [
        str(m["text"])
        for m in fm["mengingat"]
        if int(m.get("since", 0)) <= plan_year and (m.get("core") or rng.random() < 0.4)
    ]
    lingkungan = "DI LINGKUNGAN " if rng.random() < 0.85 else ""
    title = f"RENCANA AKSI REFORMASI BIROKRASI {lingkungan}{satker.body_upper} TAHUN {plan_year}"
    who = satker.name
    diktum = [
        f"Menetapkan Rencana Aksi Reformasi Birokrasi di Lingkungan {body} Tahun {plan_year} sebagaimana "
        "tercantum dalam Lampiran Keputusan yang merupakan bagian tidak terpisahkan dari Keputusan ini."
    ]
    if rng.random() < 0.4:
        diktum.append(
            "Rencana Aksi sebagaimana dimaksud dalam Diktum KESATU menjadi pedoman bagi seluruh "
            f"jajaran {body} dalam melaksanakan Reformasi Birokrasi."
        )
    diktum.append("Keputusan ini mulai berlaku sejak tanggal ditetapkan.")
    if part == "diktum":  # the copy-paste in a diktum: the other office's jajaran
        diktum.insert(
            1, f"Rencana Aksi sebagaimana dimaksud dalam Diktum KESATU berlaku bagi jajaran {named}."
        )
    if part == "mengingat":  # the copy-paste in Mengingat: the other office's previous decree
        ming.append(
            f"Keputusan {named} Nomor 12/ORT.07/{satker.region_code or '00'}/{plan_year - 1} tentang "
            f"Rencana Aksi Reformasi Birokrasi Tahun {plan_year - 1};"
        )
    menetapkan = f"KEPUTUSAN {satker.body_upper} TENTANG {title}."
    duplicated = None
    if random.Random(f"{doc_key}:menetapkan").random() < 0.1:  # the title's tail typed twice (seed)
        words = title.split()
        cut = next(
            (i for i in range(len(words) - 1) if words[i : i + 2] == ["DI", "LINGKUNGAN"]), len(words) - 5
        )
        duplicated = " ".join(words[cut:])
        menetapkan = f"KEPUTUSAN {satker.body_upper} TENTANG {title} {duplicated}."
    return DecreeSpec(
        doc_key=doc_key,
        satker=satker,
        plan_year=plan_year,
        decree_number=_decree_number(rng, satker, date),
        decree_date=date,
        title=title,
        ketua=_person(rng, upper=True),
        sekretaris=_person(rng, upper=False),
        menimbang=tuple(men),
        mengingat=tuple(ming),
        rows=build_rows(rng, who, plan_year, n_rows, open_world),
        other_satker_in_preamble=other[1] if other else None,
        other_satker_part=part if other else None,
        rahmat=rng.random() < 0.7,
        menetapkan=menetapkan,
        diktum=tuple(diktum),
        date_label=rng.choice(("Pada Tanggal", "Pada Tanggal", "Pada Tanggal", "pada tanggal", "Tanggal")),
        duplicated_phrase=duplicated,
    )


# ---------------------------------------------------------------- seed
def build_seed_decree() -> DecreeSpec:
    """The seed decree (KPU Kota Banjar 2022) as far as the dump shows it, typos kept."""
    meta = frontmatter()["seed"]
    canon = {a.no: a.canonical for a in areas()}
    truth = seed_truth()
    pairs = [(str(w), str(r), str(k)) for w, r, k in truth["typos"]]
    rows: list[RowSpec] = []
    no = area = keg = ""
    for r, (keg_id, sub_ids) in zip(seed_rows(), truth["rows"], strict=True):
        if r.no:
            no, area = r.no, r.area
        if r.kegiatan:
            keg = r.kegiatan
        sub_text, ind_text = break_items(r.sub_kegiatan), break_items(r.indikator)
        texts = {"kegiatan": keg, "sub_kegiatan": sub_text, "indikator": ind_text}
        typos = [
            Typo(fld, kind, wrong, right)
            for fld, text in texts.items()
            for wrong, right, kind in pairs
            for _ in _occurrences(wrong, text)
        ]
        clean = {fld: _undo(text, pairs) for fld, text in texts.items()}
        rows.append(
            RowSpec(
                area_no=int(no),
                area_text=area,
                area_canonical=canon[int(no)],
                kegiatan_no=leading_number(keg),
                kegiatan_text=keg,
                sub_kegiatan_no=leading_number(r.sub_kegiatan),
                sub_kegiatan_text=sub_text,
                indikator_text=ind_text,
                indikator_items=tuple(split_items(r.indikator)),
                months=r.months,
                mark="V",
                kegiatan_clean=clean["kegiatan"],
                sub_kegiatan_clean=clean["sub_kegiatan"],
                indikator_clean=clean["indikator"],
                kegiatan_id=str(keg_id),
                sub_kegiatan_ids=tuple(str(s) for s in sub_ids),
                typos=tuple(typos),
            )
        )
    return DecreeSpec(
        doc_key="seed-kpu-kota-banjar-2022",
        satker=satker_for(str(meta["satker_code"]), int(meta["plan_year"])),
        plan_year=int(meta["plan_year"]),
        decree_number=str(meta["decree_number"]),
        decree_date=dt.date.fromisoformat(str(meta["decree_date"])),
        title=str(meta["title"]),
        ketua=str(meta["ketua"]),
        sekretaris=str(meta["sekretaris"]),
        menimbang=tuple(str(m) for m in meta["menimbang"]),
        mengingat=tuple(str(m) for m in meta["mengingat"]),
        rows=tuple(rows),
        other_satker_in_preamble=str(meta["other_satker_in_preamble"]),
        rahmat=False,
        menetapkan=str(meta["menetapkan"]),
        diktum=tuple(str(d) for d in meta["diktum"]),
        date_label="Pada Tanggal",
        duplicated_phrase=str(meta["duplicated_phrase"]),
    )


def _occurrences(wrong: str, text: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"(?<![\w-]){re.escape(wrong)}(?![\w-])", text))


def _undo(text: str, pairs: Sequence[tuple[str, str, str]]) -> str:
    """``text`` with every (wrong, right) pair undone: what it should read."""
    for wrong, right, _ in pairs:
        text = re.sub(rf"(?<![\w-]){re.escape(wrong)}(?![\w-])", right.replace("\\", "\\\\"), text)
    return text
