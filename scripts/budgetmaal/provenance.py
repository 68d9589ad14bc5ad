"""What the data appendix records: file hashes, config, software versions."""

from __future__ import annotations

import hashlib
import os
import platform
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path

PACKAGES = ("snakemake", "pandas", "matplotlib", "jinja2", "weasyprint", "babel")


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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
