"""Ingest: read every raw extract declared in the catalogue into one tidy table.

Inputs: the declared raw files and the geography list. Params: the
catalogue, the files present in the raw folder and the small-count
threshold (register values under it are written empty). Outputs (staging, moved
into results/ by publish_indicators only on success): the tidy table and
the list of warnings. Logs: the rule log and results/validation.html,
which list every problem with file, line, column and fix; any error stops
the run with that list. The job is budgetmaal.running.ingest_job.
"""

import sys

from budgetmaal.running.ingest_job import ingest
from budgetmaal.shared.outputs import setup_logging
from budgetmaal.shared.problems import InputError


def main(inputs, params, outputs, logs) -> None:
    log = setup_logging(logs["log"])
    try:
        ingest(inputs, params, outputs, logs["report"], log)
    except InputError as error:
        sys.exit(f"{error}\nSe også {logs['report']}.")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
