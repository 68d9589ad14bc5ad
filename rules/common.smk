# Helpers used by the rules: the checked run config and get_* functions.
# What all jobs share is made once per run (functools.cache): with 980
# municipalities, planning would otherwise list the same folders and hash
# the same files for each.
import functools
import re
from pathlib import Path

from budgetmaal.reading.fetch_plan import fetch_enabled, fetched_paths  # noqa: E402
from budgetmaal.shared.geography import load_geographies  # noqa: E402
from budgetmaal.shared.vocabulary import is_on  # noqa: E402
from budgetmaal.running.job_calls import (  # noqa: E402
    manifest_file,
    printed_config,
    raw_present,
)
from budgetmaal.running.provenance import code_sha256, content_sha256  # noqa: E402
from budgetmaal.running.workflow_config import (  # noqa: E402
    check_baseline_years,
    load_run_config,
    previous_progress_files,
)

GEOGRAPHIES = load_geographies(Path(config["geography_list"]))
RUN = load_run_config(config, Path(workflow.basedir) / "config/schemas", GEOGRAPHIES)
check_baseline_years(
    RUN, config, GEOGRAPHIES, Path(".snakemake/budgetmaal/baseline_check.sha256")
)
CATALOGUE = RUN.catalogue
# The package's code: a new version of it re-runs the jobs (their scripts
# import it, and Snakemake tracks only the scripts themselves).
CODE_SHA256 = code_sha256(Path(workflow.basedir) / "scripts/budgetmaal")
# Last year's results/progress.csv (config previous_progress), checked here.
PREVIOUS_PROGRESS = previous_progress_files(config)
# The report year is the config's, not a wildcard: a file name cannot
# promise a year the report does not show.
REPORT_PDF = f"reports/{{kommune}}/budgetmaal_{config['report_year']}.pdf"
REPORT_HTML = f"reports/{{kommune}}/budgetmaal_{config['report_year']}.html"
WORKBOOK = "results/{kommune}/maalopfoelgning.xlsx"
OVERVIEW = f"reports/landsoversigt_{config['report_year']}.pdf"
SITE_TEMPLATES = "reports/templates/site/"
# The live preview's frame page (scripts/preview.py): neither a report nor
# the site reads it.
PREVIEW_TEMPLATES = "reports/templates/preview/"


def get_report_pdfs():
    """One report per municipality; with kommuner: all also the national overview."""
    pdfs = expand(REPORT_PDF, kommune=RUN.kommuner)
    if config["kommuner"] == "all":
        pdfs.append(OVERVIEW)
    return pdfs


def get_report_html():
    """The self-contained HTML version beside each PDF."""
    return expand(REPORT_HTML, kommune=RUN.kommuner)


def get_workbooks():
    """The progress of each report as an Excel workbook for analysts."""
    return expand(WORKBOOK, kommune=RUN.kommuner)


@functools.cache
def get_raw_files():
    """Declared raw files that exist or will be fetched; missing ones are
    reported by the ingest."""
    fetched = fetched_paths(CATALOGUE) if fetch_enabled(config["fetch"]) else []
    return [p for p in RUN.entries.paths() if Path(p).is_file() or p in fetched]


def get_manifest():
    """data/raw/MANIFEST.csv if the fetch rule has written one."""
    return manifest_file(config)


def get_raw_present():
    """Every file in the raw folder, to catch files no source declares."""
    return raw_present(config)


def get_geography_targets(wildcards):
    """Targets assessed in one geography's job (with the ones they scale from)."""
    return RUN.progress_targets(own_geography(wildcards))


def get_chart_targets(wildcards):
    return RUN.geography_targets(own_geography(wildcards))


def own_geography(wildcards):
    """The geography a job assesses: a municipality's report job assesses its own."""
    return wildcards.get("geography") or wildcards.kommune


