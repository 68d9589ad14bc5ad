"""An intruder test: no published number pins a hidden small number.

One real run on a shelter extract built so that its counts and shares hit
every case of the rule (a count of 1–4; a share with a small numerator, a
small complement, a small denominator) in the baseline, the latest and a
middle year of targets of each form. Everything the run publishes is then
gathered (PDF and HTML text, workbook, every CSV under results/, chart SVG
text and alt texts, the national overview's rows) and attacked: by hand,
with the differencing an analyst would try, and by a linear program that
bounds each hidden cell from the published numbers and the methodology's
formulas.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from conftest import copy_workflow, run_snakemake
from openpyxl import load_workbook
from pdf_text import flat_text
from scipy.optimize import linprog

from budgetmaal.assessing.tables import read_progress
from budgetmaal.publishing.overview import build_overview_context
from budgetmaal.reading.disclosure import SmallCounts

THRESHOLD = 5
# Per year: young persons (18-25) with a stay, and ended stays (long, all).
YOUNG = {2014: 3, 2015: 9, 2016: 8, 2017: 2, 2018: 7, 2019: 6, 2020: 4, 2021: 0}
LONG_STAYS = {
    2014: (1, 3),  # 33,3 pct.: small numerator and denominator
    2015: (5, 10),
    2016: (9, 11),  # 81,8 pct.: complement 2
    2017: (0, 12),
    2018: (5, 12),
    2019: (4, 21),  # 19,0 pct.: numerator 4
    2020: (10, 25),
    2021: (1, 1),
}
HIDDEN_COUNTS = {y: v for y, v in YOUNG.items() if 0 < v < THRESHOLD}
HIDDEN_SHARES = {2014: (1, 3), 2016: (9, 11), 2019: (4, 21), 2021: (1, 1)}
NEW_TARGETS = """
  - id: unge_halvering_657
    name: Antallet af unge på forsorgshjem skal halveres
    indicator: forsorgshjem_unge_18_25
    geography: "657"
    baseline: {year: 2014}
    target: {year: 2020, change_pct: -50}
  - id: unge_2020_657
    name: Højst 5 unge på forsorgshjem i 2020
    indicator: forsorgshjem_unge_18_25
    geography: "657"
    baseline: {year: 2015}
    target: {year: 2020, value: 5}
  - id: unge_midt_657
    name: Højst 4 unge på forsorgshjem i 2019
    indicator: forsorgshjem_unge_18_25
    geography: "657"
    baseline: {year: 2016}
    target: {year: 2019, value: 4}
  - id: lange_ophold_657
    name: Højst 25 pct. af opholdene varer over 120 dage
    indicator: forsorgshjem_over_120_dage
    geography: "657"
    baseline: {year: 2015}
    target: {year: 2020, value: 25}
