"""Report: one municipality's progress, charts and Danish budget-goal PDF.

First the municipality's own results/progress/<code>.csv and
results/figures/<code>/ (budgetmaal.running.geography_steps, as assess_geography
makes the national ones), then the report, in one process. Inputs:
results/progress/<geography>.csv and results/figures/<geography>/ of the
other geographies the report shows (the national ones),
results/indicators.csv, the ingest
warnings and readings, the report definition file, the Danish
methodology, every raw file (for the SHA-256 table),
data/raw/MANIFEST.csv if the fetch rule wrote one, and last year's
progress table if config previous_progress names one. Params: the resolved
report definition, its targets, report year and date, the small-count
threshold, the catalogue and the config to print, and the params of
geography_steps. Outputs: the progress table and chart folder, and
reports/<code>/budgetmaal_<year>.pdf and, from the same templates, the
self-contained budgetmaal_<year>.html beside it; the progress of the same
targets as results/<code>/maalopfoelgning.xlsx. All written atomically; the
workbook is made here, not in a job of its own, to spare a process per
municipality.
"""

import json
from pathlib import Path

import pandas as pd
import yaml

from budgetmaal.assessing.tables import (
    read_indicator_table,
    read_previous_progress,
    read_progress,
)
from budgetmaal.assessing.year_on_year import is_example
from budgetmaal.publishing.render import (
    confined_fetcher,
    render_html,
    render_standalone_html,
    write_pdf,
)
from budgetmaal.publishing.report_context import (
    ReportEvidence,
    ReportSubject,
    build_report_context,
    report_warnings,
)
from budgetmaal.publishing.workbook import workbook_sheets, write_workbook
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.fetch_plan import read_manifest
from budgetmaal.running.geography_steps import assess_geography
from budgetmaal.running.provenance import report_date, sha256_of, software_versions
from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.formatting import utc_timestamp
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.outputs import atomic_path, setup_logging, write_text


def main(inputs, params, outputs, logs, wildcards) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    assess_geography(table, params, wildcards["kommune"], outputs, log)
    catalogue = Catalogue.from_document(params["catalogue"])
    names = load_geographies(inputs["geography_list"]).names
    day = report_date(params["report_date"])
    subject = ReportSubject(
        kommune=wildcards["kommune"],
        kommune_name=names[wildcards["kommune"]],
        definition=params["definition"],
        report_year=params["report_year"],
        report_date=day,
    )
    evidence = _evidence(inputs, params, outputs, table, catalogue)
    small_counts = SmallCounts(params["small_count_threshold"])
    appendix = _appendix(
        inputs,
        params,
        catalogue,
        evidence.previous,
        set(evidence.progress["geography"]),
    )
    context = build_report_context(subject, evidence, appendix, small_counts)
    _write_report(context, outputs, day, log)
    sheets = workbook_sheets(
        evidence.progress,
        subject.definition["focus_areas"],
        evidence.indicators,
        evidence.targets,
        names,
        small_counts,
        evidence.previous,
    )
    with atomic_path(outputs["workbook"]) as temporary:
        title = f"{context['title']} – {context['kommune']['name']}"
        write_workbook(sheets, temporary, day, title=title)
    log.info("skrev %s", outputs["pdf"])


def _evidence(inputs, params, outputs, table, catalogue: Catalogue) -> ReportEvidence:
    """The progress and charts of the report's geographies (its own, just
    made, and the national ones), and last year's table."""
    shown = sorted([*inputs["progress"], outputs["progress"]])
    return ReportEvidence(
        progress=pd.concat(map(read_progress, shown), ignore_index=True),
        table=table,
        indicators=catalogue.indicators,
        targets={t["id"]: t for t in params["targets"]},
        figures=_read_figures(sorted([*inputs["figures"], outputs["figures"]])),
        previous=_previous(inputs),
    )


def _write_report(context: dict, outputs, day, log) -> None:
    """The PDF and its HTML twin, from the same context."""
    fetcher = confined_fetcher()
    with atomic_path(outputs["pdf"]) as temporary:
        write_pdf(render_html(context), temporary, created=day, fetcher=fetcher)
    write_text(outputs["html"], render_standalone_html(context))
    for url in fetcher.refused:
        log.warning(
            "afviste at hente %s (kun filer i reports/templates/ må bruges)", url
        )


def _read_figures(folders) -> dict[str, str]:
    return {
        svg.stem: svg.read_text(encoding="utf-8")
        for folder in folders
        for svg in sorted(Path(folder).glob("*.svg"))
    }


def _previous(inputs) -> pd.DataFrame | None:
    """Last year's progress table (config previous_progress), if named."""
    return read_previous_progress(inputs["previous"][0]) if inputs["previous"] else None


def _previous_source(path: str, previous: pd.DataFrame) -> dict:
    """Last year's table as a row of the appendix's file list."""
    return {
        "path": path,
        "example_data": is_example(previous),
        "citation": "Sidste års results/progress.csv (config previous_progress); "
        "kolonnen «Sidste år» og ændringerne i målene kommer herfra",
        "sha256": sha256_of(path),
        "fetched": None,
        "reading": None,
    }


def _appendix(inputs, params, catalogue: Catalogue, previous, geographies) -> dict:
    with open(inputs["warnings"], encoding="utf-8") as handle:
        warnings = json.load(handle)
    with open(inputs["readings"], encoding="utf-8") as handle:
        readings = json.load(handle)
    with open(inputs["methodology"], encoding="utf-8") as handle:
        methodology = handle.read()
    manifest = read_manifest(inputs["manifest"][0]) if inputs["manifest"] else {}
    sources = [
        {
            **source,
            "sha256": sha256_of(source["path"]),
            "fetched": _fetched(manifest.get(source["path"])),
            "reading": readings.get(source["id"]),
        }
        for source in catalogue.sources.values()
    ]
    if previous is not None:
        sources.append(_previous_source(inputs["previous"][0], previous))
    return {
        "previous_file": inputs["previous"][0] if inputs["previous"] else None,
        "sources": sources,
        "source_paths": catalogue.source_paths(),
        **report_warnings(warnings, geographies),
        "methodology": methodology,
        "config_text": yaml.safe_dump(
            params["config"], allow_unicode=True, sort_keys=True
        ),
        "versions": software_versions(),
    }


def _fetched(entry: dict | None) -> dict | None:
    return entry and entry | {"fetched_at": utc_timestamp(entry["fetched_at"])}


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
