"""Small numbers: values from person-level registers that could identify people.

The rule statistics offices use, applied where the values are made (the
ingest), so that no later step, table, chart or text ever holds them:

- a count of 1 to threshold − 1 persons is hidden;
- a share is hidden when its denominator is below the threshold, or its
  numerator or its complement (denominator − numerator) is between 1 and
  threshold − 1 (a share of 1 in 3 tells that one person had it and two
  did not).

Zero identifies no one and is shown. A hidden value is written as an empty
value with ``small_numbers`` true; the report shows «under 5» (the threshold
is ``small_count_threshold`` in config), and a target whose baseline or
latest value is hidden becomes «For usikkert (små tal)», with every measure
that would let a reader work the value back left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from budgetmaal.reading.registers import Share
from budgetmaal.shared.formatting import is_missing, is_true, quantity

# Measures left out of a target with a hidden value: each of them, with the
# target, would let a reader work back to it.
HIDDEN_MEASURES = [
    "progress_pct",
    "pace_ratio",
    "projected_value",
    "projection_bound_year",
    "significant",
    "met_at_baseline",
]


# A change_pct target of a hidden baseline: any number would tell the baseline.
HIDDEN_TARGET = "vises ikke (små tal)"


def is_small(value, threshold: int) -> bool:
    """True for a count strictly between 0 and the threshold."""
    return not is_missing(value) and 0 < float(value) < threshold


@dataclass(frozen=True)
class SmallCounts:
    """The small-number rule at one threshold (``small_count_threshold`` in
    config): which register values it hides, and how hidden ones are written."""

    threshold: int

    def hides(self, value: float | Share) -> bool:
        """Is a register value (a count or a Share) too small to publish?"""
        if not isinstance(value, Share):
            return is_small(value, self.threshold)
        numerator, denominator = value.numerator, value.denominator
        return denominator > 0 and (
            denominator < self.threshold
            or is_small(numerator, self.threshold)
            or is_small(denominator - numerator, self.threshold)
        )

    @property
    def note(self) -> str:
        """The note of a hidden value in results/indicators.csv."""
        return f"under {self.threshold}: vises ikke (små tal)"

    def label(self, unit: str = "count") -> str:
        """«under 5» for a count; a hidden percent says what is under 5."""
        if unit == "count":
            return f"under {self.threshold}"
        return f"skjult (under {self.threshold})"

    def show(self, value, unit: str, hidden: bool = False) -> str:
        """The Danish text of a value, or the small-number label if hidden."""
        return self.label(unit) if hidden else quantity(value, unit)

    def show_field(self, row: Mapping, field: str) -> str:
        """A progress row's value (baseline_value, target_value, ...) as text."""
        hidden = field in hidden_values(row)
        if hidden and field == "target_value":
            return HIDDEN_TARGET
        value = None if is_missing(row[field]) else float(row[field])
        return self.show(value, row["unit"], hidden)


# The threshold statistics offices use; config's small_count_threshold default.
DEFAULT_SMALL_COUNTS = SmallCounts(5)


def hidden_values(row: Mapping) -> set[str]:
    """Which of a progress row's baseline, latest and target value are hidden.

    A hidden value is empty in a row marked ``small_numbers``: a baseline
    from the data and a latest year always have a value otherwise, and a
    change_pct target is empty only when its baseline is.
    """
    if not is_true(row.get("small_numbers")):
        return set()
    hidden = set()
    if is_missing(row["baseline_value"]):
        hidden.add("baseline_value")
    if is_missing(row.get("latest_value")) and not is_missing(row.get("latest_year")):
        hidden.add("latest_value")
    if row.get("target_form") == "change_pct" and "baseline_value" in hidden:
        hidden.add("target_value")
    return hidden


def shown_met_at_baseline(row: Mapping) -> bool | None:
    """Whether a report may say the goal was met at the baseline: None for a
    directional goal, and where small numbers hide the baseline (next to the
    target it would tell on which side of it the hidden baseline lies)."""
    if row["target_form"] == "direction" or is_true(row.get("small_numbers")):
        return None
    return is_true(row.get("met_at_baseline"))
