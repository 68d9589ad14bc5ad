"""Report: one municipality's progress, charts and Danish budget-goal PDF.

First the municipality's own results/progress/<code>.csv and
results/figures/<code>/ (budgetmaal.running.geography_steps, as assess_geography
makes the national ones), then the report, in one process. Inputs:
results/progress/<geography>.csv and results/figures/<geography>/ of the
other geographies the report shows (the national ones),
results/indicators.csv, the ingest
warnings and readings, the report definition file, the Danish
methodology, every raw file (for the SHA-256 table),
data/raw/MANIFEST.csv if the fetch rule wrote one, and last year's
progress table if config previous_progress names one. Params: the resolved
report definition, its targets, report year and date, the small-count
threshold, the catalogue and the config to print, and the params of
geography_steps. Outputs: the progress table and chart folder, and
reports/<code>/budgetmaal_<year>.pdf and, from the same templates, the
self-contained budgetmaal_<year>.html beside it; the progress of the same
targets as results/<code>/maalopfoelgning.xlsx. All written atomically; the
workbook is made here, not in a job of its own, to spare a process per
municipality. Up to the report's context it is budgetmaal.running.report_job,
which the live preview shares.
"""

from budgetmaal.running.warm_helper import hand_over

if __name__ == "__main__":
    hand_over()  # to the run's warm process if it has one; else on, here

from budgetmaal.publishing.render import (
    confined_fetcher,
    render_html,
    render_standalone_html,
    write_pdf,
)
from budgetmaal.publishing.workbook import workbook_sheets, write_workbook
from budgetmaal.running.report_job import draft_report
from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.outputs import atomic_path, setup_logging, write_text


def main(inputs, params, outputs, logs, wildcards) -> None:
    log = setup_logging(logs[0])
    draft = draft_report(inputs, params, outputs, wildcards["kommune"], log)
    context, subject, evidence = draft.context, draft.subject, draft.evidence
    _write_report(context, outputs, subject.report_date, log)
    sheets = workbook_sheets(
        evidence.progress,
        subject.definition["focus_areas"],
        evidence.indicators,
        evidence.targets,
        draft.geography_names,
        draft.small_counts,
        evidence.previous,
    )
    with atomic_path(outputs["workbook"]) as temporary:
        title = f"{context['title']} – {context['kommune']['name']}"
        write_workbook(sheets, temporary, subject.report_date, title=title)
    log.info("skrev %s", outputs["pdf"])


def _write_report(context: dict, outputs, day, log) -> None:
    """The PDF and its HTML twin, from the same context."""
    fetcher = confined_fetcher()
    with atomic_path(outputs["pdf"]) as temporary:
        write_pdf(render_html(context), temporary, created=day, fetcher=fetcher)
    write_text(outputs["html"], render_standalone_html(context))
    for url in fetcher.refused:
        log.warning(
            "afviste at hente %s (kun filer i reports/templates/ må bruges)", url
        )


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
