"""Targets as config/targets.yaml states them, and the rules a target must
keep on its own (the rules that need data are in ``progress``).

Each rule is worded here once; the config check runs them before any job,
and the progress computation runs them again on the targets it is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NotRequired, TypedDict

from budgetmaal.shared.geography import NATIONAL
from budgetmaal.shared.vocabulary import (
    BETTER,
    DIRECTIONS,
    PATHS,
    STATUSES,
    TARGET_FORMS,
)


class Baseline(TypedDict):
    year: int
    value: NotRequired[float]
    source: NotRequired[str]


class TargetSpec(TypedDict, total=False):
    """The ``target:`` block: exactly one form (TARGET_FORMS) and its year."""

    year: int
    value: float
    change_pct: float
    scale_from: str
    direction: str
    better: str


class Assessment(TypedDict, total=False):
    """The administration's assessment («Forvaltningens vurdering»): a
    comment, and a status that overrides the computed one for the reader,
    with the reason; the computed status is kept beside it."""

    comment: str
    status: str  # a key of vocabulary.STATUSES
    reason: str


class Target(TypedDict):
    id: str
    indicator: str
    geography: str
    baseline: Baseline
    target: TargetSpec
    name: NotRequired[str]
    better: NotRequired[str]
    path: NotRequired[str]
    national_context: NotRequired[bool]
    assessment: NotRequired[Assessment]


_CHANGE_DA = {"lower": "et fald", "higher": "en stigning"}


def target_form(target: Target) -> str:
    """The form the target is stated in (a key of TARGET_FORMS); the rules
    below make sure there is exactly one."""
    return next(f for f in TARGET_FORMS if f in target["target"])


def rule_problems(
    target: Target, indicators: Mapping[str, Mapping], targets: Mapping[str, Target]
) -> list[str]:
    """Every rule the target breaks, worded with its key path and fix.

    ``indicators`` maps indicator id to catalogue entry; ``targets`` maps
    target id to target, for the national target a ``scale_from`` names.
    """
    where = f"targets ({target['id']})"
    problems = _form_problems(where, target)
    if target.get("path", "linear") not in PATHS:
        problems.append(
            f"{where}.path: skal være linear eller compound, ikke {target['path']!r}"
        )
    if target["indicator"] not in indicators:
        problems.append(
            f"{where}.indicator: ukendt indikator {target['indicator']!r}; "
            "tilføj den i config/indicators.yaml eller ret id'et"
        )
    else:
        _, found = better_direction(target, indicators, targets)
        problems += [f"{where}: {problem}" for problem in found]
    scale_from = target["target"].get("scale_from")
    if scale_from is not None:
        problems += _scale_problems(where, target, targets.get(scale_from), scale_from)
    return problems + _assessment_problems(where, target.get("assessment", {}))


def _assessment_problems(where: str, assessment: Assessment) -> list[str]:
    """An assessed status must be a status and come with its reason."""
    status, reason = assessment.get("status"), assessment.get("reason")
    if status is not None and status not in STATUSES:
        return [
            f"{where}.assessment.status: ukendt status {status!r}; vælg en af "
            + ", ".join(STATUSES)
        ]
    if status is not None and not (reason or "").strip():
        return [
            f"{where}.assessment.reason mangler: en status fra forvaltningen "
            f"({status}) skal have en begrundelse; skriv reason:, eller fjern status"
        ]
    if status is None and reason is not None:
        return [
            f"{where}.assessment.reason står uden status; angiv assessment.status, "
            "eller skriv teksten i assessment.comment"
        ]
    return []


def _form_problems(where: str, target: Target) -> list[str]:
    spec = target["target"]
    forms = [f for f in TARGET_FORMS if f in spec]
    if len(forms) != 1:
        return [
            f"{where}.target: angiv præcis én af {', '.join(TARGET_FORMS)}; fandt "
            + (", ".join(forms) or "ingen")
        ]
    if forms[0] == "direction" and spec["direction"] not in DIRECTIONS:
        return [
            f"{where}.target.direction: skal være increase eller decrease, "
            f"ikke {spec['direction']!r}"
        ]
    if not TARGET_FORMS[forms[0]].needs_year:
        return []
    if "year" not in spec:
        return [f"{where}.target.year mangler: angiv målåret, fx year: 2020"]
    if spec["year"] <= target["baseline"]["year"]:
        return [f"{where}.target.year skal ligge efter baseline.year"]
    return []


def _scale_problems(where, target, source, source_id) -> list[str]:
    if source is None:
        return [f"{where}.target.scale_from: ukendt mål {source_id!r}"]
    if source["geography"] != NATIONAL or not (
        {"value", "change_pct"} & set(source["target"])
    ):
        return [
            f"{where}.target.scale_from: {source_id!r} skal være et landsmål "
            f'(geography "{NATIONAL}") med value eller change_pct'
        ]
    if source["indicator"] != target["indicator"]:
        return [f"{where}.target.scale_from: {source_id!r} måler en anden indikator"]
    return []


def better_direction(
    target: Target, indicators: Mapping[str, Mapping], targets: Mapping[str, Target]
) -> tuple[str | None, list[str]]:
    """The better direction a target declares (docs/methodology.md, section 3),
    never inferred from the numbers; or the problems that make it ambiguous.

    ``targets`` maps target id to target, for the one a ``scale_from`` scales.
    """
    spec = target["target"]
    stated, problems = _stated_better(target)
    implied, source = _implied_better(spec, indicators, targets)
    if stated and implied and stated != implied:
        problems.append(
            f"better: {stated} modsiger {source}; ret fortegnet eller better, "
            "så de siger det samme"
        )
    catalogue = indicators.get(target["indicator"], {}).get("better")
    if "scale_from" not in spec and implied and not stated and catalogue != implied:
        problems.append(_against_catalogue(spec, target["indicator"], catalogue))
    if problems:
        return None, problems
    return implied or stated or catalogue, []


def _against_catalogue(spec, indicator: str, catalogue: str) -> str:
    """A change_pct sign or a direction that goes against the catalogue's
    better: the two fixes, one for a slip and one for a goal that really
    goes the other way on this indicator."""
    if "direction" in spec:
        implied = DIRECTIONS[spec["direction"]]
        turned = next(d for d, b in DIRECTIONS.items() if b == catalogue)
        stated, turn = f"direction: {spec['direction']}", f"direction: {turned}"
        turn = f"vend retningen ({turn})"
    else:
        implied = "lower" if spec["change_pct"] < 0 else "higher"
        stated, turn = f"change_pct: {spec['change_pct']:g}", "ret fortegnet"
    return (
        f"{stated} er {_CHANGE_DA[implied]}, men indikatoren {indicator!r} har "
        f"better: {catalogue} i indikatorkataloget; {turn}, eller skriv better: "
        f"{implied} på målet, hvis {_CHANGE_DA[implied]} virkelig er målet"
    )


def _implied_better(spec, indicators, targets) -> tuple[str | None, str | None]:
    """The direction a target's form implies, and the words that imply it."""
    if "direction" in spec:
        return DIRECTIONS.get(spec["direction"]), f"direction: {spec['direction']}"
    if "scale_from" in spec and spec["scale_from"] in targets:
        scaled = targets[spec["scale_from"]]
        implied, _ = better_direction(scaled, indicators, targets)
        return implied, (
            f"landsmålet {scaled['id']!r}, som målet omregnes fra (better: {implied})"
        )
    if spec.get("change_pct"):
        implied = "lower" if spec["change_pct"] < 0 else "higher"
        return implied, f"change_pct: {spec['change_pct']:g} ({_CHANGE_DA[implied]})"
    return None, None


def _stated_better(target: Target) -> tuple[str | None, list[str]]:
    """``better:`` on the target entry or in its ``target:`` block (the same)."""
    on_entry, in_block = target.get("better"), target["target"].get("better")
    for stated in (on_entry, in_block):
        if stated is not None and stated not in BETTER:
            return None, [f"better skal være lower eller higher, ikke {stated!r}"]
    if on_entry and in_block and on_entry != in_block:
        return None, [
            f"better står både på målet ({on_entry}) og i target ({in_block}); "
            "angiv den ét sted"
        ]
    return on_entry or in_block, []
