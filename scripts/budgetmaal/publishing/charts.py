"""Trajectory charts: observed values, required path, target and projection."""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Mapping
from xml.etree import ElementTree

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from budgetmaal.assessing.progress import trend_line, unit_range
from budgetmaal.reading.disclosure import (
    DEFAULT_SMALL_COUNTS,
    SmallCounts,
    hidden_values,
)
from budgetmaal.shared.formatting import is_missing, is_true, number
from budgetmaal.shared.vocabulary import UNITS

# Okabe-Ito: distinguishable with every common colour-vision deficiency. Each
# has at least 3:1 contrast on white (WCAG 1.4.11; tests/test_accessibility.py).
COLOURS = {
    "observed": "#000000",
    "path": "#009E73",
    "target": "#D55E00",
    "projection": "#0072B2",
    "national": "#808080",
    "small": "#777777",
    "hidden": "#8C8C8C",
}
SVG_NS = "http://www.w3.org/2000/svg"
ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
NO_ROTATION = re.compile(r"rotate\(-?0 [-\d.]+ [-\d.]+\)")
DEFAULT_STYLE = re.compile(r"\*\{(?P<declarations>[^{}]*)\}")
# Gridlines are a reading aid, not content (every value is on the axis), so
# they may be lighter than 3:1.
GRID_COLOUR = "#dddddd"
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "budgetmaal",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Goal names come from config: "5$ og 6$" is text, not a formula to typeset.
    "text.parse_math": False,
}


def trajectory_figure(
    row: Mapping,
    series: pd.DataFrame,
    name: str,
    national: pd.DataFrame | None = None,
    *,
    small_counts: SmallCounts = DEFAULT_SMALL_COUNTS,
):
    """Draw one target's chart; ``series`` holds every observation (year,
    value, small_numbers).

    Values ``small_counts`` hid have no value to draw: a count is marked
    in a band "under <threshold>", a share by a hatched column over its
    year, and nothing that leans on a hidden baseline (the path to the
    target, the indexed national series) is drawn.
    """
    # A Figure on an SVG canvas, not pyplot's: no global figure list, and an
    # import about 0.2 s shorter in every job that draws. The canvas measures
    # text for tight_layout as the SVG will show it.
    with rc_context(STYLE):
        figure = Figure(figsize=(6.3, 2.9))
        FigureCanvasSVG(figure)
        axes = figure.subplots()
        b, x_b = int(row["baseline_year"]), float(row["baseline_value"])
        t = None if is_missing(row["target_year"]) else int(row["target_year"])
        baseline_hidden = "baseline_value" in hidden_values(row)
        if national is not None and not national.empty and not baseline_hidden:
            _plot_national(axes, national, b, x_b)
        before = _plot_observed(axes, series, t, row["unit"], small_counts)
        if not baseline_hidden or row["unit"] == "count":
            y = small_counts.threshold / 2 if baseline_hidden else x_b
            _plot_baseline(axes, b, y)
        if (
            t is not None
            and not is_missing(row["target_value"])
            and not baseline_hidden
        ):
            _plot_goal(axes, row, before, b, x_b, t)
        _format_axes(axes, row["unit"], name)
        figure.tight_layout()
        # tight_layout leaves a placeholder engine, for which savefig would
        # draw the whole figure once more before drawing it.
        figure.set_layout_engine(None)
    return figure


def _plot_baseline(axes, b: int, y: float) -> None:
    axes.plot(
        [b],
        [y],
        "s",
        color=COLOURS["observed"],
        markersize=6,
        markerfacecolor="white",
        label=f"Basis {b}",
    )


def _plot_observed(axes, series, t, unit, small_counts) -> pd.DataFrame:
    """The measured values up to the target year, the hidden ones, and those
    after it; returns the visible ones up to the target year."""
    hidden = series["small_numbers"].eq(True)
    visible = series[~hidden]
    before = visible if t is None else visible[visible["year"] <= t]
    after = visible.iloc[0:0] if t is None else visible[visible["year"] > t]
    axes.plot(
        before["year"],
        before["value"],
        "-o",
        color=COLOURS["observed"],
        label="Målt",
        markersize=4,
        linewidth=1.5,
    )
    if hidden.any():
        _plot_hidden(axes, series.loc[hidden, "year"], unit, small_counts)
    if after["value"].notna().any():
        axes.plot(
            after["year"],
            after["value"],
            "o",
            markerfacecolor="white",
            color=COLOURS["observed"],
            label="Målt efter målåret",
            markersize=4,
        )
    return before


