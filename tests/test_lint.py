"""The code passes its linters: ruff, snakefmt and snakemake --lint."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

PYTHON_FOLDERS = ("scripts", "tests", "tools")


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_ruff_is_clean():
    result = _run(sys.executable, "-m", "ruff", "check", *PYTHON_FOLDERS)
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", *PYTHON_FOLDERS)
    assert result.returncode == 0, result.stdout


def test_snakefmt_is_clean():
    result = _run(sys.executable, "-m", "snakefmt", "--check", "Snakefile", "rules")
    assert result.returncode == 0, result.stderr


def test_snakemake_lint_has_no_findings():
    result = _run(sys.executable, "-m", "snakemake", "--lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Congratulations, your workflow is in a good condition!" in result.stderr
    assert "Lints for" not in result.stdout + result.stderr
