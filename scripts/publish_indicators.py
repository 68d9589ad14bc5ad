"""Publish the ingest's tables: results/staging/*.csv|json to results/.

Each copied under a temporary name and renamed when complete; a job of its
own so that a failed ingest, or a failed copy, leaves the last published
tables in place (rules/ingest.smk).
"""

from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.outputs import publish_files, setup_logging


def main(inputs, params, outputs, logs, wildcards) -> None:
    setup_logging(logs[0])
    publish_files(inputs, outputs)


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
