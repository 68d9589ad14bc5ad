"""The HTML report beside each PDF: same content, readable with a screen reader,
self-contained (loads nothing)."""

from __future__ import annotations

import csv
from html.parser import HTMLParser

import pytest

VOID = {"meta", "link", "img", "br", "hr", "input", "col", "source", "wbr"}
HTML = "reports/657/budgetmaal_2021.html"


class Outline(HTMLParser):
    """Collects what a screen reader relies on, and checks that tags nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.lang = None
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict] = []
        self.captions: list[str] = []
        self.header_cells: list[dict] = []
        self.tables = 0
        self.external: list[str] = []
        self.text: list[str] = []
        self._capture: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in {"h1", "h2", "h3", "h4", "figcaption"}:
            self._capture = []
        if tag == "img":
            self.images.append(attributes)
        if tag == "th":
            self.header_cells.append(attributes)
        self.tables += tag == "table"
        for name in ("src", "href"):
            value = attributes.get(name)
            if value and not value.startswith("data:"):
                self.external.append(value)
        if tag in {"script", "link", "iframe", "object"}:
            self.external.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(
                f"</{tag}> closes <{self.open[-1] if self.open else ''}>"
            )
            return
        self.open.pop()
        if self._capture is not None and tag in {"h1", "h2", "h3", "h4", "figcaption"}:
            text = " ".join("".join(self._capture).split())
            if tag == "figcaption":
                self.captions.append(text)
            else:
                self.headings.append((int(tag[1]), text))
            self._capture = None

    def handle_data(self, data):
        self.text.append(data)
        if self._capture is not None:
            self._capture.append(data)


@pytest.fixture(scope="module")
def outline(sample_run) -> Outline:
    parser = Outline()
    parser.feed((sample_run / HTML).read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_html_is_well_formed_danish_and_self_contained(outline):
    assert outline.errors == [] and outline.open == []
    assert outline.lang == "da"
    assert outline.external == []


def test_headings_form_an_outline(outline):
    levels = [level for level, _ in outline.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    titles = {text for _, text in outline.headings}
    assert {"Mål for Budget 2021", "Overblik", "Hjemløshed", "Misbrug"} <= titles


def test_every_chart_has_danish_alt_text_and_table_headers_have_scope(
    outline, sample_run
):
    charts = list((sample_run / "results/figures/657").glob("*.svg"))
    charts += list((sample_run / "results/figures/000").glob("*.svg"))
    assert len(outline.images) == len(charts) == 15
    assert all(
        image["src"].startswith("data:image/svg+xml") for image in outline.images
    )
    alts = [" ".join(image["alt"].split()) for image in outline.images]
    # A short alt naming the chart; the sentence with the numbers is the caption.
    assert all(alt.startswith("Diagram: ") for alt in alts)
    assert len(outline.captions) == len(alts)
    assert all(c.endswith(".") and " i 20" in c for c in outline.captions)
    assert not set(alts) & set(outline.captions)
    assert outline.header_cells and all("scope" in th for th in outline.header_cells)


def test_html_shows_the_status_of_every_target_in_the_progress_table(
    outline, sample_run
):
    with open(sample_run / "results/progress.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["geography"] in {"657", "000"}]
    text = " ".join("".join(outline.text).split())
    for row in rows:
        assert row["status_da"] in text, row["target_id"]
    assert "eksempeldata" in text.lower()
