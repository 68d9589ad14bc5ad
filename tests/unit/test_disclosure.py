"""Small register numbers are hidden where they are made, and never assessed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from budgetmaal.assessing.progress import compute_progress
from budgetmaal.publishing.charts import trajectory_figure
from budgetmaal.publishing.narrative import trajectory_text
from budgetmaal.reading.disclosure import (
    HIDDEN_TARGET,
    SmallCounts,
    hidden_values,
    is_small,
)
from budgetmaal.reading.registers import Share


@pytest.mark.parametrize(
    ("value", "small"),
    [
        (0, False),
        (0.5, True),
        (1, True),
        (4, True),
        (4.99, True),
        (5, False),
        (None, False),
        (math.nan, False),
    ],
)
def test_small_means_strictly_between_zero_and_the_threshold(value, small):
    assert is_small(value, 5) is small


@pytest.mark.parametrize(
    ("share", "hidden"),
    [
        (Share(1, 3), True),  # the example: 33.3 pct. tells 1 and 2
        (Share(0, 3), True),  # denominator under the threshold
        (Share(3, 3), True),
        (Share(0, 0), False),  # nothing ended: no value, nothing to hide
        (Share(0, 10), False),  # 0 of 10 identifies no one
        (Share(10, 10), False),  # complement 0
        (Share(4, 10), True),  # numerator 1-4
        (Share(6, 10), True),  # complement 4
        (Share(5, 10), False),
        (Share(11, 12), True),  # complement 1
        (Share(5, 5), False),
    ],
)
def test_a_share_is_hidden_by_its_numerator_complement_or_denominator(share, hidden):
    assert SmallCounts(5).hides(share) is hidden


def test_counts_follow_the_count_rule():
    assert [SmallCounts(5).hides(v) for v in (0.0, 1.0, 4.0, 5.0)] == [
        False,
        True,
        True,
        False,
    ]


def _row(**overrides) -> dict:
    row = {
        "unit": "count",
        "better": "lower",
        "target_form": "change_pct",
        "baseline_year": 2014,
        "baseline_value": math.nan,
        "latest_year": 2020,
        "latest_value": math.nan,
        "target_year": 2020,
        "target_value": math.nan,
        "small_numbers": True,
    }
    return row | overrides


def test_hidden_values_are_the_empty_ones_of_a_small_numbers_row():
    assert hidden_values(_row()) == {"baseline_value", "latest_value", "target_value"}
    assert hidden_values(_row(baseline_value=7.0, target_value=5.0)) == {"latest_value"}
    no_latest = _row(baseline_value=7.0, latest_year=None, target_value=5.0)
    assert hidden_values(no_latest) == set()
    assert hidden_values(_row(small_numbers=False)) == set()
    fixed_goal = _row(target_form="value", target_value=3.0)
    assert hidden_values(fixed_goal) == {"baseline_value", "latest_value"}


def test_hidden_values_are_written_as_under_the_threshold():
    small = SmallCounts(5)
    assert small.show(math.nan, "count", hidden=True) == "under 5"
    assert small.show(0.0, "count") == "0"
    assert small.show(1234.0, "count") == "1.234"
    assert small.show(math.nan, "percent", hidden=True) == ("skjult (under 5)")
    assert small.show_field(_row(), "baseline_value") == "under 5"
    assert small.show_field(_row(), "target_value") == HIDDEN_TARGET
    assert small.show_field(_row(baseline_value=7.0), "baseline_value") == "7"


def test_alt_text_never_gives_the_small_count_or_its_direction():
    row = _row(target_form="value", target_value=0.0)
    text = trajectory_text(
        row,
        "Unge",
        [(2014, math.nan, True), (2020, math.nan, True), (2022, math.nan, True)],
        SmallCounts(5),
    )
    assert text == (
        "Unge gik fra under 5 i 2014 til under 5 i 2020; målet er højst 0 i 2020. "
        "Efter målåret: under 5 i 2022."
    )


def test_alt_text_of_a_goal_computed_from_a_hidden_baseline_has_no_number():
    text = trajectory_text(_row(), "Unge", [], SmallCounts(5))
    assert text.endswith("målet er et fald fra basisåret til 2020.")


def test_chart_draws_hidden_counts_only_as_marks_in_the_band():
    series = pd.DataFrame(
        {
            "year": [2014, 2016, 2018, 2020],
            "value": [17.0, 9.0, math.nan, math.nan],
            "small_numbers": [False, False, True, True],
        }
    )
    row = _row(baseline_value=17.0, target_form="value", target_value=0.0)
    row |= {"projected_value": math.nan, "path": "linear"}
    figure = trajectory_figure(row, series, "Unge", small_counts=SmallCounts(5))
    drawn = {
        line.get_label(): [float(y) for y in line.get_ydata() if not math.isnan(y)]
        for line in figure.axes[0].get_lines()
    }
    assert drawn["Målt"] == [17.0, 9.0]
    assert drawn["Målt, under 5 (vises ikke præcist)"] == [2.5, 2.5]


def test_chart_of_a_hidden_share_marks_the_year_without_a_value():
    series = pd.DataFrame(
        {
            "year": [2018, 2019, 2020],
            "value": [40.0, math.nan, 35.0],
            "small_numbers": [False, True, False],
        }
    )
    row = _row(unit="percent", baseline_year=2018, baseline_value=40.0)
    row |= {"target_form": "value", "target_value": 30.0, "latest_value": 35.0}
    row |= {"small_numbers": False, "projected_value": 33.0, "path": "linear"}
    row |= {"met_at_baseline": False}
    figure = trajectory_figure(row, series, "Lange ophold", small_counts=SmallCounts(5))
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert "Målt, vises ikke (små tal)" in labels
    observed = next(x for x in figure.axes[0].get_lines() if x.get_label() == "Målt")
    assert list(observed.get_xdata()) == [2018, 2020]


TARGET = {
    "id": "unge",
    "indicator": "unge",
    "geography": "657",
    "baseline": {"year": 2019},
    "target": {"year": 2022, "change_pct": -50},
}
INDICATORS = {"unge": {"id": "unge", "unit": "count", "better": "lower"}}


def _table(values: dict[int, float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": "unge",
            "geography": "657",
            "year": list(values),
            "value": [math.nan if v is None else v for v in values.values()],
            "example_data": False,
            "small_numbers": [v is None for v in values.values()],
        }
    )


def test_a_hidden_baseline_hides_the_goal_computed_from_it_and_every_measure():
    row = compute_progress([TARGET], INDICATORS, _table({2019: None, 2021: 9.0}), "x")
    row = row.iloc[0]
    assert row["status"] == "too_uncertain" and row["small_numbers"]
    assert pd.isna(row["target_value"]) and pd.isna(row["met_at_baseline"])
    assert row["latest_value"] == 9.0
    for measure in ("progress_pct", "pace_ratio", "projected_value", "significant"):
        assert pd.isna(row[measure]), measure


def test_a_hidden_latest_value_makes_the_target_too_uncertain():
    row = compute_progress([TARGET], INDICATORS, _table({2019: 12.0, 2021: None}), "x")
    row = row.iloc[0]
    assert (row["status"], row["latest_year"]) == ("too_uncertain", 2021)
    assert pd.isna(row["latest_value"]) and row["target_value"] == 6.0


def test_a_hidden_middle_year_is_left_out_of_the_projection():
    table = _table({2019: 12.0, 2020: None, 2021: 10.0})
    row = compute_progress([TARGET], INDICATORS, table, "x").iloc[0]
    assert not row["small_numbers"] and row["status"] != "too_uncertain"
    # The line through (2019, 12) and (2021, 10) only: 9 in 2022.
    assert row["projected_value"] == pytest.approx(9.0)
