"""Vocabulary-free text cleanup: Unicode, markup, whitespace, line-wrap hyphens.

``clean_text`` is idempotent and meaning-preserving; ``whitespace_normalise`` is
the light form kept in ``*_raw`` columns.  ``clean_with_changes`` also names the
rules that fired, for the audit table.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

log = logging.getLogger(__name__)

# Characters NFKC must leave alone (month-grid marks); NFKC keeps them today, the
# test suite pins it.
KEEP_CHARS = frozenset("√✓")

_MAX_PASSES = 8

_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_TAG_RE = re.compile(r"</?\s*(?:i|b|u|em|strong|sub|sup|span)\s*/?\s*>", re.IGNORECASE)
_BR_RE = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-"})
# one-letter prefix + "- " + word: "E- Lapkin" -> "E-Lapkin" (not after a digit or a letter)
_PREFIX_RE = re.compile(r"(?<![\w.-])([A-Za-z])- (?=\w)")
# word + "- " + word: a hyphen left at a line break
_WRAP_RE = re.compile(r"(?<![\w-])(\w+)- (\w+)")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"(?<=\S) +([,;:.!?)\]])")
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[]) +")
_SLASH_SPACE_RE = re.compile(r"(?<=\w)/ (?=\w)")

# A suspended hyphen before these words is not a line-wrap artefact: "pra- dan pascapemilu".
_CONNECTORS = frozenset({"dan", "atau", "serta", "maupun", "hingga", "sampai", "s", "and", "or"})
# Hyphenated compounds that are not reduplications of a shared stem.
KNOWN_COMPOUNDS = frozenset(
    {
        "bolak-balik",
        "sayur-mayur",
        "ramah-tamah",
        "gerak-gerik",
        "lauk-pauk",
        "serba-serbi",
        "tegur-sapa",
        "warna-warni",
        "mondar-mandir",
        "compang-camping",
        "porak-poranda",
        "hiruk-pikuk",
        "tindak-tanduk",
        "robak-rabik",
        "kait-mengait",
        "pontang-panting",
    }
)


def whitespace_normalise(s: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, newlines included) to one space and strip."""
    return " ".join(s.split())


def _is_reduplication(head: str, tail: str) -> bool:
    """True for ``undang-undang``, ``sebaik-baiknya``, ``surat-menyurat``, ``bolak-balik``."""
    h, t = head.lower(), tail.lower()
    if h == t or f"{h}-{t}" in KNOWN_COMPOUNDS:
        return True
    for k in range(min(len(h), len(t)), 2, -1):
        if h[-k:] == t[:k]:
            return True
    return len(h) >= 4 and len(t) > len(h) and t.endswith(h[-4:])


def _join_wrap(m: re.Match[str]) -> str:
    head, tail = m.group(1), m.group(2)
    if (
        head[-1].isalpha()
        and tail[0].islower()
        and tail.isalpha()
        and len(head) >= 2
        and tail.lower() not in _CONNECTORS
        and not _is_reduplication(head, tail)
    ):
        return head + tail
    if tail.lower() in _CONNECTORS:
        return m.group(0)
    return f"{head}-{tail}"


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _tags(s: str) -> str:
    return _TAG_RE.sub("", _BR_RE.sub(" ", s))


def _quotes(s: str) -> str:
    return s.translate(_QUOTES)


def _invisible(s: str) -> str:
    return _INVISIBLE_RE.sub("", s)


def _prefix_hyphen(s: str) -> str:
    return _PREFIX_RE.sub(r"\1-", s)


def _dehyphenate(s: str) -> str:
    return _WRAP_RE.sub(_join_wrap, s)


def _slash_space(s: str) -> str:
    return _SLASH_SPACE_RE.sub("/", s)


def _punct_space(s: str) -> str:
    return _SPACE_AFTER_OPEN_RE.sub(r"\1", _SPACE_BEFORE_PUNCT_RE.sub(r"\1", s))


# Order matters: markup and Unicode first, whitespace before the hyphen rules
# (which look for exactly "- "), punctuation spacing last.
RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("nfkc", _nfkc),
    ("invisible_chars", _invisible),
    ("html_tags", _tags),
    ("typographic_quotes", _quotes),
    ("whitespace", whitespace_normalise),
    ("prefix_hyphen", _prefix_hyphen),
    ("line_wrap_hyphen", _dehyphenate),
    ("slash_space", _slash_space),
    ("space_before_punct", _punct_space),
)


def clean_with_changes(s: str) -> tuple[str, list[str]]:
    """Clean ``s`` and name the rules that changed it (each once, in rule order).

    The rules run to a fixed point, which is what makes the cleanup idempotent.
    """
    fired: set[str] = set()
    current = s
    for _ in range(_MAX_PASSES):
        before = current
        for name, rule in RULES:
            after = rule(current)
            if after != current:
                fired.add(name)
                current = after
        if current == before:
            break
    else:  # pragma: no cover - the rules only shrink or map text, so this is a safety net
        log.warning("clean_text did not reach a fixed point for %r", s[:80])
    return current, [name for name, _ in RULES if name in fired]


def clean_text(s: str) -> str:
    """Meaning-preserving cleanup: NFKC, tags, whitespace, wrap hyphens, punctuation spacing."""
    return clean_with_changes(s)[0]
