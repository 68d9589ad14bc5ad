"""Site: every report of the run as one static site under site/.

Inputs: results/progress.csv and results/indicators.csv, the source
readings, the Danish methodology, the geography list, last year's progress
table if config names one, the site's templates, the chart folders, and for
each municipality (params kommuner, in the same order) its PDF, HTML report,
workbook and progress table; the national overview with kommuner: all; the
raw files (for their SHA-256). Params: the report definitions, targets,
per_kommune templates, catalogue, report year and date, small-count
threshold. Output: site/, replaced all at once; an unchanged file keeps its
time (budgetmaal.shared.outputs.publish_folder).
"""

from budgetmaal.running.warm_helper import hand_over

if __name__ == "__main__":
    hand_over()  # to the run's warm process if it has one; else on, here

import json
from pathlib import Path

from budgetmaal.assessing.tables import (
    read_indicator_table,
    read_previous_progress,
    read_progress,
)
from budgetmaal.publishing.render import TEMPLATE_DIR
from budgetmaal.publishing.site import (
    ASSETS,
    SiteFiles,
    chart_file,
    charts_shown,
    site_pages,
)
from budgetmaal.publishing.site_context import SiteRun
from budgetmaal.reading.disclosure import SmallCounts
from budgetmaal.running.provenance import report_date, sha256_of
from budgetmaal.running.site_files import download, search_index
from budgetmaal.running.unfinished_jobs import run_kept_job
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.outputs import publish_folder, setup_logging

# Each municipality's files beside its page: input name, what it is, and
# its name there (None: its own).
KOMMUNE_FILES = [
    ("pdf", "Rapporten som PDF (tilgængelig, PDF/UA)", None),
    ("html", "Rapporten som webside", None),
    ("workbook", "Regneark til analytikere (Excel)", None),
    ("kommune_progress", "Målenes fremdrift som CSV", "fremdrift.csv"),
]


def main(inputs, params, outputs, logs, wildcards=None) -> None:
    log = setup_logging(logs[0])
    charts = _charts(inputs)
    run = _site_run(inputs, params, frozenset(charts))
    copies = _copies(inputs, params, run, charts)
    files = SiteFiles(
        kommuner=_kommune_downloads(inputs, params),
        tables=[
            download(inputs["progress"], "Alle måls fremdrift (results/progress.csv)"),
            download(inputs["indicators"], "Alle indikatorer (results/indicators.csv)"),
        ],
        overview=download(inputs["overview"][0], "Landsoversigten")
        if inputs["overview"]
        else None,
        sources=_sources(inputs, run.catalogue),
    )
    methodology = Path(inputs["methodology"]).read_text(encoding="utf-8")
    pages = site_pages(run, files, methodology)
    contents = {path: html.encode("utf-8") for path, html in pages.items()}
    contents |= search_index(pages) | copies
    counted = publish_folder(outputs["site"], contents)
    log.info(
        "site/: %d sider, %d filer skrevet, %d uændrede, %d fjernet",
        len(pages),
        counted["written"],
        counted["kept"],
        counted["dropped"],
    )


def _site_run(inputs, params, charts: frozenset[str]) -> SiteRun:
    previous = inputs["previous"]
    return SiteRun(
        progress=read_progress(inputs["progress"]),
        table=read_indicator_table(inputs["indicators"]),
        catalogue=Catalogue.from_document(params["catalogue"]),
        targets={t["id"]: t for t in params["targets"]},
        definitions={k: params["definitions"][k] for k in params["kommuner"]},
        names=load_geographies(inputs["geography_list"]).names,
        templates=params["goals"],
        report_year=params["report_year"],
        report_date=report_date(params["report_date"]),
        small_counts=SmallCounts(params["small_count_threshold"]),
        previous=read_previous_progress(previous[0]) if previous else None,
        charts=charts,
    )


def _kommune_downloads(inputs, params) -> dict:
    return {
        code: [
            download(inputs[key][i], label, name) for key, label, name in KOMMUNE_FILES
        ]
        for i, code in enumerate(params["kommuner"])
    }


def _copies(inputs, params, run: SiteRun, charts: dict[str, Path]) -> dict[str, Path]:
    """The run's files that lie in the site: assets, charts, downloads."""
    copies = {f"assets/{a.removeprefix('site/')}": TEMPLATE_DIR / a for a in ASSETS}
    copies |= {chart_file(run, t): charts[t] for t in charts_shown(run)}
    for i, code in enumerate(params["kommuner"]):
        for key, _, name in KOMMUNE_FILES:
            path = Path(inputs[key][i])
            copies[f"kommune/{code}/{name or path.name}"] = path
    copies |= {
        f"data/{Path(inputs[k]).name}": Path(inputs[k])
        for k in ("progress", "indicators")
    }
    if inputs["overview"]:
        copies[Path(inputs["overview"][0]).name] = Path(inputs["overview"][0])
    return copies


def _charts(inputs) -> dict[str, Path]:
    """Target id -> its chart, from the run's chart folders."""
    return {
        svg.stem: svg
        for folder in inputs["figures"]
        for svg in Path(folder).glob("*.svg")
    }


def _sources(inputs, catalogue: Catalogue) -> list[dict]:
    """Every source as the report's appendix lists it."""
    with open(inputs["readings"], encoding="utf-8") as handle:
        readings = json.load(handle)
    return [
        {
            "path": s["path"],
            "example_data": s["example_data"],
            "citation": s.get("citation"),
            "notes": (readings.get(s["id"]) or {}).get("notes", []),
            "sha256": sha256_of(s["path"]) if Path(s["path"]).is_file() else None,
        }
        for s in catalogue.sources.values()
    ]


if __name__ == "__main__" and "snakemake" in globals():
    run_kept_job(main, snakemake)
