"""Word-level repairs against the domain lexicon (``schema/vocabulary/lexicon.txt``).

A word is repaired only when it is certainly wrong and one repair is clearly best:

1. human decisions (``manual_overrides.csv``, kind ``word``) first: accept / replace / reject;
2. known typo pairs (``typos.csv``), also multi-word ("di tunjuk", "Whistle Browing", "Zoa Integritas");
3. a split word joined when the join is a lexicon word ("pelak sanaan", "di tunjuk");
4. every other word is **left alone** when it is short (< 5 letters), holds a digit, is an acronym
   (``acronyms.csv``, or written in capitals of up to 5 letters, or with inner capitals), is part of an
   office name ("KPU Kota Banjar"), is a region name, is in the lexicon, or is a correct Indonesian word
   that the Hunspell Indonesian dictionary (Debian ``hunspell-id``, affix rules included) accepts
   ("penataran", "pengawas", "berkesinambungan");
5. what remains is misspelled: an OCR confusion (rn/m, l/I) that yields a lexicon word; else the lexicon
   words within a length-aware optimal-string-alignment distance (1 edit up to 7 letters, 2 beyond);
   one nearest word wins; several are decided by context (a neighbouring word pair seen in the
   vocabulary's phrases, or a word of the row's canonical label); still tied -> unchanged, sent to review;
6. no candidate: a merged pair split when exactly one split gives two lexicon words ("tujuanpembangunan").

Matching returns records (:class:`WordFix`), never bare strings.  Distances run in rapidfuzz over
length buckets of the lexicon.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rencana.normalise.morphology import is_derived, may_be_derived, root_cores
from rencana.normalise.satker import regions, satker_mention_spans
from rencana.normalise.vocabulary import Override, Vocabulary, override_key, packaged_dir

log = logging.getLogger(__name__)

MIN_FUZZY_LEN = 5  # never edit-distance a word shorter than this (typos.md pitfall 1)
LONG_WORD = 8  # from this length two edits are allowed
MAX_ACRONYM_LEN = 5  # an unknown word in capitals up to this length is taken for an acronym
MIN_STEM_FIX = 6  # a word outside the domain lexicon is repaired toward the dictionary from this length
JOIN_PREFIXES = frozenset(
    {"di", "ke", "ter", "ber", "se", "pe", "per", "me", "mem", "men", "meng", "peng", "pem"}
)
_MAX_DECIDED = 50_000  # cells whose decisions are kept (a few MB; cleared when full)
_OCR_SWAPS = (("rn", "m"), ("m", "rn"), ("l", "i"), ("i", "l"), ("cl", "d"), ("vv", "w"), ("ii", "u"))

WordMethod = Literal["lexicon", "manual", "unmatched"]
Scorer = Literal["known", "join", "ocr", "osa", "context", "split", "manual", "preposition", "sentence"]
# Nouns of place and time that decrees run into "di"/"ke" ("Dilingkup", "ditahun", "diwaktu");
# any "di" + a word ending in -an (not -kan) is split too ("dilingkungan": di- never takes a bare -an).
PLACE_NOUNS = frozenset(
    {
        "lingkup", "wilayah", "tahun", "waktu", "bulan", "bidang", "kantor", "tingkat", "ruang",
        "daerah", "provinsi", "kabupaten", "kota", "sekretariat", "satker", "unit", "sub", "masa",
        "atas", "bawah", "dalam", "luar", "antara", "sini", "sana", "mana", "setiap", "tiap", "semua",
        "seluruh", "kpu", "kip", "akhir", "awal", "tengah", "samping", "depan", "belakang",
        "aplikasi", "laman", "website", "situs", "media", "portal",
    }
)  # fmt: skip

_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_STEM_RE = re.compile(r"^[a-z]+$")


@dataclass(frozen=True, slots=True)
class WordFix:
    """One word-level decision: a repair, or (method ``unmatched``) a word left alone for review."""

    start: int
    end: int
    raw: str
    corrected: str  # == raw when method is "unmatched"
    score: float  # 0..100
    scorer: Scorer
    method: WordMethod
    needs_review: bool = False
    suggestions: tuple[str, ...] = ()


def _own_case(word: str) -> bool:
    """A correction written with its own casing: an acronym (APBN) or a mixed-case term (e-Lapkin)."""
    for w in word.split():
        if w.isupper() and len(w.replace("-", "")) <= MAX_ACRONYM_LEN:
            return True
        if not (w.islower() or w.isupper() or w == w[:1].upper() + w[1:].lower()):
            return True
    return False


def match_case(template: str, word: str) -> str:
    """``word`` in the case pattern of ``template``: PERNBANGUNAN -> PEMBANGUNAN, Jabtan -> Jabatan."""
    if _own_case(word):
        return word
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower() if template.islower() else word


DICTIONARY_NAME = "hunspell/id_ID"  # shipped with the vocabulary: see schema/vocabulary/hunspell/SOURCE.md


@functools.cache
def _dictionary() -> Any:
    """The Indonesian Hunspell dictionary shipped in ``schema/vocabulary/hunspell``, read by the
    Hunspell library itself (PyPI ``chunspell``, which bundles it: about 100x faster than the
    pure-Python spylls it replaces, and agreeing with it on every one of 6,000 words checked —
    vocabulary, seed, real texts and their prefixed/suffixed forms; issue 14).

    Shipped, not looked up on the system: results must not depend on an optional apt package.
    """
    import hunspell

    folder = packaged_dir() / DICTIONARY_NAME
    return hunspell.Hunspell(folder.name, hunspell_data_dir=str(folder.parent))


@functools.cache
def dictionary_stems() -> tuple[str, ...]:
    """The dictionary's own words (its stems, without affix flags): second-rank repair targets."""
    path = packaged_dir() / f"{DICTIONARY_NAME}.dic"
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/", 1)[0].strip().lower()
        if len(word) >= MIN_FUZZY_LEN and _STEM_RE.match(word):
            out.add(word)
    return tuple(sorted(out))


