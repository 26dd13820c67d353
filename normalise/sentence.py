"""Word repairs backed by a canonical sentence (issue 12): the context that makes a repair sure.

The word layer (:mod:`normalise.lexicon`) looks at one word and its neighbours; it leaves a word for
review when two repairs are equally near ("playanan": pelayanan or layanan?) and never touches a word
that is itself correct ("Evakuasi" for Evaluasi: a real-word error).  Once the label layer has mapped a
cell to its canonical sentence, that sentence is context: when the printed words line up with it word
for word, the word printed where the sentence has another word is, with near certainty, that word
mistyped.  A repair is taken from a sentence only when **all** of these hold:

* the printed word and the sentence's word sit at the **same position**: the two word sequences are
  aligned (``difflib``) and the pair is a one-word-for-one-word replacement whose neighbours on both
  sides are equal words of the alignment (or both the start / both the end);
* the sentence is **sure**: the canonical sentence of a sure label match (score >= ``match.SURE``,
  not sent to review), or any sentence of the row's vocabulary entries of which the printed text
  holds every word, in order, but the one replaced, with at least :data:`MIN_ANCHORS` words equal;
* the two are one edit apart (two from ``LONG_WORD`` letters, optimal string alignment), as every
  other typo repair;
* the printed word is **not known to be right**.  A word the word layer found misspelled (a proposal
  left for review, a tie, a word without candidates, a short word in capitals outside the acronym list)
  is repaired.  A correct Indonesian word (a **real-word error**) only when it does not fit the
  domain: it is not a word of the domain lexicon (the words of the vocabulary itself, so "Penataan"
  printed where the sentence says "Penetapan" stays: both are the vocabulary's activities, the satker
  may mean it; it is proposed for review), it has 6+ letters, it begins with the sentence word's
  letter, and it is no acronym, region or office name.

Never a word is added, dropped or moved: only a printed word is replaced by the sentence's word in the
printed word's case.  Sentences disagreeing about one word repair nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz.distance import OSA

from rencana.normalise.lexicon import (
    LONG_WORD,
    MAX_ACRONYM_LEN,
    MIN_FUZZY_LEN,
    MIN_STEM_FIX,
    Lexicon,
    WordFix,
    match_case,
)
from rencana.normalise.satker import satker_mention_spans

MIN_ANCHORS = 3  # a sentence that is not a sure label match needs this many of its words printed equal

_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_PLACEHOLDER_RE = re.compile(r"<satker>|<year>")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A canonical sentence the printed text may be compared with; ``sure``: a sure label match's."""

    text: str
    sure: bool


@dataclass(frozen=True, slots=True)
class _Unit:
    word: str  # lower case, as the text reads after the sure repairs
    start: int = -1  # span of the printed word when it may be replaced, else -1
    end: int = -1
    raw: str = ""
    state: str = ""  # "fixed" (a sure repair), "proposed" (left for review), "plain"
    options: frozenset[str] = frozenset()


def _units(text: str, a: int, b: int, fixes: Sequence[WordFix], names: list[tuple[int, int]]) -> list[_Unit]:
    """The words of ``text[a:b]`` as they read after the cell's sure repairs."""
    out: list[_Unit] = []
    done: set[int] = set()
    for m in _WORD_RE.finditer(text, a, b):
        s, e, w = m.start(), m.end(), m.group()
        f = next((f for f in fixes if f.start <= s and e <= f.end), None)
        applied = f is not None and f.corrected != f.raw and not f.needs_review
        locked = any(x < e and s < y for x, y in names) or _locked(text, s, e)
        # a human decision (a reject keeps the word as printed) and a known typo pair are final
        locked = locked or (f is not None and f.scorer in ("manual", "known"))
        if f is not None and applied:
            if id(f) in done:
                continue
            done.add(id(f))
            words = f.corrected.lower().split()
            if f.start == s and f.end == e and len(words) == 1 and not locked:
                out.append(_Unit(words[0], s, e, w, "fixed"))
            else:
                out.extend(_Unit(x) for x in words)
        elif locked:
            out.append(_Unit(w.lower()))
        elif f is not None and f.start == s and f.end == e:
            opts = frozenset(x.lower() for x in (f.corrected, *f.suggestions))
            out.append(_Unit(w.lower(), s, e, w, "proposed", opts))
        elif f is not None:
            out.append(_Unit(w.lower()))
        else:
            out.append(_Unit(w.lower(), s, e, w, "plain"))
    return out


