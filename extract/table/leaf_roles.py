"""The kegiatan, sub-kegiatan and indikator columns chosen as one assignment, checked by the body.

Labels alone cannot always tell which columns these are: "DETAIL KEGIATAN" names a sub-kegiatan
in one decree and "KEGIATAN" names the kegiatan in the next; "OUTPUT" heads the indikator in one
and, beside "HASIL / OUTPUT", a column of "Dokumen" / "Laporan" in another.  The decrees agree on
the shape: the three columns stand in that order, usually side by side, and each holds running
text — a kegiatan merged over its rows, a sub-kegiatan sentence per row, an indikator phrase per
row ("Tersusunnya SK …", "Laporan monitoring …") — while the extra columns (Output, Target,
Satuan, Anggaran, PIC) repeat a handful of words, units, amounts or numbers.

Every ordered choice of three columns that could hold running text is scored as a whole: what
the labels said of each column (a clear label counts more than a weak one — "OUTPUT", a key word
in a longer label, a column named by its body), and whether the three stand side by side.  The
best one is kept; when another one scores close to it the header says so (``uncertain``), and
the run records ``column_roles_uncertain`` rather than reading a wrong column under ``ok``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from rencana.extract.table.body_roles import LEAVES, column_words, distinct_words
from rencana.extract.table.cells import MARKER_WORD
from rencana.extract.table.labels import KEY_WORDS, WEAK_LABELS, classify, norm
from rencana.schema.records import Word

TEXT_SHARE = 0.25  # a running-text column holds this share of the richest column's different words
MIN_TEXT_WORDS = 4  # ... and at least this many
FRESH_WORDS = 16  # a column of this many words or more, most of them different, is text too
FEW_WORDS = 3  # a column with fewer different words than this is too short to judge
REPEATS = 0.5  # a column whose words are less than this share different repeats them
LINE_WORDS = 2.5  # running text wraps with this many words a line or more ("Dokumen" stands alone)
SHORT_LINES = 1.5  # a column of few different words standing one a line is a list of outputs
LIST_ENTRY_WORDS = 3.0  # ... whose entries hold this many words or fewer ("Daftar / Hadir")
ENTRY_GAP = 1.0  # lines a blank line's height apart or more are two entries of a column
ENTRY_WORDS = 2.0  # entries holding this many words or fewer on average are single words
MIN_ENTRIES = 3  # ... judged so over this many entries at least
FIGURE_SHARE = 0.4  # a column whose words are more than this share figures is no text
STRONG = 3  # a clear label for the role ("SUB KEGIATAN")
WEAK = 1  # a key word for it ("DETAIL KEGIATAN", "HASIL / OUTPUT")
SIDE_BY_SIDE = (1.5, 0.5)  # kegiatan beside sub-kegiatan, sub-kegiatan beside indikator (an Output
# or Bukti Dukung column stands between those two in some decrees, hardly ever between the first)
BODY = 3  # a column's running text (0..1) counts this much
INSIDE = 2.0  # a running-text column left out between the chosen three counts this much against them
CLOSE = 1.5  # a second assignment scoring within this of the best leaves the roles uncertain
_FIGURE = re.compile(r"^(rp\.?|-|[\d.,%/:]+|\d+\w{0,3})$", re.IGNORECASE)
# the label file's key words for the leaf columns, and what else a leaf label's word may say:
# "KEGIATAN" heads the kegiatan in one decree and, as "DETAIL KEGIATAN", a sub-kegiatan in the next
_KEYS = {
    **{k: (role,) for k, role in KEY_WORDS.items() if role in LEAVES},
    "KEGIATAN": ("kegiatan", "sub_kegiatan"),
    "SUB": ("sub_kegiatan",),
    "OUTPUT": ("indikator",),
}


@dataclass(frozen=True, slots=True)
class LeafChoice:
    """The columns' roles after the check, and what it found."""

    text_cols: list[tuple[str, float]]
    extras: list[tuple[float, float]]
    decided: bool  # one assignment stood clear of every other (or was the only one possible)
    uncertain: str  # "" or the two close assignments, for the run's finding
    confirmed: bool = False  # decided among several possible assignments, not the only one in order


