"""The SLURM profile for real: the sample run through a one-node cluster on
this machine, compared with the local sample run.

The session brings the cluster up itself with tools/slurm_localhost.sh
(munge, MariaDB, slurmdbd, slurmctld, slurmd; apt-get on the first run), and
skips only where it cannot: not root and no password-less sudo, or no
apt-get and no SLURM. One SLURM run serves every test: while it runs, the
first job seen running is cancelled with scancel, so the same run shows the
retry, the outputs and which jobs went through SLURM.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_workflow

SETUP_SCRIPT = REPO / "tools/slurm_localhost.sh"
# The executor plugin, installed by `make test` (requirements-cluster.txt).
CLUSTER_PLUGIN = REPO / ".venv/cluster"
ACCOUNT = "budgetmaal"
PARTITION = "debug"
# The whole SLURM run, cancelled job and retry included (about 2 minutes here).
RUN_TIMEOUT = 600
# Seconds a job has run before it is cancelled: long enough that it is doing
# its work, short enough that it has not finished (the shortest jobs take 7 s).
CANCEL_AFTER = 2
SACCT_FIELDS = ["JobIDRaw", "State", "Comment", "Account", "Partition", "Timelimit"]
# Outputs compared with the local run. logs/ and .snakemake/ are not: they
# hold per-run logs, timestamps and the executor's own bookkeeping.
COMPARED_FOLDERS = ("results", "reports")
RUN_HEADER = re.compile(r"^(local)?(?:rule|checkpoint) (\w+):$", re.MULTILINE)


@dataclass
class SlurmRun:
    workdir: Path
    returncode: int
    output: str
    run_id: str
    cancelled_job: str | None
    jobs: list[dict[str, str]]
    seconds: float


def _can_be_root() -> bool:
    if os.geteuid() == 0:
        return True
    if shutil.which("sudo") is None:
        return False
    check = subprocess.run(["sudo", "-n", "true"], capture_output=True, timeout=30)
    return check.returncode == 0


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory) -> None:
    """A one-node SLURM cluster on this machine, brought up once per session."""
    if not _can_be_root():
        pytest.skip(
            "SLURM tests need root or password-less sudo to bring up a local "
            "cluster with tools/slurm_localhost.sh"
        )
    if shutil.which("apt-get") is None and shutil.which("sinfo") is None:
        pytest.skip("no SLURM here and no apt-get to install Debian's slurm-wlm")
    log = tmp_path_factory.mktemp("slurm_cluster") / "slurm_localhost.log"
    environment = {
        **os.environ,
        "SLURM_LOCALHOST_ACCOUNT": ACCOUNT,
        "SLURM_LOCALHOST_PARTITION": PARTITION,
    }
    # Output to a file, not a pipe: the daemons outlive the script.
    with open(log, "w") as handle:
        setup = subprocess.run(
            ["bash", str(SETUP_SCRIPT)],
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=environment,
            timeout=1200,
        )
    if setup.returncode == 2:  # the script's "cannot here"
        pytest.skip(f"no local SLURM cluster: {log.read_text()[-500:]}")
    assert setup.returncode == 0, log.read_text()[-5000:]


def _default_resources(workdir: Path) -> list[str]:
    """The profile's default resources with this cluster's account and
    partition. A command-line --default-resources replaces the profile's
    whole list, so every entry is passed, read from the profile itself."""
    profile = yaml.safe_load((workdir / "profiles/slurm/config.yaml").read_text())
    resources = {
        **profile["default-resources"],
        "slurm_account": ACCOUNT,
        "slurm_partition": PARTITION,
    }
    return [f"{name}={value}" for name, value in resources.items()]


def _run_id(log: Path) -> str | None:
    found = re.search(r"SLURM run ID: (\S+)", log.read_text(errors="replace"))
    return found.group(1) if found else None


def _running_jobs(run_id: str) -> list[str]:
    listing = subprocess.run(
        ["squeue", "-h", f"--name={run_id}", "-t", "RUNNING", "-o", "%i"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return listing.stdout.split()


def _cancel_first_running_job(
    process: subprocess.Popen, log: Path, deadline: float
) -> tuple[str | None, str | None]:
    """Wait for a job of this run to be running, then scancel it.

    Returns the run's ID and the cancelled job's ID (None if the run ended
    first)."""
    run_id = None
    while time.monotonic() < deadline and process.poll() is None:
        run_id = run_id or _run_id(log)
        running = _running_jobs(run_id) if run_id else []
        if running:
            time.sleep(CANCEL_AFTER)
            if running[0] in _running_jobs(run_id):
                subprocess.run(["scancel", running[0]], check=True, timeout=30)
                return run_id, running[0]
        time.sleep(0.2)
    return run_id or _run_id(log), None


def _sacct(run_id: str) -> list[dict[str, str]]:
    """The run's jobs in the accounting database, once all have ended."""
    since = f"{datetime.now() - timedelta(days=1):%Y-%m-%dT%H:%M}"
    command = [
        "sacct",
        "-X",
        "--parsable2",
        "--noheader",
        f"--name={run_id}",
        f"--starttime={since}",
        f"--format={','.join(SACCT_FIELDS)}",
    ]
    jobs: list[dict[str, str]] = []
    for _ in range(30):  # slurmdbd may record the last end a moment later
        listing = subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=30
        )
        jobs = [
            dict(zip(SACCT_FIELDS, line.split("|"), strict=True))
            for line in listing.stdout.splitlines()
            if line
        ]
        if jobs and not any(j["State"] in ("PENDING", "RUNNING") for j in jobs):
            break
        time.sleep(1)
    return jobs


