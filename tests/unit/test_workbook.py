"""The analysts' workbook: cell values, Danish formats, layout."""

from __future__ import annotations

import time
import zipfile
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from budgetmaal.publishing.workbook import (
    HEADERS,
    sheet_title,
    table_name,
    workbook_sheets,
    write_workbook,
)
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.vocabulary import STATUS_DA

INDICATORS = {
    "hjemloese": {"id": "hjemloese", "name": "Antal hjemløse", "unit": "count"},
    "unge": {"id": "unge", "name": "Unge på forsorgshjem", "unit": "count"},
}
NAMES = {"657": "Herning", "000": "Hele landet"}


def _row(target_id, indicator_id, **values):
    row = {
        "target_id": target_id,
        "indicator_id": indicator_id,
        "geography": "657",
        "unit": "count",
        "better": "lower",
        "baseline_year": 2013,
        "baseline_value": 150.0,
        "target_year": 2020,
        "target_value": 112.5,
        "latest_year": 2019,
        "latest_value": 101.0,
        "progress_pct": 130.67,
        "expected_pct": 85.71,
        "pace_ratio": 1.52,
        "projected_value": 89.05,
        "status": "achieved",
        "status_da": STATUS_DA["achieved"],
        "target_form": "change_pct",
        "example_data": True,
    }
    return row | values


def _sheets(rows, threshold=5, previous=None):
    progress = pd.DataFrame(rows)
    focus_areas = [
        {"name": "Hjemløshed", "targets": [r["target_id"] for r in rows]},
        {"name": "Misbrug: stoffer/alkohol", "targets": []},
    ]
    targets = {r["target_id"]: {"id": r["target_id"]} for r in rows}
    return workbook_sheets(
        progress,
        focus_areas,
        INDICATORS,
        targets,
        NAMES,
        SmallCounts(threshold),
        previous,
    )


def test_one_sheet_per_focus_area_with_danish_headers_and_values():
    sheets = _sheets([_row("hjemloese_657", "hjemloese")])

    assert list(sheets) == ["Hjemløshed", "Misbrug- stoffer-alkohol"]
    header, row = sheets["Hjemløshed"]
    assert header == HEADERS
    cells = dict(zip(header, row, strict=True))
    assert cells["Mål-id"] == "hjemloese_657"
    assert cells["Indikator"] == "Antal hjemløse"
    assert cells["Geografi"] == "Herning"
    assert cells["Basisværdi"] == 150 and isinstance(cells["Basisværdi"], int)
    assert cells["Målværdi"] == 112.5
    assert cells["Status"] == "Nået"
    assert cells["Eksempeldata"] == "Ja"


def test_hidden_register_values_are_text_never_a_figure():
    row = _row("unge_657", "unge", baseline_value=17.0, latest_value=None)
    row |= {"small_numbers": True, "projected_value": None}
    cells = dict(zip(HEADERS, _sheets([row])["Hjemløshed"][1], strict=True))

    assert cells["Seneste værdi"] == "under 5"
    assert cells["Basisværdi"] == 17
    assert cells["Fremskrevet værdi i målåret"] is None


def test_a_goal_met_at_the_baseline_says_so_unless_small_counts_hide_it():
    def met(**values):
        row = _row("t", values.pop("indicator", "hjemloese"), **values)
        cells = dict(zip(HEADERS, _sheets([row])["Hjemløshed"][1], strict=True))
        return cells["Nået allerede i basisåret"]

    assert met(met_at_baseline=True) == "Ja"
    assert met(met_at_baseline=False) == "Nej"
    assert met(met_at_baseline=True, target_form="direction") is None
    assert met(met_at_baseline=True, indicator="unge", small_numbers=True) is None


def test_missing_measures_are_empty_cells():
    row = _row("hjemloese_657", "hjemloese", progress_pct=float("nan"))
    cells = dict(zip(HEADERS, _sheets([row])["Hjemløshed"][1], strict=True))

    assert cells["Fremdrift (pct.)"] is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hjemløshed", "Hjemløshed"),
        ("a/b", "a-b"),
        ("x" * 40, "x" * 31),
        ("Misbrug", "Misbrug (2)"),
    ],
)
def test_sheet_titles_are_valid_and_unique(name, expected):
    assert sheet_title(name, {"misbrug": []}) == expected


