"""Read pseudonymised person-level register extracts and derive indicators.

Shelter stays (servicelovens § 110) and drug-treatment episodes, as the
municipality's case systems export them: semicolon separated, UTF-8, ISO
dates (YYYY-MM-DD), one row per stay or episode. Schemas in the README.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from budgetmaal.problems import Problem

SHELTER_COLUMNS = ("person_id", "birth_year", "intake_date", "discharge_date")
TREATMENT_COLUMNS = ("person_id", "start_date", "end_date", "end_status")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
TREATMENT_STATUSES = ("stoffri", "reduceret", "uaendret", "oeget", "afbrudt", "doed")


def read_shelter_stays(text: str, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse a shelter-stay extract: one row per stay; open stays have no discharge."""
    rows, problems = _read_rows(text, file, SHELTER_COLUMNS)
    records = []
    for line, row in rows:
        found = []
        birth_year = _parse_birth_year(row, line, file, found)
        intake = _parse_date(row, "intake_date", line, file, found, required=True)
        discharge = _parse_date(row, "discharge_date", line, file, found)
        _check_person(row, line, file, found)
        if intake and discharge and discharge < intake:
            found.append(
                _order_problem(file, line, "discharge_date", row, "intake_date")
            )
        problems += found
        if not found:
            records.append(
                {
                    "line": line,
                    "person_id": row["person_id"],
                    "birth_year": birth_year,
                    "intake_date": intake,
                    "discharge_date": discharge,
                }
            )
    return pd.DataFrame.from_records(
        records, columns=["line", *SHELTER_COLUMNS]
    ), problems


