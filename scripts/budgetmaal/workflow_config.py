"""Pure helpers behind rules/common.smk: which targets, reports and files a run has."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from budgetmaal.config_checks import (
    ConfigError,
    baseline_problems,
    catalogue_problems,
    load_yaml,
    target_problems,
)
from budgetmaal.geography import Geographies, geography_text_problems
from budgetmaal.ingest import build_indicator_table
from budgetmaal.provenance import content_sha256

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


@dataclass(frozen=True)
class RunConfig:
    """Everything the rules need from the config files, loaded and checked."""

    kommuner: list[str]
    catalogue: dict
    targets: list[dict]
    definitions: dict[str, dict]
    definition_paths: dict[str, str]
    kommune_goals: list[dict]

    @property
    def targets_by_id(self) -> dict[str, dict]:
        return {t["id"]: t for t in self.targets}

    def report_geographies(self, kommune: str) -> list[str]:
        """Geographies whose progress and charts a municipality's report shows."""
        ids = report_target_ids(self.definitions[kommune])
        return sorted({self.targets_by_id[t]["geography"] for t in ids})


def load_run_config(
    config: Mapping, schemas: Path, geographies: Geographies
) -> RunConfig:
    """Load and cross-check the catalogue, targets and report definitions.

    Raises ConfigError naming the file, the key and the fix."""
    _raise_if(
        config["geography_list"], geography_text_problems(config["geography_list"])
    )
    kommuner = _kommuner_codes(config, geographies)
    catalogue = load_yaml(config["indicators"], schemas / "indicators.schema.yaml")
    _raise_if(config["indicators"], catalogue_problems(catalogue, geographies))
    target_file = load_yaml(config["targets"], schemas / "targets.schema.yaml")
    targets = target_file["targets"] + expand_kommune_targets(
        target_file["per_kommune"], kommuner
    )
    _raise_if(config["targets"], target_problems(targets, catalogue, geographies))
    template_ids = {t["id"] for t in target_file["per_kommune"]}
    known = {t["id"] for t in targets}
    definitions, paths = {}, {}
    for kommune in kommuner:
        path = definition_path(config["report_definitions"], kommune)
        definition = resolve_definition(
            load_yaml(path, schemas / "report.schema.yaml"),
            kommune,
            template_ids,
            is_default=Path(path).stem == DEFAULT_DEFINITION,
        )
        unknown = unknown_target_ids(definition, known)
        _raise_if(
            path, [f"mål-id {t!r} findes ikke i {config['targets']}" for t in unknown]
        )
        definitions[kommune], paths[kommune] = definition, path
    return RunConfig(
        kommuner, catalogue, targets, definitions, paths, target_file["per_kommune"]
    )


def check_baseline_years(
    run: RunConfig, config: Mapping, geographies, memo: Path | None = None
) -> None:
    """Stop before any job when a baseline year has no data.

    Reads the raw files the way the ingest does, in a fraction of a second;
    a check passed on the same content (raw bytes, catalogue, targets) is
    remembered in ``memo`` and not repeated. When the raw files have errors
    of their own, the check is left to the ingest job, which lists those
    errors with file, line and fix.
    """
    sources = [s["path"] for s in run.catalogue["sources"]]
    key = _baseline_check_key(run, config, sources)
    if memo and memo.is_file() and memo.read_text(encoding="utf-8") == key:
        return
    raw = {p: _read_bytes(Path(p)) for p in sources}
    table, problems, _ = build_indicator_table(
        run.catalogue, raw, geographies, config["small_count_threshold"]
    )
    if any(p.severity == "error" for p in problems):
        return
    _raise_if(
        config["targets"],
        baseline_problems(run.targets, table, config["population_indicator"]),
    )
    if memo:
        _remember(memo, key)


def _baseline_check_key(run: RunConfig, config: Mapping, sources: list[str]) -> str:
    """SHA-256 of everything the baseline check reads."""
    checked = (
        content_sha256([*sources, config["geography_list"]]),
        run.catalogue,
        run.targets,
        config["population_indicator"],
        config["small_count_threshold"],
    )
    return hashlib.sha256(repr(checked).encode("utf-8")).hexdigest()


def _remember(memo: Path, key: str) -> None:
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        temporary = memo.with_suffix(".tmp")
        temporary.write_text(key, encoding="utf-8")
        temporary.replace(memo)
    except OSError:
        pass  # only a cache: the next run checks again


def _read_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def definition_path(folder: str, kommune: str) -> str:
    """The municipality's own report text, else the shared default."""
    own = Path(folder) / f"{kommune}.yaml"
    return str(own if own.is_file() else Path(folder) / f"{DEFAULT_DEFINITION}.yaml")


def _kommuner_codes(config: Mapping, geographies: Geographies) -> list[str]:
    if config["kommuner"] == "all":
        return geographies.kommuner()
    unknown = [k for k in config["kommuner"] if geographies.kinds.get(k) != "kommune"]
    _raise_if(
        "config/config.yaml",
        [
            f"kommuner: {k!r} er ikke en kommunekode; se data/reference/geografi.csv"
            for k in unknown
        ],
    )
    return list(config["kommuner"])


def _raise_if(file: str, problems: list[str]) -> None:
    if problems:
        raise ConfigError(file, problems)
