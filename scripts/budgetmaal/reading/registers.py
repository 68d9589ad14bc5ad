"""Read pseudonymised person-level register extracts and derive indicators.

Shelter stays (servicelovens § 110) and drug-treatment episodes, as the
municipality's case systems export them: semicolon separated, UTF-8, ISO
dates (YYYY-MM-DD), one row per stay or episode. Schemas in docs/raw-data.md.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from budgetmaal.shared.problems import Problem

SHELTER_COLUMNS = ("person_id", "birth_year", "intake_date", "discharge_date")
TREATMENT_COLUMNS = ("person_id", "start_date", "end_date", "end_status")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
TREATMENT_STATUSES = ("stoffri", "reduceret", "uaendret", "oeget", "afbrudt", "doed")


def read_shelter_stays(text: str, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse a shelter-stay extract: one row per stay; open stays have no discharge."""
    return _read_extract(text, file, SHELTER_COLUMNS, _shelter_stay)


def read_treatments(text: str, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse a drug-treatment extract: one row per episode; open ones have no end."""
    return _read_extract(text, file, TREATMENT_COLUMNS, _treatment)


def _shelter_stay(row: _Row) -> tuple[dict, list[Problem]]:
    birth_year, found = row.birth_year()
    intake, discharge, dated = row.period("intake_date", "discharge_date")
    found += dated + row.order_problems(
        ("intake_date", intake), ("discharge_date", discharge)
    )
    stay = row.record(
        birth_year=birth_year, intake_date=intake, discharge_date=discharge
    )
    return stay, found


def _treatment(row: _Row) -> tuple[dict, list[Problem]]:
    start, end, found = row.period("start_date", "end_date")
    found += row.status_problems(bool(end))
    found += row.order_problems(("start_date", start), ("end_date", end))
    status = row.fields["end_status"] or None
    return row.record(start_date=start, end_date=end, end_status=status), found


def _read_extract(text, file, columns, parse) -> tuple[pd.DataFrame, list[Problem]]:
    """One record per row that ``parse`` finds no problem in; every problem."""
    rows, problems = _read_rows(text, file, columns)
    records = []
    for line, fields in rows:
        record, found = parse(_Row(file, line, fields))
        problems += found
        if not found:
            records.append({"line": line, **record})
    frame = pd.DataFrame.from_records(records, columns=["line", *columns])
    return frame, problems


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
                fix="eksportér udtrækket igen med disse kolonner (se docs/raw-data.md, «Register extracts»)",
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


@dataclass(frozen=True)
class _Row:
    """One row of an extract: each field parsed to (value | None, problems)."""

    file: str
    line: int
    fields: dict[str, str]

    def problem(self, column: str, expected: str, fix: str) -> Problem:
        return Problem(
            file=self.file,
            line=self.line,
            column=column,
            value=self.fields[column],
            expected=expected,
            fix=fix,
        )

    def date(self, column: str, required: bool = False) -> tuple[date | None, list]:
        text = self.fields[column]
        if not text and not required:
            return None, []
        # fromisoformat alone also takes 20190315 and 2019-W11-5; only
        # YYYY-MM-DD is the export format.
        if ISO_DATE.fullmatch(text):
            with contextlib.suppress(ValueError):
                return date.fromisoformat(text), []
        expected = "en dato som ÅÅÅÅ-MM-DD" + ("" if required else " eller tom")
        return None, [self.problem(column, expected, "ret datoen")]

    def birth_year(self) -> tuple[int | None, list]:
        text = self.fields["birth_year"]
        if text.isascii() and text.isdigit() and 1900 <= int(text) <= 2100:
            return int(text), []
        expected = "et fødselsår med fire cifre (1900-2100)"
        return None, [self.problem("birth_year", expected, "ret fødselsåret")]

    def person_problems(self) -> list[Problem]:
        if self.fields["person_id"]:
            return []
        return [
            self.problem(
                "person_id", "et pseudonymiseret person-id", "udfyld person_id"
            )
        ]

    def status_problems(self, ended: bool) -> list[Problem]:
        status = self.fields["end_status"]
        if ended and status not in TREATMENT_STATUSES:
            return [
                self.problem(
                    "end_status",
                    "en af " + ", ".join(TREATMENT_STATUSES),
                    "ret afslutningsstatus til en af de tilladte koder",
                )
            ]
        if not ended and status:
            return [
                self.problem(
                    "end_status",
                    "tom status, når end_date er tom (forløbet er ikke afsluttet)",
                    "udfyld end_date, eller fjern status",
                )
            ]
        return []

    def period(self, start: str, end: str) -> tuple[date | None, date | None, list]:
        """A start date that must be there, an end date that is empty while the
        stay or episode is open, and the problems of both and of the person id."""
        started, found = self.date(start, required=True)
        ended, bad_end = self.date(end)
        return started, ended, found + bad_end + self.person_problems()

    def order_problems(self, start: tuple, end: tuple) -> list[Problem]:
        """An end date before its start date: (column, date) of each."""
        (start_column, started), (end_column, ended) = start, end
        if not (started and ended and ended < started):
            return []
        return [
            self.problem(
                end_column,
                f"en dato på eller efter {start_column} ({self.fields[start_column]})",
                "ret datoerne; slutdatoen kan ikke ligge før startdatoen",
            )
        ]

    def record(self, **values) -> dict:
        return {"person_id": self.fields["person_id"], **values}


@dataclass(frozen=True)
class RegisterFormat:
    """How one kind of register extract is read, and which of its dates
    decide the years it covers."""

    read: Callable[[str, str], tuple[pd.DataFrame, list[Problem]]]
    date_columns: tuple[str, str]


@dataclass(frozen=True)
class Measure:
    """A value derived from a register extract for each year it covers."""

    source_format: str
    derive: Callable[..., dict[int, float | Share]]


FORMATS = {
    "register_shelter": RegisterFormat(
        read_shelter_stays, ("intake_date", "discharge_date")
    ),
    "register_treatment": RegisterFormat(read_treatments, ("start_date", "end_date")),
}
# The catalogue's measure: names these (the schema's enum equals the keys).
MEASURES = {
    "persons_in_age_range": Measure("register_shelter", persons_in_age_range),
    "share_of_ended_stays_longer_than": Measure(
        "register_shelter", share_of_ended_stays_longer_than
    ),
    "share_of_ended_treatments_with_status": Measure(
        "register_treatment", share_of_ended_treatments_with_status
    ),
}


def derive(
    measure: str, frame: pd.DataFrame, source_format: str, parameters: dict
) -> dict[int, float | Share]:
    """A measure's value for every year the extract covers."""
    years = covered_years(frame, FORMATS[source_format].date_columns)
    return MEASURES[measure].derive(frame, years, **parameters)
