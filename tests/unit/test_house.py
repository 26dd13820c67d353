"""No function in the product code is longer than 80 lines (def line to last line).

Long functions are pipelines waiting to be named: split them into steps (issue 9).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MAX_LINES = 80
PRODUCT = ("extract", "normalise", "pipeline", "compare", "schema", "evaluate")


def _long_functions(folder: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_LINES:
                    where = path.relative_to(REPO)
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return found


@pytest.mark.parametrize("folder", PRODUCT)
def test_no_function_over_80_lines(folder: str) -> None:
    path = REPO / folder
    assert path.is_dir(), f"{folder}/ is gone: update PRODUCT"
    too_long = _long_functions(path)
    assert not too_long, f"functions over {MAX_LINES} lines in {folder}/:\n" + "\n".join(too_long)
