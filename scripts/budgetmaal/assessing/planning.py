"""Which targets, reports and files a run has: pure functions of the loaded
config, behind rules/common.smk (workflow_config loads and checks it)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from budgetmaal.assessing.targets import Target
from budgetmaal.shared.catalogue import Catalogue

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


def targets_for_geography(targets: list[Target], geography: str) -> list[Target]:
    """The targets of one geography, plus the national targets they scale from
    (needed to compute the scaled target value; their assessment is left out,
    so that assessing a national target does not re-run this job)."""
    own = [t for t in targets if t["geography"] == geography]
    return _with_scale_sources(own, {t["id"]: t for t in targets})


def _with_scale_sources(own: list[Target], by_id: Mapping[str, Target]) -> list[Target]:
    own_ids = {t["id"] for t in own}
    sources = {
        t["target"]["scale_from"]
        for t in own
        if "scale_from" in t["target"] and t["target"]["scale_from"] not in own_ids
    }
    helpers = [_without_assessment(by_id[s]) for s in sorted(sources) if s in by_id]
    return helpers + own


def _without_assessment(target: Target) -> Target:
    return {k: v for k, v in target.items() if k != "assessment"}  # type: ignore[return-value]


def unknown_target_ids(definition: Mapping, known: set[str]) -> list[str]:
    """Target ids a report definition names that no target has."""
    return [t for t in report_target_ids(definition) if t not in known]


@dataclass(frozen=True)
class RunConfig:
    """Everything the rules need from the config files, loaded and checked."""

    kommuner: list[str]
    catalogue: dict  # config/indicators.yaml as read: the rules' params
    targets: list[Target]
    definitions: dict[str, dict]
    definition_paths: dict[str, str]
    kommune_goals: list[dict]

    @cached_property
    def entries(self) -> Catalogue:
        return Catalogue.from_document(self.catalogue)

    @cached_property
    def targets_by_id(self) -> dict[str, Target]:
        return {t["id"]: t for t in self.targets}

    @cached_property
    def assessed_geographies(self) -> list[str]:
        """Every geography with a target: one progress job and chart folder each."""
        return sorted({t["geography"] for t in self.targets})

    @cached_property
    def geographies_without_report(self) -> list[str]:
        """Assessed geographies that no report of this run is about: each is
        assessed in a job of its own; a municipality, in its report job."""
        return [g for g in self.assessed_geographies if g not in self.kommuner]

    @cached_property
    def _targets_by_geography(self) -> dict[str, list[Target]]:
        """The targets of each geography, in their order: looked up once per
        job when Snakemake plans, so a run of 980 geographies is not 980²."""
        by_geography: dict[str, list[Target]] = {}
        for target in self.targets:
            by_geography.setdefault(target["geography"], []).append(target)
        return by_geography

    def progress_targets(self, geography: str) -> list[Target]:
        """targets_for_geography(self.targets, geography)."""
        own = self._targets_by_geography.get(geography, [])
        return _with_scale_sources(own, self.targets_by_id)

    def geography_targets(self, geography: str) -> list[Target]:
        """The targets drawn in one geography's chart folder (the charts do
        not show an assessment)."""
        own = self._targets_by_geography.get(geography, [])
        return [_without_assessment(t) for t in own]

    def report_targets(self, kommune: str) -> list[Target]:
        """The targets a municipality's report shows, in its order."""
        ids = report_target_ids(self.definitions[kommune])
        return [self.targets_by_id[t] for t in ids]

    def report_geographies(self, kommune: str) -> list[str]:
        """Geographies whose progress and charts a municipality's report shows."""
        return sorted({t["geography"] for t in self.report_targets(kommune)})

    def other_report_geographies(self, kommune: str) -> list[str]:
        """The geographies a report shows besides the municipality's own."""
        return [g for g in self.report_geographies(kommune) if g != kommune]
