"""The methodology names the code of each rule; every name it gives exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

METHODOLOGY = Path(__file__).resolve().parents[2] / "docs/methodology.md"


def test_every_code_name_in_the_methodology_exists():
    section = METHODOLOGY.read_text(encoding="utf-8").split("## 10.")[1]
    names = re.findall(r"`([a-z_]+)\.([A-Za-z_0-9]+)`", section)
    assert len(names) >= 15
    for module, name in names:
        assert hasattr(importlib.import_module(f"budgetmaal.{module}"), name), (
            f"{module}.{name}"
        )
