"""Baseline years are checked against the data before any job runs."""

from __future__ import annotations

import pandas as pd

from budgetmaal.config_checks import baseline_problems

TABLE = pd.DataFrame(
    {
        "indicator_id": ["hjemloese", "hjemloese", "befolkning", "befolkning"],
        "geography": ["657", "657", "657", "000"],
        "year": [2013, 2015, 2013, 2013],
        "value": [150.0, None, 86000.0, 5600000.0],
    }
)


def _target(baseline, target=None, geography="657"):
    return {
        "id": "t",
        "indicator": "hjemloese",
        "geography": geography,
        "baseline": baseline,
        "target": target or {"year": 2020, "value": 100},
    }


def test_baseline_year_with_a_value_passes():
    assert baseline_problems([_target({"year": 2013})], TABLE, "befolkning") == []


def test_missing_value_in_the_baseline_year_is_named_with_the_years_there_are():
    (problem,) = baseline_problems([_target({"year": 2015})], TABLE, "befolkning")
    assert problem.startswith("targets (t).baseline.year: ingen værdi for hjemloese")
    assert "i 2015 (år med data: 2013)" in problem
    assert problem.endswith("eller angiv baseline.value")


def test_a_given_baseline_value_needs_no_data():
    given = _target({"year": 2010, "value": 140})
    assert baseline_problems([given], TABLE, "befolkning") == []


def test_scaled_target_needs_the_population_of_both_geographies():
    scaled = _target({"year": 2013, "value": 150}, {"year": 2020, "scale_from": "dk"})
    assert baseline_problems([scaled], TABLE, "befolkning") == []
    other = _target({"year": 2013, "value": 150}, {"year": 2020, "scale_from": "dk"})
    other["geography"] = "320"
    (problem,) = baseline_problems([other], TABLE, "befolkning")
    assert "befolkning i geografi 320 i 2013" in problem
