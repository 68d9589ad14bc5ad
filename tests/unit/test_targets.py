"""Each rule of a target is worded once, and the config check and the
progress computation give the same words."""

from __future__ import annotations

import pandas as pd
import pytest

from budgetmaal.assessing.progress import (
    ProgressError,
    baseline_problems,
    compute_progress,
)
from budgetmaal.assessing.targets import rule_problems, target_form
from budgetmaal.running.config_checks import target_problems
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.problems import Problem

INDICATORS = {
    "hjemloese": {"id": "hjemloese", "unit": "count", "better": "lower"},
    "befolkning": {"id": "befolkning", "unit": "count", "better": "higher"},
}
TABLE = pd.DataFrame(
    {
        "indicator_id": ["hjemloese", "hjemloese", "befolkning"],
        "geography": ["000", "000", "000"],
        "year": [2013, 2015, 2013],
        "value": [100.0, 90.0, 5_600_000.0],
        "example_data": [False] * 3,
        "small_numbers": [False] * 3,
    }
)


def _target(**changes):
    return {
        "id": "t",
        "indicator": "hjemloese",
        "geography": "000",
        "baseline": {"year": 2013},
        "target": {"year": 2020, "value": 80},
    } | changes


BROKEN = {
    "two forms": _target(target={"year": 2020, "value": 1, "change_pct": -5}),
    "no form": _target(target={"year": 2020}),
    "no year": _target(target={"value": 80}),
    "year before baseline": _target(target={"year": 2013, "value": 80}),
    "unknown direction": _target(target={"direction": "up"}),
    "unknown path": _target(path="exponential"),
    "unknown indicator": _target(indicator="hjemlose"),
    "sign against catalogue": _target(target={"year": 2020, "change_pct": 25}),
    "unknown scaled target": _target(target={"year": 2020, "scale_from": "dk"}),
    "assessed status without reason": _target(assessment={"status": "on_track"}),
    "assessed status with a blank reason": _target(
        assessment={"status": "on_track", "reason": "  "}
    ),
    "unknown assessed status": _target(assessment={"status": "godt", "reason": "x"}),
    "reason without status": _target(assessment={"reason": "Tællingen er ændret"}),
}


@pytest.mark.parametrize("case", BROKEN)
def test_config_check_and_progress_word_a_broken_rule_alike(case):
    target = BROKEN[case]
    words = rule_problems(target, INDICATORS, {"t": target})
    assert len(words) == 1 and words[0].startswith("targets (t)")

    [problem] = target_problems(
        [target], {"indicators": list(INDICATORS.values())}, load_geographies()
    )
    assert problem == Problem(file="config/targets.yaml", message=words[0])
    with pytest.raises(ProgressError) as error:
        compute_progress([target], INDICATORS, TABLE, "befolkning")
    assert str(error.value) == words[0]


def test_a_baseline_year_without_data_is_worded_alike_before_and_during_progress():
    target = _target(baseline={"year": 2014})
    [words] = baseline_problems([target], TABLE, "befolkning")
    assert words.startswith("targets (t).baseline.year: ingen værdi for hjemloese")
    with pytest.raises(ProgressError) as error:
        compute_progress([target], INDICATORS, TABLE, "befolkning")
    assert str(error.value) == words


def test_every_problem_is_listed_at_once():
    targets = [_target(id="a", path="x"), _target(id="b", indicator="y")]
    with pytest.raises(ProgressError) as error:
        compute_progress(targets, INDICATORS, TABLE, "befolkning")
    assert "targets (a).path" in str(error.value)
    assert "targets (b).indicator" in str(error.value)


def test_a_good_target_breaks_no_rule_and_has_one_form():
    target = _target()
    assert rule_problems(target, INDICATORS, {"t": target}) == []
    assert target_form(target) == "value"


@pytest.mark.parametrize(
    ("assessment", "words"),
    [
        ({"status": "on_track"}, "targets (t).assessment.reason mangler"),
        ({"status": "godt", "reason": "x"}, "ukendt status 'godt'; vælg en af"),
        ({"reason": "x"}, "reason står uden status"),
    ],
)
def test_an_assessment_rule_names_the_target_and_the_fix(assessment, words):
    target = _target(assessment=assessment)
    [problem] = rule_problems(target, INDICATORS, {"t": target})
    assert words in problem


@pytest.mark.parametrize(
    "assessment",
    [
        {"comment": "Tællingen i 2019 er forstyrret."},
        {"status": "achieved", "reason": "Målet er opfyldt ved en beslutning."},
        {"status": "on_track", "reason": "r", "comment": "c"},
    ],
)
def test_a_complete_assessment_breaks_no_rule(assessment):
    target = _target(assessment=assessment)
    assert rule_problems(target, INDICATORS, {"t": target}) == []
