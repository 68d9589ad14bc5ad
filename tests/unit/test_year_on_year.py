"""Last year beside this year: matched by id, and a changed goal is never progress."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from budgetmaal.assessing.tables import read_previous_progress
from budgetmaal.assessing.year_on_year import (
    compare,
    dropped_targets,
    goal_changes,
    previous_problems,
)
from budgetmaal.shared.problems import ConfigError


def _row(**changes) -> dict:
    return {
        "target_id": "hjemloese_dk",
        "indicator_id": "hjemloese",
        "geography": "000",
        "unit": "count",
        "baseline_year": 2013,
        "target_year": 2020,
        "target_value": 4000.0,
        "status": "moderate",
        "target_form": "value",
    } | changes


@pytest.mark.parametrize(
    ("before", "now", "change"),
    [
        ("moderate", "on_track", "better"),
        ("on_track", "on_track", "unchanged"),
        ("achieved", "insufficient", "worse"),
        ("away", "missed", "unchanged"),
        ("worsening", "improving", "better"),
        ("no_data", "on_track", "not_comparable"),
        ("on_track", "too_uncertain", "not_comparable"),
    ],
)
def test_computed_statuses_of_the_same_goal_compare_by_merit(before, now, change):
    found = compare(_row(status=now), _row(status=before))
    assert found == {"change": change, "previous_status": before, "goal_changes": []}


def test_a_target_without_a_row_last_year_is_new():
    assert compare(_row(), None)["change"] == "new"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"target_value": 3500.0}, "målværdi 4.000 → 3.500"),
        ({"target_year": 2025}, "målår 2020 → 2025"),
        ({"baseline_year": 2015}, "basisår 2013 → 2015"),
        (
            {"target_form": "direction", "target_value": math.nan, "target_year": None},
            "målform absolut niveau → retningsmål",
        ),
    ],
)
def test_a_changed_goal_is_said_and_its_statuses_not_compared(changes, words):
    # The status went from moderate to on track, but the goal is not the same.
    found = compare(_row(status="on_track", **changes), _row())
    assert found["change"] == "goal_changed"
    assert words in found["goal_changes"]


def test_a_percent_goal_change_is_written_with_its_unit():
    before = _row(unit="percent", target_value=45.0)
    assert goal_changes(_row(unit="percent", target_value=50.0), before) == [
        "målværdi 45,0 pct. → 50,0 pct."
    ]


def test_the_same_goal_within_rounding_is_not_a_change():
    assert goal_changes(_row(target_value=4000.0 * (1 + 1e-12)), _row()) == []


def test_a_hidden_target_value_is_not_compared():
    # A change_pct target of a baseline hidden as a small number has no value.
    now = _row(target_form="change_pct", target_value=math.nan)
    assert goal_changes(now, _row(target_form="change_pct", target_value=30.0)) == []


def test_dropped_targets_are_last_years_rows_in_the_reports_geographies():
    previous = pd.DataFrame(
        [
            _row(),
            _row(target_id="gammelt_657", geography="657"),
            _row(target_id="andet_320", geography="320"),
        ]
    )
    dropped = dropped_targets(previous, ["hjemloese_dk"], ["000", "657"])
    assert [r["target_id"] for r in dropped] == ["gammelt_657"]


def _write(tmp_path, frame: pd.DataFrame):
    path = tmp_path / "progress_2020.csv"
    frame.to_csv(path, index=False)
    return path


def test_a_last_year_table_with_the_columns_reads(tmp_path):
    path = _write(
        tmp_path, pd.DataFrame([_row(), _row(target_id="x", geography="657")])
    )
    previous = read_previous_progress(path)
    assert list(previous["geography"]) == ["000", "657"]


def test_a_missing_last_year_file_names_the_file_and_the_key(tmp_path):
    with pytest.raises(ConfigError) as error:
        read_previous_progress(tmp_path / "sidste_aar.csv")
    message = str(error.value)
    assert "sidste_aar.csv" in message and "filen findes ikke" in message
    assert "previous_progress" in message


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00\x01\x80\x81", b'a,"b\n'])
def test_an_unreadable_last_year_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "progress.csv"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as error:
        read_previous_progress(path)
    message = str(error.value)
    assert "progress.csv" in message and "previous_progress" in message


def test_a_table_of_another_layout_names_the_missing_columns(tmp_path):
    frame = pd.DataFrame([_row()]).drop(columns=["status", "target_form"])
    with pytest.raises(ConfigError) as error:
        read_previous_progress(_write(tmp_path, frame))
    assert "mangler kolonnerne status, target_form" in str(error.value)


def test_unknown_statuses_and_repeated_ids_are_named_by_line(tmp_path):
    frame = pd.DataFrame([_row(), _row(status="godt"), _row(target_id="x")])
    [status, repeated] = previous_problems(frame, "f.csv")
    assert (status.line, status.column, status.value) == (3, "status", "godt")
    assert repeated.value == "hjemloese_dk"
