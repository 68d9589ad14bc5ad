"""Mounts that make an output folder full or read-only for one test (root only).

chmod proves nothing as root, who writes anyway; a mount is what a full disk
or a read-only share really is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PAGE = 4096


def need_mounts() -> None:
    """Skip, with the reason, where this process cannot mount."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs or a read-only bind mount needs root")
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")


def _mount(*arguments: str) -> None:
    result = subprocess.run(["mount", *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mount {' '.join(arguments)} failed: {result.stderr.strip()}")


@contextlib.contextmanager
def full_tmpfs(folder: Path, saved: Path, free_pages: int = 0):
    """``folder`` on a small tmpfs holding its own files and a filler that
    leaves ``free_pages`` of 4 KiB free."""
    shutil.copytree(folder, saved, symlinks=True)
    used = sum(p.stat().st_size for p in saved.rglob("*") if p.is_file())
    # Room for a re-run to write its temporary copies once the filler is gone.
    _mount("-t", "tmpfs", "-o", f"size={used + 4 * 2**20}", "tmpfs", str(folder))
    try:
        shutil.copytree(saved, folder, symlinks=True, dirs_exist_ok=True)
        _fill(folder / "FILLER", free_pages)
        yield folder / "FILLER"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(filler: Path, free_pages: int) -> None:
    with filler.open("wb", buffering=0) as handle:
        try:
            while handle.write(b"\0" * PAGE):
                pass
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
    os.truncate(filler, max(0, filler.stat().st_size - free_pages * PAGE))


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` as a read-only bind mount of itself."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,ro,bind", str(folder))
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def pages(*paths: Path) -> int:
    """Pages of 4 KiB the files take on a tmpfs."""
    return sum(-(-p.stat().st_size // PAGE) for p in paths)