def read_treatments(text: str, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse a drug-treatment extract: one row per episode; open ones have no end."""
    rows, problems = _read_rows(text, file, TREATMENT_COLUMNS)
    records = []
    for line, row in rows:
        found = []
        start = _parse_date(row, "start_date", line, file, found, required=True)
        end = _parse_date(row, "end_date", line, file, found)
        _check_person(row, line, file, found)
        status = row["end_status"]
        if end and status not in TREATMENT_STATUSES:
            found.append(
                Problem(
                    file=file,
                    line=line,
                    column="end_status",
                    value=status,
                    expected="en af " + ", ".join(TREATMENT_STATUSES),
                    fix="ret afslutningsstatus til en af de tilladte koder",
                )
            )
        if not end and status:
            found.append(
                Problem(
                    file=file,
                    line=line,
                    column="end_status",
                    value=status,
                    expected="tom status, når end_date er tom (forløbet er ikke afsluttet)",
                    fix="udfyld end_date, eller fjern status",
                )
            )
        if start and end and end < start:
            found.append(_order_problem(file, line, "end_date", row, "start_date"))
        problems += found
        if not found:
            records.append(
                {
                    "line": line,
                    "person_id": row["person_id"],
                    "start_date": start,
                    "end_date": end,
                    "end_status": status or None,
                }
            )
    return pd.DataFrame.from_records(
        records, columns=["line", *TREATMENT_COLUMNS]
    ), problems


def persons_in_age_range(
    stays: pd.DataFrame, years: range, min_age: int, max_age: int
) -> dict[int, float]:
    """Distinct persons aged min_age..max_age (year minus birth year) with a stay
    overlapping each year. Open stays count as ongoing through the last year."""
    result = {}
    for year in years:
        start, end = date(year, 1, 1), date(year, 12, 31)
        overlaps = (stays["intake_date"] <= end) & (
            stays["discharge_date"].isna() | (stays["discharge_date"] >= start)
        )
        age = year - stays["birth_year"]
        in_range = overlaps & (age >= min_age) & (age <= max_age)
        result[year] = float(stays.loc[in_range, "person_id"].nunique())
    return result


@dataclass(frozen=True)
class Share:
    """A register-derived share: how many of how many (the disclosure rule
    needs both, not only the percent)."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float:
        return (
            100.0 * self.numerator / self.denominator if self.denominator else math.nan
        )


def share_of_ended_stays_longer_than(
    stays: pd.DataFrame, years: range, days: int
) -> dict[int, Share]:
    """Stays ended in each year that lasted more than ``days`` days (discharge
    date minus intake date), of all stays ended that year."""
    ended = stays.dropna(subset=["discharge_date"])
    length = pd.Series(
        [
            (out - into).days
            for into, out in zip(
                ended["intake_date"], ended["discharge_date"], strict=True
            )
        ],
        index=ended.index,
        dtype="int64",
    )
    end_year = ended["discharge_date"].map(lambda d: d.year)
    return _share_by_year(end_year, length > days, years)


def share_of_ended_treatments_with_status(
    treatments: pd.DataFrame, years: range, statuses: list[str]
) -> dict[int, Share]:
    """Treatments ended in each year whose end status is one of ``statuses``,
    of all treatments ended that year."""
    ended = treatments.dropna(subset=["end_date"])
    end_year = ended["end_date"].map(lambda d: d.year)
    return _share_by_year(end_year, ended["end_status"].isin(statuses), years)


def covered_years(frame: pd.DataFrame, date_columns: tuple[str, ...]) -> range:
    """Years from the earliest to the latest date in the extract."""
    years = [d.year for c in date_columns for d in frame[c].dropna()]
    return range(min(years), max(years) + 1) if years else range(0)


def _share_by_year(
    end_year: pd.Series, hit: pd.Series, years: range
) -> dict[int, Share]:
    return {
        year: Share(
            int((hit & (end_year == year)).sum()), int((end_year == year).sum())
        )
        for year in years
    }


def _read_rows(text: str, file: str, columns: tuple[str, ...]):
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in columns if c not in header]
    if missing:
        return [], [
            Problem(
                file=file,
                line=1,
                column=", ".join(missing),
                value=";".join(header)[:120],
                expected="semikolon-separerede kolonner " + ";".join(columns),
                fix="eksportér udtrækket igen med disse kolonner (se README, Udtræk)",
            )
        ]
    rows, problems = [], []
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(
                Problem(
                    file=file,
                    line=reader.line_num,
                    value=";".join(fields)[:120],
                    expected=f"{len(header)} felter som i overskriften, fandt {len(fields)}",
                    fix="ret rækken, eller eksportér udtrækket igen",
                )
            )
            continue
        rows.append(
            (
                reader.line_num,
                dict(zip(header, (f.strip() for f in fields), strict=True)),
            )
        )
    return rows, problems


def _parse_date(row, column, line, file, found, required=False):
    text = row[column]
    if not text and not required:
        return None
    try:
        # fromisoformat alone also takes 20190315 and 2019-W11-5; only
        # YYYY-MM-DD is the export format.
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        found.append(
            Problem(
                file=file,
                line=line,
                column=column,
                value=text,
                expected="en dato som ÅÅÅÅ-MM-DD" + ("" if required else " eller tom"),
                fix="ret datoen",
            )
        )
        return None


def _parse_birth_year(row, line, file, found):
    text = row["birth_year"]
    if text.isascii() and text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    found.append(
        Problem(
            file=file,
            line=line,
            column="birth_year",
            value=text,
            expected="et fødselsår med fire cifre (1900-2100)",
            fix="ret fødselsåret",
        )
    )
    return None


def _check_person(row, line, file, found):
    if not row["person_id"]:
        found.append(
            Problem(
                file=file,
                line=line,
                column="person_id",
                value="",
                expected="et pseudonymiseret person-id",
                fix="udfyld person_id",
            )
        )


def _order_problem(file, line, column, row, earlier_column):
    return Problem(
        file=file,
        line=line,
        column=column,
        value=row[column],
        expected=f"en dato på eller efter {earlier_column} ({row[earlier_column]})",
        fix="ret datoerne; slutdatoen kan ikke ligge før startdatoen",
    )
