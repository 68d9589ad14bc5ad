"""The real workflow on the sample data: outputs exist and the PDF reads right."""

from __future__ import annotations

import csv
import re

import pytest
from pdf_text import flat_text
from pypdf import PdfReader

# The interface of results/progress.csv (README, Outputs), stated here on its
# own rather than imported from the package, so that changing it fails this test.
PROGRESS_COLUMNS = [
    "target_id",
    "indicator_id",
    "geography",
    "unit",
    "better",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "latest_year",
    "latest_value",
    "progress_pct",
    "expected_pct",
    "pace_ratio",
    "projected_value",
    "significant",
    "status",
    "status_da",
]


@pytest.fixture(scope="module")
def herning_text(sample_run) -> str:
    # Lines wrap differently from run to layout.
    return flat_text(sample_run / "reports/657/budgetmaal_2021.pdf")


def test_one_report_per_configured_municipality(sample_run):
    assert (sample_run / "reports/657/budgetmaal_2021.pdf").stat().st_size > 10_000
    assert (sample_run / "reports/320/budgetmaal_2021.pdf").stat().st_size > 10_000


def test_progress_table_has_the_interface_columns_first(sample_run):
    with open(sample_run / "results/progress.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[: len(PROGRESS_COLUMNS)] == PROGRESS_COLUMNS
    by_id = {r["target_id"]: r for r in rows}
    # Published figures: 5.820 homeless in 2013, 6.431 in 2019, goal 4.000.
    assert by_id["hjemloese_dk"]["baseline_value"] == "5820.0"
    assert by_id["hjemloese_dk"]["latest_year"] == "2019"
    assert by_id["hjemloese_dk"]["status"] == "away"
    # Herning's goal: 150 less 25 pct.
    assert float(by_id["hjemloese_657"]["target_value"]) == 112.5


def test_the_progress_table_holds_the_geographies_tables_row_for_row(sample_run):
    """results/progress.csv is computed in one job, each geography's table
    in that geography's job: the same function gives the same rows."""
    tables = sorted((sample_run / "results/progress").glob("*.csv"))
    assert [t.stem for t in tables] == ["000", "320", "657"]
    header, *rows = (
        (sample_run / "results/progress.csv").read_text("utf-8").splitlines()
    )
    own = [t.read_text("utf-8").splitlines() for t in tables]
    assert all(lines[0] == header for lines in own)
    assert rows == [row for lines in own for row in lines[1:]]


def test_tidy_table_uses_codes_and_dot_decimals(sample_run):
    with open(sample_run / "results/indicators.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"indicator_id", "geography", "year", "value"} <= set(rows[0])
    placements = {
        r["year"]: r["value"]
        for r in rows
        if r["indicator_id"] == "anbringelser_sammenbrud" and r["geography"] == "000"
    }
    # nationale_noegletal.csv is ISO-8859-1 with decimal commas: 5,4 in 2011.
    assert placements["2011"] == "5.4"
    assert all(re.fullmatch(r"\d{3}", r["geography"]) for r in rows)


def test_pdf_is_a_danish_budget_goal_report(herning_text):
    assert "Mål for Budget 2021" in herning_text
    assert "Herning Kommune" in herning_text
    assert "SO 13, Handicap og Psykiatri" in herning_text
    for field in ("Serviceområde", "Fokusområde", "Udfordringen", "Veje til målet"):
        assert field in herning_text
    # A computed status and Danish number formats from the published data.
    assert "Bevæger sig væk fra målet" in herning_text
    assert "5.820 (2013)" in herning_text
    assert "112,5" not in herning_text  # counts are shown as whole numbers
    assert "113 (2020)" in herning_text


def test_pdf_has_chart_text_alternatives_and_example_labels(herning_text):
    assert "Antal hjemløse" in herning_text
    assert re.search(r"steg fra 5\.820 i 2013 til 6\.431 i 2019", herning_text)
    assert "eksempeldata" in herning_text.lower()


def test_pdf_metadata_language_tags_and_bookmarks(sample_run):
    reader = PdfReader(sample_run / "reports/657/budgetmaal_2021.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Mål for Budget 2021")
    titles = [item.title for item in _flatten(reader.outline)]
    assert {"Mål for Budget 2021", "Overblik", "Hjemløshed", "Misbrug"} <= set(titles)


def test_every_chart_is_a_tagged_figure_with_danish_alt_text(sample_run):
    reader = PdfReader(sample_run / "reports/657/budgetmaal_2021.pdf")
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    figures = [node for node in _structure(tree) if node.get("/S") == "/Figure"]
    charts = list((sample_run / "results/figures/657").glob("*.svg"))
    charts += list((sample_run / "results/figures/000").glob("*.svg"))
    assert len(figures) == len(charts) == 15
    assert all(str(node["/Alt"]).startswith("Diagram: ") for node in figures)
    assert any("Højst 4.000 hjemløse i hele landet" in str(n["/Alt"]) for n in figures)


def _structure(node):
    node = node.get_object()
    if not isinstance(node, dict):
        return
    yield node
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") or isinstance(kid, dict):
            yield from _structure(kid)


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item
