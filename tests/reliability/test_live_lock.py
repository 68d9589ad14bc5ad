"""The lock of a live run is never removed: make unlock and make report,
run while another run is alive in the folder (here paused with SIGSTOP in
the middle of a report job), are refused and touch nothing, and the live
run then finishes as if they had not been tried."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from fault_runs import FAILPOINT, make, project_copy, start_snakemake

from output_digests import differences, output_digests

pytestmark = pytest.mark.faults

PAUSE = "before-rename:reports/657/budgetmaal_2021.pdf@SIGSTOP"


def _wait_until_stopped(pid: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        time.sleep(0.1)
    raise AssertionError("the run never reached its pause")


def test_a_live_runs_lock_is_never_removed(sample_run, tmp_path):
    project = project_copy(sample_run, tmp_path / "project")
    live = start_snakemake(project, "--forcerun", "render_report", **{FAILPOINT: PAUSE})
    _wait_until_stopped(live.pid)
    locks = sorted((project / ".snakemake/locks").iterdir())
    assert locks, "the live run holds Snakemake's lock"

    for command in (["unlock"], ["report"], ["unlock", "report"]):
        refused = make(project, *command)
        assert refused.returncode != 0, command
        assert f"En anden kørsel (proces {live.pid})" in refused.stderr, command
        assert sorted((project / ".snakemake/locks").iterdir()) == locks

    os.killpg(live.pid, signal.SIGCONT)
    output, _ = live.communicate(timeout=600)
    assert live.returncode == 0, output[-3000:]
    assert differences(output_digests(project), output_digests(sample_run)) == []
    assert not (project / ".snakemake/locks").exists() or not any(
        (project / ".snakemake/locks").iterdir()
    )