"""
TARGETS = [
    "forsorgshjem_unge_657",
    "forsorgshjem_120_657",
    "unge_halvering_657",
    "unge_2020_657",
    "unge_midt_657",
    "lange_ophold_657",
]


def shelter_extract() -> str:
    """One stay per person, inside one year, so each year's numbers are exact."""
    lines, n = ["person_id;birth_year;intake_date;discharge_date"], 0
    for year, (long, ended) in LONG_STAYS.items():
        for i in range(max(ended, YOUNG[year])):
            n += 1
            born = year - 20 if i < YOUNG[year] else year - 40
            out = f"{year}-07-10" if i < long else f"{year}-01-20"
            lines.append(f"P{n:05d};{born};{year}-01-10;{out if i < ended else ''}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    workdir = copy_workflow(tmp_path_factory.mktemp("intruder"))
    extract = workdir / "data/raw/herning_forsorgshjem_eksempel.csv"
    extract.write_text(shelter_extract(), encoding="utf-8")
    targets = workdir / "config/targets.yaml"
    targets.write_text(targets.read_text("utf-8") + NEW_TARGETS, encoding="utf-8")
    report = workdir / "config/reports/657.yaml"
    report.write_text(
        report.read_text("utf-8").replace(
            "forsorgshjem_120_657]", ", ".join(TARGETS[1:]) + "]"
        ),
        encoding="utf-8",
    )
    result = run_snakemake(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    return _gather(workdir)


def _gather(workdir: Path) -> dict:
    """Every number-bearing text the run publishes, by where it comes from."""
    pdf = flat_text(workdir / "reports/657/budgetmaal_2021.pdf")
    html = (workdir / "reports/657/budgetmaal_2021.html").read_text("utf-8")
    book = load_workbook(workdir / "results/657/maalopfoelgning.xlsx")
    workbook = {
        row[0]: dict(zip([c.value for c in sheet[1]], row, strict=True))
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    csvs = {
        str(p.relative_to(workdir)): p.read_text("utf-8")
        for p in sorted((workdir / "results").rglob("*.csv"))
    }
    svgs = {
        p.stem: p.read_text("utf-8")
        for p in (workdir / "results/figures/657").glob("*.svg")
    }
    progress = read_progress(workdir / "results/progress.csv").set_index("target_id")
    return {
        "pdf": pdf,
        "html": html,
        "workbook": workbook,
        "csvs": csvs,
        "svgs": svgs,
        "progress": progress,
        "indicators": _indicator_rows(workdir / "results/indicators.csv"),
        "overview": _overview_rows(progress),
    }


def _overview_rows(progress) -> dict:
    """Herning's row of each goal in the national overview, by target id."""
    overview = build_overview_context(
        progress.reset_index(),
        [{"id": t.removesuffix("_657"), "name": t, "indicator": "x"} for t in TARGETS],
        {"657": "Herning"},
        2021,
        date(2021, 3, 1),
        True,
        SmallCounts(THRESHOLD),
    )
    return {goal["name"]: goal["rows"][0] for goal in overview["goals"]}


def _indicator_rows(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return {
            (r["indicator_id"], int(r["year"])): r
            for r in csv.DictReader(handle)
            if r["geography"] == "657"
        }


class _VisibleText(HTMLParser):
    """Text a reader sees in HTML or SVG: content and alt texts, no markup,
    style or drawing coordinates."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        self.parts += [v for k, v in attrs if k in ("alt", "aria-label") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(markup: str) -> str:
    parser = _VisibleText()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


REGISTER_IDS = ("forsorgshjem_unge_18_25", "forsorgshjem_over_120_dage", *TARGETS)


def _texts(published: dict) -> list[str]:
    """The PDF text, the visible HTML and SVG text, the workbook, the
    overview, and the register rows of every CSV (decimal points as commas,
    so that one search covers them all)."""
    overview = " ".join(
        str(v) for row in published["overview"].values() for v in row.values()
    )
    workbook = " ".join(
        str(v) for row in published["workbook"].values() for v in row.values()
    )
    return [
        published["pdf"],
        visible_text(published["html"]),
        workbook,
        overview,
        *_csv_rows(published),
        *(visible_text(svg) for svg in published["svgs"].values()),
    ]


def _csv_rows(published: dict) -> list[str]:
    return [
        " ".join(_csv_number(cell) for cell in line.split(","))
        for text in published["csvs"].values()
        for line in text.splitlines()
        if any(i in line for i in REGISTER_IDS)
    ]


def _csv_number(cell: str) -> str:
    try:
        return f"{float(cell):.1f}".replace(".", ",")
    except ValueError:
        return cell


SHARE_IDS = r"forsorgshjem_over_120_dage|forsorgshjem_120_657|lange_ophold_657"


def _pct(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.1f}".replace(".", ",")


# --- by hand: the differencing an analyst would try -------------------------


def test_1_hidden_cells_are_empty_in_the_published_tables(published):
    rows = published["indicators"]
    for year in HIDDEN_COUNTS:
        row = rows[("forsorgshjem_unge_18_25", year)]
        assert (row["value"], row["small_numbers"]) == ("", "True"), year
    for year in HIDDEN_SHARES:
        row = rows[("forsorgshjem_over_120_dage", year)]
        assert (row["value"], row["small_numbers"]) == ("", "True"), year
    assert rows[("forsorgshjem_unge_18_25", 2021)]["value"] == "0.0"  # zero is shown
    assert rows[("forsorgshjem_over_120_dage", 2015)]["value"] == "50.0"


def test_2_a_goal_computed_from_a_hidden_baseline_is_not_published(published):
    # -50 pct. of the hidden 3 would publish 1,5 and with it the baseline.
    row = published["progress"].loc["unge_halvering_657"]
    assert math.isnan(row["baseline_value"]) and math.isnan(row["target_value"])
    assert (
        published["workbook"]["unge_halvering_657"]["Målværdi"]
        == "vises ikke (små tal)"
    )
    assert "50 pct. lavere end i basisåret (2020)" in published["pdf"]
    leaked = re.compile(r"(?<![\d,.])1[,.]5(?![\d])")
    assert not any(leaked.search(t) for t in _texts(published))


def test_3_no_measure_of_a_too_uncertain_target_is_published(published):
    progress = published["progress"]
    measures = [
        "progress_pct",
        "pace_ratio",
        "projected_value",
        "significant",
        "required_annual_change",
        "achieved_annual_change",
        "reached_year",
        "projection_bound_year",
    ]
    for target in ("forsorgshjem_unge_657", "unge_halvering_657", "unge_2020_657"):
        row = progress.loc[target]
        assert row["status"] == "too_uncertain", target
        assert row[measures].isna().all(), target
        cells = published["workbook"][target]
        assert (
            cells["Fremdrift (pct.)"] is None
            and cells["Tempo (faktisk/krævet)"] is None
        )


def test_4_a_hidden_latest_value_is_not_given_by_progress_or_change(published):
    # Baseline 9 (2015) and goal 5 are public; progress would give 2020's 4.
    row = published["progress"].loc["unge_2020_657"]
    assert (row["baseline_value"], row["target_value"]) == (9.0, 5.0)
    assert math.isnan(row["latest_value"]) and row["latest_year"] == 2020
    # The chart's caption (its alt text is short and names the goal only).
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", published["html"])
    assert any("gik fra 9 i 2015 til under 5 i 2020" in c for c in captions)


def test_5_a_hidden_middle_year_is_left_out_of_the_projection(published):
    # Fit through (2016, 8), (2018, 7), (2019, 6) only: a fit through 2017
    # as well would let the intruder solve for it.
    row = published["progress"].loc["unge_midt_657"]
    assert row["status"] != "too_uncertain"
    slope, intercept = np.polyfit([0, 2, 3], [8.0, 7.0, 6.0], 1)
    assert row["projected_value"] == pytest.approx(slope * 3 + intercept)


def test_6_hidden_shares_and_their_complements_appear_nowhere(published):
    # As a percent in any text, or as a number in the share's CSV rows.
    csv_rows = _csv_rows(published)
    texts = [t for t in _texts(published) if t not in csv_rows]
    share_rows = [t for t in csv_rows if re.search(SHARE_IDS, t)]
    assert len(texts) >= 4 + len(published["svgs"]) and share_rows
    for numerator, denominator in HIDDEN_SHARES.values():
        for shown in (
            _pct(numerator, denominator),
            _pct(denominator - numerator, denominator),
        ):
            if shown in ("100,0", "0,0"):
                continue  # also the published 0 of 12 in 2017
            assert not any(f"{shown} pct" in t for t in texts), shown
            assert not any(f" {shown} " in f" {t} " for t in share_rows), shown
    assert "For usikkert (små tal)" in published["pdf"]


def test_7_a_goal_met_at_a_hidden_baseline_is_not_said(published):
    # «Ingen unge» (0) met at the baseline would tell that it was 0, not 1-4.
    for target in ("forsorgshjem_unge_657", "forsorgshjem_120_657"):
        assert math.isnan(published["progress"].loc[target, "met_at_baseline"])
        assert published["workbook"][target]["Nået allerede i basisåret"] is None


def test_8_charts_and_alt_texts_give_no_hidden_value_or_direction(published):
    for target in ("forsorgshjem_unge_657", "unge_halvering_657"):
        svg = published["svgs"][target]
        assert "under 5 (vises ikke præcist)" in svg
        assert not re.search(r"\b3 i 2014\b|\b4 i 2020\b", svg)
    alts = re.findall(r'alt="([^"]*)"', published["html"])
    assert alts and not any(re.search(r"(steg|faldt) fra under", a) for a in alts)
    assert not any(re.search(r"\b[1-4] i (2014|2017|2020)\b", a) for a in alts)


def test_9_the_national_overview_shows_hidden_values_as_under_5(published):
    overview = published["overview"]
    assert overview["forsorgshjem_unge_657"]["baseline"] == "under 5"
    assert overview["unge_2020_657"]["latest"] == "under 5"
    assert overview["unge_halvering_657"]["target"] == "vises ikke (små tal)"
    assert overview["forsorgshjem_120_657"]["baseline"] == ("skjult (under 5)")
    shown = [v for row in overview.values() for v in row.values()]
    assert not any(re.fullmatch(r"[1-4]", str(v)) for v in shown)


# --- a linear program: bounds on each hidden cell ------------------------------


def hidden_cell_bounds(progress, hidden_cells: dict, bounds: dict) -> dict:
    """Smallest and largest value of each hidden cell consistent with every
    published number of ``progress`` and the methodology's formulas.

    ``hidden_cells`` maps (indicator, year) to the cell's variable index;
    ``bounds`` gives each variable's a-priori range (a count: 1..threshold-1;
    a share: 0..100). Linear relations: a change_pct goal is
    baseline·(1 + c/100), and progress is 100·(latest − baseline)/(goal −
    baseline) with the goal published. The projection is a least-squares
    line through published observations only (hidden years are left out),
    and no totals or denominators are published, so they add no relation
    on a hidden cell.
    """
    n = len(hidden_cells)
    rows, rhs = _published_relations(progress, hidden_cells)
    result = {}
    for cell, index in hidden_cells.items():
        objective = np.zeros(n)
        objective[index] = 1.0
        low, high = (
            linprog(
                sign * objective,
                A_eq=np.array(rows) if rows else None,
                b_eq=np.array(rhs) if rows else None,
                bounds=[bounds[c] for c in hidden_cells],
            )
            for sign in (1, -1)
        )
        assert low.success and high.success, cell
        result[cell] = (low.fun, -high.fun)
    return result


def _published_relations(progress, hidden_cells: dict) -> tuple[list, list]:
    """The linear equations (rows · cells = rhs) that the published goals and
    progress of ``progress`` give on the hidden cells."""
    n = len(hidden_cells)
    rows, rhs = [], []

    def term(indicator, year, value):
        index = hidden_cells.get((indicator, int(year)))
        return (index, None) if index is not None else (None, value)

    for target_id, row in progress.iterrows():
        indicator = row["indicator_id"]
        base = term(indicator, row["baseline_year"], row["baseline_value"])
        if not math.isnan(row["target_value"]) and row["target_form"] == "change_pct":
            factor = 1 + CHANGE_PCT.get(target_id, 0) / 100
            if base[0] is not None:
                equation = np.zeros(n)
                equation[base[0]] = factor
                rows.append(equation)
                rhs.append(row["target_value"])
        if not math.isnan(row["progress_pct"]) and not math.isnan(row["target_value"]):
            latest = term(indicator, row["latest_year"], row["latest_value"])
            equation, constant = np.zeros(n), 0.0
            goal, p = row["target_value"], row["progress_pct"]
            # 100·latest − 100·baseline − p·goal + p·baseline = 0
            for (index, value), weight in ((latest, 100.0), (base, p - 100.0)):
                if index is None:
                    constant += weight * value
                else:
                    equation[index] += weight
            if equation.any():
                rows.append(equation)
                rhs.append(p * goal - constant)
    return rows, rhs


CHANGE_PCT = {"unge_halvering_657": -50}


def _hidden(published) -> tuple[dict, dict]:
    cells = [
        key
        for key, row in published["indicators"].items()
        if row["small_numbers"] == "True"
    ]
    index = {cell: i for i, cell in enumerate(cells)}
    bounds = {
        cell: (1, THRESHOLD - 1) if cell[0] == "forsorgshjem_unge_18_25" else (0, 100)
        for cell in cells
    }
    return index, bounds


def test_the_linear_program_pins_no_hidden_cell(published):
    index, bounds = _hidden(published)
    assert len(index) == len(HIDDEN_COUNTS) + len(HIDDEN_SHARES)
    for cell, (low, high) in hidden_cell_bounds(
        published["progress"], index, bounds
    ).items():
        # A count could still be any of two or more integers; a share any
        # value in a range wider than one rounding step.
        assert high - low >= 1, (cell, low, high)


def test_the_linear_program_pins_a_leaked_goal(published):
    """The check can fail: publish the -50 pct. goal of the hidden 2014
    baseline (as the report did before) and it pins that baseline to 3."""
    index, bounds = _hidden(published)
    leaky = published["progress"].copy()
    leaky.loc["unge_halvering_657", "target_value"] = 1.5
    low, high = hidden_cell_bounds(leaky, index, bounds)[
        ("forsorgshjem_unge_18_25", 2014)
    ]
    assert low == pytest.approx(3) and high == pytest.approx(3)
