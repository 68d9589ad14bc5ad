"""The static site under site/ (rule build_site), on the sample run: its
statuses are the progress table's, its downloads are the run's files, its
links stay inside it, it reads as Danish and as the report, and a re-run
changes only the files whose bytes changed."""

from __future__ import annotations

import csv
import hashlib
import json
import posixpath
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import planned_outputs, run_snakemake

from budgetmaal.publishing.site_context import Download

KOMMUNER = ("657", "320")
# Each municipality's files beside its page: where the run wrote them.
KOMMUNE_FILES = {
    "budgetmaal_2021.pdf": "reports/{code}/budgetmaal_2021.pdf",
    "budgetmaal_2021.html": "reports/{code}/budgetmaal_2021.html",
    "maalopfoelgning.xlsx": "results/{code}/maalopfoelgning.xlsx",
    "fremdrift.csv": "results/progress/{code}.csv",
}
URL_ATTRIBUTES = ("href", "src", "data-pagefind")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LOG_LINE = re.compile(
    r"site/: (?P<pages>\d+) sider, (?P<written>\d+) filer skrevet, "
    r"(?P<kept>\d+) uændrede, (?P<dropped>\d+) fjernet"
)


# --- reading the pages -------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list[Element] = field(default_factory=list)
    parts: list = field(default_factory=list)  # text and children, in order

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs):
        """Descendants (and self) by tag, class and attributes (None: present)."""
        found = []
        for element in self.iter():
            if tag and element.tag != tag:
                continue
            if cls and cls not in (element.attrs.get("class") or "").split():
                continue
            if all(
                (k.replace("_", "-") in element.attrs)
                if v is None
                else element.attrs.get(k.replace("_", "-")) == v
                for k, v in attrs.items()
            ):
                found.append(element)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs):
        [found] = self.all(tag, cls, **attrs)
        return found

    def raw_text(self) -> str:
        return "".join(p if isinstance(p, str) else p.raw_text() for p in self.parts)

    @property
    def text(self) -> str:
        return " ".join(self.raw_text().split())


class Page(HTMLParser):
    """An HTML page as a tree of Elements (html.parser, no dependencies)."""

    VOID = {"meta", "link", "img", "br", "hr", "input", "col", "source", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        self.stack[-1].parts.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        self.stack[-1].parts.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        self.stack[-1].parts.append(data)


def read_pages(site: Path) -> dict[str, Element]:
    """Every page of the site (each is an index.html), by site-relative path."""
    return {
        p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")).root
        for p in sorted(site.rglob("index.html"))
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_progress(workdir: Path) -> dict[str, dict]:
    with open(workdir / "results/progress.csv", encoding="utf-8") as handle:
        return {r["target_id"]: r for r in csv.DictReader(handle)}


def definitions(workdir: Path) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((workdir / "config/reports").glob("*.yaml"))
    }


def focus_targets(definition: dict) -> list[str]:
    return [t for area in definition["focus_areas"] for t in area["targets"]]


def example(row: dict) -> bool:
    return row["example_data"] == "True"


def site_files(site: Path) -> dict[str, Path]:
    """The site's files, without Snakemake's time stamp."""
    return {
        p.relative_to(site).as_posix(): p
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != ".snakemake_timestamp"
    }


@pytest.fixture(scope="module")
def site(sample_run) -> Path:
    return sample_run / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Element]:
    return read_pages(site)


@pytest.fixture(scope="module")
def progress(sample_run) -> dict[str, dict]:
    return read_progress(sample_run)


# --- the statuses are the progress table's -----------------------------------


def test_the_site_has_its_pages(pages):
    expected = {
        "index.html",
        "maal/index.html",
        "metode/index.html",
        "data/index.html",
        "aendringer/index.html",  # the sample names last year's table
        "soeg/index.html",
        *(f"kommune/{code}/index.html" for code in KOMMUNER),
        "maal/hjemloese_dk/index.html",
    }
    assert expected <= set(pages)
    assert {p.split("/")[0] for p in pages} == {
        "index.html",
        "kommune",
        "maal",
        "metode",
        "data",
        "aendringer",
        "soeg",
    }


