"""Re-runs do only the work a change calls for (shown with snakemake -n)."""

from __future__ import annotations

import hashlib

from conftest import planned_outputs, run_snakemake

# A change to one of Herning's targets: its progress and charts, its report,
# and the gathered table.
HERNING_JOBS = {
    "results/progress/657.csv",
    "results/figures/657",
    "reports/657/budgetmaal_2021.pdf",
    "reports/657/budgetmaal_2021.html",
    "results/657/maalopfoelgning.xlsx",
    "results/progress.csv",
    "site",  # one job; its other pages keep their files (tests/test_site.py)
}


def test_one_target_tweak_reruns_only_that_municipalitys_jobs(finished_copy):
    targets = finished_copy / "config/targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace(
            "target: {year: 2020, change_pct: -25}",
            "target: {year: 2020, change_pct: -30}",
        ),
        encoding="utf-8",
    )

    planned = planned_outputs(finished_copy)

    assert planned == HERNING_JOBS


def test_a_changed_assessment_rerenders_only_the_reports_that_show_it(
    finished_copy,
):
    targets = finished_copy / "config/targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert "status: achieved" in text  # forsorgshjem_120_657, in Herning's report
    targets.write_text(text.replace("status: achieved", "status: on_track"), "utf-8")

    # Herning's progress and report (the charts follow the progress table);
    # Faxe's report does not show the target and is not touched.
    assert planned_outputs(finished_copy) == HERNING_JOBS


def test_one_report_text_change_rerenders_only_that_report(finished_copy):
    """Its progress table and charts are made in its report job (the imports
    are paid once a municipality), so they are made again, with the same
    bytes; results/progress.csv and Herning's report are not touched."""
    definition = finished_copy / "config/reports/320.yaml"
    definition.write_text(
        definition.read_text(encoding="utf-8").replace(
            "Færre unge ender", "Færre unge havner"
        ),
        encoding="utf-8",
    )

    remade = ("results/progress/320.csv", "results/figures/320")
    assert planned_outputs(finished_copy) == {
        *remade,
        "reports/320/budgetmaal_2021.pdf",
        "reports/320/budgetmaal_2021.html",
        "results/320/maalopfoelgning.xlsx",
        "site",
    }
    before = _hashes(finished_copy, *remade)
    result = run_snakemake(finished_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _hashes(finished_copy, *remade) == before


def _hashes(workdir, *paths) -> dict[str, str]:
    files = [f for p in paths for f in sorted([workdir / p, *(workdir / p).rglob("*")])]
    return {
        str(f.relative_to(workdir)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in files
        if f.is_file()
    }


def test_nothing_changed_nothing_to_do(sample_run, finished_copy):
    assert planned_outputs(sample_run) == set()
    assert planned_outputs(finished_copy) == set()


def test_a_new_version_of_the_package_reruns_the_jobs(finished_copy):
    """Tables made by the old code are not kept: Snakemake tracks the rule's
    script, and the rules add the package's SHA-256 (a new column once
    stayed missing from the tables of unchanged geographies)."""
    module = finished_copy / "scripts/budgetmaal/assessing/progress.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# v2\n", "utf-8")

    planned = planned_outputs(finished_copy)

    assert {
        "results/staging/indicators.csv",
        "results/progress/000.csv",
        "results/progress/320.csv",
        "results/figures/657",
        "reports/320/budgetmaal_2021.pdf",
        "reports/657/budgetmaal_2021.pdf",
    } <= planned
