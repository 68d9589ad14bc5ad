"""Progress and charts of one geography without a report in the run (the
whole country, or a municipality with targets but no report).

Input: results/indicators.csv. Params: see budgetmaal.running.geography_steps.
Outputs: results/progress/<geography>.csv, one row per target of that
geography (budgetmaal.assessing.progress.PROGRESS_COLUMNS), and
results/figures/<geography>/ with <target_id>.svg for each chart target,
drawn into a temporary folder that replaces it only when complete.
"""

from budgetmaal.running.warm_helper import hand_over

if __name__ == "__main__":
    hand_over()  # to the run's warm process if it has one; else on, here

from budgetmaal.assessing.tables import read_indicator_table
from budgetmaal.running.geography_steps import assess_geography
from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.outputs import setup_logging


def main(inputs, params, outputs, logs, wildcards) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    assess_geography(table, params, wildcards["geography"], outputs, log)


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
