"""Each word of the project has one home, and the schemas offer exactly its rows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from budgetmaal.reading import registers
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.formatting import quantity
from budgetmaal.shared.vocabulary import (
    BETTER,
    DIRECTIONS,
    PATHS,
    STATUS_DA,
    STATUSES,
    TARGET_FORMS,
    UNITS,
)

SCHEMAS = Path(__file__).resolve().parents[2] / "config/schemas"


def _schema(name: str) -> dict:
    return yaml.safe_load((SCHEMAS / name).read_text(encoding="utf-8"))


INDICATOR = _schema("indicators.schema.yaml")["properties"]["indicators"]["items"]
SOURCE = _schema("indicators.schema.yaml")["properties"]["sources"]["items"]
TARGET_DEFS = _schema("targets.schema.yaml")["$defs"]


def test_the_catalogue_schema_offers_exactly_the_registered_measures_and_units():
    properties = INDICATOR["properties"]
    assert properties["measure"]["enum"] == list(registers.MEASURES)
    assert properties["unit"]["enum"] == list(UNITS)
    assert properties["better"]["enum"] == list(BETTER)


def test_every_source_format_has_a_reader():
    formats = SOURCE["properties"]["format"]["enum"]
    assert formats == ["statbank", *registers.FORMATS]
    for measure in registers.MEASURES.values():
        assert measure.source_format in registers.FORMATS


@pytest.mark.parametrize("kind", ["target", "kommune_target"])
def test_the_target_schema_offers_exactly_the_target_forms(kind):
    entry = TARGET_DEFS[kind]["properties"]
    block = entry["target"]["properties"]
    assert set(block) - {"year", "better"} == set(TARGET_FORMS)
    assert block["direction"]["enum"] == list(DIRECTIONS)
    assert entry["path"]["enum"] == list(PATHS)
    assert entry["better"]["enum"] == block["better"]["enum"] == list(BETTER)
    assert set(DIRECTIONS.values()) == set(BETTER)


def test_statuses_have_distinct_labels_symbols_and_ranks():
    rows = list(STATUSES.values())
    for field in ("label_da", "symbol", "rank"):
        assert len({getattr(s, field) for s in rows}) == len(rows), field
    assert sorted(s.rank for s in rows) == list(range(len(rows)))
    assert {s.code: s.label_da for s in rows} == STATUS_DA
    assert all(code == s.code for code, s in STATUSES.items())


def test_the_assessment_schema_offers_exactly_the_statuses():
    assessment = TARGET_DEFS["target"]["properties"]["assessment"]["properties"]
    assert assessment["status"]["enum"] == list(STATUSES)


def test_merit_compares_only_statuses_of_the_same_kind_of_goal():
    kinds = {s.merit[0] for s in STATUSES.values() if s.merit}
    assert kinds == {"numeric", "direction"}
    merit = {code: s.merit for code, s in STATUSES.items()}
    assert merit["achieved"] > merit["on_track"] > merit["moderate"]
    assert merit["moderate"] > merit["insufficient"] > merit["away"]
    assert merit["improving"] > merit["unchanged"] > merit["worsening"]
    assert merit["no_data"] is merit["too_uncertain"] is None


def test_the_overview_ranks_met_goals_first_and_unassessable_ones_last():
    ranked = sorted(STATUSES.values(), key=lambda s: s.rank)
    assert ranked[0].code == "achieved"
    assert [s.code for s in ranked[-2:]] == ["too_uncertain", "no_data"]


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("count", 1234.4, "1.234"),
        ("percent", 36.44, "36,4 pct."),
        ("days", 120, "120,0 dage"),
    ],
)
def test_a_unit_row_decides_decimals_and_suffix(unit, value, text):
    assert quantity(value, unit) == text
    assert UNITS[unit].low <= value <= UNITS[unit].high


def test_a_hidden_value_is_labelled_by_its_unit():
    small = SmallCounts(5)
    assert small.label("count") == "under 5"
    assert small.label("percent") == small.label("days") == "skjult (under 5)"
