"""Benchmark the pipeline; prints figures, ratios and bars, asserts nothing.

Measures, in one run on this machine, each in a fresh copy of the workflow:
the cold full run of the sample config, a no-op re-run (and, beside it, the
no-op of a one-rule workflow: Snakemake's own start), a re-run after a
one-target tweak, the warm single-process floor (tools/benchmark_floor.py:
the same steps in one Python process, imports paid once), and the
98-municipality example at --cores 1 and --cores 2 (and at 2 cores without
the warm helper) with the peak memory of any job (the jobs' own usage
records) and the CPU time of Snakemake's own main process, and the time of
its static site (the build_site job) beside the run's and the site's size;
and the live preview's save-to-reloaded-page seconds for Herning in
Chromium (tools/benchmark_preview.py) beside the one-target tweak. With
--scale, 980 geographies (tools/generate_example_data.py --copies 10): the
plan of the whole default target (`snakemake -n`), the progress_table job
and the national overview's peak memory.

Usage: python tools/benchmark.py [--skip-all-kommuner] [--scale]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmark_preview import ROUNDS, SAVES, save_to_reload
from workflow_copy import copy_workflow

TOOLS = Path(__file__).resolve().parent
ALL_KOMMUNER = ["--configfile", "config/alle_kommuner/config.yaml"]
COPIES = 10
SCALE = ["--configfile", f"data/eksempel_{98 * COPIES}/config.yaml"]
ONE_RULE = 'rule done:\n    output: "done"\n    shell: "touch {output}"\n'
# Snakemake in this process, so that its own CPU time (RUSAGE_SELF: the
# scheduler, the DAG, the job bookkeeping) is told apart from its jobs'.
CPU_PROBE = """
import json, resource, sys
usage_file, sys.argv = sys.argv[1], ["snakemake", *sys.argv[2:]]
from snakemake.cli import main
try:
    main()
finally:
    own = resource.getrusage(resource.RUSAGE_SELF)
    jobs = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(usage_file, "w") as handle:
        json.dump({"main": own.ru_utime + own.ru_stime,
                   "jobs": jobs.ru_utime + jobs.ru_stime}, handle)
"""


def snakemake(cwd: Path, cores: int, *extra: str) -> dict:
    """Wall seconds, and CPU seconds of Snakemake's main process and its jobs."""
    usage = cwd / ".snakemake_cpu.json"
    command = [sys.executable, "-c", CPU_PROBE, str(usage)]
    start = time.perf_counter()
    result = subprocess.run(
        [*command, *extra, "--cores", str(cores), "-q"],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"snakemake {' '.join(extra)} failed:\n{result.stderr[-3000:]}")
    return {"wall": wall, **json.loads(usage.read_text(encoding="utf-8"))}


def snakemake_alone(base: Path) -> float:
    """No-op seconds of a one-rule workflow: Snakemake's own start here."""
    folder = base / "one_rule"
    folder.mkdir()
    (folder / "Snakefile").write_text(ONE_RULE, encoding="utf-8")
    snakemake(folder, 1)
    return snakemake(folder, 1)["wall"]


def tweak_one_target(workdir: Path) -> None:
    path = workdir / "config/targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("change_pct: -25}", "change_pct: -30}", 1), encoding="utf-8"
    )


def peak_job_memory_mb(workdir: Path, pattern: str = "*.tsv") -> float:
    peaks = []
    for tsv in (workdir / "benchmarks").rglob(pattern):
        with open(tsv, encoding="utf-8") as handle:
            peaks += [
                float(row["max_rss"]) for row in csv.DictReader(handle, delimiter="\t")
            ]
    return max(peaks)


def warm_floor(workdir: Path, *configfile: str) -> dict:
    """The floor's seconds (tools/benchmark_floor.py), and per municipality:
    every step of the run but the imports, divided by the municipalities."""
    result = subprocess.run(
        [sys.executable, str(TOOLS / "benchmark_floor.py"), str(workdir), *configfile],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"benchmark_floor.py failed:\n{result.stderr[-3000:]}")
    seconds = json.loads(result.stdout.splitlines()[-1])
    reports = seconds["municipalities"].values()
    seconds["per_municipality"] = (seconds["before_reports"] + sum(reports)) / len(
        reports
    )
    return seconds


