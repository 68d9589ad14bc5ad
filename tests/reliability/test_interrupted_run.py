"""A run killed mid-job (SIGINT or SIGKILL) leaves no half-written output where
a reader would take it for a finished one, and a re-run finishes with outputs
identical to an uninterrupted run.

Here the kill falls anywhere in a report job (0.3 s after it starts, while
WeasyPrint lays out); test_kill_matrix.py stops runs at exact points."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import run_snakemake

pytestmark = pytest.mark.faults

COMPARED = [
    "results/indicators.csv",
    "results/progress.csv",
    "reports/657/budgetmaal_2021.pdf",
    "reports/320/budgetmaal_2021.pdf",
]


def _start(workdir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "2"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_for_report_job(workdir, process, timeout=120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list((workdir / "logs/render_report").glob("*.log")):
            return
        assert process.poll() is None, "the run ended before a report job started"
        time.sleep(0.05)
    raise AssertionError("no report job started")


def _visible_outputs_are_whole(workdir) -> None:
    for pdf in (workdir / "reports").glob("[0-9]*/*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    for csv in (workdir / "results").rglob("*.csv"):
        assert csv.read_text(encoding="utf-8").endswith("\n"), csv


@pytest.mark.parametrize(
    "stop", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"]
)
def test_killed_run_reruns_to_identical_outputs(stop, sample_run, workflow_copy):
    process = _start(workflow_copy)
    _wait_for_report_job(workflow_copy, process)
    time.sleep(0.3)  # let the report job get going
    os.killpg(process.pid, stop)
    process.wait(timeout=60)

    _visible_outputs_are_whole(workflow_copy)
    if stop == signal.SIGKILL:
        # A killed Snakemake cannot remove its lock; the README says to unlock.
        locked = run_snakemake(workflow_copy)
        assert locked.returncode != 0 and "--unlock" in locked.stderr
        assert run_snakemake(workflow_copy, "--unlock").returncode == 0
    result = run_snakemake(workflow_copy)

    assert result.returncode == 0, result.stderr[-3000:]
    for path in COMPARED:
        rerun = hashlib.sha256((workflow_copy / path).read_bytes()).hexdigest()
        reference = hashlib.sha256((sample_run / path).read_bytes()).hexdigest()
        assert rerun == reference, path
    leftovers = [p for p in (workflow_copy / "reports").rglob(".*") if p.is_file()]
    assert leftovers == []
