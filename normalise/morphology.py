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
from collections.abc import Callable, Iterator

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


@functools.lru_cache(maxsize=262144)
def is_derived(word: str, is_root: Callable[[str], bool]) -> bool:
    """True when ``word`` is a known root or a well-formed derivation of one (cached per word and
    root test: candidate generation asks about the same stems again and again)."""
    return bool(derivations(word, is_root))
