"""The single-process floor of tools/benchmark.py.

Imports the whole stack once and calls the same script functions the rules
call, with the same arguments, for every job of the sample run, in one
Python process. The difference to a Snakemake run is the cost of the DAG
and of starting one Python process per job.

Usage: python tools/benchmark_floor.py WORKDIR (a copy of the workflow)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import yaml
from snakemake.iocontainers import Namedlist

# The rule adapters and the package they import live in <repo>/scripts.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import build_progress
import ingest_indicators
import plot_trajectories
import render_report
from budgetmaal.config_checks import load_yaml
from budgetmaal.geography import load_geographies
from budgetmaal.planning import targets_for_geography
from budgetmaal.workflow_config import load_run_config, previous_progress_files


def run(workdir: str) -> None:
    os.chdir(workdir)
    config = load_yaml("config/config.yaml", "config/schemas/config.schema.yaml")
    geographies = load_geographies(Path(config["geography_list"]))
    run_config = load_run_config(config, Path("config/schemas"), geographies)
    catalogue = run_config.catalogue
    _ingest(config, catalogue)
    for geography in run_config.assessed_geographies:
        _progress_and_figures(config, run_config, geography)
    for kommune in run_config.kommuner:
        _report(config, run_config, kommune)


def _args(**values) -> Namedlist:
    return Namedlist(fromdict=values)


def _ingest(config, catalogue) -> None:
    raw = sorted(str(p) for p in Path(config["raw_dir"]).rglob("*") if p.is_file())
    ingest_indicators.main(
        _args(geography_list=config["geography_list"]),
        _args(
            catalogue=catalogue,
            raw_present=raw,
            small_count_threshold=config["small_count_threshold"],
        ),
        _args(
            table="results/indicators.csv",
            warnings="results/warnings.json",
            readings="results/source_readings.json",
        ),
        _args(log="logs/ingest_indicators.log", report="results/validation.html"),
    )


def _progress_and_figures(config, run_config, geography) -> None:
    progress = f"results/progress/{geography}.csv"
    build_progress.main(
        _args(indicators="results/indicators.csv"),
        _args(
            targets=targets_for_geography(run_config.targets, geography),
            catalogue=run_config.catalogue,
            population_indicator=config["population_indicator"],
            small_count_threshold=config["small_count_threshold"],
            targets_file=config["targets"],
        ),
        _args(progress=progress),
        _args(log=f"logs/build_progress/{geography}.log"),
        _args(geography=geography),
    )
    shutil.rmtree(f"results/figures/{geography}", ignore_errors=True)
    plot_trajectories.main(
        _args(progress=progress, indicators="results/indicators.csv"),
        _args(
            targets=run_config.geography_targets(geography),
            catalogue=run_config.catalogue,
            small_count_threshold=config["small_count_threshold"],
        ),
        _args(folder=f"results/figures/{geography}"),
        _args(log=f"logs/plot_trajectories/{geography}.log"),
    )


def _report(config, run_config, kommune) -> None:
    geographies = run_config.report_geographies(kommune)
    render_report.main(
        _args(
            progress=[f"results/progress/{g}.csv" for g in geographies],
            indicators="results/indicators.csv",
            warnings="results/warnings.json",
            readings="results/source_readings.json",
            figures=[f"results/figures/{g}" for g in geographies],
            methodology="docs/metode_da.md",
            geography_list=config["geography_list"],
            manifest=[],
            previous=previous_progress_files(config),
        ),
        _args(
            definition=run_config.definitions[kommune],
            targets=run_config.report_targets(kommune),
            report_year=config["report_year"],
            report_date=config["report_date"],
            small_count_threshold=config["small_count_threshold"],
            catalogue=run_config.catalogue,
            config=yaml.safe_load(
                yaml.safe_dump({k: v for k, v in config.items() if k != "kommuner"})
            ),
        ),
        _args(
            pdf=f"reports/{kommune}/budgetmaal_{config['report_year']}.pdf",
            html=f"reports/{kommune}/budgetmaal_{config['report_year']}.html",
            workbook=f"results/{kommune}/maalopfoelgning.xlsx",
        ),
        _args(log=f"logs/render_report/{kommune}.log"),
        _args(kommune=kommune),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", help="a copy of the workflow (it is run there)")
    run(parser.parse_args().workdir)