def label_points(text: str, strict: float) -> dict[str, int]:
    """What a column's header label says of each leaf role: a clear label its own (``STRONG``),
    key words the roles they may name (``WEAK``: "KEGIATAN" heads a kegiatan in one decree and,
    as "DETAIL KEGIATAN", a sub-kegiatan in another)."""
    key, sc = classify(text)
    n = norm(text)
    if key in LEAVES and sc >= strict and n not in WEAK_LABELS:
        return {key: STRONG}
    out: dict[str, int] = {}
    for w in n.split():
        for k, roles in _KEYS.items():
            if (len(w) >= 3 and fuzz.ratio(w, k) >= strict) or w == k:
                out.update(dict.fromkeys(roles, WEAK))
    return out


def _figures(col: Sequence[Word]) -> bool:
    """Whether a column's body is mostly amounts, percentages and numbers."""
    figures = sum(bool(_FIGURE.match(w.text)) and not MARKER_WORD.match(w.text) for w in col)
    return bool(col) and figures > FIGURE_SHARE * len(col)


def _alpha(col: Sequence[Word]) -> int:
    """How many words of three letters or more a column holds (each time they occur)."""
    return sum(1 for w in col if len(t := norm(w.text)) >= 3 and t.isalpha())


def _text(cols: Sequence[Sequence[Word]]) -> list[float]:
    """How surely each column holds running text (0..1): its different words beside the richest
    column's, or — a kegiatan merged over its rows — words that hardly repeat (an Output or PIC
    column repeats a handful)."""
    rich = [distinct_words(c) for c in cols]
    most = max(rich, default=0)
    out: list[float] = []
    for r, c in zip(rich, cols, strict=True):
        if r < FEW_WORDS or _figures(c):
            out.append(0.0)
            continue
        if r < MIN_TEXT_WORDS:
            out.append(0.3)  # a line or two: too few words to tell
            continue
        alpha = _alpha(c)
        fresh = r / alpha if alpha >= FRESH_WORDS else 0.0
        score = min(1.0, max(r / max(1.0, TEXT_SHARE * most), fresh))
        if alpha and r / alpha < REPEATS:
            # a handful of words said again row after row, a word or two a line: Output, PIC
            score = min(score, max(0.0, (_words_per_line(c) - 1) / (LINE_WORDS - 1)))
        out.append(score)
    return out


def _word_a_line(col: Sequence[Word]) -> bool:
    """A column of few different words standing one a line: on a page of a few rows an Output
    column's "Dokumen", "Daftar / Hadir" hardly repeat, yet no sentence wraps there (8900-012).
    A narrow column of long words stands a word a line too, but its entries are phrases
    ("Adanya / dokumentasi / sosialisasi / Rencana Aksi …" under HASIL / OUTPUT, 9550-024: its
    two rows' indikator taken for an Output list, and PENANGGUNG JAWAB's "Sekretaris" read as the
    indikator of every row under ``ok``)."""
    entries = _entries(col)
    return (
        distinct_words(col) < FRESH_WORDS
        and _words_per_line(col) < SHORT_LINES
        and sum(entries) <= LIST_ENTRY_WORDS * len(entries)
    )


def _word_a_cell(col: Sequence[Word]) -> bool:
    """A column whose entries, each standing apart from the next by a blank line or more, hold a
    word or two: a Satuan's "Dokumen", "Laporan", "Orang" (9300-065: read as the indikator beside
    OUTCOME on pages of a few rows, where they hardly repeat).  A narrow kegiatan column stands a
    word a line too, but its lines run on into one entry of several words."""
    entries = _entries(col)
    return (
        distinct_words(col) < FRESH_WORDS
        and len(entries) >= MIN_ENTRIES
        and sum(entries) / len(entries) <= ENTRY_WORDS
    )


