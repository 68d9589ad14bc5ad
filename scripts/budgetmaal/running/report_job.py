"""A municipality's report job up to its context: the municipality's own
progress table and charts, then everything its report shows, read from the
job's input files.

Shared by the rule render_report (scripts/render_report.py), which then
writes the PDF, the HTML page and the workbook, and by the live preview
(``preview_build``), which renders the HTML page only: the same inputs give
the same page.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from budgetmaal.assessing.tables import (
    read_indicator_table,
    read_previous_progress,
    read_progress,
)
from budgetmaal.assessing.year_on_year import is_example
from budgetmaal.publishing.report_context import (
    ReportEvidence,
    ReportSubject,
    build_report_context,
    report_warnings,
)
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.fetch_plan import read_manifest
from budgetmaal.running.geography_steps import assess_geography
from budgetmaal.running.provenance import report_date, sha256_of, software_versions
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.formatting import utc_timestamp
from budgetmaal.shared.geography import load_geographies


@dataclass(frozen=True)
class ReportDraft:
    """A report ready to be written: its template context and what it was
    made from (the workbook reads the same)."""

    context: dict
    subject: ReportSubject
    evidence: ReportEvidence
    small_counts: SmallCounts
    geography_names: dict[str, str]


def draft_report(
    inputs, params, outputs, kommune: str, log: logging.Logger, drawn=None
) -> ReportDraft:
    """Assess ``kommune`` into outputs["progress"] and outputs["figures"]
    (``drawn``: see geography_steps.draw_charts), then build its report's
    context from those and the job's inputs (the keys of the rule
    render_report)."""
    table = read_indicator_table(inputs["indicators"])
    assess_geography(table, params, kommune, outputs, log, drawn)
    catalogue = Catalogue.from_document(params["catalogue"])
    names = load_geographies(inputs["geography_list"]).names
    subject = ReportSubject(
        kommune=kommune,
        kommune_name=names[kommune],
        definition=params["definition"],
        report_year=params["report_year"],
        report_date=report_date(params["report_date"]),
    )
    evidence = _evidence(inputs, params, outputs, table, catalogue)
    small_counts = SmallCounts(params["small_count_threshold"])
    geographies = set(evidence.progress["geography"])
    appendix = _appendix(inputs, params, catalogue, evidence.previous, geographies)
    context = build_report_context(subject, evidence, appendix, small_counts)
    return ReportDraft(context, subject, evidence, small_counts, names)


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
