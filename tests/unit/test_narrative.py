"""Chart captions are Danish sentences built from the numbers; a chart's alt
text is short and names the goal."""

from __future__ import annotations

import math

from budgetmaal.publishing.narrative import chart_alt, trajectory_text


def _row(**overrides):
    row = {
        "unit": "count",
        "better": "lower",
        "baseline_year": 2015,
        "baseline_value": 178.0,
        "latest_year": 2017,
        "latest_value": 104.0,
        "target_year": 2020,
        "target_value": 112.0,
    }
    return row | overrides


def test_fall_toward_a_numeric_goal():
    text = trajectory_text(
        _row(), "Antal hjemløse", [(2015, 178.0, False), (2017, 104.0, False)]
    )
    assert (
        text
        == "Antal hjemløse faldt fra 178 i 2015 til 104 i 2017; målet er højst 112 i 2020."
    )


def test_rise_in_percent_and_observation_after_the_target_year():
    row = _row(
        unit="percent",
        baseline_value=36.4,
        latest_year=2020,
        latest_value=41.25,
        target_value=50.0,
        better="higher",
    )
    text = trajectory_text(row, "Andel", [(2020, 41.25, False), (2022, 44.0, False)])
    assert text == (
        "Andel steg fra 36,4 pct. i 2015 til 41,3 pct. i 2020; målet er mindst 50,0 pct. i 2020. "
        "Efter målåret: 44,0 pct. i 2022."
    )


def test_directional_goal_without_number():
    row = _row(target_year=math.nan, target_value=math.nan, latest_value=178.0)
    text = trajectory_text(row, "Antal hjemløse", [])
    assert (
        text
        == "Antal hjemløse var uændret fra 178 i 2015 til 178 i 2017; målet er, at tallet falder."
    )


def test_no_measurement_after_the_baseline():
    row = _row(latest_year=math.nan, latest_value=math.nan)
    text = trajectory_text(row, "Antal hjemløse", [(2015, 178.0, False)])
    assert text.startswith(
        "Antal hjemløse: 178 i 2015; der er endnu ingen måling efter basisåret"
    )


def test_alt_text_is_short_names_the_goal_and_is_not_the_caption():
    caption = trajectory_text(
        _row(), "Antal hjemløse", [(2015, 178.0, False), (2017, 104.0, False)]
    )
    alt = chart_alt("Antal hjemløse")
    assert alt == "Diagram: Antal hjemløse; tallene står i teksten under"
    assert alt != caption and not any(c.isdigit() for c in alt)
    assert chart_alt("Hjemløse i Herning 2030") == (
        "Diagram: Hjemløse i Herning 2030; tallene står i teksten under"
    )
