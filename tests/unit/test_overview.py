"""The national overview: ranked by status, with last year's status beside."""

from __future__ import annotations

from datetime import date

import pandas as pd

from budgetmaal.publishing.overview import build_overview_context
from budgetmaal.publishing.render import render_html
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.vocabulary import STATUS_DA

GOALS = [{"id": "hjemloese", "indicator": "hjemloese", "name": "Færre hjemløse"}]
NAMES = {"101": "København", "147": "Frederiksberg"}


def _row(code: str, status: str, **values) -> dict:
    return {
        "target_id": f"hjemloese_{code}",
        "indicator_id": "hjemloese",
        "geography": code,
        "unit": "count",
        "better": "lower",
        "baseline_year": 2013,
        "baseline_value": 100.0,
        "target_year": 2020,
        "target_value": 75.0,
        "target_form": "change_pct",
        "latest_year": 2019,
        "latest_value": 80.0,
        "progress_pct": 80.0,
        "required_annual_change": None,
        "status": status,
        "status_da": STATUS_DA[status],
    } | values


def _context(progress, previous=None) -> dict:
    return build_overview_context(
        pd.DataFrame(progress),
        GOALS,
        NAMES,
        2021,
        date(2026, 11, 24),
        uses_example_data=True,
        small_counts=SmallCounts(5),
        previous=None if previous is None else pd.DataFrame(previous),
    )


def test_rows_rank_by_status_and_carry_last_years_status():
    progress = [
        _row("101", "moderate", progress_pct=55.0),
        _row("147", "on_track"),
    ]
    previous = [_row("101", "on_track"), _row("147", "on_track", target_value=80.0)]
    [goal] = _context(progress, previous)["goals"]
    first, second = goal["rows"]
    assert first["kommune"] == "Frederiksberg"
    assert first["last_year"]["change_da"] == "Målet er ændret"
    assert second["last_year"]["status_da"] == "På rette spor"
    assert second["last_year"]["change_da"] == "Dårligere"


def test_the_column_is_shown_only_with_a_last_year_table():
    progress = [_row("101", "on_track")]
    with_previous = render_html(
        _context(progress, [_row("101", "moderate")]), "overview.html.j2"
    )
    assert "Sidste år" in with_previous and "Bedre" in with_previous
    without = render_html(_context(progress), "overview.html.j2")
    assert "Sidste år" not in without
    assert "last_year" not in _context(progress)["goals"][0]["rows"][0]


def test_a_year_read_off_the_trend_says_when_the_newest_figures_are_from():
    outlook = {"required_annual_change": -1.0, "achieved_annual_change": -3.0}
    progress = [
        _row("101", "on_track", **outlook, reached_year=2020),
        _row("147", "on_track", **outlook, reached_year=2023),
        _row("151", "on_track", **outlook, reached_year=2019, latest_year=2018),
        _row("153", "on_track", **outlook, reached_year=2022, latest_year=2021),
    ]
    names = NAMES | {"151": "Ballerup", "153": "Brøndby"}
    context = build_overview_context(
        pd.DataFrame(progress),
        GOALS,
        names,
        2021,
        date(2026, 11, 24),
        False,
        SmallCounts(5),
    )
    [goal] = context["goals"]
    # Most rows' newest figures are from 2019: said once, over the table.
    assert goal["newest_year"] == 2019
    reached = {r["kommune"]: r["reached"] for r in goal["rows"]}
    assert reached == {
        "København": "2020",
        "Frederiksberg": "2023",
        "Ballerup": "2019; nyeste tal er fra 2018",
        "Brøndby": "2022",
    }
    html = " ".join(render_html(context, "overview.html.j2").split())
    assert "Målet nås i tendensens tempo" in html
    assert (
        "Nyeste tal er fra 2019: året, hvor målet nås, er aflæst på tendensen frem "
        "til da, og hvor en kommunes nyeste tal er fra et andet år, står det i "
        "rækken." in html
    )