def with_all_kommuner(workdir: Path) -> Path:
    subprocess.run(
        [sys.executable, str(TOOLS / "generate_example_data.py"), "--all-kommuner"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    return workdir


def line(label: str, value: str, bar: str = "") -> None:
    print(f"{label:<44}{value:>12}   {bar}")


def sample_figures(base: Path) -> None:
    sample = copy_workflow(base / "sample")
    cold = snakemake(sample, 2)
    noop = snakemake(sample, 2)
    tweak_one_target(sample)
    tweak = snakemake(sample, 2)
    floor = warm_floor(copy_workflow(base / "floor"))
    preview = save_to_reload(copy_workflow(base / "preview"), base / "preview_tmp")
    tweak_bar = noop["wall"] + 2 * floor["per_municipality"]
    print("Sample (Herning, Faxe), 2 cores")
    line("cold full run", f"{cold['wall']:.2f} s")
    line("no-op re-run", f"{noop['wall']:.2f} s", "bar <= 2 s")
    line(
        "no-op of a one-rule workflow",
        f"{snakemake_alone(base):.2f} s",
        "(Snakemake's own start)",
    )
    line(
        "one-target tweak to a new PDF",
        f"{tweak['wall']:.2f} s",
        f"bar <= {tweak_bar:.2f} s (no-op + 2 x warm floor)",
    )
    line(
        "live preview: save to reloaded page",
        f"{preview['median']:.2f} s",
        f"bar <= 1.5 s (Herning, warm; median of {len(SAVES) * ROUNDS}, "
        f"max {preview['max']:.2f} s)",
    )
    line("live preview: started to first page", f"{preview['first']:.2f} s")
    line(
        "warm floor per municipality",
        f"{floor['per_municipality']:.2f} s",
        "(imports paid once)",
    )
    line("imports of the warm process", f"{floor['imports']:.2f} s")
    line(
        "peak memory of a job", f"{peak_job_memory_mb(sample):.0f} MB", "bar <= 300 MB"
    )


def all_kommuner_figures(base: Path) -> None:
    runs = {}
    for cores in (1, 2):
        workdir = with_all_kommuner(copy_workflow(base / f"all_{cores}"))
        runs[cores] = snakemake(workdir, cores, *ALL_KOMMUNER)
    cold = snakemake(
        with_all_kommuner(copy_workflow(base / "all_cold")),
        2,
        *ALL_KOMMUNER,
        "--config",
        "warm_helper=false",
    )
    floor = warm_floor(
        with_all_kommuner(copy_workflow(base / "all_floor")), *ALL_KOMMUNER
    )
    one, two = runs[1], runs[2]
    floor_two = floor["per_municipality"] / 2
    print("98 municipalities (config/alle_kommuner, example data)")
    line("1 core", f"{one['wall']:.1f} s")
    line("2 cores", f"{two['wall']:.1f} s")
    line("2 cores, no warm helper (warm_helper=false)", f"{cold['wall']:.1f} s")
    line(
        "seconds per municipality, 2 cores",
        f"{two['wall'] / 98:.2f} s = {two['wall'] / 98 / floor_two:.2f} x floor",
        f"bar <= 1.3 x warm floor = {1.3 * floor_two:.2f} s "
        f"(no warm helper: {cold['wall'] / 98 / floor_two:.2f} x)",
    )
    line("speed-up 1 -> 2 cores", f"{one['wall'] / two['wall']:.2f}", "bar >= 1.8")
    line(
        "warm floor per municipality",
        f"{floor['per_municipality']:.2f} s",
        f"(2 cores: {floor_two:.2f} s)",
    )
    for cores, run in runs.items():
        line(
            f"Snakemake main process, {cores} core(s)",
            f"{run['main']:.1f} s CPU",
            f"{run['main'] / run['wall']:.0%} of a core",
        )
    line(
        "peak memory of a job",
        f"{peak_job_memory_mb(base / 'all_2'):.0f} MB",
        "bar <= 300 MB",
    )
    site = site_seconds(base / "all_2")
    line(
        "the site (build_site job), 2 cores",
        f"{site:.1f} s",
        f"{site / two['wall']:.1%} of the run; bar <= 10 %",
    )
    line("size of site/", f"{folder_mb(base / 'all_2' / 'site'):.1f} MB")


def scale_figures(base: Path) -> None:
    workdir = copy_workflow(base / "scale")
    subprocess.run(
        [sys.executable, str(TOOLS / "generate_example_data.py"), "--copies", "10"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    plans = [planned_seconds(workdir) for _ in range(2)]
    config = yaml.safe_load((workdir / SCALE[1]).read_text(encoding="utf-8"))
    snakemake(workdir, 2, "results/progress.csv", *SCALE)
    snakemake(workdir, 2, f"reports/landsoversigt_{config['report_year']}.pdf", *SCALE)
    print(f"{98 * COPIES} geographies (generate_example_data.py --copies {COPIES})")
    line(
        "plan of the whole target (snakemake -n)",
        f"{plans[0]:.1f} s",
        f"bar <= 10 s (again: {plans[1]:.1f} s)",
    )
    line(
        "progress table (the progress_table job)",
        f"{job_seconds(workdir, 'progress_table'):.1f} s",
        "bar <= 5 s",
    )
    line(
        "national overview (render_overview job)",
        f"{peak_job_memory_mb(workdir, 'render_overview.tsv'):.0f} MB",
        f"bar <= 750 MB; {job_seconds(workdir, 'render_overview'):.0f} s",
    )


def planned_seconds(workdir: Path) -> float:
    """Wall seconds of `snakemake -n` of the whole default target, its
    listing of every job printed (into a pipe)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--cores", "2", *SCALE],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def job_seconds(workdir: Path, rule: str) -> float:
    """Wall seconds of a one-job rule (its benchmark: file)."""
    with open(workdir / f"benchmarks/{rule}.tsv", encoding="utf-8") as handle:
        return float(next(csv.DictReader(handle, delimiter="\t"))["s"])


def site_seconds(workdir: Path) -> float:
    """Wall seconds of the build_site job (its benchmark: file)."""
    return job_seconds(workdir, "build_site")


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main(skip_all: bool, scale: bool) -> None:
    print(
        f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    base = Path(tempfile.mkdtemp(prefix="budgetmaal-bench-"))
    sample_figures(base)
    if not skip_all:
        all_kommuner_figures(base)
    if scale:
        scale_figures(base)
    shutil.rmtree(base)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-all-kommuner", action="store_true")
    parser.add_argument(
        "--scale", action="store_true", help="also 980 geographies (about 4 minutes)"
    )
    arguments = parser.parse_args()
    main(arguments.skip_all_kommuner, arguments.scale)
