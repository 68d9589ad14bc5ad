"""Scale headroom (issue 17): 980 geographies, ten times the municipalities.

``tools/generate_example_data.py --copies 10`` writes the 98 municipalities
and 882 synthetic ones ("Eksempelkommune <code>", example data) with their
geography list, catalogue and config into data/eksempel_980/. The whole
default target is planned (a dry run: the config checks and the DAG, timed
beside the 98-municipality config's), then the stages that read every
geography at once run for real: results/progress.csv, the national overview
and two reports, one real municipality's and one synthetic. A full run of
980 reports would take about 50 minutes here, so it is left out.

Run: pytest -s -m faults tests/reliability/test_scale.py
The figures are printed as lines starting with "scale:" (visible with -s).
"""

from __future__ import annotations

import csv
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, copy_workflow, run_snakemake
from pdf_text import flat_text, page_texts

pytestmark = pytest.mark.faults

COPIES = 10
GEOGRAPHIES = 98 * COPIES
CONFIG_980 = f"data/eksempel_{GEOGRAPHIES}/config.yaml"
CONFIG_98 = "config/alle_kommuner/config.yaml"
REAL, SYNTHETIC = "101", "001"  # København, the first free code
OVERVIEW_PDF = "reports/landsoversigt_2021.pdf"
REPORT_PDF = "reports/{}/budgetmaal_2021.pdf"
MEMORY_LIMIT_MB = 1000
DRY_RUN_LIMIT_S = 120  # about 15 s here: only a blow-up should fail it
# The job stats only: the rules, the host and the reasons of 986 jobs unsaid.
DRY_RUN = ("-n", "--quiet", "host", "rules", "reason")


def _generate(workdir: Path, *arguments: str) -> None:
    script = REPO / "tools/generate_example_data.py"
    subprocess.run([sys.executable, script, *arguments], cwd=workdir, check=True)


def _timed(workdir: Path, *arguments: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    result = run_snakemake(workdir, *arguments)
    return result, time.perf_counter() - start


def _job_counts(output: str) -> dict[str, int]:
    """The job stats table of a dry run: rule -> number of jobs."""
    table = output[output.index("Job stats:") :]
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\w+)\s+(\d+)$", table, re.M)}


def _say(line: str) -> None:
    print(f"scale: {line}")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    workdir = copy_workflow(tmp_path_factory.mktemp("scale"))
    _generate(workdir, "--copies", str(COPIES))
    return workdir


@pytest.fixture(scope="module")
def kommuner(workdir) -> dict[str, str]:
    """Code -> name of every municipality in the generated geography list."""
    path = workdir / f"data/eksempel_{GEOGRAPHIES}/geografi.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            r["code"]: r["name"]
            for r in csv.DictReader(handle)
            if r["kind"] == "kommune"
        }


@pytest.fixture(scope="module")
def dry_run(workdir) -> tuple[subprocess.CompletedProcess, float]:
    """The whole default target planned, cold (no remembered config check)."""
    return _timed(workdir, *DRY_RUN, "--configfile", CONFIG_980)


@pytest.fixture(scope="module")
def subset_run(workdir, dry_run) -> Path:
    """The stages that read all 980 geographies, run for real (after the
    dry run, which must still see every job to plan)."""
    targets = ["results/progress.csv", OVERVIEW_PDF]
    targets += [REPORT_PDF.format(k) for k in (REAL, SYNTHETIC)]
    result, seconds = _timed(workdir, *targets, "--configfile", CONFIG_980)
    assert result.returncode == 0, result.stderr[-5000:]
    _say(f"real run of progress.csv, the overview and 2 reports: {seconds:.1f} s")
    return workdir


def test_the_generated_list_has_98_real_and_882_synthetic_municipalities(kommuner):
    assert len(kommuner) == GEOGRAPHIES
    assert all(re.fullmatch(r"\d{3}", code) for code in kommuner)
    synthetic = [n for n in kommuner.values() if n.startswith("Eksempelkommune ")]
    assert len(synthetic) == GEOGRAPHIES - 98
    assert kommuner[REAL] == "København"


