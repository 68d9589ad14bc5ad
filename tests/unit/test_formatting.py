"""Danish number and date formats."""

from __future__ import annotations

import math
from datetime import date

from budgetmaal.shared.formatting import (
    annual_change,
    long_date,
    number,
    percent,
    quantity,
    utc_timestamp,
)

MINUS = "\u2212"  # «−», not the hyphen-minus "-" of Babel's da_DK


def test_thousands_point_and_decimal_comma():
    assert number(1234) == "1.234"
    assert number(1234567.25, 2) == "1.234.567,25"
    assert number(36.4, 1) == "36,4"


def test_rounds_half_away_from_zero_not_to_even():
    assert number(112.5) == "113"
    assert number(2.5) == "3"
    assert number(0.25, 1) == "0,3"


def test_missing_is_a_dash_and_negative_zero_is_zero():
    assert number(None) == "–"
    assert number(math.nan) == "–"
    assert number(-0.4) == "0"


def test_a_negative_number_has_the_minus_sign_not_a_hyphen():
    assert number(-9) == MINUS + "9"
    assert number(-1234.5, 1) == MINUS + "1.234,5"
    assert number(-0.05, 1) == MINUS + "0,1"  # half away from zero
    assert quantity(-3.25, "percent") == MINUS + "3,3 pct."
    assert quantity(-2431.0, "count") == MINUS + "2.431"
    assert percent(-34.2) == MINUS + "34 pct."
    assert annual_change(-8.21, "count") == MINUS + "8,2 om året"
    assert "-" not in number(-9) + percent(-34.2) + quantity(-2431.0, "count")


def test_units_in_danish():
    assert quantity(36.4, "percent") == "36,4 pct."
    assert quantity(5820.0, "count") == "5.820"
    assert quantity(120, "days") == "120,0 dage"
    assert percent(33.333) == "33 pct."


def test_long_danish_date():
    assert long_date(date(2026, 11, 24)) == "24. november 2026"
    assert long_date(date(2027, 2, 1)) == "1. februar 2027"


def test_fetch_time_is_a_danish_utc_timestamp():
    assert utc_timestamp("2026-11-20T08:05:00Z") == "20. november 2026 kl. 08.05 UTC"
    assert utc_timestamp("2026-11-20T09:05:00+01:00") == (
        "20. november 2026 kl. 08.05 UTC"
    )
