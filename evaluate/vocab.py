"""Vocabulary figures of an evaluation: typo repairs, false corrections, canonical labels, satker, flags.

Read against the generated corpus's truth (``rencana-truth/1`` with the vocabulary fields of
``corpus/truth.py``):

* **typo-fix recall**: planted typos (``rows[].typos``) whose wrong form is gone from the output's
  normalised field and whose right form is there (case-insensitive: casing is not spelling);
* **false-correction rate**: words printed right (equal between the printed text and the expected
  text, and read as printed by the extraction) that the output's normalised text changed, over all
  such words; the probe phrases of the corpus put correct words the lexicon lacks among them;
* **labels mapped**: kegiatan and sub-kegiatan cells whose canonical ids are the truth's;
* **areas mapped**, **satker and region code right** (name clashes such as Kota/Kabupaten Banjar
  counted apart), **planted copy-paste satker names flagged** with that name, **duplicated
  Menetapkan phrases flagged**, and flags raised where nothing was planted.

A merged kegiatan cell is counted once per document, not once per row of its span.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources
from typing import Any

from rencana.schema.issues import IssueCode

LABEL_ONLY = frozenset({"dropped_word"})  # planted kinds a text repair never undoes (no words added)

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELDS = ("kegiatan", "sub_kegiatan", "indikator")


@dataclass(slots=True)
class VocabScore:
    typos: int = 0
    typos_fixed: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [planted, fixed]
    words_right: int = 0  # words printed right
    false_corrections: int = 0
    kegiatan_labels: int = 0
    kegiatan_right: int = 0
    sub_labels: int = 0
    sub_right: int = 0
    area_rows: int = 0
    area_right: int = 0
    documents: int = 0
    satker_right: int = 0
    region_right: int = 0
    clash_documents: int = 0
    clash_right: int = 0
    planted_other_satker: int = 0
    other_satker_flagged: int = 0
    false_other_satker_flags: int = 0
    planted_duplicates: int = 0
    duplicates_flagged: int = 0
    false_duplicate_flags: int = 0
    sub_rows: int = 0  # rows with a sub kegiatan in the truth
    sub_equal: int = 0  # ... whose normalised text equals the truth (printed, typos fixed), word by word
    ids_in_vocab: int = 0  # label items (kegiatan, sub kegiatan) whose activity the vocabulary holds
    ids_in_vocab_right: int = 0
    ids_open: int = 0  # label items the vocabulary does not hold (truth: a null id)
    ids_open_null: int = 0
    other_by_part: dict[str, list[int]] = field(default_factory=dict)  # part -> [planted, flagged]
    missed_typos: list[str] = field(default_factory=list)
    false_examples: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def typo_recall(self) -> float:
        return self.typos_fixed / self.typos if self.typos else 1.0

    @property
    def false_correction_rate(self) -> float:
        return self.false_corrections / self.words_right if self.words_right else 0.0

    @property
    def label_accuracy(self) -> float:
        total = self.kegiatan_labels + self.sub_labels
        return (self.kegiatan_right + self.sub_right) / total if total else 1.0

    def add(self, other: VocabScore) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, int):
                setattr(self, name, mine + theirs)
            elif isinstance(mine, list):
                mine.extend(theirs)
            elif isinstance(mine, dict):
                for k, (a, b) in theirs.items():
                    cur = mine.setdefault(k, [0, 0])
                    cur[0] += a
                    cur[1] += b


def _ambiguous_codes() -> frozenset[str]:
    text = resources.files("rencana.schema").joinpath("vocabulary/regions.csv").read_text(encoding="utf-8")
    out: set[str] = set()
    for r in csv.DictReader(io.StringIO(text)):
        if r["ambiguous_base_name"] == "yes":
            out.update(c for c in (r["code"], r["code_2022"]) if c)
    return frozenset(out)


def _count(text: str, phrase: str) -> int:
    words = [re.escape(w) for w in phrase.split()]
    if not words:
        return 0
    pattern = r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])"
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def _field_text(row: dict[str, Any] | None, fld: str) -> str:
    if row is None:
        return ""
    value = row.get(fld)
    if fld == "indikator":
        return " | ".join(str(x) for x in (value or []))
    return str(value or "")


def _tokens(text: str) -> list[str]:
    """Words and numbers, lower case; single letters (list markers "a.", "b.") left out."""
    return [t for t in _TOKEN.findall(text.lower()) if len(t) > 1 or t.isdigit()]


def _equal_indices(a: Sequence[str], b: Sequence[str]) -> set[int]:
    """Indices into ``b`` of the tokens that stay equal when ``a`` is aligned with ``b``."""
    out: set[int] = set()
    for tag, _, _, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.update(range(j1, j2))
    return out


def score_rows(
    truth_rows: Sequence[dict[str, Any]],
    out_rows: Sequence[dict[str, Any]],
    pairs: Sequence[tuple[int, int]],
    name: str,
) -> VocabScore:
    """Typo, false-correction, label and area figures of one document's aligned rows."""
    s = VocabScore()
    out_of = dict(pairs)
    seen_kegiatan: set[str] = set()
    for ti, t in enumerate(truth_rows):
        if "typos" not in t:
            continue  # a truth file from before the vocabulary fields
        o = out_rows[out_of[ti]] if ti in out_of else None
        first_of_span = t.get("kegiatan_raw", "") not in seen_kegiatan
        seen_kegiatan.add(t.get("kegiatan_raw", ""))
        for typo in t["typos"]:
            if (typo["field"] == "kegiatan" and not first_of_span) or typo["kind"] in LABEL_ONLY:
                continue  # a dropped word is never put back into the text: the label's id recovers it
            out_text, expected = _field_text(o, typo["field"]), _field_text(t, typo["field"])
            fixed = o is not None and (
                _count(out_text, typo["right"]) >= _count(expected, typo["right"])
                and _count(out_text, typo["wrong"]) <= _count(expected, typo["wrong"])
            )
            kind = s.by_kind.setdefault(typo["kind"], [0, 0])
            s.typos += 1
            kind[0] += 1
            if fixed:
                s.typos_fixed += 1
                kind[1] += 1
            elif len(s.missed_typos) < 40:
                s.missed_typos.append(
                    f"{name} row {ti + 1} {typo['field']}: {typo['wrong']!r} -> {typo['right']!r}"
                )
        if o is None:
            continue
        for fld in FIELDS:
            if fld == "kegiatan" and not first_of_span:
                continue
            printed = _field_text(t, f"{fld}_raw")
            want, got = _tokens(_field_text(t, fld)), _tokens(_field_text(o, fld))
            # printed right, and read right by the extraction: a word lost from the cell or moved to
            # another row by the table reader is not a correction of the vocabulary layer
            right = _equal_indices(_tokens(printed), want) & _equal_indices(
                _tokens(_field_text(o, f"{fld}_raw")), want
            )
            kept = _equal_indices(got, want)
            s.words_right += len(right)
            lost = sorted(right - kept)
            s.false_corrections += len(lost)
            if lost and len(s.false_examples) < 40:
                words = " ".join(want[i] for i in lost)
                s.false_examples.append(
                    f"{name} row {ti + 1} {fld}: {words!r} in {_field_text(o, fld)[:90]!r}"
                )
        _score_text_and_ids(s, t, o, first_of_span, name, ti)
        if t.get("kegiatan_id") and first_of_span:
            s.kegiatan_labels += 1
            s.kegiatan_right += o.get("kegiatan_id") == t["kegiatan_id"]
        if t.get("sub_kegiatan_ids"):
            s.sub_labels += 1
            s.sub_right += list(o.get("sub_kegiatan_ids") or []) == list(t["sub_kegiatan_ids"])
        s.area_rows += 1
        s.area_right += o.get("area") == t.get("area")
    return s


