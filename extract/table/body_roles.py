"""Columns named by what their body holds, when their header label is one rencana does not know.

A table whose sub-kegiatan or indikator column is headed "LANGKAH KERJA", "RENCANA AKSI",
"TOLOK UKUR"… has that column among the header's unknown cells.  Those columns hold running
text, row after row, like the kegiatan column; the extra columns decrees add (Output, Target,
Satuan, Anggaran, PIC, Keterangan) hold a word or two per row.  An unknown column left of the
time grid whose body holds half as many words as the wordiest of them or more — or many different
words, as a kegiatan merged over its rows does ("PROGRAM KERJA") — takes the missing role that its
position allows (kegiatan left of sub-kegiatan, sub-kegiatan right of kegiatan and left of
indikator, indikator right of sub-kegiatan); of several ways to place them, the one filling most
roles with the most words (Target or Satuan beside Tolok Ukur hold a word or two).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from rencana.extract.table.labels import norm
from rencana.schema.records import Word

TEXT_SHARE = 0.45  # an unknown column holding this share of the wordiest text column's words is text
WORDIER = 2.0  # an unknown column this many times wordier than an "OUTPUT" indikator takes its role
MARKED_SHARE = 0.25  # ... or this share when it numbers its items ("1.", "a.")
MIN_DISTINCT = 10  # ... or it holds this many different words (a kegiatan merged over its rows)
DISTINCT_SHARE = 0.25  # ... and this share of the richest column's: an extra repeats a few
AREA_WORDS = 2  # a column left of the kegiatan holding this many different words names the areas
_MARKER = re.compile(r"^\(?(\d{1,2}|[a-z])[.)]$")
_ORDER = ("no", "area", "kegiatan", "sub_kegiatan", "indikator")
LEAVES = ("kegiatan", "sub_kegiatan", "indikator")


def _gutter(words: Sequence[Word], lo: float, hi: float) -> float:
    """The x between ``lo`` and ``hi`` that the fewest body words cross (the middle of the widest
    such strip): the rule between two columns, whatever their alignment and widths."""
    events = sorted(
        e for w in words if w.x1 > lo and w.x0 < hi for e in ((max(lo, w.x0), 1), (min(hi, w.x1), -1))
    )
    best = (len(words) + 1, 0.0, (lo + hi) / 2)  # depth, -width, middle
    depth, x = 0, lo
    for pos, step in [*events, (hi, 0)]:
        if pos > x:
            best = min(best, (depth, -(pos - x), (x + pos) / 2))
        depth, x = depth + step, max(x, pos)
    return best[2]


def column_words(centres: Sequence[float], body: Sequence[Word], grid_left: float) -> list[list[Word]]:
    """The body words left of the time grid per column, split at the gutter between neighbouring
    centres (a narrow centred column beside a wide left-aligned one does not take the wide one's
    first words, as a split halfway between the centres would)."""
    text = [w for w in body if w.cx < grid_left]
    edges = [_gutter(text, a + 0.1 * (b - a), b - 0.1 * (b - a)) for a, b in itertools.pairwise(centres)]
    out: list[list[Word]] = [[] for _ in centres]
    for w in text:
        out[sum(1 for e in edges if w.cx >= e)].append(w)
    return out


def distinct_words(col: Sequence[Word]) -> int:
    """How many different words of three letters or more a column's body holds (Satuan, PIC,
    Anggaran repeat a handful; running text does not)."""
    return len({t for w in col if len(t := norm(w.text)) >= 3 and t.isalpha()})


def running_text(distinct: int, richest: int) -> bool:
    """Whether a column holding ``distinct`` different words is running text beside the richest."""
    return distinct >= max(MIN_DISTINCT, DISTINCT_SHARE * richest)


def _column_words(
    centres: Sequence[float], body: Sequence[Word], grid_left: float
) -> tuple[list[int], list[int]]:
    """Body words and item markers per column."""
    cols = column_words(centres, body, grid_left)
    return [len(c) for c in cols], [sum(bool(_MARKER.match(w.text)) for w in c) for c in cols]


def _richness(centres: Sequence[float], body: Sequence[Word], grid_left: float) -> list[int]:
    """Different words per column."""
    return [distinct_words(c) for c in column_words(centres, body, grid_left)]


def adopt_leaf_columns(
    text_cols: list[tuple[str, float]],
    extras: list[tuple[float, float]],
    body: Sequence[Word],
    grid_left: float,
) -> tuple[list[tuple[str, float]], list[tuple[float, float]]]:
    """Give a missing kegiatan / sub_kegiatan / indikator role to the unknown text-heavy column
    where it sits, and a missing area role to a column of words just left of the kegiatan.

    An indikator named by a weak label ("OUTPUT", "TARGET CAPAIAN") whose column holds a word or
    two a row gives its role up to a wordy unknown column that can take it ("OUTPUT" beside
    "TOLOK UKUR"); it stays when none can."""
    ind = next((x for r, x in text_cols if r == "indikator"), None)
    if ind is not None and extras and "kegiatan" in {r for r, _ in text_cols}:
        centres = sorted([x for _, x in text_cols] + [(a + b) / 2 for a, b in extras])
        by_x = dict(zip(centres, _column_words(centres, body, grid_left)[0], strict=True))
        rest = [(r, x) for r, x in text_cols if r != "indikator"]
        cols, kept = _adopt(rest, [*extras, (ind, ind)], body, grid_left)
        new = next((x for r, x in cols if r == "indikator"), None)
        if new is not None and new != ind and by_x.get(new, 0) >= WORDIER * by_x.get(ind, 0):
            return adopt_area(cols, kept, body, grid_left)
    text_cols, extras = _shift_kegiatan(text_cols, extras, body, grid_left)
    return adopt_area(*_adopt(text_cols, extras, body, grid_left), body, grid_left)


def _shift_kegiatan(
    text_cols: list[tuple[str, float]],
    extras: list[tuple[float, float]],
    body: Sequence[Word],
    grid_left: float,
) -> tuple[list[tuple[str, float]], list[tuple[float, float]]]:
    """A column of running text left of the kegiatan and right of No / Area, with no sub-kegiatan
    named: that column is the kegiatan ("PROGRAM") and the one named kegiatan by a key word is the
    sub-kegiatan ("RENCANA KEGIATAN", "DETAIL KEGIATAN")."""
    roles = dict(text_cols)
    if "sub_kegiatan" in roles or "kegiatan" not in roles or not extras:
        return text_cols, extras
    keg = roles["kegiatan"]
    floor = max([x for r, x in text_cols if r in ("no", "area")], default=float("-inf"))
    left = [(a, b) for a, b in extras if floor < (a + b) / 2 < keg]
    if not left:
        return text_cols, extras
    centres = sorted([x for _, x in text_cols] + [(a + b) / 2 for a, b in extras])
    rich = dict(zip(centres, _richness(centres, body, grid_left), strict=True))
    pick = max(left, key=lambda ab: rich[(ab[0] + ab[1]) / 2])
    x = (pick[0] + pick[1]) / 2
    if not running_text(rich[x], max(rich.values())) and not _below_areas(left, x, rich):
        return text_cols, extras
    moved = [("sub_kegiatan" if r == "kegiatan" else r, c) for r, c in text_cols]
    return [*moved, ("kegiatan", x)], [e for e in extras if e != pick]


def _below_areas(left: Sequence[tuple[float, float]], x: float, rich: dict[float, int]) -> bool:
    """Whether a column of words stands left of the column at ``x`` holding fewer different words
    than it: areas over kegiatan, as the kegiatan stand over their sub-kegiatan (9200-028, a page
    of four rows: KOMPONEN's two area names, PROGRAM's two kegiatan, too few words for running
    text, and RENCANA KEGIATAN's sub-kegiatan)."""
    return any(AREA_WORDS <= rich[(a + b) / 2] < rich[x] for a, b in left if (a + b) / 2 < x)


def adopt_area(
    text_cols: list[tuple[str, float]],
    extras: list[tuple[float, float]],
    body: Sequence[Word],
    grid_left: float,
) -> tuple[list[tuple[str, float]], list[tuple[float, float]]]:
    """A missing area role for the unknown column just left of the kegiatan column ("KOMPONEN"),
    when its body holds words (area names merged over their rows), not item numbers."""
    roles = dict(text_cols)
    keg = next((x for r, x in text_cols if r == "kegiatan"), None)
    if keg is None or "area" in roles:
        return text_cols, extras
    known_left = max((x for r, x in text_cols if x < keg), default=float("-inf"))
    left = [(a, b) for a, b in extras if known_left < (a + b) / 2 < keg]
    if not left:
        return text_cols, extras
    pick = max(left, key=lambda ab: ab[0])
    centres = sorted([x for _, x in text_cols] + [(a + b) / 2 for a, b in extras])
    col = column_words(centres, body, grid_left)[centres.index((pick[0] + pick[1]) / 2)]
    if distinct_words(col) < AREA_WORDS:
        return text_cols, extras
    return [*text_cols, ("area", (pick[0] + pick[1]) / 2)], [e for e in extras if e != pick]


def _adopt(
    text_cols: list[tuple[str, float]],
    extras: list[tuple[float, float]],
    body: Sequence[Word],
    grid_left: float,
) -> tuple[list[tuple[str, float]], list[tuple[float, float]]]:
    roles = {r for r, _ in text_cols}
    missing = [r for r in LEAVES if r not in roles]
    if not missing or not extras or not {"kegiatan", "sub_kegiatan"} & roles:
        return text_cols, extras
    cols = sorted([*text_cols, *(("?", (a + b) / 2) for a, b in extras)], key=lambda rc: rc[1])
    counts, markers = _column_words([x for _, x in cols], body, grid_left)
    rich = _richness([x for _, x in cols], body, grid_left)
    keg = max(n for (r, _), n in zip(cols, counts, strict=True) if r in LEAVES)
    # a column of text: many words a row, or (a kegiatan merged over its rows) many different ones
    fits = [
        i
        for i, (role, _) in enumerate(cols)
        if role == "?"
        and (
            counts[i] >= (MARKED_SHARE if markers[i] else TEXT_SHARE) * max(1, keg)
            or running_text(rich[i], max(rich))
        )
    ]
    best: tuple[tuple[int, int], dict[float, str]] = ((0, 0), {})
    for k in range(len(missing), 0, -1):
        for wants in itertools.combinations(missing, k):
            for picks in itertools.combinations(fits, k):
                trial = {cols[i][1]: want for i, want in zip(picks, wants, strict=True)}
                if _in_order(cols, trial):
                    score = (k, sum(counts[i] for i in picks))
                    best = max(best, (score, trial), key=lambda b: b[0])
    adopted = best[1]
    kept = [(a, b) for a, b in extras if (a + b) / 2 not in adopted]
    return [*text_cols, *((r, x) for x, r in adopted.items())], kept


def _in_order(cols: Sequence[tuple[str, float]], adopted: dict[float, str]) -> bool:
    """Whether the columns' roles, with ``adopted`` given theirs, run in No..Indikator order."""
    roles = [adopted.get(x, r) for r, x in cols]
    ranks = [_ORDER.index(r) for r in roles if r in _ORDER]
    return all(a < b for a, b in itertools.pairwise(ranks))
