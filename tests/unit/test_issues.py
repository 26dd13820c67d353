"""Every issue code and failure reason is documented, and issues.parquet agrees with documents.flags.

(a) each ``IssueCode`` and ``Reason`` has a description; (b) every code the product code emits
(``IssueCode.X`` / ``Reason.X`` in its source) is one of them; (c) a real ``rencana extract`` run
on the samples and a few hostile PDFs writes an ``issues.parquet`` whose codes are documented and
whose findings fold (``flags_of``) into exactly each document's ``documents.flags``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from rencana.schema.issues import ISSUE_CODES, Issue, IssueCode, code_of, describe, flags_of
from rencana.schema.reasons import REASONS, Reason

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("extract", "normalise", "pipeline", "compare", "schema", "evaluate")
HOSTILE = (
    "qpdf_zero_pages.pdf",  # partial: no_pages, its reason also its flag
    "gen_truncated_60pct.pdf",  # repaired by qpdf
    "gen_html_error_page.pdf",  # failed: not_a_pdf
    "gen_table_encrypted_user.pdf",  # failed: encrypted
)


def test_every_code_and_reason_has_a_description() -> None:
    assert set(ISSUE_CODES) == set(IssueCode)
    assert set(REASONS) == set(Reason)
    for code in IssueCode:
        assert code.spec.description.strip(), code
    for reason in Reason:
        assert reason.description.strip() and reason.status in ("failed", "partial"), reason


def _emitted(enum: str) -> set[str]:
    names: set[str] = set()
    for folder in PRODUCT:
        for path in (REPO / folder).rglob("*.py"):
            names |= set(re.findall(rf"\b{enum}\.([A-Z][A-Z0-9_]+)\b", path.read_text(encoding="utf-8")))
    return names


def test_every_emitted_code_is_documented() -> None:
    codes, reasons = _emitted("IssueCode"), _emitted("Reason")
    assert codes and reasons, "the grep found no code at all: the pattern is broken"
    assert codes <= set(IssueCode.__members__), f"undefined issue codes: {codes - set(IssueCode.__members__)}"
    assert reasons <= set(Reason.__members__), f"undefined reasons: {reasons - set(Reason.__members__)}"
    for name in codes:
        assert describe(IssueCode[name].value), name
    for name in reasons:
        assert describe(Reason[name]), name
    # a reason sharing its value with an issue code keeps its own description
    assert describe(Reason.ENCRYPTED) == Reason.ENCRYPTED.description != describe(IssueCode.ENCRYPTED)


def _issue(row: dict[str, object]) -> Issue:
    typed = code_of(str(row["code"]), str(row["category"]), str(row["severity"]))
    page, row_no = row["page"], row["row_no"]
    return Issue(
        typed,
        str(row["detail"] or ""),
        page if isinstance(page, int) else None,
        row_no if isinstance(row_no, int) else None,
        str(row["field"] or ""),
    )


@pytest.mark.slow
def test_a_run_writes_issues_that_fold_into_the_flags(shared_dir: Path, tmp_path: Path) -> None:
    bad = shared_dir / "corpora" / "bad-pdfs"
    out = tmp_path / "out"
    inputs = [str(REPO / "data" / "samples"), *(str(bad / name) for name in HOSTILE)]
    rencana = Path(sys.executable).with_name("rencana")
    done = subprocess.run(
        [str(rencana), "extract", *inputs, "--out", str(out), "--no-ocr", "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    issues = pq.read_table(out / "issues.parquet").to_pylist()
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert len(docs) == 4 + len(HOSTILE)
    assert issues, "no finding at all on hostile files"
    for row in issues:
        issue = _issue(row)
        assert (row["severity"], row["category"], row["message"]) == (
            issue.severity,
            issue.category,
            describe(issue.code),
        ), row
    by_doc: dict[str, list[Issue]] = {}
    for row in issues:
        by_doc.setdefault(str(row["doc_id"]), []).append(_issue(row))
    for doc in docs:
        assert flags_of(by_doc.get(doc["doc_id"], [])) == doc["flags"], doc["source_file"]
        if doc["status"] == "failed":
            assert [i.code for i in by_doc[doc["doc_id"]]] == [Reason(doc["reason"])]
    codes = {str(r["code"]) for r in issues}
    assert {"no_pages", "repaired", "not_a_pdf", "encrypted"} <= codes
    rows_without_months = [r for r in issues if r["code"] == "rows_without_months"]
    assert all(r["row_no"] is not None and r["page"] is not None for r in rows_without_months)
