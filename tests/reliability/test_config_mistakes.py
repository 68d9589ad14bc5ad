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
    "direction against the catalogue": (
        lambda w: _edit_first_target(w, target={"direction": "increase"}),
        [
            "targets (hjemloese_dk): direction: increase er en stigning, men "
            "indikatoren 'hjemloese' har better: lower",
            "vend retningen (direction: decrease), eller skriv better: higher",
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


def test_baseline_year_without_data_is_caught_on_a_rerun_too(finished_copy):
    """A re-run checks against the published table; no job starts either."""
    logs_before = sorted(p.name for p in (finished_copy / "logs").rglob("*"))
    edit, expected = MISTAKES["baseline year without data"]
    edit(finished_copy)

    result = run_snakemake(finished_copy)

    assert result.returncode != 0
    message = " ".join((result.stdout + result.stderr).split())
    assert all(text in message for text in expected)
    assert sorted(p.name for p in (finished_copy / "logs").rglob("*")) == logs_before


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

    # The fix as worded: a report text of its own (a copy of Faxe's, with
    # only the national targets: Faxe's own are not 101's).
    shutil.copy(
        workflow_copy / "config/reports/320.yaml",
        workflow_copy / "config/reports/101.yaml",
    )
    _report_targets(workflow_copy, "101", ["hjemloese_dk"])
    planned = run_snakemake(workflow_copy, "-n")
    assert planned.returncode == 0, planned.stderr[-3000:]
    assert "reports/101/budgetmaal_2021.pdf" in planned.stdout


def _aarhus_from_a_copy_of_herning(workdir) -> None:
    """A new user's first try: Aarhus (751) in kommuner, its report text a
    copy of Herning's with the names changed, Herning's targets still in it."""
    _edit_config(workdir, kommuner=["657", "320", "751"])
    text = (workdir / "config/reports/657.yaml").read_text(encoding="utf-8")
    (workdir / "config/reports/751.yaml").write_text(
        text.replace("Herning", "Aarhus"), encoding="utf-8"
    )
    with open(workdir / "data/raw/hjemloese_eksempel.csv", "a", encoding="utf-8") as f:
        f.write("Aarhus;2013;310\nAarhus;2015;300\nAarhus;2019;250\n")


def _report_targets(workdir, kommune: str, ids: list[str]) -> None:
    """The report text with one goal card, measuring ``ids``."""
    path = workdir / f"config/reports/{kommune}.yaml"
    definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    definition["focus_areas"] = definition["focus_areas"][:1]
    definition["focus_areas"][0]["targets"] = ids
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")


def _edit_targets(workdir, edit) -> None:
    path = workdir / "config/targets.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_another_municipalitys_target_in_a_report_stops_with_both_fixes(
    workflow_copy,
):
    _aarhus_from_a_copy_of_herning(workflow_copy)

    refused = run_snakemake(workflow_copy, "-n")

    assert refused.returncode != 0
    message = " ".join((refused.stdout + refused.stderr).split())
    assert "config/reports/751.yaml" in message
    assert (
        "mål-id 'hjemloese_657' er Herning Kommunes mål (geografi 657), ikke "
        "Aarhus Kommunes; en rapport viser kun kommunens egne mål, landsmål og "
        "Region Midtjyllands mål" in message
    )
    assert "mål-id 'stofbehandling_657' er Herning Kommunes mål" in message
    assert "mål-id 'hjemloese_dk'" not in message  # the nation's: allowed
    assert (
        "Ret: skriv målet for 751 i config/targets.yaml (fx id: hjemloese_751, "
        'geography: "751") og brug det id her, eller skriv det som en '
        "per_kommune-skabelon i config/targets.yaml og brug <skabelonens "
        "id>_751 her" in message
    )
    assert not (workflow_copy / "results").exists()
    assert not (workflow_copy / "logs").exists()

    # The first fix as worded: the target written for 751, its id in the text.
    def add_aarhus_target(document):
        herning = next(t for t in document["targets"] if t["id"] == "hjemloese_657")
        document["targets"].append(
            herning
            | {"id": "hjemloese_751", "geography": "751", "baseline": {"year": 2013}}
        )

    _edit_targets(workflow_copy, add_aarhus_target)
    _report_targets(workflow_copy, "751", ["hjemloese_751"])
    planned = run_snakemake(workflow_copy, "-n")
    assert planned.returncode == 0, planned.stdout[-3000:] + planned.stderr[-3000:]
    assert "reports/751/budgetmaal_2021.pdf" in planned.stdout

    # The second: a per_kommune template, named <template id>_751.
    def add_template(document):
        document["per_kommune"] = [
            {
                "id": "hjemloese_25pct",
                "name": "Antallet af hjemløse reduceres med mindst 25 pct.",
                "indicator": "hjemloese",
                "baseline": {"year": 2015},
                "target": {"year": 2020, "change_pct": -25},
            }
        ]

    _edit_targets(workflow_copy, add_template)
    _report_targets(workflow_copy, "751", ["hjemloese_25pct_751"])
    planned = run_snakemake(workflow_copy, "-n")
    assert planned.returncode == 0, planned.stdout[-3000:] + planned.stderr[-3000:]
    assert "reports/751/budgetmaal_2021.pdf" in planned.stdout
