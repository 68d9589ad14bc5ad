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

SCHEMAS = Path(workflow.basedir) / "config/schemas"
GEOGRAPHIES = load_geographies(Path(config["geography_list"]))
CATALOGUE = load_yaml(config["indicators"], SCHEMAS / "indicators.schema.yaml")
TARGETS = load_yaml(config["targets"], SCHEMAS / "targets.schema.yaml")["targets"]


def _check(file, problems):
    if problems:
        raise ConfigError(file, problems)


_check(config["indicators"], catalogue_problems(CATALOGUE, GEOGRAPHIES))
_check(config["targets"], target_problems(TARGETS, CATALOGUE, GEOGRAPHIES))
TARGETS_BY_ID = {t["id"]: t for t in TARGETS}


def get_kommuner():
    """The municipality codes to report on ("all" = the 98 municipalities)."""
    if config["kommuner"] == "all":
        return GEOGRAPHIES.kommuner()
    unknown = [k for k in config["kommuner"] if GEOGRAPHIES.kinds.get(k) != "kommune"]
    _check(
        "config/config.yaml",
        [f"kommuner: {k!r} er ikke en kommunekode" for k in unknown],
    )
    return config["kommuner"]


def get_definition_path(kommune):
    return str(Path(config["report_definitions"]) / f"{kommune}.yaml")


def get_definition_file(wildcards):
    return get_definition_path(wildcards.kommune)


def get_template_files():
    return sorted(str(p) for p in Path("reports/templates").rglob("*") if p.is_file())


def _load_definitions():
    definitions = {}
    for kommune in get_kommuner():
        path = get_definition_path(kommune)
        definition = load_yaml(path, SCHEMAS / "report.schema.yaml")
        used = [t for area in definition["focus_areas"] for t in area["targets"]]
        used += definition["national_targets"]
        _check(
            path,
            [
                f"mål-id {t!r} findes ikke i {config['targets']}"
                for t in used
                if t not in TARGETS_BY_ID
            ],
        )
        definitions[kommune] = definition
    return definitions


DEFINITIONS = _load_definitions()


def get_report_pdfs():
    return expand(
        "reports/{kommune}/budgetmaal_{year}.pdf",
        kommune=get_kommuner(),
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


def get_targets_for_geography(wildcards):
    return [t for t in TARGETS if t["geography"] == wildcards.geography]


def get_figure_folders(wildcards):
    geographies = sorted({wildcards.kommune, *_national_geographies(wildcards.kommune)})
    return expand("results/figures/{geography}", geography=geographies)


def _national_geographies(kommune):
    definition = DEFINITIONS[kommune]
    return {TARGETS_BY_ID[t]["geography"] for t in definition["national_targets"]}
