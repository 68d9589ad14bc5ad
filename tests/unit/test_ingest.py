"""From declared raw files to the tidy indicator table, and every bad input."""

from __future__ import annotations

import math

import pytest

from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.reading.ingest import (
    TIDY_COLUMNS,
    build_indicator_table,
    find_undeclared_files,
)
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.problems import InputError, raise_if_errors

GEO = load_geographies()
PATH = "data/raw/a.csv"
PATH_B = "data/raw/b.csv"
HEADER = "OMRÅDE;TID;INDHOLD\n"


def catalogue(unit="count", source_extra=None, indicator_extra=None):
    source = {"id": "a", "path": PATH, "format": "statbank", **(source_extra or {})}
    indicator = {
        "id": "ind",
        "name": "Indikator",
        "unit": unit,
        "better": "lower",
        "source": "a",
        **(indicator_extra or {}),
    }
    return {"sources": [source], "indicators": [indicator]}


def build(cat, text_or_bytes, path=PATH, small_count_threshold=1):
    """The tidy table and problems; a threshold of 1 hides nothing, so the
    small sample registers show their derived values."""
    raw = text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode()
    return build_indicator_table(
        cat, {path: raw}, GEO, SmallCounts(small_count_threshold)
    )[:2]


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def warnings(problems):
    return [p for p in problems if p.severity == "warning"]


def values(table):
    return {(r.geography, r.year): r.value for r in table.itertuples()}


# --- the tidy table ---------------------------------------------------------


def test_annual_rows_become_tidy_rows_with_provenance():
    table, problems = build(
        catalogue(source_extra={"example_data": True}),
        HEADER + "Herning;2019;12\nHele landet;2019;5000\n",
    )
    assert problems == []
    assert list(table.columns) == TIDY_COLUMNS
    first = table.iloc[0].to_dict()
    assert first == {
        "indicator_id": "ind",
        "geography": "000",
        "year": 2019,
        "value": 5000.0,
        "source_id": "a",
        "source_file": PATH,
        "source_line": "3",
        "example_data": True,
        "note": "",
        "small_numbers": False,
    }
    assert table["geography"].tolist() == ["000", "657"]
    assert table["year"].dtype.kind == "i"
    assert table["value"].dtype.kind == "f"


@pytest.mark.parametrize(
    "raw",
    [
        "OMRÅDE;TID;INDHOLD\nKøge;2019;12,5\n".encode(),
        "OMRÅDE;TID;INDHOLD\nKøge;2019;12.5\n".encode("utf-8-sig"),
        "OMRÅDE;TID;INDHOLD\nKøge;2019;12,5\n".encode("iso-8859-1"),
    ],
    ids=["utf8-comma", "utf8-bom-point", "latin1-comma"],
)
def test_encodings_and_decimal_marks_give_the_same_value(raw):
    table, problems = build(catalogue(), raw)
    assert problems == []
    assert values(table) == {("259", 2019): 12.5}


def test_two_dots_is_a_missing_value_with_a_warning_not_zero():
    table, problems = build(catalogue(), HEADER + "Herning;2018;3\nHerning;2019;..\n")
    assert errors(problems) == []
    row = table[table["year"] == 2019].iloc[0]
    assert math.isnan(row["value"])
    assert row["note"] == ".."
    [warning] = warnings(problems)
    assert (warning.file, warning.line, warning.column) == (PATH, 3, "INDHOLD")
    assert warning.value == ".."
    assert warning.geography == "657"


def test_filter_selects_one_series():
    text = (
        "KØN;OMRÅDE;TID;INDHOLD\n"
        "Mænd;Herning;2019;7\n"
        "Kvinder;Herning;2019;5\n"
        "I alt;Herning;2019;12\n"
    )
    table, problems = build(
        catalogue(indicator_extra={"filter": {"KØN": "I alt"}}), text
    )
    assert problems == []
    assert values(table) == {("657", 2019): 12.0}
    assert table["source_line"].tolist() == ["4"]


