"""The national overview: every municipality ranked by status, goal by goal."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

import pandas as pd

from budgetmaal.assessing.year_on_year import by_target, last_year_view
from budgetmaal.publishing.report_context import YEAR_CHANGE_LEGEND, reached_text
from budgetmaal.reading.disclosure import SmallCounts, hidden_values
from budgetmaal.shared.formatting import bound, is_missing, long_date, percent
from budgetmaal.shared.vocabulary import STATUSES


def rank_municipalities(progress: pd.DataFrame) -> pd.DataFrame:
    """Best first: by status, then by progress toward the goal (or, for
    directional goals, by the change in the better direction)."""
    ranked = progress.assign(
        _rank=progress["status"].map(lambda code: STATUSES[code].rank),
        _score=progress.apply(_score, axis=1),
    )
    return ranked.sort_values(
        ["_rank", "_score", "geography"], ascending=[True, False, True]
    )


def build_overview_context(
    progress: pd.DataFrame,
    goals: list[Mapping],
    names: Mapping[str, str],
    report_year: int,
    report_date: date,
    uses_example_data: bool,
    small_counts: SmallCounts,
    previous: pd.DataFrame | None = None,
) -> dict:
    """One ranked table per goal; ``goals`` are the per_kommune templates.

    Values hidden as small numbers are written by ``small_counts``;
    ``previous`` is last year's progress table, if config names one.
    """
    last_year = by_target(previous)
    sections = []
    for goal in goals:
        ids = progress["geography"].map(lambda code, goal=goal: f"{goal['id']}_{code}")
        rows = progress[progress["target_id"] == ids]
        ranked = rank_municipalities(rows)
        newest = _newest_before(ranked, report_year)
        shown = [
            _row(r, names, small_counts)
            | {"reached": reached_text(r, report_year, newest)}
            | _last_year(r, last_year)
            for r in ranked.to_dict("records")
        ]
        sections.append(
            {
                "name": goal.get("name") or goal["indicator"],
                "counts": _status_counts(ranked),
                "newest_year": newest,
                "other_newest_years": any("nyeste tal" in r["reached"] for r in shown),
                "rows": shown,
            }
        )
    return {
        "title": f"Mål for Budget {report_year} – landsoversigt",
        "report_date": long_date(report_date),
        "report_date_iso": report_date.isoformat(),
        "goals": sections,
        "uses_example_data": uses_example_data,
        "has_previous": previous is not None,
        "year_change_legend": YEAR_CHANGE_LEGEND,
    }


def _last_year(row: Mapping, last_year: Mapping[str, Mapping] | None) -> dict:
    """The overview's «Sidste år» cell; no key without a last-year table."""
    view = last_year_view(row, last_year)
    return {} if view is None else {"last_year": view}


def _row(row: Mapping, names: Mapping[str, str], small_counts: SmallCounts) -> dict:
    def shown(field: str) -> str:
        return small_counts.show_field(row, field)

    return {
        "kommune": names[row["geography"]],
        "baseline": shown("baseline_value"),
        "latest": shown("latest_value"),
        "target": _target(row, shown("target_value")),
        "progress": percent(_number(row["progress_pct"])),
        "symbol": STATUSES[row["status"]].symbol,
        "status_da": row["status_da"],
    }


def _target(row: Mapping, text: str) -> str:
    if "target_value" in hidden_values(row):
        return text
    return "–" if is_missing(row["target_value"]) else bound(text, row["better"])


def _newest_before(rows: pd.DataFrame, report_year: int) -> int | None:
    """The year of most rows' newest figures, when it is before the report
    year: said once over the table instead of in every row."""
    years = rows.loc[rows["required_annual_change"].notna(), "latest_year"]
    if years.empty:
        return None
    common = int(years.mode().min())
    return common if common < report_year else None


def _status_counts(ranked: pd.DataFrame) -> list[dict]:
    counts = ranked.groupby("status_da", sort=False).size()
    return [{"status_da": s, "count": int(n)} for s, n in counts.items()]


def _score(row) -> float:
    if not is_missing(row["progress_pct"]):
        return float(row["progress_pct"])
    if is_missing(row["latest_value"]):
        return -math.inf
    change = float(row["latest_value"]) - float(row["baseline_value"])
    return change if row["better"] == "higher" else -change


def _number(value):
    return None if is_missing(value) else float(value)
