"""One warm process per local run that the heavy jobs hand their work to.

A job's own Python process pays about 1.8 s of imports (WeasyPrint,
matplotlib, pandas, openpyxl, pikepdf) before its first useful step. The
helper imports them once, when the run starts (the Snakefile's onstart), and
forks a child per job: the job's script process, started by Snakemake as
always, connects, hands over its standard streams, folder and environment,
and waits; the child runs the same script file and reports its exit status.

The child is bound to its job: it stops the moment the job's process ends
(Snakemake cancelled it, or it was killed), and checks that the job still
waits before any output is renamed into place. Without a helper (cluster
runs, --use-conda, config warm_helper: false, or the helper gone) the job
runs in its own process, as before. Only the standard library is imported
here at module level: the waiting job needs nothing more.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

# The helper's address, set by start_helper for the jobs Snakemake starts.
ADDRESS_VARIABLE = "BUDGETMAAL_WARM_HELPER"
# Set in a child: its script runs there and hands over to nobody.
CHILD_VARIABLE = "BUDGETMAAL_WARM_CHILD"
# What the helper imports and warms before it serves: every job's stack.
PRELOADED = (
    "pandas",
    "pikepdf",
    "snakemake.iocontainers",
    "snakemake.logging",
    "snakemake.script",
    "weasyprint",
    "budgetmaal.assessing.tables",
    "budgetmaal.publishing.charts",
    "budgetmaal.publishing.render",
    "budgetmaal.publishing.site",
    "budgetmaal.publishing.site_context",
    "budgetmaal.publishing.workbook",
    "budgetmaal.running.geography_steps",
    "budgetmaal.running.report_job",
    "budgetmaal.running.site_files",
)
CHUNK = 1 << 16
# The helper this process started (start_helper), for stop_helper.
RUNNING: list[subprocess.Popen] = []


# --- the job's side ----------------------------------------------------------


def hand_over() -> None:
    """Run this job's script in the run's warm helper and exit with its
    status; return at once (to run here, cold) if there is no helper."""
    address = os.environ.get(ADDRESS_VARIABLE)
    if not address or os.environ.get(CHILD_VARIABLE):
        return
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect("\0" + address)
    except OSError:
        return
    streams = [fd for fd in (0, 1, 2) if _is_open(fd)]
    request = {
        "script": os.path.abspath(sys.argv[0]),
        "argv": sys.argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "streams": streams,
    }
    # One line: the child knows where it ends, and anything the job sends
    # after it (only the end of its connection) means the job has ended.
    message = json.dumps(request).encode() + b"\n"
    socket.send_fds(connection, [message], streams)
    sys.exit(_status_from(connection))


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _status_from(connection: socket.socket) -> int:
    reply = b"".join(iter(lambda: connection.recv(4096), b""))
    if not reply:
        print(
            "Den varme hjælpeproces stoppede jobbet uden at melde en status "
            "(se logs/warm_helper.log); kør igen, eller sæt warm_helper: false.",
            file=sys.stderr,
        )
        return 1
    return int(json.loads(reply)["status"])


# --- the helper's side --------------------------------------------------------


def serve(address: str) -> None:
    """Listen at ``address`` (Linux abstract namespace), import the stack,
    then fork a child per connection until terminated."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind("\0" + address)
    listener.listen(256)
    started = time.perf_counter()
    warm_up()
    # What is imported stays put: the collector will not touch (and so copy)
    # the pages the children share.
    gc.freeze()
    print(f"varm efter {time.perf_counter() - started:.2f} s", flush=True)
    # Children are reaped by the kernel; each reports to its own job.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    while True:
        connection, _ = listener.accept()
        if _same_user(connection) and os.fork() == 0:
            listener.close()
            _run_child(connection)
        connection.close()


def warm_up() -> None:
    """Import every job's stack, and draw and render once, so that fonts and
    caches are loaded before the fork."""
    import importlib

    for name in PRELOADED:
        importlib.import_module(name)
    import weasyprint
    from matplotlib.figure import Figure

    from budgetmaal.publishing.charts import figure_to_svg

    figure = Figure()
    figure.add_subplot().plot([0, 1], [0, 1], label="æøå 1.234")
    figure_to_svg(figure)
    weasyprint.HTML(string="<p>Mål for Budget æøå 1.234</p>").write_pdf()