def test_dry_run_plans_a_report_for_every_geography(dry_run, workdir):
    result, seconds = dry_run
    assert result.returncode == 0, result.stderr[-5000:]
    jobs = _job_counts(result.stdout)
    assert jobs["render_report"] == GEOGRAPHIES
    assert jobs["assess_geography"] == 1  # the national one
    assert jobs["progress_table"] == jobs["render_overview"] == 1
    assert seconds < DRY_RUN_LIMIT_S
    again, warm = _timed(workdir, *DRY_RUN, "--configfile", CONFIG_980)
    assert again.returncode == 0, again.stderr[-5000:]
    _say(
        f"DAG building, dry run of the default target, {GEOGRAPHIES} geographies "
        f"({jobs['total']} jobs): {seconds:.1f} s cold, {warm:.1f} s again"
    )


def test_dry_run_of_the_98_config_for_comparison(workdir):
    _generate(workdir, "--all-kommuner")
    result, seconds = _timed(workdir, *DRY_RUN, "--configfile", CONFIG_98)
    assert result.returncode == 0, result.stderr[-5000:]
    jobs = _job_counts(result.stdout)
    assert jobs["render_report"] == 98
    _, warm = _timed(workdir, *DRY_RUN, "--configfile", CONFIG_98)
    _say(
        "DAG building, dry run of the default target, 98 geographies "
        f"({jobs['total']} jobs): {seconds:.1f} s cold, {warm:.1f} s again"
    )


def test_progress_table_covers_every_geography(subset_run, kommuner):
    progress = pd.read_csv(
        subset_run / "results/progress.csv", dtype={"geography": str}
    )
    per_kommune = progress[progress["geography"] != "000"]
    assert set(per_kommune["geography"]) == set(kommuner)
    assert len(per_kommune) == GEOGRAPHIES * 3
    assert len(progress) == GEOGRAPHIES * 3 + 2  # and the 2 national goals


def test_overview_ranks_all_980_municipalities(subset_run, kommuner):
    pages = page_texts(subset_run / OVERVIEW_PDF)
    text = " ".join(" ".join(pages).split())
    named = set(re.findall(r"Eksempelkommune \d{3}", text))
    assert named == {n for n in kommuner.values() if n.startswith("Eksempelkommune ")}
    assert "København" in text
    _say(f"the overview of {GEOGRAPHIES} municipalities: {len(pages)} pages")


@pytest.mark.parametrize("kommune", [REAL, SYNTHETIC])
def test_a_real_and_a_synthetic_report(subset_run, kommuner, kommune):
    text = flat_text(subset_run / REPORT_PDF.format(kommune))
    assert f"{kommuner[kommune]} Kommune" in text[:200]
    assert "eksempeldata" in text[:1000].lower()


def test_peak_memory_of_every_job_stays_below_the_limit(subset_run):
    benchmarks = subset_run / "benchmarks"
    jobs = {
        str(path.relative_to(benchmarks).with_suffix("")): pd.read_csv(path, sep="\t")
        for path in sorted(benchmarks.rglob("*.tsv"))
    }
    whole_table = {"progress_table", "render_overview", f"render_report/{SYNTHETIC}"}
    assert whole_table <= set(jobs)
    _say(
        "jobs (benchmarks/*.tsv: seconds, max_rss MB): "
        + ", ".join(
            f"{j} {b['s'].max():.1f} s {b['max_rss'].max():.0f} MB"
            for j, b in jobs.items()
        )
    )
    # The benchmark samples every 0.5 s; the kernel's peak of any process
    # this module started (Snakemake and its jobs) catches what falls between.
    kernel_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    _say(f"peak memory of any process of the runs (kernel): {kernel_mb:.0f} MB")
    assert max(b["max_rss"].max() for b in jobs.values()) < MEMORY_LIMIT_MB
    assert kernel_mb < MEMORY_LIMIT_MB
