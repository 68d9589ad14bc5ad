"""Publish the ingest's tables: results/staging/*.csv|json to results/.

Each copied under a temporary name and renamed when complete; a job of its
own so that a failed ingest, or a failed copy, leaves the last published
tables in place (rules/ingest.smk).
"""

from budgetmaal.running.unfinished_jobs import kept_until_done
from budgetmaal.shared.outputs import publish_files, setup_logging

if __name__ == "__main__" and "snakemake" in globals():
    with kept_until_done(snakemake.output):
        setup_logging(snakemake.log[0])
        publish_files(snakemake.input, snakemake.output)
