"""The arguments the rules give their jobs, for calling the jobs' functions
in one warm process: the live preview and the benchmark's single-process
floor. Mirrors rules/*.smk (inputs, params, outputs, logs); a test compares
the preview's page with a Snakemake run's, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from snakemake.iocontainers import Namedlist

from budgetmaal.assessing.planning import RunConfig


@dataclass(frozen=True)
class Folders:
    """Where the jobs write: the pipeline's folders, or a temporary copy."""

    results: Path = Path("results")
    reports: Path = Path("reports")
    logs: Path = Path("logs")


@dataclass(frozen=True)
class JobCall:
    """One job's input, params, output, log and wildcards, as Snakemake
    passes them to a rule script's ``main``."""

    inputs: Namedlist
    params: Namedlist
    outputs: Namedlist
    logs: Namedlist
    wildcards: Namedlist

    @property
    def arguments(self) -> tuple:
        """(input, params, output, log, wildcards): a rule script's main's."""
        return self.inputs, self.params, self.outputs, self.logs, self.wildcards


def _call(inputs, params, outputs, logs, wildcards=None) -> JobCall:
    parts = (inputs, params, outputs, logs, wildcards or {})
    return JobCall(*(Namedlist(fromdict=dict(p)) for p in parts))


def raw_files(run: RunConfig) -> list[str]:
    """The declared raw files that exist (rules/common.smk get_raw_files,
    without fetching)."""
    return [p for p in run.entries.paths() if Path(p).is_file()]


def raw_present(config: Mapping) -> list[str]:
    """Every file in the raw folder (rules/common.smk get_raw_present)."""
    raw = Path(config["raw_dir"])
    return sorted(
        str(p) for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")
    )


def manifest_file(config: Mapping) -> list[str]:
    """data/raw/MANIFEST.csv if the fetch rule has written one (rules/common.smk
    get_manifest)."""
    path = Path(config["raw_dir"]) / "MANIFEST.csv"
    return [str(path)] if path.is_file() else []


def ingest_call(config: Mapping, run: RunConfig, folders: Folders) -> JobCall:
    """ingest_indicators, writing straight to publish_indicators' outputs."""
    results = folders.results
    return _call(
        {"raw": raw_files(run), "geography_list": config["geography_list"]},
        {
            "catalogue": run.catalogue,
            "raw_present": raw_present(config),
            "small_count_threshold": config["small_count_threshold"],
        },
        {
            "table": str(results / "indicators.csv"),
            "warnings": str(results / "warnings.json"),
            "readings": str(results / "source_readings.json"),
        },
        {
            "log": str(folders.logs / "ingest_indicators.log"),
            "report": str(results / "validation.html"),
        },
    )


def geography_params(config: Mapping, run: RunConfig, geography: str) -> dict:
    """The params of one geography's progress and charts (geography_steps)."""
    return {
        "progress_targets": run.progress_targets(geography),
        "chart_targets": run.geography_targets(geography),
        "catalogue": run.catalogue,
        "population_indicator": config["population_indicator"],
        "targets_file": config["targets"],
        "small_count_threshold": config["small_count_threshold"],
    }


def assess_call(
    config: Mapping, run: RunConfig, geography: str, folders: Folders
) -> JobCall:
    """assess_geography for ``geography``."""
    return _call(
        {"indicators": str(folders.results / "indicators.csv")},
        geography_params(config, run, geography),
        {
            "progress": str(folders.results / f"progress/{geography}.csv"),
            "figures": str(folders.results / f"figures/{geography}"),
        },
        {"log": str(folders.logs / f"assess_geography/{geography}.log")},
        {"geography": geography},
    )


def printed_config(config: Mapping) -> dict:
    """The config printed in the report's data appendix: not the municipality
    list, so adding a municipality does not re-render the others, nor how the
    jobs run (warm_helper), which changes no figure."""
    return {k: v for k, v in config.items() if k not in ("kommuner", "warm_helper")}


def report_call(
    config: Mapping,
    run: RunConfig,
    kommune: str,
    previous: list[str],
    folders: Folders,
) -> JobCall:
    """render_report for ``kommune``; ``previous`` is [config previous_progress]
    once checked, or []."""
    results, year = folders.results, config["report_year"]
    others = run.other_report_geographies(kommune)
    return _call(
        {
            "progress": [str(results / f"progress/{g}.csv") for g in others],
            "indicators": str(results / "indicators.csv"),
            "warnings": str(results / "warnings.json"),
            "readings": str(results / "source_readings.json"),
            "figures": [str(results / f"figures/{g}") for g in others],
            "definition": run.definition_paths[kommune],
            "methodology": "docs/metode_da.md",
            "geography_list": config["geography_list"],
            "raw": raw_files(run),
            "manifest": manifest_file(config),
            "previous": previous,
        },
        {
            "definition": run.definitions[kommune],
            "targets": run.report_targets(kommune),
            "report_year": year,
            "report_date": config["report_date"],
            "config": printed_config(config),
            **geography_params(config, run, kommune),
        },
        {
            "progress": str(results / f"progress/{kommune}.csv"),
            "figures": str(results / f"figures/{kommune}"),
            "pdf": str(folders.reports / f"{kommune}/budgetmaal_{year}.pdf"),
            "html": str(folders.reports / f"{kommune}/budgetmaal_{year}.html"),
            "workbook": str(results / f"{kommune}/maalopfoelgning.xlsx"),
        },
        {"log": str(folders.logs / f"render_report/{kommune}.log")},
        {"kommune": kommune},
    )
