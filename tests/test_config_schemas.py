"""Every key of every config schema documents itself; config mistakes are
reported with the key path."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO

from budgetmaal.running.config_checks import schema_problems

SCHEMAS = sorted((REPO / "config/schemas").glob("*.schema.yaml"))


def _properties(schema, path="$"):
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}.{name}", sub
        yield from _properties(sub, f"{path}.{name}")
        if isinstance(sub.get("items"), dict):
            yield from _properties(sub["items"], f"{path}.{name}[]")
    for name, sub in schema.get("$defs", {}).items():
        yield from _properties(sub, f"$defs.{name}")


@pytest.mark.parametrize("schema_path", SCHEMAS, ids=lambda p: p.name)
def test_every_key_has_a_description(schema_path):
    schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
    undocumented = [
        path for path, sub in _properties(schema) if "description" not in sub
    ]
    assert undocumented == []


def test_shipped_config_files_validate():
    pairs = {
        "config/config.yaml": "config.schema.yaml",
        "config/indicators.yaml": "indicators.schema.yaml",
        "config/targets.yaml": "targets.schema.yaml",
        "config/reports/657.yaml": "report.schema.yaml",
        "config/reports/320.yaml": "report.schema.yaml",
    }
    for document, schema in pairs.items():
        data = yaml.safe_load((REPO / document).read_text(encoding="utf-8"))
        rules = yaml.safe_load(
            (REPO / "config/schemas" / schema).read_text(encoding="utf-8")
        )
        assert schema_problems(data, rules) == [], document


def test_wrong_type_and_unknown_key_are_reported_with_their_path():
    rules = yaml.safe_load((REPO / "config/schemas/targets.schema.yaml").read_text())
    document = {
        "targets": [
            {
                "id": "a",
                "indicator": "hjemloese",
                "geography": "657",
                "baseline": {"year": "2013"},
                "target": {"year": 2020, "value": 1},
                "pth": "linear",
            }
        ]
    }
    problems = schema_problems(document, rules)
    # The entry is named by its index and its id.
    assert any(p.startswith("nøgle targets[0] (a).baseline.year:") for p in problems)
    assert any(p.startswith("nøgle targets[0] (a).pth: ukendt nøgle") for p in problems)
