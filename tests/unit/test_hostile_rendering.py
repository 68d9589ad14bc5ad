"""Text from config reaches the chart, the Markdown fields, the workbook and
the data appendix as written: no formula typeset, no link, no formula cell."""

from __future__ import annotations

import math
import re
from datetime import date
from xml.etree import ElementTree

import pandas as pd
import pytest
from openpyxl import load_workbook

from budgetmaal.publishing.charts import figure_to_svg, trajectory_figure
from budgetmaal.publishing.render import markdown_to_html
from budgetmaal.publishing.workbook import (
    HEADERS,
    sheet_title,
    workbook_sheets,
    write_workbook,
)
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.ingest import build_indicator_table
from budgetmaal.shared.geography import load_geographies

ROW = {
    "baseline_year": 2014,
    "baseline_value": 17.0,
    "target_year": 2020,
    "target_value": 10.0,
    "latest_year": 2018,
    "latest_value": 12.0,
    "projected_value": math.nan,
    "unit": "count",
    "path": "linear",
}
SERIES = pd.DataFrame(
    {"year": [2014, 2016, 2018], "value": [17.0, 14.0, 12.0], "small_numbers": False}
)


def _chart_texts(name: str) -> list[str]:
    svg = figure_to_svg(trajectory_figure(ROW, SERIES, name))
    root = ElementTree.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")]


@pytest.mark.parametrize(
    "name", [r"$\frac{1}{$", "5$ og 6$", r"$x^2$ og $\alpha$", r"\$ og $$", "$$$$"]
)
def test_chart_titles_print_dollars_literally(name):
    """matplotlib would typeset $…$ as mathtext: "5$ og 6$" as a formula, and
    fail on $\\frac{1}{$; the chart shows the goal's name as written."""
    assert name in _chart_texts(name)


def test_chart_titles_escape_markup_in_the_svg():
    name = '</text><script>alert(1)</script> & "x"'
    assert name in _chart_texts(name)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("&amp; &lt;b&gt;", "&amp;amp; &amp;lt;b&amp;gt;"),
        ("<https://example.invalid/x>", "&lt;https://example.invalid/x&gt;"),
        ("<x@example.invalid>", "&lt;x@example.invalid&gt;"),
        ("![x](file:///etc/passwd)", "![x](file:///etc/passwd)"),
        ("[klik](javascript:alert(1))", "[klik](javascript:alert(1))"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_markdown_prints_entities_links_and_html_as_written(text, shown):
    html = markdown_to_html(text)
    assert html == f"<p>{shown}</p>\n"


def test_markdown_still_has_emphasis_lists_and_escapes():
    html = markdown_to_html("- *fed*\n- \\*ikke\\*")
    assert "<li><em>fed</em></li>" in html and "<li>*ikke*</li>" in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("linje 1\nlinje 2\ttab", "linje 1 linje 2 tab"),
        ("History", "History (2)"),
        ("'" + "x" * 29 + "'y", "x" * 29 + "'y"),
        ("x" * 30 + "'abc", "x" * 30),
        ("=1+1", "=1+1"),
    ],
)
def test_sheet_titles_are_one_line_and_never_one_excel_keeps(name, expected):
    assert sheet_title(name, {}) == expected


def test_formula_like_text_is_marked_as_text_in_the_workbook(tmp_path):
    names = ["=1+1", "@SUM(A1)", "-3 borgere", "\t=1", "-3.5", "Herning"]
    targets = {f"t{i}": {"id": f"t{i}", "name": name} for i, name in enumerate(names)}
    row = {
        "indicator_id": "x",
        "geography": "657",
        "unit": "count",
        "better": "lower",
        "baseline_year": 2013,
        "baseline_value": 10.0,
        "target_year": 2020,
        "target_value": 5.0,
        "latest_year": 2019,
        "latest_value": 7.0,
        "progress_pct": -3.5,
        "expected_pct": 80.0,
        "pace_ratio": 0.5,
        "projected_value": 6.0,
        "status_da": "Moderat fremgang",
        "target_form": "value",
        "example_data": False,
    }
    progress = pd.DataFrame([row | {"target_id": t} for t in targets])
    sheets = workbook_sheets(
        progress,
        [{"name": "=Område", "targets": list(targets)}],
        {"x": {"name": "X"}},
        targets,
        {"657": "@Herning"},
        SmallCounts(5),
    )
    path = tmp_path / "maalopfoelgning.xlsx"
    write_workbook(sheets, path, date(2021, 3, 1))

    sheet = load_workbook(path)["=Område"]
    name_column = HEADERS.index("Indikator") + 1
    cells = [sheet.cell(r, name_column) for r in range(2, len(names) + 2)]
    assert [c.value for c in cells] == names
    assert [c.quotePrefix for c in cells] == [True, True, True, True, False, False]
    assert {c.data_type for c in cells} == {"s"}
    geography = sheet.cell(2, HEADERS.index("Geografi") + 1)
    assert geography.value == "@Herning" and geography.quotePrefix
    progress_cell = sheet.cell(2, HEADERS.index("Fremdrift (pct.)") + 1)
    assert progress_cell.value == -3.5 and progress_cell.data_type == "n"


def _matrix_download(title: str, encoding: str = "utf-8") -> bytes:
    return f'"{title}"\n\n" ";"2019";"2020"\n"Herning";5;6\n'.encode(encoding)


CATALOGUE = {
    "sources": [{"id": "s", "path": "data/raw/x.csv", "format": "statbank"}],
    "indicators": [],
}


def test_a_source_title_is_printed_as_written_in_the_appendix_notes():
    title = "<b>{{ 7*7 }}</b> =1+1 5$ og 6$ efter område og tid"
    _, problems, readings = build_indicator_table(
        CATALOGUE, {"data/raw/x.csv": _matrix_download(title)}, load_geographies()
    )
    assert problems == []
    assert f"titel «{title}»" in readings["s"]["notes"][0]


@pytest.mark.parametrize(
    ("title", "encoding", "words"),
    [
        ("Folketal\x0b efter område og tid", "utf-8", "styretegn (U+000B)"),
        # Saved from Excel as Windows-1252: the dash is byte 0x96, which reads
        # as a control character in ISO-8859-1.
        ("Folketal – efter område og tid", "cp1252", "styretegn (U+0096)"),
        ("Glad 😀", "utf-8", "«😀» (U+1F600)"),
    ],
)
def test_a_source_title_no_output_can_show_stops_the_ingest(title, encoding, words):
    raw = _matrix_download(title, encoding)
    _, problems, _ = build_indicator_table(
        CATALOGUE, {"data/raw/x.csv": raw}, load_geographies()
    )
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("data/raw/x.csv, linje 1, kolonne titel: fandt ")
    assert re.search(re.escape(words), message)
    assert problems[0].severity == "error"
