"""Signatory and certifier names: kept only when they read as a person's name.

An official's name is printed as optional front titles (``Dr.``, ``Drs.``, ``Ir.``, ``H.``),
one to six name words (letters, an apostrophe or a hyphen, opening with a capital; a single
letter only as an initial with its full stop; ``bin``/``binti`` and the like in lower case),
then academic degrees after a comma (``S.H.``, ``S.AP.``, ``M.Si.``, ``S.Kom.``, ``Ph.D.``).
Every name word has a vowel.
What OCR makes of a smudged signature block ("TTR G", "WAHYU NUR.PUR OMO") fails this
grammar and is left empty, with a ``name_unreadable`` issue naming the field: a missing name
is flagged, a garbled one would be wrong data.
"""

from __future__ import annotations

import re

from rencana.schema.issues import Issue, IssueCode

FRONT_TITLES = frozenset({"dr.", "drs.", "dra.", "ir.", "h.", "hj.", "prof.", "kh."})
PARTICLES = frozenset({"bin", "binti", "van", "de", "al", "el"})
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Z]\.")
DEGREE = re.compile(r"(?:[A-Z][A-Za-z]{0,4}\.){1,3}(?:[A-Z][A-Za-z]{0,3})?\.?")
VOWELS = frozenset("AEIOUYaeiouy")
MAX_WORDS = 6


def _name_words(words: list[str]) -> bool:
    if not 1 <= len(words) <= MAX_WORDS:
        return False
    for w in words:
        if w.lower() in PARTICLES:
            continue
        if not WORD.fullmatch(w) or not w[0].isupper():
            return False  # a name word opens with a capital; "gus Rosyid" lost its first letters
        if len(w) > 2 and not VOWELS & set(w):
            return False
    return any(len(w) > 2 for w in words)


def is_name(text: str) -> bool:
    """Whether ``text`` reads as an official's name (titles, name words, degrees)."""
    head, *degrees = [part.strip() for part in text.split(",")]
    words = head.split()
    while words and words[0].lower() in FRONT_TITLES:
        words = words[1:]
    tail = [w for w in words if DEGREE.fullmatch(w) and w.count(".") >= 2]
    if tail and words[-len(tail) :] == tail:  # degrees without a comma: "ROSYID S.AP."
        words = words[: -len(tail)]
    return _name_words(words) and all(DEGREE.fullmatch(d) for part in degrees for d in part.split() if part)


def checked_names(
    signed_by: str, certified_by: str, signed_by_other: str = "", scanned: bool = False
) -> tuple[str, str, list[Issue]]:
    """The two names, each emptied (with an issue) when it is not a name; the signatory
    cross-checked with its reading in the other signature block (:func:`cross_checked`).

    Read by OCR (``scanned``), a lone word without titles or degrees ("IKYSD", "NASA") is what a
    signature's or a stamp's strokes read as far more often than an official's whole name: it is
    not taken either.
    """
    issues: list[Issue] = []
    out = []
    for field, text in (("signed_by", signed_by), ("certified_by", certified_by)):
        if text and (not is_name(text) or (scanned and _scrap(text))):
            issues.append(Issue(IssueCode.NAME_UNREADABLE, text, field=field))
            text = ""
        out.append(text)
    if signed_by_other and not (scanned and _scrap(signed_by_other)):
        out[0], more = cross_checked(out[0], signed_by, signed_by_other)
        issues = [i for i in issues if i.field != "signed_by" or out[0] == ""] + more
    return out[0], out[1], issues


def _key(name: str) -> str:
    """A name's words without titles, degrees and punctuation, for comparing two readings."""
    head = name.split(",")[0].split()
    while head and head[0].lower() in FRONT_TITLES:
        head = head[1:]
    return " ".join(re.sub(r"[^A-Za-z]", "", w).upper() for w in head if not DEGREE.fullmatch(w))


MAX_LOST = 8  # letters a signature or stamp may hide at the start of a name
MAX_LOST_INSIDE = 2  # ... or inside it, where a signature's stroke crosses the name


