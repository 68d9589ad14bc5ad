"""Benchmark the pipeline; prints figures and ratios, asserts nothing.

Measures, in one run on this machine, each in a fresh copy of the workflow:
the cold full run of the sample config, a no-op re-run, a re-run after a
one-target tweak, the single-process floor (one Python process that
imports the stack and runs the same steps for the same sample reports), and
the 98-municipality example run at --cores 1 and --cores 2 with the peak
memory of any job. Usage: python tools/benchmark.py [--skip-all-kommuner]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workflow_copy import copy_workflow

TOOLS = Path(__file__).resolve().parent
ALL_KOMMUNER = ["--configfile", "config/alle_kommuner/config.yaml"]


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def snakemake(cwd: Path, cores: int, *extra: str) -> float:
    return timed(
        [sys.executable, "-m", "snakemake", "--cores", str(cores), "-q", *extra], cwd
    )


def tweak_one_target(workdir: Path) -> None:
    path = workdir / "config/targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("change_pct: -25}", "change_pct: -30}", 1), encoding="utf-8"
    )


def peak_job_memory_mb(workdir: Path) -> float:
    peaks = []
    for tsv in (workdir / "benchmarks").rglob("*.tsv"):
        with open(tsv, encoding="utf-8") as handle:
            peaks += [
                float(row["max_rss"]) for row in csv.DictReader(handle, delimiter="\t")
            ]
    return max(peaks)


def floor(workdir: Path) -> float:
    """One process: import the stack, then run every step of the sample run."""
    return timed(
        [sys.executable, str(TOOLS / "benchmark_floor.py"), str(workdir)], workdir
    )


def main(skip_all: bool) -> None:
    base = Path(tempfile.mkdtemp(prefix="budgetmaal-bench-"))
    sample = copy_workflow(base / "sample")
    cold = snakemake(sample, 2)
    noop = snakemake(sample, 2)
    tweak_one_target(sample)
    tweak = snakemake(sample, 2)
    floor_seconds = floor(copy_workflow(base / "floor"))
    print(f"cold full run (sample, 2 cores):  {cold:7.2f} s")
    print(f"no-op re-run:                     {noop:7.2f} s   (bar <= 3 s)")
    print(f"re-run after one-target tweak:    {tweak:7.2f} s")
    print(f"single-process floor:             {floor_seconds:7.2f} s")
    print(
        f"cold / floor:                     {cold / floor_seconds:7.2f}     (bar <= 1.5)"
    )
    print(f"tweak / cold:                     {tweak / cold:7.2f}     (bar <= 0.3)")
    print(f"peak memory of a job (sample):    {peak_job_memory_mb(sample):7.1f} MB")
    if skip_all:
        return
    timings = {}
    for cores in (1, 2):
        workdir = copy_workflow(base / f"all_{cores}")
        timed(
            [sys.executable, str(TOOLS / "generate_example_data.py"), "--all-kommuner"],
            workdir,
        )
        timings[cores] = snakemake(workdir, cores, *ALL_KOMMUNER)
    print(f"98 municipalities, 1 core:        {timings[1]:7.2f} s")
    print(f"98 municipalities, 2 cores:       {timings[2]:7.2f} s")
    print(
        f"seconds per municipality, 2 cores:{timings[2] / 98:7.2f} s   (bar <= 1.2 s)"
    )
    print(
        f"speed-up 2 cores / 1 core:        {timings[1] / timings[2]:7.2f}     (bar >= 1.7)"
    )
    print(
        f"peak memory of a job (98 run):    {peak_job_memory_mb(workdir):7.1f} MB (bar <= 300 MB)"
    )
    shutil.rmtree(base)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-all-kommuner", action="store_true")
    main(parser.parse_args().skip_all_kommuner)