@pytest.fixture(scope="module")
def slurm_run(slurm_cluster, tmp_path_factory) -> SlurmRun:
    """The sample through `snakemake --profile profiles/slurm`, with one
    running job cancelled by scancel while the workflow runs."""
    base = tmp_path_factory.mktemp("slurm_run")
    workdir = copy_workflow(base / "workflow")
    log = base / "snakemake.log"
    command = [
        sys.executable,
        "-m",
        "snakemake",
        "--profile",
        "profiles/slurm",
        "--default-resources",
        *_default_resources(workdir),
        # This cluster's filesystem is local: outputs are there at once.
        "--latency-wait",
        "5",
        # First status check after 1 s, not the plugin's 40 s; later checks
        # back off from there as the plugin does.
        "--slurm-init-seconds-before-status-checks",
        "1",
        # The SLURM logs of successful jobs too, for a look after a failure.
        "--slurm-keep-successful-logs",
    ]
    if not (CLUSTER_PLUGIN / ".installed").exists():
        pytest.fail(
            f"the SLURM executor plugin is not in {CLUSTER_PLUGIN}: run make test "
            "(it installs requirements-cluster.txt there) instead of pytest alone"
        )
    environment = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(CLUSTER_PLUGIN),
    }
    started = time.monotonic()
    deadline = started + RUN_TIMEOUT
    run_id = None
    with open(log, "w") as handle:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
        try:
            run_id, cancelled_job = _cancel_first_running_job(process, log, deadline)
            process.wait(timeout=max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            # Snakemake waits for its running jobs on SIGTERM; a hung run
            # is ended for good.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            pytest.fail(
                f"the SLURM run did not end within {RUN_TIMEOUT} s:\n"
                + log.read_text(errors="replace")[-5000:]
            )
        finally:
            run_id = run_id or _run_id(log)
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if run_id:  # leave no job of this run on the cluster
                subprocess.run(["scancel", f"--name={run_id}"], timeout=30)
    seconds = time.monotonic() - started
    output = log.read_text(errors="replace")
    assert run_id, f"no SLURM run ID in the output:\n{output[-5000:]}"
    return SlurmRun(
        workdir=workdir,
        returncode=process.returncode,
        output=output,
        run_id=run_id,
        cancelled_job=cancelled_job,
        jobs=_sacct(run_id),
        seconds=seconds,
    )


def _rule_of(job: dict[str, str]) -> str:
    """The rule of a SLURM job from the comment the executor plugin gives it:
    rule_<rule> or rule_<rule>_wildcards_<values>."""
    return job["Comment"].removeprefix("rule_").split("_wildcards_")[0]


