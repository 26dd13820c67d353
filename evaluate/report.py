"""Score an output directory against ground truth (``*.truth.json``).

Rows are aligned in document order (a longest-common-subsequence over row
similarity, so one missed or split row does not shift every later match),
then scored field by field.  Figures are over *truth* rows unless named
precision.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from rencana.evaluate.vocab import VocabScore, format_vocabulary
from rencana.evaluate.vocab import score_document as score_vocab_document
from rencana.evaluate.vocab import score_rows as score_vocab_rows

MATCH_MIN = 60.0  # row similarity (0..100) needed for two rows to be the same row
META_FIELDS = (
    "satker",
    "satker_level",
    "region_code",
    "province",
    "decree_number",
    "decree_date",
    "plan_year",
    "signed_by",
    "title",
)
CAPTION_FIELDS = ("satker", "satker_level", "region_code", "province", "plan_year")
TEXT_FIELDS = ("area_raw", "kegiatan_raw", "sub_kegiatan_raw", "indikator_raw")


@dataclass(slots=True)
class DocScore:
    source_file: str
    truth_rows: int
    out_rows: int
    matched: int
    months_exact: int
    indikator_count_exact: int
    area_right: int
    kegiatan_no_right: int
    text_similarity: float  # mean over matched rows and TEXT_FIELDS, 0..1
    meta_right: int
    meta_total: int
    meta_wrong: list[str] = field(default_factory=list)
    status: str = ""


@dataclass(slots=True)
class Report:
    documents: int
    missing_documents: list[str]
    row_recall: float
    row_precision: float
    months_exact: float
    text_similarity: float
    indikator_count_exact: float
    area_accuracy: float
    kegiatan_no_accuracy: float
    metadata_accuracy: float
    per_doc: list[DocScore]
    vocabulary: VocabScore = field(default_factory=VocabScore)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["per_doc"] = [asdict(s) for s in self.per_doc]
        v = self.vocabulary
        d["vocabulary"].update(
            typo_recall=v.typo_recall,
            false_correction_rate=v.false_correction_rate,
            label_accuracy=v.label_accuracy,
            sub_equal_rate=v.sub_equal / v.sub_rows if v.sub_rows else None,
            ids_in_vocab_accuracy=v.ids_in_vocab_right / v.ids_in_vocab if v.ids_in_vocab else None,
            ids_open_null_rate=v.ids_open_null / v.ids_open if v.ids_open else None,
        )
        return d


def _key(row: dict[str, Any]) -> str:
    return f"{row.get('sub_kegiatan_raw') or ''} | {row.get('indikator_raw') or ''}"


def align(truth: Sequence[dict[str, Any]], out: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (truth index, output index) of an order-preserving best alignment."""
    n, m = len(truth), len(out)
    tk, ok = [_key(r) for r in truth], [_key(r) for r in out]
    sim = [[fuzz.ratio(a, b) for b in ok] for a in tk]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= MATCH_MIN else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= MATCH_MIN and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _norm_value(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    if isinstance(v, str):
        return " ".join(v.split())
    return v


def score_document(
    truth: dict[str, Any],
    doc: dict[str, Any] | None,
    rows: list[dict[str, Any]],
    pairs: list[tuple[int, int]] | None = None,
) -> DocScore:
    t_rows = truth["rows"]
    pairs = align(t_rows, rows) if pairs is None else pairs
    months = ind = area = keg = 0
    sims: list[float] = []
    for ti, oi in pairs:
        t, o = t_rows[ti], rows[oi]
        months += sorted(t["months"]) == sorted(int(x) for x in o["months"])
        ind += len(t["indikator"]) == len(o["indikator"])
        area += t["area"] == o["area"] and t["area_no"] == o["area_no"]
        keg += t["kegiatan_no"] == o["kegiatan_no"]
        sims.append(sum(fuzz.ratio(t[f] or "", o[f] or "") for f in TEXT_FIELDS) / (100.0 * len(TEXT_FIELDS)))
    meta_right, wrong = 0, []
    # a lampiran-only PDF prints no decree number, date or signatory: score only
    # what it prints (the satker and year in its caption)
    printed = META_FIELDS if truth["document"].get("has_front_matter", True) else CAPTION_FIELDS
    for f in printed:
        want, got = _norm_value(truth["document"].get(f)), _norm_value(doc.get(f) if doc else None)
        if want == got:
            meta_right += 1
        else:
            wrong.append(f"{f}: want {want!r} got {got!r}")
    return DocScore(
        source_file=truth["source_file"],
        truth_rows=len(t_rows),
        out_rows=len(rows),
        matched=len(pairs),
        months_exact=months,
        indikator_count_exact=ind,
        area_right=area,
        kegiatan_no_right=keg,
        text_similarity=sum(sims) / len(sims) if sims else 0.0,
        meta_right=meta_right,
        meta_total=len(printed),
        meta_wrong=wrong,
        status=str(doc.get("status")) if doc else "missing",
    )


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in df.to_dict("records")]
    for r in out:
        for k, v in r.items():
            if hasattr(v, "tolist"):
                r[k] = v.tolist()
            elif v is pd.NA or (isinstance(v, float) and v != v):
                r[k] = None
            elif isinstance(v, float) and v.is_integer() and k.endswith("_no"):
                r[k] = int(v)
    return out


