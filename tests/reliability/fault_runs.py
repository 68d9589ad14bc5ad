"""Runs of a workflow copy that the fault tests stop, disturb and recover.

A copy made here carries the Makefile and a link to the project's venv, so
that the README's own commands (make report, make unlock report) are the
ones the tests run after a fault.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from conftest import REPO, snakemake_environment

FAILPOINT = "BUDGETMAAL_FAILPOINT"  # budgetmaal.shared.outputs.FAILPOINT
MAKE_FILES = ("Makefile", "requirements.txt", "requirements-cluster.txt")


def project_copy(source: Path, target: Path) -> Path:
    """``source`` (a workflow copy, maybe with a finished run) as a project
    folder where make works: the Makefile and the venv beside it."""
    shutil.copytree(source, target, symlinks=True)
    for name in MAKE_FILES:
        shutil.copy2(REPO / name, target / name)  # older than .venv/.installed
    (target / ".venv").symlink_to(REPO / ".venv")
    return target


def start_snakemake(workdir: Path, *arguments: str, **extra: str) -> subprocess.Popen:
    """Snakemake in a process group of its own: a fault stops it and its jobs,
    and never the test."""
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=workdir,
        env=snakemake_environment(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def run_stopped_at(
    workdir: Path, point: str, stop: signal.Signals, *arguments: str
) -> subprocess.CompletedProcess:
    """A run whose job signals its whole process group at ``point``."""
    process = start_snakemake(
        workdir, *arguments, **{FAILPOINT: f"{point}@{stop.name}"}
    )
    output, _ = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, output)


def make(workdir: Path, *targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *targets],
        cwd=workdir,
        env=snakemake_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def hidden_leftovers(workdir: Path) -> list[str]:
    """Temporary files or folders left under results/, reports/ and site/,
    or the site's temporary folder beside it (Snakemake's own
    .snakemake_timestamp in a folder output is not one)."""
    inside = [
        path
        for folder in ("results", "reports", "site")
        for path in (workdir / folder).rglob(".*")
        if path.name != ".snakemake_timestamp"
    ]
    return sorted(
        path.relative_to(workdir).as_posix()
        for path in [*inside, *workdir.glob(".site.*")]
    )


def visible_outputs(workdir: Path) -> list[Path]:
    """Output files a reader would open: none of their path parts is hidden."""
    return [
        path
        for folder in ("results", "reports", "site")
        for path in (workdir / folder).rglob("*")
        if path.is_file()
        and not any(p.startswith(".") for p in path.relative_to(workdir).parts)
        and not path.relative_to(workdir)
        .as_posix()
        .startswith(("reports/templates/", "reports/captions/"))
    ]
