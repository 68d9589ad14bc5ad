"""Danish sentences generated from the numbers (chart text alternatives)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from budgetmaal.formatting import quantity


def trajectory_alt_text(
    row: Mapping, name: str, observations: list[tuple[int, float]]
) -> str:
    """E.g. 'Antal hjemløse faldt fra 178 i 2015 til 104 i 2017; målet er 112 i 2020.'

    ``row`` is the target's progress row, ``observations`` every (year, value)
    shown in the chart.
    """
    unit = row["unit"]
    start = f"{quantity(row['baseline_value'], unit)} i {row['baseline_year']}"
    if _missing(row.get("latest_year")):
        sentence = f"{name}: {start}; der er endnu ingen måling efter basisåret"
    else:
        latest = f"{quantity(row['latest_value'], unit)} i {int(row['latest_year'])}"
        verb = _verb(row["baseline_value"], row["latest_value"])
        sentence = f"{name} {verb} fra {start} til {latest}"
    sentence += "; " + _goal_clause(row)
    later = [
        (y, v)
        for y, v in observations
        if not _missing(row.get("target_year")) and y > row["target_year"]
    ]
    if later:
        year, value = later[-1]
        sentence += f". Efter målåret: {quantity(value, unit)} i {year}"
    return sentence + "."


def _goal_clause(row: Mapping) -> str:
    if _missing(row.get("target_value")):
        wanted = "stiger" if row["better"] == "higher" else "falder"
        return f"målet er, at tallet {wanted}"
    return f"målet er {quantity(row['target_value'], row['unit'])} i {int(row['target_year'])}"


def _verb(before: float, after: float) -> str:
    if after > before:
        return "steg"
    if after < before:
        return "faldt"
    return "var uændret"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
