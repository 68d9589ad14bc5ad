"""Progress: compute the progress of one geography's targets.

Input: results/indicators.csv. Params: the geography's targets (plus the
national targets they scale from), the indicator catalogue, the population
indicator and the targets file (named in errors). Output:
results/progress/<geography>.csv, one row per target of that geography
(budgetmaal.progress.PROGRESS_COLUMNS).
"""

from budgetmaal.geography_steps import write_progress
from budgetmaal.outputs import setup_logging
from budgetmaal.tables import read_indicator_table


def main(inputs, params, outputs, logs, wildcards) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    write_progress(table, params, wildcards["geography"], outputs["progress"], log)


if __name__ == "__main__" and "snakemake" in globals():
    main(
        snakemake.input,
        snakemake.params,
        snakemake.output,
        snakemake.log,
        snakemake.wildcards,
    )
