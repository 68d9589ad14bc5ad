"""The single-process floor of tools/benchmark.py.

Imports the whole stack once and calls the same script functions the rules
call, with the same arguments, for every job of a run, in one Python
process. The difference to a Snakemake run is the cost of the DAG and of
starting one Python process per job. Prints, as one JSON object, the
seconds for the imports, the steps before the reports (ingest, the national
progress and charts, results/progress.csv) and each municipality's report
job (its progress, charts, PDF, HTML and workbook), warm.

Usage: python tools/benchmark_floor.py WORKDIR [--configfile FILE]
(WORKDIR: a copy of the workflow; it is run there)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

START = time.perf_counter()

# The rule adapters and the package they import live in <repo>/scripts.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import pikepdf  # noqa: E402, F401
import weasyprint  # noqa: E402, F401
import yaml  # noqa: E402
from snakemake.iocontainers import Namedlist  # noqa: E402
from snakemake.utils import validate  # noqa: E402

import assess_geography  # noqa: E402
import budgetmaal.publishing.charts  # noqa: E402, F401
import build_progress_table  # noqa: E402
import ingest_indicators  # noqa: E402
import render_report  # noqa: E402
from budgetmaal.running.job_calls import (  # noqa: E402
    Folders,
    assess_call,
    ingest_call,
    report_call,
)
from budgetmaal.running.workflow_config import (  # noqa: E402
    load_run_config,
    previous_progress_files,
)
from budgetmaal.shared.geography import load_geographies  # noqa: E402

# matplotlib (budgetmaal.publishing.charts), WeasyPrint and pikepdf are imported by
# the jobs only where they draw or write a PDF; here with the rest, so that
# the steps below are timed warm.
IMPORTS = time.perf_counter() - START
FOLDERS = Folders()  # results/, reports/, logs/ of the workflow copy


def run(workdir: str, configfile: str | None) -> dict:
    os.chdir(workdir)
    config = _config(configfile)
    geographies = load_geographies(Path(config["geography_list"]))
    run_config = load_run_config(config, Path("config/schemas"), geographies)
    seconds = {"imports": IMPORTS}
    started = time.perf_counter()
    _ingest(config, run_config)
    for geography in run_config.geographies_without_report:
        _assess(config, run_config, geography)
    _progress_table(config, run_config)
    seconds["before_reports"] = time.perf_counter() - started
    seconds["municipalities"] = {}
    for kommune in run_config.kommuner:
        started = time.perf_counter()
        _report(config, run_config, kommune)
        seconds["municipalities"][kommune] = time.perf_counter() - started
    return seconds


def _config(configfile: str | None) -> dict:
    """config/config.yaml, overlaid by ``configfile`` as --configfile does."""
    config = yaml.safe_load(Path("config/config.yaml").read_text(encoding="utf-8"))
    if configfile:
        config |= yaml.safe_load(Path(configfile).read_text(encoding="utf-8"))
    validate(config, "config/schemas/config.schema.yaml")
    return config


def _ingest(config, run_config) -> None:
    call = ingest_call(config, run_config, FOLDERS)
    ingest_indicators.main(call.inputs, call.params, call.outputs, call.logs)


def _assess(config, run_config, geography) -> None:
    assess_geography.main(
        *assess_call(config, run_config, geography, FOLDERS).arguments
    )


def _progress_table(config, run_config) -> None:
    build_progress_table.main(
        Namedlist(fromdict={"indicators": "results/indicators.csv"}),
        Namedlist(
            fromdict={
                "targets": run_config.targets,
                "catalogue": run_config.catalogue,
                "population_indicator": config["population_indicator"],
                "targets_file": config["targets"],
            }
        ),
        Namedlist(fromdict={"progress": "results/progress.csv"}),
        Namedlist(fromdict={"log": "logs/progress_table.log"}),
    )


def _report(config, run_config, kommune) -> None:
    previous = previous_progress_files(config)
    call = report_call(config, run_config, kommune, previous, FOLDERS)
    render_report.main(*call.arguments)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", help="a copy of the workflow (it is run there)")
    parser.add_argument("--configfile", help="as snakemake --configfile")
    arguments = parser.parse_args()
    print(json.dumps(run(arguments.workdir, arguments.configfile)))