def test_several_series_without_filter_name_the_variable_and_the_filter():
    text = "KØN;OMRÅDE;TID;INDHOLD\nMænd;Herning;2019;7\nKvinder;Herning;2019;5\n"
    table, problems = build(catalogue(), text)
    [error] = errors(problems)
    assert (error.file, error.line, error.column) == (PATH, 2, "KØN")
    assert "filter: {KØN: Mænd}" in error.fix
    assert table.empty
    # the suggested fix reads
    table, problems = build(
        catalogue(indicator_extra={"filter": {"KØN": "Mænd"}}), text
    )
    assert (problems, values(table)) == ([], {("657", 2019): 7.0})


def test_several_series_suggest_the_total_where_there_is_one():
    text = "OMRÅDE;KØN;TID;INDHOLD\nHerning;Mænd;2019;7\nHerning;I alt;2019;12\n"
    _, problems = build(catalogue(), text)
    [error] = errors(problems)
    assert "filter: {KØN: I alt}" in error.fix


def test_filter_value_not_in_file_is_an_error():
    text = "KØN;OMRÅDE;TID;INDHOLD\nMænd;Herning;2019;7\n"
    _, problems = build(catalogue(indicator_extra={"filter": {"KØN": "I alt"}}), text)
    [error] = errors(problems)
    assert (error.file, error.column, error.value) == (PATH, "KØN", "I alt")


def test_custom_columns_declared_on_source():
    cat = catalogue(
        source_extra={"geography": "KOMMUNE", "time": "PERIODE", "value": "ANTAL"}
    )
    table, problems = build(cat, "KOMMUNE;PERIODE;ANTAL\n657;2019;3\nHerning;2020;4\n")
    assert problems == []
    assert values(table) == {("657", 2019): 3.0, ("657", 2020): 4.0}


def test_custom_value_column_is_named_in_problems():
    cat = catalogue(unit="percent", source_extra={"value": "PCT"})
    _, problems = build(cat, "OMRÅDE;TID;PCT\nHerning;2019;101\n")
    assert [(p.line, p.column) for p in errors(problems)] == [(2, "PCT")]


# --- sub-annual to annual -----------------------------------------------------

QUARTERS = HEADER + (
    "Herning;2019K1;10\n"
    "Herning;2019K2;20\n"
    "Herning;2019K3;30\n"
    "Herning;2019K4;40\n"
    "Herning;2020K1;1\n"
    "Herning;2020K2;2\n"
    "Herning;2020K3;3\n"
)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("last", 40.0), ("first", 10.0), ("mean", 25.0), ("sum", 100.0)],
)
def test_quarters_reduced_by_declared_rule(rule, expected):
    table, problems = build(catalogue(source_extra={"annual": rule}), QUARTERS)
    assert errors(problems) == []
    assert values(table)[("657", 2019)] == expected


@pytest.mark.parametrize("rule", ["last", "mean", "sum"])
def test_incomplete_year_is_left_out_with_a_warning(rule):
    table, problems = build(catalogue(source_extra={"annual": rule}), QUARTERS)
    assert table["year"].tolist() == [2019]
    [warning] = warnings(problems)
    assert (warning.file, warning.line, warning.column) == (PATH, 6, "TID")
    assert warning.value.startswith("2020: 3 af 4")
    assert warning.geography == "657"


def test_reduced_row_records_lines_and_rule():
    table, _ = build(catalogue(source_extra={"annual": "sum"}), QUARTERS)
    row = table.iloc[0]
    assert (row["source_line"], row["note"]) == ("2-5", "sum af K")


def test_q_codes_are_quarters_too():
    text = HEADER + "".join(f"Herning;2019Q{q};{q}\n" for q in (1, 2, 3, 4))
    table, problems = build(catalogue(source_extra={"annual": "sum"}), text)
    assert problems == []
    assert values(table) == {("657", 2019): 10.0}


def test_two_dots_quarter_makes_the_year_incomplete_for_sum():
    text = HEADER + "Herning;2019K1;1\nHerning;2019K2;..\nHerning;2019K3;1\n"
    text += "Herning;2019K4;1\n"
    table, problems = build(catalogue(source_extra={"annual": "sum"}), text)
    assert table.empty
    assert [p.severity for p in problems] == ["warning"]


def test_indicator_rule_overrides_source_rule():
    cat = catalogue(source_extra={"annual": "sum"}, indicator_extra={"annual": "last"})
    table, _ = build(cat, QUARTERS)
    assert values(table) == {("657", 2019): 40.0}


