"""Every refusal of a Statistikbanken file says how to fix it, and the fix works.

Each test reads a file the ingest refuses, checks the message's fix, then
does what the fix says (taking names and values from the message itself
where it gives them) and shows that the file then reads. The fetch rule's
fix (``--config fetch=true``) is followed in tests/test_fetch.py.
"""

from __future__ import annotations

import re

from budgetmaal.reading.ingest import build_indicator_table
from budgetmaal.reading.statbank_layout import WEBSITE_FIX
from budgetmaal.shared.geography import load_geographies

GEO = load_geographies()
PATH = "data/raw/befolkning.csv"


def ingest(text: str, source: dict | None = None, indicator: dict | None = None):
    catalogue = {
        "sources": [{"id": "kilde", "path": PATH, "format": "statbank", **(source or {})}],
        "indicators": [
            {"id": "befolkning", "name": "Befolkning", "unit": "count",
             "better": "higher", "source": "kilde", **(indicator or {})}
        ],
    }  # fmt: skip
    table, problems, _ = build_indicator_table(catalogue, {PATH: text.encode()}, GEO)
    errors = [p for p in problems if p.severity == "error"]
    return {(r.geography, r.year): r.value for r in table.itertuples()}, errors


def test_misspelled_municipality_suggests_the_spelling_that_reads():
    text = "OMRÅDE;TID;INDHOLD\nHernnig;2020;89411\n"
    _, [error] = ingest(text)
    assert (error.line, error.column, error.value) == (2, "OMRÅDE", "Hernnig")
    spelling = re.search(r"ret stavningen til '([^']+)'", error.fix)[1]
    assert spelling == "Herning"
    assert ingest(text.replace("Hernnig", spelling)) == ({("657", 2020): 89411.0}, [])


def test_unknown_geography_in_rows_the_filter_leaves_out_is_no_error():
    text = "OMRÅDE;KØN;TID;INDHOLD\nHerning;I alt;2020;89411\nHernnig;Mænd;2020;1\n"
    assert ingest(text, indicator={"filter": {"KØN": "I alt"}}) == (
        {("657", 2020): 89411.0},
        [],
    )


def test_christiansoe_in_an_all_municipalities_download_is_no_error():
    text = "OMRÅDE;TID;INDHOLD\nBornholm;2020;39572\nChristiansø;2020;90\n"
    assert ingest(text) == ({("400", 2020): 39572.0}, [])


def test_several_value_columns_without_a_header_point_to_the_website_and_fetch():
    text = '"Hele landet";"2021K1";2902604;2937441\n"Herning";"2021K1";45038;44620\n'
    _, [error] = ingest(text, indicator={"annual": "first"})
    assert error.fix == WEBSITE_FIX
    assert "«Gem som»" in error.fix and "--config fetch=true" in error.fix
    # following the first option: the website's matrix with the columns named
    website = '"Folketal efter område, køn og tid"\n" ";" ";"2021K1"\n'
    website += '"Hele landet";"Mænd";2902604\n" ";"Kvinder";2937441\n'
    values, errors = ingest(
        website, indicator={"annual": "first", "filter": {"KØN": "Mænd"}}
    )
    assert (values, errors) == ({("000", 2021): 2902604.0}, [])


def test_a_file_without_periods_points_to_the_website_and_fetch():
    _, [error] = ingest("OMRÅDE;INDHOLD\nHerning;89411\n")
    assert error.fix == WEBSITE_FIX


def test_other_value_column_name_suggests_value_key_that_reads():
    text = "OMRÅDE;TID;ANTAL\nHerning;2020;89411\n"
    _, [error] = ingest(text)
    key, column = re.search(r"angiv (value): (\S+)", error.fix).groups()
    assert ingest(text, source={key: column}) == ({("657", 2020): 89411.0}, [])


def test_declared_geography_column_that_is_missing_lists_those_there_are():
    text = "KOMMUNE;TID;INDHOLD\nHerning;2020;89411\n"
    _, [error] = ingest(text, source={"geography": "BOPKOM"})
    assert error.column == "geography"
    columns = re.search(r"til en af kolonnerne (.+?), til en kode", error.fix)[1]
    assert "KOMMUNE" in columns.split(", ")
    assert ingest(text, source={"geography": "KOMMUNE"}) == (
        {("657", 2020): 89411.0},
        [],
    )


def test_fixed_geography_for_a_file_with_a_geography_column_suggests_a_filter():
    text = "OMRÅDE;TID;INDHOLD\nHerning;2020;89411\nFaxe;2020;36647\n"
    _, [error] = ingest(text, source={"geography": "657"})
    column, wanted = re.search(r"filter: \{(\S+): (\S+)\}", error.fix).groups()
    assert (column, wanted) == ("OMRÅDE", "657")
    fixed = ingest(text, indicator={"filter": {column: wanted}})
    assert fixed == ({("657", 2020): 89411.0}, [])


def test_fixed_geography_for_a_file_without_one():
    text = "KØN;TID;INDHOLD\nI alt;2020;89411\n"
    assert ingest(text, source={"geography": "Herning"}) == (
        {("657", 2020): 89411.0},
        [],
    )