def test_written_workbook_has_frozen_bold_header_and_danish_number_formats(tmp_path):
    path = tmp_path / "maalopfoelgning.xlsx"
    write_workbook(
        _sheets([_row("hjemloese_657", "hjemloese")]), path, date(2021, 3, 1)
    )

    sheet = load_workbook(path)["Hjemløshed"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    target_value = sheet.cell(2, HEADERS.index("Målværdi") + 1)
    assert target_value.value == 112.5
    assert target_value.number_format == "[$-406]#,##0.0"
    baseline_year = sheet.cell(2, HEADERS.index("Basisår") + 1)
    assert baseline_year.number_format == "0"


def test_the_same_sheets_and_date_give_the_same_bytes(tmp_path, monkeypatch):
    sheets = _sheets([_row("hjemloese_657", "hjemloese")])
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path, zone in zip(paths, ["Pacific/Kiritimati", "America/Adak"], strict=True):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        write_workbook(sheets, path, date(2021, 3, 1), title="Mål")
        time.sleep(1.1)  # the zip's clock has a two-second resolution
    monkeypatch.undo()
    time.tzset()

    assert paths[0].read_bytes() == paths[1].read_bytes()
    with zipfile.ZipFile(paths[0]) as book:
        assert {m.date_time for m in book.infolist()} == {(2021, 3, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert (
        "<dcterms:modified" in core
        and "2021-03-01T00:00:00Z</dcterms:modified>" in core
    )
    assert load_workbook(paths[0])["Hjemløshed"].cell(2, 1).value


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    path = tmp_path / "maalopfoelgning.xlsx"
    hostile = {"id": "hjemloese_657", "name": '=HYPERLINK("http://x","klik")'}
    sheets = workbook_sheets(
        pd.DataFrame([_row("hjemloese_657", "hjemloese")]),
        [{"name": "Hjemløshed", "targets": ["hjemloese_657"]}],
        INDICATORS,
        {"hjemloese_657": hostile},
        NAMES,
        SmallCounts(5),
    )
    write_workbook(sheets, path, date(2021, 3, 1))

    cell = load_workbook(path)["Hjemløshed"].cell(2, HEADERS.index("Indikator") + 1)
    assert cell.data_type == "s"
    assert cell.value == hostile["name"]


def test_an_assessed_status_stands_beside_the_computed_one_with_its_reason():
    row = _row(
        "hjemloese_657",
        "hjemloese",
        status="missed",
        status_da=STATUS_DA["missed"],
        assessed_status="achieved",
        assessed_status_da="Nået",
        assessment_reason="Målet er opfyldt ved en beslutning.",
        assessment_comment=None,
    )
    [header, cells] = _sheets([row])["Hjemløshed"]
    at = header.index("Status")
    assert cells[at : at + 3] == [
        "Ikke nået",
        "Nået",
        "Målet er opfyldt ved en beslutning.",
    ]
    assert header[at + 1 : at + 3] == [
        "Vurderet status (forvaltningen)",
        "Begrundelse for vurderet status",
    ]


def test_what_it_takes_now_and_last_year_are_columns():
    row = _row(
        "hjemloese_657",
        "hjemloese",
        required_annual_change=-3.5,
        achieved_annual_change=-8.0,
        reached_year=float("nan"),
    )
    previous = pd.DataFrame(
        [_row("hjemloese_657", "hjemloese", status="moderate", target_value=120.0)]
    )
    cells = dict(
        zip(HEADERS, _sheets([row], previous=previous)["Hjemløshed"][1], strict=True)
    )
    assert cells["Krævet ændring pr. år"] == -3.5
    assert cells["Opnået ændring pr. år"] == -8
    assert cells["Målet nås (år) i tendensens tempo"] == "nås ikke"
    assert cells["Status sidste år"] == "Moderat fremgang"
    assert cells["Ændring siden sidste år"] == "Målet er ændret"
    assert cells["Målet ændret siden sidste år"] == "målværdi 120 → 113"
    without = dict(zip(HEADERS, _sheets([row])["Hjemløshed"][1], strict=True))
    assert (
        without["Status sidste år"] is None
        and without["Ændring siden sidste år"] is None
    )


@pytest.mark.parametrize(
    ("sheet", "name"),
    [
        ("Hjemløshed", "T1_Hjemløshed"),
        ("Misbrug og 18-25 år: [x]", "T1_Misbrug_og_18_25_år_x"),
        ("A1", "T1_A1"),
        ("!!!", "T1_"),
    ],
)
def test_table_names_are_excel_names_made_from_the_sheet(sheet, name):
    assert table_name(sheet, 1) == name


def test_each_sheet_is_a_named_table_with_a_header_row_and_a_title(tmp_path):
    path = tmp_path / "maalopfoelgning.xlsx"
    sheets = {"Hjemløshed": [HEADERS], "Misbrug": [HEADERS, [None] * len(HEADERS)]}
    write_workbook(
        sheets, path, date(2021, 3, 1), title="Mål for Budget 2021 – Herning"
    )
    book = load_workbook(path)
    assert book.properties.title == "Mål for Budget 2021 – Herning"
    assert book.properties.language == "da-DK"
    tables = {ws.title: list(ws.tables.values()) for ws in book.worksheets}
    assert [t.displayName for t in tables["Hjemløshed"]] == ["T1_Hjemløshed"]
    assert [t.displayName for t in tables["Misbrug"]] == ["T2_Misbrug"]
    assert all(t.headerRowCount == 1 for ts in tables.values() for t in ts)
    assert tables["Misbrug"][0].ref == "A1:AA2"
