"""A copy of the workflow in another folder: what a run needs, nothing more.

Shared by the tests (tests/conftest.py) and the benchmark, so that both run
the same parts: code, config, sample data, templates.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORKFLOW_PARTS = [
    "Snakefile",
    "rules",
    "scripts",
    "config",
    "data",
    "docs",
    "profiles",
    "reports/templates",
    "reports/captions",
    "environment.yml",
]


def copy_workflow(target: Path) -> Path:
    """Copy what a run needs (code, config, sample data) into ``target``."""
    for part in WORKFLOW_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(
                source, target / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)
    return target
