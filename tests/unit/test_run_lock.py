"""One run at a time per folder; a stale lock told apart from a live one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

from budgetmaal.running.run_lock import (
    SNAKEMAKE_LOCKS,
    RunInProgress,
    hold_run_lock,
    live_holder,
    main,
    stale_lock_message,
)

HOLDER = (
    "import sys; from pathlib import Path; "
    "from budgetmaal.running.run_lock import hold_run_lock; "
    "lock = hold_run_lock(Path(sys.argv[1])); print('held', flush=True); "
    "sys.stdin.read()"
)


@pytest.fixture
def live_run(tmp_path):
    """Another process holding the folder's run lock until the test ends."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(REPO / "scripts")},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "held\n"
    yield process
    if process.poll() is None:
        process.communicate(timeout=30)


def _snakemake_lock(folder) -> None:
    (folder / SNAKEMAKE_LOCKS).mkdir(parents=True)
    (folder / SNAKEMAKE_LOCKS / "0.output.lock").write_text("results/x.csv\n")


def test_a_second_run_is_refused_naming_the_first(tmp_path, live_run):
    with pytest.raises(RunInProgress, match=f"proces {live_run.pid}"):
        hold_run_lock(tmp_path)
    assert live_holder(tmp_path) == live_run.pid


def test_the_lock_of_a_live_run_is_not_called_stale(tmp_path, live_run):
    _snakemake_lock(tmp_path)
    assert stale_lock_message(tmp_path) is None
    assert main([str(tmp_path)]) == 0


def test_a_dead_run_frees_the_lock_and_its_snakemake_lock_is_stale(
    tmp_path, live_run, capsys
):
    _snakemake_lock(tmp_path)
    live_run.communicate(timeout=30)  # the run ends without unlocking

    assert live_holder(tmp_path) is None
    assert main([str(tmp_path)]) == 1
    message = capsys.readouterr().err
    assert "stoppet brat" in message and message.rstrip().endswith("make unlock report")
    hold_run_lock(tmp_path).close()  # the next run gets the lock


def test_this_process_may_read_the_workflow_twice(tmp_path):
    assert hold_run_lock(tmp_path) is hold_run_lock(tmp_path)


def test_no_snakemake_lock_nothing_to_say(tmp_path):
    assert stale_lock_message(tmp_path) is None
    assert live_holder(tmp_path) is None
