"""Real Statistikbanken download layouts, imitated by hand in tests/fixtures.

The fixtures and expected.csv were written without looking at the reader
(see the fixtures' README): every value a correct reader returns, with its
geography, period and the labels of the row's other variables.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from budgetmaal.reading import statbank
from budgetmaal.reading.statbank import READER_COLUMNS
from budgetmaal.reading.statbank_layout import split_rows
from budgetmaal.shared.geography import load_geographies

GEO = load_geographies()
FOLDER = Path(__file__).parents[1] / "fixtures/statbank_downloads"


def expected_rows() -> dict[str, list[dict]]:
    rows = defaultdict(list)
    with open(FOLDER / "expected.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["file"]].append(row)
    return rows


EXPECTED = expected_rows()


def read(name: str):
    text = statbank.decode((FOLDER / name).read_bytes())
    return statbank.read_statbank(text, name, statbank.StatbankColumns(), GEO)


def danish_period(row) -> str:
    kind, number = row["period_kind"], int(row["period"])
    if not kind:
        return str(row["year"])
    return (
        f"{row['year']}{kind}{number:02d}"
        if kind in "MU"
        else f"{row['year']}{kind}{number}"
    )


def value_key(value) -> str:
    return (
        ""
        if value == "" or (isinstance(value, float) and math.isnan(value))
        else (f"{float(value):.6g}")
    )


def test_the_fixtures_cover_the_layouts_the_issue_names():
    layouts = {name: read(name)[2].layout for name in EXPECTED}
    assert len(EXPECTED) >= 12
    assert any(
        "titel" in text and "perioderne som kolonner" in text
        for text in layouts.values()
    )
    assert any("fodnote" in text for text in layouts.values())
    assert any("komma-separeret" in text for text in layouts.values())
    assert any("KØN som kolonner" in text for text in layouts.values())
    assert any("uden overskrift" in text for text in layouts.values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_value_reads_with_its_geography_period_and_labels(name):
    frame, problems, reading = read(name)
    assert problems == []
    labels = [c for c in frame.columns if c not in READER_COLUMNS and c != "TID"]
    got = Counter(
        (
            row["geography"],
            danish_period(row),
            value_key(row["value"]),
            tuple(sorted(row[c] for c in labels if row[c] != row["geography_label"])),
        )
        for _, row in frame.iterrows()
    )
    wanted = Counter(
        (
            row["geography"],
            row["period"],
            value_key(row["value"]),
            tuple(sorted(p.split("=", 1)[1] for p in row["selection"].split("|") if p)),
        )
        for row in EXPECTED[name]
        if GEO.is_reported(row["geography"])
    )
    assert got == wanted


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_geographies_reports_do_not_use_are_left_out_and_listed(name):
    _, _, reading = read(name)
    left_out = Counter(
        r["geography"] for r in EXPECTED[name] if not GEO.is_reported(r["geography"])
    )
    listed = {note.split("(")[1].split(")")[0]: note for note in reading.skipped}
    assert set(listed) == set(left_out)
    for code, count in left_out.items():
        assert f"{count} værdi" in listed[code]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_value_is_traceable_to_a_cell_on_its_line(name):
    frame, _, _ = read(name)
    text = statbank.decode((FOLDER / name).read_bytes())
    rows, _ = split_rows(text)
    fields_by_line = dict(rows)
    for _, row in frame.iterrows():
        cells = fields_by_line[row["line"]]
        if math.isnan(row["value"]):
            assert ".." in cells
        else:
            assert any(statbank.parse_value(cell) == row["value"] for cell in cells)
        # the period: in the row, in the value's column label, or in a group's
        # label on a line above
        above = [f for line, f in rows if line <= row["line"]]
        assert row["time_text"] in row["column"] or any(
            row["time_text"] in fields for fields in above
        )


def test_a_table_without_geography_is_read_as_hele_landet_and_says_so():
    frame, _, reading = read("befolk2_api_da.csv")
    assert set(frame["geography"]) == {"000"}
    assert reading.geography == "ingen geografikolonne: læst som Hele landet (000)"


NAMED_STUB = {
    "folketal_web_navngivet_forspalte_da.csv": "(OMRÅDE)",
    "befolk2_web_navngivet_forspalte_en.csv": "(KØN, ALDER)",
}


def test_a_header_naming_the_stub_columns_is_said_in_the_reading():
    for name in EXPECTED:
        layout = read(name)[2].layout
        named = "forspalten navngivet i overskriften" in layout
        assert named == (name in NAMED_STUB), layout
        if named:
            assert layout.startswith("matrix fra statistikbanken.dk med perioderne")
            assert NAMED_STUB[name] in layout


def test_a_national_table_with_a_named_stub_reads_as_hele_landet():
    # "0 years" and "85 years and over" read as the codes 000 and 085: the
    # ALDER column must not be taken for the geography
    frame, _, reading = read("befolk2_web_navngivet_forspalte_en.csv")
    assert set(frame["geography"]) == {"000"}
    assert reading.geography == "ingen geografikolonne: læst som Hele landet (000)"


def read_text(text: str):
    return statbank.read_statbank(text, "fil.csv", statbank.StatbankColumns(), GEO)


@pytest.mark.parametrize(
    "text",
    [
        '"område";"2020";"2021"\n"Hele landet";5822763;5840045\n"Herning";89000;89500\n',
        "område;2020;2021\r\nHele landet;5822763;5840045\r\nHerning;89000;89500\r\n",
        '"Population by region and time"\n\nRegion,2020,2021\nAll Denmark,5822763,5840045\n'
        'Herning,89000,89500\n\n"Source: Statistics Denmark"\n',
    ],
)
def test_a_header_of_years_under_a_named_stub_is_no_longer_refused(text):
    frame, problems, reading = read_text(text)
    assert problems == []
    assert "forspalten navngivet i overskriften (OMRÅDE)" in reading.layout
    values = frame.set_index(["geography", "time_text"])["value"]
    assert values.to_dict() == {
        ("000", "2020"): 5822763,
        ("000", "2021"): 5840045,
        ("657", "2020"): 89000,
        ("657", "2021"): 89500,
    }


def test_a_named_stub_table_in_english_reads_decimal_points_and_missing_values():
    text = "Sex,2020,2021\nTotal,41.9,42.0\nMen,40.9,..\nWomen,42.9,43.1\n"
    frame, problems, reading = read_text(text)
    assert problems == []
    assert set(frame["geography"]) == {"000"}
    values = frame.set_index(["KØN", "time_text"])["value"]
    assert values[("Total", "2020")] == 41.9 and values[("Women", "2021")] == 43.1
    assert math.isnan(values[("Men", "2021")])


@pytest.mark.parametrize(
    "text",
    [
        # the label recurs below, as a header-less file's labels do
        "Hele landet;2020;2021\nHele landet;2021;1998\nHerning;2020;31\nHerning;2021;28\n",
        # a label once only, but the column under «2020» holds periods (TID)
        "Mænd;2020;2021\nKvinder;2020;2030\n",
    ],
)
def test_a_header_less_row_that_looks_like_a_header_of_years_stays_data(text):
    frame, problems, reading = read_text(text)
    assert problems == []
    assert reading.layout.startswith("én værdi pr. række uden overskrift")
    first = frame.iloc[0]
    assert (first["line"], first["time_text"], first["value"]) == (1, "2020", 2021)
    assert len(frame) == len(text.splitlines())


def test_filters_written_for_danish_labels_select_english_labels_too():
    from budgetmaal.reading.ingest import build_indicator_table

    catalogue = {
        "sources": [{"id": "en", "path": "folk1a_api_en.csv", "format": "statbank", "annual": "first"}],
        "indicators": [
            {"id": "befolkning", "name": "Befolkning", "unit": "count", "better": "higher",
             "source": "en", "filter": {"KØN": "I alt"}}
        ],
    }  # fmt: skip
    raw = {"folk1a_api_en.csv": (FOLDER / "folk1a_api_en.csv").read_bytes()}
    table, problems, _ = build_indicator_table(catalogue, raw, GEO)
    assert [p for p in problems if p.severity == "error"] == []
    assert table.set_index("geography").loc["000", "value"] == 5822763


def raw_data_examples() -> list[str]:
    page = Path(__file__).parents[2] / "docs/raw-data.md"
    text = page.read_text(encoding="utf-8")
    section = text.split("## Statistikbanken CSV")[1].split("## Fetching")[0]
    return section.split("```\n")[1::2]


def test_the_raw_data_page_shows_each_layout_in_five_lines_and_each_reads():
    examples = raw_data_examples()
    assert len(examples) >= 8
    for example in examples:
        assert len(example.splitlines()) == 5, example
        frame, problems, reading = statbank.read_statbank(
            example, "docs/raw-data.md", statbank.StatbankColumns(), GEO
        )
        assert problems == [] and not frame.empty, example
