"""The live preview (scripts/preview.py) as a process, for the tests and
the benchmark: started in a workflow copy, ready once it prints its address."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ADDRESS = re.compile(r"åbn (http://127\.0\.0\.1:\d+/) i browseren")


@contextmanager
def running_preview(
    workdir: Path, scratch: Path, *arguments: str, kommune: str = "657"
) -> Iterator[tuple[subprocess.Popen, str, float]]:
    """``python scripts/preview.py KOMMUNE`` in ``workdir`` with its
    temporary files under ``scratch``; yields the process, its address and
    the seconds until it was ready, and kills it if it still runs after."""
    scratch.mkdir(exist_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "scripts/preview.py", kommune, *arguments],
        cwd=workdir,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(scratch)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    try:
        address = _address(process)
        yield process, address, time.perf_counter() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT back to its default in the preview: a test run in the
    background (`cmd &` in a script) or in a pytest-xdist worker passes it on
    ignored, and Python then makes no KeyboardInterrupt of it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _address(process: subprocess.Popen, timeout: float = 120) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        found = ADDRESS.search(line)
        if found:
            return found.group(1)
        if not line and process.poll() is not None:
            break
    raise RuntimeError("the preview printed no address:\n" + "".join(seen))


def set_herning_target(workdir: Path, change_pct: int) -> None:
    """Herning's homelessness target (hjemloese_657) to ``change_pct``."""
    path = workdir / "config/targets.yaml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"  - id: hjemloese_657\n(?:    .*\n)+", text).group()
    changed = re.sub(r"change_pct: -?\d+", f"change_pct: {change_pct}", block)
    path.write_text(text.replace(block, changed), encoding="utf-8")
