"""The static site's pure parts, on a small run built by hand: which shared
goal page lists a target, Danish file sizes, relative links, and hostile
names that come out as text."""

from __future__ import annotations

import posixpath
from datetime import date
from html.parser import HTMLParser

import pandas as pd
import pytest

from budgetmaal.publishing.site import SiteFiles, _relative, chart_file, site_pages
from budgetmaal.publishing.site_context import (
    Download,
    SiteRun,
    goal_page_of,
    goal_pages,
    index_context,
)
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.vocabulary import STATUS_DA

CATALOGUE = {
    "sources": [
        {
            "id": "kilde",
            "path": "data/raw/kilde.csv",
            "format": "statbank",
            "example_data": True,
            "citation": "Eksempel",
        }
    ],
    "indicators": [
        {
            "id": "hjemloese",
            "name": "Antal hjemløse",
            "unit": "count",
            "better": "lower",
            "source": "kilde",
        },
        {
            "id": "misbrug",
            "name": "Personer i stofbehandling",
            "unit": "count",
            "better": "lower",
            "source": "kilde",
        },
    ],
}
NAMES = {"000": "Hele landet", "657": "Herning", "320": "Faxe"}
# A national goal, a per_kommune template scaled from it, a local goal on
# the same indicator that is no template's, and one on another indicator.
TEMPLATE = {
    "id": "hjemloese_25pct",
    "name": "Antallet af hjemløse reduceres med 25 pct.",
    "indicator": "hjemloese",
    "baseline": {"year": 2013},
    "target": {"year": 2020, "scale_from": "hjemloese_dk"},
}
TARGETS = [
    {
        "id": "hjemloese_dk",
        "name": "Højst 4.000 hjemløse i hele landet",
        "indicator": "hjemloese",
        "geography": "000",
        "target": {"year": 2020, "value": 4000},
    },
    *(
        TEMPLATE | {"id": f"hjemloese_25pct_{code}", "geography": code}
        for code in ("657", "320")
    ),
    {
        "id": "hjemloese_2030_657",
        "name": "Hjemløsheden halveres til 2030",
        "indicator": "hjemloese",
        "geography": "657",
        "target": {"year": 2030, "change_pct": -50},
    },
    {
        "id": "misbrug_657",
        "indicator": "misbrug",
        "geography": "657",
        "target": {"year": 2020, "change_pct": -10},
    },
]
STATUS_OF = {
    "hjemloese_dk": "away",
    "hjemloese_25pct_657": "achieved",
    "hjemloese_25pct_320": "moderate",
    "hjemloese_2030_657": "on_track",
    "misbrug_657": "missed",
}


def _definitions() -> dict:
    return {
        "657": {
            "service_area": "SO 13",
            "focus_areas": [
                {
                    "name": "Hjemløshed",
                    "targets": ["hjemloese_25pct_657", "hjemloese_2030_657"],
                },
                {"name": "Misbrug", "targets": ["misbrug_657"]},
            ],
            "national_targets": ["hjemloese_dk"],
        },
        "320": {
            "service_area": "Social",
            "focus_areas": [{"name": "Hjemløshed", "targets": ["hjemloese_25pct_320"]}],
        },
    }


def _row(target: dict, status: str) -> dict:
    return {
        "target_id": target["id"],
        "indicator_id": target["indicator"],
        "geography": target["geography"],
        "unit": "count",
        "better": "lower",
        "baseline_year": 2013,
        "baseline_value": 150.0,
        "target_year": 2020,
        "target_value": 112.5,
        "latest_year": 2019,
        "latest_value": 101.0,
        "progress_pct": 130.0,
        "expected_pct": 86.0,
        "pace_ratio": 1.5,
        "projected_value": 90.0,
        "status": status,
        "status_da": STATUS_DA[status],
        "target_form": "change_pct",
        "example_data": True,
        "small_numbers": False,
        "met_at_baseline": False,
    }


def site_run(
    targets: list[dict] | None = None,
    definitions: dict | None = None,
    names: dict | None = None,
    templates: list[dict] | None = None,
    previous: pd.DataFrame | None = None,
) -> SiteRun:
    targets = TARGETS if targets is None else targets
    progress = pd.DataFrame(
        [_row(t, STATUS_OF.get(t["id"], "moderate")) for t in targets]
    )
    return SiteRun(
        progress=progress,
        table=pd.DataFrame(
            columns=["indicator_id", "geography", "year", "value", "small_numbers"]
        ),
        catalogue=Catalogue.from_document(CATALOGUE),
        targets={t["id"]: t for t in targets},
        definitions=_definitions() if definitions is None else definitions,
        names=NAMES if names is None else names,
        templates=[TEMPLATE] if templates is None else templates,
        report_year=2021,
        report_date=date(2026, 11, 24),
        small_counts=SmallCounts(5),
        previous=previous,
        charts=frozenset(t["id"] for t in targets),
    )


