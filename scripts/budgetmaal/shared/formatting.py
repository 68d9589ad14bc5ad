"""Danish number, percent and date formats (Babel, locale da_DK)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, get_minus_sign_symbol

from budgetmaal.shared.vocabulary import UNITS

LOCALE = "da_DK"
# The one minus sign of every number the reports print (PDF, HTML, chart
# ticks): U+2212, not Babel's da_DK hyphen-minus. Data files (CSV, the
# workbook's numbers) and messages quoting config keep "-".
MINUS = "\u2212"


def is_missing(value) -> bool:
    """None or NaN: a value the data or the computation does not have."""
    return value is None or (isinstance(value, float) and math.isnan(value))


BOUND_DA = {"lower": "højst", "higher": "mindst"}


def bound(text: str, better: str) -> str:
    """A target as the bound it is: 'højst 4.000' (a ceiling), 'mindst 50 pct.'."""
    return f"{BOUND_DA[better]} {text}"


def is_true(value) -> bool:
    """A true/false cell of a table: missing counts as false."""
    return not is_missing(value) and bool(value)


def number(value: float | None, decimals: int = 0) -> str:
    """1234.5 -> '1.235' (half up) or '1.234,5' (decimals=1); -9 -> '−9'
    (the minus sign U+2212); '–' if missing."""
    if is_missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    rounded = Decimal(repr(float(value))).quantize(
        Decimal(1).scaleb(-decimals), ROUND_HALF_UP
    )
    text = format_decimal(rounded + 0, format=pattern, locale=LOCALE)
    return text.replace(get_minus_sign_symbol(LOCALE), MINUS)


def quantity(value: float | None, unit: str) -> str:
    """A value with its Danish unit: '36,4 pct.', '1.234', '120,0 dage'."""
    text = number(value, UNITS[unit].decimals)
    return text if text == "–" else text + UNITS[unit].suffix


def annual_change(value: float | None, unit: str) -> str:
    """A change per year with its sign: '−3,2 om året', '+1,5 pct.-point om året'."""
    if is_missing(value):
        return "–"
    text = number(abs(value), max(UNITS[unit].decimals, 1))
    sign = "" if text.strip("0,") == "" else (MINUS if value < 0 else "+")
    return f"{sign}{text}{UNITS[unit].change_suffix} om året"


def percent(value: float | None) -> str:
    """A share in percent with no decimals: '45 pct.'."""
    text = number(value, 0)
    return text if text == "–" else f"{text} pct."


def long_date(day: date) -> str:
    """24. november 2026."""
    return format_date(day, format="d. MMMM y", locale=LOCALE)


def utc_timestamp(text: str) -> str:
    """'2026-11-20T08:00:00Z' -> '20. november 2026 kl. 08.00 UTC'."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    return f"{long_date(moment.date())} kl. {moment:%H.%M} UTC"
