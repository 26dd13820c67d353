"""Reconcile a document's kegiatan, sub kegiatan and indikator cells with the vocabulary.

Two layers, each logged as :class:`Correction` rows (the audit trail):

1. words (:mod:`normalise.lexicon`): *sure* misspellings repaired inside every cell, method
   ``lexicon`` (``manual`` for human decisions); a repair that needs review is logged with
   ``needs_review`` and **not applied**; an ambiguous word is left as printed (``unmatched``);
2. labels (:mod:`normalise.match`): the name of each kegiatan and of each sub-kegiatan item (its
   text before a nested " : a. … b. …" list) mapped to a canonical entry.  The mapping goes
   **beside** the text (``kegiatan_id`` / ``kegiatan_canonical`` / score / method, the same per
   sub-kegiatan item); the printed wording is never replaced by the canonical sentence (only a
   human's free-text replacement rewrites a label).  Every label decision is logged with
   ``corrected == raw`` and its ``canonical_id``, so the review sheet can re-file any of them.

A kegiatan (a merged cell) is logged once, on the first row of its span.  Indicator items get word
repairs only: there is no canonical list of indicators.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rencana.normalise.items import split_items_numbered
from rencana.normalise.lexicon import Lexicon, WordFix
from rencana.normalise.match import SURE, LabelMatch, LabelMatcher, fill_template
from rencana.normalise.sentence import Sentence, sentence_fixes
from rencana.normalise.text import clean_with_changes
from rencana.normalise.vocabulary import Vocabulary, load_vocabulary
from rencana.schema.numbering import ITEM_MARKER
from rencana.schema.records import Correction

log = logging.getLogger(__name__)

_PREFIX = re.compile(rf"^\s*{ITEM_MARKER}\s*")
_PARTS = re.compile(r"\s*:\s*(?=(?:[a-z]|\d{1,2})[.)]\s)")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_Scope = tuple[frozenset[str] | None, ...]


def strip_number(text: str) -> str:
    """'1. Pembangunan Zona Integritas' → 'Pembangunan Zona Integritas'."""
    return _PREFIX.sub("", text, count=1).strip()


@dataclass(slots=True)
class RowCells:
    """One plan row's label and indicator cells, as printed (whitespace-normalised)."""

    row_no: int
    area_id: str | None
    kegiatan_raw: str
    kegiatan_starts: bool  # first row of the kegiatan's merged cell
    sub_raw: str
    indikator_raw: Sequence[str]  # the indicator cell's top-level items


@dataclass(frozen=True, slots=True)
class Mapped:
    """One label's place in the template: id, canonical name (slots as printed), score, method."""

    id: str | None
    canonical: str | None
    score: float | None
    method: str


@dataclass(slots=True)
class RowResult:
    kegiatan: str | None = None
    kegiatan_map: Mapped | None = None
    sub_kegiatan: str | None = None
    sub_maps: list[Mapped] = field(default_factory=list)
    indikator: list[str] = field(default_factory=list)
    needs_review: bool = False

    @property
    def kegiatan_id(self) -> str | None:
        return self.kegiatan_map.id if self.kegiatan_map else None

    @property
    def sub_kegiatan_ids(self) -> list[str | None]:
        return [m.id for m in self.sub_maps]


@dataclass(slots=True)
class Reconciled:
    rows: list[RowResult]
    corrections: list[Correction]
    unmatched_labels: int = 0
    word_repairs: int = 0


@dataclass(slots=True)
class _Cell:
    """A cleaned cell being worked on: its word repairs and its label heads."""

    row_no: int
    fld: str
    text: str
    fixes: list[WordFix]
    heads: list[tuple[int, int]]  # spans of the label parts
    matches: list[LabelMatch] = field(default_factory=list)

    def head(self, a: int, b: int) -> str:
        """The label text of span [a, b) with the word repairs inside it applied."""
        inside = [f for f in self.fixes if a <= f.start and f.end <= b]
        return _apply(self.text[a:b], [(f.start - a, f.end - a, f.corrected) for f in inside])


