"""Reading Statistikbanken CSV: encodings, time codes, values, geographies."""

from __future__ import annotations

import math

import pytest

from budgetmaal.reading import statbank
from budgetmaal.reading.statbank import Period, StatbankColumns
from budgetmaal.shared.geography import load_geographies

GEO = load_geographies()
FILE = "data/raw/test.csv"
DEFAULT = StatbankColumns()


def read(text: str, columns: StatbankColumns = DEFAULT):
    return statbank.read_statbank(text, FILE, columns, GEO)[:2]


# --- decoding -----------------------------------------------------------


def test_decode_plain_utf8():
    assert statbank.decode("OMRÅDE;Køge".encode()) == "OMRÅDE;Køge"


def test_decode_strips_utf8_bom():
    assert statbank.decode(b"\xef\xbb\xbfOMR\xc3\x85DE") == "OMRÅDE"


def test_decode_falls_back_to_latin1():
    # "OMRÅDE;Køge" as the website download writes it (ISO-8859-1)
    assert statbank.decode(b"OMR\xc5DE;K\xf8ge") == "OMRÅDE;Køge"


def test_latin1_file_reads_geography_and_header():
    raw = b"OMR\xc5DE;TID;INDHOLD\nK\xf8ge;2019;5\n"
    rows, problems = read(statbank.decode(raw))
    assert problems == []
    assert rows["geography"].tolist() == ["259"]
    assert rows["value"].tolist() == [5.0]


# --- time codes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2019", Period(2019, "", 0)),
        ("2019K1", Period(2019, "K", 1)),
        ("2019Q1", Period(2019, "K", 1)),
        ("2019K4", Period(2019, "K", 4)),
        ("2019M03", Period(2019, "M", 3)),
        ("2019M12", Period(2019, "M", 12)),
        ("2019U07", Period(2019, "U", 7)),
        ("2019U52", Period(2019, "U", 52)),
        ("2020U53", Period(2020, "U", 53)),
        ("2019H1", Period(2019, "H", 1)),
        ("2019H2", Period(2019, "H", 2)),
        (" 2019K2 ", Period(2019, "K", 2)),
    ],
)
def test_parse_time_accepts_statbank_codes(code, expected):
    assert statbank.parse_time(code) == expected


@pytest.mark.parametrize(
    "code",
    [
        "2019K5",
        "2019K0",
        "2019Q5",
        "2019M13",
        "2019M00",
        "19K1",
        "2019H3",
        "2019U00",
        "2019U53",  # 2019 has 52 ISO weeks
        "2019K",
        "2019X1",
        "",
        "K1",
    ],
)
def test_parse_time_rejects_invalid_codes(code):
    assert statbank.parse_time(code) is None


# --- values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5", 12.5), ("12.5", 12.5), ("7", 7.0), (" 3,25 ", 3.25), ("-3", -3.0)],
)
def test_parse_value_decimal_comma_and_point(text, expected):
    assert statbank.parse_value(text) == expected


def test_parse_value_two_dots_is_nan_not_zero():
    value = statbank.parse_value("..")
    assert value is not None and math.isnan(value)


@pytest.mark.parametrize("text", ["abc", "", "1.234,5", "1,2.3", "nan", "1e400", "."])
def test_parse_value_rejects_unparseable(text):
    assert statbank.parse_value(text) is None


# --- reading rows ---------------------------------------------------------


def test_reads_rows_with_line_year_period_and_value():
    text = "OMRÅDE;TID;INDHOLD\nHerning;2019K2;12,5\n"
    rows, problems = read(text)
    assert problems == []
    row = rows.iloc[0]
    assert (row["line"], row["geography"], row["year"]) == (2, "657", 2019)
    assert (row["period_kind"], row["period"], row["value"]) == ("K", 2, 12.5)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Herning", "657"),
        ("Hele landet", "000"),
        ("Region Sjælland", "085"),
        ("657", "657"),
        ("000", "000"),
        ("Køge", "259"),
    ],
)
def test_geography_by_name_or_code(written, code):
    rows, problems = read(f"OMRÅDE;TID;INDHOLD\n{written};2019;1\n")
    assert problems == []
    assert rows["geography"].tolist() == [code]


def test_two_dots_row_is_kept_as_nan():
    rows, problems = read("OMRÅDE;TID;INDHOLD\nHerning;2019;..\n")
    assert problems == []
    assert len(rows) == 1
    assert math.isnan(rows["value"].iloc[0])


