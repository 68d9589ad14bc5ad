"""One municipality's HTML report, made in a warm process for the live
preview: the config loaded and checked as the Snakefile does, then the jobs
the report needs (ingest, the other geographies' progress and charts, the
report job up to its page) with the rules' arguments (``job_calls``),
writing into a temporary folder instead of results/ and reports/.

A mistake in the files comes back as PreviewError with the pipeline's own
Danish message.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import yaml
from snakemake.utils import update_config, validate

from budgetmaal.assessing.progress import baseline_problems
from budgetmaal.assessing.tables import read_indicator_table
from budgetmaal.publishing.render import render_standalone_html
from budgetmaal.running.config_checks import check_config, safe_load, yaml_problem
from budgetmaal.running.geography_steps import assess_geography
from budgetmaal.running.ingest_job import ingest
from budgetmaal.running.job_calls import (
    Folders,
    assess_call,
    ingest_call,
    report_call,
)
from budgetmaal.running.provenance import content_sha256
from budgetmaal.running.report_job import draft_report
from budgetmaal.running.workflow_config import (
    load_run_config,
    previous_progress_files,
)
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.problems import (
    ConfigError,
    InputError,
    config_problems,
    stop_on_config_messages,
)

CONFIG_FILE = "config/config.yaml"
SCHEMAS = Path("config/schemas")


class PreviewError(Exception):
    """A file the report is made from is wrong; the message says which,
    where and what to do, in Danish."""


@dataclass(frozen=True)
class PreviewReport:
    """A report made by the preview: its page as the pipeline writes it, and
    what its PDF is made from."""

    html: str
    context: dict
    report_date: date
    pdf_name: str


class ReportBuilder:
    """Makes one municipality's report again and again in one process.

    What did not change since the last report is not made again: the ingest
    (same raw files, catalogue and geography list), another geography's
    progress and charts (same table and params) and each chart (same data,
    progress and name; geography_steps.draw_charts)."""

    def __init__(self, kommune: str, folders: Folders, configfile: str | None):
        self.kommune, self.folders, self.configfile = kommune, folders, configfile
        self.log = _quiet_log(folders.logs / "preview.log")
        self._made: dict[str, str] = {}  # job -> key of its last inputs
        self._drawn: dict[str, str] = {}  # the charts of the last report

    def close(self) -> None:
        """Close the log file (its folder is about to be removed)."""
        for handler in self.log.handlers:
            handler.close()
        self.log.handlers.clear()

    def build(self) -> PreviewReport:
        """The report from the files in the current folder.

        Raises PreviewError with the pipeline's message for a mistake in them."""
        try:
            return self._build()
        except (ConfigError, InputError) as error:
            raise PreviewError(str(error)) from None
        except SystemExit as error:  # a job's stop, worded by the job
            raise PreviewError(str(error.code)) from None

    def _build(self) -> PreviewReport:
        config = load_config(self.configfile)
        geographies = load_geographies(Path(config["geography_list"]))
        run = load_run_config(config, SCHEMAS, geographies)
        if self.kommune not in run.kommuner:
            raise PreviewError(_not_in_run(self.kommune, run.kommuner, self.configfile))
        previous = previous_progress_files(config)
        table = self._ingested(config, run)
        # check_baseline_years, on the table just read (the Snakefile reads
        # the raw files for it before the ingest job runs).
        stop_on_config_messages(
            config["targets"],
            baseline_problems(run.targets, table, config["population_indicator"]),
        )
        # This report's charts, found among the last one's or drawn: the
        # charts no longer shown are let go.
        drawn = ChainMap({}, self._drawn)
        for geography in run.other_report_geographies(self.kommune):
            call = assess_call(config, run, geography, self.folders)
            self._assess(call, table, drawn)
        call = report_call(config, run, self.kommune, previous, self.folders)
        draft = draft_report(
            call.inputs, call.params, call.outputs, self.kommune, self.log, drawn
        )
        self._drawn = drawn.maps[0]
        return PreviewReport(
            html=render_standalone_html(draft.context),
            context=draft.context,
            report_date=draft.subject.report_date,
            pdf_name=Path(call.outputs["pdf"]).name,
        )

    def _ingested(self, config, run) -> pd.DataFrame:
        call = ingest_call(config, run, self.folders)
        sources = [*call.inputs["raw"], config["geography_list"]]
        key = repr((content_sha256(sources), dict(call.params)))
        if self._made.get("ingest") != key:
            self._made.pop("ingest", None)
            validation = call.logs["report"]
            ingest(call.inputs, call.params, call.outputs, validation, self.log)
            self._made["ingest"] = key
        return read_indicator_table(call.outputs["table"])

    def _assess(self, call, table: pd.DataFrame, drawn: ChainMap) -> None:
        geography = call.wildcards["geography"]
        key = repr((self._made["ingest"], dict(call.params)))
        if self._made.get(geography) != key:
            self._made.pop(geography, None)
            assess_geography(
                table, call.params, geography, call.outputs, self.log, drawn
            )
            self._made[geography] = key


def _quiet_log(path: Path) -> logging.Logger:
    """The jobs' log lines, to a file in the preview's folder only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    log = logging.getLogger("budgetmaal.preview")
    log.handlers = [logging.FileHandler(path, mode="w", encoding="utf-8")]
    log.setLevel(logging.INFO)
    log.propagate = False
    return log


def load_config(configfile: str | None = None) -> dict:
    """config/config.yaml with ``configfile`` on top, checked and with the
    schema's defaults, as the Snakefile loads it (``snakemake --configfile``)."""
    config = _read_config(CONFIG_FILE)
    if configfile:
        update_config(config, _read_config(configfile))
    schema = SCHEMAS / "config.schema.yaml"
    check_config(config, schema)
    validate(config, str(schema))
    return config


def _read_config(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            config = safe_load(handle)
    except FileNotFoundError:
        raise PreviewError(f"{path} findes ikke; ret stien") from None
    except yaml.YAMLError as error:
        raise ConfigError(path, [yaml_problem(path, error)]) from None
    if not isinstance(config, dict):
        message = "skal være en samling af nøgler (key: value), én pr. linje"
        raise ConfigError(path, config_problems(path, [message]))
    return config


def _not_in_run(kommune: str, kommuner: list[str], configfile: str | None) -> str:
    where = configfile or CONFIG_FILE
    listed = ", ".join(kommuner[:5]) + (" …" if len(kommuner) > 5 else "")
    return (
        f"kommune {kommune} er ikke med i kørslen (kommuner i {where}: {listed}); "
        f"tilføj den under kommuner: i {where} (med sin rapporttekst i "
        "config/reports/<kode>.yaml eller en fælles default.yaml), eller vis en af dem"
    )
