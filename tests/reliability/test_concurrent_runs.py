"""Two runs started at once in the same folder: one is refused with a clear
Danish message (or, when the first has finished, both run), and no file is
ever a mix of the two or left half-written.

Twenty trials, each re-rendering Herning's report in a finished project;
the second run starts 0 to 2.85 s after the first, so it meets the first
while it reads the Snakefile, builds its DAG or runs its job.
"""

from __future__ import annotations

import time

import pytest
from conftest import planned_outputs
from fault_runs import hidden_leftovers, project_copy, start_snakemake

from output_digests import differences, output_digests

pytestmark = pytest.mark.faults

TRIALS = 20
REFUSAL = "En anden kørsel (proces "
RUN = ("reports/657/budgetmaal_2021.pdf", "--forcerun", "render_report")


@pytest.fixture(scope="module")
def project(sample_run, tmp_path_factory):
    return project_copy(sample_run, tmp_path_factory.mktemp("concurrent") / "project")


@pytest.mark.parametrize("trial", range(TRIALS))
def test_second_run_is_refused_or_both_finish(trial, project, sample_run):
    delay = trial * 0.15
    first = start_snakemake(project, *RUN)
    time.sleep(delay)
    second = start_snakemake(project, *RUN)
    outputs = [(p.communicate(timeout=600)[0], p.returncode) for p in (first, second)]

    refused = [output for output, code in outputs if code != 0]
    assert len(refused) <= 1, "both runs failed:\n" + "\n".join(refused)
    for output in refused:
        assert REFUSAL in output, output[-3000:]
        assert "Building DAG" not in output  # refused before reading anything
    assert differences(output_digests(project), output_digests(sample_run)) == []
    assert hidden_leftovers(project) == []


def test_project_is_consistent_after_the_trials(project):
    """Only the site is left to do: the trials made Herning's report again
    (the same bytes, a newer file), and the site shows it."""
    assert planned_outputs(project) == {"site"}
