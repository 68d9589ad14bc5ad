"""The goal card's wording of a target: the bound and a goal met at the
baseline; the data appendix's warnings."""

from __future__ import annotations

import pandas as pd

from budgetmaal.publishing.report_context import report_warnings, target_view
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.vocabulary import STATUS_DA

INDICATORS = {
    "hjemloese": {"id": "hjemloese", "name": "Antal hjemløse", "unit": "count"},
    "unge": {"id": "unge", "name": "Unge på forsorgshjem", "unit": "count"},
    "andel": {"id": "andel", "name": "Andel", "unit": "percent"},
}
TABLE = pd.DataFrame(
    columns=["indicator_id", "geography", "year", "value", "small_numbers"]
)


def _view(indicator="hjemloese", **values):
    row = {
        "target_id": "t",
        "indicator_id": indicator,
        "geography": "101",
        "unit": INDICATORS[indicator]["unit"],
        "better": "lower",
        "baseline_year": 2013,
        "baseline_value": 20.0,
        "target_year": 2020,
        "target_value": 21.4,
        "latest_year": 2019,
        "latest_value": 36.0,
        "progress_pct": None,
        "expected_pct": None,
        "pace_ratio": None,
        "projected_value": 41.0,
        "status": "away",
        "status_da": STATUS_DA["away"],
        "target_form": "scale_from",
        "example_data": False,
        "small_numbers": False,
        "met_at_baseline": True,
    } | values
    target = {"id": "t", "target": {"change_pct": -25}}
    return target_view(
        row, target, INDICATORS, TABLE, None, {}, SmallCounts(5), REPORT_YEAR
    )


REPORT_YEAR = 2021


def test_the_target_is_written_as_the_bound_it_is():
    assert _view()["target"] == "højst 21 (2020)"
    floor = _view("andel", better="higher", target_value=50.0)
    assert floor["target"] == "mindst 50,0 pct. (2020)"
    assert "målet er højst 21 i 2020" in _view()["chart_text"]


def test_a_goal_that_moved_away_prints_its_progress_with_the_minus_sign():
    view = _view(progress_pct=-34.2, met_at_baseline=False)
    assert view["progress"] == "\u221234 pct."


def test_the_chart_alt_text_names_the_goal_and_is_not_the_caption():
    view = _view()
    assert view["chart_alt"] == (
        "Diagram: Antal hjemløse; tallene står i teksten under"
    )
    assert view["chart_alt"] != view["chart_text"]


def test_a_goal_met_at_the_baseline_is_said_with_empty_measures():
    view = _view()
    assert view["met_at_baseline"] is True
    assert view["progress"] == view["expected"] == view["pace"] == "–"
    assert _view(met_at_baseline=False)["met_at_baseline"] is False


def test_small_counts_keep_the_baseline_side_of_the_target_hidden():
    view = _view(
        "unge",
        baseline_value=None,
        target_value=3.0,
        latest_value=None,
        small_numbers=True,
        status="too_uncertain",
        status_da=STATUS_DA["too_uncertain"],
    )
    assert view["met_at_baseline"] is False
    assert view["baseline"] == "under 5 (2013)"
    assert view["latest"] == "under 5 (2019)"


def test_a_goal_computed_from_a_hidden_baseline_is_said_without_a_number():
    view = _view(
        "unge",
        baseline_value=None,
        target_value=None,
        target_form="change_pct",
        small_numbers=True,
        status="too_uncertain",
        status_da=STATUS_DA["too_uncertain"],
    )
    assert view["target"] == "25 pct. lavere end i basisåret (2020)"


def test_an_assessed_status_is_shown_with_the_computed_one_and_the_reason():
    view = _view(
        assessed_status="on_track",
        assessed_status_da="På rette spor",
        assessment_reason="Tællingen i 2019 blev lavet efter en ny metode.",
        assessment_comment=None,
    )
    assert view["status_da"] == STATUS_DA["away"]  # the computed status stays
    assert view["assessment"] == {
        "status_da": "På rette spor",
        "symbol": "●",
        "reason": "Tællingen i 2019 blev lavet efter en ny metode.",
        "comment": None,
    }
    assert _view()["assessment"] is None