def dictionary_available() -> bool:
    return _dictionary() is not None


@functools.cache
def in_dictionary(word: str) -> bool:
    """True when the Hunspell Indonesian dictionary accepts ``word`` (its own affix rules included)."""
    d = _dictionary()
    return all(bool(d.spell(part)) for part in word.lower().split("-") if part)


@functools.cache
def is_indonesian(word: str) -> bool:
    """True when ``word`` is in the dictionary or is a well-formed derivation of a word it holds.

    "unggahan", "pengunggahan", "keberlanjutan" stand (:mod:`normalise.morphology`).
    """
    return in_dictionary(word) or is_derived(word.lower(), in_dictionary)


@functools.cache
def _region_words() -> frozenset[str]:
    out: set[str] = set()
    for r in regions():
        out.update(w.lower() for w in _WORD_RE.findall(r.base_name))
        out.update(w.lower() for w in _WORD_RE.findall(r.province_name))
    return frozenset(out)


def _inner_caps(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _tokens(text: str) -> Iterable[tuple[int, int, str]]:
    for m in _WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group()


class Lexicon:
    """Word-level repairs for one vocabulary (build once per process, reuse for every document)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.words = vocab.lexicon
        self.acronyms = vocab.acronyms
        self.by_len: dict[int, list[str]] = {}
        for w in sorted(self.words):
            self.by_len.setdefault(len(w), []).append(w)
        self._stem_set = frozenset(dictionary_stems())
        self._root_cores = root_cores(self.words | self._stem_set)  # the roots of _fast_root
        self.stems_by_len: dict[int, list[str]] = {}
        for w in dictionary_stems():
            if w not in self.words:
                self.stems_by_len.setdefault(len(w), []).append(w)
        pairs = sorted(vocab.typos, key=lambda t: -len(t.typo))
        self.typos = {t.typo.lower(): t.correct for t in pairs}
        self._typo_re = (
            re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(t.typo) for t in pairs) + r")(?![\w-])", re.IGNORECASE
            )
            if pairs
            else None
        )
        self.bigrams: Counter[tuple[str, str]] = Counter()
        for phrase in vocab.phrases:
            toks = [t.lower() for _, _, t in _tokens(phrase.replace("<satker>", " ").replace("<year>", " "))]
            self.bigrams.update(itertools.pairwise(toks))
        self._decided: dict[tuple[str, str, frozenset[str]], tuple[WordFix, ...]] = {}
        self._near: dict[tuple[str, bool], tuple[int, tuple[str, ...]]] = {}
        self._derived: dict[str, tuple[str, ...]] = {}
        self.overrides: dict[str, Override] = {}  # "<field>:<words>" or "*:<words>", lower case
        for o in vocab.overrides:
            if o.kind == "word":
                self.overrides[f"{o.field}:{override_key('word', o.raw)}"] = o
        phrases = sorted({k.split(":", 1)[1] for k in self.overrides}, key=len, reverse=True)
        self._override_re = (
            re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])", re.IGNORECASE
            )
            if phrases
            else None
        )

    # ------------------------------------------------------------ classification
    def known(self, word: str) -> bool:
        """A word never to repair (see the module docstring, rule 4)."""
        w = word.lower()
        if len(w) < MIN_FUZZY_LEN or w in self.words or w.replace(".", "") in self.acronyms:
            return True
        letters = word.replace("-", "")
        if letters.isupper() and len(letters) <= MAX_ACRONYM_LEN:
            if len(letters) < MAX_ACRONYM_LEN or self._valid(word):
                return True
            dist, options = self.candidates(word)  # "ADNYA": capitals one edit from one lexicon word
            return not (dist == 1 and len(options) == 1)
        if _inner_caps(word) and not word.isupper():
            return True  # BerAKHLAK, LKjIP, eLapkin: inner capitals mark a name or acronym
        if w in _region_words() or w in self.words or in_dictionary(w):
            return True
        if not (is_derived(w, in_dictionary) or is_derived(w, self._root)):
            return False
        # a derivation one edit from a single domain word is more likely that word misspelled
        # ("pekayanan": pe-kayan-an, or pelayanan?): repaired only when the word is long
        dist, options = self.candidates(w)
        return not (dist == 1 and len(options) == 1 and len(w) >= LONG_WORD)

    def is_word(self, word: str) -> bool:
        """A correct word: in the lexicon, a region name, in the dictionary or a derivation of a word."""
        return self._valid(word)

    def is_name(self, word: str) -> bool:
        """A word of a region's name (never repaired)."""
        return word.lower() in _region_words()

    def _valid(self, word: str) -> bool:
        w = word.lower()
        return w in self.words or w in _region_words() or is_indonesian(w) or is_derived(w, self._root)

    def _root(self, word: str) -> bool:
        return word in self.words or in_dictionary(word)

    def preposition(self, word: str) -> tuple[str, str] | None:
        """``("di", "lingkungan")`` for "dilingkungan": a preposition run into the next word."""
        w = word.lower()
        if len(w) < MIN_FUZZY_LEN or w in self.words or in_dictionary(w):
            return None
        for prep in ("di", "ke"):
            rest = w[len(prep) :]
            if not w.startswith(prep) or len(rest) < 3:
                continue
            noun = rest in PLACE_NOUNS or (prep == "di" and rest.endswith("an") and not rest.endswith("kan"))
            if noun and (rest in PLACE_NOUNS or self._valid(rest)):
                return word[: len(prep)], word[len(prep) :]
        return None

    def candidates(self, word: str, stems: bool = False) -> tuple[int, list[str]]:
        """(distance, lexicon words at that smallest distance) within the length-aware limit.

        ``stems``: the dictionary's own words instead (one edit only).  Kept per word (a misspelling
        recurs across the decrees of a run; issue 14); the caller gets its own list.
        """
        key = (word.lower(), stems)
        done = self._near.get(key)
        if done is None:
            if len(self._near) >= _MAX_DECIDED:
                self._near.clear()
            dist, found = self._candidates(word, stems)
            done = self._near[key] = (dist, tuple(found))
        return done[0], list(done[1])

    def _candidates(self, word: str, stems: bool) -> tuple[int, list[str]]:
        w = word.lower()
        limit = 1 if len(w) < LONG_WORD or stems else 2
        by_len = self.stems_by_len if stems else self.by_len
        best: tuple[int, list[str]] = (limit + 1, [])
        for n in range(len(w) - limit, len(w) + limit + 1):
            bucket = by_len.get(n)
            if not bucket:
                continue
            for cand, dist, _ in process.extract(
                w, bucket, scorer=OSA.distance, score_cutoff=limit, limit=None
            ):
                d = int(dist)
                if d < best[0]:
                    best = (d, [cand])
                elif d == best[0]:
                    best[1].append(cand)
        return best if best[1] else (limit + 1, [])

    def derived_candidates(self, word: str) -> list[str]:
        """Words one edit from ``word`` that are derivations of a dictionary or lexicon word (kept per
        word, as :meth:`candidates`)."""
        w = word.lower()
        done = self._derived.get(w)
        if done is None:
            if len(self._derived) >= _MAX_DECIDED:
                self._derived.clear()
            done = self._derived[w] = tuple(self._derived_candidates(w))
        return list(done)

    def _derived_candidates(self, w: str) -> list[str]:
        stems = self._stem_set
        # the dictionary's own affix rules are stricter than the morphology ("petekompetensi" = pe-te-
        # kompetensi is no word): only what they accept is a candidate.  Asked first: a Hunspell
        # lookup refuses most one-edit variants faster than the morphology does.  Both are slow (~15
        # us each, hundreds of variants per word): a variant that is no stem and holds no root's
        # core cannot pass either test, and is refused by two set lookups per piece (issue 14).
        cores = self._root_cores
        out = {
            v
            for v in _edits1(w)
            if v in self.words
            or (
                (v in stems or may_be_derived(v, cores))
                and in_dictionary(v)
                and (v in stems or is_derived(v, self._fast_root))
            )
        }
        return sorted(out)

    def _fast_root(self, word: str) -> bool:
        return word in self.words or word in self._stem_set

    def _ocr(self, word: str, general: bool = False) -> list[str]:
        """Lexicon words (``general``: also dictionary words and their derivations) an OCR swap gives."""
        w = word.lower()
        found = set()
        for a, b in _OCR_SWAPS:
            start = w.find(a)
            while start >= 0:
                v = w[:start] + b + w[start + len(a) :]
                if v in self.words or (general and (v in self._stem_set or in_dictionary(v))):
                    found.add(v)
                start = w.find(a, start + 1)
        return sorted(found)

    def _case_split(self, word: str) -> tuple[str, str] | None:
        """Split at the one case change inside ``word`` when both halves are known words or acronyms."""
        low = word.lower()
        for key, acro in self.acronyms.items():  # "ReviuLKjIP": a word run into a listed acronym
            if (
                len(key) >= 3
                and low.endswith(key)
                and word.endswith(acro)
                and self._valid(word[: -len(acro)])
            ):
                return word[: -len(acro)], acro
        cuts = [
            i
            for i in range(2, len(word) - 1)
            if (word[i - 1].islower() and word[i].isupper())
            or (word[i - 1].isupper() and word[i].islower() and word[i - 2].isupper())
        ]
        if len(cuts) != 1:
            return None
        left, right = word[: cuts[0]], word[cuts[0] :]
        if min(len(left), len(right)) < 3:
            return None

        def ok(part: str) -> bool:
            return (part.isupper() and len(part) <= MAX_ACRONYM_LEN) or self._valid(part)

        return (left, right) if ok(left) and ok(right) else None

    def _split(self, word: str, general: bool = False) -> list[tuple[str, str]]:
        """Splits of a run-together word into two known words ("senamkesegaran" -> senam kesegaran).

        Lexicon words first; ``general``: then the dictionary's words of at least 4 letters too.
        """
        w = word.lower()
        cuts = [i for i in range(2, len(w) - 1) if max(i, len(w) - i) >= 4]
        domain = [(w[:i], w[i:]) for i in cuts if w[:i] in self.words and w[i:] in self.words]
        if domain or not general:
            return domain

        def known(part: str) -> bool:
            return part in self.words or (len(part) >= 4 and (part in self._stem_set or in_dictionary(part)))

        return [(w[:i], w[i:]) for i in cuts if known(w[:i]) and known(w[i:])]

    def _options(self, tok: str, general: bool) -> tuple[int, list[str]]:
        """(distance, candidates): the lexicon's within one edit; else dictionary words (and derivations
        of them) one edit away, together with the lexicon's two edits away when there are both (then
        context decides, or review: "Pencanaan" is Pencanangan by its next word, not "pencanaian")."""
        dist, options = self.candidates(tok)
        if not general or (options and dist <= 1):
            return dist, options
        d2, near = self.candidates(tok, stems=True)
        near = near or self.derived_candidates(tok)
        if near and options:  # a domain word two edits away and a general word one away: context decides
            return 1, [*options, *(n for n in near if n not in options)]  # domain words first
        return (d2 if d2 <= 1 else 1, near) if near else (dist, options)

    def _context_pick(self, options: list[str], left: str, right: str, context: frozenset[str]) -> str | None:
        def support(c: str) -> int:
            return self.bigrams[(left, c)] + self.bigrams[(c, right)] + 2 * (c in context)

        scored = sorted(((support(c), c) for c in options), reverse=True)
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None

    # ------------------------------------------------------------ the pass
    def fix(self, text: str, field: str = "*", context: Iterable[str] = ()) -> list[WordFix]:
        """Decisions for the words of ``text`` (spans into ``text``), in text order.

        ``context`` holds words of the row's canonical labels, which break ties
        between equally near repairs ("Pencanaan" under a ZI label -> Pencanangan).
        Decisions depend on nothing else, so they are kept per lexicon (the same cells recur
        across the decrees of a run; issue 14).
        """
        ctx = frozenset(w.lower() for w in context)
        key = (text, field, ctx)
        done = self._decided.get(key)
        if done is None:
            if len(self._decided) >= _MAX_DECIDED:
                self._decided.clear()
            done = self._decided[key] = tuple(self._fix(text, field, ctx))
        return list(done)

    def _fix(self, text: str, field: str, ctx: frozenset[str]) -> list[WordFix]:
        fixes: list[WordFix] = []
        taken = [(a, b) for a, b in satker_mention_spans(text)]

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        # 1. human decisions
        for m in self._override_re.finditer(text) if self._override_re is not None else ():
            a, b, tok = m.start(), m.end(), m.group()
            key = " ".join(tok.lower().split())
            o = self.overrides.get(f"{field}:{key}") or self.overrides.get(f"*:{key}")
            if o is None or not free(a, b):
                continue
            taken.append((a, b))
            value = tok if o.decision == "reject" else match_case(tok, o.value)  # reject: kept as printed
            fixes.append(WordFix(a, b, tok, value, 100.0, "manual", "manual"))
        # 2. known typo pairs
        if self._typo_re is not None:
            for m in self._typo_re.finditer(text):
                if free(m.start(), m.end()):
                    taken.append((m.start(), m.end()))
                    correct = match_case(m.group(), self.typos[m.group().lower()])
                    if correct != m.group():  # "e-Lapkin" already right: the pair E-Lapkin matched its case
                        fixes.append(
                            WordFix(m.start(), m.end(), m.group(), correct, 100.0, "known", "lexicon")
                        )
        # 3. split words joined
        toks = [t for t in _tokens(text) if free(t[0], t[1])]
        for (a1, b1, t1), (a2, b2, t2) in itertools.pairwise(toks):
            if text[b1:a2] != " " or not free(a1, b2):
                continue
            joined = (t1 + t2).lower()
            if joined not in self.words or len(joined) < MIN_FUZZY_LEN:
                continue
            if t1.lower() in JOIN_PREFIXES or not (t1.lower() in self.words and t2.lower() in self.words):
                taken.append((a1, b2))
                fixes.append(WordFix(a1, b2, text[a1:b2], match_case(t1, joined), 95.0, "join", "lexicon"))
        # 4-6. single words
        toks = [t for t in _tokens(text) if free(t[0], t[1])]
        for k, (a, b, tok) in enumerate(toks):
            if self._locked(text, a, b):
                continue
            if _inner_caps(tok) and not tok.isupper():
                if tok.lower().replace(".", "") in self.acronyms:
                    continue
                lower_but_i = len(tok) >= MIN_STEM_FIX and tok[1:].replace("I", "").islower()
                ocr = self._ocr(tok, lower_but_i)  # "peIaksanaan": an l read as I
                parts = self._case_split(tok)  # "AdanyaUPG", "SKMyang": two words run together
                if len(ocr) == 1 and not self.known(tok.lower()):
                    fixes.append(WordFix(a, b, tok, ocr[0], 95.0, "ocr", "lexicon"))
                elif parts is not None:
                    fixes.append(WordFix(a, b, tok, " ".join(parts), 90.0, "split", "lexicon"))
                continue  # else an acronym or a name (LKjIP, BerAKHLAK): left alone
            prep = self.preposition(tok)
            if prep is not None:  # "Dilingkungan" -> "Di lingkungan": split, never dropped
                fixes.append(WordFix(a, b, tok, " ".join(prep), 95.0, "preposition", "lexicon"))
                continue
            if self.known(tok):
                continue
            left, right = _side_words(text, a, b, fixes)
            fix = self._repair(tok, a, b, (left, right, k == 0), ctx)
            if fix is not None:
                fixes.append(fix)
        return sorted(fixes, key=lambda f: f.start)

    def _locked(self, text: str, a: int, b: int) -> bool:
        """Part of a code or number: "ORT.07", "5R", "K/L"."""
        before = text[a - 1] if a else " "
        after = text[b : b + 2]
        return before.isdigit() or before in "./" or (after[:1] in "./" and after[1:2].isalnum())

    def _repair(
        self, tok: str, a: int, b: int, around: tuple[str, str, bool], ctx: frozenset[str]
    ) -> WordFix | None:
        left, right, first = around
        general = len(tok) >= MIN_STEM_FIX and (tok.islower() or (first and tok.istitle()))
        ocr = self._ocr(tok, general)
        if len(ocr) == 1:
            return WordFix(a, b, tok, match_case(tok, ocr[0]), 95.0, "ocr", "lexicon")
        dist, options = self._options(tok, general)
        splits = self._split(tok, general)
        if len(splits) == 1 and (not options or dist >= 2 or len(options) > 1):
            x, y = splits[0]  # two words run together ("daringdan", "Reviudan") rather than a far guess
            return WordFix(a, b, tok, match_case(tok, f"{x} {y}"), 90.0, "split", "lexicon")
        if options:
            score = round(100.0 * (1 - dist / max(len(tok), 1)), 1)
            if len(options) == 1:
                # two edits that cut or add a word's ending ("pemutakhiranya" -> "pemutakhiran") are a guess
                w, o = tok.lower(), options[0]
                review = dist >= 2 and (len(tok) < LONG_WORD or w.startswith(o) or o.startswith(w))
                return WordFix(a, b, tok, match_case(tok, options[0]), score, "osa", "lexicon", review)
            pick = self._context_pick(options, left, right, ctx)
            if pick is not None:
                return WordFix(a, b, tok, match_case(tok, pick), score, "context", "lexicon")
            return WordFix(a, b, tok, tok, score, "osa", "unmatched", True, tuple(options[:5]))
        return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits1(w: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from ``w``."""
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    out.discard(w)
    return out


def _side_words(text: str, a: int, b: int, fixes: list[WordFix]) -> tuple[str, str]:
    """The words either side of ``text[a:b]`` as the decisions so far read them (lower case).

    A neighbour inside an earlier repair ("Zona Integrita" -> "Zona Integritas") reads as repaired,
    so a tie is broken by the same neighbours on the first pass as on a second one (idempotence).
    """
    before = apply_fixes(text[:a], [f for f in fixes if f.end <= a])
    later = [replace(f, start=f.start - b, end=f.end - b) for f in fixes if f.start >= b]
    after = apply_fixes(text[b:], later)
    left = [t for _, _, t in _tokens(before)]
    right = next(iter(_tokens(after)), None)
    return (left[-1].lower() if left else ""), (right[2].lower() if right else "")


def apply_fixes(text: str, fixes: Iterable[WordFix]) -> str:
    """``text`` with every repair applied (``unmatched`` decisions change nothing)."""
    out = text
    for f in sorted(fixes, key=lambda f: f.start, reverse=True):
        if f.corrected != f.raw:
            out = out[: f.start] + f.corrected + out[f.end :]
    return out
