"""Shared fixtures: a copy of the workflow in a temporary folder, and runs of it.

The copy itself (``copy_workflow``) lives in tools/workflow_copy.py, shared
with the benchmark; pytest puts tools/ on the path (pyproject.toml).

Under pytest-xdist (`make test` runs a worker per core) each test module
goes to one worker whole, so that its module fixtures run once, and the
session runs below are made once for all workers.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
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


def pytest_configure(config):
    """Ctrl-C (SIGINT) reaches the runs the fault tests stop with it: a shell
    that starts the suite in the background (`make test-faults &`) ignores
    SIGINT, and every process the tests start would inherit that."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def snakemake_environment(**extra: str) -> dict[str, str]:
    """This process's environment, for a Snakemake run the tests start."""
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def run_snakemake(
    workdir: Path, *arguments: str, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run the real Snakemake CLI in ``workdir``; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *arguments],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=snakemake_environment(),
        timeout=timeout,
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


# Modules that read the same slow session run go to one worker, so that no
# worker waits for another to make it: the 98-municipality run's readers.
WORKER_GROUPS = {
    "test_all_kommuner": "alle_kommuner",
    "test_site_browser": "alle_kommuner",
}
# Modules of many slow tests whose module fixtures are cheap, spread test by
# test so that no worker is left with a long module at the end: the fault
# matrix's 22 kill points (about 30 s each) on one worker were the fault
# suite's last 11 minutes.
SPREAD_MODULES = {
    "test_config_mistakes",
    "test_fetch",
    "test_kill_matrix",
    "test_preview",
    "test_site",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's --dist loadfile, with the modules of WORKER_GROUPS
    together (its loadgroup marks no test under pytest 9) and the tests of
    SPREAD_MODULES apart."""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if Path(module).stem in SPREAD_MODULES:
                return nodeid
            return WORKER_GROUPS.get(Path(module).stem, module)

    return ModuleGroups(config, log)


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder ``make(folder)`` fills, made once per session: with
    pytest-xdist by the first worker that asks, in the temporary folder the
    workers share, while the others wait for it. A failed make is made again
    by the next test that asks, and fails there too."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder, made = root / name, root / f"{name}.made"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            made.touch()
    return folder


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """One full run on the sample data, shared by the tests that only read it."""

    def make(folder: Path) -> None:
        workdir = copy_workflow(folder)
        result = run_snakemake(workdir)
        assert result.returncode == 0, result.stderr[-5000:]

    return made_once(tmp_path_factory, "sample_run", make)


@pytest.fixture
def finished_copy(sample_run, tmp_path) -> Path:
    """A copy of the finished sample run, its files' times and Snakemake's
    records kept (nothing to do in it: test_incremental), for a test that
    changes something after a full run."""
    workdir = tmp_path / "workflow"
    shutil.copytree(sample_run, workdir, symlinks=True)
    return workdir


@pytest.fixture(scope="session")
def all_kommuner_run(tmp_path_factory) -> Path:
    """The whole default target for all 98 municipalities, on the example data
    tools/generate_example_data.py --all-kommuner seeds: every report, the
    national overview and the site, built once (about 3 minutes) and shared
    by the tests that only read them (test_all_kommuner, test_site_browser)."""

    def make(folder: Path) -> None:
        workdir = copy_workflow(folder)
        subprocess.run(
            [sys.executable, REPO / "tools/generate_example_data.py", "--all-kommuner"],
            cwd=workdir,
            check=True,
        )
        # About 3 minutes alone; beside the other workers' tests, longer.
        result = run_snakemake(
            workdir, "--configfile", "config/alle_kommuner/config.yaml", timeout=1800
        )
        assert result.returncode == 0, result.stderr[-5000:]

    return made_once(tmp_path_factory, "alle_kommuner", make)


@pytest.fixture
def workflow_copy(tmp_path) -> Path:
    """A fresh copy of the workflow for a test that changes inputs."""
    return copy_workflow(tmp_path / "workflow")