def test_quarters_without_a_rule_are_an_error():
    _, problems = build(catalogue(), QUARTERS)
    [error] = errors(problems)
    assert (error.file, error.line, error.column) == (PATH, 2, "TID")
    assert "annual" in error.fix


def test_half_years_and_months_are_summed():
    text = HEADER + "Herning;2019H1;4\nHerning;2019H2;6\n"
    text += "".join(f"Hele landet;2019M{m:02d};1\n" for m in range(1, 13))
    table, problems = build(catalogue(source_extra={"annual": "sum"}), text)
    assert problems == []
    assert values(table) == {("657", 2019): 10.0, ("000", 2019): 12.0}


def test_weeks_follow_iso_years_of_52_and_53_weeks():
    weeks_2019 = "".join(f"Herning;2019U{w:02d};1\n" for w in range(1, 53))
    weeks_2020 = "".join(f"Herning;2020U{w:02d};1\n" for w in range(1, 54))
    table, problems = build(
        catalogue(source_extra={"annual": "sum"}), HEADER + weeks_2019 + weeks_2020
    )
    assert problems == []
    assert values(table) == {("657", 2019): 52.0, ("657", 2020): 53.0}


def test_53_week_year_with_52_weeks_is_incomplete():
    weeks = "".join(f"Herning;2020U{w:02d};1\n" for w in range(1, 53))
    table, problems = build(catalogue(source_extra={"annual": "last"}), HEADER + weeks)
    assert table.empty
    assert [p.severity for p in problems] == ["warning"]


def test_same_quarter_twice_is_an_error_not_summed():
    text = QUARTERS.replace(
        "Herning;2019K2;20\n", "Herning;2019K2;20\nHerning;2019K2;20\n"
    )
    table, problems = build(catalogue(source_extra={"annual": "sum"}), text)
    assert 2019 not in table["year"].tolist()
    [error] = errors(problems)
    assert (error.line, error.column, error.value) == (4, "TID", "2019K2")


# --- bad input ---------------------------------------------------------------


def test_missing_file_is_an_error_naming_the_file():
    table, problems, _ = build_indicator_table(catalogue(), {PATH: None}, GEO)
    assert table.empty
    [error] = errors(problems)
    assert error.file == PATH
    assert "'a'" in error.expected


def test_comma_separated_file_reads():
    cat = catalogue(indicator_extra={"filter": {"KØN": "I alt"}})
    table, problems = build(cat, "KØN,OMRÅDE,TID,INDHOLD\nI alt,Herning,2019,1\n")
    assert (problems, values(table)) == ([], {("657", 2019): 1.0})


def test_missing_columns_error_names_column():
    _, problems = build(catalogue(), "OMRÅDE;TID\nHerning;2019\n")
    assert [(p.line, p.column) for p in problems] == [(1, "INDHOLD")]


def test_unknown_municipality_code_is_an_error():
    _, problems = build(catalogue(), HEADER + "999;2019;1\n")
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        (PATH, 2, "OMRÅDE", "999")
    ]


def test_every_bad_row_of_a_file_is_reported():
    text = (
        HEADER + "Herning;2019;x\nHerning;2020;1\nHernning;2021;1\nHerning;2022K9;1\n"
    )
    table, problems = build(catalogue(), text)
    assert sorted((p.line, p.column) for p in errors(problems)) == [
        (2, "INDHOLD"),
        (4, "OMRÅDE"),
        (5, "TID"),
    ]
    assert table["year"].tolist() == [2020]


def test_same_year_twice_in_one_file():
    _, problems = build(catalogue(), HEADER + "Herning;2019;1\n657;2019;2\n")
    [error] = errors(problems)
    assert (error.file, error.line) == (PATH, 3)
    assert "ind, 657, 2019" in error.value


