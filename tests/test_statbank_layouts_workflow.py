"""The sample run with raw files swapped for other Statistikbanken layouts.

The population is given as the website's «Gem som» matrix (title, years as
columns, område and køn as stub columns, Christiansø, a footnote), and the
national drug-death counts as an API table queried without OMRÅDE. Nothing
in config/ changes, and every number of the run stays the same.
"""

from __future__ import annotations

import csv
import json

import pytest
from conftest import run_snakemake
from pdf_text import flat_text

POPULATION_WEBSITE = (
    '"Folketal den 1. januar efter område, køn og tid"\r\n'
    "\r\n"
    '" ";" ";"2020"\r\n'
    '"Herning";"I alt";89411\r\n'
    '" ";"Mænd";44905\r\n'
    '" ";"Kvinder";44506\r\n'
    '"Faxe";"I alt";36647\r\n'
    '" ";"Mænd";18400\r\n'
    '" ";"Kvinder";18247\r\n'
    '"Christiansø";"I alt";90\r\n'
    "\r\n"
    '"Kilde: Danmarks Statistik. Mænd og kvinder er opdigtede i denne testfil."\r\n'
)


@pytest.fixture(scope="module")
def swapped_run(tmp_path_factory):
    from conftest import copy_workflow

    workdir = copy_workflow(tmp_path_factory.mktemp("layouts") / "workflow")
    raw = workdir / "data/raw"
    (raw / "befolkning_2020.csv").write_bytes(POPULATION_WEBSITE.encode("utf-8"))
    deaths = raw / "narkorelaterede_doedsfald.csv"
    lines = deaths.read_text(encoding="utf-8").splitlines()
    national = ["TID;INDHOLD"] + [line.split(";", 1)[1] for line in lines[1:]]
    deaths.write_text("\n".join(national) + "\n", encoding="utf-8")
    result = run_snakemake(workdir, "reports/657/budgetmaal_2021.pdf")
    assert result.returncode == 0, result.stderr[-4000:]
    return workdir


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_number_is_the_same_as_from_the_original_layouts(swapped_run, sample_run):
    def values(run):
        rows = _rows(run / "results/indicators.csv")
        return {
            (r["indicator_id"], r["geography"], r["year"]): r["value"] for r in rows
        }

    assert values(swapped_run) == values(sample_run)
    for geography in ("000", "657"):
        path = f"results/progress/{geography}.csv"
        assert _rows(swapped_run / path) == _rows(sample_run / path)


def test_provenance_keeps_the_line_of_each_value(swapped_run):
    rows = _rows(swapped_run / "results/indicators.csv")
    population = {
        r["geography"]: r["source_line"]
        for r in rows
        if r["source_file"] == "data/raw/befolkning_2020.csv"
    }
    assert population == {"657": "4", "320": "7"}


def test_how_each_file_was_read_is_in_the_appendix_and_validation_report(swapped_run):
    readings = json.loads(
        (swapped_run / "results/source_readings.json").read_text(encoding="utf-8")
    )
    assert readings["narkorelaterede_doedsfald"]["geography"] == (
        "ingen geografikolonne: læst som Hele landet (000)"
    )
    [skipped] = readings["befolkning_2020"]["skipped"]
    assert skipped.startswith("Christiansø (411): 1 værdi (linje 10) udeladt")
    html = (swapped_run / "results/validation.html").read_text(encoding="utf-8")
    assert "Christiansø (411)" in html and "perioderne som kolonner" in html
    text = flat_text(swapped_run / "reports/657/budgetmaal_2021.pdf")
    assert "Ingen geografikolonne: læst som Hele landet (000)" in text
    assert "Læst som matrix fra statistikbanken.dk med perioderne som kolonner" in text
    assert "Christiansø (411): 1 værdi (linje 10) udeladt" in text
