"""Read back from the sample run's reports: every number printed
with the minus sign «−» (U+2212), never the hyphen-minus "-"; and each chart's
alt text short and not its caption, in the HTML and as the PDF Figure's /Alt.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest
import yaml
from pdf_text import page_texts
from pypdf import PdfReader

REPORTS = ("657", "320")
MINUS = "\u2212"
# A hyphen-minus before a digit, not inside a word, a number, a path or a
# range: "2026-11-24", "15-17-årige", "data/raw/x-1.csv" are no minus signs.
HYPHEN_NUMBER = re.compile(r"(?<![\w./–-])-\d")
MINUS_NUMBER = re.compile(MINUS + r"\d")
ALT_END = "; tallene står i teksten under"
# The data appendix quotes config/config.yaml as YAML: config as written, like
# the analyst's error messages, so a negative there keeps its "-".
CONFIG_HEADING = "Konfiguration"


class Reading(HTMLParser):
    """The HTML's visible text, its key-figure cells, and each figure's alt
    text, caption and goal heading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.cells: dict[str, list[str]] = {}
        self.figures: list[dict] = []
        self._open: list[str] = []
        self._label: str | None = None
        self._heading = ""
        self._last_h3 = ""
        self._config_pre = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.figures.append({"alt": attributes.get("alt"), "goal": self._goal()})
            return
        if tag in {"meta", "link", "br", "hr"}:
            return
        self._open.append(tag)
        if tag == "td":
            self._label = attributes.get("data-label")
            self.cells.setdefault(self._label, []).append("")
        if tag == "pre":
            self._config_pre = self._last_h3 == CONFIG_HEADING
        if tag in {"h3", "figcaption"}:
            self._heading = ""

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()
        if tag == "h3":
            self._last_h3 = " ".join(self._heading.split())
        if tag == "figcaption":
            self.figures[-1]["caption"] = " ".join(self._heading.split())
        if tag == "td":
            self._label = None
        if tag == "pre":
            self._config_pre = False

    def handle_data(self, data):
        if {"style", "script"} & set(self._open) or self._config_pre:
            return
        self.text.append(data)
        self._heading += data
        if self._label is not None:
            self.cells[self._label][-1] += data

    def _goal(self) -> str:
        return self._last_h3.removesuffix(" (eksempeldata)")


@pytest.fixture(scope="module")
def readings(sample_run) -> dict[str, Reading]:
    found = {}
    for report in REPORTS:
        html = (sample_run / f"reports/{report}/budgetmaal_2021.html").read_text(
            encoding="utf-8"
        )
        reading = Reading()
        reading.feed(html)
        reading.close()
        found[report] = reading
    return found


def pdf_text(path) -> str:
    """Every page's text, without the data appendix's quote of config.yaml
    (from the heading «Konfiguration» to the next one, «Software»)."""
    text = "\n".join(page_texts(path))
    start = text.rindex(f"\n{CONFIG_HEADING}\n")
    end = text.index("\nSoftware\n", start)
    return text[:start] + text[end:]


def negative_progress(workdir, report: str) -> list[str]:
    """The key figure «Fremskridt» of each of the report's goals that moved
    away from its target (negative progress_pct), as it must be printed; the
    sample has some in each report (Herning's «forsorgshjem_120_657», the
    national «hjemloese_dk»), so the tests read a negative key figure."""
    definition = yaml.safe_load(
        (workdir / f"config/reports/{report}.yaml").read_text(encoding="utf-8")
    )
    shown = {t for area in definition["focus_areas"] for t in area["targets"]}
    shown |= set(definition.get("national_targets", []))
    with open(workdir / "results/progress.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["target_id"] in shown]
    figures = []
    for row in rows:
        if row["progress_pct"] and float(row["progress_pct"]) < 0:
            size = Decimal(row["progress_pct"]).copy_abs()
            whole = size.quantize(Decimal(1), ROUND_HALF_UP)
            figures.append(f"{MINUS}{whole} pct.")
    assert figures, f"no goal of report {report} has a negative key figure"
    return figures


@pytest.mark.parametrize("report", REPORTS)
def test_the_pdf_prints_every_negative_number_with_the_minus_sign(sample_run, report):
    text = pdf_text(sample_run / f"reports/{report}/budgetmaal_2021.pdf")
    assert [
        text[max(0, m.start() - 40) : m.end() + 10]
        for m in HYPHEN_NUMBER.finditer(text)
    ] == []
    assert MINUS_NUMBER.search(text)
    flat = " ".join(text.split())
    for figure in negative_progress(sample_run, report):
        assert figure in flat


@pytest.mark.parametrize("report", REPORTS)
def test_the_html_prints_every_negative_number_with_the_minus_sign(
    sample_run, readings, report
):
    reading = readings[report]
    text = "".join(reading.text)
    read_aloud = " ".join([text, *(f["alt"] for f in reading.figures)])
    assert [
        read_aloud[max(0, m.start() - 40) : m.end() + 10]
        for m in HYPHEN_NUMBER.finditer(read_aloud)
    ] == []
    assert MINUS_NUMBER.search(text)
    progress = [" ".join(c.split()) for c in reading.cells["Fremskridt"]]
    for figure in negative_progress(sample_run, report):
        assert figure in progress


@pytest.mark.parametrize("report", REPORTS)
def test_each_chart_alt_text_is_short_and_not_its_caption(readings, report):
    figures = readings[report].figures
    assert len(figures) >= 5
    for figure in figures:
        alt, caption = " ".join(figure["alt"].split()), figure["caption"]
        assert alt != caption and alt not in caption
        assert alt.startswith("Diagram:") and len(alt) < 150, alt
        assert alt == f"Diagram: {figure['goal']}{ALT_END}"
        assert caption.endswith(".") and re.search(r"\d", caption)


@pytest.mark.parametrize("report", REPORTS)
def test_the_pdf_figures_alt_is_the_short_alt_text(sample_run, readings, report):
    reader = PdfReader(sample_run / f"reports/{report}/budgetmaal_2021.pdf")
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    alts = [str(node["/Alt"]) for node in _figures(root)]
    assert alts == [f["alt"] for f in readings[report].figures]
    assert all(alt.startswith("Diagram:") and alt.endswith(ALT_END) for alt in alts)


def _figures(node):
    """The structure tree's Figure elements, in document order."""
    node = node.get_object()
    if not isinstance(node, dict):
        return
    if node.get("/S") == "/Figure":
        yield node
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") or isinstance(kid, dict):
            yield from _figures(kid)
