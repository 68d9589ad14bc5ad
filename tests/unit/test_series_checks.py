"""A year missing inside a series is a warning, not an error."""

from __future__ import annotations

import pandas as pd

from budgetmaal.reading.series_checks import missing_year_warnings


def _tidy(years, geography="657") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": "hjemloese",
            "geography": geography,
            "year": years,
            "source_file": "data/raw/hjemloese.csv",
        }
    )


def test_a_regular_annual_or_biennial_series_has_no_warning():
    assert missing_year_warnings(_tidy([2015, 2016, 2017, 2018])) == []
    assert missing_year_warnings(_tidy([2013, 2015, 2017, 2019])) == []


def test_a_missing_year_is_named_with_the_series_and_file():
    (problem,) = missing_year_warnings(_tidy([2015, 2016, 2018, 2019]))
    assert problem.severity == "warning"
    assert problem.file == "data/raw/hjemloese.csv"
    assert "hjemloese, geografi 657" in str(problem)
    assert problem.geography == "657"  # a report lists its own geographies'
    assert "fra 2016 til 2018 (mangler 2017)" in str(problem)


def test_a_longer_step_in_a_biennial_series_is_a_gap():
    (problem,) = missing_year_warnings(_tidy([2015, 2017, 2019, 2022]))
    assert "hvert 2. år" in str(problem) and "mangler 2021" in str(problem)


def test_series_are_checked_per_geography():
    tidy = pd.concat([_tidy([2015, 2016, 2017], "000"), _tidy([2015, 2017, 2019])])
    assert missing_year_warnings(tidy) == []


def test_warnings_come_in_series_order_and_name_the_first_row_after_the_gap():
    later = _tidy([2019, 2018, 2015, 2016], "101").assign(source_file="b.csv")
    first = _tidy([2018], "101").assign(source_file="a.csv")
    tidy = pd.concat([_tidy([2015, 2016, 2018], "000"), first, later])
    problems = missing_year_warnings(tidy)
    assert [p.geography for p in problems] == ["000", "101"]
    assert problems[1].file == "a.csv"
    assert "fra 2016 til 2018" in str(problems[0])
    assert "fra 2016 til 2018" in str(problems[1])