def _locked(text: str, a: int, b: int) -> bool:
    before = text[a - 1] if a else " "
    after = text[b : b + 2]
    return before.isdigit() or before in "./" or (after[:1] in "./" and after[1:2].isalnum())


def sentence_words(sentence: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(_PLACEHOLDER_RE.sub(" ", sentence))]


@functools.lru_cache(maxsize=4096)
def _canonical(sentence: str) -> tuple[list[str], SequenceMatcher[str] | None]:
    """A sentence's words, and a matcher that holds them as its second sequence: its index of
    them is built once per sentence instead of once per cell it is compared with (the vocabulary's
    sentences are few, the cells many).  Read only; the caller sets the first sequence."""
    canon = sentence_words(sentence)
    return canon, SequenceMatcher(None, [], canon, autojunk=False) if canon else None


def _within(raw: str, target: str) -> int | None:
    """The edit distance when ``target`` is a typo-repair distance from ``raw`` (else None)."""
    d = int(OSA.distance(raw.lower(), target))
    limit = 1 if len(target) < LONG_WORD or len(raw) < LONG_WORD else 2
    return d if 0 < d <= limit else None


def _eligible(lex: Lexicon, u: _Unit, target: str) -> bool:
    """May the printed word of ``u`` be replaced by ``target`` (the sentence's word at its place)?"""
    if len(target) < MIN_FUZZY_LEN or not target.isalpha() or target in lex.acronyms:
        return False
    w = u.raw.lower()
    if w == target or w.replace("-", "") in lex.acronyms:
        return False
    if u.state == "proposed":
        return target in u.options or _within(w, target) is not None
    if _within(w, target) is None:
        return False
    if u.state == "fixed":
        return True  # a misspelling repaired toward another word than the sentence's
    if len(w) < MIN_FUZZY_LEN or (any(c.isupper() for c in u.raw[1:]) and not u.raw.isupper()):
        return False  # short words and names with inner capitals (BerAKHLAK) are never edited
    if not lex.is_word(w):
        # misspelled, but the word layer found no single repair; or a short word in capitals that is
        # no word and no listed acronym ("ADAYA")
        return True
    letters = u.raw.replace("-", "")
    if letters.isupper() and len(letters) <= MAX_ACRONYM_LEN:
        return False
    return _real_word(lex, w, target)


def _real_word(lex: Lexicon, w: str, target: str) -> bool:
    """A correct word printed where the sentence has ``target``: a slip only when it is foreign to the
    domain (not a lexicon word), long enough, and begins as the sentence's word does."""
    return w not in lex.words and len(w) >= MIN_STEM_FIX and w[:1] == target[:1] and not lex.is_name(w)


def _proposable(lex: Lexicon, u: _Unit, target: str) -> bool:
    """A correct word that a sure sentence would replace but that fits the domain ("Penataan" where the
    sentence says "Penetapan"): proposed for review, never applied."""
    w = u.raw.lower()
    return (
        len(target) >= MIN_FUZZY_LEN
        and target.isalpha()
        and len(w) >= MIN_STEM_FIX
        and w[:1] == target[:1]
        and _within(w, target) is not None
        and lex.is_word(w)
        and not lex.is_name(w)
        and w not in lex.acronyms
    )


