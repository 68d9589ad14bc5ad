"""Warnings about the shape of a series: years missing between observations."""

from __future__ import annotations

import pandas as pd

from budgetmaal.shared.problems import Problem

SERIES = ["indicator_id", "geography"]


def missing_year_warnings(tidy: pd.DataFrame) -> list[Problem]:
    """A warning for each gap in a series longer than its usual step.

    The step is the shortest distance between two observed years, so the
    biennial homelessness count (2009, 2011, …) is not a gap, but 2019 →
    2022 in it is. The run goes on; the report lists the warning. In the
    order of indicator, geography and year; the file named is that of the
    first row of the year after the gap. One pass over the whole table
    (with 980 geographies a loop over the series took seconds).
    """
    years = (
        tidy.dropna(subset=SERIES)
        .drop_duplicates([*SERIES, "year"])
        .sort_values([*SERIES, "year"], kind="stable")
    )
    series = years.groupby(SERIES, sort=False)["year"]
    years = years.assign(
        before=series.shift(), step=series.diff(), observed=series.transform("size")
    )
    years["usual"] = years.groupby(SERIES, sort=False)["step"].transform("min")
    gaps = years[(years["observed"] >= 3) & (years["step"] > years["usual"])]
    return [_gap(row) for row in gaps.itertuples(index=False)]


def _gap(row) -> Problem:
    before, after, step = int(row.before), int(row.year), int(row.usual)
    missing = ", ".join(str(y) for y in range(before + step, after, step))
    every = "hvert år" if step == 1 else f"hvert {step}. år"
    return Problem(
        file=row.source_file,
        expected=f"et tal {every} for {row.indicator_id}, geografi {row.geography}",
        fix=f"serien springer fra {before} til {after} (mangler {missing}); "
        "tjek udtrækket. Figuren forbinder de to år, og der regnes ikke med "
        "de manglende år",
        severity="warning",
        geography=row.geography,
    )
