"""Ingest: read every raw extract declared in the catalogue into one tidy table.

Inputs: the declared raw files and the geography list. Params: the
catalogue, the files present in the raw folder and the small-count
threshold (register values under it are written empty). Outputs (staging, moved
into results/ by publish_indicators only on success): the tidy table and
the list of warnings. Logs: the rule log and results/validation.html,
which list every problem with file, line, column and fix; any error stops
the run with that list.
"""

import sys
from pathlib import Path

from budgetmaal.publishing.validation_report import render_validation_html
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.ingest import build_indicator_table, find_undeclared_files
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.outputs import setup_logging, write_csv, write_json, write_text
from budgetmaal.shared.problems import InputError


def main(inputs, params, outputs, logs) -> None:
    log = setup_logging(logs["log"])
    catalogue = params["catalogue"]
    paths = Catalogue.from_document(catalogue).paths()
    raw_files = {path: _read_if_present(path) for path in paths}
    geographies = load_geographies(Path(inputs["geography_list"]))
    problems = find_undeclared_files(params["raw_present"], catalogue)
    table, found, readings = build_indicator_table(
        catalogue, raw_files, geographies, SmallCounts(params["small_count_threshold"])
    )
    problems += found
    write_text(logs["report"], render_validation_html(problems, readings))
    for problem in problems:
        log.log(30 if problem.severity == "warning" else 40, "%s", problem)
    errors = sum(p.severity == "error" for p in problems)
    log.info(
        "%d fejl og %d advarsler; se %s",
        errors,
        len(problems) - errors,
        logs["report"],
    )
    if errors:
        sys.exit(f"{InputError(problems)}\nSe også {logs['report']}.")
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


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