def get_report_progress_files(wildcards):
    """Progress of the other geographies a report shows (the national one)."""
    return expand(
        "results/progress/{geography}.csv",
        geography=RUN.other_report_geographies(wildcards.kommune),
    )


def get_report_figure_folders(wildcards):
    """Charts of the other geographies a report shows (the national ones)."""
    return expand(
        "results/figures/{geography}",
        geography=RUN.other_report_geographies(wildcards.kommune),
    )


def chart_folder(pattern):
    """A folder of one geography's charts, shown in Snakemake's HTML report."""
    return report(
        kept(directory(pattern)),
        patterns=["{target}.svg"],
        caption="../reports/captions/figure.rst",
        category="Udviklingskurver",
        subcategory=f"Geografi {Path(pattern).name}",
        labels={"Mål": "{target}"},
    )


def kept(output):
    """An output that Snakemake leaves in place while its job runs and puts
    back if the job fails: a failed re-run (a full disk, a crash) never takes
    away the last good file. Its job runs under unfinished_jobs.kept_until_done."""
    return update(output)


def one_of(codes):
    """A wildcard constraint matching exactly these codes (none: nothing)."""
    return "|".join(map(re.escape, codes)) or "(?!)"


def get_report_definition(wildcards):
    return RUN.definitions[wildcards.kommune]


def get_report_targets(wildcards):
    return RUN.report_targets(wildcards.kommune)


def get_definition_file(wildcards):
    return RUN.definition_paths[wildcards.kommune]


@functools.cache
def get_template_files():
    """The report's templates (not the site's, which no report reads)."""
    return _files_under("reports/templates", SITE_TEMPLATES, PREVIEW_TEMPLATES)


@functools.cache
def get_site_template_files():
    """The site's templates, and the report's stylesheet, fonts and macros."""
    return _files_under("reports/templates", PREVIEW_TEMPLATES)


def _files_under(folder, *left_out):
    files = (str(p) for p in Path(folder).rglob("*") if p.is_file())
    return sorted(p for p in files if not p.startswith(left_out))


def get_site():
    """The static site, unless config site is false."""
    return ["site"] if is_on(config["site"]) else []


def get_overview():
    """The national overview, made with kommuner: all."""
    return [OVERVIEW] if config["kommuner"] == "all" else []


def listed(files):
    """``files`` as an input function: a named list is hashed once for each
    of its files when Snakemake plans the job (980² at 980 municipalities)."""
    return lambda wildcards: files


def get_figure_folders():
    """The chart folders of every geography assessed."""
    return expand(
        "results/figures/{geography}",
        geography=[*RUN.kommuner, *RUN.geographies_without_report],
    )


def get_ingest_checksums():
    """Content of the ingest's inputs: a changed file re-runs the job even
    when its modification time is older than the outputs."""
    return content_sha256([*get_raw_files(), config["geography_list"]])


def get_report_checksums(wildcards):
    """Content of every file a municipality's report reads."""
    own = content_sha256([get_definition_file(wildcards)])
    return dict(sorted((shared_report_checksums() | own).items()))


@functools.cache
def shared_report_checksums():
    """Content of the files every report reads."""
    return content_sha256(
        [
            *get_raw_files(),
            *get_manifest(),
            *get_template_files(),
            *PREVIOUS_PROGRESS,
            "docs/metode_da.md",
            config["geography_list"],
        ]
    )


def get_site_checksums():
    """Content of the files the site reads that are not outputs of the run."""
    return content_sha256(
        [
            *get_site_template_files(),
            *PREVIOUS_PROGRESS,
            "docs/metode_da.md",
            config["geography_list"],
            *get_raw_files(),
        ]
    )


def get_overview_checksums():
    return content_sha256(
        [*get_template_files(), *PREVIOUS_PROGRESS, config["geography_list"]]
    )


def get_printed_config():
    """The config printed in the report's data appendix (job_calls.printed_config)."""
    return printed_config(config)
