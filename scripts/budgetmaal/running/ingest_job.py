"""The ingest job: every declared raw extract read into one tidy table.

Shared by the rule ingest_indicators (scripts/ingest_indicators.py) and the
live preview (``preview_build``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from budgetmaal.publishing.validation_report import render_validation_html
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.ingest import build_indicator_table, find_undeclared_files
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.outputs import write_csv, write_json, write_text
from budgetmaal.shared.problems import InputError


def ingest(inputs, params, outputs, validation_report, log: logging.Logger) -> None:
    """Write the table, its warnings and the sources' readings to
    ``outputs``, and every problem to ``validation_report`` (HTML) and ``log``.

    Raises InputError, listing each error with file, line, column and fix,
    before writing any output when a problem is an error."""
    catalogue = params["catalogue"]
    paths = Catalogue.from_document(catalogue).paths()
    raw_files = {path: _read_if_present(path) for path in paths}
    geographies = load_geographies(Path(inputs["geography_list"]))
    problems = find_undeclared_files(params["raw_present"], catalogue)
    table, found, readings = build_indicator_table(
        catalogue, raw_files, geographies, SmallCounts(params["small_count_threshold"])
    )
    problems += found
    write_text(validation_report, render_validation_html(problems, readings))
    for problem in problems:
        log.log(30 if problem.severity == "warning" else 40, "%s", problem)
    errors = sum(p.severity == "error" for p in problems)
    log.info(
        "%d fejl og %d advarsler; se %s",
        errors,
        len(problems) - errors,
        validation_report,
    )
    if errors:
        raise InputError(problems)
    log.info("%d rækker fra %d kilder", len(table), len(raw_files))
    write_csv(outputs["table"], table)
    write_json(
        outputs["warnings"],
        [{"text": str(p), "geography": p.geography} for p in problems],
    )
    write_json(outputs["readings"], readings)


def _read_if_present(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