def test_every_status_on_the_site_is_the_progress_tables(sample_run, pages, progress):
    shown = Counter()
    for path, page in pages.items():
        for element in page.all(data_target=None):
            target = element.attrs["data-target"]
            assert target in progress, (path, target)
            row = progress[target]
            assert element.attrs["data-status"] == row["status"], (path, target)
            # The Danish label beside it says the same.
            status = element.all(cls="status") or element.all("td")[2:3]
            assert status[0].text.endswith(row["status_da"]), (path, target)
            shown[path.split("/")[0]] += 1
    assert shown["kommune"] == sum(
        len(focus_targets(d) + d.get("national_targets", []))
        for d in definitions(sample_run).values()
    )
    assert shown["maal"] > 0
    # Last year's page has a row for every target of this year.
    rows = pages["aendringer/index.html"].all("tr", data_target=None)
    assert sorted(r.attrs["data-target"] for r in rows) == sorted(progress)


def test_every_target_of_a_report_is_on_its_municipalitys_page(sample_run, pages):
    found = definitions(sample_run)
    assert set(found) == set(KOMMUNER)
    for code, definition in found.items():
        page = pages[f"kommune/{code}/index.html"]
        shown = [a.attrs["data-target"] for a in page.all("article", data_target=None)]
        # Area by area in the report's order, then the national goals.
        expected = focus_targets(definition) + definition.get("national_targets", [])
        assert shown == expected, code
        for area in definition["focus_areas"]:
            assert area["name"] in [h.text for h in page.all("h2")], area["name"]
        assert all(a.attrs["id"] == a.attrs["data-target"] for a in page.all("article"))


def test_the_index_counts_each_municipalitys_goals_by_status(
    sample_run, pages, progress
):
    table = pages["index.html"].one("table", id="kommuner")
    rows = {r.attrs["data-kommune"]: r for r in table.all("tr", data_kommune=None)}
    assert list(rows) == ["320", "657"]  # Faxe before Herning: by name
    for code, definition in definitions(sample_run).items():
        own = focus_targets(definition)
        expected = Counter(progress[t]["status"] for t in own)
        cells = {
            c.attrs["data-status"]: int(c.text)
            for c in rows[code].all("td", data_status=None)
        }
        assert {s: n for s, n in cells.items() if n} == dict(expected), code
        assert set(expected) <= set(cells), code  # every status it has is a column
        assert int(rows[code].all("td")[-1].text) == len(own), code
        link = rows[code].one("a")
        assert link.attrs["href"] == f"kommune/{code}/index.html"


# --- the downloads are the run's files -----------------------------------------


def test_each_download_lies_beside_its_page_with_the_runs_sha256(
    sample_run, site, pages
):
    for code in KOMMUNER:
        page = pages[f"kommune/{code}/index.html"]
        rows = page.one("table", "downloads").one("tbody").all("tr")
        listed = {}
        for row in rows:
            link = row.one("a")
            listed[link.attrs["href"]] = (
                row.one("td", data_label="Størrelse").text,
                row.one("code").text,
            )
        assert set(listed) == set(KOMMUNE_FILES), code
        for name, (size, digest) in listed.items():
            beside = site / f"kommune/{code}" / name
            original = sample_run / KOMMUNE_FILES[name].format(code=code)
            assert beside.is_file(), (code, name)
            assert re.fullmatch(r"[0-9a-f]{64}", digest)
            assert digest == sha256(beside) == sha256(original), (code, name)
            assert size == Download(name, "", beside.stat().st_size, digest).size_da


def test_the_data_page_offers_the_runs_tables_and_names_its_sources(
    sample_run, site, pages
):
    page = pages["data/index.html"]
    tables = page.one("table", "downloads").one("tbody").all("tr")
    listed = {r.one("a").attrs["href"]: r.one("code").text for r in tables}
    assert set(listed) == {"progress.csv", "indicators.csv"}
    for name, digest in listed.items():
        assert (site / "data" / name).read_bytes() == (
            sample_run / "results" / name
        ).read_bytes()
        assert digest == sha256(site / "data" / name)
    sources = page.one("table", "sources").one("tbody").all("tr")
    catalogue = yaml.safe_load(
        (sample_run / "config/indicators.yaml").read_text(encoding="utf-8")
    )
    assert [r.one("td", "file").text for r in sources] == [
        s["path"] for s in catalogue["sources"]
    ]
    for row in sources:
        path = sample_run / row.one("td", "file").text
        assert row.one("td", "hash").text == sha256(path), path


# --- links, landmarks and the example-data note --------------------------------


