"""Progress: compute the progress of one geography's targets.

Input: results/indicators.csv. Params: the geography's targets (plus the
national targets they scale from), the indicator catalogue, the population
indicator. Output: results/progress/<geography>.csv, one row per
target of that geography (budgetmaal.progress.PROGRESS_COLUMNS).
"""

import sys

from budgetmaal.catalogue import Catalogue
from budgetmaal.outputs import setup_logging, write_csv
from budgetmaal.progress import ProgressError, compute_progress
from budgetmaal.tables import read_indicator_table


def main(inputs, params, outputs, logs, wildcards) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    indicators = Catalogue.from_document(params["catalogue"]).indicators
    try:
        progress = compute_progress(
            params["targets"], indicators, table, params["population_indicator"]
        )
    except ProgressError as error:
        sys.exit(f"Fejl i {params['targets_file']}: {error}")
    progress = progress[progress["geography"] == wildcards["geography"]]
    for row in progress.itertuples():
        log.info("%s: %s", row.target_id, row.status_da)
    write_csv(outputs["progress"], progress)


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.input,
        snakemake.params,
        snakemake.output,
        snakemake.log,
        snakemake.wildcards,
    )
