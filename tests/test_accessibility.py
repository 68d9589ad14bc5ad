"""The sample run's reports checked as an accessibility auditor would
(webtilgængelighedsloven: EN 301 549, WCAG 2.1 AA; PDFs and spreadsheets too).

- every PDF against the machine-checkable Matterhorn conditions (PDF/UA-1);
- every HTML report in headless Chromium: axe-core's WCAG 2.1 A and AA rules,
  and the layout on a desktop, a phone (375 px) and at 200 % zoom;
- the contrast of the stylesheet's text and of the charts' lines and markers;
- the workbook: named tables with marked header rows, no merged cells,
  status as words.

What a person must still judge (reading order, whether an alt text says
what the chart shows) is listed in the README.
"""

from __future__ import annotations

import pikepdf
import pytest
from openpyxl import load_workbook

from browser_checks import VIEWS, axe_violations, chromium, layout_faults, opened
from budgetmaal.checking import pdf_ua
from budgetmaal.checking.contrast import (
    GRAPHICS_MINIMUM,
    TEXT_MINIMUM,
    contrast_ratio,
    stylesheet_text_pairs,
    svg_colours,
)
from budgetmaal.publishing.charts import COLOURS, GRID_COLOUR
from budgetmaal.publishing.render import TEMPLATE_DIR
from budgetmaal.publishing.workbook import HEADERS
from budgetmaal.shared.vocabulary import STATUS_DA

KOMMUNER = ("657", "320")


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def test_every_pdf_passes_every_machine_checkable_matterhorn_condition(sample_run):
    pdfs = sorted(sample_run.glob("reports/**/*.pdf"))
    assert len(pdfs) == len(KOMMUNER)
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            results = pdf_ua.check(pdf)
        assert len(results) >= 12
        assert (
            pdf_ua.summary(results)
            == f"{len(results)} of {len(results)} conditions pass"
        )


def test_the_running_heads_are_pagination_artifacts(sample_run):
    with pikepdf.open(sample_run / "reports/657/budgetmaal_2021.pdf") as pdf:
        content = pikepdf.unparse_content_stream(
            pikepdf.parse_content_stream(pdf.pages[3])
        )
    assert content.count(b"/Artifact <<") >= 3  # title, municipality, page number
    assert b"/Type /Pagination" in content


@pytest.mark.parametrize("kommune", KOMMUNER)
def test_html_report_has_no_wcag_violations_in_chromium(sample_run, browser, kommune):
    with opened(
        browser, sample_run / f"reports/{kommune}/budgetmaal_2021.html"
    ) as page:
        violations = axe_violations(page)
    assert [(v["id"], v["nodes"][0]["target"]) for v in violations] == []


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("kommune", KOMMUNER)
def test_html_report_reflows_without_cut_off_text(sample_run, browser, kommune, view):
    with opened(
        browser, sample_run / f"reports/{kommune}/budgetmaal_2021.html", view
    ) as page:
        assert layout_faults(page) == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWS[view]["viewport"]["width"]


def test_on_a_phone_each_value_keeps_its_column_name(sample_run, browser, tmp_path):
    html = sample_run / "reports/657/budgetmaal_2021.html"
    with opened(browser, html, "telefon (375 px)") as page:
        first_row = page.locator("table.overview tbody tr").first
        assert (
            first_row.locator("td")
            .nth(2)
            .evaluate("td => getComputedStyle(td, '::before').content")
            == '"Basis: "'
        )
        # The headers are hidden from sight only: screen readers still have them.
        assert page.get_by_role("columnheader", name="Basis").first.count() == 1
        page.screenshot(path=tmp_path / "telefon_forside.png")
        card = page.locator("div.target").first
        card.screenshot(path=tmp_path / "telefon_maalkort.png")
        assert card.bounding_box()["width"] <= 375
    print(f"skærmbilleder: {tmp_path}")


def test_desktop_first_screen_and_a_goal_card(sample_run, browser, tmp_path):
    with opened(browser, sample_run / "reports/657/budgetmaal_2021.html") as page:
        page.screenshot(path=tmp_path / "forside.png")
        page.locator("div.target").first.screenshot(path=tmp_path / "maalkort.png")
        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Mål for Budget 2021"
        assert page.locator("html").get_attribute("lang") == "da"
    assert (tmp_path / "forside.png").stat().st_size > 10_000
    print(f"skærmbilleder: {tmp_path}")


def test_stylesheet_text_has_at_least_4_5_to_1_contrast():
    pairs = stylesheet_text_pairs(
        (TEMPLATE_DIR / "style.css").read_text(encoding="utf-8")
    )
    assert {"html", "table.card th", "figcaption"} <= {p.where for p in pairs}
    assert [(p.where, round(p.ratio, 2)) for p in pairs if p.ratio < TEXT_MINIMUM] == []


def test_site_stylesheet_text_has_at_least_4_5_to_1_contrast():
    css = (TEMPLATE_DIR / "site/site.css").read_text(encoding="utf-8")
    pairs = stylesheet_text_pairs(css)
    assert {"a", ".search-results mark"} <= {p.where for p in pairs}
    assert [(p.where, round(p.ratio, 2)) for p in pairs if p.ratio < TEXT_MINIMUM] == []


def test_chart_colours_have_at_least_3_to_1_contrast_on_white():
    ratios = {
        role: contrast_ratio(colour, "#ffffff") for role, colour in COLOURS.items()
    }
    assert {role: r for role, r in ratios.items() if r < GRAPHICS_MINIMUM} == {}


def test_the_charts_draw_only_with_the_checked_colours(sample_run):
    allowed = {c.lower() for c in COLOURS.values()} | {GRID_COLOUR}
    charts = list(sample_run.glob("results/figures/*/*.svg"))
    assert charts
    used = set().union(*(svg_colours(p.read_text(encoding="utf-8")) for p in charts))
    assert used - allowed == set()
    assert {COLOURS["observed"], COLOURS["target"].lower()} <= used


@pytest.mark.parametrize("kommune", KOMMUNER)
def test_workbook_sheets_are_named_tables_with_marked_headers(sample_run, kommune):
    book = load_workbook(sample_run / f"results/{kommune}/maalopfoelgning.xlsx")
    assert book.properties.title.startswith("Mål for Budget 2021")
    status_words = set(STATUS_DA.values())
    for sheet in book.worksheets:
        tables = list(sheet.tables.values())
        assert len(tables) == 1 and tables[0].headerRowCount == 1
        assert (
            tables[0].ref
            == f"A1:{sheet.cell(1, len(HEADERS)).column_letter}{sheet.max_row}"
        )
        assert [c.value for c in sheet[1]] == HEADERS
        assert sheet.print_title_rows == "$1:$1"
        assert not sheet.merged_cells.ranges
        statuses = [
            row[HEADERS.index("Status")] for row in sheet.iter_rows(2, values_only=True)
        ]
        assert statuses and set(statuses) <= status_words
    names = [t.displayName for s in book.worksheets for t in s.tables.values()]
    assert len(set(names)) == len(names)
