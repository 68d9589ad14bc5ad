"""Invariants of the progress methodology, checked with hypothesis."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from budgetmaal.assessing.progress import (
    PROGRESS_COLUMNS,
    ProgressError,
    compute_progress,
)
from budgetmaal.shared.vocabulary import STATUS_DA

INDICATORS = {
    "tal": {"id": "tal", "name": "Antal", "unit": "count", "better": "lower"},
    "andel": {"id": "andel", "name": "Andel", "unit": "percent", "better": "higher"},
    "dage": {"id": "dage", "name": "Dage", "unit": "days", "better": "lower"},
    "befolkning": {
        "id": "befolkning",
        "name": "Befolkning",
        "unit": "count",
        "better": "higher",
    },
}
# The ten statuses of the methodology; too_uncertain is set afterwards, by
# budgetmaal.reading.disclosure, never by compute_progress.
STATUSES = set(STATUS_DA) - {"too_uncertain"}
assert len(STATUSES) == 10

# Values on a grid of quarters keep comparisons exact and away from rounding noise.
values = st.integers(min_value=-400_000, max_value=400_000).map(lambda n: n / 4)
counts = st.integers(min_value=0, max_value=1_000_000).map(float)
positive = st.integers(min_value=1, max_value=400_000).map(lambda n: n / 4)


def table(rows) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "indicator_id": indicator,
                "geography": geography,
                "year": year,
                "value": value,
                "example_data": False,
            }
            for indicator, geography, year, value in rows
        ],
        columns=["indicator_id", "geography", "year", "value", "example_data"],
    )
    return frame.astype({"year": int, "value": float, "example_data": bool})


def numeric_target(b, t, x_t, path="linear", indicator="andel"):
    return {
        "id": "maal",
        "indicator": indicator,
        "geography": "000",
        "baseline": {"year": b},
        "target": {"year": t, "value": x_t},
        "path": path,
    }


@st.composite
def years(draw):
    """b < l <= t."""
    b = draw(st.integers(min_value=1990, max_value=2040))
    t = draw(st.integers(min_value=b + 1, max_value=b + 30))
    latest = draw(st.integers(min_value=b + 1, max_value=t))
    return b, latest, t


def run(targets, rows):
    return compute_progress(targets, INDICATORS, table(rows), "befolkning")


@settings(max_examples=300, deadline=None)
@given(years(), values, values, values, st.sampled_from(["andel", "tal", "dage"]))
def test_achieved_iff_latest_at_or_beyond_target(yrs, x_b, x_t, x_l, indicator):
    b, latest, t = yrs
    row = run(
        [numeric_target(b, t, x_t, indicator=indicator)],
        [(indicator, "000", b, x_b), (indicator, "000", latest, x_l)],
    ).iloc[0]
    # The catalogue declares the direction; the numbers never decide it.
    better_lower = INDICATORS[indicator]["better"] == "lower"
    assert row["better"] == INDICATORS[indicator]["better"]
    assert row["met_at_baseline"] == (x_b <= x_t if better_lower else x_b >= x_t)
    beyond = x_l <= x_t if better_lower else x_l >= x_t
    assert (row["status"] == "achieved") == beyond
    if not beyond and latest == t:
        assert row["status"] == "missed"


@settings(max_examples=200, deadline=None)
@given(
    years(),
    positive,
    positive,
    positive,
)
def test_achieved_iff_beyond_on_the_compound_path_too(yrs, x_b, x_t, x_l):
    b, latest, t = yrs
    row = run(
        [numeric_target(b, t, x_t, path="compound")],
        [("andel", "000", b, x_b), ("andel", "000", latest, x_l)],
    ).iloc[0]
    # andel: higher is better.
    beyond = x_l >= x_t
    assert (row["status"] == "achieved") == beyond
    if x_b >= x_t:  # met at the baseline: no distance, so no pace
        assert pd.isna(row["pace_ratio"])
    elif not beyond and latest < t:
        # Compound pace is positive exactly when the latest value moved towards x_t.
        assert (row["pace_ratio"] > 0) == (x_l > x_b)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=10**6, max_value=10**8),
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from([{"value": None}, {"change_pct": None}]),
    st.integers(min_value=-90, max_value=90),
)
def test_scaling_is_linear_in_population(local, national, national_goal, form, pct):
    """Doubling the municipality's population doubles the scaled target."""
    b, t = 2013, 2020
    spec = (
        {"year": t, "value": float(national_goal)}
        if "value" in form
        else {"year": t, "change_pct": pct}
    )
    national_target = {
        "id": "dk",
        "indicator": "tal",
        "geography": "000",
        "baseline": {"year": b},
        "target": spec,
    }
    if "change_pct" in spec and pct > 0:
        # A rise on a lower-is-better indicator must be declared.
        national_target["better"] = "higher"
    targets = [
        national_target,
        {
            "id": "lokal",
            "indicator": "tal",
            "geography": "101",
            "baseline": {"year": b, "value": 10.0},
            "target": {"year": t, "scale_from": "dk"},
        },
    ]

    def scaled(population):
        rows = [
            ("tal", "000", b, float(national_goal) * 2),
            ("befolkning", "000", b, float(national)),
            ("befolkning", "101", b, float(population)),
        ]
        frame = run(targets, rows).set_index("target_id")
        return frame.loc["lokal", "target_value"], frame.loc["dk", "target_value"]

    single, national_value = scaled(local)
    double, _ = scaled(2 * local)
    assert double == pytest.approx(2 * single, rel=1e-12, abs=1e-12)
    assert single == pytest.approx(
        national_value * local / national, rel=1e-12, abs=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(years(), values, values)
def test_progress_is_100_when_latest_equals_target(yrs, x_b, x_t):
    b, latest, t = yrs
    assume(x_t > x_b)  # andel: higher is better, and not met at the baseline
    row = run(
        [numeric_target(b, t, x_t)],
        [("andel", "000", b, x_b), ("andel", "000", latest, x_t)],
    ).iloc[0]
    assert row["progress_pct"] == pytest.approx(100.0)
    assert row["status"] == "achieved"


@settings(max_examples=200, deadline=None)
@given(years(), values, values, values)
def test_expected_pct_in_zero_to_hundred(yrs, x_b, x_t, x_l):
    b, latest, t = yrs
    assume(x_t > x_b)  # a goal met at the baseline has no expected progress
    row = run(
        [numeric_target(b, t, x_t)],
        [("andel", "000", b, x_b), ("andel", "000", latest, x_l)],
    ).iloc[0]
    assert 0 < row["expected_pct"] <= 100
    assert row["expected_pct"] == pytest.approx(100 * (latest - b) / (t - b))
    assert (row["expected_pct"] == 100) == (latest == t)


@settings(max_examples=200, deadline=None)
@given(
    years(),
    counts,
    st.lists(
        st.tuples(
            st.integers(min_value=-5, max_value=40),
            st.one_of(counts, st.just(math.nan)),
        ),
        max_size=8,
    ),
    st.sampled_from(
        [
            {"value": 0.0},
            {"value": 500.0},
            {"change_pct": -25},
            {"change_pct": 30},
            {"direction": "increase"},
            {"direction": "decrease"},
        ]
    ),
    st.sampled_from(["linear", "compound"]),
    st.sampled_from(["tal", "andel", "dage"]),
    st.booleans(),
)
def test_status_is_one_of_ten_and_label_matches(
    yrs, x_b, observations, form, path, indicator, given_baseline
):
    b, _, t = yrs
    spec = dict(form) if "direction" in form else {"year": t, **form}
    baseline = {"year": b, "value": x_b} if given_baseline else {"year": b}
    target = {
        "id": "maal",
        "indicator": indicator,
        "geography": "000",
        "baseline": baseline,
        "target": spec,
        "path": path,
    }
    rows = [(indicator, "000", b + offset, value) for offset, value in observations]
    rows = [row for row in rows if row[2] != b]
    rows.append((indicator, "000", b, x_b))
    try:
        frame = run([target], rows)
    except ProgressError as error:
        # The config errors this data can raise: compound with values <= 0, and
        # a change_pct or direction that contradicts the catalogue's better.
        implied = {"increase": 1, "decrease": -1}.get(form.get("direction"), 0)
        contradicts = (form.get("change_pct", 0) or implied) * (
            1 if INDICATORS[indicator]["better"] == "higher" else -1
        )
        assert path == "compound" or contradicts < 0
        assert "maal" in str(error)
        return
    assert list(frame.columns) == PROGRESS_COLUMNS
    row = frame.iloc[0]
    assert row["status"] in STATUSES
    assert row["status_da"] == STATUS_DA[row["status"]]
    directional = "direction" in form
    if row["status"] == "no_data":
        assert pd.isna(row["latest_year"])
    else:
        assert b < row["latest_year"]
        if not directional:
            assert row["latest_year"] <= t
    if directional:
        assert row["status"] in {"improving", "worsening", "unchanged", "no_data"}
    else:
        assert row["status"] not in {"improving", "worsening", "unchanged"}
    if indicator == "tal" and row["status"] != "no_data":
        assert row["significant"] in (True, False)
    else:
        assert row["significant"] is None or pd.isna(row["significant"])


@settings(max_examples=150, deadline=None)
@given(
    years(),
    values,
    values,
    st.lists(st.tuples(st.integers(min_value=1, max_value=30), values), max_size=6),
)
def test_data_after_the_target_year_changes_nothing(yrs, x_b, x_t, later):
    b, latest, t = yrs
    assume(x_t != x_b)
    base = [("andel", "000", b, x_b), ("andel", "000", latest, (x_b + x_t) / 2)]
    extra = [("andel", "000", t + offset, value) for offset, value in later]
    target = numeric_target(b, t, x_t)
    without = run([target], base)
    with_later = run([target], base + extra)
    pd.testing.assert_frame_equal(without, with_later)


@settings(max_examples=150, deadline=None)
@given(years(), values, values, values, values)
def test_given_baseline_value_wins_over_data(yrs, given_value, data_value, x_t, x_l):
    b, latest, t = yrs
    assume(x_t != given_value)
    target = numeric_target(b, t, x_t)
    target["baseline"] = {"year": b, "value": given_value}
    with_data = run(
        [target], [("andel", "000", b, data_value), ("andel", "000", latest, x_l)]
    )
    without = run([target], [("andel", "000", latest, x_l)])
    assert with_data.iloc[0]["baseline_value"] == given_value
    pd.testing.assert_frame_equal(with_data, without)


@settings(max_examples=150, deadline=None)
@given(
    years(),
    st.integers(min_value=-1000, max_value=1000),
    st.integers(min_value=-100, max_value=100),
    st.data(),
)
def test_projected_value_is_exact_for_points_on_a_line(yrs, intercept, slope, data):
    b, latest, t = yrs
    in_window = data.draw(
        st.sets(st.integers(min_value=b + 1, max_value=latest), min_size=1)
    )
    in_window.add(latest)

    def line(year):
        return float(intercept + slope * (year - b))

    rows = [("andel", "000", year, line(year)) for year in [b, *in_window]]
    assume(line(t) != line(b))
    row = run([numeric_target(b, t, line(t))], rows).iloc[0]
    # A share (andel, in percent) is held within 0..100.
    assert row["projected_value"] == pytest.approx(
        min(max(line(t), 0.0), 100.0), abs=1e-6
    )


@settings(max_examples=200, deadline=None)
@given(years(), values, values, values, values)
def test_linear_pace_is_monotone_in_the_latest_value(yrs, x_b, x_t, first, second):
    """Closer to the target never gives a lower linear pace ratio."""
    b, latest, t = yrs
    assume(x_t > x_b)  # andel: higher is better, and not met at the baseline
    ratios = []
    for x_l in (first, second):
        rows = [("andel", "000", b, x_b), ("andel", "000", latest, x_l)]
        ratios.append(run([numeric_target(b, t, x_t)], rows).iloc[0]["pace_ratio"])
    towards_second = (second - first) * (x_t - x_b) >= 0
    if towards_second:
        assert ratios[1] >= ratios[0] - 1e-12
    else:
        assert ratios[1] <= ratios[0] + 1e-12


@settings(max_examples=200, deadline=None)
@given(counts, counts)
def test_directional_count_is_unchanged_unless_significant(x_b, x_l):
    rows = [("tal", "000", 2017, x_b), ("tal", "000", 2019, x_l)]
    target = {
        "id": "retning",
        "indicator": "tal",
        "geography": "000",
        "baseline": {"year": 2017},
        "target": {"direction": "decrease"},
    }
    row = run([target], rows).iloc[0]
    significant = abs(x_l - x_b) > 1.96 * math.sqrt(x_l + x_b)
    assert bool(row["significant"]) == significant
    if not significant:
        assert row["status"] == "unchanged"
    else:
        assert row["status"] == ("improving" if x_l < x_b else "worsening")


@settings(max_examples=300, deadline=None)
@given(
    years(),
    values,
    st.lists(st.tuples(st.integers(min_value=1, max_value=40), values), max_size=8),
    st.sampled_from(["andel", "tal", "dage"]),
    st.sampled_from([None, "lower", "higher"]),
    st.sampled_from(["linear", "compound"]),
)
def test_a_bound_met_at_baseline_and_held_is_never_judged_short_of_it(
    yrs, x_t, offsets, indicator, stated, path
):
    """A value at or beyond a bound it met at the baseline is achieved."""
    b, _, t = yrs
    better = stated or INDICATORS[indicator]["better"]
    sign = 1 if better == "higher" else -1

    def held(offset):  # at or beyond x_t in the better direction
        return x_t + sign * abs(offset)

    rows = [(indicator, "000", b, held(offsets[0][1] if offsets else 0))]
    rows += [(indicator, "000", b + year, held(v)) for year, v in offsets]
    target = numeric_target(b, t, x_t, path=path, indicator=indicator)
    if stated:
        target["better"] = stated
    row = run([target], rows).iloc[0]
    assert row["met_at_baseline"]
    assert row["status"] in {"achieved", "no_data"}
    assert row["status"] not in {"away", "missed", "insufficient", "moderate"}
    for measure in ("progress_pct", "expected_pct", "pace_ratio"):
        assert pd.isna(row[measure])
