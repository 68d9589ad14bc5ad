"""Baseline years and better directions are checked before any job runs;
the config files are read as YAML says."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from budgetmaal.assessing.progress import baseline_problems
from budgetmaal.running.config_checks import (
    foreign_target_messages,
    load_yaml,
    safe_load,
    schema_problems,
    target_problems,
)
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.problems import ConfigError

REPO = Path(__file__).resolve().parents[2]
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


# --- The better direction, checked before any job ----------------------------

CATALOGUE = {
    "sources": [],
    "indicators": [
        {"id": "hjemloese", "unit": "count", "better": "lower"},
        {"id": "befolkning", "unit": "count", "better": "higher"},
    ],
}


def _problems(*targets):
    return [
        p.detail for p in target_problems(list(targets), CATALOGUE, load_geographies())
    ]


def test_change_pct_against_the_catalogue_names_the_target_and_the_fix():
    rising = _target({"year": 2013}, {"year": 2020, "change_pct": 25})
    (problem,) = _problems(rising)
    assert problem.startswith("targets (t): change_pct: 25")
    assert "better: lower i indikatorkataloget" in problem
    # The suggested fix: state better: higher on the target.
    rising["better"] = "higher"
    assert _problems(rising) == []


@pytest.mark.parametrize(
    ("direction", "catalogue", "turned", "stated"),
    [
        ("decrease", "higher", "increase", "lower"),
        ("increase", "lower", "decrease", "higher"),
    ],
)
def test_a_direction_against_the_catalogue_names_the_target_and_both_fixes(
    direction, catalogue, turned, stated
):
    """«Flere i beskæftigelse» written as direction: decrease on an indicator
    where higher is better would publish «Fremgang» for a fall."""
    indicator = "befolkning" if catalogue == "higher" else "hjemloese"
    goal = _target({"year": 2013}, {"direction": direction}) | {"indicator": indicator}
    (problem,) = _problems(goal)
    assert problem.startswith(f"targets (t): direction: {direction} er ")
    assert f"har better: {catalogue} i indikatorkataloget" in problem
    assert f"vend retningen (direction: {turned})" in problem
    assert f"eller skriv better: {stated} på målet" in problem
    # The first fix as worded: turn the direction.
    assert _problems(goal | {"target": {"direction": turned}}) == []
    # The second: state better: on the target (or in its target: block).
    assert _problems(goal | {"better": stated}) == []
    assert (
        _problems(goal | {"target": {"direction": direction, "better": stated}}) == []
    )


def test_better_against_the_sign_and_against_the_scaled_target():
    falling = _target({"year": 2013}, {"year": 2020, "change_pct": -25})
    falling["better"] = "higher"
    (problem,) = _problems(falling)
    assert "better: higher modsiger change_pct: -25" in problem
    # The fix: the two say the same.
    falling["better"] = "lower"
    assert _problems(falling) == []

    national = _target({"year": 2013}, geography="000")
    national["id"] = "dk"
    scaled = _target({"year": 2013, "value": 30}, {"year": 2020, "scale_from": "dk"})
    scaled["better"] = "higher"
    (problem,) = _problems(national, scaled)
    assert problem.startswith("targets (t): better: higher modsiger landsmålet 'dk'")
    del scaled["better"]
    assert _problems(national, scaled) == []


def test_a_schema_error_in_a_list_entry_names_its_id():
    schema = yaml.safe_load(
        (REPO / "config/schemas/targets.schema.yaml").read_text(encoding="utf-8")
    )
    document = {
        "targets": [
            _target({"year": 2013}) | {"id": "a"},
            _target({"year": 2013})
            | {"id": "b", "assessment": {"status": "godt", "reason": "x"}},
        ]
    }
    [problem] = schema_problems(document, schema)
    assert problem.startswith("nøgle targets[1] (b).assessment.status: 'godt'")
    assert "vælg en af achieved, missed" in problem


def test_the_config_files_read_the_same_with_libyaml():
    for path in sorted((REPO / "config").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert safe_load(text) == yaml.safe_load(text), path


def test_broken_yaml_names_the_file_and_line(tmp_path):
    broken = tmp_path / "targets.yaml"
    broken.write_text("targets:\n  - id: [a, b\n    name: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_yaml(broken, REPO / "config/schemas/targets.schema.yaml")
    assert str(raised.value) == (
        f"1 fejl i {broken}:\n  - linje 3, kolonne 9: ikke gyldig YAML: expected ',' "
        "or ']', but got ':' (while parsing a flow sequence på linje 2)"
    )


# --- Whose targets a report may show -------------------------------------------


def test_a_report_shows_its_own_its_regions_and_the_nations_targets_only():
    geographies = load_geographies()
    targets = {
        tid: {"id": tid, "geography": geography}
        for tid, geography in [
            ("egen", "751"),
            ("land", "000"),
            ("midtjylland", "082"),
            ("hovedstaden", "084"),
            ("herning", "657"),
        ]
    }
    definition = {
        "focus_areas": [{"targets": ["egen", "midtjylland", "herning"]}],
        "national_targets": ["land", "hovedstaden"],
    }
    messages = foreign_target_messages(definition, "751", targets, geographies)
    assert [m.split(" er ")[0] for m in messages] == [
        "mål-id 'herning'",
        "mål-id 'hovedstaden'",
    ]
    assert "er Herning Kommunes mål (geografi 657), ikke Aarhus Kommunes" in messages[0]
    assert "er Region Hovedstadens mål (geografi 084)" in messages[1]
    assert "landsmål og Region Midtjyllands mål" in messages[1]
