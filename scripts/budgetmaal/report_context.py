"""The plain context dict the report template renders (no IO here)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date

import pandas as pd

from budgetmaal.disclosure import SmallCounts, hidden_values, shown_met_at_baseline
from budgetmaal.formatting import bound, is_missing, long_date, number, percent
from budgetmaal.narrative import trajectory_text
from budgetmaal.progress import observed_rows
from budgetmaal.vocabulary import STATUSES, TARGET_FORMS


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

    def view(target_id: str) -> dict:
        return target_view(
            rows[target_id],
            targets[target_id],
            indicators,
            table,
            figures.get(target_id),
            appendix["source_paths"],
            small_counts,
        )

    focus_areas = [
        {
            "name": area["name"],
            "challenge": area["challenge"],
            "goal": area["goal"],
            "paths": area["paths"],
            "targets": [view(t) for t in area["targets"]],
        }
        for area in definition["focus_areas"]
    ]
    national = [view(t) for t in definition.get("national_targets", [])]
    shown = [t for area in focus_areas for t in area["targets"]] + national
    return {
        "title": definition.get("title") or f"Mål for Budget {report_year}",
        "report_year": report_year,
        "kommune": {"code": kommune, "name": f"{kommune_name} Kommune"},
        "service_area": definition["service_area"],
        "committee": definition.get("committee", ""),
        "report_date": long_date(report_date),
        "report_date_iso": report_date.isoformat(),
        "focus_areas": focus_areas,
        "national": national,
        "uses_example_data": any(t["example_data"] for t in shown),
        "small_count_label": small_counts.label(),
        "small_count_threshold": small_counts.threshold,
        "uses_small_counts": any(t["small_numbers"] for t in shown),
        "status_legend": [
            {"symbol": s.symbol, "label": s.label_da} for s in STATUSES.values()
        ],
        **appendix,
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

    def shown(field: str) -> str:
        return small_counts.show_field(row, field)

    name = target.get("name") or indicator["name"]
    observed = observed_rows(table)
    observed = observed[
        (observed["indicator_id"] == row["indicator_id"])
        & (observed["geography"] == row["geography"])
    ]
    observations = list(
        zip(
            observed["year"].astype(int),
            observed["value"],
            observed["small_numbers"],
            strict=True,
        )
    )
    return {
        "id": row["target_id"],
        "name": name,
        "baseline": _at(shown("baseline_value"), row["baseline_year"]),
        "latest": _at(shown("latest_value"), row["latest_year"]),
        "target": _goal_text(row, target, shown),
        "progress": percent(_num(row["progress_pct"])),
        "expected": percent(_num(row["expected_pct"])),
        "pace": number(_num(row["pace_ratio"]), 2),
        "projected": shown("projected_value"),
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
