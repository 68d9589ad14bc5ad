"""The methodology names the code of each rule; every name it gives exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
METHODOLOGY = REPO / "docs/methodology.md"


def _stage_module(module: str):
    """A module named by its own name, in whichever stage holds it."""
    (path,) = (REPO / "scripts/budgetmaal").glob(f"*/{module}.py")
    return importlib.import_module(f"budgetmaal.{path.parent.name}.{module}")


def test_every_code_name_in_the_methodology_exists():
    section = METHODOLOGY.read_text(encoding="utf-8").split("## 10.")[1]
    names = re.findall(r"`([a-z_]+)\.([A-Za-z_0-9]+)`", section)
    assert len(names) >= 15
    for module, name in names:
        assert hasattr(_stage_module(module), name), f"{module}.{name}"
