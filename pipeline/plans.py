"""One plan per satker and plan year: other copies of a decree, and revisions.

Analysts collect decrees from e-mail, WhatsApp and the JDIH site, so one decree arrives as
the Word export *and* the signed scan, and a satker may send a revised decree
("Perubahan") later in the year.  After every run the merge (:mod:`rencana.pipeline.merge`)
looks at all documents together:

* **another copy**: same satker, plan year and normalised decree number, and rows whose
  texts largely agree (:data:`AGREE`) → one decree.  The best copy is kept (digital over
  scan, more rows read, fewer findings, ``ok`` over ``partial``); the others get
  ``duplicate_of`` = the kept copy's ``doc_id`` and a ``duplicate_copy`` finding.
* **revision**: the remaining decrees of one satker-year are ordered ("Perubahan" in the
  title, then decree date, then the decree's serial number); each but the last gets
  ``superseded_by`` = the last one's ``doc_id`` and a ``superseded`` finding.

Both findings are derived from the whole output, so each merge drops the previous ones
and decides again (a removed export makes the scan the kept copy).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from rapidfuzz import fuzz

from rencana.schema.issues import Issue, IssueCode, flags_of

AGREE = 80.0
"""rapidfuzz ``ratio`` (0-100) of two decrees' sub kegiatan texts (joined, case and spacing
folded) from which two decrees with one number are copies of one decree; below it, the
same number holds other rows: a revision that kept its number."""

DERIVED = (IssueCode.DUPLICATE_COPY, IssueCode.SUPERSEDED)
_REVISION = re.compile(r"\bperubahan\b", re.IGNORECASE)
_SERIAL = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Copy:
    """What deciding needs of one document."""

    doc_id: str
    satker: str
    plan_year: int
    number: str | None
    date: dt.date | None
    title: str
    scan: bool
    ok: bool
    rows: int
    findings: int
    text: str

    @property
    def rank(self) -> tuple[bool, int, int, bool, str]:
        """Sort key of the copy to keep: digital, more rows, fewer findings, ok (smallest first)."""
        return (self.scan, -self.rows, self.findings, not self.ok, self.doc_id)

    @property
    def order(self) -> tuple[bool, dt.date, int, str]:
        """Sort key of revisions, earliest first."""
        serial = _SERIAL.match(self.number or "")
        return (
            bool(_REVISION.search(self.title)),
            self.date or dt.date.min,
            int(serial.group()) if serial else -1,
            self.doc_id,
        )


@dataclass(frozen=True, slots=True)
class Decision:
    """``duplicate_of`` / ``superseded_by`` of the documents that are not a current plan."""

    duplicate_of: dict[str, str]
    superseded_by: dict[str, str]


def _text(texts: dict[str, list[str]], doc_id: str) -> str:
    return " ".join(" ".join(str(t or "").casefold().split()) for t in texts.get(doc_id, []))


def copies(docs: Sequence[dict[str, Any]], rows: pa.Table, issues: pa.Table) -> list[Copy]:
    """The documents that are plans (a satker, a plan year, rows read)."""
    texts: dict[str, list[str]] = {}
    for doc_id, text in zip(*rows.select(["doc_id", "sub_kegiatan_raw"]).to_pydict().values(), strict=True):
        texts.setdefault(doc_id, []).append(text)
    findings: dict[str, int] = {}
    for doc_id, severity in zip(*issues.select(["doc_id", "severity"]).to_pydict().values(), strict=True):
        findings[doc_id] = findings.get(doc_id, 0) + (severity != "info")
    out = []
    for d in docs:
        if d["status"] == "failed" or not d.get("satker") or d.get("plan_year") is None or not d.get("rows"):
            continue
        out.append(
            Copy(
                d["doc_id"],
                d["satker"],
                int(d["plan_year"]),
                d.get("decree_number_norm") or d.get("decree_number"),
                d.get("decree_date"),
                str(d.get("title") or ""),
                bool(d.get("ocr_pages")),
                d["status"] == "ok",
                int(d["rows"]),
                findings.get(d["doc_id"], 0),
                _text(texts, d["doc_id"]),
            )
        )
    return out


def _same_decree(a: Copy, b: Copy) -> bool:
    return a.number is not None and a.number == b.number and fuzz.ratio(a.text, b.text) >= AGREE


def _clusters(group: list[Copy]) -> list[list[Copy]]:
    """Copies of one satker-year grouped into decrees (each compared with a cluster's first)."""
    clusters: list[list[Copy]] = []
    for c in sorted(group, key=lambda c: c.rank):
        home = next((k for k in clusters if _same_decree(k[0], c)), None)
        if home is None:
            clusters.append([c])
        else:
            home.append(c)
    return clusters


def decide(plans: Sequence[Copy]) -> Decision:
    """Which copies are duplicates of which, and which decrees a later one replaced."""
    groups: dict[tuple[str, int], list[Copy]] = {}
    for c in plans:
        groups.setdefault((c.satker, c.plan_year), []).append(c)
    duplicate_of: dict[str, str] = {}
    superseded_by: dict[str, str] = {}
    for group in groups.values():
        kept = []
        for cluster in _clusters(group):
            best = cluster[0]  # sorted by rank
            kept.append(best)
            duplicate_of.update({c.doc_id: best.doc_id for c in cluster[1:]})
        kept.sort(key=lambda c: c.order)
        superseded_by.update({c.doc_id: kept[-1].doc_id for c in kept[:-1]})
    return Decision(duplicate_of, superseded_by)


def derived_issues(decision: Decision) -> dict[str, Issue]:
    """The finding each set-aside document gets (its detail: the doc_id of the plan that stands)."""
    out = {
        d: Issue(IssueCode.DUPLICATE_COPY, kept, field="duplicate_of")
        for d, kept in decision.duplicate_of.items()
    }
    for d, current in decision.superseded_by.items():
        out[d] = Issue(IssueCode.SUPERSEDED, current, field="superseded_by")
    return out


def refolded_flags(flags: Sequence[str] | None, extra: Issue | None) -> list[str]:
    """``documents.flags`` without the previous merge's derived flags, plus this merge's one."""
    derived = tuple(f"{code.value}:" for code in DERIVED)
    kept = [f for f in flags or [] if not f.startswith(derived)]
    return kept + (flags_of([extra]) if extra is not None else [])
