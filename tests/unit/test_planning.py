"""Which targets, reports and files a run has: the pure planning functions."""

from __future__ import annotations

from budgetmaal.assessing.planning import (
    RunConfig,
    expand_kommune_targets,
    report_target_ids,
    resolve_definition,
    targets_for_geography,
    unknown_target_ids,
)


def _target(id_, geography, **spec):
    return {
        "id": id_,
        "indicator": "hjemloese",
        "geography": geography,
        "baseline": {"year": 2015},
        "target": spec or {"year": 2020, "value": 10},
    }


NATIONAL = _target("hjemloese_dk", "000")
SCALED = _target("hjemloese_657", "657", year=2020, scale_from="hjemloese_dk")
OWN = _target("unge_657", "657")
FAXE = _target("unge_320", "320")
DEFINITION = {
    "focus_areas": [
        {"name": "A", "targets": ["hjemloese_657", "unge_657"]},
        {"name": "B", "targets": ["unge_657"]},
    ],
    "national_targets": ["hjemloese_dk", "unge_657"],
}


def test_templates_become_one_target_per_municipality_with_own_ids():
    targets = expand_kommune_targets([{"id": "unge", "geography": "x"}], ["657", "320"])
    assert [(t["id"], t["geography"]) for t in targets] == [
        ("unge_657", "657"),
        ("unge_320", "320"),
    ]


def test_the_default_definition_names_the_municipalitys_own_targets():
    default = {"focus_areas": [{"targets": ["unge", "hjemloese_dk"]}]}
    resolved = resolve_definition(default, "320", {"unge"}, is_default=True)
    assert resolved["focus_areas"][0]["targets"] == ["unge_320", "hjemloese_dk"]
    assert default["focus_areas"][0]["targets"] == ["unge", "hjemloese_dk"]
    own = resolve_definition(default, "320", {"unge"}, is_default=False)
    assert own["focus_areas"][0]["targets"] == ["unge", "hjemloese_dk"]


def test_a_report_lists_its_cards_targets_then_national_ones_not_on_a_card():
    assert report_target_ids(DEFINITION) == [
        "hjemloese_657",
        "unge_657",
        "unge_657",
        "hjemloese_dk",
    ]
    assert unknown_target_ids(DEFINITION, {"hjemloese_657", "unge_657"}) == [
        "hjemloese_dk"
    ]


def test_a_geographys_job_gets_the_national_targets_it_scales_from():
    targets = [NATIONAL, SCALED, OWN, FAXE]
    assert targets_for_geography(targets, "657") == [NATIONAL, SCALED, OWN]
    assert targets_for_geography(targets, "320") == [FAXE]
    assert targets_for_geography(targets, "000") == [NATIONAL]


def test_the_run_has_one_job_per_geography_and_reports_their_geographies():
    run = RunConfig(
        kommuner=["657"],
        catalogue={
            "sources": [{"id": "s", "path": "data/raw/s.csv"}],
            "indicators": [],
        },
        targets=[NATIONAL, SCALED, OWN, FAXE],
        definitions={"657": DEFINITION},
        definition_paths={"657": "config/reports/657.yaml"},
        kommune_goals=[],
    )
    assert run.assessed_geographies == ["000", "320", "657"]
    assert run.geography_targets("657") == [SCALED, OWN]
    for geography in ["000", "320", "657", "101"]:
        expected = targets_for_geography(run.targets, geography)
        assert run.progress_targets(geography) == expected
    assert run.report_targets("657") == [SCALED, OWN, OWN, NATIONAL]
    assert run.report_geographies("657") == ["000", "657"]
    assert run.entries.paths() == ["data/raw/s.csv"]