def _lost_start(short: str, full: str) -> bool:
    """``short`` is ``full`` with up to :data:`MAX_LOST` of its first letters, or its first
    whole words, or up to :data:`MAX_LOST_INSIDE` letters elsewhere lost (the two blocks name one
    signatory: OCR drops the letters a pen stroke crosses, it does not add them in order)."""
    a, b = short.replace(" ", ""), full.replace(" ", "")
    if len(a) >= 4 and b.endswith(a) and 0 < len(b) - len(a) <= MAX_LOST:
        return True
    if len(a) >= 4 and 0 < len(b) - len(a) <= MAX_LOST_INSIDE and _subsequence(a, b) and not _stroke(a, b):
        return True
    words, whole = short.split(), full.split()  # whole words lost under a stamp: "NUGROHO"
    if 0 < len(words) < len(whole) and whole[-len(words) :] == words:
        return True
    return _lost_end(words, whole) or _lost_in_word(words, whole)


MAX_LOST_WORD = 4  # letters a stroke may hide inside one name word ("FR" for "FITRI")


def _lost_in_word(words: list[str], whole: list[str]) -> bool:
    """``words`` is ``whole`` word for word but one word, whose letters are that word's in
    order with its first kept and up to :data:`MAX_LOST_WORD` lost ("FR BUDI" / "FITRI BUDI")."""
    if len(words) != len(whole) or len(words) < 2:
        return False
    differ = [(a, b) for a, b in zip(words, whole, strict=True) if a != b]
    if len(differ) != 1:
        return False
    a, b = differ[0]
    lost = a[:1] == b[:1] and 0 < len(b) - len(a) <= MAX_LOST_WORD and _subsequence(a, b)
    return lost and not _stroke(a, b)


STROKES = frozenset("IL1|!/l")  # what a pen stroke crossing a name is read as


def _stroke(short: str, full: str) -> bool:
    """Whether ``full``'s letters beyond ``short``'s are all stroke-shaped: a signature's stroke
    read as a letter ("FAULZI" for "FAUZI" on clean scan 3-005), not letters the shorter lost."""
    rest, i = [], 0
    for c in full:
        if i < len(short) and c == short[i]:
            i += 1
        else:
            rest.append(c)
    return bool(rest) and set(rest) <= STROKES


def _lost_end(words: list[str], whole: list[str]) -> bool:
    """``words`` is ``whole`` with up to :data:`MAX_LOST` letters of its last word lost, the cut
    inside that word ("FAJAR MAN" / "FAJAR MANURUNG": a stroke over the name's end)."""
    if len(words) != len(whole) or words[:-1] != whole[:-1] or len("".join(words)) < 4:
        return False
    last, full = words[-1], whole[-1]
    return full.startswith(last) and 0 < len(full) - len(last) <= MAX_LOST


def _subsequence(a: str, b: str) -> bool:
    """Whether the letters of ``a`` appear in ``b`` in order."""
    it = iter(b)
    return all(ch in it for ch in a)


def _scrap(name: str) -> bool | None:
    """True for a lone name word without titles or degrees ("NASA"), False for two or more name
    words with a degree or a title ("ARIF SYAHPUTRA, S.IP."), None for anything between."""
    words = _key(name).split()
    head = name.split(",")[0].split()
    marked = "," in name or any(w.lower() in FRONT_TITLES or DEGREE.fullmatch(w) for w in head)
    if len(words) == 1 and not marked:
        return True
    return False if len(words) >= 2 and marked else None