_MAX_KEPT = 50_000  # decisions kept (cleared when full), as the lexicon's
_kept: dict[
    tuple[Lexicon, str, tuple[int, int], tuple[WordFix, ...], tuple[Sentence, ...]], tuple[WordFix, ...]
] = {}


def sentence_fixes(
    lex: Lexicon, text: str, span: tuple[int, int], fixes: Sequence[WordFix], sentences: Sequence[Sentence]
) -> list[WordFix]:
    """``fixes`` with the repairs the ``sentences`` back inside ``text[span]`` (see the module docstring).

    Kept per input (the same indicator items recur, with the same sentences, across the decrees
    of a run; issue 14); the caller gets its own list."""
    if not sentences:
        return list(fixes)
    key = (lex, text, span, tuple(fixes), tuple(sentences))
    done = _kept.get(key)
    if done is None:
        if len(_kept) >= _MAX_KEPT:
            _kept.clear()
        done = _kept[key] = tuple(_sentence_fixes(lex, text, span, fixes, sentences))
    return list(done)


def _sentence_fixes(
    lex: Lexicon, text: str, span: tuple[int, int], fixes: Sequence[WordFix], sentences: Sequence[Sentence]
) -> list[WordFix]:
    names = satker_mention_spans(text)
    units = _units(text, span[0], span[1], fixes, names)
    printed = [u.word for u in units]
    wanted: dict[tuple[int, int], set[str]] = {}
    proposed: dict[tuple[int, int], set[str]] = {}  # a domain word where a sure sentence has another
    agree: dict[tuple[int, int], set[str]] = {}
    for sentence in sentences:
        canon, matcher = _canonical(sentence.text)
        if matcher is None:
            continue
        matcher.set_seq1(printed)
        ops = matcher.get_opcodes()
        equal = sum(j2 - j1 for tag, _, _, j1, j2 in ops if tag == "equal")
        for k, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag == "equal":  # the sentence agrees with the word as it reads
                for u in units[i1:i2]:
                    if u.start >= 0:
                        agree.setdefault((u.start, u.end), set()).add(u.word)
            if tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
                continue
            left = ops[k - 1][0] == "equal" if k else (i1 == 0 and j1 == 0)
            right = (
                ops[k + 1][0] == "equal" if k + 1 < len(ops) else (i2 == len(printed) and j2 == len(canon))
            )
            whole = equal == len(canon) - 1 and equal >= MIN_ANCHORS  # every other word printed
            if not (left and right and (sentence.sure or whole)):
                continue
            u, target = units[i1], canon[j1]
            if u.start < 0:
                continue
            if _eligible(lex, u, target):
                wanted.setdefault((u.start, u.end), set()).add(target)
            elif sentence.sure and u.state == "plain" and _proposable(lex, u, target):
                proposed.setdefault((u.start, u.end), set()).add(target)
    for key, targets in proposed.items():
        if key not in wanted and len(targets | agree.get(key, set())) == 1:
            raw, target = text[key[0] : key[1]], next(iter(targets))
            d = int(OSA.distance(raw.lower(), target))
            score = round(100.0 * (1 - d / max(len(raw), 1)), 1)
            fixes = [*fixes, WordFix(*key, raw, match_case(raw, target), score, "sentence", "lexicon", True)]
    # two sentences, two words (or one sentence agreeing with the word as it reads): nothing is sure
    wanted = {k: t for k, t in wanted.items() if len(t | agree.get(k, set())) == 1}
    if not wanted:
        return sorted(fixes, key=lambda f: f.start)
    out = [f for f in fixes if (f.start, f.end) not in wanted]
    for (s, e), targets in wanted.items():
        raw, target = text[s:e], next(iter(targets))
        d = int(OSA.distance(raw.lower(), target))
        score = round(100.0 * (1 - d / max(len(raw), 1)), 1)
        out.append(WordFix(s, e, raw, match_case(raw, target), score, "sentence", "lexicon"))
    return sorted(out, key=lambda f: f.start)