def _score_text_and_ids(
    s: VocabScore, t: dict[str, Any], o: dict[str, Any], first_of_span: bool, name: str, ti: int
) -> None:
    """Sub kegiatan equal to the truth; canonical ids right where the vocabulary holds the activity, null
    where it does not."""
    if t.get("sub_kegiatan"):
        s.sub_rows += 1
        equal = _tokens(_field_text(t, "sub_kegiatan")) == _tokens(_field_text(o, "sub_kegiatan"))
        s.sub_equal += equal
        if not equal and len(s.false_examples) < 80:
            s.false_examples.append(
                f"{name} row {ti + 1} sub_kegiatan: {_field_text(o, 'sub_kegiatan')[:90]!r} want "
                f"{_field_text(t, 'sub_kegiatan')[:90]!r}"
            )
    want_ids: list[str | None] = list(t.get("sub_kegiatan_ids") or [])
    got_ids: list[str | None] = list(o.get("sub_kegiatan_ids") or [])
    pairs = list(zip(want_ids, got_ids + [None] * (len(want_ids) - len(got_ids)), strict=False))
    if "kegiatan_id" in t and first_of_span:
        pairs.append((t.get("kegiatan_id"), o.get("kegiatan_id")))
    for want, got in pairs:
        if want:
            s.ids_in_vocab += 1
            s.ids_in_vocab_right += got == want
        else:
            s.ids_open += 1
            s.ids_open_null += got is None


