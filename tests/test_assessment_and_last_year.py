"""The sample run read back: the administration's assessment beside the
computed status, last year's status beside this year's, and what it takes now,
in results/progress.csv, the PDF, the HTML page and the workbook."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from openpyxl import load_workbook
from pdf_text import flat_text

HERNING_PDF = "reports/657/budgetmaal_2021.pdf"
HERNING_HTML = "reports/657/budgetmaal_2021.html"
HERNING_WORKBOOK = "results/657/maalopfoelgning.xlsx"
NEW_COLUMNS = [
    "assessed_status",
    "assessed_status_da",
    "assessment_reason",
    "assessment_comment",
]


@pytest.fixture(scope="module")
def progress(sample_run) -> pd.DataFrame:
    table = pd.read_csv(sample_run / "results/progress.csv", dtype={"geography": str})
    return table.set_index("target_id")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def herning_text(sample_run) -> str:
    return flat_text(sample_run / HERNING_PDF)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


@pytest.fixture(scope="module")
def herning_html(sample_run) -> str:
    parser = _Text()
    parser.feed((sample_run / HERNING_HTML).read_text(encoding="utf-8"))
    return _flat(" ".join(parser.parts))


def test_the_new_columns_follow_the_existing_ones(progress):
    columns = list(progress.reset_index().columns)
    at = columns.index("met_at_baseline") + 1
    assert columns[at : at + 4] == NEW_COLUMNS
    assert {"required_annual_change", "achieved_annual_change", "reached_year"} <= set(
        columns[at + 4 :]
    )


def test_an_override_keeps_the_computed_status(progress):
    row = progress.loc["forsorgshjem_120_657"]
    assert row["status"] == "missed"  # 29,4 pct. in 2020 against a goal of 0
    assert row["assessed_status"] == "achieved"
    assert row["assessed_status_da"] == "Nået"
    assert row["assessment_reason"].startswith("Eksempeltekst:")
    unassessed = progress.drop(index=["forsorgshjem_120_657", "hjemloese_657"])
    assert unassessed[NEW_COLUMNS].isna().all().all()


def test_a_goal_after_the_latest_data_says_what_it_takes(progress):
    row = progress.loc["hjemloese_657_2030"]
    assert row["latest_year"] < row["target_year"] == 2030
    # From the latest value to the target in the years left, and the change
    # achieved since the baseline, by the formulas of the methodology.
    years_left = row["target_year"] - row["latest_year"]
    required = (row["target_value"] - row["latest_value"]) / years_left
    achieved = (row["latest_value"] - row["baseline_value"]) / (
        row["latest_year"] - row["baseline_year"]
    )
    assert row["required_annual_change"] == pytest.approx(required)
    assert row["achieved_annual_change"] == pytest.approx(achieved)
    assert row["latest_year"] < row["reached_year"] <= row["target_year"]
    passed = progress[progress["latest_year"] >= progress["target_year"]]
    assert passed["required_annual_change"].isna().all()


def test_the_goal_card_shows_the_assessment_beside_the_computed_status(
    herning_text, herning_html
):
    for text in (herning_text, herning_html):
        assert "Forvaltningens vurdering" in text
        assert re.search(
            r"Vurderet status: Nået \(beregnet status: Ikke nået\)\. "
            r"Begrundelse: Eksempeltekst: Fra 1\. januar 2021",
            text,
        )
        # In the overview table, the assessed status is never alone either.
        assert (
            "Nået Forvaltningens vurdering; beregnet status: Ikke nået. Begrundelse:"
            in text
        )


def test_the_report_compares_with_last_year(herning_text, herning_html):
    for text in (herning_text, herning_html):
        assert "Sidste år" in text
        assert "Status ændret fra Bevæger sig væk fra målet til Ikke nået." in text
        assert "Status uændret siden sidste år: Moderat fremgang." in text
        assert "Målet er ændret siden sidste år: målværdi 45,0 pct. → 50,0 pct." in text
        assert "Nyt mål: Eksempelmål: antallet af hjemløse halveres" in text
        assert "Udgået mål: forsorgshjem_ophold_657" in text
        assert "progress_2020_eksempel.csv" in text


def test_a_target_the_report_does_not_show_is_not_called_dropped(sample_run):
    # Faxe shows three of the nine national goals; the others still exist.
    text = flat_text(sample_run / "reports/320/budgetmaal_2021.pdf")
    assert "Sidste år" in text
    assert "Udgået mål" not in text


def test_the_goal_card_says_what_it_takes_now(herning_text, herning_html, progress):
    row = progress.loc["hjemloese_657_2030"]
    for text in (herning_text, herning_html):
        assert "Det kræver nu" in text
        assert f"Krævet ændring pr. år ({int(row['latest_year'])}–2030)" in text
        assert "−0,6 om året" in text  # (89 − 94) / 8 = −0,625
    assert "allerede nået (2019)" in herning_text
    # 6.431 homeless in 2019 against at most 4.000 in 2020: the trend rises.
    national = progress.loc["hjemloese_dk"]
    assert pd.isna(national["reached_year"]) and national["status"] == "away"
    card = herning_text[
        herning_text.index("Højst 4.000 hjemløse i hele landet Basis") :
    ]
    assert "−2.431,0 om året +101,8 om året nås ikke" in card[:600]


def test_the_workbook_shows_the_assessment_and_last_year(sample_run):
    sheet = load_workbook(sample_run / HERNING_WORKBOOK)["Hjemløshed"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    cells = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    override = cells["forsorgshjem_120_657"]
    assert override["Status"] == "Ikke nået"
    assert override["Vurderet status (forvaltningen)"] == "Nået"
    assert override["Begrundelse for vurderet status"].startswith("Eksempeltekst")
    assert override["Status sidste år"] == "Bevæger sig væk fra målet"
    assert cells["hjemloese_657_2030"]["Ændring siden sidste år"] == "Nyt mål"
    assert isinstance(
        cells["hjemloese_657_2030"]["Målet nås (år) i tendensens tempo"], int
    )
