"""Issue 14: the cheap root test in front of Hunspell never refuses a derivation.

``may_be_derived`` spares the one-edit variants of a misspelling the Hunspell lookup and the
morphology; it may say yes wrongly but must never say no to a word :func:`is_derived` accepts.
Checked on derivations built from the real lexicon and dictionary with every prefix (one or two,
nasal ones with their swallowed letter), suffix and particle, and on the one-edit variants of
misspellings; the repair candidates are the same as without it (the old set, computed here).
"""

from __future__ import annotations

import random

from rencana.normalise import lexicon
from rencana.normalise.morphology import _NASAL, _PLAIN, is_derived, may_be_derived
from rencana.normalise.reconcile import default_reconciler

_SUFFIX_CHAINS = ("", "an", "kan", "i", "nya", "annya", "kannya", "lah", "kanlah", "pun")


def _roots(n: int) -> list[str]:
    rng = random.Random(14)
    lex = default_reconciler().lexicon
    words = sorted(w for w in lex.words if w.isalpha() and len(w) >= 5)
    return rng.sample(words, n // 2) + rng.sample(list(lexicon.dictionary_stems()), n // 2)


def _derivations(roots: list[str]) -> set[str]:
    prefixes = ["", *_NASAL, *_PLAIN]
    chains = [*prefixes, *(a + b for a in ("ke", "mem", "peng") for b in prefixes)]
    out: set[str] = set()
    for root in roots:
        for p in chains:
            for s in _SUFFIX_CHAINS:
                out.update({p + root + s, p + root[1:] + s})  # root[1:]: a letter the nasal swallowed
    return out


def test_no_derivation_is_refused() -> None:
    lex = default_reconciler().lexicon
    words = _derivations(_roots(24))
    derived = [w for w in words if is_derived(w, lex._fast_root)]
    assert len(derived) > 2_000  # the test sees real derivations, not only nonsense
    refused = [w for w in derived if not may_be_derived(w, lex._root_cores)]
    assert refused == []


def test_misspellings_variants_mostly_refused_and_never_wrongly() -> None:
    lex = default_reconciler().lexicon
    variants: set[str] = set()
    for word in ("pelaksanan", "pemantauaan", "sosialsasi", "penyelengaraan", "kesekretariatn"):
        variants |= lexicon._edits1(word)
    said = {v: may_be_derived(v, lex._root_cores) for v in variants}
    assert not [v for v, ok in said.items() if not ok and is_derived(v, lex._fast_root)]
    assert sum(not ok for ok in said.values()) > 0.8 * len(said)  # the lookups it spares


def test_repair_candidates_unchanged() -> None:
    lex = default_reconciler().lexicon

    def before(w: str) -> list[str]:  # the set as computed before the root test (issue 14)
        return sorted(
            v
            for v in lexicon._edits1(w)
            if v in lex.words
            or (lexicon.in_dictionary(v) and (v in lex._stem_set or is_derived(v, lex._fast_root)))
        )

    for word in ("pengunggahn", "keberlanjutn", "pemantaun", "penganggarn", "penulisn"):
        assert lex._derived_candidates(word) == before(word)
