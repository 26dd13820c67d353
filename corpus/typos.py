"""Plant typos of every kind in the taxonomy (``shared/reference/typos.md``) into cell texts, with truth.

Kinds (taxonomy section in brackets):

* ``attested``       a misspelling seen in real decrees, from ``activities.yaml`` ``typos`` (A, B, C:
  Integrita, Zoa, Jabtan, Analiss, ABPN, efektifitas, "di tunjuk", "E- Lapkin", PERNBANGUNAN …)
* ``dropped_letter``, ``doubled_letter``, ``inserted_letter``, ``transposition``, ``substituted_letter`` (A)
* ``ocr_rn``         m printed as rn (C); ``ocr_capital_i``: l printed as I (C)
* ``split_word``     a word broken in two ("pelak sanaan") (B); ``merged_words``: two words run together (B)
* ``dropped_word``   a word missing from an activity name ("Rencana Aksi Zona di") (B); names only, where
  the canonical name can restore it
* ``caps_typo``      a misspelled word typed in capitals (A + case, like PERNBANGUNAN)

Letter typos hit words of six letters or more, never acronyms, numbers or the office name: the
repair layer by design never edits shorter words (typos.md pitfall 1), so planting them there would
only measure that rule.  A planted word is never another word of the catalogue (no real-word errors).
Copy-paste satker names and duplicated Menetapkan phrases are planted by ``content.py``.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

KINDS = (
    "attested",
    "dropped_letter",
    "doubled_letter",
    "inserted_letter",
    "transposition",
    "substituted_letter",
    "ocr_rn",
    "ocr_capital_i",
    "split_word",
    "merged_words",
    "dropped_word",
    "caps_typo",
)
# The open world's kinds (``--open-world``): errors a repairer may not be able to undo.  The
# attested kind is left out: it draws from the same real misspellings that the product's
# ``schema/vocabulary/typos.csv`` lists, so in the open world it could not surprise the repairer.
OPEN_KINDS = (*(k for k in KINDS if k != "attested"), "two_edits", "real_word", "merged_preposition")
# A dropped word is never put back into the text (no words are added): the label's id recovers it.
LABEL_ONLY = frozenset({"dropped_word"})
# Real-word errors: a correct word typed as another correct word (the corpus's own list).
REAL_WORDS = {
    "penetapan": "penataan",
    "evaluasi": "evakuasi",
    "kebijakan": "kebajikan",
    "pelayanan": "pelayaran",
    "laporan": "lapangan",
    "anggaran": "angkatan",
    "sosialisasi": "sosialita",
    "penguatan": "pengujian",
}
MIN_LETTERS = 6
_WORD = re.compile(r"(?<![\w<>/.-])[A-Za-z]+(?![\w>/-]|\.\d)")
_NEIGHBOURS = {
    "a": "sqw",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
    "z": "x",
}


@dataclass(frozen=True, slots=True)
class Typo:
    """One planted error: in ``field``, ``wrong`` is printed where ``right`` belongs."""

    field: str  # kegiatan | sub_kegiatan | indikator
    kind: str
    wrong: str
    right: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "kind": self.kind, "wrong": self.wrong, "right": self.right}


def _candidates(text: str, protected: tuple[str, ...]) -> list[re.Match[str]]:
    """Words a letter typo may hit: long enough, not capitals, not inside a protected text."""
    spans = [(m.start(), m.end()) for p in protected if p for m in re.finditer(re.escape(p), text)]
    return [
        m
        for m in _WORD.finditer(text)
        if len(m.group()) >= MIN_LETTERS
        and not m.group().isupper()
        and not any(a <= m.start() < b for a, b in spans)
    ]


def _inside(m: re.Match[str], text: str, protected: tuple[str, ...]) -> bool:
    return any(a <= m.start() < a + len(p) for p in protected if p for a in _starts(p, text))


def _starts(p: str, text: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(p), text)]


def _letter_typo(rng: random.Random, word: str, kind: str) -> str:
    w = list(word)
    i = rng.randint(1, len(w) - 2)  # never the first or last letter
    if kind == "dropped_letter":
        del w[i]
    elif kind == "doubled_letter":
        w.insert(i, w[i])
    elif kind == "inserted_letter":
        w.insert(i, rng.choice(_NEIGHBOURS.get(w[i].lower(), "e")))
    elif kind == "transposition":
        if w[i] == w[i + 1]:
            return word
        w[i], w[i + 1] = w[i + 1], w[i]
    elif kind == "substituted_letter":
        w[i] = rng.choice(_NEIGHBOURS.get(w[i].lower(), "e"))
    elif kind == "ocr_rn":
        js = [j for j, c in enumerate(w) if c == "m" and j > 0]
        if not js:
            return word
        w[rng.choice(js)] = "rn"
    elif kind == "ocr_capital_i":
        js = [j for j, c in enumerate(w) if c == "l" and j > 0]
        if not js:
            return word
        w[rng.choice(js)] = "I"
    return "".join(w)


def plant(
    rng: random.Random,
    text: str,
    field: str,
    *,
    protected: tuple[str, ...],
    known_words: frozenset[str],
    attested: dict[str, tuple[str, ...]],
    label: bool,
    kinds: tuple[str, ...] = KINDS,
) -> tuple[str, Typo | None]:
    """``text`` with one planted typo of a random kind (or unchanged when no kind applies)."""
    kinds = tuple(k for k in kinds if label or k not in LABEL_ONLY)
    for _ in range(6):
        kind = rng.choice(kinds)
        done = _plant_kind(rng, text, field, kind, protected, known_words, attested)
        if done is not None:
            return done
    return text, None


def _plant_kind(
    rng: random.Random,
    text: str,
    field: str,
    kind: str,
    protected: tuple[str, ...],
    known_words: frozenset[str],
    attested: dict[str, tuple[str, ...]],
) -> tuple[str, Typo] | None:
    if kind == "attested":
        keys = [k for k in attested if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)]
        if not keys:
            return None
        key = rng.choice(keys)
        wrong = rng.choice(attested[key])
        m = re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)
        assert m is not None
        return text[: m.start()] + wrong + text[m.end() :], Typo(field, kind, wrong, key)
    if kind in ("real_word", "merged_preposition", "two_edits"):
        return _open_kind(rng, text, field, kind, protected, known_words)
    words = _candidates(text, protected)
    toks = list(_WORD.finditer(text))
    if kind == "merged_words":
        pairs = [
            (a, b)
            for a, b in itertools.pairwise(toks)
            if text[a.end() : b.start()] == " "
            and len(a.group()) >= 3
            and len(b.group()) >= 3
            and not _inside(a, text, protected)
            and not _inside(b, text, protected)
            and (a.group() + b.group()).lower() not in known_words
        ]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        wrong = a.group() + b.group()
        return text[: a.start()] + wrong + text[b.end() :], Typo(
            field, kind, wrong, f"{a.group()} {b.group()}"
        )
    if kind == "dropped_word":
        triples = [
            (a, b, c)
            for a, b, c in zip(toks, toks[1:], toks[2:], strict=False)
            if text[a.end() : b.start()] == " "
            and text[b.end() : c.start()] == " "
            and len(b.group()) >= 4
            and not _inside(b, text, protected)
        ]
        if len(toks) < 4 or not triples:
            return None
        a, b, c = rng.choice(triples)
        wrong = f"{a.group()} {c.group()}"
        return text[: a.start()] + wrong + text[c.end() :], Typo(
            field, kind, wrong, text[a.start() : c.end()]
        )
    if not words:
        return None
    m = rng.choice(words)
    word = m.group()
    if kind == "split_word":
        if len(word) < 8:
            return None
        cut = rng.randint(3, len(word) - 3)
        wrong = f"{word[:cut]} {word[cut:]}"
        if word[:cut].lower() in known_words or word[cut:].lower() in known_words:
            return None
    elif kind == "caps_typo":
        wrong = _letter_typo(rng, word, rng.choice(("dropped_letter", "ocr_rn", "transposition"))).upper()
        if wrong == word.upper():
            return None
    else:
        wrong = _letter_typo(rng, word, kind)
        if wrong == word:
            return None
    if wrong.lower() in known_words:
        return None
    return text[: m.start()] + wrong + text[m.end() :], Typo(field, kind, wrong, word)


def _open_kind(
    rng: random.Random,
    text: str,
    field: str,
    kind: str,
    protected: tuple[str, ...],
    known_words: frozenset[str],
) -> tuple[str, Typo] | None:
    """The open world's kinds: a real-word error, "di lingkungan" run together, two edits in a word."""
    if kind == "merged_preposition":
        hits = [
            m
            for m in re.finditer(r"(?<![\w-])([Dd]i) ([a-z]{4,})(?![\w-])", text)
            if not _inside(m, text, protected)
        ]
        if not hits:
            return None
        m = rng.choice(hits)
        wrong = m.group(1) + m.group(2)
        return text[: m.start()] + wrong + text[m.end() :], Typo(field, kind, wrong, m.group())
    words = _candidates(text, protected)
    if kind == "real_word":
        hits = [m for m in words if REAL_WORDS.get(m.group().lower(), m.group().lower()) != m.group().lower()]
        if not hits:
            return None
        m = rng.choice(hits)
        wrong = REAL_WORDS[m.group().lower()]
        wrong = wrong[:1].upper() + wrong[1:] if m.group()[:1].isupper() else wrong
        return text[: m.start()] + wrong + text[m.end() :], Typo(field, kind, wrong, m.group())
    hits = [m for m in words if len(m.group()) >= 9]
    if not hits:
        return None
    m = rng.choice(hits)
    a, b = rng.sample(("dropped_letter", "transposition", "substituted_letter", "doubled_letter"), 2)
    wrong = _letter_typo(rng, _letter_typo(rng, m.group(), a), b)
    if wrong == m.group() or wrong.lower() in known_words:
        return None
    return text[: m.start()] + wrong + text[m.end() :], Typo(field, kind, wrong, m.group())
