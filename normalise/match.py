"""Label-level matching: a kegiatan / sub kegiatan text to its canonical entry in ``activities.yaml``.

A label is compared on its *key*: cleaned, lower-cased, office names replaced by
``<satker>`` and years by ``<year>`` (so every satker's "Pengukuran Capaian
Kinerja KPU Kota X" is one label, typos.md pitfall 6), list prefix and
punctuation dropped.  Then, in order:

* a human decision for that key (``manual_overrides.csv``, kind ``label``) wins;
* the key equals a canonical key (``exact``) or a variant's key (``variant``);
* otherwise the whole-key edit-distance ratio (``fuzz.ratio``) against every form of the
  candidates, one ``process.cdist`` per document: the best entry is taken when it scores at
  least :data:`THRESHOLD` **and** beats the runner-up entry by :data:`MARGIN` (``fuzzy``);
  else ``unmatched``, with the nearest entries as suggestions for the review sheet.

Candidates are restricted by level and parent (pitfall 3): kegiatan to the row's area, sub
kegiatan to the row's kegiatan first, then to its area.  Scorer, threshold and margin were
chosen by measurement (``scripts/measure_matching.py``, ``docs/vocabulary.md``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from rencana.normalise.satker import satker_mention_spans
from rencana.normalise.text import clean_text
from rencana.normalise.vocabulary import ID_RE, Kegiatan, Override, SubKegiatan, Vocabulary
from rencana.schema.numbering import ITEM_MARKER

log = logging.getLogger(__name__)

SCORER = "ratio"  # rapidfuzz fuzz.ratio (normalised Indel distance) on whole keys
THRESHOLD = 85.0  # measured: see docs/vocabulary.md
MARGIN = 6.0  # best entry must beat the runner-up entry by this much
SURE = 93.0  # fuzzy matches below this score (or with a margin under 2 x MARGIN) go to review
SUGGEST_MIN = 55.0  # nearest entries at least this close are offered as suggestions
MIN_SPLIT_WORDS = 3  # a cell read as two names run together needs this many words in each

Level = Literal["kegiatan", "sub_kegiatan"]
LabelDecision = Literal["exact", "variant", "fuzzy", "manual", "unmatched"]

_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")
_PREFIX_RE = re.compile(rf"^\s*{ITEM_MARKER}\s+")  # a marker then a space: "a.Tim" keeps its "a."
_NON_WORD_RE = re.compile(r"[^\w<>]+")
_PLACEHOLDER_RE = re.compile(r"<satker>|<year>")
# Words decrees use for one another, folded together in the comparison key only (the text is
# never touched): "Satgas SPIP" is "Satuan Tugas SPIP", "kinerja ASN" is "kinerja pegawai".
KEY_SYNONYMS = (
    (re.compile(r"\bsatuan tugas\b"), "satgas"),
    (re.compile(r"\baparatur sipil negara\b"), "asn"),
    (re.compile(r"\bpegawai\b"), "asn"),
    (re.compile(r"\bwilayah birokrasi bersih dan melayani\b"), "wbbm"),
    (re.compile(r"\bwilayah bebas (?:dari )?korupsi\b"), "wbk"),
)
CONTAINS_MIN_WORDS = 3  # a canonical name found whole inside a longer label needs this many words
CONTAINS_SURE_EXTRA = 4  # more added words than this: the match goes to review


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """Outcome of matching one label (the record, never a bare string)."""

    raw: str
    key: str
    canonical_id: str | None
    canonical: str | None  # the entry's template ("Pembangunan Zona Integritas di <satker>")
    score: float  # 0..100
    scorer: str  # "ratio", "exact", "variant", "manual"
    decision: LabelDecision
    needs_review: bool = False
    suggestions: tuple[str, ...] = ()  # canonical ids, nearest first
    replacement: str | None = None  # a manual free-text replacement


def label_key(text: str) -> str:
    """The comparison key of a label (see the module docstring)."""
    s = clean_text(text)
    for a, b in reversed(satker_mention_spans(s)):
        s = f"{s[:a]} <satker> {s[b:]}"
    s = _YEAR_RE.sub(" <year> ", s)
    s = _PREFIX_RE.sub("", s, count=1).lower()
    s = " ".join(_NON_WORD_RE.sub(" ", s).replace("_", " ").split())
    for pattern, repl in KEY_SYNONYMS:
        s = pattern.sub(repl, s)
    return s


def _slots(text: str, placeholders: bool) -> tuple[list[str], list[str]]:
    """Office and year slots of ``text`` in order: each the printed text, or '' for a placeholder."""
    found: list[tuple[int, str, str]] = []
    if placeholders:
        found += [(m.start(), m.group()[1:-1], "") for m in _PLACEHOLDER_RE.finditer(text)]
    found += [(a, "satker", text[a:b]) for a, b in satker_mention_spans(text)]
    found += [(m.start(), "year", m.group()) for m in _YEAR_RE.finditer(text)]
    found.sort()
    return [v for _, k, v in found if k == "satker"], [v for _, k, v in found if k == "year"]


@functools.lru_cache(maxsize=65536)  # the same phrases and cells recur row after row (issue 14)
def fill_template(template: str, printed: str) -> str | None:
    """``template`` with ``<satker>``/``<year>`` taken from ``printed`` slot by slot; None when they differ.

    "Pembangunan Zona Integritas di <satker>" + "... di KPU Kota Banjar" -> "... di KPU Kota Banjar".
    """
    t_satker, t_year = _slots(template, placeholders=True)
    p_satker, p_year = _slots(printed, placeholders=False)
    if len(t_satker) != len(p_satker) or len(t_year) != len(p_year):
        return None
    values = {"satker": iter(p_satker), "year": iter(p_year)}
    lit = {"satker": iter(t_satker), "year": iter(t_year)}

    def fill(m: re.Match[str]) -> str:
        kind = m.group()[1:-1]
        # skip literal slots (a literal "KPU RI" in the template) to keep the order aligned
        while next(lit[kind]) != "":
            next(values[kind])
        return next(values[kind])

    try:
        return _PLACEHOLDER_RE.sub(fill, template)
    except StopIteration:  # pragma: no cover - counts were checked above
        return None


def _inside(form: list[str], words: list[str]) -> bool:
    """``form``'s words in ``words`` in order, the first opening the label, at most 2 words between two.

    Added phrases ("menuju WBK/WBBM", "secara berkala") may sit between the name's words; a
    different activity that merely shares words does not open with the same word.
    """
    if not words or words[0] != form[0]:
        return False
    pos = 1
    for w in form[1:]:
        nxt = next((j for j in range(pos, min(len(words), pos + 3)) if words[j] == w), None)
        if nxt is None:
            return False
        pos = nxt + 1
    return True


class LabelMatcher:
    """Matcher for one level (build once per process; ``match`` runs one ``cdist`` per call)."""

    def __init__(self, vocab: Vocabulary, level: Level) -> None:
        self.level = level
        entries: Sequence[Kegiatan | SubKegiatan] = vocab.kegiatan if level == "kegiatan" else vocab.subs
        self.entries = tuple(entries)
        self.index = {e.id: i for i, e in enumerate(self.entries)}
        self.by_area: dict[str, frozenset[str]] = {}
        self.by_kegiatan: dict[str, frozenset[str]] = {}
        forms: list[str] = []
        owner: list[int] = []
        self.exact: dict[str, tuple[int, bool]] = {}
        for i, e in enumerate(self.entries):
            for j, form in enumerate((e.canonical, *e.variants)):
                key = label_key(form)
                forms.append(key)
                owner.append(i)
                self.exact.setdefault(key, (i, j > 0))
            self.by_area[e.area_id] = self.by_area.get(e.area_id, frozenset()) | {e.id}
            if isinstance(e, SubKegiatan):
                self.by_kegiatan[e.kegiatan_id] = self.by_kegiatan.get(e.kegiatan_id, frozenset()) | {e.id}
        self.forms = forms
        self.owner = np.asarray(owner, dtype=np.int32)
        self.overrides: dict[str, Override] = {
            label_key(o.raw): o for o in vocab.overrides if o.kind == "label" and o.field == level
        }

    def scope(self, area_id: str | None, kegiatan_id: str | None = None) -> tuple[frozenset[str] | None, ...]:
        """Candidate sets to try in order: the kegiatan's subs, then the area's entries (None = all)."""
        out: list[frozenset[str] | None] = []
        if kegiatan_id and kegiatan_id in self.by_kegiatan:
            out.append(self.by_kegiatan[kegiatan_id])
        if area_id and area_id in self.by_area:
            out.append(self.by_area[area_id])
        return tuple(out) or (None,)

    def match(self, queries: Sequence[tuple[str, tuple[frozenset[str] | None, ...]]]) -> list[LabelMatch]:
        """Match every ``(text, scopes)``; one score matrix for all of them."""
        keys = [label_key(text) for text, _ in queries]
        todo = [i for i, k in enumerate(keys) if k and k not in self.overrides and k not in self.exact]
        scores = (
            process.cdist([keys[i] for i in todo], self.forms, scorer=fuzz.ratio, dtype=np.float32, workers=1)
            if todo and self.forms
            else np.zeros((0, len(self.forms)), dtype=np.float32)
        )
        row_of = {q: r for r, q in enumerate(todo)}
        out = []
        for i, ((text, scopes), key) in enumerate(zip(queries, keys, strict=True)):
            m = self._decide(text, key, scopes, scores[row_of[i]] if i in row_of else None)
            if (m.decision == "unmatched" or m.scorer == "contains") and self.level == "sub_kegiatan":
                m = self._two_names(m, scopes) or m
            out.append(m)
        return out

    def _two_names(self, m: LabelMatch, scopes: tuple[frozenset[str] | None, ...]) -> LabelMatch | None:
        """Two names run together without a number ("Identifikasi … tindih Penyusunan rekomendasi …").

        Every split between words is tried; both halves must match on their own.
        """
        words = m.key.split()
        if len(words) < 2 * MIN_SPLIT_WORDS:
            return None
        halves = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(MIN_SPLIT_WORDS, len(words) - 1)]
        flat = [h for pair in halves for h in pair]
        scores = process.cdist(flat, self.forms, scorer=fuzz.ratio, dtype=np.float32, workers=1)
        best: tuple[float, LabelMatch, LabelMatch] | None = None
        for k, (h1, h2) in enumerate(halves):
            a = self._decide(h1, h1, scopes, scores[2 * k])
            b = self._decide(h2, h2, scopes, scores[2 * k + 1])
            if a.canonical is None or b.canonical is None or a.decision == "manual" or b.decision == "manual":
                continue
            low = min(a.score, b.score)
            if best is None or low > best[0]:
                best = (low, a, b)
        if best is None:
            return None
        low, a, b = best
        return LabelMatch(
            m.raw,
            m.key,
            f"{a.canonical_id}+{b.canonical_id}",
            f"{a.canonical} {b.canonical}",
            low,
            SCORER,
            "fuzzy",
            True,  # a guess at where one name ends: always worth a look
            (f"{a.canonical_id}+{b.canonical_id}",),
        )

    def _decide(
        self, text: str, key: str, scopes: tuple[frozenset[str] | None, ...], row: np.ndarray | None
    ) -> LabelMatch:
        if not key:
            return LabelMatch(text, key, None, None, 0.0, SCORER, "unmatched")
        if key in self.overrides:
            return self._manual(text, key, self.overrides[key])
        if key in self.exact:
            i, variant = self.exact[key]
            e = self.entries[i]
            allowed = any(s is None or e.id in s for s in scopes)
            decision: LabelDecision = "variant" if variant else "exact"
            if allowed:
                return LabelMatch(text, key, e.id, e.canonical, 100.0, decision, decision)
            row = np.asarray(process.cdist([key], self.forms, scorer=fuzz.ratio, dtype=np.float32)[0])
        assert row is not None
        best: dict[int, float] = {}
        for form_idx in np.argsort(-row, kind="stable")[:60]:
            entry = int(self.owner[form_idx])
            best.setdefault(entry, float(row[form_idx]))
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        fallback: LabelMatch | None = None
        for scope in scopes:
            cands = [(i, s) for i, s in ranked if scope is None or self.entries[i].id in scope]
            if not cands:
                continue
            top_i, top = cands[0]
            second = cands[1][1] if len(cands) > 1 else 0.0
            suggestions = tuple(self.entries[i].id for i, s in cands[:3] if s >= SUGGEST_MIN)
            if top >= THRESHOLD and top - second >= MARGIN:
                e = self.entries[top_i]
                review = top < SURE or top - second < 2 * MARGIN
                return LabelMatch(
                    text, key, e.id, e.canonical, round(top, 1), SCORER, "fuzzy", review, suggestions
                )
            inside = self._contained(key, scope)
            if inside is not None:
                e = self.entries[inside[0]]
                return LabelMatch(
                    text, key, e.id, e.canonical, inside[1], "contains", "fuzzy",
                    inside[2] > CONTAINS_SURE_EXTRA, suggestions,
                )  # fmt: skip
            dropped = self._dropped_word(key, scope)
            if dropped is not None:
                e = self.entries[dropped]
                score = round(best.get(dropped, 0.0), 1)
                return LabelMatch(
                    text, key, e.id, e.canonical, score, "dropped_word", "fuzzy", True, suggestions
                )
            if fallback is None or (suggestions and not fallback.suggestions):
                fallback = LabelMatch(
                    text, key, None, None, round(top, 1), SCORER, "unmatched", True, suggestions
                )
        return fallback or LabelMatch(text, key, None, None, 0.0, SCORER, "unmatched", True)

    def _contained(self, key: str, scope: frozenset[str] | None) -> tuple[int, float, int] | None:
        """(entry, score, added words) of the one longest entry in ``scope`` printed whole inside ``key``.

        "Pencanangan Zona Integritas menuju WBK/WBBM di lingkungan <satker>" holds the name
        "Pencanangan Zona Integritas": the satker added words, the activity is the entry's.
        """
        words = key.split()
        found: dict[int, int] = {}
        for form, owner in zip(self.forms, self.owner, strict=True):
            e = self.entries[int(owner)]
            fw = form.split()
            if (scope is None or e.id in scope) and len(fw) >= CONTAINS_MIN_WORDS and _inside(fw, words):
                found[int(owner)] = max(found.get(int(owner), 0), len(fw))
        if not found:
            return None
        longest = max(found.values())
        top = [i for i, n in found.items() if n == longest]
        if len(top) != 1:
            return None
        extra = len(key.split()) - longest
        return top[0], round(100.0 * longest / len(key.split()), 1), extra

    def _dropped_word(self, key: str, scope: frozenset[str] | None) -> int | None:
        """The one entry in ``scope`` whose name is ``key`` plus one word ("Rencana Aksi Zona di")."""
        words = key.split()
        if len(words) < 2:
            return None
        found: set[int] = set()
        for form, owner in zip(self.forms, self.owner, strict=True):
            e = self.entries[int(owner)]
            if scope is not None and e.id not in scope:
                continue
            fw = form.split()
            if len(fw) == len(words) + 1 and any(
                fw[:i] + fw[i + 1 :] == words and len(fw[i]) >= 3 for i in range(len(fw))
            ):
                found.add(int(owner))
        return found.pop() if len(found) == 1 else None

    def _manual(self, text: str, key: str, o: Override) -> LabelMatch:
        if o.decision == "reject":
            return LabelMatch(text, key, None, None, 100.0, "manual", "manual")
        if ID_RE.match(o.value) and o.value in self.index:
            e = self.entries[self.index[o.value]]
            return LabelMatch(text, key, e.id, e.canonical, 100.0, "manual", "manual")
        return LabelMatch(text, key, None, None, 100.0, "manual", "manual", replacement=o.value)
