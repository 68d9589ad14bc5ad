"""The goal card's wording of a target: the bound and a goal met at the baseline."""

from __future__ import annotations

import pandas as pd

from budgetmaal.disclosure import SmallCounts
from budgetmaal.report_context import target_view
from budgetmaal.vocabulary import STATUS_DA

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
    return target_view(row, target, INDICATORS, TABLE, None, {}, SmallCounts(5))


def test_the_target_is_written_as_the_bound_it_is():
    assert _view()["target"] == "højst 21 (2020)"
    floor = _view("andel", better="higher", target_value=50.0)
    assert floor["target"] == "mindst 50,0 pct. (2020)"
    assert "målet er højst 21 i 2020" in _view()["chart_text"]


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