def _localrules(workdir: Path) -> set[str]:
    """Rules marked `localrule: True` (or named by `localrules:`) in the
    workflow's source, whatever rules it has."""
    names: set[str] = set()
    for path in [workdir / "Snakefile", *sorted((workdir / "rules").glob("*.smk"))]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            directive = re.match(r"localrules\s*:(.*)", line)
            if directive:
                names |= {n.strip() for n in directive.group(1).split(",") if n.strip()}
            header = re.match(r"(\s*)(?:rule|checkpoint)\s+(\w+)\s*:", line)
            if not header:
                continue
            indent = len(header.group(1))
            for body in lines[number + 1 :]:
                stripped = body.strip()
                if stripped and not stripped.startswith("#"):
                    if len(body) - len(body.lstrip()) <= indent:
                        break  # the rule's block has ended
                    if re.fullmatch(r"localrule\s*:\s*True", stripped):
                        names.add(header.group(2))
    return names


def _digests(workdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(workdir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in COMPARED_FOLDERS
        for path in sorted((workdir / folder).rglob("*"))
        if path.is_file()
    }


def test_a_job_cancelled_by_slurm_is_retried_and_the_run_finishes(slurm_run):
    output_tail = slurm_run.output[-5000:]
    assert slurm_run.returncode == 0, output_tail
    assert slurm_run.cancelled_job, f"no job was seen running:\n{output_tail}"
    jobs = {job["JobIDRaw"]: job for job in slurm_run.jobs}
    cancelled = jobs[slurm_run.cancelled_job]
    # sacct says "CANCELLED by <uid>"; the profile's squeue status check sees
    # "CANCELLED", reports the job as failed and Snakemake retries it.
    assert cancelled["State"].startswith("CANCELLED"), cancelled
    assert (
        f"SLURM-job '{slurm_run.cancelled_job}' failed, SLURM status is: 'CANCELLED'"
        in slurm_run.output
    ), output_tail
    assert "Trying to restart job" in slurm_run.output, output_tail
    retries = [
        job
        for job in slurm_run.jobs
        if job["Comment"] == cancelled["Comment"]
        and int(job["JobIDRaw"]) > int(slurm_run.cancelled_job)
    ]
    assert [job["State"] for job in retries] == ["COMPLETED"], slurm_run.jobs
    others = [job for job in slurm_run.jobs if job is not cancelled]
    assert all(job["State"] == "COMPLETED" for job in others), slurm_run.jobs


def test_outputs_are_identical_to_the_local_run(slurm_run, sample_run):
    assert slurm_run.returncode == 0, slurm_run.output[-5000:]
    local, cluster = _digests(sample_run), _digests(slurm_run.workdir)
    assert sorted(cluster) == sorted(local)
    differing = [path for path in local if cluster[path] != local[path]]
    assert differing == []


def test_cluster_rules_went_through_slurm_and_localrules_did_not(slurm_run):
    assert slurm_run.returncode == 0, slurm_run.output[-5000:]
    localrules = _localrules(slurm_run.workdir)
    if any(
        "localrule: True" in path.read_text(encoding="utf-8")
        for path in (slurm_run.workdir / "rules").glob("*.smk")
    ):
        assert localrules, "the localrule markers in rules/*.smk were not parsed"
    started = RUN_HEADER.findall(slurm_run.output)
    ran_on_cluster = {rule for local, rule in started if not local}
    ran_here = {rule for local, rule in started if local}
    submitted = {_rule_of(job) for job in slurm_run.jobs}
    assert ran_on_cluster, slurm_run.output[-5000:]
    # Every job Snakemake started as a cluster job is in SLURM's accounting,
    # and nothing else is.
    assert submitted == ran_on_cluster
    # The rules marked local ran on this node and were never submitted.
    assert not submitted & localrules
    assert not ran_on_cluster & localrules
    if localrules:
        assert localrules & ran_here, (
            f"none of the localrules {sorted(localrules)} ran in the sample, "
            "so this run shows nothing about them"
        )


def test_jobs_carry_the_account_partition_and_runtime(slurm_run):
    assert slurm_run.jobs
    for job in slurm_run.jobs:
        assert job["Account"] == ACCOUNT, job
        assert job["Partition"] == PARTITION, job
        # The profile's runtime (or a rule's own) reached sbatch as -t.
        assert job["Timelimit"] not in ("", "UNLIMITED", "Partition_Limit"), job
