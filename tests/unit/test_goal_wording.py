"""Every goal in the shipped configs is judged the way its wording reads.

A goal written «Højst ...», «Færre ...» or «Ingen ...» is a ceiling or a fall
(lower is better); «Mindst ...» or «Flere ...» a floor or a rise (higher is
better). The better direction comes from the catalogue or the target, never
from the numbers, so it can be checked against the wording before any data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from budgetmaal.assessing.planning import expand_kommune_targets
from budgetmaal.assessing.targets import better_direction

REPO = Path(__file__).resolve().parents[2]
WORDING = {
    "Højst": "lower",
    "Færre": "lower",
    "Ingen": "lower",
    "Mindst": "higher",
    "Flere": "higher",
}
CONFIGS = ["config", "config/alle_kommuner"]


def _targets(folder: str) -> tuple[list[dict], dict]:
    def load(name):
        return yaml.safe_load((REPO / folder / name).read_text(encoding="utf-8"))

    document, catalogue = load("targets.yaml"), load("indicators.yaml")
    targets = document["targets"] + expand_kommune_targets(
        document.get("per_kommune", []), ["101", "657"]
    )
    return targets, {i["id"]: i for i in catalogue["indicators"]}


@pytest.mark.parametrize("folder", CONFIGS)
def test_better_direction_agrees_with_the_first_word_of_every_goal(folder):
    targets, indicators = _targets(folder)
    by_id = {t["id"]: t for t in targets}
    checked = 0
    for target in targets:
        better, problems = better_direction(target, indicators, by_id)
        assert problems == [], target["id"]
        first = target.get("name", "").split(" ")[0]
        if first in WORDING:
            assert better == WORDING[first], (target["id"], target["name"])
            checked += 1
    assert checked >= 3


def test_the_sample_config_has_all_nine_national_goals():
    targets, indicators = _targets("config")
    national = [t for t in targets if t["geography"] == "000"]
    assert len(national) == 9
    forms = [next(iter(set(t["target"]) - {"year", "better"})) for t in national]
    assert forms.count("direction") == 1  # reading and maths: direction only
    by_id = {t["id"]: t for t in national}
    # Goal 6: at most 20 pct. return to a shelter within a year; goal 8: at
    # least 50 pct. of drug treatments end drug-free or with reduced abuse.
    for target_id, better, level in [
        ("herberg_tilbagevenden_dk", "lower", 20),
        ("stofbehandling_dk", "higher", 50),
    ]:
        target = by_id[target_id]
        assert indicators[target["indicator"]]["better"] == better
        assert target["target"]["value"] == level


def test_goals_without_a_published_series_are_labelled_example_data():
    catalogue = yaml.safe_load((REPO / "config/indicators.yaml").read_text("utf-8"))
    sources = {s["id"]: s for s in catalogue["sources"]}
    indicators = {i["id"]: i for i in catalogue["indicators"]}
    for indicator_id in ["udsatte_boern_laesning_matematik", "herberg_tilbagevenden"]:
        source = sources[indicators[indicator_id]["source"]]
        assert source["example_data"] is True
        assert "eksempel" in source["path"]
