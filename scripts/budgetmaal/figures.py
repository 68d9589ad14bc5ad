"""Trajectory charts: observed values, required path, target and projection."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from budgetmaal.disclosure import is_small, small_label  # noqa: E402
from budgetmaal.formatting import decimals_for, is_missing, is_true, number  # noqa: E402
from budgetmaal.progress import projected_value  # noqa: E402

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
COLOURS = {
    "observed": "#000000",
    "path": "#009E73",
    "target": "#D55E00",
    "projection": "#0072B2",
    "national": "#999999",
    "small": "#777777",
}
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
UNIT_LABEL = {"count": "Antal", "percent": "pct.", "days": "dage"}


def trajectory_figure(
    row: Mapping,
    series: pd.DataFrame,
    name: str,
    national: pd.DataFrame | None = None,
    small_threshold: int | None = None,
):
    """Draw one target's chart; ``series`` holds every observation (year, value).

    With ``small_threshold`` (a register count), values between 0 and the
    threshold are not drawn where they are: they are marked in a band
    "under <threshold>", and nothing that would reveal them (path from the
    baseline, indexed national series, small target) is drawn.
    """
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(6.3, 2.9))
        b, x_b = int(row["baseline_year"]), float(row["baseline_value"])
        t = None if is_missing(row["target_year"]) else int(row["target_year"])
        hidden = _small(series["value"], small_threshold)
        baseline_hidden = bool(small_threshold) and is_small(x_b, small_threshold)
        assessed = series if t is None else series[series["year"] <= t]
        shown = series.assign(value=series["value"].mask(hidden))
        before = shown if t is None else shown[shown["year"] <= t]
        after = shown.iloc[0:0] if t is None else shown[shown["year"] > t]
        if national is not None and not national.empty and not baseline_hidden:
            _plot_national(axes, national, b, x_b)
        axes.plot(
            before["year"],
            before["value"],
            "-o",
            color=COLOURS["observed"],
            label="Målt",
            markersize=4,
            linewidth=1.5,
        )
        if hidden.any() or baseline_hidden:
            _plot_small_band(axes, series[hidden], small_threshold)
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
        axes.plot(
            [b],
            [small_threshold / 2 if baseline_hidden else x_b],
            "s",
            color=COLOURS["observed"],
            markersize=6,
            markerfacecolor="white",
            label=f"Basis {b}",
        )
        goal_hidden = baseline_hidden or (
            bool(small_threshold) and is_small(row["target_value"], small_threshold)
        )
        if t is not None and not is_missing(row["target_value"]) and not goal_hidden:
            _plot_goal(axes, row, assessed, b, x_b, t)
        _format_axes(axes, row["unit"], name)
        figure.tight_layout()
    return figure


def figure_to_svg(figure) -> str:
    """Render deterministically: fixed hash salt, no date, text kept as text."""
    buffer = io.StringIO()
    with plt.rc_context(STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


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
            start = projected_value(b, x_b, window, latest)
            axes.plot(
                [latest, t],
                [start, row["projected_value"]],
                "--",
                color=COLOURS["projection"],
                linewidth=1.5,
                label="Fremskrivning",
            )


def _small(values: pd.Series, threshold: int | None) -> pd.Series:
    if not threshold:
        return pd.Series(False, index=values.index)
    return values.map(lambda v: is_small(v, threshold))


def _plot_small_band(axes, hidden, threshold):
    """A hatched band 0–threshold; hidden observations sit on its middle line."""
    label = small_label(threshold)
    axes.axhspan(
        0, threshold, facecolor="none", edgecolor="#bbbbbb", hatch="///", linewidth=0
    )
    axes.plot(
        hidden["year"],
        [threshold / 2] * len(hidden),
        "X",
        color=COLOURS["small"],
        markersize=6,
        linestyle="none",
        label=f"Målt, {label} (vises ikke præcist)",
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


def _format_axes(axes, unit, name):
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=unit == "count"))
    low, high = axes.get_ylim()
    decimals = 0 if unit == "count" or high - low >= 5 else decimals_for(unit)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, decimals)))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: str(int(v))))
    axes.set_ylabel(UNIT_LABEL[unit])
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    # Wrapped: a long goal would otherwise run off the figure's right edge.
    axes.set_title(textwrap.fill(name, 80), loc="left", fontsize=9)
