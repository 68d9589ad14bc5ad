"""National overview: one PDF ranking every municipality by status per goal.

Inputs: results/progress.csv, every target's progress, and last year's progress
table if config previous_progress names one. Params: the per-municipality
goals, report year and date. Output: reports/landsoversigt_<year>.pdf.
"""

from budgetmaal.assessing.tables import read_previous_progress, read_progress
from budgetmaal.publishing.overview import build_overview_context
from budgetmaal.publishing.render import render_html, write_pdf
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.running.provenance import report_date
from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.geography import NATIONAL, load_geographies
from budgetmaal.shared.outputs import atomic_path, setup_logging


def main(inputs, params, outputs, logs, wildcards=None) -> None:
    log = setup_logging(logs[0])
    progress = read_progress(inputs["progress"])
    geographies = load_geographies(inputs["geography_list"])
    day = report_date(params["report_date"])
    context = build_overview_context(
        progress[progress["geography"] != NATIONAL],
        params["goals"],
        geographies.names,
        params["report_year"],
        day,
        uses_example_data=bool(progress["example_data"].any()),
        small_counts=SmallCounts(params["small_count_threshold"]),
        previous=read_previous_progress(inputs["previous"][0])
        if inputs["previous"]
        else None,
    )
    with atomic_path(outputs["pdf"]) as temporary:
        write_pdf(render_html(context, "overview.html.j2"), temporary, created=day)
    log.info("skrev %s", outputs["pdf"])


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
