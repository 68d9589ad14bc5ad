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
    the symbol beside it in the report, and its rank (best first)."""

    code: str
    label_da: str
    symbol: str
    rank: int


# In the order of the report's legend; rank orders the national overview:
# numeric goals from best to worst, then directional goals, then the
# statuses that say nothing can be assessed.
STATUSES = {
    s.code: s
    for s in (
        Status("achieved", "Nået", "✔", 0),
        Status("missed", "Ikke nået", "✘", 5),
        Status("on_track", "På rette spor", "●", 1),
        Status("moderate", "Moderat fremgang", "◐", 2),
        Status("insufficient", "Utilstrækkelig fremgang", "○", 3),
        Status("away", "Bevæger sig væk fra målet", "✕", 4),
        Status("improving", "Fremgang", "+", 6),
        Status("worsening", "Tilbagegang", "−", 8),
        Status("unchanged", "Uændret", "=", 7),
        Status("no_data", "Mangler data", "?", 10),
        Status("too_uncertain", "For usikkert (små tal)", "◌", 9),
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
        ),
    )
}


@dataclass(frozen=True)
class TargetForm:
    """One of the four ways config/targets.yaml states a target, with the
    formula the report prints for it."""

    key: str
    formula_da: str
    needs_year: bool = True


TARGET_FORMS = {
    f.key: f
    for f in (
        TargetForm("value", "Målet er et absolut niveau fra config."),
        TargetForm("change_pct", "Mål = basis · (1 + ændring i pct. / 100)."),
        TargetForm(
            "scale_from",
            "Mål = landsmålet · kommunens befolkning / landets befolkning i basisåret.",
        ),
        TargetForm(
            "direction",
            "Retningsmål: udviklingen siden basisåret vurderes.",
            needs_year=False,
        ),
    )
}
BETTER = ("lower", "higher")
DIRECTIONS = {"increase": "higher", "decrease": "lower"}  # -> the better direction
PATHS = ("linear", "compound")