def test_every_link_is_relative_and_leads_to_a_file_of_the_site(site, pages):
    html_files = {
        p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")).root
        for p in site.rglob("*.html")
    }
    assert set(pages) < set(html_files)  # the reports' HTML too
    checked = 0
    for path, page in html_files.items():
        for element in page.iter():
            for attribute in URL_ATTRIBUTES:
                value = element.attrs.get(attribute)
                if value is None:
                    continue
                checked += 1
                where = (path, element.tag, value)
                if element.tag == "link" and element.attrs.get("rel") == "icon":
                    assert value == "data:,", where  # no request for a favicon
                    continue
                if element.tag == "img" and value.startswith("data:image/"):
                    continue  # the report's charts, inside it
                assert not SCHEME.match(value), where  # http:, file:, javascript: …
                assert not value.startswith("/"), where  # nor // or from the root
                _check_relative(site, html_files, path, value)
    assert checked > 300


def _check_relative(site: Path, html_files: dict, path: str, value: str) -> None:
    url, _, fragment = value.partition("#")
    assert "?" not in url, (path, value)
    if url:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), url))
        assert not resolved.startswith(".."), (path, value)  # inside site/
        assert (site / resolved).is_file(), (path, value)
    else:
        resolved = path
    if fragment:
        target = html_files[resolved]
        assert target.all(id=fragment), (path, value)


def test_the_stylesheets_load_only_files_of_the_site(site):
    for css in sorted((site / "assets").glob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text("utf-8")):
            assert not SCHEME.match(url) and not url.startswith("/"), (css.name, url)
            assert (css.parent / url).resolve().is_file(), (css.name, url)
        assert "@import" not in css.read_text("utf-8")


def test_every_page_is_danish_with_a_skip_link_landmarks_and_one_script(pages):
    for path, page in pages.items():
        html = page.one("html")
        assert html.attrs.get("lang") == "da", path
        body = page.one("body")
        first_link = body.all("a")[0]
        assert first_link.attrs["href"] == "#indhold", path
        assert first_link.text == "Gå til indholdet", path
        main = page.one("main")
        assert main.attrs.get("id") == "indhold", path
        assert page.all("nav"), path
        assert len(page.all("h1")) == 1, path
        assert page.one("title").text.endswith("– Mål for Budget 2021"), path
        scripts = page.all("script")
        assert len(scripts) == 1, path
        script = scripts[0]
        root = "../" * path.count("/")
        assert script.attrs == {"src": f"{root}assets/site.js", "defer": None}, path
        ids = [e.attrs["id"] for e in page.iter() if "id" in e.attrs]
        assert len(ids) == len(set(ids)), (path, Counter(ids).most_common(2))


def test_pages_with_example_data_say_so(pages, progress):
    def note(page) -> bool:
        notes = page.all("p", "example-note")
        return bool(notes) and "eksempeldata" in notes[0].text

    for path in ["index.html", *(f"kommune/{c}/index.html" for c in KOMMUNER)]:
        assert note(pages[path]), path
        assert "eksempeldata" in pages[path].one("main").text, path
    goal_pages = {
        p: g for p, g in pages.items() if re.fullmatch(r"maal/[^/]+/index.html", p)
    }
    assert goal_pages
    for path, page in goal_pages.items():
        shown = [progress[e.attrs["data-target"]] for e in page.all(data_target=None)]
        assert note(page) == any(map(example, shown)), path
    assert note(pages["maal/hjemloese_dk/index.html"])
    for path, page in pages.items():
        for brief in page.all("article", data_target=None):
            label = brief.one("h3").all("span", "example-label")
            assert bool(label) == example(progress[brief.attrs["data-target"]]), path


# --- the same Danish as the report ---------------------------------------------


def _without(element: Element, *classes: str) -> str:
    """An element's text without its parts of these classes (a symbol)."""
    parts = [
        p
        if isinstance(p, str)
        else ""
        if set(classes) & set((p.attrs.get("class") or "").split())
        else _without(p, *classes)
        for p in element.parts
    ]
    return " ".join("".join(parts).split())


def _symbol(element: Element) -> str:
    return element.all("span", "symbol")[0].text


def _brief_figures(article: Element) -> dict[str, str]:
    """A goal brief's key figures by their names (a period apart)."""
    figures = {}
    for pair in article.one("dl", "key-figures").all("div"):
        label, value = pair.one("dt"), pair.one("dd")
        periods = label.all("span", "period")
        name = _without(label, "period")
        if periods:
            figures[f"{name} (periode)"] = periods[0].text
        if value.all("span", "symbol"):
            figures[f"{name}, symbol"] = _symbol(value)
        figures[name] = _without(value, "symbol")
    return figures


