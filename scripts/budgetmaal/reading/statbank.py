"""Read Danmarks Statistik (Statistikbanken) CSV extracts.

Handles what the API and the website deliver (the layouts are recognised
in ``statbank_layout``): UTF-8 with or without BOM or ISO-8859-1, decimal
comma or point, ``..`` for values not shown, the time codes 2019,
2019K1/2019Q1, 2019M03, 2019U07, 2019H1 and 2019M03D15, and every geography
Statistikbanken uses; rows for geographies the reports do not use
(landsdele, Christiansø) are left out and listed in the ``Reading``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd

from budgetmaal.reading.statbank_layout import (
    TIME_PATTERN,
    Table,
    mostly_geography,
    read_table,
)
from budgetmaal.shared.geography import NATIONAL, Geographies
from budgetmaal.shared.problems import Problem

MISSING = ".."
PERIODS_PER_YEAR = {"": 1, "K": 4, "M": 12, "H": 2}


# The columns the reader adds to a file's own variables.
READER_COLUMNS = (
    "line",
    "column",
    "geography",
    "geography_label",
    "time_text",
    "year",
    "period_kind",
    "period",
    "value",
)
# Geography columns by the names Statistikbanken's tables give them.
GEOGRAPHY_COLUMNS = ("OMRÅDE", "KOMK", "ADMKOM", "MYNDIGHEDSKOM", "BOPKOM", "REGION")
# "89.411": a thousands separator or three decimals. Read as decimals only
# when other values show the file writes no thousands separators
# ("5822763", "1.72"); never guessed.
AMBIGUOUS_VALUE = re.compile(r"^-?[1-9]\d{0,2}\.\d{3}$")
NO_SEPARATORS = re.compile(r"^-?(\d{4,}|\d+\.(\d{1,2}|\d{4,}))$")


@dataclass(frozen=True)
class StatbankColumns:
    """Where geography, time and value are. ``geography`` is a column name,
    the one geography (code or name) of a file without a geography column,
    or None: find the column, or read the file as Hele landet."""

    geography: str | None = None
    time: str = "TID"
    value: str = "INDHOLD"


@dataclass(frozen=True)
class Reading:
    """How a file was read, in Danish, for the validation report and appendix."""

    layout: str
    geography: str
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # for the appendix: what differs from the API's way

    def as_dict(self) -> dict:
        return {
            "layout": self.layout,
            "geography": self.geography,
            "skipped": list(self.skipped),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Period:
    """A parsed time code: year plus sub-annual period ('' for annual)."""

    year: int
    kind: str
    number: int


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); fall back to ISO-8859-1."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def parse_time(code: str) -> Period | None:
    """Parse a Statistikbanken time code; None if it is not one."""
    match = TIME_PATTERN.match(code.strip())
    if not match:
        return None
    kind = (match["kind"] or "").upper().replace("Q", "K")
    number = int(match["number"] or 0)
    year = int(match["year"])
    if year < 1:
        return None
    if match["day"] is not None:
        return _day(year, kind, number, int(match["day"]))
    if kind and not 1 <= number <= periods_in_year(kind, year):
        return None
    return Period(year, kind, number)


def _day(year: int, kind: str, month: int, day: int) -> Period | None:
    """A day (2020M01D01) as the kind "D" numbered by its day of the year."""
    if kind != "M":
        return None
    try:
        return Period(year, "D", date(year, month, day).timetuple().tm_yday)
    except ValueError:
        return None


def periods_in_year(kind: str, year: int) -> int:
    """Number of periods of a kind in a year; weeks follow ISO 8601 (52 or 53),
    days the calendar (365 or 366)."""
    if kind == "D":
        return date(year, 12, 31).timetuple().tm_yday
    if kind == "U":
        # 28 December always falls in the last ISO week of its year.
        return date(year, 12, 28).isocalendar().week
    return PERIODS_PER_YEAR[kind]


def parse_value(text: str, three_decimals: bool = False) -> float | None:
    """Parse a value with decimal comma or point; NaN for '..'; None if bad.

    "89.411" is None unless ``three_decimals`` says the file has no
    thousands separators."""
    text = text.strip()
    if text == MISSING:
        return math.nan
    if (
        "," in text
        and "." in text
        or (AMBIGUOUS_VALUE.match(text) and not three_decimals)
    ):
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_statbank(
    text: str, file: str, columns: StatbankColumns, geographies: Geographies
) -> tuple[pd.DataFrame, list[Problem], Reading | None]:
    """Parse one extract, in any layout, into one row per value.

    Rows have the file's variables (by name), ``line`` and ``column`` (the
    cell the value stands in), ``geography`` (the code, or None if the
    label is unknown: the ingest reports those that an indicator selects),
    ``geography_label``, ``time_text``, ``year``, ``period_kind``,
    ``period`` and ``value``. Rows with a bad period or value are left out
    and reported; so are geographies the reports do not use, in the Reading.
    """

    def is_geography(label: str) -> bool:
        return geographies.code_for(label) is not None

    table, problems = read_table(text, file, columns.time, columns.value, is_geography)
    if table is None:
        return pd.DataFrame(), problems, None
    where, problem = _geography_source(
        table, columns.geography, geographies, is_geography, file
    )
    if problem:
        return pd.DataFrame(), problems + [problem], None
    column, fixed, described = where
    records, found, skipped = _records(table, column, fixed, geographies, file)
    reading = _reading(table, column, described, skipped, geographies)
    return pd.DataFrame.from_records(records), problems + found, reading


def _records(table: Table, column, fixed, geographies, file):
    """One record per readable cell of a reported geography; the problems of
    the others; the lines of each geography that reports do not use."""
    three_decimals = any(NO_SEPARATORS.match(cell.text.strip()) for cell in table.cells)
    records, problems, skipped = [], [], defaultdict(list)
    for cell in table.cells:
        label = cell.labels[column] if column else fixed
        code = geographies.code_for(label)
        if code is not None and not geographies.is_reported(code):
            skipped[code].append(cell.line)
            continue
        period = parse_time(cell.labels[table.time_column])
        value = parse_value(cell.text, three_decimals)
        found = _cell_problems(file, cell, table.time_column, period, value)
        problems += found
        if not found:
            records.append(
                {
                    **cell.labels,
                    "line": cell.line,
                    "column": cell.column,
                    "geography": code,
                    "geography_label": label,
                    "time_text": cell.labels[table.time_column],
                    "year": period.year,
                    "period_kind": period.kind,
                    "period": period.number,
                    "value": value,
                }
            )
    return records, problems, skipped


def _reading(table: Table, column, described, skipped, geographies) -> Reading:
    """How the file was read; its notes say what differs from an API file
    with a geography column, for the data appendix."""
    left_out = tuple(
        _skipped_note(c, lines, geographies) for c, lines in skipped.items()
    )
    layout = table.layout.description_da
    notes = [] if table.layout.kind == "api" else [f"læst som {layout}"]
    notes += [] if column else [described]
    notes += left_out
    capitalised = tuple(note[0].upper() + note[1:] for note in notes)
    return Reading(layout, described, left_out, capitalised)


def _geography_source(table: Table, declared, geographies, is_geography, file):
    """((column, fixed code, description), None), or (None, the problem)."""
    found = _geography_column(table, declared, is_geography)
    if declared and declared not in table.columns:
        fixed = geographies.code_for(declared)
        if fixed is None:
            return None, _unknown_geography_key(file, declared, table.columns)
        if found:
            return None, _fixed_but_column(file, declared, found)
        name = geographies.names[fixed]
        return (
            None,
            fixed,
            f"hele filen gælder {name} ({fixed}), som kilden angiver",
        ), None
    if found is None:
        name = geographies.names[NATIONAL]
        described = f"ingen geografikolonne: læst som {name} ({NATIONAL})"
        return (None, NATIONAL, described), None
    return (found, None, f"geografi fra kolonnen {found}"), None


def _geography_column(table: Table, declared, is_geography) -> str | None:
    """The declared column, a column named as Statistikbanken names them, or
    a column whose labels are mostly geography names."""
    if declared in table.columns:
        return declared
    named = [c for c in table.columns if c.upper() in GEOGRAPHY_COLUMNS]
    if named:
        return named[0]
    labels = defaultdict(set)
    for cell in table.cells:
        for column, label in cell.labels.items():
            labels[column].add(label)
    return next(
        (
            column
            for column in table.columns
            if column != table.time_column
            and mostly_geography(labels[column], is_geography)
        ),
        None,
    )


def _cell_problems(file, cell, time_column, period, value) -> list[Problem]:
    problems = []
    if period is None:
        problems.append(
            Problem(
                file=file,
                line=cell.line,
                column=time_column,
                value=cell.labels[time_column],
                expected="en tidskode som 2019, 2019K1, 2019Q1, 2019M03, 2019U07, "
                "2019H1 eller 2019M03D15",
                fix="ret tidskoden",
            )
        )
    if value is None:
        problems.append(
            Problem(
                file=file,
                line=cell.line,
                column=cell.column,
                value=cell.text,
                expected="et tal (decimalkomma eller -punktum, uden tusindtalsskille) "
                "eller '..' for en manglende værdi",
                fix="ret tallet, eller skriv '..' hvis det mangler"
                + (
                    "; står der et tusindtalsskille (89.411), så skriv tallet uden"
                    if AMBIGUOUS_VALUE.match(cell.text.strip())
                    else ""
                ),
            )
        )
    return problems


def _skipped_note(code: str, lines: list[int], geographies: Geographies) -> str:
    unique = sorted(set(lines))
    shown = ", ".join(map(str, unique[:6])) + (" …" if len(unique) > 6 else "")
    values = "1 værdi" if len(lines) == 1 else f"{len(lines)} værdier"
    return (
        f"{geographies.names[code]} ({code}): {values} (linje {shown}) udeladt – "
        f"{geographies.skip_reason(code)}"
    )


def _unknown_geography_key(file, declared, columns) -> Problem:
    return Problem(
        file=file,
        line=1,
        column="geography",
        value=declared,
        expected="geography: som en kolonne i filen eller en geografi (kode eller navn) "
        "for hele filen",
        fix="ret geography: for kilden i config/indicators.yaml til en af kolonnerne "
        f'{", ".join(columns)}, til en kode som "657", eller fjern den',
    )


def _fixed_but_column(file, declared, column) -> Problem:
    return Problem(
        file=file,
        line=1,
        column=column,
        value=f"geography: {declared}",
        expected="geography: med en fast geografi kun for en fil uden geografikolonne",
        fix=f"fjern geography: for kilden, og vælg geografien med filter: {{{column}: "
        f"{declared}}} for indikatoren i config/indicators.yaml",
    )
