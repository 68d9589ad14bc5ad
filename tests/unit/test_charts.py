"""The trajectory chart draws what the progress table says: the projection
held within the unit's range, and axis ticks that read apart."""

from __future__ import annotations

import math
from xml.etree import ElementTree

import pandas as pd
import pytest
from matplotlib.figure import Figure

from budgetmaal.publishing.charts import figure_to_svg, trajectory_figure

SVG = "{http://www.w3.org/2000/svg}"


def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(values),
            "value": list(values.values()),
            "example_data": False,
            "small_numbers": False,
        }
    )


def _row(unit: str, **values) -> dict:
    return {
        "unit": unit,
        "better": "lower",
        "path": "linear",
        "met_at_baseline": False,
        "small_numbers": False,
    } | values


def _count_row(projected_value: float) -> dict:
    """A count from 17 (2014) to 12 (2018), with 10 as the 2020 target."""
    return _row(
        "count",
        baseline_year=2014,
        baseline_value=17.0,
        target_year=2020,
        target_value=10.0,
        latest_year=2018,
        latest_value=12.0,
        projected_value=projected_value,
    )


def _lines(figure) -> dict[str, tuple]:
    axes = figure.axes[0]
    return {line.get_label(): line.get_data() for line in axes.get_lines()}


def test_a_count_projection_bends_at_zero_and_stays_there():
    # 178 in 2015, 104 in 2017, 101 in 2019, 94 in 2022: the least-squares
    # line reaches 0 before 2030 (Herning's example 2030 goal).
    series = _series({2015: 178, 2017: 104, 2019: 101, 2022: 94})
    row = _row(
        "count",
        baseline_year=2015,
        baseline_value=178.0,
        target_year=2030,
        target_value=89.0,
        latest_year=2022,
        latest_value=94.0,
        projected_value=0.0,
    )
    years, values = _lines(trajectory_figure(row, series, "Hjemløse"))["Fremskrivning"]
    assert min(values) == 0.0
    assert (years[-1], values[-1]) == (2030, 0.0)
    assert len(years) == 3 and 2022 < years[1] < 2030 and values[1] == 0.0
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))


@pytest.mark.parametrize("high", [5.5, 2.4, 60.0])
def test_percent_ticks_never_print_two_alike(high):
    series = _series({2011: high, 2012: high * 0.9, 2013: high * 0.85})
    row = _row(
        "percent",
        baseline_year=2011,
        baseline_value=high,
        target_year=2020,
        target_value=high * 0.7,
        latest_year=2013,
        latest_value=high * 0.85,
        projected_value=math.nan,
    )
    axes = trajectory_figure(row, series, "Andel").axes[0]
    formatter = axes.yaxis.get_major_formatter()
    labels = [formatter(v, i) for i, v in enumerate(axes.get_yticks())]
    assert len(set(labels)) == len(labels), labels


def test_chart_tick_labels_use_the_minus_sign_of_the_text():
    row = _count_row(projected_value=math.nan)
    series = _series({2014: 17.0, 2016: 14.0, 2018: 12.0})
    [axes] = trajectory_figure(row, series, "Antal hjemløse").axes
    assert axes.yaxis.get_major_formatter()(-2.0, 0) == "\u22122"


def test_the_svg_is_drawn_once_after_the_layout(monkeypatch):
    # tight_layout leaves a placeholder layout engine, for which savefig
    # would draw the whole figure once more before drawing it.
    row = _count_row(projected_value=math.nan)
    figure = trajectory_figure(row, _series({2014: 17.0, 2018: 12.0}), "Hjemløse")
    draws = []
    draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, r: draws.append(draw(self, r)))
    assert "Hjemløse" in figure_to_svg(figure)
    assert len(draws) == 1


def test_the_svg_carries_its_styles_as_presentation_attributes():
    row = _count_row(projected_value=8.0)
    series = _series({2014: 17.0, 2016: 14.0, 2018: 12.0})
    svg = figure_to_svg(trajectory_figure(row, series, "Hjemløse"))
    root = ElementTree.fromstring(svg)
    assert "style" not in svg  # neither a style sheet nor a style attribute
    # matplotlib's sheet *{stroke-linejoin: round; stroke-linecap: butt},
    # inherited from the root by every element that does not say otherwise.
    assert root.get("stroke-linejoin") == "round"
    assert root.get("stroke-linecap") == "butt"
    dotted = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    assert dotted and all(p.get("stroke") for p in dotted)
    labels = {t.text: t for t in root.iter(f"{SVG}text")}
    assert labels["Vej til målet"].get("font-family") == "'DejaVu Sans'"
