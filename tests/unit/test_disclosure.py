"""Small register counts are never shown exactly, and not assessed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from budgetmaal.disclosure import (
    SmallCounts,
    is_small,
    mark_small_numbers,
    register_count_indicators,
)
from budgetmaal.figures import trajectory_figure
from budgetmaal.narrative import trajectory_alt_text

CATALOGUE = {
    "sources": [
        {"id": "shelter", "format": "register_shelter"},
        {"id": "dst", "format": "statbank"},
    ],
    "indicators": [
        {"id": "young", "unit": "count", "source": "shelter"},
        {"id": "long_stays", "unit": "percent", "source": "shelter"},
        {"id": "homeless", "unit": "count", "source": ["dst"]},
    ],
}


def _progress(**overrides) -> pd.DataFrame:
    row = {
        "target_id": "t",
        "indicator_id": "young",
        "unit": "count",
        "baseline_value": 17.0,
        "latest_value": 3.0,
        "progress_pct": 82.0,
        "pace_ratio": 1.2,
        "projected_value": 1.5,
        "significant": True,
        "status": "on_track",
        "status_da": "På rette spor",
    }
    return pd.DataFrame([row | overrides])


def test_only_register_counts_are_small_count_indicators():
    assert register_count_indicators(CATALOGUE) == {"young"}


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


def test_small_latest_value_makes_the_target_too_uncertain():
    marked = mark_small_numbers(_progress(), {"young"}, 5).iloc[0]
    assert marked["small_numbers"]
    assert marked["status"] == "too_uncertain"
    assert marked["status_da"] == "For usikkert (små tal)"
    for hidden in ("progress_pct", "pace_ratio", "projected_value", "significant"):
        assert pd.isna(marked[hidden]), hidden


def test_published_counts_and_large_register_counts_are_assessed_as_usual():
    published = mark_small_numbers(_progress(indicator_id="homeless"), {"young"}, 5)
    large = mark_small_numbers(_progress(latest_value=9.0), {"young"}, 5)
    for frame in (published, large):
        assert not frame["small_numbers"].iloc[0]
        assert frame["status"].iloc[0] == "on_track"
        assert frame["progress_pct"].iloc[0] == 82.0


def test_no_data_stays_no_data():
    frame = _progress(baseline_value=2.0, latest_value=None, status="no_data")
    marked = mark_small_numbers(frame, {"young"}, 5).iloc[0]
    assert marked["small_numbers"] and marked["status"] == "no_data"


def test_small_counts_are_written_as_under_the_threshold():
    small = SmallCounts(frozenset({"young"}), 5)
    assert small.show("young", 3.0, "count") == "under 5"
    assert small.show("young", 0.0, "count") == "0"
    assert small.show("young", 1234.0, "count") == "1.234"
    assert small.show("homeless", 3.0, "count") == "3"


def test_alt_text_never_gives_the_small_count_or_its_direction():
    row = {
        "unit": "count",
        "better": "lower",
        "baseline_year": 2014,
        "baseline_value": 4.0,
        "latest_year": 2020,
        "latest_value": 2.0,
        "target_year": 2020,
        "target_value": 0.0,
    }
    small = SmallCounts(frozenset({"young"}), 5)
    text = trajectory_alt_text(
        row,
        "Unge",
        [(2014, 4.0), (2020, 2.0), (2022, 3.0)],
        lambda v, u: small.show("young", v, u),
    )
    assert text == (
        "Unge gik fra under 5 i 2014 til under 5 i 2020; målet er højst 0 i 2020. "
        "Efter målåret: under 5 i 2022."
    )


def test_chart_draws_small_counts_only_as_marks_in_the_band():
    series = pd.DataFrame(
        {"year": [2014, 2016, 2018, 2020], "value": [17.0, 9.0, 3.0, 2.0]}
    )
    row = {
        "baseline_year": 2014,
        "baseline_value": 17.0,
        "target_year": 2020,
        "target_value": 0.0,
        "latest_year": 2020,
        "latest_value": 2.0,
        "projected_value": math.nan,
        "unit": "count",
        "path": "linear",
    }
    figure = trajectory_figure(row, series, "Unge", small_threshold=5)
    drawn = {
        line.get_label(): [float(y) for y in line.get_ydata() if not math.isnan(y)]
        for line in figure.axes[0].get_lines()
    }
    assert drawn["Målt"] == [17.0, 9.0]
    assert drawn["Målt, under 5 (vises ikke præcist)"] == [2.5, 2.5]
    shown = [y for values in drawn.values() for y in values]
    assert 3.0 not in shown and 2.0 not in shown
