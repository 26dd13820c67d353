"""notebooks/analyst-walkthrough.ipynb runs top to bottom (nbclient) on the province batch."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from batch_support import Batch
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

NOTEBOOK = Path(__file__).resolve().parents[3] / "notebooks" / "analyst-walkthrough.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has code"
    assert all(not c.outputs and c.execution_count is None for c in code), (
        "clear the outputs before committing"
    )


def test_notebook_runs_top_to_bottom(
    province_batch: Batch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RENCANA_OUT", str(province_batch.out))
    monkeypatch.setenv("RENCANA_PROVINCE", "35")
    monkeypatch.setenv("RENCANA_YEAR", "2023")
    monkeypatch.setenv("RENCANA_TEMPLATE", str(province_batch.template))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and the traceback, on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "plan year 2023: 10 decrees" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the schedule plot"
