"""Indonesian word formation: is a word a correct derivation of a known root?

A word the lexicon and the dictionary lack may still be right: "unggahan" (unggah + -an),
"pengunggahan" (peng- + unggah + -an), "penganggaran" (peng- + anggar + -an), "keberlanjutan"
(ke- + ber- + lanjut + -an).  :func:`derivations` undoes the affixes of standard Indonesian
morphology (Sneddon, *Indonesian: A Comprehensive Grammar*, ch. 2-3; KBBI's affix list):

* prefixes ``me-/mem-/men-/meng-/meny-/menge-``, ``pe-/pem-/pen-/peng-/peny-/penge-``, ``per-``,
  ``ber-/be-/bel-``, ``ter-/te-``, ``di-``, ``ke-``, ``se-``; up to two stacked
  ("ke-ber-", "mem-per-", "di-per-", "pe-ng-");
* the nasal alternations: ``mem-/pem-`` drop an initial p (pantau -> pemantauan), ``men-/pen-``
  a t (tulis -> penulisan), ``meng-/peng-`` a k (kelola -> pengelolaan), ``meny-/peny-`` an s
  (susun -> penyusunan); before a vowel the root keeps its letter or lost a k/p/t;
* suffixes ``-kan``, ``-an``, ``-i``, ``-nya``, ``-lah``, ``-pun`` (``-nya`` after another suffix);
* reduplication: "undang-undang", "sebaik-baiknya", "surat-menyurat" (each part judged alone).

Confixes keep to what the language allows: ``di-`` takes ``-kan``/``-i``/``-nya`` but never a
bare ``-an`` ("dilingkungan" is the preposition run into a noun, not a word); ``ke-`` takes
``-an``; ``ter-`` and ``me-`` never ``-an``.  A root must be at least :data:`MIN_ROOT` letters
and be known to ``is_root`` (the caller's lexicon and dictionary): the derivations of short roots
are the common words the dictionary's own affix rules already accept, and a short root found
inside a typo ("keaungan" = ke-aung-an) would make the typo a word.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

MIN_ROOT = 5  # shorter roots ("aung", "kad") turn typos into words (see above)
# prefix -> letters the nasal may have swallowed from the root ("" = none)
_NASAL: dict[str, tuple[str, ...]] = {
    "meng": ("", "k"),
    "peng": ("", "k"),
    "menge": ("",),
    "penge": ("",),
    "meny": ("s",),
    "peny": ("s",),
    "mem": ("", "p"),
    "pem": ("", "p"),
    "men": ("", "t"),
    "pen": ("", "t"),
    "me": ("",),
    "pe": ("",),
}
_PLAIN = ("per", "ber", "be", "bel", "ter", "te", "di", "ke", "se")
# which suffixes each prefix may close with ("" = none)
_CONFIX: dict[str, frozenset[str]] = {
    "di": frozenset({"", "kan", "i"}),
    "me": frozenset({"", "kan", "i"}),
    "ter": frozenset({"", "kan", "i"}),
    "ke": frozenset({"", "an"}),
    "se": frozenset({""}),
    "ber": frozenset({"", "an", "kan"}),
    "per": frozenset({"", "an", "kan", "i"}),
    "pe": frozenset({"", "an"}),
}
_SUFFIXES = ("kan", "an", "i")
_PARTICLES = ("nya", "lah", "pun")
# every prefix _unprefix strips, with the letters it may have swallowed
_PREFIX_LOST: tuple[tuple[str, tuple[str, ...]], ...] = (*_NASAL.items(), *((p, ("",)) for p in _PLAIN))
_PREFIX_BY_HEAD: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _entry in _PREFIX_LOST:
    _PREFIX_BY_HEAD.setdefault(_entry[0][:2], []).append(_entry)


def _family(prefix: str) -> str:
    """The confix class of a prefix: mem/men/meng/meny -> me, pem/... -> pe, be/bel -> ber, te -> ter."""
    if prefix.startswith("me"):
        return "me"
    if prefix.startswith("pe") and prefix != "per":
        return "pe"
    if prefix in ("be", "bel"):
        return "ber"
    if prefix == "te":
        return "ter"
    return prefix


def _unprefix(word: str) -> Iterator[tuple[str, str]]:
    """(prefix family, what remains) for every prefix ``word`` may carry (the bare word first)."""
    yield "", word
    for p, lost in _NASAL.items():
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p) :]
            for letter in lost:
                yield _family(p), letter + rest
    for p in _PLAIN:
        if word.startswith(p) and len(word) - len(p) >= MIN_ROOT:
            yield _family(p), word[len(p) :]


def _unsuffix(word: str) -> Iterator[tuple[str, str]]:
    """(suffix, what remains) for every suffix ``word`` may carry, the bare word first."""
    bases = [word]
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_ROOT:
            bases.append(word[: -len(particle)])
    for base in bases:
        yield "", base
        for s in _SUFFIXES:
            if base.endswith(s) and len(base) - len(s) >= MIN_ROOT:
                yield s, base[: -len(s)]


def derivations(word: str, is_root: Callable[[str], bool], depth: int = 2) -> list[tuple[str, ...]]:
    """Analyses of ``word`` as prefix(es) + known root + suffix: [("peng", "unggah", "an"), ...]."""
    w = word.lower()
    if "-" in w:
        return _reduplication(w, is_root)
    found: list[tuple[str, ...]] = []
    for suffix, stem in _unsuffix(w):
        for analysis in _prefixed(stem, suffix, is_root, depth):
            found.append((*analysis, suffix))
    return found


def _prefixed(stem: str, suffix: str, is_root: Callable[[str], bool], depth: int) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for fam, rest in _unprefix(stem):
        if fam and suffix and suffix not in _CONFIX.get(fam, frozenset({suffix})):
            continue
        if fam in ("di", "ke") and not suffix and rest.endswith("an") and not rest.endswith("kan"):
            continue  # "dilingkungan": a preposition run into a noun (an -an word comes by the suffix)
        if not fam:
            if len(rest) >= MIN_ROOT and is_root(rest):
                out.append(("", rest))
            continue
        if len(rest) >= MIN_ROOT and is_root(rest):
            out.append((fam, rest))
        elif depth > 1:  # a second prefix inside: ke-ber-lanjut-an, mem-per-kuat
            out += [(fam, *inner) for inner in _prefixed(rest, "", is_root, depth - 1) if inner[0]]
    return out


def _reduplication(word: str, is_root: Callable[[str], bool]) -> list[tuple[str, ...]]:
    """'undang-undang', 'sebaik-baiknya', 'surat-menyurat': every part a word or a derivation."""
    parts = [p for p in word.split("-") if p]
    if not parts:
        return []
    ok = all(is_root(p) or derivations(p, is_root) for p in parts)
    return [("redup", *parts)] if ok else []


@dataclass(frozen=True, slots=True)
class RootCores:
    """What each root of at least :data:`MIN_ROOT` letters leaves inside a word derived from it:
    the root itself, or the root less the first letter a nasal prefix swallows (pantau ->
    pem-antau-an); and the first four letters of each (a quick refusal).  For
    :func:`may_be_derived`."""

    cores: frozenset[str]
    heads: frozenset[str]


def root_cores(roots: Iterable[str]) -> RootCores:
    swallowed = {letter for lost in _NASAL.values() for letter in lost if letter}
    out: set[str] = set()
    for root in roots:
        if len(root) >= MIN_ROOT:
            out.add(root)
            if root[0] in swallowed:
                out.add(root[1:])
    return RootCores(frozenset(out), frozenset(c[: MIN_ROOT - 1] for c in out))


def may_be_derived(word: str, roots: RootCores) -> bool:
    """False when :func:`derivations` cannot find a root in ``word`` (``roots`` from
    :func:`root_cores` of every root ``is_root`` accepts).  Every root it tries is a swallowed
    letter (or none) and the piece of the word between where a chain of at most two prefixes can
    end and where its suffixes can start; when none of those pieces is a root's core there is no
    derivation.  Affix pairings and length limits are not checked here, so this may say yes
    wrongly, never no wrongly: it spares the slow analysis (and a Hunspell lookup) for the one-edit
    variants of a misspelling, nearly all of which hold no root where a root can stand (issue
    14).  A word with a hyphen (a reduplication): True."""
    w = word.lower()
    if "-" in w:
        return True
    ends = _prefix_ends(w)
    k = MIN_ROOT - 1
    if not any(w[i : i + k] in roots.heads for i in ends):
        return False
    starts = _suffix_starts(w)
    return any(w[i:j] in roots.cores for i in ends for j in starts if j - i >= k)


def _prefix_ends(w: str) -> set[int]:
    """Where a root can begin in ``w`` after :func:`_unprefix` (twice at most): the end of a prefix,
    or inside a second prefix that starts with the letter the first one swallowed."""
    ends = {0}
    for p, lost in _PREFIX_BY_HEAD.get(w[:2], ()):
        if not w.startswith(p):
            continue
        ends.add(len(p))
        for letter in lost:
            rest = letter + w[len(p) :]
            ends.update(
                len(p) + len(q) - len(letter)
                for q, _ in _PREFIX_BY_HEAD.get(rest[:2], ())
                if rest.startswith(q)
            )
    return ends


def _suffix_starts(w: str) -> set[int]:
    """Where a root can end in ``w`` after :func:`_unsuffix`."""
    n = len(w)
    bases = [n, *(n - len(x) for x in _PARTICLES if w.endswith(x))]
    return {*bases, *(b - len(s) for b in bases for s in _SUFFIXES if w.endswith(s, 0, b))}


@functools.lru_cache(maxsize=262144)
def is_derived(word: str, is_root: Callable[[str], bool]) -> bool:
    """True when ``word`` is a known root or a well-formed derivation of one (cached per word and
    root test: candidate generation asks about the same stems again and again)."""
    return bool(derivations(word, is_root))
