"""requirements.txt and environment.yml pin the same exact versions."""

from __future__ import annotations

import re

import yaml
from conftest import REPO

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([0-9][^\s;]*)$")


def _requirements() -> dict[str, str]:
    lines = (REPO / "requirements.txt").read_text().splitlines()
    pins = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert all(PIN.match(p) for p in pins), "every requirement must be pinned with =="
    names = [PIN.match(p).group(1).lower() for p in pins]
    assert len(names) == len(set(names)), "a package is listed twice"
    return dict(PIN.match(p).groups() for p in pins)


def _conda_pip_pins() -> dict[str, str]:
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    return dict(PIN.match(p).groups() for p in pip)


def test_environment_yml_pins_the_same_versions_as_requirements():
    assert _conda_pip_pins() == _requirements()


def test_environment_yml_names_weasyprints_system_libraries():
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {d.split("=")[0] for d in environment["dependencies"] if isinstance(d, str)}
    assert {"pango", "python"} <= conda
