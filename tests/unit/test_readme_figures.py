"""The README's speed figures come from one place: each one is recorded in docs/benchmarks.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_speed_figure_of_the_readme_is_in_benchmarks_md() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Speed (measured)", 1)[1].split("\n## ", 1)[0]
    bench = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    figures = set(re.findall(r"\d+(?:[.,]\d+)+", section))
    assert "docs/benchmarks.md" in section, "the Speed section links the one table"
    assert len(figures) >= 5, figures
    missing = sorted(f for f in figures if f not in bench)
    assert not missing, f"README figures not in docs/benchmarks.md: {missing}"