def test_same_year_from_two_sources_names_the_second_file_and_its_line():
    cat = {
        "sources": [
            {"id": "a", "path": PATH, "format": "statbank"},
            {"id": "b", "path": PATH_B, "format": "statbank"},
        ],
        "indicators": [
            {
                "id": "ind",
                "name": "I",
                "unit": "count",
                "better": "lower",
                "source": ["a", "b"],
            }
        ],
    }
    raw = {
        PATH: (HEADER + "Herning;2018;1\nHerning;2019;1\n").encode(),
        PATH_B: (HEADER + "Herning;2019;2\nHerning;2020;3\n").encode(),
    }
    table, problems, _ = build_indicator_table(cat, raw, GEO)
    [error] = errors(problems)
    assert (error.file, error.line, error.column) == (PATH_B, 2, "INDHOLD")
    assert PATH in error.value and PATH_B in error.value


def test_two_sources_without_overlap_are_combined():
    cat = catalogue(indicator_extra={"source": ["a", "b"]})
    cat["sources"].append({"id": "b", "path": PATH_B, "format": "statbank"})
    raw = {
        PATH: (HEADER + "Herning;2018;1\n").encode(),
        PATH_B: (HEADER + "Herning;2019;2\n").encode(),
    }
    table, problems, _ = build_indicator_table(cat, raw, GEO)
    assert problems == []
    assert table["source_id"].tolist() == ["a", "b"]
    assert values(table) == {("657", 2018): 1.0, ("657", 2019): 2.0}


@pytest.mark.parametrize(
    ("value", "bad"), [("100", False), ("0", False), ("100,5", True), ("-0,1", True)]
)
def test_percent_must_be_between_0_and_100(value, bad):
    _, problems = build(catalogue(unit="percent"), HEADER + f"Herning;2019;{value}\n")
    found = [(p.line, p.column) for p in errors(problems)]
    assert found == ([(2, "INDHOLD")] if bad else [])


@pytest.mark.parametrize("unit", ["count", "days"])
def test_negative_count_or_days_is_an_error(unit):
    _, problems = build(catalogue(unit=unit), HEADER + "Herning;2019;-3\n")
    [error] = errors(problems)
    assert (error.file, error.line, error.column, error.value) == (
        PATH,
        2,
        "INDHOLD",
        "-3.0",
    )


def test_find_undeclared_files():
    present = [
        "data/raw/a.csv",
        "data/raw/glemt.csv",
        "data/raw/README.md",
        "data/raw/MANIFEST.csv",
    ]
    problems = find_undeclared_files(present, catalogue())
    assert [(p.file, p.severity) for p in problems] == [("data/raw/glemt.csv", "error")]


def test_input_error_lists_every_error_but_no_warning():
    text = HEADER + "Herning;2018;..\nHerning;2019;x\nHernning;2020;1\n"
    _, problems = build(catalogue(), text)
    with pytest.raises(InputError) as caught:
        raise_if_errors(problems)
    message = str(caught.value)
    assert message.startswith("2 fejl i inddata:")
    assert f"{PATH}, linje 3, kolonne INDHOLD" in message
    assert f"{PATH}, linje 4, kolonne OMRÅDE" in message
    assert "linje 2" not in message


def test_warnings_alone_do_not_raise():
    _, problems = build(catalogue(), HEADER + "Herning;2019;..\n")
    assert problems
    raise_if_errors(problems)


# --- register sources ------------------------------------------------------------

SHELTER = (
    "person_id;birth_year;intake_date;discharge_date\n"
    "A;2000;2019-01-01;2019-05-01\n"  # 120 days, aged 19
    "B;1990;2019-01-01;2019-05-02\n"  # 121 days, aged 29
    "C;2001;2020-03-01;\n"  # open, aged 19 in 2020
)
TREATMENT = (
    "person_id;start_date;end_date;end_status\n"
    "T1;2019-01-01;2019-03-01;stoffri\n"
    "T2;2019-01-01;2019-04-01;afbrudt\n"
    "T3;2019-01-01;2019-05-01;reduceret\n"
    "T4;2019-01-01;2019-06-01;doed\n"
    "T5;2020-01-01;;\n"
)


def register_catalogue(form, measure, parameters, unit="percent", geography="657"):
    return {
        "sources": [{"id": "r", "path": PATH, "format": form, "geography": geography}],
        "indicators": [
            {
                "id": "reg",
                "name": "R",
                "unit": unit,
                "better": "lower",
                "source": "r",
                "measure": measure,
                "parameters": parameters,
            }
        ],
    }


