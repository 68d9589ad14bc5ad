"""Shared fixtures: a copy of the workflow in a temporary folder, and runs of it.

The copy itself (``copy_workflow``) lives in tools/workflow_copy.py, shared
with the benchmark; pytest puts tools/ on the path (pyproject.toml).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workflow_copy import REPO, copy_workflow

__all__ = [
    "REPO",
    "copy_workflow",
    "planned_outputs",
    "run_snakemake",
    "snakemake_environment",
]


def snakemake_environment(**extra: str) -> dict[str, str]:
    """This process's environment, for a Snakemake run the tests start."""
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def run_snakemake(workdir: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Run the real Snakemake CLI in ``workdir``; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=snakemake_environment(),
        timeout=600,
    )


def planned_outputs(workdir: Path) -> set[str]:
    """The outputs of the jobs a dry run plans (kept outputs without the
    " (update)" Snakemake writes after them)."""
    result = run_snakemake(workdir, "--dry-run")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = re.findall(r"^\s+output: (.+)$", result.stdout, flags=re.MULTILINE)
    return {
        path.removesuffix(" (update)") for line in lines for path in line.split(", ")
    }


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """One full run on the sample data, shared by the tests that only read it."""
    workdir = copy_workflow(tmp_path_factory.mktemp("sample_run"))
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-5000:]
    return workdir


@pytest.fixture(scope="session")
def all_kommuner_run(tmp_path_factory) -> Path:
    """The whole default target for all 98 municipalities, on the example data
    tools/generate_example_data.py --all-kommuner seeds: every report, the
    national overview and the site, built once (about 3 minutes) and shared
    by the tests that only read them (test_all_kommuner, test_site_browser)."""
    workdir = copy_workflow(tmp_path_factory.mktemp("alle_kommuner"))
    subprocess.run(
        [sys.executable, REPO / "tools/generate_example_data.py", "--all-kommuner"],
        cwd=workdir,
        check=True,
    )
    result = run_snakemake(workdir, "--configfile", "config/alle_kommuner/config.yaml")
    assert result.returncode == 0, result.stderr[-5000:]
    return workdir


@pytest.fixture
def workflow_copy(tmp_path) -> Path:
    """A fresh copy of the workflow for a test that changes inputs."""
    return copy_workflow(tmp_path / "workflow")
