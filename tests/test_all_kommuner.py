"""The 98-municipality example, run for real: no status contradicts its goal.

Reads the session's run of config/alle_kommuner/ on its seeded example data
(``all_kommuner_run`` in conftest.py: the whole default target, shared with
test_site_browser.py): results/progress.csv (99 progress jobs), the national
overview and Copenhagen's report, whose scaled national ceiling was met at
the baseline and then lost. Both PDFs pass the PDF/UA checks, and the HTML
report axe-core's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pikepdf
import pytest
from conftest import REPO, run_snakemake
from pdf_text import flat_text, word_lefts

from browser_checks import axe_violations, chromium, layout_faults, opened
from budgetmaal.checking import pdf_ua

KOBENHAVN_PDF = "reports/101/budgetmaal_2021.pdf"
OVERVIEW_PDF = "reports/landsoversigt_2021.pdf"


@pytest.fixture(scope="module")
def progress(all_kommuner_run) -> pd.DataFrame:
    return pd.read_csv(
        all_kommuner_run / "results/progress.csv", dtype={"geography": str}
    )


def _beyond(rows: pd.DataFrame) -> pd.Series:
    lower = rows["better"] == "lower"
    return (lower & (rows["latest_value"] <= rows["target_value"])) | (
        ~lower & (rows["latest_value"] >= rows["target_value"])
    )


def test_every_municipality_has_its_targets(progress):
    per_kommune = progress[progress["geography"] != "000"]
    assert per_kommune["geography"].nunique() == 98
    assert len(per_kommune) == 98 * 3


def test_no_achieved_where_the_latest_value_is_on_the_wrong_side(progress):
    numeric = progress[
        progress["target_value"].notna() & progress["latest_value"].notna()
    ]
    achieved = numeric["status"] == "achieved"
    assert (achieved == _beyond(numeric)).all(), numeric[achieved != _beyond(numeric)]


def test_scaled_ceilings_met_at_the_baseline_hold_or_are_lost(progress):
    scaled = progress[progress["target_form"] == "scale_from"]
    assert (scaled["better"] == "lower").all()  # inherited from «Højst 4.000»
    met = scaled[scaled["met_at_baseline"]]
    assert len(met) > 0  # the case of the defect is in the example
    assert set(met["status"]) <= {"achieved", "away", "missed"}
    assert met[["progress_pct", "expected_pct", "pace_ratio"]].isna().all().all()
    lost = met[met["status"] != "achieved"]
    assert (lost["latest_value"] > lost["target_value"]).all()


def test_copenhagen_card_says_the_ceiling_was_met_and_is_now_exceeded(
    all_kommuner_run, progress
):
    row = progress.set_index("target_id").loc["hjemloese_landsmaal_101"]
    assert row["met_at_baseline"]
    assert row["latest_value"] > row["target_value"]
    text = flat_text(all_kommuner_run / KOBENHAVN_PDF)
    card = text[text.index("Højst kommunens befolkningsandel") :]
    assert "Bevæger sig væk fra målet" in card[:400]
    assert "Målet var allerede nået i basisåret" in card
    assert "højst 21 (2020)" in card[:400]


def test_overview_ranks_copenhagen_by_the_ceiling_it_lost(all_kommuner_run, progress):
    text = flat_text(all_kommuner_run / OVERVIEW_PDF)
    assert "København 20 36 højst 21" in text
    row_text = text[text.index("København 20 36 højst 21") :][:80]
    assert "Bevæger sig væk fra målet" in row_text


def test_overview_says_once_how_old_the_newest_figures_are(all_kommuner_run):
    text = flat_text(all_kommuner_run / OVERVIEW_PDF)
    assert "Målet nås i tendensens tempo" in text
    assert (
        "Nyeste tal er fra 2019: året, hvor målet nås, er aflæst på tendensen "
        "frem til da." in text
    )


def test_overview_columns_line_up_from_goal_to_goal(all_kommuner_run):
    _assert_columns_line_up(all_kommuner_run / OVERVIEW_PDF)


def _assert_columns_line_up(pdf: Path) -> None:
    """The ranking tables' «Fremskridt» and «Status» headers (each page of a
    table repeats them) start at one place each on every page: the columns
    line up from page to page and goal to goal."""
    places = {
        header: {round(left, 1) for left in word_lefts(pdf, header) if left is not None}
        for header in ("Fremskridt", "Status")
    }
    assert all(len(lefts) == 1 for lefts in places.values()), places


def test_overview_sets_last_years_status_beside_this_years(
    all_kommuner_run, progress, tmp_path
):
    """Last year's table, as an analyst keeps it: this run's with København's
    status of last year changed, and one municipality's goal changed."""
    workdir = tmp_path / "next_year"
    shutil.copytree(all_kommuner_run, workdir, symlinks=True)
    last_year = progress.set_index("target_id")
    last_year.loc["hjemloese_landsmaal_101", "status"] = "achieved"
    last_year.loc["hjemloese_landsmaal_147", "target_value"] += 10
    previous = workdir / "data/previous/progress_2020.csv"
    last_year.reset_index().to_csv(previous, index=False)

    result = run_snakemake(
        workdir,
        OVERVIEW_PDF,
        "--configfile",
        "config/alle_kommuner/config.yaml",
        "--config",
        "previous_progress=data/previous/progress_2020.csv",
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert "render_overview" in result.stderr
    assert "render_report" not in result.stderr  # no municipality re-rendered
    text = flat_text(workdir / OVERVIEW_PDF)
    assert "Sidste år" in text
    row_text = text[text.index("København 20 36 højst 21") :][:120]
    # Between the two: the «Målet nås i tendensens tempo» cell.
    assert re.search(
        r"Bevæger sig væk fra målet (?:nås ikke|\d{4}|–) \W*Nået \W*Dårligere",
        row_text,
    )
    section = text[text.index("Højst kommunens befolkningsandel") :]
    frederiksberg = section[section.index("Frederiksberg") :][:160]
    assert "Målet er ændret" in frederiksberg
    _assert_columns_line_up(workdir / OVERVIEW_PDF)


def test_overview_and_report_pass_the_pdf_ua_checks(all_kommuner_run):
    for name in (OVERVIEW_PDF, KOBENHAVN_PDF):
        with pikepdf.open(all_kommuner_run / name) as pdf:
            results = pdf_ua.check(pdf)
        assert (
            pdf_ua.summary(results)
            == f"{len(results)} of {len(results)} conditions pass"
        )


def test_copenhagens_html_report_has_no_wcag_violations(all_kommuner_run):
    html = all_kommuner_run / KOBENHAVN_PDF.replace(".pdf", ".html")
    with chromium() as browser:
        with opened(browser, html) as page:
            assert axe_violations(page) == []
        with opened(browser, html, "telefon (375 px)") as page:
            assert layout_faults(page) == []


def test_all_municipalities_from_the_default_config_say_where_they_are(
    workflow_copy,
):
    refused = run_snakemake(workflow_copy, "-n", "--config", "kommuner=all")
    assert refused.returncode != 0
    message = refused.stdout + refused.stderr  # a dry run logs to stdout
    assert "96 kommuner (101, 147, 151 …) har ingen rapporttekst" in message
    generate = re.search(r"kør python (tools/\S+ --all-kommuner)", message)[1]
    configfile = re.search(r"snakemake --cores 4 (--configfile \S+\.yaml)", message)[1]

    # The fix as the message words it (planned, not run: the run is above);
    # the copy has no tools/ folder, so the script is the repository's.
    script, *arguments = generate.split()
    subprocess.run(
        [sys.executable, REPO / script, *arguments], cwd=workflow_copy, check=True
    )
    planned = run_snakemake(workflow_copy, "-n", *configfile.split())
    assert planned.returncode == 0, planned.stderr[-3000:]
    assert "reports/101/budgetmaal_2021.pdf" in planned.stdout
