"""Progress toward targets: hand-computed expectations from docs/methodology.md.

Every expected number is worked out in the comment next to it from the
formulas of the methodology, never copied from the code's output.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from budgetmaal.assessing.progress import (
    PROGRESS_COLUMNS,
    ProgressError,
    bound_year,
    compute_progress,
    projected_value,
    significant_change,
    trend_line,
    unit_range,
)
from budgetmaal.shared.vocabulary import STATUS_DA

INDICATORS = {
    "hjemloese": {
        "id": "hjemloese",
        "name": "Hjemløse",
        "unit": "count",
        "better": "lower",
    },
    "uddannelse": {
        "id": "uddannelse",
        "name": "Udsatte unge med uddannelse",
        "unit": "percent",
        "better": "higher",
    },
    "ophold": {
        "id": "ophold",
        "name": "Gennemsnitlig opholdstid",
        "unit": "days",
        "better": "lower",
    },
    "befolkning": {
        "id": "befolkning",
        "name": "Befolkning",
        "unit": "count",
        "better": "higher",
    },
}
POPULATION = "befolkning"


def table(*series) -> pd.DataFrame:
    """Tidy table from (indicator, geography, {year: value}) triples."""
    rows = [
        {
            "indicator_id": indicator,
            "geography": geography,
            "year": year,
            "value": float(value),
            "example_data": False,
        }
        for indicator, geography, values in series
        for year, value in values.items()
    ]
    frame = pd.DataFrame(
        rows, columns=["indicator_id", "geography", "year", "value", "example_data"]
    )
    return frame.astype({"year": int, "value": float, "example_data": bool})


def target(
    id_="t1",
    indicator="hjemloese",
    geography="000",
    baseline=None,
    goal=None,
    path=None,
) -> dict:
    entry = {
        "id": id_,
        "indicator": indicator,
        "geography": geography,
        "baseline": baseline or {"year": 2010},
        "target": goal or {"year": 2020, "value": 0},
    }
    if path is not None:
        entry["path"] = path
    return entry


def run(targets, data) -> pd.DataFrame:
    return compute_progress(targets, INDICATORS, data, POPULATION)


def one(target_, data) -> pd.Series:
    frame = run([target_], data)
    assert len(frame) == 1
    return frame.iloc[0]


def assert_status(row, status):
    assert row["status"] == status
    assert row["status_da"] == STATUS_DA[status]


def is_empty(value) -> bool:
    return value is None or pd.isna(value)


# --- Target forms -----------------------------------------------------------


def test_value_form_all_measures_by_hand():
    # b = 2013, x_b = 100 (data); t = 2020, x_t = 50; l = 2017, x_l = 80.
    data = table(("hjemloese", "000", {2013: 100, 2015: 90, 2017: 80}))
    row = one(target(baseline={"year": 2013}, goal={"year": 2020, "value": 50}), data)
    assert row["baseline_year"] == 2013
    assert row["baseline_value"] == 100.0
    assert row["target_year"] == 2020
    assert row["target_value"] == 50.0
    assert row["latest_year"] == 2017
    assert row["latest_value"] == 80.0
    # x_t < x_b, so lower is better.
    assert row["better"] == "lower"
    assert row["unit"] == "count"
    assert row["target_form"] == "value"
    assert row["path"] == "linear"
    # progress = 100 * (80 - 100) / (50 - 100) = 40
    assert row["progress_pct"] == pytest.approx(40.0)
    # expected = 100 * (2017 - 2013) / (2020 - 2013) = 400 / 7 = 57.142857...
    assert row["expected_pct"] == pytest.approx(400 / 7)
    # r = 40 / (400/7) = 0.7 -> 0.6 <= r < 0.95 -> moderate
    assert row["pace_ratio"] == pytest.approx(0.7)
    # Least squares through (0, 100), (2, 90), (4, 80) (years from b): slope -5,
    # intercept 100; at t - b = 7: 100 - 35 = 65.
    assert row["projected_value"] == pytest.approx(65.0)
    # |80 - 100| = 20 vs 1.96 * sqrt(180) = 26.296 -> not significant
    assert row["significant"] == False  # noqa: E712
    assert_status(row, "moderate")


def test_change_pct_form():
    # x_b = 200 (data), change -25 % -> x_t = 200 * 0.75 = 150.
    # b = 2013, t = 2020, l = 2016, x_l = 170.
    data = table(("hjemloese", "000", {2013: 200, 2016: 170}))
    row = one(
        target(baseline={"year": 2013}, goal={"year": 2020, "change_pct": -25}),
        data,
    )
    assert row["target_value"] == pytest.approx(150.0)
    assert row["target_form"] == "change_pct"
    assert row["better"] == "lower"
    # progress = 100 * (170 - 200) / (150 - 200) = 60
    assert row["progress_pct"] == pytest.approx(60.0)
    # expected = 100 * 3 / 7 = 42.857...
    assert row["expected_pct"] == pytest.approx(300 / 7)
    # r = 60 / (300/7) = 1.4 -> on_track
    assert row["pace_ratio"] == pytest.approx(1.4)
    assert_status(row, "on_track")


def test_change_pct_increase_on_a_lower_is_better_indicator_needs_better():
    # x_b = 50, change +20 % -> x_t = 60; the catalogue says lower is better,
    # so the rise must be declared on the target.
    data = table(("hjemloese", "000", {2010: 50, 2015: 61}))
    with pytest.raises(ProgressError, match="t1.*change_pct: 20.*better: higher"):
        one(target(goal={"year": 2020, "change_pct": 20}), data)
    declared = target(goal={"year": 2020, "change_pct": 20})
    declared["better"] = "higher"
    row = one(declared, data)
    assert row["target_value"] == pytest.approx(60.0)
    assert row["better"] == "higher"
    # 61 >= 60 -> achieved
    assert_status(row, "achieved")


def test_change_pct_is_relative_to_the_given_baseline():
    # Given x_b = 150 wins over the data's 200: x_t = 150 * 0.75 = 112.5.
    data = table(("hjemloese", "657", {2013: 200, 2016: 140}))
    row = one(
        target(
            geography="657",
            baseline={"year": 2013, "value": 150},
            goal={"year": 2020, "change_pct": -25},
        ),
        data,
    )
    assert row["baseline_value"] == 150.0
    assert row["target_value"] == pytest.approx(112.5)
    # progress = 100 * (140 - 150) / (112.5 - 150) = -1000 / -37.5 = 26.666...
    assert row["progress_pct"] == pytest.approx(1000 / 37.5)
    # expected = 300 / 7; r = (80/3) / (300/7) = 560 / 900 = 0.6222... -> moderate
    assert row["pace_ratio"] == pytest.approx(560 / 900)
    assert_status(row, "moderate")


def test_scale_from_uses_population_share_in_the_baseline_year():
    # National x_t = 4000. Population 2013: 657 -> 84 000, 000 -> 5 600 000;
    # 2014 numbers differ and must not be used.
    # x_t(657) = 4000 * 84 000 / 5 600 000 = 4000 * 0.015 = 60.
    data = table(
        ("hjemloese", "000", {2013: 6000, 2017: 5000}),
        ("hjemloese", "657", {2013: 100, 2017: 80}),
        ("befolkning", "000", {2013: 5_600_000, 2014: 5_000_000}),
        ("befolkning", "657", {2013: 84_000, 2014: 100_000}),
    )
    national = target("dk", baseline={"year": 2013}, goal={"year": 2020, "value": 4000})
    local = target(
        "herning",
        geography="657",
        baseline={"year": 2013},
        goal={"year": 2020, "scale_from": "dk"},
    )
    # The scaled target listed first: the order of the output is the input order.
    frame = run([local, national], data)
    assert list(frame["target_id"]) == ["herning", "dk"]
    row = frame.iloc[0]
    assert row["target_form"] == "scale_from"
    assert row["target_value"] == pytest.approx(60.0)
    assert row["better"] == "lower"
    # progress = 100 * (80 - 100) / (60 - 100) = 50; expected = 400/7; r = 0.875
    assert row["progress_pct"] == pytest.approx(50.0)
    assert row["pace_ratio"] == pytest.approx(50 / (400 / 7))
    assert_status(row, "moderate")


def test_scale_from_a_change_pct_national_target_with_a_given_baseline():
    # National: x_b = 8000 (data), -50 % -> 4000. Local: pop share 1/40 -> 100.
    data = table(
        ("hjemloese", "000", {2013: 8000}),
        ("hjemloese", "657", {2016: 130}),
        ("befolkning", "000", {2013: 4_000_000}),
        ("befolkning", "657", {2013: 100_000}),
    )
    national = target(
        "dk", baseline={"year": 2013}, goal={"year": 2020, "change_pct": -50}
    )
    local = target(
        "lokal",
        geography="657",
        baseline={"year": 2013, "value": 150},
        goal={"year": 2020, "scale_from": "dk"},
    )
    frame = run([national, local], data).set_index("target_id")
    assert frame.loc["dk", "target_value"] == pytest.approx(4000.0)
    assert frame.loc["lokal", "target_value"] == pytest.approx(100.0)
    # Local: progress = 100 * (130 - 150) / (100 - 150) = 40; expected = 300/7;
    # r = 40 * 7 / 300 = 0.9333 -> moderate
    assert frame.loc["lokal", "pace_ratio"] == pytest.approx(280 / 300)
    assert frame.loc["lokal", "status"] == "moderate"
    # National has no observation after 2013 -> no_data.
    assert frame.loc["dk", "status"] == "no_data"


def test_scale_from_missing_municipal_population_names_the_target():
    data = table(
        ("hjemloese", "000", {2013: 6000}),
        ("hjemloese", "657", {2013: 100, 2015: 90}),
        ("befolkning", "000", {2013: 5_600_000}),
        ("befolkning", "657", {2014: 84_000}),  # not the baseline year
    )
    national = target("dk", baseline={"year": 2013}, goal={"year": 2020, "value": 1})
    local = target(
        "herning_skaleret",
        geography="657",
        baseline={"year": 2013},
        goal={"year": 2020, "scale_from": "dk"},
    )
    with pytest.raises(ProgressError, match="herning_skaleret") as error:
        run([national, local], data)
    assert "befolkning" in str(error.value)
    assert "2013" in str(error.value)


def test_scale_from_missing_national_population_names_the_target():
    data = table(
        ("hjemloese", "000", {2013: 6000}),
        ("hjemloese", "657", {2013: 100, 2015: 90}),
        ("befolkning", "657", {2013: 84_000}),
        ("befolkning", "000", {2013: math.nan}),  # missing value, not a number
    )
    national = target("dk", baseline={"year": 2013}, goal={"year": 2020, "value": 1})
    local = target(
        "herning_skaleret",
        geography="657",
        baseline={"year": 2013},
        goal={"year": 2020, "scale_from": "dk"},
    )
    with pytest.raises(ProgressError, match="herning_skaleret") as error:
        run([national, local], data)
    assert "000" in str(error.value)


def test_scale_from_an_unknown_or_directional_target_is_a_config_error():
    data = table(
        ("hjemloese", "000", {2013: 6000, 2015: 5000}),
        ("hjemloese", "657", {2013: 100, 2015: 90}),
        ("befolkning", "000", {2013: 5_600_000}),
        ("befolkning", "657", {2013: 84_000}),
    )
    local = target(
        "lokal",
        geography="657",
        baseline={"year": 2013},
        goal={"year": 2020, "scale_from": "findes_ikke"},
    )
    with pytest.raises(ProgressError, match="lokal"):
        run([local], data)
    directional = target("dk", baseline={"year": 2013}, goal={"direction": "decrease"})
    local["target"]["scale_from"] = "dk"
    with pytest.raises(ProgressError, match="lokal"):
        run([directional, local], data)


def test_direction_increase_percent_improving_without_significance():
    # Percent unit: no significance test; 41 > 40 is a change upwards.
    data = table(("uddannelse", "320", {2018: 40, 2019: 39, 2021: 41}))
    row = one(
        target(
            indicator="uddannelse",
            geography="320",
            baseline={"year": 2018},
            goal={"direction": "increase"},
        ),
        data,
    )
    assert row["target_form"] == "direction"
    assert row["better"] == "higher"
    assert row["latest_year"] == 2021
    assert row["latest_value"] == 41.0
    assert is_empty(row["significant"])
    assert is_empty(row["target_year"])
    assert is_empty(row["target_value"])
    for column in ("progress_pct", "expected_pct", "pace_ratio", "projected_value"):
        assert is_empty(row[column]), column
    assert_status(row, "improving")


def test_direction_decrease_percent_worsening_and_unchanged():
    # A decrease on an indicator where higher is better must say so.
    goal = {"direction": "decrease", "better": "lower"}
    goal_of = target(
        indicator="uddannelse", geography="320", baseline={"year": 2018}, goal=goal
    )
    rising = table(("uddannelse", "320", {2018: 40, 2020: 40.5}))
    row = one(goal_of, rising)
    assert row["better"] == "lower"
    assert_status(row, "worsening")
    flat = table(("uddannelse", "320", {2018: 40, 2019: 30, 2020: 40}))
    row = one(goal_of, flat)
    # x_l = x_b = 40 -> unchanged
    assert_status(row, "unchanged")


@pytest.mark.parametrize(
    ("latest", "significant", "status"),
    [
        # |70 - 100| = 30 > 1.96 * sqrt(170) = 25.56 -> significant fall
        (70, True, "improving"),
        # |80 - 100| = 20 <= 1.96 * sqrt(180) = 26.30 -> not significant
        (80, False, "unchanged"),
        # |125 - 100| = 25 <= 1.96 * sqrt(225) = 29.4 -> not significant
        (125, False, "unchanged"),
        # |130 - 100| = 30 > 1.96 * sqrt(230) = 29.73 -> significant rise
        (130, True, "worsening"),
        # no change at all
        (100, False, "unchanged"),
    ],
)
def test_direction_decrease_count_uses_the_poisson_test(latest, significant, status):
    data = table(("hjemloese", "000", {2017: 100, 2019: latest}))
    row = one(target(baseline={"year": 2017}, goal={"direction": "decrease"}), data)
    assert row["unit"] == "count"
    assert bool(row["significant"]) is significant
    assert_status(row, status)


def test_direction_with_a_given_baseline_value():
    # Given x_b = 10 wins over the data's 50; x_l = 40 > 10 -> for increase, improving;
    # |40 - 10| = 30 > 1.96 * sqrt(50) = 13.86 -> significant.
    data = table(("hjemloese", "000", {2017: 50, 2019: 40}))
    row = one(
        target(
            baseline={"year": 2017, "value": 10},
            goal={"direction": "increase", "better": "higher"},
        ),
        data,
    )
    assert row["baseline_value"] == 10.0
    assert row["significant"] == True  # noqa: E712
    assert_status(row, "improving")


# --- Baseline ---------------------------------------------------------------


def test_baseline_value_read_from_data():
    data = table(("hjemloese", "000", {2009: 999, 2010: 120, 2012: 100}))
    row = one(target(goal={"year": 2020, "value": 20}), data)
    assert row["baseline_value"] == 120.0
    # progress = 100 * (100 - 120) / (20 - 120) = 20; expected = 20; r = 1
    assert row["progress_pct"] == pytest.approx(20.0)
    assert row["expected_pct"] == pytest.approx(20.0)
    assert row["pace_ratio"] == pytest.approx(1.0)
    assert_status(row, "on_track")


def test_given_baseline_value_wins_over_data():
    data = table(("hjemloese", "000", {2010: 120, 2012: 100}))
    row = one(
        target(baseline={"year": 2010, "value": 140}, goal={"year": 2020, "value": 40}),
        data,
    )
    assert row["baseline_value"] == 140.0
    # progress = 100 * (100 - 140) / (40 - 140) = 40; expected = 20; r = 2
    assert row["progress_pct"] == pytest.approx(40.0)
    assert row["pace_ratio"] == pytest.approx(2.0)
    # Least squares through (0, 140) and (2, 100): slope -20; at 10 the line is
    # 140 - 200 = -60, but a count stops at 0, which the line meets in 2017.
    assert row["projected_value"] == 0.0
    assert row["projection_bound_year"] == 2017


def test_given_baseline_value_needs_no_observation_in_the_baseline_year():
    data = table(("hjemloese", "000", {2015: 90}))
    row = one(
        target(baseline={"year": 2010, "value": 100}, goal={"year": 2020, "value": 0}),
        data,
    )
    # progress = 100 * (90 - 100) / (0 - 100) = 10; expected = 50; r = 0.2
    assert row["pace_ratio"] == pytest.approx(0.2)
    assert_status(row, "insufficient")


def test_missing_baseline_value_names_the_target():
    data = table(("hjemloese", "000", {2011: 100, 2015: 90}))
    with pytest.raises(ProgressError, match="hjemloese_dk") as error:
        run([target("hjemloese_dk", goal={"year": 2020, "value": 0})], data)
    assert "2010" in str(error.value)


def test_baseline_year_with_a_missing_value_is_missing():
    # The row exists but the value is NaN: as if there were no observation.
    data = table(("hjemloese", "000", {2010: math.nan, 2015: 90}))
    with pytest.raises(ProgressError, match="mit_maal"):
        run([target("mit_maal", goal={"year": 2020, "value": 0})], data)


def test_baseline_is_read_for_the_targets_own_geography():
    data = table(
        ("hjemloese", "000", {2010: 5000, 2015: 4000}),
        ("hjemloese", "101", {2015: 90}),
    )
    with pytest.raises(ProgressError, match="kbh"):
        run([target("kbh", geography="101", goal={"year": 2020, "value": 0})], data)


# --- Statuses of numeric targets --------------------------------------------
# b = 2010, x_b = 100, t = 2020, x_t = 0 (lower is better) unless stated.


def numeric_row(latest_year, latest_value, **kwargs):
    data = table(("hjemloese", "000", {2010: 100, latest_year: latest_value}))
    return one(target(goal={"year": 2020, "value": 0}, **kwargs), data)


def test_achieved_before_the_target_year():
    row = numeric_row(2014, 0)
    # x_l = 0 <= x_t = 0 (at the target counts); progress = 100
    assert row["progress_pct"] == pytest.approx(100.0)
    assert_status(row, "achieved")


def test_achieved_beyond_the_target_regardless_of_pace():
    # Lower is better: x_l = -5 < 0 is beyond; progress 105 %.
    row = numeric_row(2011, -5)
    assert row["progress_pct"] == pytest.approx(105.0)
    assert_status(row, "achieved")


def test_achieved_higher_is_better():
    # x_b = 30, x_t = 50 -> better higher; x_l = 50.5 >= 50 -> achieved.
    data = table(("uddannelse", "000", {2011: 30, 2014: 50.5}))
    row = one(
        target(
            indicator="uddannelse",
            baseline={"year": 2011},
            goal={"year": 2020, "value": 50},
        ),
        data,
    )
    assert row["better"] == "higher"
    # progress = 100 * 20.5 / 20 = 102.5
    assert row["progress_pct"] == pytest.approx(102.5)
    assert is_empty(row["significant"])
    assert_status(row, "achieved")


def test_missed_when_the_latest_year_is_the_target_year():
    # l = t = 2020, x_l = 1 > 0 -> missed even though r = 99/100 = 0.99.
    row = numeric_row(2020, 1)
    assert row["latest_year"] == 2020
    assert row["expected_pct"] == pytest.approx(100.0)
    assert row["pace_ratio"] == pytest.approx(0.99)
    assert_status(row, "missed")


def test_achieved_in_the_target_year_is_not_missed():
    row = numeric_row(2020, 0)
    assert_status(row, "achieved")


def test_latest_before_a_passed_target_year_is_judged_by_pace():
    # Data end in 2019 < t: the rule 'l = t -> missed' does not apply.
    # progress = 100 * (10 - 100) / -100 = 90; expected = 90; r = 1 -> on_track
    row = numeric_row(2019, 10)
    assert row["pace_ratio"] == pytest.approx(1.0)
    assert_status(row, "on_track")


@pytest.mark.parametrize(
    ("latest_value", "pace", "status"),
    [
        # l = 2015: expected = 50. progress = 100 - x_l.
        (40, 60 / 50, "on_track"),  # r = 1.2
        (52.5, 0.95, "on_track"),  # r = 47.5 / 50 = 0.95 exactly (boundary)
        (53, 0.94, "moderate"),  # r = 47 / 50
        (70, 0.6, "moderate"),  # r = 30 / 50 = 0.6 exactly (boundary)
        (71, 0.58, "insufficient"),  # r = 29 / 50
        (99, 0.02, "insufficient"),  # r = 1 / 50
        (100, 0.0, "away"),  # no change: r = 0 is not > 0
        (110, -0.2, "away"),  # r = -10 / 50
    ],
)
def test_pace_statuses_linear(latest_value, pace, status):
    row = numeric_row(2015, latest_value)
    assert row["expected_pct"] == pytest.approx(50.0)
    assert row["progress_pct"] == pytest.approx(100 - latest_value)
    assert row["pace_ratio"] == pytest.approx(pace)
    assert_status(row, status)


def test_pace_statuses_higher_is_better():
    # x_b = 30, x_t = 50, b = 2010, t = 2020, l = 2015 -> expected 50.
    for latest_value, status in [
        (40, "on_track"),  # progress 50, r = 1
        (36, "moderate"),  # progress 30, r = 0.6
        (31, "insufficient"),  # progress 5, r = 0.1
        (29, "away"),  # progress -5, r = -0.1
    ]:
        data = table(("uddannelse", "000", {2010: 30, 2015: latest_value}))
        row = one(
            target(indicator="uddannelse", goal={"year": 2020, "value": 50}), data
        )
        assert_status(row, status)


@pytest.mark.parametrize(
    "data",
    [
        table(("hjemloese", "000", {2010: 100})),  # baseline only
        table(("hjemloese", "000", {2010: 100, 2013: math.nan})),  # only missing
        table(("hjemloese", "000", {2010: 100, 2021: 50, 2022: 0})),  # after t only
        table(("hjemloese", "000", {2008: 120, 2010: 100})),  # before b only
    ],
)
def test_no_data_after_the_baseline(data):
    row = one(target(goal={"year": 2020, "value": 0}), data)
    assert_status(row, "no_data")
    assert row["baseline_value"] == 100.0
    assert row["target_value"] == 0.0
    for column in (
        "latest_year",
        "latest_value",
        "progress_pct",
        "expected_pct",
        "pace_ratio",
        "projected_value",
        "significant",
    ):
        assert is_empty(row[column]), column


def test_no_data_for_a_directional_goal_with_a_given_baseline():
    data = table(("uddannelse", "000", {2015: 40}))
    row = one(
        target(
            indicator="uddannelse",
            baseline={"year": 2018, "value": 40},
            goal={"direction": "increase"},
        ),
        data,
    )
    assert_status(row, "no_data")


# --- Edges --------------------------------------------------------------------


def test_zero_target_from_baseline_ten():
    # b = 2014, x_b = 10, t = 2020, x_t = 0; l = 2017, x_l = 4.
    data = table(("hjemloese", "657", {2014: 10, 2017: 4}))
    row = one(
        target(
            geography="657",
            baseline={"year": 2014},
            goal={"year": 2020, "value": 0},
        ),
        data,
    )
    assert row["target_value"] == 0.0
    assert row["better"] == "lower"
    # progress = 100 * (4 - 10) / (0 - 10) = 60; expected = 100 * 3/6 = 50; r = 1.2
    assert row["progress_pct"] == pytest.approx(60.0)
    assert row["expected_pct"] == pytest.approx(50.0)
    assert row["pace_ratio"] == pytest.approx(1.2)
    # Line through (0, 10), (3, 4): slope -2; at 6: 10 - 12 = -2, held at 0
    # from 2019, the year the line reaches both the bound and the goal.
    assert row["projected_value"] == 0.0
    assert row["projection_bound_year"] == 2019
    assert row["reached_year"] == 2019
    assert_status(row, "on_track")


def test_zero_target_reached():
    data = table(("hjemloese", "657", {2014: 10, 2016: 0}))
    row = one(
        target(
            geography="657", baseline={"year": 2014}, goal={"year": 2020, "value": 0}
        ),
        data,
    )
    assert_status(row, "achieved")


def test_target_equal_to_baseline_uses_catalogue_direction():
    # x_t = x_b = 10: better from the catalogue (lower); progress undefined.
    data = table(("hjemloese", "000", {2010: 10, 2015: 12}))
    row = one(target(goal={"year": 2020, "value": 10}), data)
    assert row["better"] == "lower"
    assert is_empty(row["progress_pct"])
    assert is_empty(row["pace_ratio"])
    assert_status(row, "away")
    data = table(("hjemloese", "000", {2010: 10, 2015: 9}))
    assert_status(one(target(goal={"year": 2020, "value": 10}), data), "achieved")


def test_data_after_the_target_year_is_ignored():
    # t = 2020; 2021 and 2022 reach the target but are not assessed.
    data = table(
        ("hjemloese", "000", {2010: 100, 2015: 60, 2020: 30, 2021: 10, 2022: 0})
    )
    row = one(target(goal={"year": 2020, "value": 20}), data)
    assert row["latest_year"] == 2020
    assert row["latest_value"] == 30.0
    assert row["latest_year"] <= row["target_year"]
    # progress = 100 * (30 - 100) / (20 - 100) = 87.5; expected = 100; r = 0.875
    assert row["progress_pct"] == pytest.approx(87.5)
    assert row["expected_pct"] == pytest.approx(100.0)
    # Line through (0, 100), (5, 60), (10, 30): x̄ = 5, ȳ = 190/3;
    # Sxy = (-5)(100 - 190/3) + 0 + 5(30 - 190/3) = -5 * 70 = -350; Sxx = 50;
    # slope = -7; at 10: 190/3 + 5 * (-7) = 190/3 - 35 = 85/3 = 28.333...
    assert row["projected_value"] == pytest.approx(85 / 3)
    assert_status(row, "missed")


def test_missing_latest_value_falls_back_to_the_last_observed_year():
    data = table(("hjemloese", "000", {2010: 100, 2014: 80, 2016: math.nan}))
    row = one(target(goal={"year": 2020, "value": 0}), data)
    assert row["latest_year"] == 2014
    assert row["latest_value"] == 80.0


# --- Compound path ------------------------------------------------------------


def test_compound_pace_ratio_is_the_cagr_ratio():
    # b = 2010, x_b = 100; t = 2020, x_t = 50; l = 2015, x_l = 75.
    # CAGR actual = (75/100)^(1/5) - 1 = 0.944087 - 1 = -0.055913
    # CAGR required = (50/100)^(1/10) - 1 = 0.933033 - 1 = -0.066967
    # r = 0.055913 / 0.066967 = 0.8349 -> moderate
    # (the linear path would give progress 50, expected 50, r = 1 -> on_track)
    data = table(("hjemloese", "000", {2010: 100, 2015: 75}))
    compound = one(target(goal={"year": 2020, "value": 50}, path="compound"), data)
    assert compound["path"] == "compound"
    assert compound["pace_ratio"] == pytest.approx(
        (0.75 ** (1 / 5) - 1) / (0.5 ** (1 / 10) - 1)
    )
    assert compound["pace_ratio"] == pytest.approx(0.8349, abs=1e-4)
    assert_status(compound, "moderate")
    # progress and expected stay the linear measures.
    assert compound["progress_pct"] == pytest.approx(50.0)
    assert compound["expected_pct"] == pytest.approx(50.0)
    linear = one(target(goal={"year": 2020, "value": 50}, path="linear"), data)
    assert linear["pace_ratio"] == pytest.approx(1.0)
    assert_status(linear, "on_track")


def test_compound_growth_on_pace_is_on_track_where_linear_is_not():
    # Doubling 40 -> 80 over 10 years; after 5 years 40 * sqrt(2) = 56.5685:
    # CAGR actual = 2^(1/10) - 1 = CAGR required -> r = 1 -> on_track.
    # Linear: progress = 100 * 16.5685 / 40 = 41.42; expected 50; r = 0.828.
    value = 40 * math.sqrt(2)
    data = table(("uddannelse", "000", {2010: 40, 2015: value}))
    goal = {"year": 2020, "value": 80}
    compound = one(target(indicator="uddannelse", goal=goal, path="compound"), data)
    assert compound["pace_ratio"] == pytest.approx(1.0)
    assert_status(compound, "on_track")
    linear = one(target(indicator="uddannelse", goal=goal), data)
    assert linear["pace_ratio"] == pytest.approx(100 * (math.sqrt(2) - 1) / 50)
    assert_status(linear, "moderate")


def test_compound_moving_away_is_away():
    # Required CAGR negative (100 -> 50), actual positive (100 -> 110): r < 0.
    data = table(("hjemloese", "000", {2010: 100, 2015: 110}))
    row = one(target(goal={"year": 2020, "value": 50}, path="compound"), data)
    assert row["pace_ratio"] < 0
    assert_status(row, "away")


@pytest.mark.parametrize(
    ("indicator", "values", "goal"),
    [
        ("hjemloese", {2010: 10, 2015: 5}, 0),  # zero target
        ("hjemloese", {2010: 10, 2015: 0}, 2),  # zero latest value
        ("uddannelse", {2010: 0, 2015: 5}, 2),  # zero baseline
        ("uddannelse", {2010: -3, 2015: 5}, 8),  # negative baseline
    ],
)
def test_compound_with_non_positive_values_names_the_target(indicator, values, goal):
    data = table((indicator, "000", values))
    goal = {"year": 2020, "value": goal}
    with pytest.raises(ProgressError, match="rente_maal") as error:
        run([target("rente_maal", indicator, goal=goal, path="compound")], data)
    assert "compound" in str(error.value)


def test_compound_missed_and_achieved_as_linear():
    data = table(("hjemloese", "000", {2010: 100, 2020: 60}))
    row = one(target(goal={"year": 2020, "value": 50}, path="compound"), data)
    assert_status(row, "missed")
    data = table(("hjemloese", "000", {2010: 100, 2013: 50}))
    row = one(target(goal={"year": 2020, "value": 50}, path="compound"), data)
    assert_status(row, "achieved")


# --- Projected value and significance -----------------------------------------


def test_projected_value_least_squares_through_baseline_and_window():
    # b = 2010, x_b = 10 (data); observations 2012: 14, 2013: 13, 2015: 20.
    # 2008 (before b) and 2021 (after t = 2020) are left out.
    # x = 0, 2, 3, 5 ; y = 10, 14, 13, 20 ; x̄ = 2.5, ȳ = 14.25
    # Sxy = (-2.5)(-4.25) + (-0.5)(-0.25) + (0.5)(-1.25) + (2.5)(5.75) = 24.5
    # Sxx = 6.25 + 0.25 + 0.25 + 6.25 = 13 ; slope = 24.5/13
    # at x = 10: 14.25 + 7.5 * 24.5/13 = 14.25 + 183.75/13 = 28.384615...
    data = table(
        (
            "uddannelse",
            "000",
            {2008: 0, 2010: 10, 2012: 14, 2013: 13, 2015: 20, 2021: 99},
        )
    )
    row = one(target(indicator="uddannelse", goal={"year": 2020, "value": 30}), data)
    assert row["projected_value"] == pytest.approx(14.25 + 183.75 / 13)


def test_projected_value_function_directly():
    window = pd.DataFrame({"year": [2012, 2013, 2015], "value": [14.0, 13.0, 20.0]})
    assert projected_value(2010, 10.0, window, 2020) == pytest.approx(
        14.25 + 183.75 / 13
    )
    # Two points only: the line through them. (2000, 5), (2001, 7) -> at 2010: 25.
    window = pd.DataFrame({"year": [2001], "value": [7.0]})
    assert projected_value(2000, 5.0, window, 2010) == pytest.approx(25.0)


# --- The projection stays within the unit's range --------------------------


def test_a_percentage_projection_stops_at_100_and_the_chart_bends_there():
    # Line through (0, 60), (2, 80): 60 + 10 · (year - 2010); 100 in 2014.
    window = pd.DataFrame({"year": [2012], "value": [80.0]})
    trend = trend_line(2010, 60.0, window, unit_range("percent"))
    assert trend(2020) == 100.0
    assert trend(2013) == pytest.approx(90.0)
    assert trend.year_bounded() == pytest.approx(2014.0)
    assert bound_year(trend, 2012, 2020) == 2014
    assert trend.vertices(2012, 2020) == [
        (2012, pytest.approx(80.0)),
        (pytest.approx(2014.0), pytest.approx(100.0)),
        (2020, 100.0),
    ]
    # A goal of 95 is reached on the way (2013.5); one of 120 never is.
    assert trend.year_reaching(95.0, "higher") == pytest.approx(2013.5)
    assert trend.year_reaching(120.0, "higher") is None


def test_a_projection_that_stays_in_range_has_no_bound_year():
    window = pd.DataFrame({"year": [2012], "value": [90.0]})
    trend = trend_line(2010, 100.0, window, unit_range("count"))
    # 100 - 5 · (year - 2010) is 50 in 2020: 0 only in 2030, after t.
    assert trend(2020) == pytest.approx(50.0)
    assert bound_year(trend, 2012, 2020) is None
    assert trend.vertices(2012, 2020) == [
        (2012, pytest.approx(90.0)),
        (2020, pytest.approx(50.0)),
    ]


def test_a_falling_count_in_the_workflow_row_is_held_at_zero():
    # 178 in 2015, 120 in 2019, 94 in 2022 (Herning's 2030 goal, example
    # data): the line falls about 12.1 a year and would be negative by 2030.
    data = table(("hjemloese", "657", {2015: 178, 2019: 120, 2022: 94}))
    row = one(
        target(
            geography="657",
            baseline={"year": 2015},
            goal={"year": 2030, "change_pct": -50},
        ),
        data,
    )
    assert row["projected_value"] == 0.0
    assert 2022 < row["projection_bound_year"] <= 2030
    assert row["reached_year"] < row["projection_bound_year"]


def test_projected_value_is_accurate_for_collinear_large_values():
    # Exactly on the line 1e6 - 1000 * (year - 2010): at 2030 -> 980 000.
    years = np.arange(2011, 2020)
    window = pd.DataFrame({"year": years, "value": 1e6 - 1000.0 * (years - 2010)})
    assert projected_value(2010, 1e6, window, 2030) == pytest.approx(980_000, rel=1e-12)


def test_significant_only_for_counts():
    # |70 - 100| = 30 > 1.96 * sqrt(170) = 25.555
    assert significant_change("count", 100, 70) is True
    # |80 - 100| = 20 < 26.296
    assert significant_change("count", 100, 80) is False
    # 0 vs 0: 0 > 0 is false
    assert significant_change("count", 0, 0) is False
    # 0 -> 4: 4 > 1.96 * 2 = 3.92 -> significant; 0 -> 3: 3 < 1.96 * sqrt(3) = 3.39
    assert significant_change("count", 0, 4) is True
    assert significant_change("count", 0, 3) is False
    assert significant_change("percent", 10, 90) is None
    assert significant_change("days", 10, 90) is None


def test_significant_column_for_numeric_targets():
    count = table(("hjemloese", "000", {2010: 100, 2015: 70}))
    row = one(target(goal={"year": 2020, "value": 0}), count)
    assert row["significant"] == True  # noqa: E712
    days = table(("ophold", "000", {2010: 100, 2015: 70}))
    row = one(target(indicator="ophold", goal={"year": 2020, "value": 0}), days)
    assert row["unit"] == "days"
    assert is_empty(row["significant"])


# --- Config errors and output shape --------------------------------------------


@pytest.mark.parametrize(
    "goal",
    [
        {"year": 2020, "value": 10, "change_pct": -25},
        {"year": 2020},
        {"year": 2020, "value": 10, "direction": "decrease"},
    ],
)
def test_not_exactly_one_target_form_names_the_target(goal):
    data = table(("hjemloese", "000", {2010: 100, 2015: 90}))
    with pytest.raises(ProgressError, match="dobbelt_maal"):
        run([target("dobbelt_maal", goal=goal)], data)


@pytest.mark.parametrize(
    ("entry", "word"),
    [
        ({"path": "exponential"}, "path"),
        ({"target": {"direction": "up"}}, "direction"),
        ({"target": {"value": 3}}, "year"),
        ({"target": {"year": 2010, "value": 3}}, "year"),
        ({"indicator": "findes_ikke"}, "findes_ikke"),
    ],
)
def test_other_config_errors_name_the_target(entry, word):
    data = table(("hjemloese", "000", {2010: 100, 2015: 90}))
    broken = target("forkert") | entry
    with pytest.raises(ProgressError, match="forkert") as error:
        run([broken], data)
    assert word in str(error.value)


def test_output_columns_rows_and_labels():
    data = table(
        ("hjemloese", "000", {2010: 100, 2015: 70}),
        ("uddannelse", "000", {2010: 40, 2012: 45}),
    )
    targets = [
        target("a", goal={"year": 2020, "value": 0}),
        target("b", indicator="uddannelse", goal={"direction": "increase"}),
        target("c", indicator="uddannelse", baseline={"year": 2012}),
    ]
    frame = run(targets, data)
    assert list(frame.columns) == PROGRESS_COLUMNS
    assert list(frame["target_id"]) == ["a", "b", "c"]
    assert list(frame["indicator_id"]) == ["hjemloese", "uddannelse", "uddannelse"]
    assert list(frame["geography"]) == ["000"] * 3
    # a: progress 30, expected 50, r = 0.6 -> moderate; b: 45 > 40 -> improving;
    # c: nothing after 2012 -> no_data.
    assert list(frame["status"]) == ["moderate", "improving", "no_data"]
    assert list(frame["status_da"]) == [
        "Moderat fremgang",
        "Fremgang",
        "Mangler data",
    ]


def test_danish_labels_exactly():
    assert STATUS_DA == {
        "achieved": "Nået",
        "missed": "Ikke nået",
        "on_track": "På rette spor",
        "moderate": "Moderat fremgang",
        "insufficient": "Utilstrækkelig fremgang",
        "away": "Bevæger sig væk fra målet",
        "improving": "Fremgang",
        "worsening": "Tilbagegang",
        "unchanged": "Uændret",
        "no_data": "Mangler data",
        "too_uncertain": "For usikkert (små tal)",
    }


def test_full_float_precision_is_kept():
    # expected = 100 * 1 / 3 = 33.333...: not rounded.
    data = table(("hjemloese", "000", {2010: 100, 2011: 99}))
    row = one(target(goal={"year": 2013, "value": 0}), data)
    assert row["expected_pct"] == 100 / 3
    assert row["progress_pct"] == pytest.approx(1.0)


def test_example_data_flag_follows_the_assessed_observations():
    data = table(("hjemloese", "000", {2010: 100, 2015: 90, 2022: 50}))
    data.loc[data["year"] == 2015, "example_data"] = True
    row = one(target(goal={"year": 2020, "value": 0}), data)
    assert bool(row["example_data"]) is True
    data.loc[:, "example_data"] = False
    data.loc[data["year"] == 2022, "example_data"] = True  # after t: not assessed
    row = one(target(goal={"year": 2020, "value": 0}), data)
    assert bool(row["example_data"]) is False


def test_input_table_is_not_modified():
    data = table(("hjemloese", "000", {2010: 100, 2015: math.nan, 2016: 90}))
    before = data.copy()
    run([target(goal={"year": 2020, "value": 0})], data)
    pd.testing.assert_frame_equal(data, before)


def test_significance_is_not_applicable_to_negative_counts():
    # The Poisson variance x_l + x_b is undefined for negative counts: no test.
    assert significant_change("count", -4, 10) is None
    assert significant_change("count", 10, -4) is None


# --- The better direction is declared; goals met at the baseline ------------
# Ceilings («Højst ...») on hjemloese (better: lower), floors («Mindst ...») on
# uddannelse (better: higher); b = 2010, t = 2020 unless stated.


def bound_row(indicator, values, goal, **extra):
    entry = target(indicator=indicator, goal={"year": 2020, "value": goal})
    entry.update(extra)
    return one(entry, table((indicator, "000", values)))


def assert_no_distance_measures(row):
    for column in ("progress_pct", "expected_pct", "pace_ratio"):
        assert is_empty(row[column]), column


def test_scaled_ceiling_met_at_baseline_and_lost_is_not_achieved():
    # The defect of issue 12: x_b = 20 under the scaled ceiling 21.4; x_l = 36.
    # Population share 21.4 / 4000 = 0.00535 (5 350 of 1 000 000).
    data = table(
        ("hjemloese", "000", {2013: 5000, 2019: 6000}),
        ("hjemloese", "101", {2013: 20, 2019: 36}),
        ("befolkning", "000", {2013: 1_000_000}),
        ("befolkning", "101", {2013: 5_350}),
    )
    national = target("dk", baseline={"year": 2013}, goal={"year": 2020, "value": 4000})
    local = target(
        "kbh",
        geography="101",
        baseline={"year": 2013},
        goal={"year": 2020, "scale_from": "dk"},
    )
    row = run([national, local], data).set_index("target_id").loc["kbh"]
    assert row["target_value"] == pytest.approx(21.4)
    # Inherited from the national ceiling, not inferred from 21.4 > 20.
    assert row["better"] == "lower"
    assert row["met_at_baseline"] == True  # noqa: E712
    # 36 > 21.4 and 2019 < 2020: the bound is lost -> away, not achieved.
    assert_status(row, "away")
    assert_no_distance_measures(row)


def test_ceiling_met_at_baseline_and_held():
    # x_b = 8 <= 10; x_l = 9 <= 10 -> achieved; nothing to cover.
    row = bound_row("hjemloese", {2010: 8, 2015: 9}, 10)
    assert row["better"] == "lower"
    assert row["met_at_baseline"] == True  # noqa: E712
    assert_status(row, "achieved")
    assert_no_distance_measures(row)
    # Projected still computed: the line through (0, 8), (5, 9) gives 10 at 10.
    assert row["projected_value"] == pytest.approx(10.0)


def test_ceiling_met_at_baseline_and_lost_before_the_target_year():
    # x_b = 8 <= 10; x_l = 11 > 10 in 2015 < 2020 -> away.
    row = bound_row("hjemloese", {2010: 8, 2015: 11}, 10)
    assert_status(row, "away")
    assert_no_distance_measures(row)


def test_ceiling_met_at_baseline_and_lost_in_the_target_year():
    # x_l = 11 > 10 in l = t = 2020 -> missed.
    row = bound_row("hjemloese", {2010: 8, 2020: 11}, 10)
    assert_status(row, "missed")


def test_ceiling_met_at_baseline_lost_and_regained():
    # 2015: 12 (lost), 2018: 9 (at or under 10 again): the latest decides.
    row = bound_row("hjemloese", {2010: 8, 2015: 12, 2018: 9}, 10)
    assert_status(row, "achieved")


def test_floor_met_at_baseline_and_held_lost_and_missed():
    # Mindst 50 pct.: x_b = 55 >= 50.
    held = bound_row("uddannelse", {2010: 55, 2015: 51}, 50)
    assert held["better"] == "higher"
    assert held["met_at_baseline"] == True  # noqa: E712
    assert_status(held, "achieved")
    assert_no_distance_measures(held)
    assert_status(bound_row("uddannelse", {2010: 55, 2015: 49}, 50), "away")
    assert_status(bound_row("uddannelse", {2010: 55, 2020: 49.9}, 50), "missed")


def test_floor_not_met_at_baseline_is_judged_on_pace():
    # x_b = 40 < 50: progress = 100 * (45 - 40) / 10 = 50, expected 50, r = 1.
    row = bound_row("uddannelse", {2010: 40, 2015: 45}, 50)
    assert row["met_at_baseline"] == False  # noqa: E712
    assert row["pace_ratio"] == pytest.approx(1.0)
    assert_status(row, "on_track")


def test_equality_at_the_baseline_is_met():
    # x_b = x_t = 10 (ceiling): met; 10 held -> achieved; 10.5 -> away.
    row = bound_row("hjemloese", {2010: 10, 2015: 10}, 10)
    assert row["met_at_baseline"] == True  # noqa: E712
    assert_status(row, "achieved")
    assert_status(bound_row("hjemloese", {2010: 10, 2015: 10.5}, 10), "away")
    # The same for a floor: 50 at 50, then 49 -> away.
    assert_status(bound_row("uddannelse", {2010: 50, 2015: 49}, 50), "away")


def test_better_on_the_target_wins_over_the_catalogue():
    # Catalogue: hjemloese lower. Target says higher: x_b = 8 < 10 is not met,
    # x_l = 9: progress = 100 * 1 / 2 = 50, expected 50 -> on_track.
    row = bound_row("hjemloese", {2010: 8, 2015: 9}, 10, better="higher")
    assert row["better"] == "higher"
    assert row["met_at_baseline"] == False  # noqa: E712
    assert row["progress_pct"] == pytest.approx(50.0)
    assert_status(row, "on_track")


def test_better_may_stand_in_the_target_block():
    entry = target(goal={"year": 2020, "value": 10, "better": "higher"})
    row = one(entry, table(("hjemloese", "000", {2010: 8, 2015: 9})))
    assert row["better"] == "higher"
    entry["better"] = "lower"
    with pytest.raises(ProgressError, match="t1.*både"):
        one(entry, table(("hjemloese", "000", {2010: 8, 2015: 9})))


def test_change_pct_takes_its_direction_from_its_sign():
    # -25 on a lower-is-better indicator: consistent, no better: needed.
    data = table(("hjemloese", "000", {2010: 100, 2015: 90}))
    row = one(target(goal={"year": 2020, "change_pct": -25}), data)
    assert row["better"] == "lower"
    assert row["met_at_baseline"] == False  # noqa: E712
    # A fall on a higher-is-better indicator contradicts the catalogue.
    data = table(("uddannelse", "000", {2010: 40, 2015: 38}))
    with pytest.raises(ProgressError, match="t1.*change_pct: -10.*better: lower"):
        one(
            target(indicator="uddannelse", goal={"year": 2020, "change_pct": -10}), data
        )
    # Declared, it is accepted: x_t = 36, progress = 100 * -2 / -4 = 50.
    declared = target(indicator="uddannelse", goal={"year": 2020, "change_pct": -10})
    declared["better"] = "lower"
    row = one(declared, data)
    assert row["better"] == "lower"
    assert row["progress_pct"] == pytest.approx(50.0)


def test_better_contradicting_the_sign_of_change_pct_is_an_error():
    entry = target(goal={"year": 2020, "change_pct": -25})
    entry["better"] = "higher"
    with pytest.raises(ProgressError, match="t1.*better: higher modsiger change_pct"):
        one(entry, table(("hjemloese", "000", {2010: 100, 2015: 90})))


def test_zero_change_pct_is_a_goal_met_at_the_baseline():
    # change_pct 0: x_t = x_b = 100; the catalogue's lower applies.
    data = table(("hjemloese", "000", {2010: 100, 2015: 101}))
    row = one(target(goal={"year": 2020, "change_pct": 0}), data)
    assert row["met_at_baseline"] == True  # noqa: E712
    assert_status(row, "away")


def test_scale_from_with_a_contradicting_better_is_an_error():
    data = table(
        ("hjemloese", "000", {2013: 5000}),
        ("befolkning", "000", {2013: 1_000_000}),
        ("befolkning", "101", {2013: 10_000}),
    )
    national = target("dk", baseline={"year": 2013}, goal={"year": 2020, "value": 4000})
    local = target(
        "lokal",
        geography="101",
        baseline={"year": 2013, "value": 30},
        goal={"year": 2020, "scale_from": "dk"},
    )
    local["better"] = "higher"
    with pytest.raises(ProgressError, match="lokal.*modsiger landsmålet 'dk'"):
        run([national, local], data)


def test_directional_goals_are_never_met_at_the_baseline():
    data = table(("uddannelse", "000", {2010: 40, 2015: 45}))
    row = one(target(indicator="uddannelse", goal={"direction": "increase"}), data)
    assert row["met_at_baseline"] == False  # noqa: E712


# --- What it takes now (methodology, section 4) --------------------------------


def test_what_it_takes_now_worked_example():
    # Section 8: 100 (2013), 90 (2015), 80 (2017), at most 50 in 2020.
    data = table(("hjemloese", "000", {2013: 100, 2015: 90, 2017: 80}))
    row = one(target(baseline={"year": 2013}, goal={"year": 2020, "value": 50}), data)
    # (50 - 80) / (2020 - 2017) = -10 a year needed.
    assert row["required_annual_change"] == pytest.approx(-10.0)
    # (80 - 100) / (2017 - 2013) = -5 a year achieved.
    assert row["achieved_annual_change"] == pytest.approx(-5.0)
    # The line 100 - 5 (year - 2013) reaches 50 in 2023.
    assert row["reached_year"] == 2023


def test_a_trend_away_from_the_goal_never_reaches_it():
    # Rising homelessness against a ceiling: the line runs away.
    data = table(("hjemloese", "000", {2013: 100, 2015: 110, 2017: 120}))
    row = one(target(baseline={"year": 2013}, goal={"year": 2020, "value": 50}), data)
    assert row["required_annual_change"] == pytest.approx((50 - 120) / 3)
    assert row["achieved_annual_change"] == pytest.approx(5.0)
    assert is_empty(row["reached_year"])


def test_a_flat_trend_never_reaches_the_goal():
    data = table(("uddannelse", "000", {2013: 40, 2015: 40, 2017: 40}))
    goal = {"year": 2025, "value": 50}
    row = one(target(indicator="uddannelse", baseline={"year": 2013}, goal=goal), data)
    assert row["achieved_annual_change"] == 0.0
    assert row["required_annual_change"] == pytest.approx(10 / 8)
    assert is_empty(row["reached_year"])


def test_a_line_that_crossed_already_reaches_the_goal_next_year():
    # 100 (2013), 40 (2014), 60 (2016); goal at most 55 in 2020: the line
    # through the three points has crossed 55 before 2016, but 60 has not.
    data = table(("hjemloese", "000", {2013: 100, 2014: 40, 2016: 60}))
    row = one(target(baseline={"year": 2013}, goal={"year": 2020, "value": 55}), data)
    assert row["reached_year"] == 2017


def test_a_goal_already_reached_needs_no_change():
    data = table(("hjemloese", "000", {2013: 100, 2017: 40}))
    row = one(target(baseline={"year": 2013}, goal={"year": 2020, "value": 50}), data)
    assert_status(row, "achieved")
    assert row["required_annual_change"] == 0.0
    assert row["achieved_annual_change"] == pytest.approx(-15.0)
    assert row["reached_year"] == 2017


@pytest.mark.parametrize(
    ("goal", "years"),
    [
        ({"year": 2017, "value": 50}, {2013: 100, 2017: 80}),  # target year's data in
        ({"direction": "decrease"}, {2013: 100, 2017: 80}),  # no number to reach
        ({"year": 2020, "value": 50}, {2013: 100}),  # no data after the baseline
    ],
)
def test_what_it_takes_now_only_for_a_number_still_ahead(goal, years):
    data = table(("hjemloese", "000", years))
    row = one(target(baseline={"year": 2013}, goal=goal), data)
    for column in ("required_annual_change", "achieved_annual_change", "reached_year"):
        assert is_empty(row[column])


# --- The administration's assessment (methodology, section 11) ----------------


def test_an_assessment_is_copied_beside_the_computed_status():
    data = table(("hjemloese", "000", {2013: 100, 2020: 80}))
    assessed = target(baseline={"year": 2013}, goal={"year": 2020, "value": 50}) | {
        "assessment": {"status": "achieved", "reason": "Besluttet.", "comment": "*K*"}
    }
    row = one(assessed, data)
    assert_status(row, "missed")
    assert row["assessed_status"] == "achieved"
    assert row["assessed_status_da"] == "Nået"
    assert row["assessment_reason"] == "Besluttet."
    assert row["assessment_comment"] == "*K*"


def test_the_assessment_columns_follow_the_original_ones_and_are_empty_without():
    data = table(("hjemloese", "000", {2013: 100, 2017: 80}))
    row = one(target(baseline={"year": 2013}, goal={"year": 2020, "value": 50}), data)
    first_new = PROGRESS_COLUMNS.index("met_at_baseline") + 1
    assert PROGRESS_COLUMNS[first_new : first_new + 4] == [
        "assessed_status",
        "assessed_status_da",
        "assessment_reason",
        "assessment_comment",
    ]
    assert all(is_empty(row[c]) for c in PROGRESS_COLUMNS[first_new : first_new + 4])
