"""The static site of the 98-municipality run, checked as a visitor meets it.

The site under site/ is meant to be published as it is (GitHub Pages) and to
work when opened from disk, so it is checked both ways: from file:// and
served by a static server on 127.0.0.1 (Python's http.server, as the search
page suggests), in headless Chromium (tools/browser_checks.py).

- no broken link: every ``a[href]``, ``img[src]``, ``link[href]`` and
  ``script[src]`` of every HTML page (and every ``url()`` of the stylesheets)
  resolves to a file of the site, a ``#fragment`` to an id of its page, and
  nothing points outside the site (no http(s) or protocol-relative URL: the
  site must work offline and leak no visit); again in the browser, over the
  server, for a sample of pages, by the responses' status;
- the municipality filter and the sortable tables, which only JavaScript
  makes work, do work, served and from disk;
- Pagefind's search finds a goal page when served, and says it needs a web
  server when opened from disk; no page error and no console error;
- axe-core's WCAG 2.1 A and AA rules on the index, a municipality and a
  goal page, served and from disk, and no sideways scrolling at 375 px;
- screenshots at 1280 px of the index and a goal page (copied to docs/ when
  BUDGETMAAL_SCREENSHOTS=1, for the README).

All tests read the session's one run of config/alle_kommuner/ (conftest.py's
``all_kommuner_run``) and share one browser and one server.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO

from browser_checks import VIEWS, axe_violations, chromium, layout_faults, opened

KOMMUNE = "657"  # Herning
GOAL = "hjemloese_25pct"  # a per_kommune template's page
NATIONAL_GOAL = "hjemloese_landsmaal"  # the national ceiling, shared out
PAGES = ["index.html", f"kommune/{KOMMUNE}/index.html", f"maal/{GOAL}/index.html"]
HOW = ["served", "file"]
REFERENCES = "a[href], img[src], link[href], script[src]"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


# --- fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(all_kommuner_run) -> Path:
    site = all_kommuner_run / "site"
    assert (site / "index.html").is_file()
    return site


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def url_of(site, server):
    """The URL of a page of the site, served or from disk."""

    def url(path: str, how: str) -> str:
        return server + path if how == "served" else (site / path).resolve().as_uri()

    return url


@contextlib.contextmanager
def visited(browser, url: str, view: str = "skrivebord (1280 px)") -> Iterator:
    """The page at ``url`` open in one of VIEWS, with its page errors, console
    errors and failed responses collected from before it loads."""
    page = browser.new_page(**VIEWS[view])
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.problems.append(f"console: {message.text}")
        ),
    )
    page.on(
        "requestfailed",
        lambda request: page.problems.append(
            f"requestfailed: {request.url} {request.failure}"
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and page.problems.append(f"HTTP {response.status}: {response.url}")
        ),
    )
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        yield page
    finally:
        page.close()


# --- a. links -----------------------------------------------------------------


class _References(HTMLParser):
    """The references and the ids of one HTML page."""

    ATTRIBUTES = {"a": "href", "img": "src", "link": "href", "script": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        wanted = self.ATTRIBUTES.get(tag)
        if wanted and attributes.get(wanted) is not None:
            self.references.append(attributes[wanted])


@functools.cache
def _parsed(path: Path) -> _References:
    parser = _References()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _broken(site: Path, page: Path, reference: str) -> str | None:
    """Why ``reference`` on ``page`` does not resolve in ``site``; None if it does."""
    parts = urlsplit(reference)
    if parts.scheme == "data":
        return None
    if parts.scheme or parts.netloc or reference.startswith("//"):
        return "points outside the site"
    if not parts.path:  # a fragment of the same page
        if not parts.fragment:
            return "empty link"
        return None if parts.fragment in _parsed(page).ids else "no such id"
    target = (page.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(site.resolve()):
        return "leaves the site folder"
    if not target.is_file():
        return "no such file" if not target.is_dir() else "a folder, not a file"
    if not parts.fragment or target.suffix != ".html":
        return None
    return None if parts.fragment in _parsed(target).ids else "no such id"


def test_every_reference_of_every_page_resolves_inside_the_site(site):
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    # index, data, metode, soeg, maal/ and its goals, and per municipality
    # its page and its HTML report.
    assert len(pages) >= 4 + 1 + 5 + 98 * 2
    checked, broken = 0, []
    stylesheets = set()
    for page in pages:
        for reference in _parsed(page).references:
            checked += 1
            if why := _broken(site, page, reference):
                broken.append(f"{page.relative_to(site)}: {reference[:80]} ({why})")
            elif reference.endswith(".css"):
                stylesheets.add((page.parent / reference).resolve())
    for stylesheet in stylesheets:
        for reference in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            checked += 1
            if why := _broken(site, stylesheet, reference):
                broken.append(f"{stylesheet.relative_to(site)}: {reference} ({why})")
    assert broken == []
    assert checked > 1000, checked
    print(f"{checked} references on {len(pages)} pages, none broken")


@pytest.mark.parametrize("path", [*PAGES, "soeg/index.html"])
def test_served_pages_load_and_link_only_to_files_the_server_has(
    browser, server, url_of, path
):
    with visited(browser, url_of(path, "served")) as page:
        urls = page.eval_on_selector_all(
            REFERENCES, "els => els.map(e => e.href || e.src)"
        )
        fragments = page.eval_on_selector_all(
            "a[href^='#']",
            "els => els.filter(e => !document.getElementById("
            "decodeURIComponent(e.hash.slice(1)))).map(e => e.outerHTML)",
        )
        wanted = sorted({u.split("#")[0] for u in urls if not u.startswith("data:")})
        outside = [u for u in wanted if not u.startswith(server)]
        statuses = page.evaluate(
            """urls => Promise.all(urls.map(u =>
                 fetch(u).then(r => r.status, e => String(e))))""",
            wanted,
        )
        problems = page.problems
    assert outside == []
    assert fragments == []
    assert [(u, s) for u, s in zip(wanted, statuses, strict=True) if s != 200] == []
    assert len(urls) > 10
    assert problems == []


# --- b. the filter and the sortable tables ------------------------------------


@pytest.mark.parametrize("how", HOW)
def test_the_filter_finds_herning(browser, url_of, how):
    with visited(browser, url_of("index.html", how)) as page:
        rows = page.locator("#kommuner tbody tr")
        assert page.locator("#kommune-filter").is_visible()  # JS un-hid it
        assert rows.count() == 98
        assert page.locator("#kommune-count").inner_text() == "Viser 98 af 98 kommuner."
        page.fill("#kommune-filter", "Hern")
        visible = page.locator("#kommuner tbody tr:visible")
        assert visible.count() == 1
        assert visible.get_attribute("data-kommune") == KOMMUNE
        assert visible.locator("a").inner_text() == "Herning"
        assert page.locator("#kommune-count").inner_text() == "Viser 1 af 98 kommuner."
        page.fill("#kommune-filter", "")
        assert page.locator("#kommuner tbody tr:visible").count() == 98
        assert page.problems == []


@pytest.mark.parametrize("how", HOW)
def test_a_column_header_sorts_the_table(browser, url_of, how):
    with visited(browser, url_of("index.html", how)) as page:
        codes = lambda: page.eval_on_selector_all(  # noqa: E731
            "#kommuner tbody tr", "rows => rows.map(r => r.dataset.kommune)"
        )
        header = page.locator("#kommuner thead th", has_text="Kode")
        before = codes()
        assert header.get_attribute("aria-sort") is None
        header.get_by_role("button", name="Kode").click()
        ascending = codes()
        assert ascending != before
        assert ascending == sorted(before)
        assert header.get_attribute("aria-sort") == "ascending"
        header.get_by_role("button").click()
        assert codes() == sorted(before, reverse=True)
        assert header.get_attribute("aria-sort") == "descending"
        assert page.problems == []


def test_the_goal_pages_member_table_sorts_by_status(browser, url_of):
    with visited(browser, url_of(f"maal/{NATIONAL_GOAL}/index.html", "served")) as page:
        rows = page.locator("table.members tbody tr")
        assert rows.count() == 98
        header = page.locator("table.members thead th", has_text="Status")
        header.get_by_role("button").click()
        ranks = page.eval_on_selector_all(
            "table.members tbody tr td.status",
            "cells => cells.map(c => Number(c.dataset.value))",
        )
        assert ranks == sorted(ranks) and ranks[0] < ranks[-1]
        assert header.get_attribute("aria-sort") == "ascending"


# --- c. and d. search and errors ----------------------------------------------


def test_search_finds_a_goal_page_when_served(browser, url_of, server):
    with visited(browser, url_of("soeg/index.html", "served")) as page:
        page.wait_for_selector("#soegeord:enabled", timeout=15_000)
        page.fill("#soegeord", "hjemløse")
        page.wait_for_selector("#soeg-resultater li a", timeout=15_000)
        links = page.eval_on_selector_all(
            "#soeg-resultater li a", "links => links.map(a => a.href)"
        )
        status = page.locator("#soeg-status").inner_text()
        problems = page.problems
    assert re.fullmatch(r"\d+ sider fundet\.", status), status
    goal_links = [u for u in links if "/maal/" in u]
    assert goal_links, links
    assert all(u.startswith(server) for u in links)
    for url in {goal_links[0], links[0]}:
        with urllib.request.urlopen(url.split("#")[0], timeout=10) as response:
            assert response.status == 200
            assert b"<h1>" in response.read()
    assert problems == []


def test_search_from_disk_says_it_needs_a_web_server(browser, url_of):
    with visited(browser, url_of("soeg/index.html", "file")) as page:
        status = page.locator("#soeg-status")
        page.wait_for_function(
            "() => document.getElementById('soeg-status').textContent"
            ".includes('webserver')"
        )
        assert "webserver" in status.inner_text()
        assert page.locator("#soegeord").is_disabled()
        assert page.problems == []


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("path", [*PAGES[:2], "soeg/index.html"])
def test_no_page_error_and_no_console_error(browser, url_of, how, path):
    with visited(browser, url_of(path, how)) as page:
        if path.startswith("soeg/"):  # the script has answered, served or not
            page.wait_for_function(
                "() => !document.getElementById('soeg-status').textContent"
                ".includes('kræver JavaScript')"
            )
            assert "kunne ikke hentes" not in page.locator("#soeg-status").inner_text()
        assert page.problems == []


# --- e. accessibility and reflow ----------------------------------------------


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(browser, url_of, how, path):
    with visited(browser, url_of(path, how)) as page:
        violations = axe_violations(page)
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations] == []


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_on_a_phone(browser, site, url_of, path):
    with opened(browser, site / path, "telefon (375 px)") as page:
        width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        faults = layout_faults(page)
    assert width[0] <= width[1] + 1, width
    assert faults == []
    with visited(browser, url_of(path, "served"), "telefon (375 px)") as page:
        assert layout_faults(page) == []


# --- f. screenshots -----------------------------------------------------------


def test_screenshots_of_the_index_and_a_goal_page(browser, url_of, tmp_path):
    shots = {
        "site_index.png": "index.html",
        "site_maal.png": f"maal/{NATIONAL_GOAL}/index.html",
    }
    for name, path in shots.items():
        with visited(browser, url_of(path, "served")) as page:
            page.screenshot(path=tmp_path / name)  # the window only
            assert page.get_by_role("heading", level=1).is_visible()
    for name in shots:
        assert (tmp_path / name).stat().st_size > 20_000
        if os.environ.get("BUDGETMAAL_SCREENSHOTS") == "1":
            shutil.copyfile(tmp_path / name, REPO / "docs" / name)
    print(f"skærmbilleder: {tmp_path}")
