"""Jobs whose kept outputs (rules/common.smk) may not be theirs: a record of
each job's outputs while it runs, read at the start of the next run.

Snakemake 9.27 puts a failed job's last good outputs back, but records them
as made by that job, with its new params: the next run would take them as
current. Dated back to 1970, older than any input, they are not, and the job
runs again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

# Outputs of the jobs that are running, or that failed or were killed.
UNFINISHED = Path(".snakemake/budgetmaal/unfinished")


@contextlib.contextmanager
def kept_until_done(outputs: list[str]):
    """Run a job with kept outputs (rules/common.smk), recording them while
    it runs: see date_back_unfinished_outputs."""
    paths = sorted(map(str, outputs))
    name = hashlib.sha256("\n".join(paths).encode()).hexdigest()[:20]
    journal = UNFINISHED / f"{name}.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps(paths), encoding="utf-8")
    yield
    journal.unlink()


def date_back_unfinished_outputs() -> None:
    """Date a failed or killed job's kept outputs back to 1970, so that it
    runs again. Call it only while no job runs (budgetmaal.run_lock)."""
    for journal in UNFINISHED.glob("*.json"):
        for path in map(Path, json.loads(journal.read_text(encoding="utf-8"))):
            # Snakemake dates a folder by the stamp file it keeps inside.
            for dated in (path, path / ".snakemake_timestamp"):
                if dated.exists():
                    os.utime(dated, (0, 0))
        journal.unlink()
