"""Progress tables and trajectory charts.

One geography's table and charts are made by the rule assess_geography (a
geography without a report in the run: the whole country) and by a
municipality's own render_report job, in the same process as its report.
Their params: progress_targets, population_indicator, targets_file,
chart_targets, small_count_threshold and the catalogue. The table of every
target (results/progress.csv) is progress_table's, from the same function.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from budgetmaal.assessing.progress import (
    ProgressError,
    compute_progress,
    observed_rows,
    series_for,
)
from budgetmaal.assessing.tables import read_progress
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.geography import NATIONAL
from budgetmaal.shared.outputs import atomic_directory, write_csv


def assess_geography(
    table: pd.DataFrame,
    params: Mapping,
    geography: str,
    outputs,
    log,
    drawn: dict[str, str] | None = None,
) -> None:
    """outputs["progress"], then outputs["figures"] drawn from it (see
    draw_charts for ``drawn``)."""
    write_progress(table, params, geography, outputs["progress"], log)
    draw_charts(table, params, outputs["progress"], outputs["figures"], log, drawn)


def write_progress(
    table: pd.DataFrame, params: Mapping, geography: str, path, log: logging.Logger
) -> None:
    """The progress of the geography's targets."""
    progress = progress_of(params["progress_targets"], table, params)
    progress = progress[progress["geography"] == geography]
    for row in progress.itertuples():
        log.info("%s: %s", row.target_id, row.status_da)
    write_csv(path, progress)


def progress_of(targets, table: pd.DataFrame, params: Mapping) -> pd.DataFrame:
    """compute_progress; a target that cannot be assessed stops the job,
    naming the targets file."""
    indicators = Catalogue.from_document(params["catalogue"]).indicators
    try:
        return compute_progress(
            targets, indicators, table, params["population_indicator"]
        )
    except ProgressError as error:
        raise SystemExit(f"Fejl i {params['targets_file']}: {error}") from None


def progress_table(
    table: pd.DataFrame, params: Mapping, log: logging.Logger
) -> pd.DataFrame:
    """Every target's progress, by geography and then in the targets' order:
    the rows of the geographies' own tables, one after the other."""
    progress = progress_of(params["targets"], table, params)
    log.info("%d mål i %d geografier", len(progress), progress["geography"].nunique())
    return progress.sort_values("geography", kind="stable", ignore_index=True)


def draw_charts(
    table: pd.DataFrame,
    params: Mapping,
    progress_path,
    folder,
    log: logging.Logger,
    drawn: dict[str, str] | None = None,
) -> None:
    """One SVG per chart target, drawn from the progress table as written,
    into a temporary folder that replaces ``folder`` only when complete.

    ``drawn``, where given, keeps each chart by everything it is drawn from
    (a chart found there is stored again, for a ChainMap's first map), so
    that a warm process (the live preview) draws again only the charts whose
    data, progress or name changed."""
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
            drawn_from = (row, series, name, national, small_counts)
            if drawn is None:
                svg = _chart_svg(*drawn_from)
            else:
                key = _chart_key(*drawn_from)
                svg = drawn[key] if key in drawn else _chart_svg(*drawn_from)
                drawn[key] = svg
            (Path(temporary) / f"{target['id']}.svg").write_text(svg, encoding="utf-8")
            log.info("tegnede %s", target["id"])


def _chart_svg(row, series, name, national, small_counts) -> str:
    # matplotlib only where charts are drawn: progress_table does without.
    from budgetmaal.publishing.charts import figure_to_svg, trajectory_figure

    figure = trajectory_figure(row, series, name, national, small_counts=small_counts)
    return figure_to_svg(figure)


def _chart_key(row, series, name, national, small_counts) -> str:
    """Everything one chart is drawn from, as text (every row in full)."""

    def rows(frame):
        if frame is None:
            return None
        return list(frame.columns), list(frame.itertuples(index=False, name=None))

    return repr((sorted(row.items()), rows(series), name, rows(national), small_counts))
