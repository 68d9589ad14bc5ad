"""The benchmark's single-process floor runs the same steps as the workflow
(it broke silently once when a rule gained an input)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, copy_workflow
from pypdf import PdfReader


def test_floor_renders_every_sample_report_in_one_process(tmp_path):
    workdir = copy_workflow(tmp_path)
    result = subprocess.run(
        [sys.executable, str(REPO / "tools/benchmark_floor.py"), str(workdir)],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for kommune in ("657", "320"):
        pdf = PdfReader(workdir / f"reports/{kommune}/budgetmaal_2021.pdf")
        assert "Mål for Budget 2021" in pdf.pages[0].extract_text()
