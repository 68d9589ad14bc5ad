"""Config mistakes stop the run before any job, naming the key and the fix."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import run_snakemake


def _edit_first_target(workdir, **changes) -> None:
    path = workdir / "config/targets.yaml"
    targets = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = targets["targets"][0]
    assert first["id"] == "hjemloese_dk"
    for key, value in changes.items():
        first[key] = value
    path.write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")


def _edit_config(workdir, **changes) -> None:
    path = workdir / "config/config.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8")) | changes
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


MISTAKES = {
    "unknown key": (
        lambda w: _edit_config(w, reprot_year=2021),
        ["nøgle reprot_year: ukendt nøgle; ret stavningen", "report_year"],
    ),
    "wrong type": (
        lambda w: _edit_config(w, report_year="tjueenogtyve"),
        ["nøgle report_year: 'tjueenogtyve' skal være et heltal"],
    ),
    "unknown indicator": (
        lambda w: _edit_first_target(w, indicator="hjemlose"),
        [
            "targets (hjemloese_dk).indicator: ukendt indikator 'hjemlose'",
            "tilføj den i config/indicators.yaml eller ret id'et",
        ],
    ),
    "unknown geography": (
        lambda w: _edit_first_target(w, geography="999"),
        ["targets (hjemloese_dk).geography", "999"],
    ),
    "change_pct against the catalogue": (
        lambda w: _edit_first_target(w, target={"year": 2020, "change_pct": 25}),
        [
            "targets (hjemloese_dk): change_pct: 25 er en stigning",
            "skriv better: higher på målet",
        ],
    ),
    "baseline year without data": (
        lambda w: _edit_first_target(w, baseline={"year": 1990}),
        [
            "targets (hjemloese_dk).baseline.year: ingen værdi for hjemloese i "
            "geografi 000 i 1990",
            "vælg et basisår med data, eller angiv baseline.value",
        ],
    ),
    "assessed status without a reason": (
        lambda w: _edit_first_target(w, assessment={"status": "on_track"}),
        [
            "targets (hjemloese_dk).assessment.reason mangler",
            "skriv reason:, eller fjern status",
        ],
    ),
    "unknown assessed status": (
        lambda w: _edit_first_target(
            w, assessment={"status": "paa_rette_spor", "reason": "x"}
        ),
        [
            "targets[0] (hjemloese_dk).assessment.status: 'paa_rette_spor' er ikke "
            "tilladt; vælg en af achieved"
        ],
    ),
    "last year's table missing": (
        lambda w: _edit_config(w, previous_progress="data/previous/progress_2019.csv"),
        [
            "data/previous/progress_2019.csv",
            "filen findes ikke. Ret: ret previous_progress i config/config.yaml",
        ],
    ),
    "last year's table of another layout": (
        lambda w: _edit_config(w, previous_progress="data/reference/geografi.csv"),
        [
            "data/reference/geografi.csv",
            "mangler kolonnerne target_id, indicator_id",
            "sidste års results/progress.csv",
        ],
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_mistake_stops_before_any_job_with_key_path_and_fix(mistake, workflow_copy):
    edit, expected = MISTAKES[mistake]
    edit(workflow_copy)

    result = run_snakemake(workflow_copy)

    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    for text in expected:
        assert text in message
    assert not (workflow_copy / "results").exists()
    assert not (workflow_copy / "logs").exists()


def test_baseline_year_without_data_is_caught_on_a_rerun_too(sample_run, tmp_path):
    """A re-run checks against the published table; no job starts either."""
    workdir = tmp_path / "rerun"
    shutil.copytree(sample_run, workdir, symlinks=True)
    logs_before = sorted(p.name for p in (workdir / "logs").rglob("*"))
    edit, expected = MISTAKES["baseline year without data"]
    edit(workdir)

    result = run_snakemake(workdir)

    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    assert all(text in message for text in expected)
    assert sorted(p.name for p in (workdir / "logs").rglob("*")) == logs_before


def test_a_municipality_without_report_text_is_named_and_the_fix_works(
    workflow_copy,
):
    _edit_config(workflow_copy, kommuner=["101"])
    refused = run_snakemake(workflow_copy, "-n")
    message = refused.stdout + refused.stderr  # a dry run logs to stdout
    assert refused.returncode != 0
    assert (
        "1 kommune (101) har ingen rapporttekst; skriv config/reports/<kode>.yaml "
        "for hver, eller en fælles default.yaml" in message
    )

    # The fix as worded: a report text of its own (here a copy of Faxe's).
    shutil.copy(
        workflow_copy / "config/reports/320.yaml",
        workflow_copy / "config/reports/101.yaml",
    )
    planned = run_snakemake(workflow_copy, "-n")
    assert planned.returncode == 0, planned.stderr[-3000:]
    assert "reports/101/budgetmaal_2021.pdf" in planned.stdout