def figure_to_svg(figure) -> str:
    """Render deterministically: fixed hash salt, no date, text kept as text."""
    buffer = io.StringIO()
    with rc_context(STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return lean_svg(buffer.getvalue())


def lean_svg(svg: str) -> str:
    """The chart without what draws nothing: the RDF metadata, the groups
    that only name what they hold (<g id="xtick_1">) and the rotate(-0 …)
    on every label. WeasyPrint draws an SVG node by node in Python; this is
    half the nodes. Its styles are presentation attributes, which WeasyPrint
    reads without a CSS parser (a sixth of its time on a chart)."""
    root = ElementTree.fromstring(svg)
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    _inherit_default_style(root)
    _unwrap_named_groups(root)
    for element in root.iter():
        if NO_ROTATION.fullmatch(element.get("transform", "")):
            del element.attrib["transform"]
        _style_as_attributes(element)
    return ElementTree.tostring(root, encoding="unicode") + "\n"


def _inherit_default_style(root) -> None:
    """matplotlib's one style sheet, *{stroke-linejoin: round; stroke-linecap:
    butt}, as the root's attributes: every element inherits them unless it
    says otherwise, as it matched the rule unless its style said otherwise."""
    for defs in root.findall(f"{{{SVG_NS}}}defs"):
        for sheet in defs.findall(f"{{{SVG_NS}}}style"):
            rule = DEFAULT_STYLE.fullmatch(sheet.text or "")
            if rule:
                defs.remove(sheet)
                root.set("style", rule["declarations"])
        if not len(defs):
            root.remove(defs)


def _style_as_attributes(element) -> None:
    """style="stroke: #000; stroke-width: 0.8" as stroke="#000"
    stroke-width="0.8": matplotlib writes only properties that are also SVG
    presentation attributes."""
    for declaration in element.attrib.pop("style", "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip():
            element.set(name.strip(), value.strip())


def _unwrap_named_groups(parent) -> None:
    """Groups with no attribute but an id replaced by what they hold; the
    indentation between elements (not in a label) one line break."""
    children = []
    for child in parent:
        _unwrap_named_groups(child)
        if child.tag == f"{{{SVG_NS}}}g" and set(child.attrib) <= {"id"}:
            children += list(child)
        else:
            children.append(child)
    parent[:] = children
    if children and parent.tag != f"{{{SVG_NS}}}text":
        for element in (parent, *children):
            if element is parent and not (element.text or "").strip():
                element.text = "\n"
            elif element is not parent and not (element.tail or "").strip():
                element.tail = "\n"


def _plot_goal(axes, row, observed, b, x_b, t):
    x_t = float(row["target_value"])
    years = np.linspace(b, t, 50)
    if is_true(row.get("met_at_baseline")):  # no distance: the bound is to be held
        path, label = np.full_like(years, x_t), "Målgrænsen, der skal holdes"
    elif row["path"] == "compound" and x_b > 0 and x_t > 0:
        path, label = x_b * (x_t / x_b) ** ((years - b) / (t - b)), "Vej til målet"
    else:
        path, label = x_b + (x_t - x_b) * (years - b) / (t - b), "Vej til målet"
    axes.plot(years, path, ":", color=COLOURS["path"], linewidth=1.5, label=label)
    axes.plot([t], [x_t], "D", color=COLOURS["target"], markersize=7, label=f"Mål {t}")
    if not is_missing(row.get("projected_value")) and not is_missing(
        row["latest_year"]
    ):
        latest = int(row["latest_year"])
        if latest < t:
            window = observed[(observed["year"] > b) & (observed["year"] <= latest)]
            trend = trend_line(b, x_b, window, unit_range(row["unit"]))
            years, values = zip(*trend.vertices(latest, t), strict=True)
            axes.plot(
                years,
                values,
                "--",
                color=COLOURS["projection"],
                linewidth=1.5,
                label="Fremskrivning",
            )


def _plot_hidden(axes, years: pd.Series, unit: str, small_counts: SmallCounts):
    """Counts: a hatched band 0–threshold with the hidden years on its middle
    line. Other units: a hatched column over each hidden year."""
    hatch = {"facecolor": "none", "edgecolor": COLOURS["hidden"], "hatch": "///"}
    if unit != "count":
        for year in years:
            axes.axvspan(year - 0.35, year + 0.35, linewidth=0, **hatch)
        axes.plot(
            [],
            [],
            "s",
            markerfacecolor="none",
            markeredgecolor=COLOURS["hidden"],
            markersize=8,
            label="Målt, vises ikke (små tal)",
        )
        return
    threshold = small_counts.threshold
    axes.axhspan(0, threshold, linewidth=0, **hatch)
    axes.plot(
        years,
        [threshold / 2] * len(years),
        "X",
        color=COLOURS["small"],
        markersize=6,
        linestyle="none",
        label=f"Målt, {small_counts.label()} (vises ikke præcist)",
    )


def _plot_national(axes, national, b, x_b):
    base = national[national["year"] == b]
    if base.empty or base["value"].iloc[0] == 0:
        return
    indexed = national["value"] / base["value"].iloc[0] * x_b
    axes.plot(
        national["year"],
        indexed,
        "-.",
        color=COLOURS["national"],
        linewidth=1,
        label="Hele landet, indekseret til basis",
    )


def _tick_decimals(ticks, most: int) -> int:
    """Decimals that tell the ticks apart: none for whole steps (0, 1, 2),
    else the unit's (0,5, 1,0, 1,5), never printing two ticks alike."""
    steps = np.diff(ticks)
    whole = all(abs(step - round(step)) < 1e-9 for step in steps)
    return 0 if whole else most


def _format_axes(axes, unit, name):
    axes.set_ylim(bottom=0)
    # Steps of 1, 2 or 5 (times a power of ten): ticks a reader counts in.
    axes.yaxis.set_major_locator(
        MaxNLocator(integer=unit == "count", steps=[1, 2, 5, 10])
    )
    decimals = _tick_decimals(axes.get_yticks(), UNITS[unit].decimals)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, decimals)))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: str(int(v))))
    axes.set_ylabel(UNITS[unit].axis_label)
    axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    # Wrapped: a long goal would otherwise run off the figure's right edge.
    axes.set_title(textwrap.fill(name, 80), loc="left", fontsize=9)