def test_custom_columns_declared_on_source():
    text = "KOMMUNE;PERIODE;ANTAL\nHerning;2020;4\n"
    rows, problems = read(text, StatbankColumns("KOMMUNE", "PERIODE", "ANTAL"))
    assert problems == []
    assert rows[["geography", "year", "value"]].values.tolist() == [["657", 2020, 4.0]]


def test_quoted_header_is_accepted():
    rows, problems = read('"OMRÅDE";"TID";"INDHOLD"\n"Herning";"2019";"3"\n')
    assert problems == []
    assert rows["value"].tolist() == [3.0]


# --- bad input ------------------------------------------------------------


def test_comma_separated_file_reads_like_a_semicolon_file():
    rows, problems = read("OMRÅDE,TID,INDHOLD\nHerning,2019,1\n")
    assert problems == []
    assert rows[["geography", "year", "value"]].values.tolist() == [["657", 2019, 1.0]]


def test_missing_columns_are_named():
    rows, problems = read("OMRÅDE;INDHOLD\nHerning;1\n")
    assert rows.empty
    assert [(p.line, p.column) for p in problems] == [(1, "TID")]
    assert "TID" in problems[0].expected


def test_custom_value_column_missing_is_named():
    _, problems = read(
        "OMRÅDE;TID;INDHOLD\nHerning;2019;1\n", StatbankColumns(value="ANTAL")
    )
    assert [(p.line, p.column) for p in problems] == [(1, "ANTAL")]


def test_unparseable_value_names_line_and_column():
    rows, problems = read("OMRÅDE;TID;INDHOLD\nHerning;2019;1\nHerning;2020;12x\n")
    assert rows["year"].tolist() == [2019]
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        (FILE, 3, "INDHOLD", "12x")
    ]
    assert "'..'" in problems[0].expected


@pytest.mark.parametrize("written", ["Hernning", "999", "Region Fyn"])
def test_unknown_geography_is_kept_unresolved_for_the_ingest_to_judge(written):
    # A filter may still leave the row out; the ingest reports those it keeps.
    rows, problems = read(f"OMRÅDE;TID;INDHOLD\n{written};2019;1\n")
    assert problems == []
    assert rows[["geography", "geography_label"]].values.tolist() == [[None, written]]


def test_invalid_time_code_names_time_column():
    _, problems = read("OMRÅDE;TID;INDHOLD\nHerning;2019M13;1\n")
    assert [(p.line, p.column, p.value) for p in problems] == [(2, "TID", "2019M13")]


def test_all_bad_rows_in_a_file_are_listed():
    text = (
        "OMRÅDE;TID;INDHOLD\n"
        "Herning;2019;abc\n"
        "Herning;2020;5\n"
        "Hernning;2021;6\n"
        "Herning;19K1;7\n"
    )
    rows, problems = read(text)
    assert rows["year"].tolist() == [2020, 2021]
    assert rows["geography"].fillna("ukendt").tolist() == ["657", "ukendt"]
    assert [(p.line, p.column) for p in problems] == [(2, "INDHOLD"), (5, "TID")]
    assert all(p.severity == "error" and p.file == FILE for p in problems)


def test_one_row_with_several_bad_fields_lists_each():
    _, problems = read("OMRÅDE;TID;INDHOLD\nHerning;2019K5;x\n")
    assert sorted(p.column for p in problems) == ["INDHOLD", "TID"]
    assert {p.line for p in problems} == {2}


def test_wrong_number_of_fields_is_an_error_with_line():
    _, problems = read("OMRÅDE;TID;INDHOLD\nHerning;2019\n")
    assert [p.line for p in problems] == [2]
    assert "3 felter" in problems[0].expected


def test_line_numbers_count_blank_lines():
    rows, problems = read("OMRÅDE;TID;INDHOLD\n\nHerning;2019;1\n\nHerning;2020;x\n")
    assert rows["line"].tolist() == [3]
    assert [p.line for p in problems] == [5]


def test_days_are_numbered_by_day_of_the_year():
    # DODC1 (deaths per day) writes days as 2020M01D01
    assert statbank.parse_time("2020M02D29") == Period(2020, "D", 60)
    assert statbank.parse_time("2020M12D31") == Period(2020, "D", 366)
    assert statbank.parse_time("2021M02D29") is None
    assert statbank.parse_time("2021K1D01") is None
    assert statbank.periods_in_year("D", 2021) == 365