def _same_user(connection: socket.socket) -> bool:
    """Only jobs of the user who runs the helper may hand it a script."""
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 3 * 4)
    uid = int.from_bytes(credentials[4:8], sys.byteorder)
    return uid == os.getuid()


def _run_child(connection: socket.socket) -> None:
    """In the forked child: become the job, run its script, report, exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    status = 1
    try:
        request = _receive_request(connection)
        _stop_with_the_job(connection)
        status = _run_script(request)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            connection.sendall(json.dumps({"status": status}).encode())
        finally:
            os._exit(status)


def _receive_request(connection: socket.socket) -> dict:
    message, fds, _, _ = socket.recv_fds(connection, CHUNK, 3)
    while not message.endswith(b"\n"):
        chunk = connection.recv(CHUNK)
        if not chunk:
            raise ConnectionError("the job ended before its request did")
        message += chunk
    request = json.loads(message)
    print(f"{Path(request['argv'][0]).name} i proces {os.getpid()}", flush=True)
    for fd, standard in zip(fds, request["streams"], strict=True):
        os.dup2(fd, standard)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ[CHILD_VARIABLE] = "1"
    sys.argv = request["argv"]
    return request


def _stop_with_the_job(connection: socket.socket) -> None:
    """Die when the job's process ends: at once from a watching thread, and
    for certain before each rename of an output into place."""
    from budgetmaal.shared import outputs

    def stop_if_abandoned(timeout: float | None = 0) -> None:
        readable, _, _ = select.select([connection], [], [], timeout)
        if readable:  # the job sends nothing more: readable means it ended
            os.kill(os.getpid(), signal.SIGKILL)

    outputs.BEFORE_PUBLISHING.append(stop_if_abandoned)
    threading.Thread(target=stop_if_abandoned, args=(None,), daemon=True).start()


def _run_script(request: dict) -> int:
    import runpy
    import traceback

    try:
        runpy.run_path(request["script"], run_name="__main__")
    except SystemExit as stop:
        return _exit_status(stop.code)
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _exit_status(code) -> int:
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


# --- the run's side (the Snakefile) -------------------------------------------


def start_helper(scripts: str | Path, log: str | Path) -> None:
    """Start the helper for this run; it ends with the calling process."""
    import secrets

    address = f"budgetmaal-warm-{os.getpid()}-{secrets.token_hex(8)}"
    Path(log).parent.mkdir(parents=True, exist_ok=True)
    # One BLAS thread: no thread may run in the helper when it forks.
    environment = dict(os.environ, PYTHONPATH=str(scripts), OPENBLAS_NUM_THREADS="1")
    environment.pop(ADDRESS_VARIABLE, None)
    with open(log, "w", encoding="utf-8") as log_file:
        helper = subprocess.Popen(
            [sys.executable, "-m", "budgetmaal.running.warm_helper", address],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=environment,
            preexec_fn=_end_with_parent,
        )
    RUNNING.append(helper)
    try:
        listening = _listening(address, helper)
    except OSError as error:  # the jobs then run cold, as without a helper
        print(f"warm_helper: {error}; jobs run in their own processes", file=sys.stderr)
        listening = False
    if listening:
        os.environ[ADDRESS_VARIABLE] = address
    else:
        stop_helper()


def _listening(address: str, helper: subprocess.Popen, seconds: float = 10) -> bool:
    """Wait until the helper listens (it does before its imports), so that
    no job finds it missing and runs cold."""
    deadline = time.monotonic() + seconds
    while helper.poll() is None and time.monotonic() < deadline:
        if f" @{address}\n" in Path("/proc/net/unix").read_text():
            return True
        # Not time.sleep: under libfaketime its absolute deadline is EINVAL.
        select.select([], [], [], 0.005)
    return False


def stop_helper() -> None:
    """End the helper; the jobs started after this run cold."""
    os.environ.pop(ADDRESS_VARIABLE, None)
    while RUNNING:
        helper = RUNNING.pop()
        helper.terminate()
        helper.wait()


def _end_with_parent() -> None:
    """In the helper, before it starts: SIGTERM when the run's process ends
    (prctl PR_SET_PDEATHSIG), also if it is killed."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


if __name__ == "__main__":
    serve(sys.argv[1])
