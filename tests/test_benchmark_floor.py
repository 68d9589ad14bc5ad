"""The benchmark's single-process floor runs the same steps as the workflow
(it broke silently once when a rule gained an input)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, copy_workflow

SAME_BYTES = [
    "results/progress.csv",
    "results/progress/000.csv",
    "results/progress/657.csv",
    "results/progress/320.csv",
    "reports/657/budgetmaal_2021.pdf",
    "reports/320/budgetmaal_2021.pdf",
    "reports/657/budgetmaal_2021.html",
]


def test_floor_makes_the_workflows_outputs_in_one_process(sample_run, tmp_path):
    workdir = copy_workflow(tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO / "tools/benchmark_floor.py"), str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for path in SAME_BYTES:
        assert (workdir / path).read_bytes() == (sample_run / path).read_bytes(), path
    seconds = json.loads(result.stdout.splitlines()[-1])
    assert set(seconds["municipalities"]) == {"657", "320"}
    assert seconds["before_reports"] > 0
    assert all(s > 0 for s in seconds["municipalities"].values())
