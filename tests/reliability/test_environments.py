"""Every output is byte-identical whatever the machine's time zone, locale,
umask, clock and the folder the workflow sits in.

Each variant runs the whole workflow once, in a copy in another folder, with
its own TZ, LC_ALL and umask (and one with a faked clock), and compares the
SHA-256 of every file under results/ and reports/ with the sample run made in
the test process's own environment. Together the variants cover TZ UTC,
Pacific/Kiritimati (UTC+14) and America/Adak (UTC-10/-9); LC_ALL C.UTF-8 and
da_DK.UTF-8 (decimal comma); umask 022 and 077; a path with a space and æøå.

Each variant also shows that its settings reached the run: the same launcher
(same environment, same umask) runs a probe that reads back the UTC offset,
the locale's decimal point and the clock, the outputs carry the umask's mode,
and Snakemake's own timestamps are in the variant's zone and clock.

What the variants need is installed by the project's set-up:
tools/install_locales.sh (da_DK.UTF-8) and Debian's faketime.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import copy_workflow

from output_digests import differences, output_digests

pytestmark = pytest.mark.faults


@dataclass(frozen=True)
class Environment:
    tz: str
    lc_all: str
    umask: int
    folder: str  # where the workflow is copied, under the test's tmp_path
    faketime: str | None = None  # a start date for Debian's faketime

    @property
    def id(self) -> str:
        clock = f"-faketime {self.faketime[:10]}" if self.faketime else ""
        return f"TZ={self.tz}-LC_ALL={self.lc_all}-umask{self.umask:03o}{clock}"


ENVIRONMENTS = [
    Environment("Pacific/Kiritimati", "da_DK.UTF-8", 0o077, "budget mål æøå/arbejde"),
    Environment("America/Adak", "C.UTF-8", 0o022, "another/place/workflow"),
    # A clock years ahead, seconds before New Year (and before 2032's leap day):
    # no output may depend on when it was made.
    Environment("UTC", "C.UTF-8", 0o022, "clock", faketime="2031-12-31 23:59:30"),
]

# The probe: what a process started the same way as Snakemake sees.
PROBE = """
import json, locale, os, time
locale.setlocale(locale.LC_ALL, "")
mask = os.umask(0)
print(json.dumps({
    "offset": time.strftime("%z"),
    "decimal_point": locale.localeconv()["decimal_point"],
    "locale": locale.setlocale(locale.LC_NUMERIC),
    "umask": mask,
    "year": time.gmtime().tm_year,
}))
"""


def _locale_name(name: str) -> str:
    """da_DK.UTF-8 and da_DK.utf8 are one locale."""
    return name.lower().replace("-", "")


def _installed_locales() -> set[str]:
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    return {_locale_name(name) for name in listed.split()}


def _launch(environment: Environment, workdir: Path, *command: str, timeout=600):
    """Run ``command`` in ``workdir`` with the variant's TZ, locale, umask, clock."""
    variables = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "TZ": environment.tz,
        "LC_ALL": environment.lc_all,
        "LANG": environment.lc_all,
    }
    prefix: list[str] = []
    if environment.faketime:
        prefix = ["faketime", environment.faketime]
        # Fake the wall clock only: monotonic timers (thread waits) stay real.
        variables["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    return subprocess.run(
        [*prefix, *command],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=variables,
        preexec_fn=lambda: os.umask(environment.umask),
        timeout=timeout,
    )


def _probe(environment: Environment, workdir: Path) -> dict:
    result = _launch(environment, workdir, sys.executable, "-c", PROBE, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _expected_offsets(tz: str, moment: datetime) -> set[str]:
    """The zone's UTC offsets (as %z) around ``moment`` (a DST change may fall
    between the probe and the test's own clock)."""
    zone = ZoneInfo(tz)
    return {
        (moment + timedelta(hours=hours)).astimezone(zone).strftime("%z")
        for hours in (-1, 0, 1)
    }


# Snakemake stamps each job with the local time: "[Wed Dec 31 23:59:31 2031]".
SNAKEMAKE_STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$", re.M)


def _snakemake_stamps(stderr: str) -> list[datetime]:
    return [
        datetime.strptime(stamp, "%a %b %d %H:%M:%S %Y")
        for stamp in SNAKEMAKE_STAMP.findall(stderr)
    ]


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda e: e.id)
def test_outputs_are_byte_identical_in_another_environment(
    environment, sample_run, tmp_path
):
    if _locale_name(environment.lc_all) not in _installed_locales():
        pytest.skip(
            f"locale {environment.lc_all} is not installed (locale -a): "
            "run tools/install_locales.sh (make test-faults does)"
        )
    if environment.faketime and shutil.which("faketime") is None:
        pytest.skip(
            "Debian's faketime is not installed: apt-get install faketime "
            "(make test-faults does)"
        )
    workdir = copy_workflow(tmp_path / environment.folder)

    # The settings take effect in a process launched like Snakemake is.
    seen = _probe(environment, workdir)
    started = datetime.now(UTC)
    assert seen["umask"] == environment.umask
    assert _locale_name(seen["locale"]) == _locale_name(environment.lc_all)
    assert seen["decimal_point"] == (
        "," if environment.lc_all.startswith("da_") else "."
    )
    assert seen["offset"] in _expected_offsets(environment.tz, started)
    if environment.faketime:
        assert seen["year"] == int(environment.faketime[:4])

    result = _launch(
        environment, workdir, sys.executable, "-m", "snakemake", "--cores", "2"
    )
    assert result.returncode == 0, result.stderr[-5000:]

    # Snakemake itself ran in the variant's zone (and clock): its job stamps
    # are local times of that zone.
    stamps = _snakemake_stamps(result.stderr)
    assert stamps, result.stderr[-2000:]
    if environment.faketime:
        fake_start = datetime.fromisoformat(environment.faketime)
        assert all(fake_start <= s < fake_start + timedelta(hours=1) for s in stamps)
    else:
        zone = ZoneInfo(environment.tz)
        local_start = started.astimezone(zone).replace(tzinfo=None)
        assert all(
            local_start - timedelta(minutes=1) <= s <= local_start + timedelta(hours=1)
            for s in stamps
        ), (stamps[0], local_start)

    found = output_digests(workdir)
    assert found, "the run wrote no outputs"
    assert differences(found, output_digests(sample_run)) == []

    # The umask reached the jobs: every output file has the mode it allows.
    modes = {
        path: (workdir / path).stat().st_mode & 0o777
        for path in found
        if (workdir / path).stat().st_mode & 0o777 != 0o666 & ~environment.umask
    }
    assert modes == {}, {path: oct(mode) for path, mode in modes.items()}
