"""Atomic writers, the fault hook, and kept outputs of failed jobs."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from conftest import REPO

from budgetmaal.running.unfinished_jobs import kept_until_done, settle_unfinished_jobs
from budgetmaal.shared.outputs import (
    FAILPOINT,
    OutputNotWritten,
    atomic_path,
    write_text,
)


def test_a_full_disk_names_the_output_and_leaves_nothing(tmp_path):
    target = tmp_path / "results" / "progress.csv"
    with pytest.raises(OutputNotWritten) as raised, atomic_path(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert f"{target} blev ikke skrevet: No space left on device (ENOSPC)" in str(
        raised.value
    )
    assert list(target.parent.iterdir()) == []


def test_other_errors_pass_unchanged(tmp_path):
    with pytest.raises(FileNotFoundError), atomic_path(tmp_path / "x.csv"):
        raise FileNotFoundError(errno.ENOENT, "an input is missing")


def _write_in_child(folder, failpoint: str) -> subprocess.CompletedProcess:
    code = "from budgetmaal.shared.outputs import write_text; write_text('out.txt', 'whole')"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO / "scripts"), FAILPOINT: failpoint},
        start_new_session=True,  # the hook signals its whole process group
        capture_output=True,
        timeout=60,
    )


def test_failpoint_stops_the_process_group_before_the_rename(tmp_path):
    stopped = _write_in_child(tmp_path, "before-rename:out.txt@SIGKILL")

    assert stopped.returncode == -9
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert len(leftovers) == 1 and leftovers[0].startswith(".out.txt.")
    write_text(tmp_path / "out.txt", "again")  # the next writer clears it
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failpoint_elsewhere_changes_nothing(tmp_path):
    assert _write_in_child(tmp_path, "before-rename:other.txt").returncode == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "whole"


def test_outputs_of_a_failed_job_are_dated_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts/.snakemake_timestamp").touch()
    (tmp_path / "report.pdf").write_text("last good", encoding="utf-8")
    outputs = ["report.pdf", "charts"]

    with pytest.raises(RuntimeError), kept_until_done(outputs):
        raise RuntimeError("the job failed")
    settle_unfinished_jobs()

    for path in ["report.pdf", "charts", "charts/.snakemake_timestamp"]:
        assert os.stat(path).st_mtime == 0, path
    assert (tmp_path / "report.pdf").read_text(encoding="utf-8") == "last good"


def test_outputs_of_a_finished_job_keep_their_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.pdf").write_text("new", encoding="utf-8")
    with kept_until_done(["report.pdf"]):
        pass
    settle_unfinished_jobs()
    assert os.stat("report.pdf").st_mtime > 0


def test_backups_left_by_a_killed_job_are_removed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    backup = tmp_path / ".snakemake/backups/results/figures/000"
    backup.mkdir(parents=True)
    (backup / "hjemloese_dk.svg").write_text("<svg/>", encoding="utf-8")
    settle_unfinished_jobs()
    assert not (tmp_path / ".snakemake/backups").exists()
