"""Load the YAML config files and check them before any job runs."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, validators

from budgetmaal.catalogue import source_ids
from budgetmaal.geography import Geographies
from budgetmaal.progress import better_direction, observed_rows
from budgetmaal.safe_text import document_text_problems

TARGET_FORMS = ("value", "change_pct", "scale_from", "direction")
MEASURE_FORMATS = {
    "persons_in_age_range": "register_shelter",
    "share_of_ended_stays_longer_than": "register_shelter",
    "share_of_ended_treatments_with_status": "register_treatment",
}


class ConfigError(Exception):
    """A config file is wrong; the message lists every problem and its fix."""

    def __init__(self, file: str, problems: list[str]):
        self.problems = problems
        lines = [f"{len(problems)} fejl i {file}:"] + [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def _with_defaults(cls):
    def set_defaults(validator, properties, instance, schema):
        for key, sub in properties.items():
            if isinstance(instance, dict) and "default" in sub:
                instance.setdefault(key, sub["default"])
        yield from cls.VALIDATORS["properties"](validator, properties, instance, schema)

    return validators.extend(cls, {"properties": set_defaults})


DefaultingValidator = _with_defaults(Draft202012Validator)


def schema_problems(document: object, schema: Mapping) -> list[str]:
    """Every schema violation as '<key path>: <what is wrong; the fix>', in
    Danish, filling in defaults."""
    found = DefaultingValidator(schema).iter_errors(document)
    return [_describe(e) for e in sorted(found, key=lambda e: list(map(str, e.path)))]


TYPE_DA = {
    "integer": "et heltal",
    "number": "et tal",
    "string": 'en tekst (i anførselstegn, fx "657")',
    "boolean": "true eller false",
    "array": "en liste",
    "object": "en samling af nøgler",
    "null": "tom",
}


def _describe(error) -> str:
    path = "nøgle " + (error.json_path.removeprefix("$.") if error.path else "(øverst)")
    value, rule = error.instance, error.validator_value
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        parent = error.json_path.removeprefix("$").removeprefix(".")
        keys = ", ".join(f"{parent}.{k}" if parent else k for k in extra)
        return (
            f"nøgle {keys}: ukendt nøgle; ret stavningen eller fjern den "
            f"(tilladte nøgler her: {allowed})"
        )
    if error.validator == "type":
        kinds = " eller ".join(
            TYPE_DA[k] for k in ([rule] if isinstance(rule, str) else rule)
        )
        return f"{path}: {value!r} skal være {kinds}"
    if error.validator == "enum":
        return (
            f"{path}: {value!r} er ikke tilladt; vælg en af {', '.join(map(str, rule))}"
        )
    if error.validator == "required":
        return f"{path}: {error.message.split(' ')[0]} mangler; tilføj nøglen"
    if error.validator == "pattern":
        return f"{path}: {value!r} har ikke den rigtige form ({error.schema.get('description', rule)})"
    hint = error.schema.get("description")
    return f"{path}: {error.message}" + (f" ({hint})" if hint else "")


def load_yaml(path: str | Path, schema_path: str | Path) -> dict:
    """Read a YAML file and validate it against its schema; ConfigError if bad."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except FileNotFoundError:
        raise ConfigError(
            str(path), ["filen findes ikke; ret stien i config/config.yaml"]
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(str(path), [f"ikke gyldig YAML: {error}"]) from None
    with open(schema_path, encoding="utf-8") as handle:
        schema = yaml.safe_load(handle)
    # Text no output can show (control characters, too long names …) first.
    problems = document_text_problems(document) + schema_problems(document, schema)
    if problems:
        raise ConfigError(str(path), problems)
    return document


def catalogue_problems(catalogue: Mapping, geographies: Geographies) -> list[str]:
    """Cross-reference checks of the indicator catalogue."""
    sources = {s["id"]: s for s in catalogue["sources"]}
    problems = _duplicate_ids(catalogue["sources"], "sources")
    problems += _duplicate_ids(catalogue["indicators"], "indicators")
    for i, source in enumerate(catalogue["sources"]):
        if (
            source["format"] != "statbank"
            and geographies.code_for(source.get("geography", "")) is None
        ):
            problems.append(
                f"sources[{i}] ({source['id']}): et registerudtræk skal have geography: "
                'med kommunekoden, fx geography: "657"'
            )
    for i, indicator in enumerate(catalogue["indicators"]):
        where = f"indicators[{i}] ({indicator['id']})"
        for source_id in source_ids(indicator):
            if source_id not in sources:
                problems.append(
                    f"{where}.source: ukendt kilde {source_id!r}; kendte kilder: "
                    + ", ".join(sources)
                )
                continue
            problems += _measure_problems(where, indicator, sources[source_id])
    return problems


def _measure_problems(where, indicator, source) -> list[str]:
    measure = indicator.get("measure")
    if source["format"] == "statbank":
        return (
            [f"{where}.measure: kun for registerkilder; fjern den"] if measure else []
        )
    if measure is None or MEASURE_FORMATS[measure] != source["format"]:
        allowed = [m for m, f in MEASURE_FORMATS.items() if f == source["format"]]
        return [
            f"{where}.measure: kilden har format {source['format']}; vælg en af {allowed}"
        ]
    return []


def target_problems(
    targets: list[Mapping], catalogue: Mapping, geographies: Geographies
) -> list[str]:
    """Cross-reference checks of the targets: forms, indicators, geographies,
    and a better direction that the target and the catalogue agree on."""
    indicators = {i["id"]: i for i in catalogue["indicators"]}
    by_id = {t["id"]: t for t in targets}
    problems = _duplicate_ids(targets, "targets")
    for target in targets:
        where = f"targets ({target['id']})"
        forms = [f for f in TARGET_FORMS if f in target["target"]]
        if len(forms) != 1:
            problems.append(
                f"{where}.target: angiv præcis én af {', '.join(TARGET_FORMS)}; fandt "
                + (", ".join(forms) or "ingen")
            )
        elif forms[0] != "direction" and "year" not in target["target"]:
            problems.append(
                f"{where}.target.year mangler: angiv målåret, fx year: 2020"
            )
        elif (
            forms[0] != "direction"
            and target["target"]["year"] <= target["baseline"]["year"]
        ):
            problems.append(f"{where}.target.year skal ligge efter baseline.year")
        if target["indicator"] not in indicators:
            problems.append(
                f"{where}.indicator: ukendt indikator {target['indicator']!r}; "
                "tilføj den i config/indicators.yaml eller ret id'et"
            )
        else:
            _, found = better_direction(target, indicators, by_id)
            problems += [f"{where}: {problem}" for problem in found]
        geography = target["geography"]
        if geography not in geographies.names or not geographies.is_reported(geography):
            problems.append(
                f"{where}.geography: {geography!r} er ikke hele landet (000), en "
                "region eller en kommune; se data/reference/geografi.csv"
            )
        scale_from = target["target"].get("scale_from")
        if scale_from is not None:
            problems += _scale_problems(
                where, target, by_id.get(scale_from), scale_from
            )
    return problems


def _scale_problems(where, target, source, source_id) -> list[str]:
    if source is None:
        return [f"{where}.target.scale_from: ukendt mål {source_id!r}"]
    if source["geography"] != "000" or not (
        {"value", "change_pct"} & set(source["target"])
    ):
        return [
            f"{where}.target.scale_from: {source_id!r} skal være et landsmål "
            '(geography "000") med value eller change_pct'
        ]
    if source["indicator"] != target["indicator"]:
        return [f"{where}.target.scale_from: {source_id!r} måler en anden indikator"]
    return []


def _duplicate_ids(items: list[Mapping], key: str) -> list[str]:
    counts = Counter(item["id"] for item in items)
    return [
        f"{key}: id {i!r} står {n} gange; id'er skal være unikke"
        for i, n in counts.items()
        if n > 1
    ]


def baseline_problems(
    targets: list[Mapping], table, population_indicator: str
) -> list[str]:
    """Targets whose baseline year has no value in the data (and no given
    baseline.value), and scaled targets without the population they need.

    ``table`` is the tidy indicator table (indicator_id, geography, year,
    value), as the ingest builds it.
    """
    observed = observed_rows(table)
    years = observed.groupby(["indicator_id", "geography"])["year"].agg(set)
    problems = []
    for target in targets:
        year = target["baseline"]["year"]
        where = f"targets ({target['id']}).baseline"
        needed = [] if "value" in target["baseline"] else [target["indicator"]]
        series = [(indicator, target["geography"]) for indicator in needed]
        if "scale_from" in target["target"]:
            series += [(population_indicator, g) for g in (target["geography"], "000")]
        for indicator, geography in series:
            found = years.get((indicator, geography), set())
            if year not in found:
                listed = ", ".join(map(str, sorted(found))) or "ingen"
                problems.append(
                    f"{where}.year: ingen værdi for {indicator} i geografi {geography} "
                    f"i {year} (år med data: {listed}). Ret: vælg et basisår med data"
                    + (
                        ""
                        if indicator == population_indicator
                        else ", eller angiv baseline.value"
                    )
                )
    return problems


def check_config(config: Mapping, schema_path: str | Path) -> None:
    """Stop with the Danish key path and fix of every mistake in the run's
    config (config/config.yaml with any --config or --configfile on top)."""
    with open(schema_path, encoding="utf-8") as handle:
        schema = yaml.safe_load(handle)
    problems = document_text_problems(dict(config))
    problems += schema_problems(copy.deepcopy(dict(config)), schema)
    if problems:
        raise ConfigError("config/config.yaml (med --config/--configfile)", problems)
