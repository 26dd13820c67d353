"""Review decisions belong to the user: the overlay, and sheets holding decisions are never overwritten."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from rencana.normalise.vocabulary import ENV_VAR, OVERRIDES, load_vocabulary, packaged_dir
from rencana.pipeline.cli import main
from rencana.pipeline.overlay import OVERLAY_ENV, activate, overlay_dir
from rencana.pipeline.review import COLUMNS, free_names, read_sheet


def _sheet(path: Path, decision: str) -> Path:
    row = dict.fromkeys(COLUMNS, "")
    row.update(kind="word", field="*", raw="koordlnasi", suggestion="koordinasi", decision=decision)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerow(row)
    return path


def test_apply_writes_the_overlay_never_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    overlay = tmp_path / "mine"
    monkeypatch.setenv(OVERLAY_ENV, str(overlay))
    packaged = (packaged_dir() / OVERRIDES).read_bytes()
    result = CliRunner().invoke(main, ["review", "--apply", str(_sheet(tmp_path / "r.csv", "accept"))])
    assert result.exit_code == 0, result.output
    assert str(overlay / OVERRIDES) in result.output
    assert (packaged_dir() / OVERRIDES).read_bytes() == packaged, "the repository's file is untouched"
    rows = list(csv.DictReader((overlay / OVERRIDES).open(encoding="utf-8")))
    assert [(r["raw"], r["decision"], r["value"]) for r in rows] == [("koordlnasi", "accept", "koordinasi")]
    assert (overlay / "activities.yaml").resolve() == (packaged_dir() / "activities.yaml").resolve()
    # every later command uses it: the vocabulary (and so its version) now holds the decision
    assert activate() == overlay
    assert os.environ[ENV_VAR] == str(overlay)
    assert load_vocabulary(overlay).version != load_vocabulary(packaged_dir()).version
    monkeypatch.delenv(ENV_VAR)


def test_the_overlay_path_is_an_option_an_env_var_or_the_user_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OVERLAY_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert overlay_dir() == tmp_path / "cfg" / "rencana" / "vocabulary"
    monkeypatch.setenv(OVERLAY_ENV, str(tmp_path / "env"))
    assert overlay_dir() == tmp_path / "env"
    assert overlay_dir(tmp_path / "opt") == tmp_path / "opt"


def test_a_sheet_holding_decisions_is_never_overwritten(tmp_path: Path) -> None:
    assert free_names(tmp_path) == (tmp_path / "review.xlsx", tmp_path / "review.csv")
    _sheet(tmp_path / "review.csv", "")
    assert free_names(tmp_path)[1] == tmp_path / "review.csv", "no decision yet: replaced"
    _sheet(tmp_path / "review.csv", "accept")
    assert free_names(tmp_path) == (tmp_path / "review-2.xlsx", tmp_path / "review-2.csv")
    assert read_sheet(tmp_path / "review.csv")[0]["decision"] == "accept"
