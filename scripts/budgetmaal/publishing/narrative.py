"""Danish sentences generated from the numbers (chart captions), and the
charts' short alt texts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from budgetmaal.reading.disclosure import (
    DEFAULT_SMALL_COUNTS,
    SmallCounts,
    hidden_values,
)
from budgetmaal.shared.formatting import bound, is_missing


def chart_alt(name: str) -> str:
    """A chart's alt text: short, and not its caption, which follows it and
    has the numbers (a screen reader reads the alt, then the caption once).

    Never empty: in the PDF the alt is the Figure's /Alt, which PDF/UA needs.
    E.g. 'Diagram: Antal hjemløse; tallene står i teksten under'.
    """
    return f"Diagram: {name}; tallene står i teksten under"


def trajectory_text(
    row: Mapping,
    name: str,
    observations: list[tuple[int, float, bool]],
    small_counts: SmallCounts = DEFAULT_SMALL_COUNTS,
) -> str:
    """E.g. 'Antal hjemløse faldt fra 178 i 2015 til 104 i 2017; målet er 112 i 2020.'

    ``row`` is the target's progress row, ``observations`` every (year,
    value, hidden) shown in the chart; ``small_counts`` writes a value with
    its unit, or the small-number label for a hidden one.
    """
    unit, hidden = row["unit"], hidden_values(row)
    show = small_counts.show

    def field(name: str) -> str:
        return show(row[name], unit, name in hidden)

    start = f"{field('baseline_value')} i {row['baseline_year']}"
    if is_missing(row.get("latest_year")):
        sentence = f"{name}: {start}; der er endnu ingen måling efter basisåret"
    else:
        latest = f"{field('latest_value')} i {int(row['latest_year'])}"
        sentence = f"{name} {_change(row, hidden)} {start} til {latest}"
    sentence += "; " + _goal_clause(row, field, hidden)
    later = [
        (y, v, h)
        for y, v, h in observations
        if not is_missing(row.get("target_year")) and y > row["target_year"]
    ]
    if later:
        year, value, small = later[-1]
        sentence += f". Efter målåret: {show(value, unit, small)} i {year}"
    return sentence + "."


def _goal_clause(row: Mapping, field: Callable[[str], str], hidden: set) -> str:
    if "target_value" in hidden:
        wanted = "en stigning" if row["better"] == "higher" else "et fald"
        return f"målet er {wanted} fra basisåret til {int(row['target_year'])}"
    if is_missing(row.get("target_value")):
        wanted = "stiger" if row["better"] == "higher" else "falder"
        return f"målet er, at tallet {wanted}"
    goal = bound(field("target_value"), row["better"])
    return f"målet er {goal} i {int(row['target_year'])}"


def _change(row: Mapping, hidden: set) -> str:
    before, after = row["baseline_value"], row["latest_value"]
    if {"baseline_value", "latest_value"} & hidden:
        return "gik fra"  # next to a hidden value, a direction would tell
    if after > before:
        return "steg fra"
    if after < before:
        return "faldt fra"
    return "var uændret fra"
