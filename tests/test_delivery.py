"""What the analysts and CI receive besides the PDF: the Excel workbook and
the Snakemake report zip, checked against the progress table."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import run_snakemake
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[1]
KOMMUNER = ["657", "320"]


def _progress(workdir) -> dict[str, dict]:
    table = pd.read_csv(workdir / "results/progress.csv", dtype={"geography": str})
    return {r["target_id"]: r for r in table.to_dict("records")}


def _definition(workdir, kommune) -> dict:
    text = (workdir / f"config/reports/{kommune}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("kommune", KOMMUNER)
def test_workbook_has_a_sheet_per_focus_area_matching_the_progress_table(
    sample_run, kommune
):
    book = load_workbook(sample_run / f"results/{kommune}/maalopfoelgning.xlsx")
    progress = _progress(sample_run)
    areas = _definition(sample_run, kommune)["focus_areas"]

    assert book.sheetnames == [area["name"][:31] for area in areas]
    for area in areas:
        sheet = book[area["name"][:31]]
        assert sheet.freeze_panes == "A2"
        records = _records(sheet)
        assert [r["Mål-id"] for r in records] == area["targets"]
        for record in records:
            expected = progress[record["Mål-id"]]
            assert record["Status"] == expected["status_da"]
            assert record["Basisår"] == expected["baseline_year"]
            _assert_same_number(record["Seneste værdi"], expected["latest_value"])
            _assert_same_number(record["Fremdrift (pct.)"], expected["progress_pct"])


def _assert_same_number(cell, value):
    if isinstance(value, float) and math.isnan(value):
        assert cell is None
    else:
        assert cell == pytest.approx(value)


def test_snakemake_report_zip_has_figures_and_progress_with_danish_captions(
    sample_run, tmp_path
):
    target = tmp_path / "rapport.zip"
    result = run_snakemake(sample_run, "--report", str(target))
    assert result.returncode == 0, result.stderr[-3000:]

    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        page = next(n for n in names if n.endswith("report.html"))
        html = _unescape_json(archive.read(page).decode("utf-8"))
    assert any(n.endswith("hjemloese_657.svg") for n in names)
    assert any(n.endswith("progress.csv") for n in names)
    assert "Fremdrift mod målene" in html
    assert "Udviklingskurve for målet" in html


def _unescape_json(text: str) -> str:
    """The report page holds its captions in JSON, with \\u00e5 for å."""
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), text)


def test_ci_workflow_runs_make_report_on_main_and_keeps_the_pdfs():
    text = (REPO / ".github/workflows/report.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = workflow["jobs"]["build"]["steps"]

    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1: on -> True
    assert any(step.get("run") == "make report" for step in steps)
    upload = next(
        s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert "reports/**/*.pdf" in upload["with"]["path"]