def evaluate_dir(truth_dir: Path, out_dir: Path) -> Report:
    docs = pd.read_parquet(out_dir / "documents.parquet")
    rows = pd.read_parquet(out_dir / "plan_rows.parquet")
    issues = _records(pd.read_parquet(out_dir / "issues.parquet"))
    issues_of: dict[str, list[dict[str, Any]]] = {}
    for issue in issues:
        issues_of.setdefault(str(issue["doc_id"]), []).append(issue)
    by_name = {Path(s).name: d for s, d in zip(docs["source_file"], _records(docs), strict=True)}
    scores: list[DocScore] = []
    missing: list[str] = []
    vocab = VocabScore()
    for tp in sorted(truth_dir.glob("*.truth.json")):
        truth = json.loads(tp.read_text(encoding="utf-8"))
        doc = by_name.get(truth["source_file"])
        if doc is None:
            missing.append(truth["source_file"])
        doc_rows = _records(rows[rows["doc_id"] == doc["doc_id"]].sort_values("row_no")) if doc else []
        pairs = align(truth["rows"], doc_rows)
        scores.append(score_document(truth, doc, doc_rows, pairs))
        vocab.add(score_vocab_rows(truth["rows"], doc_rows, pairs, truth["source_file"]))
        vocab.add(score_vocab_document(truth, doc, issues_of.get(doc["doc_id"], []) if doc else []))
    t = sum(s.truth_rows for s in scores) or 1
    o = sum(s.out_rows for s in scores) or 1
    matched = sum(s.matched for s in scores)
    return Report(
        documents=len(scores),
        missing_documents=missing,
        row_recall=matched / t,
        row_precision=matched / o,
        months_exact=sum(s.months_exact for s in scores) / t,
        text_similarity=sum(s.text_similarity * s.matched for s in scores) / max(1, matched),
        indikator_count_exact=sum(s.indikator_count_exact for s in scores) / t,
        area_accuracy=sum(s.area_right for s in scores) / t,
        kegiatan_no_accuracy=sum(s.kegiatan_no_right for s in scores) / t,
        metadata_accuracy=sum(s.meta_right for s in scores) / max(1, sum(s.meta_total for s in scores)),
        per_doc=scores,
        vocabulary=vocab,
    )


def format_report(report: Report, per_doc: bool = False) -> str:
    lines = [
        f"documents            {report.documents}"
        + (f" ({len(report.missing_documents)} missing)" if report.missing_documents else ""),
        f"row recall           {report.row_recall:.2%}",
        f"row precision        {report.row_precision:.2%}",
        f"exact month sets     {report.months_exact:.2%}",
        f"raw-text similarity  {report.text_similarity:.2%}",
        f"indicator counts     {report.indikator_count_exact:.2%}",
        f"area (canonical)     {report.area_accuracy:.2%}",
        f"kegiatan numbers     {report.kegiatan_no_accuracy:.2%}",
        f"document metadata    {report.metadata_accuracy:.2%}",
        *format_vocabulary(report.vocabulary, details=per_doc),
    ]
    if per_doc:
        lines.append("")
        for s in report.per_doc:
            lines.append(
                f"{s.source_file:45s} {s.status:8s} rows {s.matched}/{s.truth_rows} (out {s.out_rows}) "
                f"months {s.months_exact}/{s.truth_rows} text {s.text_similarity:.3f} "
                f"meta {s.meta_right}/{s.meta_total}"
            )
            lines.extend(f"    {w}" for w in s.meta_wrong)
    return "\n".join(lines)
