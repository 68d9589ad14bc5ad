"""One run at a time in a project folder, and a stale lock told apart from a live one.

Snakemake's own lock (``.snakemake/locks/``) is a set of files: a run killed
with SIGKILL leaves them behind, and they cannot say whether their run is
still alive. Every Snakemake process of this workflow (a run, a dry run,
``--unlock``) therefore also holds an exclusive ``flock`` on RUN_LOCK from
the moment it reads the Snakefile. The kernel releases it when the process
dies, however it dies, so:

- a second run in the same folder is refused at once, before Snakemake
  reads or locks anything (two runs started in the same instant included);
- Snakemake's lock files with RUN_LOCK free are stale: their run is dead;
- ``snakemake --unlock`` cannot remove the lock of a live run, because it
  cannot get RUN_LOCK while that run holds it.

Usage before a run (make report): python -m budgetmaal.running.run_lock [FOLDER]
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path
from typing import IO

RUN_LOCK = Path(".snakemake/budgetmaal/run.lock")
SNAKEMAKE_LOCKS = Path(".snakemake/locks")
UNLOCK_COMMAND = "make unlock report"


# The locks this process holds, by folder: a second workflow read in the same
# process (Snakemake's Python API) shares its first one's.
_HELD: dict[Path, IO[str]] = {}


class RunInProgress(Exception):
    """Another Snakemake process of this workflow runs in the folder."""


def hold_run_lock(folder: Path = Path(".")) -> IO[str]:
    """Take the folder's run lock for the life of this process.

    Keep the returned file open: closing it releases the lock."""
    path = (folder / RUN_LOCK).resolve()
    if path in _HELD and not _HELD[path].closed:
        return _HELD[path]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder_pid(handle)
        handle.close()
        raise RunInProgress(_in_progress_message(holder)) from None
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _HELD[path] = handle
    return handle


def live_holder(folder: Path = Path(".")) -> int | None:
    """The process id holding the run lock (0 if unrecorded), or None if free."""
    path = folder / RUN_LOCK
    if not path.is_file():
        return None
    with path.open("r", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _recorded_pid(handle) or 0
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def stale_lock_message(folder: Path = Path(".")) -> str | None:
    """Danish explanation if Snakemake's lock is left by a run that is dead."""
    if not any((folder / SNAKEMAKE_LOCKS).glob("*.lock")):
        return None
    if live_holder(folder) is not None:
        return None  # a live run: Snakemake and hold_run_lock refuse a second
    return (
        "Den sidste kørsel i denne mappe blev stoppet brat (fx af kill -9, "
        "strømsvigt eller en lukket computer) og efterlod sin lås, men ingen "
        f"kørsel er i gang nu; fjern låsen og kør igen med: {UNLOCK_COMMAND}"
    )


def _holder_pid(handle: IO[str], tries: int = 10) -> int | None:
    """The live run's process id; a run that has just taken the lock writes
    it a moment later, so wait for it a little (0.2 s at most)."""
    for _ in range(tries):
        pid = _recorded_pid(handle)
        if pid:
            return pid
        time.sleep(0.02)
    return None


def _recorded_pid(handle: IO[str]) -> int | None:
    handle.seek(0)
    text = handle.read().strip()
    return int(text) if text.isdigit() else None


def _in_progress_message(pid: int | None) -> str:
    process = f" (proces {pid})" if pid else ""
    return (
        f"En anden kørsel{process} er i gang i denne mappe; vent, til den er "
        "færdig, og kør så igen (to kørsler på én gang ville skrive de samme filer)."
    )


def main(arguments: list[str]) -> int:
    message = stale_lock_message(Path(arguments[0]) if arguments else Path("."))
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