def test_filter_on_a_column_the_file_lacks_lists_the_columns():
    text = "OMRÅDE;KØN;TID;INDHOLD\nHerning;I alt;2020;89411\n"
    _, [error] = ingest(text, indicator={"filter": {"SEX": "I alt"}})
    columns = error.fix.split("kolonnerne ")[1].split(", ")
    assert "KØN" in columns
    assert ingest(text, indicator={"filter": {"KØN": "I alt"}})[1] == []


def test_filter_value_the_file_lacks_lists_the_values():
    text = (
        "OMRÅDE;KØN;TID;INDHOLD\nHerning;Mænd;2020;44000\nHerning;Kvinder;2020;45411\n"
    )
    _, [error] = ingest(text, indicator={"filter": {"KØN": "Begge køn"}})
    present = error.expected.split("filen har ")[1].split(", ")
    assert present == ["Kvinder", "Mænd"]
    assert ingest(text, indicator={"filter": {"KØN": present[0]}}) == (
        {("657", 2020): 45411.0},
        [],
    )


def test_quarters_without_a_rule_suggest_annual():
    text = "OMRÅDE;TID;INDHOLD\n" + "".join(
        f"Herning;2020K{q};{89000 + q}\n" for q in range(1, 5)
    )
    _, [error] = ingest(text)
    rule = re.search(r"annual: (\w+)", error.fix)[1]
    assert ingest(text, indicator={"annual": rule}) == ({("657", 2020): 89004.0}, [])


def test_bad_value_time_code_and_row_width_each_say_what_to_do():
    text = "OMRÅDE;TID;INDHOLD\nHerning;2019;12x\nHerning;2020M13;5\nHerning;2021\n"
    _, errors = ingest(text)
    fixes = {e.line: e.fix for e in errors}
    assert "skriv '..'" in fixes[2] and "ret tidskoden" in fixes[3]
    assert "ret rækken" in fixes[4]
    fixed = "OMRÅDE;TID;INDHOLD\nHerning;2019;..\nHerning;2020;5\nHerning;2021;6\n"
    values, errors = ingest(fixed)
    assert errors == [] and values[("657", 2020)] == 5.0


def test_a_thousands_separator_is_never_read_as_a_decimal_point():
    text = "OMRÅDE;TID;INDHOLD\nHerning;2020;89.411\n"
    _, [error] = ingest(text)
    assert error.value == "89.411" and "uden" in error.fix
    assert ingest(text.replace("89.411", "89411")) == ({("657", 2020): 89411.0}, [])


def test_a_target_for_christiansoe_is_a_config_error():
    from budgetmaal.running.config_checks import target_problems

    catalogue = {
        "indicators": [{"id": "befolkning", "better": "higher", "unit": "count"}]
    }
    target = {
        "id": "t", "indicator": "befolkning", "geography": "411",
        "baseline": {"year": 2015}, "target": {"value": 10, "year": 2020},
    }  # fmt: skip
    [problem] = target_problems([target], catalogue, GEO)
    assert "'411' er ikke hele landet (000), en region eller en kommune" in str(problem)


def test_three_decimals_read_when_the_file_writes_no_thousands_separators():
    text = "OMRÅDE;TID;INDHOLD\nHele landet;2019;1.723\nHele landet;2020;1.68\n"
    assert ingest(text, indicator={"unit": "count"}) == (
        {("000", 2019): 1.723, ("000", 2020): 1.68},
        [],
    )


def test_a_spreadsheet_or_web_page_saved_as_the_source_points_to_csv_and_fetch():
    for start, kind in (("PK\x03\x04\x14\x00", "Excel"), ("<!DOCTYPE html>", "HTML")):
        _, [error] = ingest(start + "\nrest of the file\n")
        assert kind in error.value and error.fix == WEBSITE_FIX


def test_daily_counts_reduce_to_years_by_the_declared_rule():
    text = "TID;INDHOLD\n2020M12D30;150\n2020M12D31;161\n"
    _, [error] = ingest(text)  # days need a rule, like quarters
    rule = re.search(r"annual: (\w+)", error.fix)[1]
    assert ingest(text, indicator={"annual": rule}) == ({("000", 2020): 161.0}, [])
    # a sum needs all 366 days of 2020: the year is left out, not summed short
    assert ingest(text, indicator={"annual": "sum"}) == ({}, [])


def test_a_suggested_filter_is_valid_yaml_even_for_labels_with_colons():
    import yaml

    text = "OMRÅDE;NØGLETAL;TID;INDHOLD\nHerning;Andel: unge, 18-21 år;2020;12,5\n"
    text += "Herning;Andel: voksne;2020;7,5\n"
    _, [error] = ingest(text, indicator={"unit": "percent"})
    written = re.search(r"filter: (\{.*?\}) for", error.fix)[1]
    chosen = yaml.safe_load(written)
    values, errors = ingest(text, indicator={"unit": "percent", "filter": chosen})
    assert (values, errors) == ({("657", 2020): 12.5}, [])


def test_a_separator_at_the_end_of_every_line_is_no_extra_column():
    api = "OMRÅDE;TID;INDHOLD;\nHerning;2020;89411;\n"
    website = '" ";"2020";\n"Herning";89411;\n"Faxe";36647;\n'
    assert ingest(api) == ({("657", 2020): 89411.0}, [])
    assert ingest(website) == ({("657", 2020): 89411.0, ("320", 2020): 36647.0}, [])