def score_document(
    truth: dict[str, Any], doc: dict[str, Any] | None, issues: Sequence[Mapping[str, Any]] = ()
) -> VocabScore:
    """Satker, region code and planted-finding figures of one document (``issues``: its issues rows)."""
    s = VocabScore(documents=1)
    want = truth["document"]
    name = truth["source_file"]
    got = doc or {}
    satker_ok = got.get("satker") == want.get("satker")
    region_ok = (got.get("region_code") or None) == (want.get("region_code") or None)
    s.satker_right += satker_ok
    s.region_right += region_ok
    if not (satker_ok and region_ok):
        s.problems.append(
            f"{name}: satker {got.get('satker')!r}/{got.get('region_code')!r}, want "
            f"{want.get('satker')!r}/{want.get('region_code')!r}"
        )
    if (want.get("region_code") or "") in _ambiguous_codes():
        s.clash_documents += 1
        s.clash_right += satker_ok and region_ok
    if not want.get("has_front_matter", True):
        return s  # a lampiran-only PDF prints no preamble
    planted = want.get("other_satker_in_preamble")
    mismatch = [str(i["detail"]) for i in issues if i["code"] == IssueCode.PREAMBLE_SATKER_MISMATCH]
    if planted:
        s.planted_other_satker += 1
        part = s.other_by_part.setdefault(str(want.get("other_satker_part") or "menimbang"), [0, 0])
        part[0] += 1
        if planted in mismatch:
            s.other_satker_flagged += 1
            part[1] += 1
        else:
            s.problems.append(f"{name}: planted other satker {planted!r} not flagged (flags {mismatch})")
    elif mismatch:
        s.false_other_satker_flags += 1
        s.problems.append(f"{name}: other satker flagged but none planted: {mismatch}")
    dup = any(i["code"] == IssueCode.DUPLICATED_PHRASE for i in issues)
    if want.get("duplicated_phrase"):
        s.planted_duplicates += 1
        s.duplicates_flagged += dup
        if not dup:
            s.problems.append(f"{name}: duplicated Menetapkan phrase not flagged")
    elif dup:
        s.false_duplicate_flags += 1
        s.problems.append(f"{name}: duplicated phrase flagged but none planted")
    return s


def format_vocabulary(s: VocabScore, details: bool = False) -> list[str]:
    def pct(a: int, b: int) -> str:
        return f"{a / b:.2%} ({a}/{b})" if b else "n/a"

    labels = pct(s.kegiatan_right + s.sub_right, s.kegiatan_labels + s.sub_labels)
    lines = [
        "vocabulary",
        f"  typo-fix recall          {pct(s.typos_fixed, s.typos)}",
        f"  false corrections        {pct(s.false_corrections, s.words_right)} of words printed right",
        f"  labels to canonical ids  {labels}  (kegiatan {pct(s.kegiatan_right, s.kegiatan_labels)}, "
        f"sub kegiatan {pct(s.sub_right, s.sub_labels)})",
        f"  areas to canonical       {pct(s.area_right, s.area_rows)}",
        f"  satker right             {pct(s.satker_right, s.documents)}; "
        f"region code {pct(s.region_right, s.documents)}; "
        f"name clashes {pct(s.clash_right, s.clash_documents)}",
        f"  other satker flagged     {pct(s.other_satker_flagged, s.planted_other_satker)}"
        f" with its name; flagged where none planted: {s.false_other_satker_flags}",
        f"  duplicated phrase        {pct(s.duplicates_flagged, s.planted_duplicates)}"
        f" flagged; flagged where none planted: {s.false_duplicate_flags}",
        "  typo recall by kind      " + ", ".join(f"{k} {b}/{a}" for k, (a, b) in sorted(s.by_kind.items())),
        f"  sub_kegiatan = truth     {pct(s.sub_equal, s.sub_rows)} (printed wording, typos fixed)",
        f"  canonical ids            {pct(s.ids_in_vocab_right, s.ids_in_vocab)} right where the vocabulary"
        f" holds the activity; {pct(s.ids_open_null, s.ids_open)} null where it does not",
        "  other satker by part     "
        + ", ".join(f"{k} {b}/{a}" for k, (a, b) in sorted(s.other_by_part.items())),
    ]
    if details:
        lines += [f"    missed: {m}" for m in s.missed_typos]
        lines += [f"    changed: {m}" for m in s.false_examples]
        lines += [f"    {p}" for p in s.problems]
    return lines
