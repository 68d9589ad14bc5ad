# Helpers used by the rules: config loading, cross-checks and get_* functions.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))

from budgetmaal.config_checks import (  # noqa: E402
    ConfigError,
    catalogue_problems,
    load_yaml,
    target_problems,
)
from budgetmaal.geography import load_geographies  # noqa: E402
from budgetmaal.workflow_config import (  # noqa: E402
    DEFAULT_DEFINITION,
    expand_kommune_targets,
    report_target_ids,
    resolve_definition,
    targets_for_geography,
    unknown_target_ids,
)

SCHEMAS = Path(workflow.basedir) / "config/schemas"
GEOGRAPHIES = load_geographies(Path(config["geography_list"]))


def _check(file, problems):
    if problems:
        raise ConfigError(file, problems)


def _kommuner():
    if config["kommuner"] == "all":
        return GEOGRAPHIES.kommuner()
    unknown = [k for k in config["kommuner"] if GEOGRAPHIES.kinds.get(k) != "kommune"]
    _check(
        "config/config.yaml",
        [
            f"kommuner: {k!r} er ikke en kommunekode; se data/reference/geografi.csv"
            for k in unknown
        ],
    )
    return list(config["kommuner"])


KOMMUNER = _kommuner()
CATALOGUE = load_yaml(config["indicators"], SCHEMAS / "indicators.schema.yaml")
_check(config["indicators"], catalogue_problems(CATALOGUE, GEOGRAPHIES))
_TARGET_FILE = load_yaml(config["targets"], SCHEMAS / "targets.schema.yaml")
TEMPLATE_IDS = {t["id"] for t in _TARGET_FILE["per_kommune"]}
TARGETS = _TARGET_FILE["targets"] + expand_kommune_targets(
    _TARGET_FILE["per_kommune"], KOMMUNER
)
_check(config["targets"], target_problems(TARGETS, CATALOGUE, GEOGRAPHIES))
TARGETS_BY_ID = {t["id"]: t for t in TARGETS}
ASSESSED_GEOGRAPHIES = sorted({t["geography"] for t in TARGETS})


def get_definition_path(kommune):
    """The municipality's own report text, else the shared default."""
    folder = Path(config["report_definitions"])
    own = folder / f"{kommune}.yaml"
    return str(own if own.is_file() else folder / f"{DEFAULT_DEFINITION}.yaml")


def _definition(kommune):
    path = get_definition_path(kommune)
    definition = resolve_definition(
        load_yaml(path, SCHEMAS / "report.schema.yaml"),
        kommune,
        TEMPLATE_IDS,
        is_default=Path(path).stem == DEFAULT_DEFINITION,
    )
    unknown = unknown_target_ids(definition, set(TARGETS_BY_ID))
    _check(path, [f"mål-id {t!r} findes ikke i {config['targets']}" for t in unknown])
    return definition


DEFINITIONS = {kommune: _definition(kommune) for kommune in KOMMUNER}


def get_report_pdfs():
    return expand(
        "reports/{kommune}/budgetmaal_{year}.pdf",
        kommune=KOMMUNER,
        year=config["report_year"],
    )


def get_raw_files():
    """Declared raw files that exist; missing ones are reported by the ingest."""
    return [s["path"] for s in CATALOGUE["sources"] if Path(s["path"]).is_file()]


def get_raw_present():
    """Every file in the raw folder, to catch files no source declares."""
    raw = Path(config["raw_dir"])
    return sorted(
        str(p) for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")
    )


def get_geography_progress_files():
    return expand("results/progress/{geography}.csv", geography=ASSESSED_GEOGRAPHIES)


def get_geography_targets(wildcards):
    """Targets assessed in one geography's job (with the ones they scale from)."""
    return targets_for_geography(TARGETS, wildcards.geography)


def get_plotted_targets(wildcards):
    return [t for t in TARGETS if t["geography"] == wildcards.geography]


def _report_geographies(kommune):
    ids = report_target_ids(DEFINITIONS[kommune])
    return sorted({TARGETS_BY_ID[t]["geography"] for t in ids})


def get_report_progress_files(wildcards):
    return expand(
        "results/progress/{geography}.csv",
        geography=_report_geographies(wildcards.kommune),
    )


def get_report_figure_folders(wildcards):
    return expand(
        "results/figures/{geography}",
        geography=_report_geographies(wildcards.kommune),
    )


def get_report_definition(wildcards):
    return DEFINITIONS[wildcards.kommune]


def get_report_targets(wildcards):
    return [TARGETS_BY_ID[t] for t in report_target_ids(DEFINITIONS[wildcards.kommune])]


def get_definition_file(wildcards):
    return get_definition_path(wildcards.kommune)


def get_template_files():
    return sorted(str(p) for p in Path("reports/templates").rglob("*") if p.is_file())


def get_printed_config():
    """The config printed in the report's data appendix (not the municipality
    list, so adding a municipality does not re-render the others)."""
    return {k: v for k, v in config.items() if k != "kommuner"}
