"""The plain context dict the report template renders (no IO here)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from budgetmaal.assessing.planning import report_target_ids
from budgetmaal.assessing.progress import observed_rows, unit_range
from budgetmaal.assessing.year_on_year import (
    by_target,
    dropped_targets,
    is_example,
    last_year_view,
)
from budgetmaal.publishing.narrative import chart_alt, trajectory_text
from budgetmaal.reading.disclosure import (
    SmallCounts,
    hidden_values,
    shown_met_at_baseline,
)
from budgetmaal.shared.formatting import (
    annual_change,
    bound,
    is_missing,
    long_date,
    number,
    percent,
    quantity,
)
from budgetmaal.shared.vocabulary import STATUSES, TARGET_FORMS, YEAR_CHANGES

STATUS_LEGEND = [{"symbol": s.symbol, "label": s.label_da} for s in STATUSES.values()]
YEAR_CHANGE_LEGEND = [
    {"symbol": c.symbol, "label": c.label_da} for c in YEAR_CHANGES.values()
]


@dataclass(frozen=True)
class ReportSubject:
    """Whose report it is, with which goals, for which budget year."""

    kommune: str
    kommune_name: str
    definition: Mapping
    report_year: int
    report_date: date


@dataclass(frozen=True)
class ReportEvidence:
    """What the report's figures come from: the progress of its targets, the
    indicator table, the catalogue's indicators, the targets as configured,
    the charts (target id to SVG text) and last year's progress table, if
    config names one."""

    progress: pd.DataFrame
    table: pd.DataFrame
    indicators: Mapping[str, Mapping]
    targets: Mapping[str, Mapping]
    figures: Mapping[str, str]
    previous: pd.DataFrame | None = None


def build_report_context(
    subject: ReportSubject,
    evidence: ReportEvidence,
    appendix: Mapping,
    small_counts: SmallCounts,
) -> dict:
    """Everything the template needs, formatted in Danish.

    ``appendix`` holds the data appendix (sources, config text, versions,
    warnings, methodology); ``small_counts`` writes the values hidden as
    small numbers.
    """
    definition, previous = subject.definition, evidence.previous
    rows = {r["target_id"]: r for r in evidence.progress.to_dict("records")}
    last_year = by_target(previous)
    views = {
        t: target_view(
            rows[t],
            evidence.targets[t],
            evidence.indicators,
            evidence.table,
            evidence.figures.get(t),
            appendix["source_paths"],
            small_counts,
            subject.report_year,
        )
        | {"last_year": last_year_view(rows[t], last_year)}
        for t in report_target_ids(definition)
    }
    shown = views.values()
    return {
        **_cover(subject),
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
        "year_change_legend": YEAR_CHANGE_LEGEND,
        "year_on_year": None
        if previous is None
        else _changes_since(views, previous, rows, evidence.indicators),
        **appendix,
    }


def report_warnings(warnings: list[Mapping], geographies: set[str]) -> dict:
    """The ingest's warnings about the report's geographies, or about no one
    geography, and how many about other geographies are left out (they are
    all in results/validation.html)."""
    shown = [
        w["text"]
        for w in warnings
        if w["geography"] is None or w["geography"] in geographies
    ]
    left_out = len(warnings) - len(shown)
    noun = "advarsel" if left_out == 1 else "advarsler"
    return {
        "warnings": shown,
        "warnings_left_out": f"{number(left_out)} {noun}" if left_out else None,
    }


def _changes_since(views, previous, rows, indicators) -> dict:
    """The report's targets that are new or have a changed goal, and last
    year's targets, in the report's geographies, that are targets no more."""
    geographies = {r["geography"] for r in rows.values()}
    dropped = dropped_targets(previous, rows, geographies)
    return {
        "example_data": is_example(previous),
        "new": [v for v in views.values() if v["last_year"]["change"] == "new"],
        "changed": [v for v in views.values() if v["last_year"]["goal_changes"]],
        "dropped": [
            {
                "id": r["target_id"],
                "indicator": indicators.get(r["indicator_id"], {}).get(
                    "name", r["indicator_id"]
                ),
                "status_da": STATUSES[r["status"]].label_da,
            }
            for r in dropped
        ],
    }


def _cover(subject: ReportSubject) -> dict:
    report_year, definition = subject.report_year, subject.definition
    return {
        "title": definition.get("title") or f"Mål for Budget {report_year}",
        "report_year": report_year,
        "kommune": {"code": subject.kommune, "name": f"{subject.kommune_name} Kommune"},
        "service_area": definition["service_area"],
        "committee": definition.get("committee", ""),
        "report_date": long_date(subject.report_date),
        "report_date_iso": subject.report_date.isoformat(),
    }


def target_view(
    row: Mapping,
    target: Mapping,
    indicators: Mapping[str, Mapping],
    table: pd.DataFrame,
    svg: str | None,
    source_paths: Mapping[str, list[str]],
    small_counts: SmallCounts,
    report_year: int,
) -> dict:
    """One target's key figures, status, chart and provenance, as Danish text;
    a year read off the trend says so when the data end before ``report_year``."""
    indicator = indicators[row["indicator_id"]]
    observations = _observations(table, row["indicator_id"], row["geography"])
    name = target.get("name") or indicator["name"]
    return {
        "id": row["target_id"],
        "name": name,
        **_key_figures(row, target, small_counts),
        "status": row["status"],
        "status_da": row["status_da"],
        "symbol": STATUSES[row["status"]].symbol,
        "assessment": _assessment(row),
        "outlook": _outlook(row, report_year),
        "bound_note": bound_note(row, report_year),
        "example_data": bool(row["example_data"]),
        "small_numbers": bool(row.get("small_numbers", False)),
        "met_at_baseline": shown_met_at_baseline(row) is True,
        "figure": _data_uri(svg) if svg else None,
        "chart_alt": chart_alt(name),
        "chart_text": trajectory_text(
            row, indicator["name"], observations, small_counts
        ),
        "formula": TARGET_FORMS[row["target_form"]].formula_da,
        "sources": source_paths.get(row["indicator_id"], []),
    }


def _assessment(row: Mapping) -> dict | None:
    """The administration's assessment: its status (shown beside the computed
    one, never instead of it), the reason, and the comment."""
    comment, code = row.get("assessment_comment"), row.get("assessed_status")
    if is_missing(comment) and is_missing(code):
        return None
    status = None if is_missing(code) else STATUSES[code]
    return {
        "status_da": status.label_da if status else None,
        "symbol": status.symbol if status else None,
        "reason": None
        if is_missing(row["assessment_reason"])
        else row["assessment_reason"],
        "comment": None if is_missing(comment) else comment,
    }


def _outlook(row: Mapping, report_year: int) -> dict | None:
    """What it takes now, for a target whose year is after the latest data."""
    if is_missing(row.get("required_annual_change")):
        return None
    reached, latest = row["reached_year"], int(row["latest_year"])
    already = not is_missing(reached) and reached <= latest
    return {
        "required": "ingen, målet er nået"
        if already
        else annual_change(row["required_annual_change"], row["unit"]),
        "achieved": annual_change(row["achieved_annual_change"], row["unit"]),
        "reached": reached_text(row, report_year),
        "period_left": f"{int(row['latest_year'])}–{int(row['target_year'])}",
        "period_done": f"{int(row['baseline_year'])}–{int(row['latest_year'])}",
    }


def reached_text(row: Mapping, report_year: int, said_above: int | None = None) -> str:
    """«Målet nås i tendensens tempo»: the year, «nås ikke», or «allerede
    nået (2019)»; a year read off the trend says when the data end before
    the report year («2015; nyeste tal er fra 2013»), unless a table says
    it once above for every row whose newest figures are from ``said_above``.
    «–» where there is no outlook (the target year is not after the latest
    data)."""
    if is_missing(row.get("required_annual_change")):
        return "–"
    reached, latest = row["reached_year"], int(row["latest_year"])
    if not is_missing(reached) and reached <= latest:
        return f"allerede nået ({latest})"
    when = "nås ikke" if is_missing(reached) else str(int(reached))
    return when + ("" if latest == said_above else _data_end_note(row, report_year))


def bound_note(row: Mapping, report_year: int) -> str | None:
    """When the projection reached the unit's bound (a count at 0, a
    percentage at 100), where it is held: docs/methodology.md, section 4."""
    year = row.get("projection_bound_year")
    if is_missing(year):
        return None
    low, high = unit_range(row["unit"])
    falling = row["projected_value"] == low
    bound = quantity(low if falling else high, row["unit"])
    side = "under" if falling else "over"
    return (
        f"Fremskrivningen når {bound} i {int(year)} og holdes dér, da tallet ikke "
        f"kan komme {side} {bound}{_data_end_note(row, report_year)}."
    )


def _data_end_note(row: Mapping, report_year: int) -> str:
    """«; nyeste tal er fra 2013» beside a year read off the trend, when the
    data end before the report year."""
    latest = row.get("latest_year")
    if is_missing(latest) or int(latest) >= report_year:
        return ""
    return f"; nyeste tal er fra {int(latest)}"


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
