"""This year's progress beside last year's (config ``previous_progress``).

Targets are matched by id. Only the computed statuses are compared, and
only when the goal is the same: a target whose value, year, baseline year
or form changed is said to have a changed goal, never to have progressed
(docs/methodology.md, section 11). Nothing here changes a status.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TypedDict

import pandas as pd

from budgetmaal.shared.formatting import is_missing, quantity
from budgetmaal.shared.problems import Problem
from budgetmaal.shared.vocabulary import STATUSES, TARGET_FORMS, YEAR_CHANGES, Status

# What last year's results/progress.csv must hold; any later column is ignored.
PREVIOUS_COLUMNS = [
    "target_id",
    "indicator_id",
    "geography",
    "unit",
    "baseline_year",
    "target_year",
    "target_value",
    "status",
    "target_form",
]


class YearOnYear(TypedDict):
    change: str  # a key of vocabulary.YEAR_CHANGES
    previous_status: str | None  # a key of vocabulary.STATUSES
    goal_changes: list[str]  # Danish: 'målværdi 4.000 → 3.500'


def compare(row: Mapping, previous: Mapping | None) -> YearOnYear:
    """This year's progress row beside last year's row of the same target
    (None: the target is new)."""
    if previous is None:
        return {"change": "new", "previous_status": None, "goal_changes": []}
    changes = goal_changes(row, previous)
    return {
        "change": "goal_changed" if changes else _status_change(row, previous),
        "previous_status": previous["status"],
        "goal_changes": changes,
    }


def last_year_view(
    row: Mapping, last_year: Mapping[str, Mapping] | None
) -> dict | None:
    """The comparison as the report, the overview and the workbook write it;
    ``last_year`` is last year's rows by target id (by_target), None without
    a last-year table, which gives None."""
    if last_year is None:
        return None
    found = compare(row, last_year.get(row["target_id"]))
    change = YEAR_CHANGES[found["change"]]
    before = STATUSES.get(found["previous_status"] or "")
    return {
        "change": change.code,
        "change_da": change.label_da,
        "change_symbol": change.symbol,
        "status_da": before.label_da if before else None,
        "symbol": before.symbol if before else None,
        "sentence": _status_sentence(before, STATUSES[row["status"]]),
        "goal_changes": "; ".join(found["goal_changes"]),
        "goal_sentence": _goal_sentence(found["goal_changes"]),
    }


def _status_sentence(before: Status | None, now: Status) -> str:
    if before is None:
        return "Nyt mål: målet var ikke med sidste år."
    if before == now:
        return f"Status uændret siden sidste år: {now.label_da}."
    return f"Status ændret fra {before.label_da} til {now.label_da}."


def _goal_sentence(changes: list[str]) -> str | None:
    if not changes:
        return None
    text = "Målet er ændret siden sidste år: " + "; ".join(changes)
    return text if text.endswith(".") else text + "."


def is_example(previous: pd.DataFrame) -> bool:
    """Does last year's table rest on example data anywhere?"""
    return "example_data" in previous and bool(previous["example_data"].eq(True).any())


def by_target(previous: pd.DataFrame | None) -> dict[str, dict] | None:
    """Last year's rows by target id (None without a last-year table)."""
    if previous is None:
        return None
    return {r["target_id"]: r for r in previous.to_dict("records")}


def goal_changes(row: Mapping, previous: Mapping) -> list[str]:
    """How the goal differs from last year's, in Danish, or [] if it does not."""
    found = []
    if row["target_form"] != previous["target_form"]:
        old, new = (TARGET_FORMS[r["target_form"]].label_da for r in (previous, row))
        found.append(f"målform {old} → {new}")
    values = previous["target_value"], row["target_value"]
    if not any(map(is_missing, values)) and not math.isclose(*values, rel_tol=1e-9):
        old, new = (quantity(v, row["unit"]) for v in values)
        found.append(f"målværdi {old} → {new}")
    for field, word in (("target_year", "målår"), ("baseline_year", "basisår")):
        old, new = (_year(r[field]) for r in (previous, row))
        if old != new:
            found.append(f"{word} {old} → {new}")
    return found


def _status_change(row: Mapping, previous: Mapping) -> str:
    old, new = STATUSES[previous["status"]].merit, STATUSES[row["status"]].merit
    if old is None or new is None or old[0] != new[0]:
        return "not_comparable"
    if new[1] == old[1]:
        return "unchanged"
    return "better" if new[1] > old[1] else "worse"


def dropped_targets(
    previous: pd.DataFrame, current_ids: Iterable[str], geographies: Iterable[str]
) -> list[dict]:
    """Last year's rows, in the given geographies, of targets that are no
    longer targets (``current_ids``: this year's targets there)."""
    rows = previous[
        previous["geography"].isin(list(geographies))
        & ~previous["target_id"].isin(list(current_ids))
    ]
    return rows.to_dict("records")


def previous_problems(previous: pd.DataFrame, file: str) -> list[Problem]:
    """A last-year table that cannot be compared: missing columns, unknown
    statuses or target forms, or a target id twice."""
    missing = [c for c in PREVIOUS_COLUMNS if c not in previous.columns]
    if missing:
        message = (
            "mangler kolonnerne " + ", ".join(missing) + "; filen skal være sidste "
            "års results/progress.csv. Ret: peg previous_progress i "
            "config/config.yaml på den fil"
        )
        return [Problem(file, message=message)]
    problems = []
    for column, known in (("status", STATUSES), ("target_form", TARGET_FORMS)):
        for index, value in previous[column].items():
            if value not in known:
                problems.append(
                    Problem(
                        file,
                        "en af " + ", ".join(known),
                        "ret værdien, eller brug en uændret kopi af sidste års fil",
                        line=int(index) + 2,
                        column=column,
                        value=str(value),
                    )
                )
    for target_id in previous["target_id"][previous["target_id"].duplicated()]:
        problems.append(
            Problem(
                file,
                "hvert mål-id én gang",
                "brug en uændret kopi af sidste års results/progress.csv",
                column="target_id",
                value=str(target_id),
            )
        )
    return problems


def _year(value) -> str:
    return "–" if is_missing(value) else str(int(value))