def _card_figures(card: Element) -> dict[str, str]:
    """The report's goal card, by the names the site's brief uses. The card
    shows an assessed status first and the computed one after it; the brief
    shows the computed status, then the administration's."""
    key = card.one("table", "key-figures")
    status = key.one("td", "status")
    figures = {
        label: key.one("td", data_label=label).text
        for label in ("Basis", "Seneste", "Mål")
    }
    assessed = status.all("span", "assessed")
    if assessed:
        computed = re.search(r"beregnet status: (.+?)\.", assessed[0].text)
        figures["Status"] = computed[1]
        figures["Forvaltningens vurdering"] = _without(status, "symbol", "assessed")
        figures["Forvaltningens vurdering, symbol"] = _symbol(status)
    else:
        figures["Status"] = _without(status, "symbol")
        figures["Status, symbol"] = _symbol(status)
    outlook = card.all("table", "outlook")
    if outlook:
        cells = outlook[0].one("tbody").all("td")
        heads = outlook[0].one("thead").all("th")
        names = [
            "Det kræver nu",
            "Opnået ændring pr. år",
            "Målet nås i tendensens tempo",
        ]
        for name, cell in zip(names, cells, strict=True):
            figures[name] = cell.text
        for name, head in zip(names[:2], heads, strict=False):
            figures[f"{name} (periode)"] = head.one("span", "period").text
    return figures


@pytest.mark.parametrize("code", KOMMUNER)
def test_a_municipalitys_page_says_what_its_report_says(sample_run, pages, code):
    page = pages[f"kommune/{code}/index.html"]
    report = Page(
        (sample_run / f"reports/{code}/budgetmaal_2021.html").read_text("utf-8")
    ).root
    briefs = page.all("article", data_target=None)
    cards = report.all("div", "target")
    assert len(briefs) == len(cards)
    for brief, card in zip(briefs, cards, strict=True):
        target = brief.attrs["data-target"]
        assert brief.one("h3").text == card.one("h3").text, target
        site_figures = _brief_figures(brief)
        card_figures = _card_figures(card)
        assert {k: site_figures.get(k) for k in card_figures} == card_figures, target
        assert brief.one("figcaption").text == card.one("figcaption").text, target
        assert brief.one("img").attrs["alt"] == card.one("img").attrs["alt"], target
        for cls in ("assessment", "bound-note"):
            assert [e.text for e in brief.all(cls=cls)] == [
                e.text for e in card.all(cls=cls)
            ], (target, cls)
    # «Herning Kommune», as the report's title names it.
    assert report.one("title").text.endswith(f"– {page.one('h1').text}")


def test_herning_homelessness_goal_in_figures_and_words(sample_run, pages):
    brief = pages["kommune/657/index.html"].one("article", data_target="hjemloese_657")
    figures = _brief_figures(brief)
    assert figures["Basis"] == "150 (2013)"
    assert figures["Mål"] == "højst 113 (2020)"  # 150 less 25 pct.
    report = (sample_run / "reports/657/budgetmaal_2021.html").read_text("utf-8")
    for name in ("Basis", "Seneste", "Mål", "Det kræver nu", "Opnået ændring pr. år"):
        assert figures[name] in report, name
    assert figures["Opnået ændring pr. år"].startswith("\u2212")  # a real minus
    # The shared goal it is listed on, and its chart beside the page.
    link = brief.all("a")[-1]
    assert link.attrs["href"] == "../../maal/hjemloese_dk/index.html"
    assert brief.one("img").attrs["src"] == "hjemloese_657.svg"


# --- the search index ----------------------------------------------------------


def test_the_search_index_is_danish_and_holds_every_indexed_page(site, pages):
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"da"}
    indexed = [
        path
        for path, page in pages.items()
        if "data-pagefind-body" in page.one("main").attrs
    ]
    assert "soeg/index.html" not in indexed and "index.html" in indexed
    assert entry["languages"]["da"]["page_count"] == len(indexed)
    assert (site / "pagefind/pagefind.js").is_file()
    form = pages["soeg/index.html"].one("form")
    assert form.attrs["data-pagefind"] == "../pagefind/pagefind.js"


# --- re-runs -------------------------------------------------------------------


def _identities(site: Path) -> dict[str, tuple[int, int]]:
    return {
        name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for name, path in site_files(site).items()
    }


def _bytes(site: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in site_files(site).items()}


def _pages(files) -> int:
    return sum(posixpath.basename(n) == "index.html" for n in files)