def cross_checked(kept: str, read: str, other: str) -> tuple[str, list[Issue]]:
    """The signatory from two signature blocks: ``kept`` (this block's reading ``read`` once
    checked, "" if it failed) and ``other`` (the other block's).  Agreeing: kept; one readable,
    or one the other with letters lost under a signature (:func:`_lost_start`): that one, and said
    so when it is the other block's; two different names: empty, with both."""
    if kept and not is_name(other) and (whole := _with_degrees_of(other, kept)):
        return whole, [Issue(IssueCode.NAME_FROM_OTHER_BLOCK, read, field="signed_by")]
    other_ok = is_name(other)
    if kept and other_ok and _key(kept) != _key(other) and _scrap(kept) != _scrap(other):
        # one block's reading a lone bare word, the other's a full name with its degrees or
        # titles: a signature's strokes read as a word ("NASA"), not a second name
        return (
            (other, [Issue(IssueCode.NAME_FROM_OTHER_BLOCK, read, field="signed_by")])
            if _scrap(kept)
            else (kept, [])
        )
    if kept and other_ok and _key(kept) != _key(other):
        if _lost_start(_key(kept), _key(other)):  # "YA NUGROHO" is "MAYA NUGROHO" cut short
            return other, [Issue(IssueCode.NAME_FROM_OTHER_BLOCK, read, field="signed_by")]
        if _lost_start(_key(other), _key(kept)):
            return kept, []
        if _scrawled(_key(kept), _key(other)):
            return other, [Issue(IssueCode.NAME_FROM_OTHER_BLOCK, read, field="signed_by")]
        if _scrawled(_key(other), _key(kept)):
            return kept, []
        detail = f"{kept!r} vs {other!r}"
        return "", [Issue(IssueCode.SIGNATURES_DISAGREE, detail, field="signed_by")]
    if not kept and other_ok and _cut_short(_key(other), read):
        detail = f"{read!r} vs {other!r}"
        return "", [Issue(IssueCode.SIGNATURES_DISAGREE, detail, field="signed_by")]
    if not kept and other_ok:
        return other, [Issue(IssueCode.NAME_FROM_OTHER_BLOCK, read, field="signed_by")]
    if kept and other_ok and _whole_degrees(other) > _whole_degrees(kept):
        return other, [Issue(IssueCode.NAME_FROM_OTHER_BLOCK, read, field="signed_by")]
    return kept, []


def _with_degrees_of(other: str, kept: str) -> str:
    """``other``'s name words with ``kept``'s degrees, when only ``other``'s degrees fail the
    grammar and ``kept``'s name words are ``other``'s with letters lost at the start (753-007,
    photocopy: "EGUH SUSANTO, M.H., S.E." under a signature's stroke, "TEGUH SUSANTO, MB, S.E."
    in the other block: the name from one, the degrees from the other); "" otherwise."""
    _, sep, degrees = kept.partition(",")
    name = other.split(",")[0].strip()
    if not sep or not is_name(name) or not _lost_start(_key(kept), _key(name)):
        return ""
    return f"{name},{degrees}"


def _cut_short(name: str, read: str) -> bool:
    """Whether the letters of the unreadable ``read`` run on past the start of ``name`` (the
    other block's key): that reading lost its first letters too, and what they were neither
    says (713-006, photocopy: "miVULAN HAKIM" under a stroke, "ULAN HAKIM" in the other block,
    for WULAN)."""
    letters = re.sub(r"[^A-Za-z]", "", read.split(",")[0]).upper()
    short = name.replace(" ", "")
    return len(short) >= 4 and letters.endswith(short) and len(letters) > len(short)


MIN_SCRAPS = 2


def _scrawled(name: str, clean: str) -> bool:
    """``name`` has more words than ``clean``, :data:`MIN_SCRAPS` or more of them of one or two
    letters where ``clean`` has none, and the two end in the same surname: a signature's strokes
    across the name's start read as scraps of letters ("MA NG NAL AGUS LUBIS" / "ZAINAL AGUS
    LUBIS": photocopy 731-004), not a second signatory.  One short word ("TR BUDI" / "FITRI
    BUDI") may be another name: not taken."""

    def scraps(words: list[str]) -> int:
        return sum(len(w) <= 2 and w.lower() not in PARTICLES for w in words)

    words, whole = name.split(), clean.split()
    more = len(words) > len(whole) and scraps(words) >= MIN_SCRAPS
    return more and len(whole) >= 2 and words[-1:] == whole[-1:] and scraps(whole) == 0


def _whole_degrees(name: str) -> int:
    """Degrees after the name that close with their stop ("M.Si." against "M.SL", which a stop
    read as a letter left open: photocopy 733-009)."""
    return sum(d.endswith(".") for part in name.split(",")[1:] for d in part.split())
