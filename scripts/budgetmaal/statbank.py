"""Read Danmarks Statistik (Statistikbanken) CSV extracts.

Handles what the API and the website deliver: semicolon separated, UTF-8
with or without BOM or ISO-8859-1, decimal comma or point, ``..`` for
values not shown, and the time codes 2019, 2019K1/2019Q1, 2019M03,
2019U07 and 2019H1.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from budgetmaal.geography import Geographies
from budgetmaal.problems import Problem

MISSING = ".."
TIME_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:(?P<kind>[KQMUH])(?P<number>\d{1,2}))?$", re.IGNORECASE
)
PERIODS_PER_YEAR = {"": 1, "K": 4, "M": 12, "H": 2}


@dataclass(frozen=True)
class StatbankColumns:
    """Which header columns hold geography, time and value."""

    geography: str = "OMRÅDE"
    time: str = "TID"
    value: str = "INDHOLD"


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
    if kind and not 1 <= number <= periods_in_year(kind, year):
        return None
    return Period(year, kind, number)


def periods_in_year(kind: str, year: int) -> int:
    """Number of periods of a kind in a year; weeks follow ISO 8601 (52 or 53)."""
    if kind == "U":
        # 28 December always falls in the last ISO week of its year.
        return date(year, 12, 28).isocalendar().week
    return PERIODS_PER_YEAR[kind]


def parse_value(text: str) -> float | None:
    """Parse a value with decimal comma or point; NaN for '..'; None if bad."""
    text = text.strip()
    if text == MISSING:
        return math.nan
    if "," in text and "." in text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_statbank(
    text: str, file: str, columns: StatbankColumns, geographies: Geographies
) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse one extract into rows with geography code, period and value.

    Returns every parseable row (the original columns plus ``line``,
    ``geography``, ``year``, ``period_kind``, ``period`` and ``value``)
    and every problem found; rows with a problem are left out.
    """
    lines = text.splitlines()
    header_problem = _check_header(lines[0] if lines else "", file, columns)
    if header_problem:
        return pd.DataFrame(), [header_problem]
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [h.strip() for h in next(reader)]
    records, problems = [], []
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        record = _parse_row(header, fields, line, file, columns, geographies)
        if isinstance(record, dict):
            records.append(record)
        else:
            problems.extend(record)
    return pd.DataFrame.from_records(records), problems


def _check_header(first_line: str, file: str, columns: StatbankColumns):
    if ";" not in first_line:
        found = next((d for d in (",", "\t", "|") if d in first_line), None)
        return Problem(
            file=file,
            line=1,
            value=first_line[:80],
            expected="semikolon-separerede kolonner (;) som fra Statistikbanken",
            fix=f"hent filen igen som CSV med semikolon; den bruger {found!r}"
            if found
            else "hent filen igen som CSV (semikolon-separeret) fra Statistikbanken",
        )
    header = [h.strip() for h in next(csv.reader([first_line], delimiter=";"))]
    missing = [
        c for c in (columns.geography, columns.time, columns.value) if c not in header
    ]
    if missing:
        return Problem(
            file=file,
            line=1,
            column=", ".join(missing),
            value=first_line[:120],
            expected=f"kolonnerne {columns.geography}, {columns.time} og {columns.value}",
            fix="hent tabellen med disse variable, eller angiv geography:, time: og "
            "value: for kilden i config/indicators.yaml",
        )
    return None


def _parse_row(header, fields, line, file, columns, geographies):
    if len(fields) != len(header):
        return [
            Problem(
                file=file,
                line=line,
                value=";".join(fields)[:120],
                expected=f"{len(header)} felter som i overskriften, fandt {len(fields)}",
                fix="ret rækken, eller hent filen igen fra Statistikbanken",
            )
        ]
    row = dict(zip(header, (f.strip() for f in fields), strict=True))
    problems = []
    geography = geographies.code_for(row[columns.geography])
    if geography is None:
        problems.append(
            Problem(
                file=file,
                line=line,
                column=columns.geography,
                value=row[columns.geography],
                expected="et kommune-, region- eller landsnavn eller en kode fra "
                "Danmarks Statistiks liste (fx 'Herning' eller '657')",
                fix="ret stavningen; gyldige navne står i data/reference/geografi.csv",
            )
        )
    period = parse_time(row[columns.time])
    if period is None:
        problems.append(
            Problem(
                file=file,
                line=line,
                column=columns.time,
                value=row[columns.time],
                expected="en tidskode som 2019, 2019K1, 2019Q1, 2019M03, 2019U07 "
                "eller 2019H1",
                fix="ret tidskoden",
            )
        )
    value = parse_value(row[columns.value])
    if value is None:
        problems.append(
            Problem(
                file=file,
                line=line,
                column=columns.value,
                value=row[columns.value],
                expected="et tal (decimalkomma eller -punktum, uden tusindtalsskille) "
                "eller '..' for en manglende værdi",
                fix="ret tallet, eller skriv '..' hvis det mangler",
            )
        )
    if problems:
        return problems
    return {
        **row,
        "line": line,
        "geography": geography,
        "year": period.year,
        "period_kind": period.kind,
        "period": period.number,
        "value": value,
    }
