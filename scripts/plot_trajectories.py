"""Figures: one trajectory chart (SVG) per target of one geography.

Inputs: results/progress/<geography>.csv and results/indicators.csv.
Params: the targets to draw, the indicator catalogue and the small-count
threshold. Output: results/figures/<geography>/, with <target_id>.svg for
each target, all drawn in this one process into a temporary folder that
replaces the output folder only when complete.
"""

from pathlib import Path

from budgetmaal.catalogue import Catalogue
from budgetmaal.disclosure import SmallCounts
from budgetmaal.figures import figure_to_svg, trajectory_figure
from budgetmaal.geography import NATIONAL
from budgetmaal.outputs import atomic_directory, setup_logging
from budgetmaal.progress import observed_rows, series_for
from budgetmaal.tables import read_indicator_table, read_progress


def main(inputs, params, outputs, logs) -> None:
    log = setup_logging(logs[0])
    progress = read_progress(inputs["progress"]).set_index("target_id")
    table = observed_rows(read_indicator_table(inputs["indicators"]))
    indicators = Catalogue.from_document(params["catalogue"]).indicators
    names = {i: indicator["name"] for i, indicator in indicators.items()}
    small = SmallCounts(params["small_count_threshold"])
    with atomic_directory(outputs["folder"]) as folder:
        _draw_all(params["targets"], progress, table, names, small, folder, log)


def _draw_all(targets, progress, table, names, small, folder: Path, log) -> None:
    for target in targets:
        row = progress.loc[target["id"]].to_dict() | {"target_id": target["id"]}
        series = series_for(table, target["indicator"], target["geography"])
        national = (
            series_for(table, target["indicator"], NATIONAL)
            if target.get("national_context")
            else None
        )
        name = target.get("name") or names[target["indicator"]]
        figure = trajectory_figure(row, series, name, national, small_counts=small)
        svg = figure_to_svg(figure)
        (folder / f"{target['id']}.svg").write_text(svg, encoding="utf-8")
        log.info("tegnede %s", target["id"])


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
