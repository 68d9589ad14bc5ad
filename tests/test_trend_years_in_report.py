"""Years and values read off the trend, read back from a real run's PDF and
HTML: the projection held within the unit's range, and the year of the
newest figures beside every projected year when they are older than the
report year (docs/methodology.md, section 4)."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser

from pdf_text import flat_text

from budgetmaal.shared.vocabulary import UNITS

REPORT_YEAR = 2021
REACHED = "Målet nås i tendensens tempo"


def _progress(run) -> dict[str, dict]:
    with open(run / "results/progress.csv", encoding="utf-8", newline="") as handle:
        return {row["target_id"]: row for row in csv.DictReader(handle)}


class _ReachedCells(HTMLParser):
    """The text of every «Målet nås i tendensens tempo» cell."""

    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "td" and dict(attrs).get("data-label") == REACHED:
            self._inside = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.cells[-1] += data


def test_every_projection_stays_within_its_units_range(sample_run):
    rows = _progress(sample_run).values()
    projected = [r for r in rows if r["projected_value"]]
    assert projected
    for row in projected:
        unit = UNITS[row["unit"]]
        assert unit.low <= float(row["projected_value"]) <= unit.high, row
    # Herning's example 2030 goal: the straight line would be −3.85 in 2030.
    herning_2030 = _progress(sample_run)["hjemloese_657_2030"]
    assert float(herning_2030["projected_value"]) == 0.0
    assert herning_2030["projection_bound_year"] == "2030"
    assert herning_2030["reached_year"] == "2023"


def test_the_card_says_when_the_projection_was_held_at_zero(sample_run):
    note = (
        "Fremskrivningen når 0 i 2030 og holdes dér, da tallet ikke kan komme under 0."
    )
    html = (sample_run / "reports/657/budgetmaal_2021.html").read_text(encoding="utf-8")
    assert note in html
    assert note in flat_text(sample_run / "reports/657/budgetmaal_2021.pdf")


def test_a_projected_year_says_how_old_the_newest_figures_are(sample_run):
    # anbringelser_dk: data up to 2013, the trend reaches the goal in 2015.
    assert _progress(sample_run)["anbringelser_dk"]["latest_year"] == "2013"
    pdf = flat_text(sample_run / "reports/657/budgetmaal_2021.pdf")
    assert "2015; nyeste tal er fra 2013" in pdf
    for kommune in ("657", "320"):
        parser = _ReachedCells()
        parser.feed(
            (sample_run / f"reports/{kommune}/budgetmaal_2021.html").read_text(
                encoding="utf-8"
            )
        )
        assert parser.cells
        for cell in parser.cells:
            years = [int(y) for y in re.findall(r"\b(\d{4})\b", cell)]
            if cell.startswith("allerede nået"):
                continue  # an observation, not the trend
            newest = re.search(r"nyeste tal er fra (\d{4})", cell)
            if newest is None:
                # No note: the figures are from the report year on, and so
                # is any year read off the trend.
                assert all(y >= REPORT_YEAR for y in years), cell
            else:
                assert int(newest[1]) < REPORT_YEAR, cell
