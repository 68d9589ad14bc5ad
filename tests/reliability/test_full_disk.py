"""A full disk in each stage of a re-run: a non-zero exit that names the
output it could not write, every file the last run published byte-identical
(a failed job gives its last good files back), no temporary file left; and
once there is room (the message's fix), the next run redoes the stopped job
and ends with the same bytes.

The output folder the stage writes to is a small tmpfs holding the finished
run's files and a filler that leaves no room (for publishing: just room for
the ingest before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from conftest import run_snakemake
from fault_runs import hidden_leftovers
from mounts import full_tmpfs, need_mounts, pages

from output_digests import differences, output_digests

pytestmark = pytest.mark.faults

PUBLISHED_BY_INGEST = (
    "results/indicators.csv",
    "results/warnings.json",
    "results/source_readings.json",
)


@dataclass(frozen=True)
class Stage:
    rule: str  # the job that meets the full disk
    folder: str  # mounted as a full tmpfs
    forcerun: str
    room_for_ingest: bool = False
    # Its outputs are kept (restored on failure) and it must run again; the
    # ingest's are temporary, and what it published still fits the inputs.
    runs_again: bool = True


STAGES = [
    Stage("ingest_indicators", "results", "ingest_indicators", runs_again=False),
    Stage("publish_indicators", "results", "ingest_indicators", room_for_ingest=True),
    Stage("assess_geography", "results", "assess_geography"),
    Stage("render_report", "reports", "render_report"),
    Stage("progress_table", "results", "progress_table"),
]


@pytest.mark.parametrize("stage", STAGES, ids=[s.rule for s in STAGES])
def test_full_disk_stops_the_stage_and_keeps_the_last_outputs(
    stage, finished_copy, tmp_path
):
    need_mounts()
    project = finished_copy
    published = output_digests(project)
    room = (
        pages(*(project / p for p in PUBLISHED_BY_INGEST)) + 1
        if stage.room_for_ingest
        else 0
    )

    with full_tmpfs(project / stage.folder, tmp_path / "saved", room) as filler:
        run = run_snakemake(project, "--forcerun", stage.forcerun)
        filler.unlink()
        left_behind = hidden_leftovers(project)
        after = output_digests(project)
        planned = run_snakemake(project, "-n").stdout
        again = run_snakemake(project)
        after_again = output_digests(project)

    # A finished ingest's tables wait in results/staging/ for the next run
    # to publish (Snakemake keeps a failed job's temporary inputs).
    staged = {p for p in after if p.startswith("results/staging/")}
    assert not staged or stage.rule == "publish_indicators", staged

    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert f"Error in rule {stage.rule}" in output, output[-3000:]
    named = re.findall(r"(\S+) blev ikke skrevet: No space left on device", output)
    assert named and all(p.startswith(f"{stage.folder}/") for p in named), named
    assert differences({p: after[p] for p in after.keys() - staged}, published) == []
    assert left_behind == []
    assert ("Nothing to be done" not in planned) == stage.runs_again
    assert (stage.rule in planned) == stage.runs_again
    assert again.returncode == 0, again.stderr[-3000:]
    assert differences(after_again, published) == []
