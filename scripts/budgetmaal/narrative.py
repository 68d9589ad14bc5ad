"""Danish sentences generated from the numbers (chart text alternatives)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from budgetmaal.formatting import bound, is_missing, quantity


def trajectory_alt_text(
    row: Mapping,
    name: str,
    observations: list[tuple[int, float]],
    show: Callable[[float, str], str] = quantity,
) -> str:
    """E.g. 'Antal hjemløse faldt fra 178 i 2015 til 104 i 2017; målet er 112 i 2020.'

    ``row`` is the target's progress row, ``observations`` every (year, value)
    shown in the chart; ``show`` writes a value with its unit (it may hide
    small counts).
    """
    unit = row["unit"]
    start = f"{show(row['baseline_value'], unit)} i {row['baseline_year']}"
    if is_missing(row.get("latest_year")):
        sentence = f"{name}: {start}; der er endnu ingen måling efter basisåret"
    else:
        latest = f"{show(row['latest_value'], unit)} i {int(row['latest_year'])}"
        sentence = f"{name} {_change(row, show)} {start} til {latest}"
    sentence += "; " + _goal_clause(row, show)
    later = [
        (y, v)
        for y, v in observations
        if not is_missing(row.get("target_year")) and y > row["target_year"]
    ]
    if later:
        year, value = later[-1]
        sentence += f". Efter målåret: {show(value, unit)} i {year}"
    return sentence + "."


def _goal_clause(row: Mapping, show: Callable[[float, str], str]) -> str:
    if is_missing(row.get("target_value")):
        wanted = "stiger" if row["better"] == "higher" else "falder"
        return f"målet er, at tallet {wanted}"
    goal = bound(show(row["target_value"], row["unit"]), row["better"])
    return f"målet er {goal} i {int(row['target_year'])}"


def _change(row: Mapping, show: Callable[[float, str], str]) -> str:
    before, after = row["baseline_value"], row["latest_value"]
    if before != after and show(before, row["unit"]) == show(after, row["unit"]):
        return "gik fra"  # both hidden as small counts: a direction would tell
    if after > before:
        return "steg fra"
    if after < before:
        return "faldt fra"
    return "var uændret fra"
