"""requirements.txt and environment.yml pin the same exact versions; the
SLURM executor is pinned apart and stays out of local runs."""

from __future__ import annotations

import importlib.util
import re

import yaml
from conftest import REPO

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([0-9][^\s;]*)$")


def _requirements(name: str = "requirements.txt") -> dict[str, str]:
    lines = (REPO / name).read_text().splitlines()
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


def test_the_slurm_executor_is_pinned_apart_from_the_local_stack():
    cluster = _requirements("requirements-cluster.txt")
    assert "snakemake-executor-plugin-slurm" in cluster
    assert not set(cluster) & set(_requirements())


def test_a_local_snakemake_does_not_load_the_slurm_executor():
    """Snakemake imports every executor plugin it finds when it starts, and
    this one runs `scontrol show config` then."""
    assert importlib.util.find_spec("snakemake_executor_plugin_slurm") is None


def test_make_test_installed_the_pinned_slurm_executor():
    installed = [
        folder.name.removesuffix(".dist-info").rsplit("-", 1)
        for folder in (REPO / ".venv/cluster").glob("*.dist-info")
    ]
    assert {name.replace("_", "-"): version for name, version in installed} == (
        _requirements("requirements-cluster.txt")
    )
