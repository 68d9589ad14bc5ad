"""Progress table: every target's progress, for analysts and the overview.

Input: results/indicators.csv. Params: every target, the indicator
catalogue, the population indicator and the targets file (named in
errors). Output: results/progress.csv (budgetmaal.assessing.progress.PROGRESS_COLUMNS),
the rows of results/progress/<geography>.csv of every geography, by
geography.
"""

from budgetmaal.running.warm_helper import hand_over

if __name__ == "__main__":
    hand_over()  # to the run's warm process if it has one; else on, here

from budgetmaal.assessing.tables import read_indicator_table
from budgetmaal.running.geography_steps import progress_table
from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.outputs import setup_logging, write_csv


def main(inputs, params, outputs, logs, wildcards=None) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    write_csv(outputs["progress"], progress_table(table, params, log))


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
