"""What the data appendix records: file hashes, config, software versions."""

from __future__ import annotations

import hashlib
import os
import platform
from collections.abc import Iterable
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path

PACKAGES = ("snakemake", "pandas", "matplotlib", "jinja2", "weasyprint", "babel")


ABSENT = "absent"


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def content_sha256(paths: Iterable[str | Path]) -> dict[str, str]:
    """SHA-256 of each file ("absent" if missing), by path.

    Given to rules as a param, so that Snakemake re-runs a job whose input
    changed in content even when its modification time went back (cp -p,
    rsync -t, unzip, a restore from backup): mtimes alone miss that.
    """
    return {str(p): _cached_sha256(Path(p)) for p in sorted(map(str, paths))}


def code_sha256(folder: str | Path) -> str:
    """One SHA-256 of every .py file under ``folder`` (names and bytes).

    Given to the rules as a param, so that a new version of the package
    re-runs the jobs it computes: Snakemake tracks a rule's script, not the
    modules the script imports, and would keep tables made by the old code.
    """
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(_cached_sha256(path).encode("ascii"))
    return digest.hexdigest()


def _cached_sha256(path: Path) -> str:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ABSENT
    # ctime changes on every write and cannot be set back, unlike mtime.
    key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if key not in _SHA256_CACHE:
        _SHA256_CACHE[key] = sha256_of(path)
    return _SHA256_CACHE[key]


_SHA256_CACHE: dict[tuple, str] = {}


def software_versions() -> list[dict]:
    """Python and the packages the report depends on."""
    return [{"name": "Python", "version": platform.python_version()}] + [
        {"name": name, "version": version(name)} for name in PACKAGES
    ]


def report_date(configured: str | None, environ=os.environ) -> date:
    """The configured date, else SOURCE_DATE_EPOCH, else today (for byte-stable PDFs
    set one of the first two)."""
    if configured:
        return date.fromisoformat(configured)
    if "SOURCE_DATE_EPOCH" in environ:
        return datetime.fromtimestamp(int(environ["SOURCE_DATE_EPOCH"]), UTC).date()
    return date.today()
