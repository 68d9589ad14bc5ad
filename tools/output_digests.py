"""SHA-256 of every output file: what the fault tests compare between runs,
and, run as a script, the byte-identity check of a change that must not alter
any output (run it before and after, and diff the two lists).

Usage: python tools/output_digests.py > before.sha256
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from workflow_copy import copy_workflow

# Inputs that live under reports/, not outputs of a run.
REPORT_INPUTS = ("reports/templates/", "reports/captions/")


def output_digests(workdir: Path) -> dict[str, str]:
    """Every file under results/, reports/ and site/ (relative path -> SHA-256;
    not Snakemake's stamp in site/)."""
    digests = {}
    for folder in ("results", "reports", "site"):
        for path in sorted((workdir / folder).rglob("*")):
            relative = path.relative_to(workdir).as_posix()
            if (
                path.is_file()
                and not relative.startswith(REPORT_INPUTS)
                and (path.name != ".snakemake_timestamp")
            ):
                digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def differences(found: dict[str, str], expected: dict[str, str]) -> list[str]:
    """Files missing, extra or with other bytes than expected."""
    return sorted(
        path
        for path in found.keys() | expected.keys()
        if found.get(path) != expected.get(path)
    )


def run_and_digest(example: str, cores: int) -> dict[str, str]:
    """The digests of a full run of ``example`` (sample or all-kommuner) in a
    fresh copy of this checkout."""
    with tempfile.TemporaryDirectory(prefix="budgetmaal-digests-") as folder:
        workdir = copy_workflow(Path(folder) / "workflow")
        command = [sys.executable, "-m", "snakemake", "--cores", str(cores)]
        if example == "all-kommuner":
            generator = Path(__file__).with_name("generate_example_data.py")
            subprocess.run(
                [sys.executable, generator, "--all-kommuner"], cwd=workdir, check=True
            )
            command += ["--configfile", "config/alle_kommuner/config.yaml"]
        subprocess.run(command, cwd=workdir, check=True, capture_output=True)
        return output_digests(workdir)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="Run the sample and the 98-municipality example in fresh "
        "copies and print the SHA-256 of every output, as `sha256sum` does: "
        "save the lines before a change, compare them after it."
    )
    parser.add_argument("--cores", type=int, default=2)
    arguments = parser.parse_args()
    for example in ("sample", "all-kommuner"):
        for path, digest in run_and_digest(example, arguments.cores).items():
            print(f"{digest}  {example}/{path}")