def _counted(workdir: Path) -> dict[str, int]:
    log = (workdir / "logs/build_site.log").read_text(encoding="utf-8")
    match = LOG_LINE.search(log)
    assert match, log
    return {k: int(v) for k, v in match.groupdict().items()}


def test_the_site_is_the_same_bytes_when_built_again(finished_copy):
    site = finished_copy / "site"
    first, identities = _bytes(site), _identities(site)

    again = run_snakemake(finished_copy, "--forcerun", "build_site")
    assert again.returncode == 0, again.stderr[-5000:]
    assert "build_site" in again.stdout + again.stderr

    assert _bytes(site) == first
    assert _identities(site) == identities  # every file kept, none written
    assert _counted(finished_copy) == {
        "pages": _pages(first),
        "written": 0,
        "kept": len(first),
        "dropped": 0,
    }

    # From nothing, too: the bytes do not depend on the old folder.
    shutil.rmtree(site)
    fresh = run_snakemake(finished_copy, "--forcerun", "build_site")
    assert fresh.returncode == 0, fresh.stderr[-5000:]
    assert _bytes(site) == first
    assert _counted(finished_copy)["written"] == len(first)


def test_a_changed_goal_rewrites_only_the_files_it_changes(finished_copy):
    site = finished_copy / "site"
    before, old_bytes = _identities(site), _bytes(site)
    targets = finished_copy / "config/targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert "change_pct: -25}" in text
    targets.write_text(text.replace("change_pct: -25}", "change_pct: -30}", 1), "utf-8")
    assert float(read_progress(finished_copy)["hjemloese_657"]["target_value"]) == 112.5

    result = run_snakemake(finished_copy)
    assert result.returncode == 0, result.stderr[-5000:]
    assert float(read_progress(finished_copy)["hjemloese_657"]["target_value"]) == 105
    after, new_bytes = _identities(site), _bytes(site)

    changed = {n for n in after if n in before and after[n] != before[n]}
    kept = {n for n in after if n in before and after[n] == before[n]}
    added, dropped = set(after) - set(before), set(before) - set(after)
    # Herning's page, the shared goal it is listed on, and the search index.
    assert {
        "kommune/657/index.html",
        "maal/hjemloese_dk/index.html",
        "pagefind/pagefind-entry.json",
    } <= changed
    assert "højst 105 (2020)" in new_bytes["kommune/657/index.html"].decode()
    assert any(n.startswith("pagefind/fragment/") for n in added)
    assert any(n.startswith("pagefind/fragment/") for n in dropped)
    # Faxe's page and files, the method, the assets: the same files.
    faxe = {n for n in before if n.startswith("kommune/320/")}
    assert {
        "kommune/320/index.html",
        *(f"kommune/320/{f}" for f in KOMMUNE_FILES),
    } <= faxe
    assets = {n for n in before if n.startswith("assets/")}
    assert len(assets) >= 5
    assert faxe | assets | {"metode/index.html"} <= kept
    # A file keeps its time exactly when its bytes are the same.
    assert {n for n in changed if new_bytes[n] == old_bytes[n]} == set()
    assert {n for n in kept if new_bytes[n] != old_bytes[n]} == set()
    # The log says how many.
    assert _counted(finished_copy) == {
        "pages": _pages(after),
        "written": len(changed) + len(added),
        "kept": len(kept),
        "dropped": len(dropped),
    }


@pytest.mark.parametrize("off", ["false", "False"])
def test_site_false_plans_and_makes_no_site(workflow_copy, off):
    """As the docs say it, and as Snakemake reads a bare False (the string
    «false» stays a string after --config; fetch=true is read the same way)."""
    assert "site" in planned_outputs(workflow_copy)
    dry = run_snakemake(workflow_copy, "--dry-run", "--config", f"site={off}")
    assert dry.returncode == 0, (dry.stdout + dry.stderr)[-3000:]
    assert "build_site" not in dry.stdout
    assert re.search(r"^\s+output: .*reports/657/budgetmaal_2021.pdf", dry.stdout, re.M)

    result = run_snakemake(workflow_copy, "--config", f"site={off}")

    assert result.returncode == 0, result.stderr[-5000:]
    assert (workflow_copy / "reports/657/budgetmaal_2021.pdf").is_file()
    assert not (workflow_copy / "site").exists()
    assert not list(workflow_copy.glob(".site.*"))
    assert not (workflow_copy / "logs/build_site.log").exists()
