"""Progress table: every target's progress, for analysts and the overview.

Input: results/indicators.csv. Params: every target, the indicator
catalogue, the population indicator and the targets file (named in
errors). Output: results/progress.csv (budgetmaal.progress.PROGRESS_COLUMNS),
the rows of results/progress/<geography>.csv of every geography, by
geography.
"""

from budgetmaal.geography_steps import progress_table
from budgetmaal.outputs import setup_logging, write_csv
from budgetmaal.tables import read_indicator_table
from budgetmaal.unfinished_jobs import kept_until_done


def main(inputs, params, outputs, logs) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    write_csv(outputs["progress"], progress_table(table, params, log))


if __name__ == "__main__" and "snakemake" in globals():
    with kept_until_done(snakemake.output):
        main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