def test_register_persons_in_age_range_end_to_end():
    cat = register_catalogue(
        "register_shelter",
        "persons_in_age_range",
        {"min_age": 18, "max_age": 25},
        unit="count",
    )
    table, problems = build(cat, SHELTER)
    assert problems == []
    assert values(table) == {("657", 2019): 1.0, ("657", 2020): 1.0}
    assert set(table["source_file"]) == {PATH}
    assert set(table["note"]) == {""}


def test_register_long_stays_end_to_end_with_no_ended_stay_year():
    cat = register_catalogue(
        "register_shelter", "share_of_ended_stays_longer_than", {"days": 120}
    )
    table, problems = build(cat, SHELTER)
    assert problems == []
    by_year = table.set_index("year")
    assert by_year.loc[2019, "value"] == 50.0
    assert math.isnan(by_year.loc[2020, "value"])
    assert by_year.loc[2020, "note"] == "ingen afsluttede forløb"


def test_register_treatment_status_end_to_end():
    cat = register_catalogue(
        "register_treatment",
        "share_of_ended_treatments_with_status",
        {"statuses": ["stoffri", "reduceret"]},
    )
    table, problems = build(cat, TREATMENT)
    assert problems == []
    assert values(table)[("657", 2019)] == 50.0
    assert math.isnan(values(table)[("657", 2020)])


def test_small_register_values_are_hidden_where_they_are_made():
    cat = register_catalogue(
        "register_treatment",
        "share_of_ended_treatments_with_status",
        {"statuses": ["stoffri", "reduceret"]},
    )
    table, problems = build(cat, TREATMENT, small_count_threshold=5)
    assert problems == []
    by_year = table.set_index("year")
    # 2 of 4 ended treatments in 2019: hidden; 2020 has none ended: no value.
    assert math.isnan(by_year.loc[2019, "value"]) and by_year.loc[2019, "small_numbers"]
    assert by_year.loc[2019, "note"] == "under 5: vises ikke (små tal)"
    assert not by_year.loc[2020, "small_numbers"]
    assert by_year.loc[2020, "note"] == "ingen afsluttede forløb"


def test_register_source_geography_by_name_becomes_code():
    cat = register_catalogue(
        "register_shelter",
        "persons_in_age_range",
        {"min_age": 18, "max_age": 25},
        unit="count",
        geography="Herning",
    )
    table, _ = build(cat, SHELTER)
    assert set(table["geography"]) == {"657"}


def test_register_discharge_before_intake_end_to_end():
    cat = register_catalogue(
        "register_shelter", "share_of_ended_stays_longer_than", {"days": 120}
    )
    bad = SHELTER + "D;2000;2019-06-01;2019-05-31\nE;2000;2019-06-01;2019-05-30\n"
    _, problems = build(cat, bad)
    assert [(p.file, p.line, p.column) for p in errors(problems)] == [
        (PATH, 5, "discharge_date"),
        (PATH, 6, "discharge_date"),
    ]


def test_register_latin1_bytes_are_read():
    cat = register_catalogue(
        "register_treatment",
        "share_of_ended_treatments_with_status",
        {"statuses": ["stoffri"]},
    )
    raw = TREATMENT.replace("T1", "Æ1").encode("iso-8859-1")
    table, problems = build(cat, raw)
    assert problems == []
    assert values(table)[("657", 2019)] == 25.0


def test_empty_source_does_not_change_column_types():
    cat = catalogue(indicator_extra={"source": ["a", "b"]})
    cat["sources"].append({"id": "b", "path": PATH_B, "format": "statbank"})
    raw = {PATH: (HEADER + "Herning;2019;1\n").encode(), PATH_B: HEADER.encode()}
    table, problems, _ = build_indicator_table(cat, raw, GEO)
    assert problems == []
    assert table["year"].tolist() == [2019]
    assert table["year"].dtype.kind == "i"
    assert table["value"].dtype.kind == "f"


def test_no_rows_at_all_still_gives_the_tidy_columns():
    table, _, _ = build_indicator_table(catalogue(), {PATH: None}, GEO)
    assert list(table.columns) == TIDY_COLUMNS
    assert table.empty
