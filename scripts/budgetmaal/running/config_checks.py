"""Load the YAML config files and check them before any job runs."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, validators

from budgetmaal.assessing.planning import report_target_ids
from budgetmaal.assessing.targets import rule_problems
from budgetmaal.reading.registers import MEASURES
from budgetmaal.shared.catalogue import source_ids
from budgetmaal.shared.geography import NATIONAL, Geographies
from budgetmaal.shared.problems import (
    ConfigError,
    Problem,
    config_problems,
    stop_on_config_messages,
)
from budgetmaal.shared.safe_text import document_text_problems


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
    ordered = sorted(found, key=lambda e: list(map(str, e.path)))
    return [_describe(e, _key_path(e.path, document)) for e in ordered]


def _key_path(keys, document) -> str:
    """'targets[13] (hjemloese_657).baseline.year': a list entry is named by
    its index and, where it has one, its id, so the reader finds it."""
    named, item = "", document
    for key in keys:
        item = item[key]
        if isinstance(key, int):
            has_id = isinstance(item, dict) and isinstance(item.get("id"), str)
            named += f"[{key}]" + (f" ({item['id']})" if has_id else "")
        else:
            named += f".{key}" if named else str(key)
    return named


TYPE_DA = {
    "integer": "et heltal",
    "number": "et tal",
    "string": 'en tekst (i anførselstegn, fx "657")',
    "boolean": "true eller false",
    "array": "en liste",
    "object": "en samling af nøgler",
    "null": "tom",
}


def _describe(error, where: str) -> str:
    """The error in Danish, led by ``where``, the key path of _key_path."""
    path = "nøgle " + (where or "(øverst)")
    value, rule = error.instance, error.validator_value
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        keys = ", ".join(f"{where}.{k}" if where else k for k in extra)
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


def safe_load(stream):
    """yaml.safe_load, with libyaml's parser first where PyYAML has it: the
    same values, read about five times faster (every run reads the config,
    a no-op included). What libyaml refuses is read again by PyYAML's own
    parser, whose reading the checks and their messages are written for
    (it takes escapes such as "\\ud83d" that the text checks then name)."""
    try:
        return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        if not isinstance(stream, str):
            stream.seek(0)  # an open file: its name stays in the message
        return yaml.safe_load(stream)


def load_yaml(path: str | Path, schema_path: str | Path) -> dict:
    """Read a YAML file and validate it against its schema; ConfigError if bad."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = safe_load(handle)
    except FileNotFoundError:
        message = "filen findes ikke; ret stien i config/config.yaml"
        raise ConfigError(str(path), config_problems(str(path), [message])) from None
    except yaml.YAMLError as error:
        raise ConfigError(str(path), [yaml_problem(str(path), error)]) from None
    with open(schema_path, encoding="utf-8") as handle:
        schema = safe_load(handle)
    # Text no output can show (control characters, too long names …) first.
    stop_on_config_messages(
        str(path), document_text_problems(document) + schema_problems(document, schema)
    )
    return document


def yaml_problem(path: str, error: yaml.YAMLError) -> Problem:
    """A file that is not YAML, at the line and column where the reader
    stopped (the reader's own explanation is in English)."""
    mark = getattr(error, "problem_mark", None)
    what = getattr(error, "problem", None) or str(error)
    begun = getattr(error, "context_mark", None)
    if begun is not None and error.context:  # where the unclosed part began
        what += f" ({error.context} på linje {begun.line + 1})"
    if mark is None:
        return Problem(file=path, message=f"ikke gyldig YAML: {what}")
    return Problem(
        file=path,
        line=mark.line + 1,
        column=str(mark.column + 1),
        message=f"ikke gyldig YAML: {what}",
    )


def catalogue_problems(
    catalogue: Mapping, geographies: Geographies, file: str = "config/indicators.yaml"
) -> list[Problem]:
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
    return config_problems(file, problems)


def _measure_problems(where, indicator, source) -> list[str]:
    measure = indicator.get("measure")
    if source["format"] == "statbank":
        return (
            [f"{where}.measure: kun for registerkilder; fjern den"] if measure else []
        )
    if measure is None or MEASURES[measure].source_format != source["format"]:
        allowed = [
            m for m, f in MEASURES.items() if f.source_format == source["format"]
        ]
        return [
            f"{where}.measure: kilden har format {source['format']}; vælg en af {allowed}"
        ]
    return []


def target_problems(
    targets: list[Mapping],
    catalogue: Mapping,
    geographies: Geographies,
    file: str = "config/targets.yaml",
) -> list[Problem]:
    """Cross-reference checks of the targets: the rules of budgetmaal.assessing.targets,
    unique ids, and geographies that reports use."""
    indicators = {i["id"]: i for i in catalogue["indicators"]}
    by_id = {t["id"]: t for t in targets}
    problems = _duplicate_ids(targets, "targets")
    for target in targets:
        problems += rule_problems(target, indicators, by_id)
        geography = target["geography"]
        if geography not in geographies.names or not geographies.is_reported(geography):
            problems.append(
                f"targets ({target['id']}).geography: {geography!r} er ikke hele "
                f"landet ({NATIONAL}), en region eller en kommune; se "
                "data/reference/geografi.csv"
            )
    return config_problems(file, problems)


def foreign_target_messages(
    definition: Mapping,
    kommune: str,
    targets_by_id: Mapping[str, Mapping],
    geographies: Geographies,
    targets_file: str = "config/targets.yaml",
) -> list[str]:
    """Targets of another municipality (or region) in a report definition.

    A report shows its municipality's own targets, the nation's and its
    region's: a copied report text that still lists another municipality's
    targets would print that municipality's figures as this one's goals.
    """
    region = geographies.regions.get(kommune, "")
    allowed = {kommune, NATIONAL, region}
    here, messages = _name_of(geographies, kommune), []
    for target_id in report_target_ids(definition):
        geography = targets_by_id[target_id]["geography"]
        if geography in allowed:
            continue
        owner = f"{_name_of(geographies, geography)}s mål (geografi {geography})"
        messages.append(
            f"mål-id {target_id!r} er {owner}, ikke {here}s; en rapport viser kun "
            f"kommunens egne mål, landsmål og {_name_of(geographies, region)}s mål. "
            f"Ret: skriv målet for {kommune} i {targets_file} (fx id: "
            f"{target_id.removesuffix('_' + geography)}_{kommune}, geography: "
            f'"{kommune}") og brug det id her, eller skriv det som en per_kommune-'
            f"skabelon i {targets_file} og brug <skabelonens id>_{kommune} her"
        )
    return messages


def _name_of(geographies: Geographies, code: str) -> str:
    """'Herning Kommune', 'Region Midtjylland', 'Hele landet'."""
    name = geographies.names.get(code, code)
    return f"{name} Kommune" if geographies.kinds.get(code) == "kommune" else name


def _duplicate_ids(items: list[Mapping], key: str) -> list[str]:
    counts = Counter(item["id"] for item in items)
    return [
        f"{key}: id {i!r} står {n} gange; id'er skal være unikke"
        for i, n in counts.items()
        if n > 1
    ]


def check_config(config: Mapping, schema_path: str | Path) -> None:
    """Stop with the Danish key path and fix of every mistake in the run's
    config (config/config.yaml with any --config or --configfile on top)."""
    with open(schema_path, encoding="utf-8") as handle:
        schema = safe_load(handle)
    problems = document_text_problems(dict(config))
    problems += schema_problems(copy.deepcopy(dict(config)), schema)
    stop_on_config_messages("config/config.yaml (med --config/--configfile)", problems)
