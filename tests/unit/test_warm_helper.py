"""The warm helper (budgetmaal.running.warm_helper): a job's script runs in a
forked child as it would in its own process, and nothing outlives its job.

One real helper serves the module (its warm-up imports the whole stack);
the jobs are small scripts started as Snakemake starts a rule's script.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from budgetmaal.running import warm_helper
from budgetmaal.running.job_usage import COLUMNS, process_seconds, write_usage

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

# A rule script's shape: hand over first, then the work.
JOB = textwrap.dedent(
    f"""\
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, {str(SCRIPTS)!r})
    from budgetmaal.running.warm_helper import hand_over
    hand_over()
    from budgetmaal.shared.outputs import write_text
    print("kørt", os.getpid(), os.environ.get("BUDGETMAAL_WARM_CHILD"),
          os.getcwd(), os.environ.get("MARK"), sys.argv[1:], flush=True)
    if os.environ.get("WAIT"):
        Path("started").write_text(str(os.getpid()))
        while not Path("go").exists():
            time.sleep(0.02)
        write_text("published.txt", "x")
    if os.environ.get("FAIL"):
        raise ValueError("en fejl i jobbet")
    sys.exit(int(os.environ.get("CODE", "0")))
    """
)


@pytest.fixture(scope="module")
def helper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    log = folder / "warm_helper.log"
    warm_helper.start_helper(SCRIPTS, log)
    address = os.environ[warm_helper.ADDRESS_VARIABLE]
    yield address, log
    warm_helper.stop_helper()
    assert warm_helper.ADDRESS_VARIABLE not in os.environ


def start_job(folder: Path, address: str | None, **variables) -> subprocess.Popen:
    script = folder / "job.py"
    script.write_text(JOB, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET")}
    if address:
        environment[warm_helper.ADDRESS_VARIABLE] = address
    environment.update(variables)
    return subprocess.Popen(
        [sys.executable, str(script), "første", "æ ø"],
        cwd=folder,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_job(folder: Path, address: str | None, **variables):
    job = start_job(folder, address, **variables)
    stdout, stderr = job.communicate(timeout=60)
    return job, stdout, stderr


def test_the_job_runs_in_a_child_with_its_folder_environment_and_arguments(
    helper, tmp_path
):
    address, log = helper
    job, stdout, stderr = run_job(tmp_path, address, MARK="mærke")
    assert job.returncode == 0, stderr
    word, pid, child, cwd, mark, arguments = stdout.split(maxsplit=5)
    assert word == "kørt" and int(pid) != job.pid and child == "1"
    assert (cwd, mark) == (str(tmp_path), "mærke")
    assert arguments.strip() == "['første', 'æ ø']"
    assert f"job.py i proces {pid}" in log.read_text(encoding="utf-8")


def test_exit_status_and_errors_reach_the_job(helper, tmp_path):
    address, _ = helper
    job, _, _ = run_job(tmp_path, address, CODE="3")
    assert job.returncode == 3
    job, stdout, stderr = run_job(tmp_path, address, FAIL="1")
    assert job.returncode == 1 and "kørt" in stdout
    assert "ValueError: en fejl i jobbet" in stderr


def test_without_a_helper_the_job_runs_in_its_own_process(tmp_path):
    for address in (None, "budgetmaal-warm-nobody-listens"):
        job, stdout, stderr = run_job(tmp_path, address)
        assert job.returncode == 0, stderr
        assert stdout.split()[1:3] == [str(job.pid), "None"]


def test_a_killed_job_takes_its_child_with_it_before_it_publishes(helper, tmp_path):
    address, _ = helper
    job = start_job(tmp_path, address, WAIT="1")
    child = int(_wait_for(tmp_path / "started").read_text())
    assert child != job.pid
    job.kill()
    job.wait()
    _wait_until_gone(child)
    (tmp_path / "go").touch()
    time.sleep(0.3)
    assert not (tmp_path / "published.txt").exists()
    assert not list(tmp_path.glob(".published.txt.*"))


def test_a_job_that_waits_publishes_when_let_go(helper, tmp_path):
    address, _ = helper
    job = start_job(tmp_path, address, WAIT="1")
    _wait_for(tmp_path / "started")
    (tmp_path / "go").touch()
    assert job.wait(timeout=30) == 0
    assert (tmp_path / "published.txt").read_text() == "x"


def test_the_helper_ends_with_the_run_that_started_it(tmp_path):
    starter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            f"sys.path.insert(0, {str(SCRIPTS)!r})\n"
            "from budgetmaal.running import warm_helper as w\n"
            f"w.start_helper({str(SCRIPTS)!r}, {str(tmp_path / 'log')!r})\n"
            "print(w.RUNNING[0].pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    helper_pid = int(starter.stdout.readline())
    os.kill(helper_pid, 0)  # running
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    _wait_until_gone(helper_pid)


def test_the_usage_row_has_snakemakes_benchmark_columns(tmp_path):
    target = tmp_path / "usage.tsv"
    sum(range(2_000_000))
    write_usage(target)
    header, row = (line.split("\t") for line in target.read_text().splitlines())
    assert tuple(header) == COLUMNS
    values = dict(zip(header, row, strict=True))
    assert 0 < float(values["s"]) <= process_seconds() + 0.05
    assert float(values["cpu_time"]) > 0
    assert 10 < float(values["max_rss"]) < 2000  # MB


def _wait_for(path: Path, seconds: float = 60) -> Path:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never came"
        time.sleep(0.02)
    time.sleep(0.05)  # written, not only created
    return path


def _wait_until_gone(pid: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while _alive(pid):
        assert time.monotonic() < deadline, f"process {pid} still runs"
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    return status != "Z"  # a zombie has ended; its parent has yet to reap it
