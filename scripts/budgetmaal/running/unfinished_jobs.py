"""What a failed or killed job leaves for the next run to settle.

Jobs with kept outputs (rules/common.smk) record their outputs while they
run. Snakemake 9.27 puts a failed job's last good outputs back, but records
them as made by that job, with its new params: the next run would take them
as current. Dated back to 1970, older than any input, they are not, and the
job runs again. A killed job also leaves Snakemake's backup of its outputs,
which Snakemake 9.27 then fails to replace for a folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path

from budgetmaal.running.job_usage import write_usage

# Outputs of the jobs that are running, or that failed or were killed.
UNFINISHED = Path(".snakemake/budgetmaal/unfinished")
# Where Snakemake backs up a kept output while its job runs.
BACKUPS = Path(".snakemake/backups")


@contextlib.contextmanager
def kept_until_done(outputs: list[str]):
    """Run a job with kept outputs (rules/common.smk), recording them while
    it runs: see settle_unfinished_jobs."""
    paths = sorted(map(str, outputs))
    name = hashlib.sha256("\n".join(paths).encode()).hexdigest()[:20]
    journal = UNFINISHED / f"{name}.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps(paths), encoding="utf-8")
    yield
    journal.unlink()


def run_kept_job(main, job) -> None:
    """Call a rule script's ``main(input, params, output, log, wildcards)``
    with the parts of the Snakemake ``job``, its outputs kept until done;
    then write its usage if the rule names a ``usage`` log (job_usage)."""
    with kept_until_done(job.output):
        main(job.input, job.params, job.output, job.log, job.wildcards)
    usage = getattr(job.log, "usage", None)  # a Namedlist's "in" reads values
    if usage:
        write_usage(usage)


def settle_unfinished_jobs() -> None:
    """Date a failed or killed job's kept outputs back to 1970, so that it
    runs again, and remove the backups no job uses. Call it only while no job
    runs (budgetmaal.running.run_lock)."""
    shutil.rmtree(BACKUPS, ignore_errors=True)
    for journal in UNFINISHED.glob("*.json"):
        for path in map(Path, json.loads(journal.read_text(encoding="utf-8"))):
            # Snakemake dates a folder by the stamp file it keeps inside.
            for dated in (path, path / ".snakemake_timestamp"):
                if dated.exists():
                    os.utime(dated, (0, 0))
        journal.unlink()
