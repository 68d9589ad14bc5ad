"""Small numbers: register counts below a threshold are never shown exactly.

A count of 1–4 persons from the municipality's own case registers can
identify people, and it is too small to judge progress on. Such values are
shown as "under 5" (the threshold is ``small_count_threshold`` in config) in
the report and its charts, and the target's status becomes too uncertain.
Zero identifies no one and is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from budgetmaal.catalogue import source_ids
from budgetmaal.formatting import is_missing, is_true, quantity
from budgetmaal.progress import STATUS_DA

# Measures that are blanked when the status is too uncertain: each of them,
# with the target, would let a reader work back to the small count.
HIDDEN_MEASURES = ["progress_pct", "pace_ratio", "projected_value", "significant"]


def register_count_indicators(catalogue: Mapping) -> set[str]:
    """Ids of count indicators derived from person-level register extracts."""
    formats = {s["id"]: s["format"] for s in catalogue["sources"]}
    return {
        indicator["id"]
        for indicator in catalogue["indicators"]
        if indicator["unit"] == "count"
        and any(
            formats.get(s, "").startswith("register_") for s in source_ids(indicator)
        )
    }


def is_small(value, threshold: int) -> bool:
    """True for a count strictly between 0 and the threshold."""
    return not is_missing(value) and 0 < float(value) < threshold


def small_label(threshold: int) -> str:
    return f"under {threshold}"


def shown_quantity(value, unit: str, small_counts: bool, threshold: int) -> str:
    """The Danish text of a value, or 'under 5' for a small register count."""
    if small_counts and is_small(value, threshold):
        return small_label(threshold)
    return quantity(value, unit)


@dataclass(frozen=True)
class SmallCounts:
    """Which indicators are register counts, and the threshold below which
    their values are shown as "under <threshold>"."""

    indicators: frozenset[str]
    threshold: int

    def show(self, indicator_id: str, value, unit: str) -> str:
        masked = indicator_id in self.indicators
        return shown_quantity(value, unit, masked, self.threshold)


def shown_met_at_baseline(row: Mapping) -> bool | None:
    """Whether a report may say the goal was met at the baseline: None for a
    directional goal, and where small counts hide the baseline (next to the
    target it would tell on which side of it the hidden baseline lies)."""
    if row["target_form"] == "direction" or is_true(row.get("small_numbers")):
        return None
    return is_true(row.get("met_at_baseline"))


def mark_small_numbers(
    progress: pd.DataFrame, register_counts: set[str], threshold: int
) -> pd.DataFrame:
    """Add ``small_numbers``; make those targets too uncertain to assess.

    A target has small numbers when its indicator is a register count and its
    baseline or latest value is below the threshold.
    """
    small = progress["indicator_id"].isin(register_counts) & (
        progress["baseline_value"].map(lambda v: is_small(v, threshold))
        | progress["latest_value"].map(lambda v: is_small(v, threshold))
    )
    marked = progress.astype({"significant": object})
    # small_numbers came before met_at_baseline, which keeps its place after it.
    columns = list(marked.columns)
    at = columns.index("met_at_baseline") if "met_at_baseline" in columns else None
    marked.insert(len(columns) if at is None else at, "small_numbers", small)
    assessed = small & (marked["status"] != "no_data")
    marked.loc[assessed, HIDDEN_MEASURES] = None
    marked.loc[assessed, "status"] = "too_uncertain"
    marked.loc[assessed, "status_da"] = STATUS_DA["too_uncertain"]
    return marked