def _entries(col: Sequence[Word]) -> list[int]:
    """How many words each entry of a column holds: lines closer than a blank line are one entry."""
    if not col:
        return []
    h = sorted(w.bottom - w.top for w in col)[len(col) // 2]
    out: list[int] = []
    bottom = float("-inf")
    for w in sorted(col, key=lambda w: w.top):
        if w.top - bottom > ENTRY_GAP * h:
            out.append(0)
        out[-1] += 1
        bottom = max(bottom, w.bottom)
    return out


def _words_per_line(col: Sequence[Word]) -> float:
    """How many words a line of the column holds on average."""
    if not col:
        return 0.0
    h = sorted(w.bottom - w.top for w in col)[len(col) // 2]
    lines, last = 0, float("-inf")
    for w in sorted(col, key=lambda w: w.cy):
        if w.cy - last > 0.5 * h:
            lines, last = lines + 1, w.cy
    return len(col) / lines


def choose_leaves(
    text_cols: list[tuple[str, float]],
    extras: list[tuple[float, float]],
    labels: dict[float, dict[str, int]],
    body: Sequence[Word],
    grid_left: float,
) -> LeafChoice:
    """Kegiatan, sub-kegiatan and indikator as the best-scoring ordered triple of columns right
    of No / Area; ``labels`` holds what each column's label says (:func:`label_points`)."""
    keep = LeafChoice(text_cols, extras, False, "")
    floor = max((x for r, x in text_cols if r in ("no", "area")), default=float("-inf"))
    role_of = {x: r for r, x in text_cols}
    role_of.update({(a + b) / 2: "extra" for a, b in extras})
    xs = sorted(role_of)
    cand = [x for x in xs if x > floor and role_of[x] in (*LEAVES, "extra")]
    if len(cand) < 3:
        return keep
    words = column_words(xs, body, grid_left)
    text = dict(zip(xs, _text(words), strict=True))
    for x, col in zip(xs, words, strict=True):
        if labels.get(x) == {"indikator": WEAK} and _word_a_line(col):
            # a weak label for the indikator ("OUTPUT") over single words is an Output column; a
            # narrow kegiatan column stands a word a line too, so only this label is judged so
            text[x] = 0.0
        elif _word_a_cell(col):
            text[x] = 0.0
    scored: list[tuple[float, tuple[float, ...]]] = []
    for triple in itertools.combinations(cand, 3):
        score = _score(triple, cand, labels, text, xs, "area" in role_of.values())
        if score is not None:
            scored.append((score, triple))
    if not scored:
        return keep
    scored.sort(key=lambda st: -st[0])
    best_score, best = scored[0]
    close = [t for sc, t in scored[1:] if best_score - sc < CLOSE]
    roles = dict(zip(best, LEAVES, strict=True))
    new_cols = [(r, x) for r, x in text_cols if r not in LEAVES]
    new_cols += [(roles[x], x) for x in best]
    was_extra = {(a + b) / 2 for a, b in extras}
    new_extras = [e for e in extras if (e[0] + e[1]) / 2 not in roles]
    new_extras += [(x, x) for x in cand if x not in roles and x not in was_extra]
    uncertain = f"{_names(best)} or {_names(close[0])}" if close else ""
    return LeafChoice(new_cols, new_extras, not close, uncertain, not close and len(scored) > 1)


def _score(
    triple: tuple[float, ...],
    cand: Sequence[float],
    labels: dict[float, dict[str, int]],
    text: dict[float, float],
    xs: Sequence[float],
    has_area: bool = False,
) -> float | None:
    """The assignment's score, or None when a column of it can hold its role by neither its
    label nor its body."""
    total = 0.0
    for x, role in zip(triple, LEAVES, strict=True):
        said = labels.get(x, {}).get(role, 0)
        if not text[x] and said < STRONG:
            return None
        total += said + BODY * text[x]
    # a clear label left out of the assignment (its column made extra or another) counts against it
    given = dict(zip(triple, LEAVES, strict=True))
    for x in cand:
        total -= sum(p for r, p in labels.get(x, {}).items() if p >= STRONG and r != given.get(x))
    # a running-text column left out between the chosen ones: an extra (Output, Bukti Dukung, PIC)
    # repeats a few words, so it is more likely the sub-kegiatan passed over (8400-053: an unlabelled
    # Area column taken for the kegiatan, PROGRAM for the sub-kegiatan, LANGKAH-LANGKAH left out);
    # one left of the kegiatan may be the Area column, which no leaf takes — one, and none when
    # the Area column is known already
    inside = [text[x] for x in cand if triple[0] < x < triple[-1] and x not in triple]
    before = [text[x] for x in cand if x < triple[0]]
    total -= INSIDE * (sum(inside) + sum(before) - (0.0 if has_area else max(before, default=0.0)))
    idx = [xs.index(x) for x in triple]
    return total + sum(
        w for w, (a, b) in zip(SIDE_BY_SIDE, itertools.pairwise(idx), strict=True) if b - a == 1
    )


def _names(triple: tuple[float, ...]) -> str:
    """ "kegiatan@x sub_kegiatan@x indikator@x" of one assignment (x in points)."""
    return " ".join(f"{r}@{x:.0f}" for r, x in zip(LEAVES, triple, strict=True))
