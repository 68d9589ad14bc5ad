"""A run stopped anywhere, by SIGKILL (a power cut, the OOM killer) or SIGINT
(Ctrl-C), never leaves a truncated file where a reader looks, and the
README's recovery (make report, after SIGKILL make unlock report) ends with
every file under results/, reports/ and site/ byte-identical to an uninterrupted run.

Each point is the moment a job has finished writing an output under its
temporary name and not yet renamed it into place: the job signals its whole
process group (Snakemake and every running job) there, through the test
hook budgetmaal.shared.outputs.failpoint. The first points are in a run from
scratch; the others in a re-run of a finished project (--forcerun), where
the last run's files are still in place.
"""

from __future__ import annotations

import hashlib
import signal
from dataclasses import dataclass

import pytest
from conftest import copy_workflow, run_snakemake
from fault_runs import (
    hidden_leftovers,
    make,
    project_copy,
    run_stopped_at,
    visible_outputs,
)

from output_digests import differences, output_digests

pytestmark = pytest.mark.faults


@dataclass(frozen=True)
class KillPoint:
    rule: str
    output: str  # the job stops before renaming this output into place
    from_scratch: bool  # else a --forcerun of the rule in a finished project

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.output}"


POINTS = [
    KillPoint("ingest_indicators", "results/validation.html", True),
    KillPoint("ingest_indicators", "results/staging/indicators.csv", True),
    KillPoint("publish_indicators", "results/indicators.csv", True),
    KillPoint("assess_geography", "results/progress/000.csv", False),
    KillPoint("assess_geography", "results/figures/000", False),
    KillPoint("render_report", "results/figures/657", False),
    KillPoint("render_report", "reports/657/budgetmaal_2021.pdf", False),
    KillPoint("render_report", "reports/320/budgetmaal_2021.html", False),
    KillPoint("render_report", "results/657/maalopfoelgning.xlsx", False),
    KillPoint("progress_table", "results/progress.csv", False),
    KillPoint("build_site", "site", False),
]
SIGNALS = [signal.SIGKILL, signal.SIGINT]


@pytest.fixture(scope="module")
def reference(sample_run) -> dict[str, str]:
    return output_digests(sample_run)


@pytest.mark.parametrize("stop", SIGNALS, ids=[s.name for s in SIGNALS])
@pytest.mark.parametrize("kill", POINTS, ids=[p.id for p in POINTS])
def test_stopped_run_recovers_to_identical_outputs(
    kill, stop, sample_run, reference, tmp_path
):
    source = copy_workflow(tmp_path / "fresh") if kill.from_scratch else sample_run
    project = project_copy(source, tmp_path / "project")
    forced = [] if kill.from_scratch else ["--forcerun", kill.rule]

    stopped = run_stopped_at(project, f"before-rename:{kill.output}", stop, *forced)

    _stopped_by(stopped, stop)
    _no_unfinished_visible_output(project, reference)
    recovery = _documented_recovery(project, stop)
    assert recovery.returncode == 0, recovery.stdout[-2000:] + recovery.stderr[-3000:]
    assert differences(output_digests(project), reference) == []
    assert hidden_leftovers(project) == []
    assert "Nothing to be done" in run_snakemake(project, "-n").stdout


def _stopped_by(stopped, stop: signal.Signals) -> None:
    """The run ended at the point, by the signal (not by finishing or failing)."""
    if stop == signal.SIGKILL:
        assert stopped.returncode == -signal.SIGKILL, stopped.stdout[-3000:]
    else:
        assert stopped.returncode != 0, stopped.stdout[-3000:]
        assert "Terminating processes on user request" in stopped.stdout


def _no_unfinished_visible_output(project, reference: dict[str, str]) -> None:
    """Every file in place is one an uninterrupted run writes, to the byte
    (the staging files, which that run deletes, are whole CSV or JSON)."""
    for path in visible_outputs(project):
        relative = path.relative_to(project).as_posix()
        content = path.read_bytes()
        if relative in reference:
            assert hashlib.sha256(content).hexdigest() == reference[relative], relative
        else:
            assert relative.startswith("results/staging/"), relative
            assert content.endswith((b"\n", b"]", b"}")), relative


def _documented_recovery(project, stop: signal.Signals):
    """make report; after SIGKILL it names the stale lock and the command."""
    first = make(project, "report")
    if stop == signal.SIGINT:
        return first  # Snakemake removed its own lock
    assert first.returncode != 0
    assert "stoppet brat" in first.stderr, first.stderr[-3000:]
    assert "make unlock report" in first.stderr
    assert "Building DAG" not in first.stdout + first.stderr  # nothing ran
    return make(project, "unlock", "report")
