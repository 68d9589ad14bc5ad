"""SHA-256 of every output file: what the fault tests compare between runs."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Inputs that live under reports/, not outputs of a run.
REPORT_INPUTS = ("reports/templates/", "reports/captions/")


def output_digests(workdir: Path) -> dict[str, str]:
    """Every file under results/ and reports/ (relative path -> SHA-256)."""
    digests = {}
    for folder in ("results", "reports"):
        for path in sorted((workdir / folder).rglob("*")):
            relative = path.relative_to(workdir).as_posix()
            if path.is_file() and not relative.startswith(REPORT_INPUTS):
                digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def differences(found: dict[str, str], expected: dict[str, str]) -> list[str]:
    """Files missing, extra or with other bytes than expected."""
    return sorted(
        path
        for path in found.keys() | expected.keys()
        if found.get(path) != expected.get(path)
    )
