"""Pure helpers behind rules/common.smk: which targets, reports and files a run has."""

from __future__ import annotations

import copy
from collections.abc import Mapping

DEFAULT_DEFINITION = "default"


def expand_kommune_targets(templates: list[Mapping], kommuner: list[str]) -> list[dict]:
    """Repeat each per_kommune template for every municipality: id_<code>."""
    return [
        {**copy.deepcopy(template), "id": f"{template['id']}_{code}", "geography": code}
        for code in kommuner
        for template in templates
    ]


def resolve_definition(
    definition: Mapping, kommune: str, template_ids: set[str], is_default: bool
) -> dict:
    """A report definition for one municipality; the shared default definition
    names per_kommune templates, which become that municipality's targets."""
    resolved = copy.deepcopy(dict(definition))
    if is_default:
        for area in resolved["focus_areas"]:
            area["targets"] = [
                f"{t}_{kommune}" if t in template_ids else t for t in area["targets"]
            ]
    return resolved


def report_target_ids(definition: Mapping) -> list[str]:
    """Every target a report shows: the goal cards' and the national ones."""
    ids = [t for area in definition["focus_areas"] for t in area["targets"]]
    return ids + [t for t in definition.get("national_targets", []) if t not in ids]


def targets_for_geography(targets: list[Mapping], geography: str) -> list[Mapping]:
    """The targets of one geography, plus the national targets they scale from
    (needed to compute the scaled target value)."""
    by_id = {t["id"]: t for t in targets}
    own = [t for t in targets if t["geography"] == geography]
    own_ids = {t["id"] for t in own}
    sources = {
        t["target"]["scale_from"]
        for t in own
        if "scale_from" in t["target"] and t["target"]["scale_from"] not in own_ids
    }
    return [by_id[s] for s in sorted(sources) if s in by_id] + own


def unknown_target_ids(definition: Mapping, known: set[str]) -> list[str]:
    """Target ids a report definition names that no target has."""
    return [t for t in report_target_ids(definition) if t not in known]
