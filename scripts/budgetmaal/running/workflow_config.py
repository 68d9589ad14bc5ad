"""Load and check the config while Snakemake plans the DAG: the IO behind
rules/common.smk (the pure planning is in budgetmaal.assessing.planning)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from budgetmaal.assessing.planning import (
    DEFAULT_DEFINITION,
    RunConfig,
    expand_kommune_targets,
    resolve_definition,
    unknown_target_ids,
)
from budgetmaal.assessing.progress import baseline_problems
from budgetmaal.assessing.tables import read_previous_progress
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.ingest import build_indicator_table
from budgetmaal.running.config_checks import (
    catalogue_problems,
    foreign_target_messages,
    load_yaml,
    target_problems,
)
from budgetmaal.running.provenance import content_sha256
from budgetmaal.shared.geography import Geographies, geography_text_problems
from budgetmaal.shared.problems import stop_on_config_messages, stop_on_config_problems


def load_run_config(
    config: Mapping, schemas: Path, geographies: Geographies
) -> RunConfig:
    """Load and cross-check the catalogue, targets and report definitions.

    Raises ConfigError naming the file, the key and the fix."""
    geography_list = config["geography_list"]
    stop_on_config_problems(geography_list, geography_text_problems(geography_list))
    kommuner = _kommuner_codes(config, geographies)
    catalogue = load_yaml(config["indicators"], schemas / "indicators.schema.yaml")
    stop_on_config_problems(
        config["indicators"],
        catalogue_problems(catalogue, geographies, config["indicators"]),
    )
    target_file = load_yaml(config["targets"], schemas / "targets.schema.yaml")
    targets = target_file["targets"] + expand_kommune_targets(
        target_file["per_kommune"], kommuner
    )
    stop_on_config_problems(
        config["targets"],
        target_problems(targets, catalogue, geographies, config["targets"]),
    )
    definitions, paths = _report_definitions(
        config, schemas, kommuner, target_file["per_kommune"], targets, geographies
    )
    return RunConfig(
        kommuner, catalogue, targets, definitions, paths, target_file["per_kommune"]
    )


def _report_definitions(config, schemas, kommuner, templates, targets, geographies):
    """Each municipality's report definition, resolved, and its file."""
    template_ids = {t["id"] for t in templates}
    by_id = {t["id"]: t for t in targets}
    _stop_on_missing_report_texts(config, kommuner)
    definitions, paths, documents = {}, {}, {}
    for kommune in kommuner:
        path = definition_path(config["report_definitions"], kommune)
        if path not in documents:  # the shared default: read once, not per municipality
            documents[path] = load_yaml(path, schemas / "report.schema.yaml")
        definition = resolve_definition(
            documents[path],
            kommune,
            template_ids,
            is_default=Path(path).stem == DEFAULT_DEFINITION,
        )
        unknown = unknown_target_ids(definition, set(by_id))
        stop_on_config_messages(
            path, [f"mål-id {t!r} findes ikke i {config['targets']}" for t in unknown]
        )
        stop_on_config_messages(
            path,
            foreign_target_messages(
                definition, kommune, by_id, geographies, config["targets"]
            ),
        )
        definitions[kommune], paths[kommune] = definition, path
    return definitions, paths


def _stop_on_missing_report_texts(config: Mapping, kommuner: list[str]) -> None:
    """One sentence, before any report text is read, when municipalities
    have neither their own report text nor the shared default."""
    folder = Path(config["report_definitions"])
    missing = [k for k in kommuner if not Path(definition_path(folder, k)).is_file()]
    if not missing:
        return
    if config["kommuner"] == "all":
        fix = (
            "alle 98 kommuner med de samme mål og eksempeldata står i "
            "config/alle_kommuner/: kør python tools/generate_example_data.py "
            "--all-kommuner og så snakemake --cores 4 --configfile "
            "config/alle_kommuner/config.yaml, eller skriv en fælles "
            f"{folder / DEFAULT_DEFINITION}.yaml"
        )
    else:
        fix = f"skriv {folder}/<kode>.yaml for hver, eller en fælles {DEFAULT_DEFINITION}.yaml"
    named = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
    noun = "kommune" if len(missing) == 1 else "kommuner"
    stop_on_config_messages(
        str(folder),
        [f"{len(missing)} {noun} ({named}) har ingen rapporttekst; {fix}"],
    )


def check_baseline_years(
    run: RunConfig, config: Mapping, geographies, memo: Path | None = None
) -> None:
    """Stop before any job when a baseline year has no data.

    The rule is progress.baseline_problems; it is checked here, on the raw
    files read the way the ingest reads them (a fraction of a second), so
    that a wrong baseline year stops the run before any job;
    a check passed on the same content (raw bytes, catalogue, targets) is
    remembered in ``memo`` and not repeated. When the raw files have errors
    of their own, the check is left to the ingest job, which lists those
    errors with file, line and fix.
    """
    sources = run.entries.paths()
    key = _baseline_check_key(run, config, sources)
    if memo and memo.is_file() and memo.read_text(encoding="utf-8") == key:
        return
    raw = {p: _read_bytes(Path(p)) for p in sources}
    small_counts = SmallCounts(config["small_count_threshold"])
    table, problems, _ = build_indicator_table(
        run.catalogue, raw, geographies, small_counts
    )
    if any(p.severity == "error" for p in problems):
        return
    stop_on_config_messages(
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


def previous_progress_files(config: Mapping) -> list[str]:
    """[config previous_progress] once checked, or []: a missing, unreadable
    or differently laid out file stops the run before any job."""
    path = config.get("previous_progress")
    if not path:
        return []
    read_previous_progress(path)
    return [path]


def definition_path(folder: str, kommune: str) -> str:
    """The municipality's own report text, else the shared default."""
    own = Path(folder) / f"{kommune}.yaml"
    return str(own if own.is_file() else Path(folder) / f"{DEFAULT_DEFINITION}.yaml")


def _kommuner_codes(config: Mapping, geographies: Geographies) -> list[str]:
    if config["kommuner"] == "all":
        return geographies.kommuner()
    unknown = [k for k in config["kommuner"] if geographies.kinds.get(k) != "kommune"]
    stop_on_config_messages(
        "config/config.yaml",
        [
            f"kommuner: {k!r} er ikke en kommunekode; se data/reference/geografi.csv"
            for k in unknown
        ],
    )
    return list(config["kommuner"])
