"""A job's time, CPU and peak memory, measured by the job itself.

Snakemake's ``benchmark:`` polls the process it started, every half second;
a job run by the warm helper (budgetmaal.running.warm_helper) is a process
Snakemake did not start, and the polling cost the run's main process a
share of a core. The rules that hand their jobs over name a ``usage`` log
instead, which the job writes in the columns of Snakemake's benchmark files,
from the kernel's own accounts (getrusage, /proc/self/stat).
"""

from __future__ import annotations

import os
import resource
from pathlib import Path

COLUMNS = (
    "s",
    "h:m:s",
    "max_rss",
    "max_vms",
    "max_uss",
    "max_pss",
    "io_in",
    "io_out",
    "mean_load",
    "cpu_time",
)
BLOCK_BYTES = 512  # getrusage counts blocks of 512 bytes


def process_seconds() -> float:
    """Seconds since this process started (for a forked job: since the fork)."""
    fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return max(uptime - started, 0.0)


def usage_row(seconds: float, own, children) -> dict:
    """One benchmark row from the elapsed ``seconds`` and the rusage of the
    process and of its finished children (MB as Snakemake gives them)."""
    cpu = sum(u.ru_utime + u.ru_stime for u in (own, children))
    megabytes = max(own.ru_maxrss, children.ru_maxrss) / 1024
    blocks_in = own.ru_inblock + children.ru_inblock
    blocks_out = own.ru_oublock + children.ru_oublock
    whole = int(seconds)
    return {
        "s": f"{seconds:.4f}",
        "h:m:s": f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}",
        "max_rss": f"{megabytes:.2f}",
        "max_vms": "NA",
        "max_uss": "NA",
        "max_pss": "NA",
        "io_in": f"{blocks_in * BLOCK_BYTES / 1e6:.2f}",
        "io_out": f"{blocks_out * BLOCK_BYTES / 1e6:.2f}",
        "mean_load": f"{100 * cpu / seconds if seconds else 0:.2f}",
        "cpu_time": f"{cpu:.2f}",
    }


def write_usage(path: str | Path) -> None:
    """Write this process's usage so far as a one-row benchmark TSV."""
    row = usage_row(
        process_seconds(),
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    lines = ["\t".join(COLUMNS), "\t".join(row[c] for c in COLUMNS)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
