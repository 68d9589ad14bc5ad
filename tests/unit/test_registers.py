"""Register extracts: parsing, validation and the derived measures."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from budgetmaal.reading import registers

FILE = "data/raw/register.csv"
SHELTER_HEADER = "person_id;birth_year;intake_date;discharge_date\n"
TREATMENT_HEADER = "person_id;start_date;end_date;end_status\n"


def shelter(*rows: str):
    return registers.read_shelter_stays(SHELTER_HEADER + "\n".join(rows) + "\n", FILE)


def treatments(*rows: str):
    return registers.read_treatments(TREATMENT_HEADER + "\n".join(rows) + "\n", FILE)


def where(problems):
    return [(p.file, p.line, p.column) for p in problems]


# --- shelter extract ------------------------------------------------------


def test_shelter_rows_are_parsed_and_open_stay_has_no_discharge():
    stays, problems = shelter("P1;2000;2019-01-05;2019-02-01", "P2;1990;2019-03-01;")
    assert problems == []
    assert stays["line"].tolist() == [2, 3]
    assert stays["birth_year"].tolist() == [2000, 1990]
    assert stays["intake_date"].tolist() == [date(2019, 1, 5), date(2019, 3, 1)]
    assert stays["discharge_date"].iloc[0] == date(2019, 2, 1)
    assert pd.isna(stays["discharge_date"].iloc[1])


def test_discharge_before_intake_is_an_error():
    stays, problems = shelter("P1;2000;2019-03-01;2019-02-28")
    assert stays.empty
    assert where(problems) == [(FILE, 2, "discharge_date")]
    assert "2019-03-01" in problems[0].expected


def test_discharge_on_intake_day_is_allowed():
    stays, problems = shelter("P1;2000;2019-03-01;2019-03-01")
    assert problems == []
    assert len(stays) == 1


def test_shelter_dates_must_be_iso():
    _, problems = shelter(
        "P1;2000;2019-13-01;",
        "P2;2000;01-02-2019;",
        "P3;2000;20190102;",
        "P4;2000;;",
        "P5;2000;2019-01-01;2019/02/01",
    )
    assert where(problems) == [
        (FILE, 2, "intake_date"),
        (FILE, 3, "intake_date"),
        (FILE, 4, "intake_date"),
        (FILE, 5, "intake_date"),
        (FILE, 6, "discharge_date"),
    ]


def test_shelter_birth_year_and_person_are_checked():
    _, problems = shelter("P1;19x0;2019-01-01;", ";2000;2019-01-01;")
    assert where(problems) == [(FILE, 2, "birth_year"), (FILE, 3, "person_id")]


def test_all_bad_shelter_rows_are_listed_and_good_rows_kept():
    stays, problems = shelter(
        "P1;2000;2019-03-01;2019-02-01",
        "P2;2000;2019-01-01;",
        "P3;2000;2019-05-01;2019-04-01",
        "P4;2000;2019-07-01;2019-06-01",
    )
    assert stays["person_id"].tolist() == ["P2"]
    assert [p.line for p in problems] == [2, 4, 5]
    assert all(p.severity == "error" for p in problems)


def test_comma_separated_register_names_missing_columns():
    stays, problems = registers.read_shelter_stays(
        "person_id,birth_year,intake_date,discharge_date\nP1,2000,2019-01-01,\n", FILE
    )
    assert stays.empty
    assert len(problems) == 1
    assert problems[0].line == 1
    assert problems[0].column == "person_id, birth_year, intake_date, discharge_date"
    assert "semikolon" in problems[0].expected


def test_register_row_with_wrong_field_count():
    _, problems = shelter("P1;2000;2019-01-01")
    assert [p.line for p in problems] == [2]


# --- treatment extract ----------------------------------------------------


def test_treatment_rows_are_parsed_open_episode_has_no_status():
    episodes, problems = treatments(
        "T1;2019-01-01;2019-06-30;stoffri", "T2;2019-02-01;;"
    )
    assert problems == []
    assert episodes["end_status"].iloc[0] == "stoffri"
    assert pd.isna(episodes["end_status"].iloc[1])
    assert pd.isna(episodes["end_date"].iloc[1])


def test_treatment_unknown_or_empty_status_on_ended_episode():
    _, problems = treatments(
        "T1;2019-01-01;2019-06-30;clean", "T2;2019-01-01;2019-06-30;"
    )
    assert where(problems) == [(FILE, 2, "end_status"), (FILE, 3, "end_status")]
    assert "stoffri" in problems[0].expected


def test_treatment_status_without_end_date_is_an_error():
    _, problems = treatments("T1;2019-01-01;;stoffri")
    assert where(problems) == [(FILE, 2, "end_status")]


def test_treatment_end_before_start_is_an_error():
    _, problems = treatments("T1;2019-06-01;2019-05-31;afbrudt")
    assert where(problems) == [(FILE, 2, "end_date")]


# --- derived measures -------------------------------------------------------


def test_persons_in_age_range_counts_distinct_people_overlapping_each_year():
    stays, problems = shelter(
        # A: born 2000, aged 18 in 2018 and 19 in 2019; two stays in 2019
        "A;2000;2018-06-01;2019-01-10",
        "A;2000;2019-05-01;2019-06-01",
        # B: aged 26 in 2019, too old
        "B;1993;2019-03-01;2019-04-01",
        # C: open stay from late 2019, ongoing in 2020
        "C;2001;2019-11-01;",
        # D: aged 18 in 2020
        "D;2002;2020-01-01;2020-01-31",
        # E: aged 25 in 2020, the upper bound is included
        "E;1995;2020-02-01;2020-03-01",
        # F: aged 17 in 2020, too young
        "F;2003;2020-02-01;2020-03-01",
        # G: aged 20, stay ended 31 Dec 2018, so not in 2019
        "G;1999;2018-12-01;2018-12-31",
    )
    assert problems == []
    counts = registers.persons_in_age_range(stays, range(2018, 2021), 18, 25)
    # 2018: A, G; 2019: A, C; 2020: C, D, E
    assert counts == {2018: 2.0, 2019: 2.0, 2020: 3.0}


def test_persons_in_age_range_with_only_open_stays():
    stays, _ = shelter("A;2000;2019-01-01;", "B;2001;2019-06-01;")
    assert registers.persons_in_age_range(stays, range(2019, 2021), 18, 25) == {
        2019: 2.0,
        2020: 2.0,
    }


def test_share_of_stays_longer_than_120_days():
    stays, problems = shelter(
        "A;2000;2019-01-01;2019-05-01",  # exactly 120 days: not longer
        "B;2000;2019-01-01;2019-05-02",  # 121 days
        "C;2000;2019-06-01;2019-06-11",  # 10 days
        "D;2000;2018-09-01;2019-03-20",  # 200 days, ended 2019
        "E;2000;2019-12-01;",  # open: not ended
    )
    assert problems == []
    shares = registers.share_of_ended_stays_longer_than(stays, range(2018, 2021), 120)
    assert shares[2019] == registers.Share(2, 4)
    assert shares[2019].percent == 50.0
    assert math.isnan(shares[2018].percent)
    assert math.isnan(shares[2020].percent)


def test_share_of_stays_when_no_stay_has_ended():
    stays, _ = shelter("A;2000;2019-01-01;")
    shares = registers.share_of_ended_stays_longer_than(stays, range(2019, 2020), 120)
    assert list(shares) == [2019]
    assert shares[2019] == registers.Share(0, 0)


def test_share_of_treatments_with_status():
    episodes, problems = treatments(
        "T1;2018-01-01;2019-02-01;stoffri",
        "T2;2019-01-01;2019-03-01;reduceret",
        "T3;2019-01-01;2019-04-01;afbrudt",
        "T4;2019-01-01;2019-05-01;doed",
        "T5;2019-06-01;2020-01-15;uaendret",
        "T6;2020-02-01;;",
    )
    assert problems == []
    shares = registers.share_of_ended_treatments_with_status(
        episodes, range(2018, 2022), ["stoffri", "reduceret"]
    )
    assert shares[2019].percent == 50.0
    assert shares[2020] == registers.Share(0, 1)
    assert math.isnan(shares[2018].percent)
    assert math.isnan(shares[2021].percent)


def test_covered_years_span_all_dates():
    stays, _ = shelter("A;2000;2017-05-01;2018-01-01", "B;2000;2020-03-01;")
    assert registers.covered_years(stays, ("intake_date", "discharge_date")) == range(
        2017, 2021
    )
