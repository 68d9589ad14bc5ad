"""Bad raw data and config mistakes stop the real workflow with a clear message,
and never remove or replace the outputs of the last good run. (The config
mistakes an analyst makes most are in tests/reliability/test_config_mistakes.py.)"""

from __future__ import annotations

import hashlib

import yaml
from conftest import run_snakemake

GOOD_OUTPUTS = [
    "results/indicators.csv",
    "results/progress.csv",
    "reports/657/budgetmaal_2021.pdf",
]


def _digests(workdir):
    return {
        p: hashlib.sha256((workdir / p).read_bytes()).hexdigest() for p in GOOD_OUTPUTS
    }


def test_bad_raw_file_stops_with_every_problem_and_keeps_good_outputs(finished_copy):
    before = _digests(finished_copy)
    raw = finished_copy / "data/raw/hjemloese_vive.csv"
    raw.write_bytes(raw.read_bytes() + b"Hernning;2019;100\nHerning;2019;1o4\n")

    result = run_snakemake(finished_copy)

    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert (
        "data/raw/hjemloese_vive.csv, linje 12, kolonne OMRÅDE: fandt 'Hernning'"
        in message
    )
    assert (
        "data/raw/hjemloese_vive.csv, linje 13, kolonne INDHOLD: fandt '1o4'" in message
    )
    assert "2 fejl i inddata" in message
    assert _digests(finished_copy) == before
    report = (finished_copy / "results/validation.html").read_text(encoding="utf-8")
    assert "Hernning" in report and "1o4" in report


def test_undeclared_raw_file_is_an_error(workflow_copy):
    (workflow_copy / "data/raw/glemt_udtraek.csv").write_text("OMRÅDE;TID;INDHOLD\n")
    result = run_snakemake(workflow_copy, "results/indicators.csv")
    assert result.returncode != 0
    assert "data/raw/glemt_udtraek.csv" in result.stderr
    assert "config/indicators.yaml" in result.stderr


def test_target_with_two_forms_names_the_target(workflow_copy):
    path = workflow_copy / "config/targets.yaml"
    targets = yaml.safe_load(path.read_text(encoding="utf-8"))
    targets["targets"][0]["target"]["change_pct"] = -25
    path.write_text(yaml.safe_dump(targets, allow_unicode=True), encoding="utf-8")

    result = run_snakemake(workflow_copy, "--dry-run")

    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "hjemloese_dk" in message
    assert "præcis én af value, change_pct, scale_from, direction" in message
