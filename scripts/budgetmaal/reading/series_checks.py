"""Warnings about the shape of a series: years missing between observations."""

from __future__ import annotations

import pandas as pd

from budgetmaal.shared.problems import Problem


def missing_year_warnings(tidy: pd.DataFrame) -> list[Problem]:
    """A warning for each gap in a series longer than its usual step.

    The step is the shortest distance between two observed years, so the
    biennial homelessness count (2009, 2011, …) is not a gap, but 2019 →
    2022 in it is. The run goes on; the report lists the warning.
    """
    problems = []
    for (indicator, geography), series in tidy.groupby(
        ["indicator_id", "geography"], sort=True
    ):
        years = sorted(series["year"].unique())
        if len(years) < 3:
            continue
        step = min(b - a for a, b in zip(years, years[1:], strict=False))
        for before, after in zip(years, years[1:], strict=False):
            if after - before > step:
                problems.append(_gap(series, indicator, geography, before, after, step))
    return problems


def _gap(series, indicator, geography, before, after, step) -> Problem:
    missing = ", ".join(str(y) for y in range(before + step, after, step))
    later = series[series["year"] == after].iloc[0]
    every = "hvert år" if step == 1 else f"hvert {step}. år"
    return Problem(
        file=later["source_file"],
        expected=f"et tal {every} for {indicator}, geografi {geography}",
        fix=f"serien springer fra {before} til {after} (mangler {missing}); "
        "tjek udtrækket. Figuren forbinder de to år, og der regnes ikke med "
        "de manglende år",
        severity="warning",
        geography=geography,
    )
