"""The plain context dict the report template renders (no IO here)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date

import pandas as pd

from budgetmaal.disclosure import SmallCounts, hidden_values, shown_met_at_baseline
from budgetmaal.formatting import bound, is_missing, long_date, number, percent
from budgetmaal.narrative import trajectory_text
from budgetmaal.planning import report_target_ids
from budgetmaal.progress import observed_rows
from budgetmaal.vocabulary import STATUSES, TARGET_FORMS

STATUS_LEGEND = [{"symbol": s.symbol, "label": s.label_da} for s in STATUSES.values()]


def build_report_context(
    *,
    kommune: str,
    kommune_name: str,
    definition: Mapping,
    report_year: int,
    report_date: date,
    progress: pd.DataFrame,
    table: pd.DataFrame,
    indicators: Mapping[str, Mapping],
    targets: Mapping[str, Mapping],
    figures: Mapping[str, str],
    appendix: Mapping,
    small_counts: SmallCounts,
) -> dict:
    """Everything the template needs, formatted in Danish.

    ``figures`` maps target id to SVG text; ``appendix`` holds the data
    appendix (sources, config text, versions, warnings, methodology);
    ``small_counts`` writes the values hidden as small numbers.
    """
    rows = {r["target_id"]: r for r in progress.to_dict("records")}
    views = {
        t: target_view(
            rows[t],
            targets[t],
            indicators,
            table,
            figures.get(t),
            appendix["source_paths"],
            small_counts,
        )
        for t in report_target_ids(definition)
    }
    shown = views.values()
    return {
        **_cover(definition, kommune, kommune_name, report_year, report_date),
        "focus_areas": [
            area | {"targets": [views[t] for t in area["targets"]]}
            for area in definition["focus_areas"]
        ],
        "national": [views[t] for t in definition.get("national_targets", [])],
        "uses_example_data": any(t["example_data"] for t in shown),
        "small_count_label": small_counts.label(),
        "small_count_threshold": small_counts.threshold,
        "uses_small_counts": any(t["small_numbers"] for t in shown),
        "status_legend": STATUS_LEGEND,
        **appendix,
    }


def _cover(definition, kommune, kommune_name, report_year, report_date) -> dict:
    return {
        "title": definition.get("title") or f"Mål for Budget {report_year}",
        "report_year": report_year,
        "kommune": {"code": kommune, "name": f"{kommune_name} Kommune"},
        "service_area": definition["service_area"],
        "committee": definition.get("committee", ""),
        "report_date": long_date(report_date),
        "report_date_iso": report_date.isoformat(),
    }


def target_view(
    row: Mapping,
    target: Mapping,
    indicators: Mapping[str, Mapping],
    table: pd.DataFrame,
    svg: str | None,
    source_paths: Mapping[str, list[str]],
    small_counts: SmallCounts,
) -> dict:
    """One target's key figures, status, chart and provenance, as Danish text."""
    indicator = indicators[row["indicator_id"]]
    observations = _observations(table, row["indicator_id"], row["geography"])
    return {
        "id": row["target_id"],
        "name": target.get("name") or indicator["name"],
        **_key_figures(row, target, small_counts),
        "status": row["status"],
        "status_da": row["status_da"],
        "symbol": STATUSES[row["status"]].symbol,
        "example_data": bool(row["example_data"]),
        "small_numbers": bool(row.get("small_numbers", False)),
        "met_at_baseline": shown_met_at_baseline(row) is True,
        "figure": _data_uri(svg) if svg else None,
        "chart_text": trajectory_text(
            row, indicator["name"], observations, small_counts
        ),
        "formula": TARGET_FORMS[row["target_form"]].formula_da,
        "sources": source_paths.get(row["indicator_id"], []),
    }


def _observations(table, indicator_id, geography) -> list[tuple[int, float, bool]]:
    """(year, value, hidden) of every observation the chart shows."""
    observed = observed_rows(table)
    series = observed[
        (observed["indicator_id"] == indicator_id)
        & (observed["geography"] == geography)
    ]
    return list(
        zip(
            series["year"].astype(int),
            series["value"],
            series["small_numbers"],
            strict=True,
        )
    )


def _key_figures(row: Mapping, target: Mapping, small_counts: SmallCounts) -> dict:
    def shown(field: str) -> str:
        return small_counts.show_field(row, field)

    return {
        "baseline": _at(shown("baseline_value"), row["baseline_year"]),
        "latest": _at(shown("latest_value"), row["latest_year"]),
        "target": _goal_text(row, target, shown),
        "progress": percent(_num(row["progress_pct"])),
        "expected": percent(_num(row["expected_pct"])),
        "pace": number(_num(row["pace_ratio"]), 2),
        "projected": shown("projected_value"),
    }


def _goal_text(row: Mapping, target: Mapping, shown) -> str:
    if "target_value" in hidden_values(row):
        change = target["target"]["change_pct"]
        size = number(abs(change), 0 if change == int(change) else 1)
        way = "lavere" if change < 0 else "højere"
        return _at(f"{size} pct. {way} end i basisåret", row["target_year"])
    if is_missing(row["target_value"]):
        return "Stigning" if row["better"] == "higher" else "Fald"
    return _at(bound(shown("target_value"), row["better"]), row["target_year"])


def _at(text: str, year) -> str:
    return text if text == "–" or is_missing(year) else f"{text} ({int(year)})"


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _num(value):
    return None if is_missing(value) else float(value)
