"""The static site of a run: every page as HTML, where it lies, and which
of the run's files lie beside it. Links are relative, so the site works
from disk and from any static host; nothing is fetched from elsewhere."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from budgetmaal.assessing.planning import report_target_ids
from budgetmaal.publishing.render import TEMPLATE_DIR, render_html
from budgetmaal.publishing.report_context import YEAR_CHANGE_LEGEND
from budgetmaal.publishing.site_context import (
    Download,
    SiteRun,
    changes_context,
    common_context,
    goal_context,
    goal_pages,
    index_context,
    kommune_context,
)
from budgetmaal.shared.formatting import is_missing
from budgetmaal.shared.vocabulary import STATUSES

# The report's stylesheet and fonts, and the site's own, under site/assets/.
ASSETS = [
    "style.css",
    "fonts.css",
    *sorted(
        p.relative_to(TEMPLATE_DIR).as_posix() for p in TEMPLATE_DIR.glob("fonts/*")
    ),
    "site/site.css",
    "site/site.js",
]


@dataclass(frozen=True)
class SiteFiles:
    """The run's files the site offers: each municipality's (by code), the
    run's tables, the national overview (or None), and the sources as the
    report's appendix lists them."""

    kommuner: Mapping[str, list[Download]]
    tables: list[Download]
    overview: Download | None
    sources: list[Mapping]


def site_pages(run: SiteRun, files: SiteFiles, methodology: str) -> dict[str, str]:
    """Site-relative path -> HTML of every page."""
    pages = goal_pages(run)
    shown = {"index.html": _index(run, files)}
    for code in run.definitions:
        path = f"kommune/{code}/index.html"
        shown[path] = _kommune(run, code, pages, files.kommuner[code], path)
    shown["maal/index.html"] = _page(
        run,
        "site/maal_index.html.j2",
        "maal/index.html",
        "Mål",
        goals=[
            {"id": i, "name": p["name"], "count": len(_kommuner_in(run, p))}
            for i, p in pages.items()
        ],
    )
    for page_id, page in pages.items():
        path = f"maal/{page_id}/index.html"
        shown[path] = _goal(run, page_id, page, path)
    shown["metode/index.html"] = _page(
        run,
        "site/metode.html.j2",
        "metode/index.html",
        "Metode",
        methodology=methodology,
    )
    shown["data/index.html"] = _page(
        run,
        "site/data.html.j2",
        "data/index.html",
        "Data",
        downloads=files.tables,
        sources=files.sources,
        uses_example_data=any(s["example_data"] for s in files.sources),
    )
    changes = changes_context(run)
    if changes is not None:
        shown["aendringer/index.html"] = _page(
            run,
            "site/aendringer.html.j2",
            "aendringer/index.html",
            "Ændringer siden sidste år",
            year_change_legend=YEAR_CHANGE_LEGEND,
            **changes,
        )
    shown["soeg/index.html"] = _page(
        run, "site/soeg.html.j2", "soeg/index.html", "Søg", indexed=False
    )
    return shown


def chart_file(run: SiteRun, target_id: str) -> str:
    """Where a target's chart lies in the site: beside its municipality's
    page, or beside the goal page of a national target."""
    geography = run.rows[target_id]["geography"]
    if geography in run.definitions:
        return f"kommune/{geography}/{target_id}.svg"
    return f"maal/{target_id}/{target_id}.svg"


def charts_shown(run: SiteRun) -> list[str]:
    """The targets whose chart a page shows: the municipalities' own and
    the national ones on goal pages."""
    pages = goal_pages(run)
    national = {p["national"] for p in pages.values() if p["national"]}
    shown = {t for d in run.definitions.values() for t in report_target_ids(d)}
    return sorted((shown | national) & run.charts)


def _index(run: SiteRun, files: SiteFiles) -> str:
    context = index_context(run, files.kommuner) | {"overview": files.overview}
    return _page(run, "site/index.html.j2", "index.html", "Alle kommuner", **context)


def _kommune(run, code, pages, downloads, path) -> str:
    context = kommune_context(run, code, pages, downloads)
    cards = [t for area in context["areas"] for t in area["targets"]]
    for view in cards + context["national"]:
        view.update(_links(run, view, path, pages, view["goal_page"]))
    return _page(
        run, "site/kommune.html.j2", path, context["name"], current=None, **context
    )


def _goal(run: SiteRun, page_id: str, page: Mapping, path: str) -> str:
    context = goal_context(run, page_id, page)
    if context["national"]:
        context["national"] = context["national"] | _links(
            run, context["national"], path, {}, None
        )
    context["members"] = [
        m
        | {
            "kommune_href": _relative(f"kommune/{m['code']}/index.html", path)
            + f"#{m['id']}",
            "sort": _sort_values(run.rows[m["id"]]),
        }
        for m in context["members"]
    ]
    context["mixed"] = len({m["name"] for m in context["members"]}) > 1
    return _page(
        run, "site/maal.html.j2", path, context["name"], current=None, **context
    )


def _links(run, view, path, pages, goal_page) -> dict:
    """A goal brief's chart and the shared goal page it is listed on,
    relative to the page at ``path``."""
    shown_on = f"maal/{goal_page}/index.html" if goal_page else None
    return {
        "chart_href": _relative(chart_file(run, view["id"]), path)
        if view["chart"]
        else None,
        "goal_page_href": _relative(shown_on, path) if shown_on else None,
        "goal_page_name": pages[goal_page]["name"] if goal_page else None,
    }


def _page(run, template, path, page_title, current="", indexed=True, **context):
    """A page of the site in its frame; ``current`` is its menu entry."""
    frame = common_context(run) | {
        "root": _relative("", path),
        "page_title": page_title,
        "current": path if current == "" else current,
        "indexed": indexed,
        "uses_example_data": False,
    }
    return render_html(frame | context, template)


def _relative(target: str, page: str) -> str:
    """The link from the page at ``page`` to ``target`` (both site-relative)."""
    folder = posixpath.dirname(page) or "."
    if target == "":
        up = posixpath.relpath(".", folder)
        return "" if up == "." else up + "/"
    return posixpath.relpath(target, folder)


def _sort_values(row: Mapping) -> dict:
    """What a goal page's table sorts by: the numbers, and status by rank."""

    def value(field: str) -> str:
        return "" if is_missing(row[field]) else repr(float(row[field]))

    return {
        "baseline": value("baseline_value"),
        "latest": value("latest_value"),
        "progress": value("progress_pct"),
        "status": str(STATUSES[row["status"]].rank),
    }


def _kommuner_in(run: SiteRun, page: Mapping) -> set[str]:
    return {run.rows[t]["geography"] for t in page["members"]}
