"""Figures: one trajectory chart (SVG) per target of a geography without a
report in the run (a municipality's are drawn by its render_report job).

Inputs: results/progress/<geography>.csv and results/indicators.csv.
Params: the targets to draw, the indicator catalogue and the small-count
threshold. Output: results/figures/<geography>/, with <target_id>.svg for
each target, all drawn in this one process into a temporary folder that
replaces the output folder only when complete.
"""

from budgetmaal.geography_steps import draw_charts
from budgetmaal.outputs import setup_logging
from budgetmaal.tables import read_indicator_table


def main(inputs, params, outputs, logs) -> None:
    log = setup_logging(logs[0])
    table = read_indicator_table(inputs["indicators"])
    draw_charts(table, params, inputs["progress"], outputs["folder"], log)


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
