"""One geography's progress table and its trajectory charts.

The progress is the rule build_progress's; the charts are drawn by
plot_trajectories for a geography without a report in the run (the whole
country) and by a municipality's own render_report job, which saves a
process per municipality. Params: progress_targets, population_indicator,
targets_file; chart_targets, small_count_threshold; and the catalogue.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from budgetmaal.catalogue import Catalogue
from budgetmaal.disclosure import SmallCounts
from budgetmaal.geography import NATIONAL
from budgetmaal.outputs import atomic_directory, write_csv
from budgetmaal.progress import (
    ProgressError,
    compute_progress,
    observed_rows,
    series_for,
)
from budgetmaal.tables import read_progress


def write_progress(
    table: pd.DataFrame, params: Mapping, geography: str, path, log: logging.Logger
) -> None:
    """The progress of the geography's targets; a target that cannot be
    assessed stops the job, naming the targets file."""
    indicators = Catalogue.from_document(params["catalogue"]).indicators
    try:
        progress = compute_progress(
            params["progress_targets"],
            indicators,
            table,
            params["population_indicator"],
        )
    except ProgressError as error:
        raise SystemExit(f"Fejl i {params['targets_file']}: {error}") from None
    progress = progress[progress["geography"] == geography]
    for row in progress.itertuples():
        log.info("%s: %s", row.target_id, row.status_da)
    write_csv(path, progress)


def draw_charts(
    table: pd.DataFrame, params: Mapping, progress_path, folder, log: logging.Logger
) -> None:
    """One SVG per chart target, drawn from the progress table as written,
    into a temporary folder that replaces ``folder`` only when complete."""
    # matplotlib only where charts are drawn: build_progress does without.
    from budgetmaal.figures import figure_to_svg, trajectory_figure

    indicators = Catalogue.from_document(params["catalogue"]).indicators
    progress = read_progress(progress_path).set_index("target_id")
    observed = observed_rows(table)
    small_counts = SmallCounts(params["small_count_threshold"])
    with atomic_directory(folder) as temporary:
        for target in params["chart_targets"]:
            row = progress.loc[target["id"]].to_dict() | {"target_id": target["id"]}
            series = series_for(observed, target["indicator"], target["geography"])
            national = (
                series_for(observed, target["indicator"], NATIONAL)
                if target.get("national_context")
                else None
            )
            name = target.get("name") or indicators[target["indicator"]]["name"]
            figure = trajectory_figure(
                row, series, name, national, small_counts=small_counts
            )
            svg = figure_to_svg(figure)
            (Path(temporary) / f"{target['id']}.svg").write_text(svg, encoding="utf-8")
            log.info("tegnede %s", target["id"])