def _item_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the top-level items of a cell ("1. … 2. …"), each up to a nested ' : a. …' list."""
    spans: list[tuple[int, int]] = []
    pos = 0
    items = split_items_numbered(text)
    if any(item.marker and not item.marker.lstrip("(")[:1].isdigit() for item in items):
        return [_head(text, 0, len(text))]  # a lettered list is the parts of one name ("hukum: a. … b. …")
    for item in items:
        start = text.find(item.text, pos)
        if start < 0:
            return [_head(text, 0, len(text))]
        spans.append(_head(text, start, start + len(item.text)))
        pos = start + len(item.text)
    return spans


def _head(text: str, start: int, end: int) -> tuple[int, int]:
    m = _PARTS.search(text, start, end)
    return (start, m.start()) if m else (start, end)


def _apply(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    out = text
    for a, b, new in sorted(edits, reverse=True):
        out = out[:a] + new + out[b:]
    return out


def _mapped(m: LabelMatch, head: str, names: dict[str, str]) -> list[Mapped]:
    """The mapping of one label head (two entries for two names run together)."""
    if not m.canonical_id:
        return [Mapped(None, None, m.score, m.decision)]
    method = m.scorer if m.scorer == "contains" else m.decision
    out = []
    for i in m.canonical_id.split("+"):
        template = names.get(i)
        filled = fill_template(template, head) if template else None
        out.append(Mapped(i, filled or template, m.score, method))
    return out


def _label_correction(cell: _Cell, head: str, m: LabelMatch) -> Correction:
    """A label decision for the audit and review: the text is kept; the mapping is the canonical id."""
    return Correction(
        cell.row_no,
        cell.fld,
        head,
        m.replacement if m.replacement is not None else head,
        m.score,
        m.decision,
        m.needs_review,
        scorer=m.scorer,
        canonical_id=m.canonical_id,
        suggestions=m.suggestions,
        level="label",
    )


def _word_correction(row_no: int, fld: str, f: WordFix) -> Correction:
    """A word decision; a repair that needs review is logged as proposed: the text keeps the printed
    word (``corrected == raw``, method ``unmatched``) and the proposal is the first suggestion."""
    proposed = f.needs_review and f.corrected != f.raw
    return Correction(
        row_no,
        fld,
        f.raw,
        f.raw if proposed else f.corrected,
        f.score,
        "unmatched" if proposed else f.method,
        f.needs_review,
        scorer=f.scorer,
        suggestions=(f.corrected, *f.suggestions) if proposed else f.suggestions,
        level="word",
    )


class Reconciler:
    """Everything needed to reconcile documents against one vocabulary (reuse it across documents)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.lexicon = Lexicon(vocab)
        self.kegiatan = LabelMatcher(vocab, "kegiatan")
        self.sub = LabelMatcher(vocab, "sub_kegiatan")
        words: dict[str, frozenset[str]] = {}
        for k in vocab.kegiatan:
            kw = _words(k.canonical, *k.variants)
            subw = frozenset().union(*(_words(s.canonical, *s.variants) for s in k.subs))
            words[k.id] = kw | subw
            for s in k.subs:
                words[s.id] = kw | _words(s.canonical, *s.variants, *s.parts, *s.indikator)
        self.context_words = words
        self.names = {k.id: k.canonical for k in vocab.kegiatan} | {s.id: s.canonical for s in vocab.subs}
        self.indikator = {s.id: s.indikator for s in vocab.subs}

    # ------------------------------------------------------------ sentence context
    def _label_sentences(self, m: LabelMatch, head: str) -> list[Sentence]:
        """The canonical sentences a label head may be read against: its match's (sure when the match
        is), else the nearest entries the matcher suggested (never sure: every word must be printed)."""
        sure = (
            m.canonical_id is not None
            and "+" not in m.canonical_id
            and m.decision in ("exact", "variant", "fuzzy")
            and not m.needs_review
            and m.score >= SURE
        )
        ids = m.canonical_id.split("+") if m.canonical_id else []
        ids += [i for i in m.suggestions if "+" not in i and i not in ids]
        out = []
        for i in ids:
            template = self.names.get(i)
            if template:
                out.append(Sentence(fill_template(template, head) or template, sure and i == m.canonical_id))
        return out

    def _sentence_pass(self, cells: Sequence[_Cell], matcher: LabelMatcher, scopes: Sequence[_Scope]) -> None:
        """Word repairs backed by each head's canonical sentence; a head changed by them whose match was
        not sure is matched again (one ``match`` call for them all)."""
        again: list[tuple[_Cell, int, _Scope]] = []
        k = 0
        for cell in cells:
            for h, ((a, b), m) in enumerate(zip(cell.heads, cell.matches, strict=True)):
                scope = scopes[k]
                k += 1
                if m.decision == "manual":
                    continue
                before = cell.head(a, b)
                cell.fixes = sentence_fixes(
                    self.lexicon, cell.text, (a, b), cell.fixes, self._label_sentences(m, before)
                )
                if cell.head(a, b) != before and (m.needs_review or m.canonical_id is None):
                    again.append((cell, h, scope))
        if again:
            new = matcher.match([(c.head(*c.heads[h]), scope) for c, h, scope in again])
            for (c, h, _), m in zip(again, new, strict=True):
                old = c.matches[h]
                if m.canonical_id and (old.canonical_id is None or (old.needs_review and not m.needs_review)):
                    c.matches[h] = m

    # ------------------------------------------------------------ cells
    def _cell(self, row_no: int, fld: str, raw: str, context: frozenset[str], items: bool) -> _Cell:
        text = " ".join(raw.split())
        fixes = self.lexicon.fix(text, fld, context)
        heads = _item_spans(text) if items else [_head(text, 0, len(text))]
        return _Cell(row_no, fld, text, fixes, [h for h in heads if h[1] > h[0]])

    def _finish(self, cell: _Cell, out: list[Correction]) -> tuple[str, list[Mapped], int]:
        """Apply the cell's *sure* word repairs; log every decision; the label mapping goes beside.

        The printed wording stays: a label decision never rewrites the text (only a human's
        free-text replacement does), and a word repair that needs review is proposed, not applied.
        """
        edits: list[tuple[int, int, str]] = []
        kept: list[tuple[int, int]] = []  # heads a human asked to keep exactly as printed
        mapped: list[Mapped] = []
        unmatched = 0
        for (a, b), m in zip(cell.heads, cell.matches, strict=True):
            head = cell.head(a, b)
            mapped.extend(_mapped(m, head, self.names))
            unmatched += m.decision == "unmatched"
            if m.decision == "manual" and m.canonical_id is None and m.replacement is None:
                kept.append((a, b))
            if m.replacement is not None and m.replacement != head:
                edits.append((a, b, m.replacement))
                kept.append((a, b))
            out.append(_label_correction(cell, head, m))  # every mapping, so an analyst can re-file it
        for f in cell.fixes:
            if any(a <= f.start and f.end <= b for a, b in kept):
                continue
            out.append(_word_correction(cell.row_no, cell.fld, f))
            if f.corrected != f.raw and not f.needs_review:
                edits.append((f.start, f.end, f.corrected))
        return _apply(cell.text, edits), mapped, unmatched

    # ------------------------------------------------------------ document
    def reconcile(self, rows: Sequence[RowCells]) -> Reconciled:
        result = Reconciled([RowResult() for _ in rows], [])
        out = result.corrections
        # kegiatan: one decision per merged cell
        keg_cells: list[tuple[int, _Cell]] = []
        for i, r in enumerate(rows):
            if r.kegiatan_raw and (r.kegiatan_starts or i == 0 or rows[i - 1].kegiatan_raw != r.kegiatan_raw):
                keg_cells.append(
                    (i, self._clean_cell(r.row_no, "kegiatan", r.kegiatan_raw, frozenset(), out))
                )
        matches = self.kegiatan.match(
            [(c.head(a, b), self.kegiatan.scope(rows[i].area_id)) for i, c in keg_cells for a, b in c.heads]
        )
        pos = 0
        current: tuple[str | None, Mapped | None, int] = (None, None, -1)
        starts: dict[int, tuple[str | None, Mapped | None]] = {}
        for _, cell in keg_cells:
            cell.matches = matches[pos : pos + len(cell.heads)]
            pos += len(cell.heads)
        self._sentence_pass(
            [c for _, c in keg_cells],
            self.kegiatan,
            [self.kegiatan.scope(rows[i].area_id) for i, c in keg_cells for _ in c.heads],
        )
        for i, cell in keg_cells:
            text, ids, unmatched = self._finish(cell, out)
            result.unmatched_labels += unmatched
            starts[i] = (strip_number(text) or None, ids[0] if ids else None)
        for i, r in enumerate(rows):
            if i in starts:
                current = (*starts[i], i)
            elif not r.kegiatan_raw:
                current = (None, None, -1)
            result.rows[i].kegiatan, result.rows[i].kegiatan_map = current[0], current[1]
        # sub kegiatan: one decision per item, scoped by the row's kegiatan
        sub_cells: list[tuple[int, _Cell]] = []
        for i, r in enumerate(rows):
            if r.sub_raw:
                ctx = self.context_words.get(result.rows[i].kegiatan_id or "", frozenset())
                sub_cells.append(
                    (i, self._clean_cell(r.row_no, "sub_kegiatan", r.sub_raw, ctx, out, items=True))
                )
        matches = self.sub.match(
            [
                (c.head(a, b), self.sub.scope(rows[i].area_id, result.rows[i].kegiatan_id))
                for i, c in sub_cells
                for a, b in c.heads
            ]
        )
        pos = 0
        for _, cell in sub_cells:
            cell.matches = matches[pos : pos + len(cell.heads)]
            pos += len(cell.heads)
        self._sentence_pass(
            [c for _, c in sub_cells],
            self.sub,
            [
                self.sub.scope(rows[i].area_id, result.rows[i].kegiatan_id)
                for i, c in sub_cells
                for _ in c.heads
            ],
        )
        for i, cell in sub_cells:
            text, ids, unmatched = self._finish(cell, out)
            result.unmatched_labels += unmatched
            result.rows[i].sub_kegiatan = strip_number(text) or None
            result.rows[i].sub_maps = ids
        self._indicators(rows, result, out)
        by_row = {r.row_no: k for k, r in enumerate(rows)}
        for c in out:
            if c.row_no in by_row and c.needs_review:
                result.rows[by_row[c.row_no]].needs_review = True
        result.word_repairs = sum(1 for c in out if c.method in ("lexicon",) and c.corrected != c.raw)
        return result

    def _indicators(self, rows: Sequence[RowCells], result: Reconciled, out: list[Correction]) -> None:
        """Indicator items: words only, with the row's labels as context (their words break ties, their
        indicator phrases and names are the sentences an item may be read against)."""
        for i, r in enumerate(rows):
            res = result.rows[i]
            ctx = frozenset().union(
                *(
                    self.context_words.get(x or "", frozenset())
                    for x in (res.kegiatan_id, *res.sub_kegiatan_ids)
                )
            )
            row_ids = [x for x in (res.kegiatan_id, *res.sub_kegiatan_ids) if x]
            phrases = [p for x in row_ids for p in (self.names.get(x, ""), *self.indikator.get(x, ())) if p]
            items = []
            for item in r.indikator_raw:
                cleaned, _ = clean_with_changes(item)
                fixes = self.lexicon.fix(cleaned, "indikator", ctx)
                sentences = [Sentence(fill_template(p, cleaned) or p, False) for p in phrases]
                fixes = sentence_fixes(self.lexicon, cleaned, (0, len(cleaned)), fixes, sentences)
                cell = _Cell(r.row_no, "indikator", cleaned, fixes, [])
                text, _, _ = self._finish(cell, out)
                items.append(text)
            res.indikator = items

    def _clean_cell(
        self, row_no: int, fld: str, raw: str, ctx: frozenset[str], out: list[Correction], items: bool = False
    ) -> _Cell:
        text = raw if items else strip_number(raw)
        cleaned, rules = clean_with_changes(text)
        if cleaned != text and rules:
            out.append(Correction(row_no, fld, text, cleaned, 100.0, "clean", scorer="+".join(rules)))
        return self._cell(row_no, fld, cleaned, ctx, items)


def _words(*texts: str) -> frozenset[str]:
    return frozenset(w.lower() for t in texts for w in _WORD.findall(t.replace("<satker>", " ")))


@functools.cache
def _reconciler_for(version: str) -> Reconciler:
    return Reconciler(load_vocabulary())


def default_reconciler() -> Reconciler:
    """A reconciler for the current vocabulary (rebuilt when its files change)."""
    vocab = load_vocabulary()
    rec = _reconciler_for(vocab.version)
    return rec if rec.vocab is vocab or rec.vocab.version == vocab.version else Reconciler(vocab)


def warm() -> None:
    """Build the default reconciler and load the dictionary now (a fork server calls this once)."""
    from rencana.normalise.lexicon import dictionary_available

    default_reconciler()
    dictionary_available()
