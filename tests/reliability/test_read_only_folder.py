"""A read-only output folder (a read-only bind mount, as a share mounted
read-only is) stops the run before any job, with a message naming the
folder, and nothing changes."""

from __future__ import annotations

import pytest
from conftest import run_snakemake
from mounts import need_mounts, read_only

from output_digests import output_digests


@pytest.mark.parametrize("folder", ["results", "reports"])
def test_read_only_output_folder_stops_the_run_before_any_job(folder, finished_copy):
    need_mounts()
    project = finished_copy
    before = output_digests(project)
    logs_before = sorted((project / "logs").rglob("*"))

    with read_only(project / folder):
        run = run_snakemake(project, "--forcerun", "render_report")

    assert run.returncode != 0
    assert f"mappen {folder}/ kan ikke skrives i: Read-only file system" in run.stderr
    assert "Building DAG" not in run.stdout + run.stderr  # before any job
    assert output_digests(project) == before
    assert sorted((project / "logs").rglob("*")) == logs_before
    # The message's fix: with the folder writable again, the run goes through.
    assert run_snakemake(project).returncode == 0
