"""The project's words, each in one place: statuses, units and target forms.

Adding a status, a unit or a target form means adding one row here (and the
schema's enum, which a test keeps equal to these keys).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    """A target's status: its code in results/progress.csv, its Danish label,
    the symbol beside it in the report, its rank (best first), and its merit
    for the year-on-year comparison: a higher merit is better, and only
    statuses of the same kind of goal compare (None: never comparable)."""

    code: str
    label_da: str
    symbol: str
    rank: int
    merit: tuple[str, int] | None


# In the order of the report's legend; rank orders the national overview:
# numeric goals from best to worst, then directional goals, then the
# statuses that say nothing can be assessed.
STATUSES = {
    s.code: s
    for s in (
        Status("achieved", "Nået", "✔", 0, ("numeric", 4)),
        Status("missed", "Ikke nået", "✘", 5, ("numeric", 0)),
        Status("on_track", "På rette spor", "●", 1, ("numeric", 3)),
        Status("moderate", "Moderat fremgang", "◐", 2, ("numeric", 2)),
        Status("insufficient", "Utilstrækkelig fremgang", "○", 3, ("numeric", 1)),
        Status("away", "Bevæger sig væk fra målet", "✕", 4, ("numeric", 0)),
        Status("improving", "Fremgang", "+", 6, ("direction", 2)),
        Status("worsening", "Tilbagegang", "−", 8, ("direction", 0)),
        Status("unchanged", "Uændret", "=", 7, ("direction", 1)),
        Status("no_data", "Mangler data", "?", 10, None),
        Status("too_uncertain", "For usikkert (små tal)", "◌", 9, None),
    )
}
STATUS_DA = {code: status.label_da for code, status in STATUSES.items()}


@dataclass(frozen=True)
class Unit:
    """A unit of indicator values: how a value is written after the number,
    on a chart's axis and in the workbook, its decimals and its valid range."""

    code: str
    suffix: str  # after a number in text: '36,4 pct.'
    axis_label: str
    workbook_label: str
    decimals: int
    low: float
    high: float
    range_da: str  # what a valid value is, for an error message
    change_suffix: str = ""  # after a change: '−1,5 pct.-point'


UNITS = {
    u.code: u
    for u in (
        Unit("count", "", "Antal", "antal", 0, 0.0, math.inf, "et ikke-negativt tal"),
        Unit(
            "percent",
            " pct.",
            "pct.",
            "pct.",
            1,
            0.0,
            100.0,
            "en procent mellem 0 og 100",
            " pct.-point",
        ),
        Unit(
            "days",
            " dage",
            "dage",
            "dage",
            1,
            0.0,
            math.inf,
            "et ikke-negativt antal dage",
            " dage",
        ),
    )
}


@dataclass(frozen=True)
class TargetForm:
    """One of the four ways config/targets.yaml states a target: its Danish
    name, and the formula the report prints for it."""

    key: str
    label_da: str
    formula_da: str
    needs_year: bool = True


TARGET_FORMS = {
    f.key: f
    for f in (
        TargetForm("value", "absolut niveau", "Målet er et absolut niveau fra config."),
        TargetForm(
            "change_pct",
            "ændring fra basisåret",
            "Mål = basis · (1 + ændring i pct. / 100).",
        ),
        TargetForm(
            "scale_from",
            "andel af et landsmål",
            "Mål = landsmålet · kommunens befolkning / landets befolkning i basisåret.",
        ),
        TargetForm(
            "direction",
            "retningsmål",
            "Retningsmål: udviklingen siden basisåret vurderes.",
            needs_year=False,
        ),
    )
}


@dataclass(frozen=True)
class YearChange:
    """How a target's computed status compares with last year's
    (config previous_progress): its Danish word and the symbol beside it."""

    code: str
    label_da: str
    symbol: str


YEAR_CHANGES = {
    c.code: c
    for c in (
        YearChange("better", "Bedre", "↑"),
        YearChange("unchanged", "Samme niveau", "→"),
        YearChange("worse", "Dårligere", "↓"),
        # A changed goal: the statuses measure different things.
        YearChange("goal_changed", "Målet er ændret", "◇"),
        YearChange("not_comparable", "Kan ikke sammenlignes", "–"),
        YearChange("new", "Nyt mål", "▪"),
    )
}
BETTER = ("lower", "higher")
DIRECTIONS = {"increase": "higher", "decrease": "lower"}  # -> the better direction
PATHS = ("linear", "compound")


def is_on(value: bool | str) -> bool:
    """A true/false config key (fetch, site) as a boolean: ``--config
    site=false`` gives the string "false" (Snakemake only turns "True" and
    "False" into booleans)."""
    return value is True or str(value).lower() == "true"
