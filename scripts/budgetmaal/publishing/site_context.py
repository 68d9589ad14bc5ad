"""What each page of the static site shows (no IO here): the run's index,
one page per municipality, one per shared goal, and what changed since last
year. The goal texts are the report's own (report_context.target_view)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd

from budgetmaal.assessing.planning import report_target_ids
from budgetmaal.assessing.year_on_year import by_target, dropped_targets, last_year_view
from budgetmaal.publishing.report_context import STATUS_LEGEND, target_view
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.formatting import long_date, number
from budgetmaal.shared.geography import NATIONAL
from budgetmaal.shared.vocabulary import STATUSES


@dataclass(frozen=True)
class Download:
    """A file offered beside a page: its name there, what it is, its size
    and SHA-256."""

    name: str
    label: str
    size: int
    sha256: str

    @property
    def size_da(self) -> str:
        """'245 kB', '1,2 MB' (decimal units, as a file manager shows)."""
        if self.size < 999_500:  # else it would be written «1.000 kB»
            return f"{number(max(self.size / 1000, 1))} kB"
        return f"{number(self.size / 1_000_000, 1)} MB"


@dataclass(frozen=True)
class SiteRun:
    """Everything the site is made from: the run's progress table and
    indicator table, the catalogue, the targets as configured, each
    municipality's report definition, the geography names, the per_kommune
    templates, the report year and date, the small-count rule, last year's
    progress table (or None), and the target ids that have a chart."""

    progress: pd.DataFrame
    table: pd.DataFrame
    catalogue: Catalogue
    targets: Mapping[str, Mapping]
    definitions: Mapping[str, Mapping]
    names: Mapping[str, str]
    templates: list[Mapping]
    report_year: int
    report_date: date
    small_counts: SmallCounts
    previous: pd.DataFrame | None = None
    charts: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def rows(self) -> dict[str, dict]:
        return {r["target_id"]: r for r in self.progress.to_dict("records")}

    @cached_property
    def briefs(self) -> dict[str, dict]:
        """Every target as the report's card writes it, without the card's
        chart (the site links the chart's own SVG)."""
        series = dict(list(self.table.groupby(["indicator_id", "geography"])))
        empty, source_paths = self.table.iloc[:0], self.catalogue.source_paths()
        return {
            target_id: target_view(
                row,
                self.targets[target_id],
                self.catalogue.indicators,
                series.get((row["indicator_id"], row["geography"]), empty),
                None,
                source_paths,
                self.small_counts,
                self.report_year,
            )
            | {
                "chart": target_id in self.charts,
                "kommune": self.names[row["geography"]],
                "code": row["geography"],
            }
            for target_id, row in self.rows.items()
        }


def common_context(run: SiteRun) -> dict:
    """What every page's frame shows."""
    return {
        "report_year": run.report_year,
        "report_date": long_date(run.report_date),
        "report_date_iso": run.report_date.isoformat(),
        "has_changes": run.previous is not None,
        "status_legend": STATUS_LEGEND,
    }


def goal_pages(run: SiteRun) -> dict[str, dict]:
    """The shared goals, by page id: each national target and each
    per_kommune template, with the municipalities' targets it gathers."""
    pages = {
        t["id"]: {
            "name": _name(run, t),
            "national": t["id"],
            "members": _local_on(run, t["indicator"]),
        }
        for t in run.targets.values()
        if t["geography"] == NATIONAL
    }
    for template in run.templates:
        members = [f"{template['id']}_{k}" for k in run.definitions]
        pages[template["id"]] = {
            "name": _name(run, template),
            "national": _national_for(run, template),
            "members": [m for m in members if m in run.targets],
        }
    return pages


def goal_page_of(pages: Mapping[str, dict], templates: list[Mapping]) -> dict[str, str]:
    """Target id -> the shared goal page that lists it: a template's
    instances their template's, a national target its own, any other
    target the first national goal on its indicator."""
    found = {}
    for page_id, page in pages.items():
        for member in page["members"]:
            found.setdefault(member, page_id)
        found[page_id] = page_id
    for template in templates:
        found.update(dict.fromkeys(pages[template["id"]]["members"], template["id"]))
    return found


def index_context(run: SiteRun, downloads: Mapping[str, list[Download]]) -> dict:
    """The run's table: every municipality with its goals counted by status."""
    rows = run.rows
    kommuner = []
    for code, definition in sorted(run.definitions.items(), key=_by_name(run)):
        own = [rows[t] for t in _own_targets(definition)]
        counts = pd.Series([r["status"] for r in own], dtype=object).value_counts()
        kommuner.append(
            {
                "code": code,
                "name": run.names[code],
                "counts": {s: int(counts.get(s, 0)) for s in STATUSES},
                "total": len(own),
                "example_data": any(bool(r["example_data"]) for r in own),
            }
        )
    shown = [s for s in STATUSES if any(k["counts"][s] for k in kommuner)]
    return {
        "kommuner": kommuner,
        "statuses": [_status(s) for s in shown],
        "uses_example_data": any(k["example_data"] for k in kommuner),
        "downloads": downloads,
    }


def kommune_context(
    run: SiteRun,
    code: str,
    pages: Mapping[str, dict],
    downloads: list[Download],
) -> dict:
    """One municipality: its goals in brief, area by area, then the national ones."""
    definition = run.definitions[code]
    goal_of = goal_page_of(pages, run.templates)

    def view(target_id: str) -> dict:
        return run.briefs[target_id] | {"goal_page": goal_of.get(target_id)}

    areas = [
        {"name": area["name"], "targets": [view(t) for t in area["targets"]]}
        for area in definition["focus_areas"]
    ]
    on_cards = {t["id"] for area in areas for t in area["targets"]}
    national = [view(t) for t in report_target_ids(definition) if t not in on_cards]
    shown = [t for area in areas for t in area["targets"]] + national
    return {
        "code": code,
        "name": f"{run.names[code]} Kommune",
        "title": definition.get("title") or f"Mål for Budget {run.report_year}",
        "service_area": definition["service_area"],
        "committee": definition.get("committee", ""),
        "areas": areas,
        "national": national,
        "downloads": downloads,
        "uses_example_data": any(t["example_data"] for t in shown),
    }


def goal_context(run: SiteRun, page_id: str, page: Mapping) -> dict:
    """One shared goal: every municipality's status on it, the statuses
    counted, and the national trajectory."""
    rows = run.rows
    members = sorted(page["members"], key=lambda t: run.names[rows[t]["geography"]])
    national = run.briefs[page["national"]] if page["national"] else None
    listed = [run.briefs[t] for t in members]
    counts = pd.Series([m["status"] for m in listed], dtype=object).value_counts()
    return {
        "id": page_id,
        "name": page["name"],
        "national": national,
        "members": listed,
        "counts": [
            _status(s) | {"count": int(counts[s])} for s in STATUSES if s in counts
        ],
        "uses_example_data": any(m["example_data"] for m in listed)
        or bool(national and national["example_data"]),
    }


def changes_context(run: SiteRun) -> dict | None:
    """Every target's status beside last year's, and last year's targets
    that are gone; None without a last-year table."""
    if run.previous is None:
        return None
    last_year, rows = by_target(run.previous), run.rows
    changed = [
        {
            "id": r["target_id"],
            "kommune": run.names[r["geography"]],
            "code": r["geography"],
            "name": _name(run, run.targets[r["target_id"]]),
            "status": _status(r["status"]),
            "last_year": last_year_view(r, last_year),
        }
        for r in sorted(rows.values(), key=lambda r: (r["geography"], r["target_id"]))
    ]
    dropped = dropped_targets(run.previous, rows, set(run.progress["geography"]))
    return {
        "rows": changed,
        "dropped": [
            {
                "id": d["target_id"],
                "kommune": run.names.get(d["geography"], d["geography"]),
                "status_da": STATUSES[d["status"]].label_da,
            }
            for d in dropped
        ],
        "uses_example_data": bool(run.progress["example_data"].any()),
    }


def _status(code: str) -> dict:
    status = STATUSES[code]
    return {"code": code, "label": status.label_da, "symbol": status.symbol}


def _own_targets(definition: Mapping) -> list[str]:
    """The targets on a report's goal cards (not the national ones)."""
    national = set(definition.get("national_targets", []))
    return [t for t in report_target_ids(definition) if t not in national]


def _local_on(run: SiteRun, indicator: str) -> list[str]:
    """The municipalities' own report targets on an indicator (not a
    national or regional target a report shows on a goal card)."""
    return [
        t
        for code, definition in run.definitions.items()
        for t in _own_targets(definition)
        if run.targets[t]["indicator"] == indicator
        and run.targets[t]["geography"] == code
    ]


def _national_for(run: SiteRun, template: Mapping) -> str | None:
    """The national target a template scales from, else one on its indicator."""
    scaled = template["target"].get("scale_from")
    if scaled:
        return scaled
    national = [
        t["id"]
        for t in run.targets.values()
        if t["geography"] == NATIONAL and t["indicator"] == template["indicator"]
    ]
    return national[0] if national else None


def _name(run: SiteRun, target: Mapping) -> str:
    return target.get("name") or _indicator(run, target)["name"]


def _indicator(run: SiteRun, target: Mapping) -> Mapping:
    return run.catalogue.indicators[target["indicator"]]


def _by_name(run: SiteRun):
    return lambda item: (run.names[item[0]], item[0])