def site_files(run: SiteRun) -> SiteFiles:
    return SiteFiles(
        kommuner={
            code: [Download("fremdrift.csv", "Målenes fremdrift", 2048, "ab" * 32)]
            for code in run.definitions
        },
        tables=[Download("progress.csv", "Alle mål", 4096, "cd" * 32)],
        overview=None,
        sources=[
            {
                "path": "data/raw/kilde.csv",
                "example_data": True,
                "citation": "Eksempel",
                "notes": [],
                "sha256": "ef" * 32,
            }
        ],
    )


class _Page(HTMLParser):
    """Tags, attributes and text of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def shown(self) -> str:
        return " ".join("".join(self.text).split())


# --- which shared goal page lists a target --------------------------------


def test_a_template_instance_is_listed_on_its_template_page():
    run = site_run()
    pages = goal_pages(run)

    # Both pages gather Herning's instance: the national one by indicator,
    # the template by id; the template wins.
    assert "hjemloese_25pct_657" in pages["hjemloese_dk"]["members"]
    assert pages["hjemloese_25pct"]["members"] == [
        "hjemloese_25pct_657",
        "hjemloese_25pct_320",
    ]
    goal_of = goal_page_of(pages, run.templates)
    assert goal_of["hjemloese_25pct_657"] == "hjemloese_25pct"
    assert goal_of["hjemloese_25pct_320"] == "hjemloese_25pct"


def test_a_national_target_is_on_its_own_page_and_other_local_goals_on_its_indicator():
    run = site_run()
    goal_of = goal_page_of(goal_pages(run), run.templates)

    assert goal_of["hjemloese_dk"] == "hjemloese_dk"
    assert goal_of["hjemloese_2030_657"] == "hjemloese_dk"
    assert "misbrug_657" not in goal_of  # no shared goal on its indicator


def test_goal_page_of_prefers_the_template_whatever_the_page_order():
    pages = {
        "tpl": {"name": "T", "national": "nat", "members": ["tpl_101"]},
        "nat": {"name": "N", "national": "nat", "members": ["tpl_101", "eget_101"]},
    }
    goal_of = goal_page_of(pages, [{"id": "tpl"}])
    assert goal_of == {
        "tpl_101": "tpl",
        "eget_101": "nat",
        "tpl": "tpl",
        "nat": "nat",
    }


def test_a_template_page_names_the_national_goal_it_scales_from():
    pages = goal_pages(site_run())

    assert pages["hjemloese_25pct"]["national"] == "hjemloese_dk"
    assert pages["hjemloese_25pct"]["name"] == TEMPLATE["name"]
    assert pages["hjemloese_dk"]["national"] == "hjemloese_dk"


def test_a_national_target_in_a_focus_area_is_no_municipalitys_member():
    """Listed among a report's own goals (config allows it), the national
    goal is still the goal page's national brief, not a municipality row
    linking to a page kommune/000/ that the site does not have."""
    definitions = _definitions()
    definitions["320"]["focus_areas"][0]["targets"].append("hjemloese_dk")
    run = site_run(definitions=definitions)

    pages = goal_pages(run)
    assert "hjemloese_dk" not in pages["hjemloese_dk"]["members"]
    html = site_pages(run, site_files(run), "Metode.")["maal/hjemloese_dk/index.html"]
    assert "kommune/000/" not in html


def test_a_goal_shown_twice_on_a_page_has_one_anchor():
    """A national goal a report also lists in a Fokusområde (the report
    shows it in both places) is one anchor: ids on a page are unique."""
    definitions = _definitions()
    definitions["657"]["focus_areas"][1]["targets"].append("hjemloese_dk")
    run = site_run(definitions=definitions)

    page = _Page(site_pages(run, site_files(run), "Metode.")["kommune/657/index.html"])
    ids = [attrs["id"] for _, attrs in page.elements if "id" in attrs]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_the_index_counts_only_each_municipalitys_own_goals():
    run = site_run()
    [faxe, herning] = index_context(run, {})["kommuner"]  # by name

    assert (faxe["code"], herning["code"]) == ("320", "657")
    assert herning["total"] == 3  # the national goal is not Herning's own
    assert herning["counts"]["achieved"] == herning["counts"]["missed"] == 1
    assert herning["counts"]["on_track"] == 1 and herning["counts"]["away"] == 0
    assert faxe["counts"]["moderate"] == 1 and faxe["total"] == 1


def test_a_chart_lies_beside_the_page_that_shows_it():
    run = site_run()
    assert chart_file(run, "misbrug_657") == "kommune/657/misbrug_657.svg"
    assert chart_file(run, "hjemloese_dk") == "maal/hjemloese_dk/hjemloese_dk.svg"


# --- Danish sizes and relative links ---------------------------------------


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (245_000, "245 kB"),
        (245_499, "245 kB"),
        (245_500, "246 kB"),
        (1_234_567, "1,2 MB"),
        (1_000_000, "1,0 MB"),
        (12_345_678, "12,3 MB"),
        (2_000, "2 kB"),
        (1, "1 kB"),  # never «0 kB» for a file that has bytes
        # Just under a megabyte rounds to a megabyte, not to «1.000 kB».
        (999_700, "1,0 MB"),
    ],
)
def test_a_download_size_is_written_the_danish_way(size, shown):
    assert Download("f", "fil", size, "0" * 64).size_da == shown


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("", "index.html", ""),
        ("", "kommune/657/index.html", "../../"),
        ("", "maal/index.html", "../"),
        ("index.html", "index.html", "index.html"),
        ("maal/index.html", "index.html", "maal/index.html"),
        ("kommune/657/a.svg", "kommune/657/index.html", "a.svg"),
        ("maal/x/index.html", "kommune/657/index.html", "../../maal/x/index.html"),
        ("kommune/320/index.html", "kommune/657/index.html", "../320/index.html"),
        ("assets/site.css", "maal/x/index.html", "../../assets/site.css"),
    ],
)
def test_relative_links_lead_from_the_page_to_the_file(target, page, link):
    assert _relative(target, page) == link
    if target:
        # Followed from the page's folder, the link is the target again.
        folder = posixpath.dirname(page)
        assert posixpath.normpath(posixpath.join(folder, link)) == target


# --- hostile names on the pages ---------------------------------------------


GOAL_NAME = '</h3><script>alert("mål")</script><img src=x onerror=alert(1)>'
KOMMUNE_NAME = '"><svg onload=alert(1)>Faxe & <b>Co</b>'
AREA_NAME = "<iframe src=javascript:alert(1)></iframe>"


def test_hostile_goal_kommune_and_area_names_come_out_as_text():
    targets = [
        t | {"name": GOAL_NAME} if t["id"] == "hjemloese_25pct_320" else t
        for t in TARGETS
    ]
    definitions = _definitions()
    definitions["320"]["focus_areas"][0]["name"] = AREA_NAME
    definitions["320"]["title"] = "<title>x</title>"
    run = site_run(
        targets=targets,
        definitions=definitions,
        names=NAMES | {"320": KOMMUNE_NAME},
        templates=[],  # the goal is named on Hele landet's page
    )
    pages = site_pages(run, site_files(run), "Metode med <script>x</script>.")

    expected = {
        "index.html": [KOMMUNE_NAME],
        "kommune/320/index.html": [
            GOAL_NAME,
            f"{KOMMUNE_NAME} Kommune",
            AREA_NAME,
            "<title>x</title>",
        ],
        "maal/hjemloese_dk/index.html": [GOAL_NAME, KOMMUNE_NAME],
    }
    for path, html in pages.items():
        page = _Page(html)
        tags = [tag for tag, _ in page.elements]
        assert {"iframe", "b", "base", "object", "embed"}.isdisjoint(tags), path
        assert tags.count("title") == 1, path
        assert not [
            a for _, attrs in page.elements for a in attrs if a.startswith("on")
        ]
        scripts = [attrs for tag, attrs in page.elements if tag == "script"]
        assert len(scripts) == 1 and scripts[0]["src"].endswith("assets/site.js"), path
        for tag, attrs in page.elements:
            if tag == "img":  # a goal's chart, <target id>.svg
                chart = posixpath.basename(attrs["src"]).removesuffix(".svg")
                assert attrs["src"].endswith(".svg") and chart in run.targets, path
            if tag == "svg":  # only a goal page's own status chart
                assert attrs.get("class") == "status-chart", (path, attrs)
        if path == "index.html":
            [row] = [a for t, a in page.elements if a.get("data-kommune") == "320"]
            assert row["data-name"] == f"{KOMMUNE_NAME} 320"
        for text in expected.get(path, []):
            assert " ".join(text.split()) in page.shown(), (path, text)