def test_what_it_takes_now_is_written_in_danish():
    view = _view(
        required_annual_change=-1.25,
        achieved_annual_change=2.5,
        reached_year=None,
    )
    assert view["outlook"] == {
        "required": "−1,3 om året",  # half up
        "achieved": "+2,5 om året",
        "reached": "nås ikke; nyeste tal er fra 2019",
        "period_left": "2019–2020",
        "period_done": "2013–2019",
    }
    ahead = _view(
        "andel",
        required_annual_change=-0.5,
        achieved_annual_change=-1.0,
        reached_year=None,
    )
    assert ahead["outlook"]["required"] == "−0,5 pct.-point om året"
    reached = _view(
        required_annual_change=0.0, achieved_annual_change=-3.0, reached_year=2019
    )
    assert reached["outlook"]["required"] == "ingen, målet er nået"
    assert reached["outlook"]["reached"] == "allerede nået (2019)"
    later = _view(
        required_annual_change=-2.0, achieved_annual_change=-1.0, reached_year=2023.0
    )
    assert later["outlook"]["reached"] == "2023; nyeste tal er fra 2019"


def test_a_report_lists_the_warnings_about_its_own_geographies():
    warnings = [
        {"text": "national gap", "geography": "000"},
        {"text": "Herning gap", "geography": "657"},
        {"text": "Faxe gap", "geography": "320"},
        {"text": "undeclared file", "geography": None},
    ] + [{"text": f"gap {code}", "geography": code} for code in ("101", "147")]

    shown = report_warnings(warnings, {"000", "657"})

    assert shown["warnings"] == ["national gap", "Herning gap", "undeclared file"]
    assert shown["warnings_left_out"] == "3 advarsler"
    assert report_warnings(warnings[:3], {"000", "657"})["warnings_left_out"] == (
        "1 advarsel"
    )
    assert report_warnings(warnings[:2], {"000", "657"})["warnings_left_out"] is None


# --- Years read off the trend: the data's last year, the unit's bound --------

OUTLOOK = {
    "required_annual_change": -2.0,
    "achieved_annual_change": -1.5,
    "reached_year": 2015,
    "latest_year": 2013,
    "met_at_baseline": False,
}


def test_a_year_read_off_the_trend_says_when_the_newest_figures_are_older():
    view = _view(**OUTLOOK)
    assert view["outlook"]["reached"] == "2015; nyeste tal er fra 2013"
    assert _view(**OUTLOOK | {"reached_year": None})["outlook"]["reached"] == (
        "nås ikke; nyeste tal er fra 2013"
    )
    # Figures from the report year on: the year alone.
    recent = _view(**OUTLOOK | {"latest_year": REPORT_YEAR, "reached_year": 2022})
    assert recent["outlook"]["reached"] == "2022"
    # Reached already at the latest observation: no trend, no note.
    done = _view(**OUTLOOK | {"reached_year": 2013})
    assert done["outlook"]["reached"] == "allerede nået (2013)"


def test_the_card_says_when_the_projection_was_held_at_the_units_bound():
    assert _view(**OUTLOOK)["bound_note"] is None
    count = _view(
        **OUTLOOK | {"latest_year": 2022, "reached_year": 2023},
        projected_value=0.0,
        projection_bound_year=2029,
    )
    assert count["bound_note"] == (
        "Fremskrivningen når 0 i 2029 og holdes dér, da tallet ikke kan komme under 0."
    )
    share = _view(
        "andel",
        **OUTLOOK | {"reached_year": 2016},
        better="higher",
        target_value=80.0,
        projected_value=100.0,
        projection_bound_year=2018,
    )
    assert share["bound_note"] == (
        "Fremskrivningen når 100,0 pct. i 2018 og holdes dér, da tallet ikke kan "
        "komme over 100,0 pct.; nyeste tal er fra 2013."
    )
