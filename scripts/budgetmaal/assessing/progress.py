"""Progress toward targets: the methodology of docs/methodology.md, exactly."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import pandas as pd

from budgetmaal.assessing.targets import (
    Target,
    better_direction,
    rule_problems,
    target_form,
)
from budgetmaal.shared.geography import NATIONAL
from budgetmaal.shared.vocabulary import STATUSES, UNITS


class ProgressRow(TypedDict, total=False):
    """One row of results/progress/<geography>.csv, in column order; the
    measures a status does not need are left out (empty in the file)."""

    target_id: str
    indicator_id: str
    geography: str
    unit: str  # a key of vocabulary.UNITS
    better: str  # lower or higher
    baseline_year: int
    baseline_value: float  # NaN where hidden as a small number
    target_year: int | None  # None for a directional goal
    target_value: float | None
    latest_year: int
    latest_value: float
    progress_pct: float
    expected_pct: float
    pace_ratio: float
    projected_value: float  # the trend line at t, held within the unit's range
    significant: bool | None
    status: str  # a key of vocabulary.STATUSES
    status_da: str
    target_form: str  # a key of vocabulary.TARGET_FORMS
    path: str
    example_data: bool
    small_numbers: bool
    met_at_baseline: bool | None
    # The administration's assessment (targets.yaml assessment:), never
    # computed; empty where none is given.
    assessed_status: str  # a key of vocabulary.STATUSES
    assessed_status_da: str
    assessment_reason: str
    assessment_comment: str
    # What it takes now: only where the target year is after the latest year.
    required_annual_change: float  # (x_t - x_l) / (t - l)
    achieved_annual_change: float  # (x_l - x_b) / (l - b)
    reached_year: int | None  # from the trend line; empty: never (or not asked)
    # The first year the projection stands at the unit's bound (0 for a count,
    # 100 for a percentage), from the latest year to t; empty: it does not.
    projection_bound_year: int | None


PROGRESS_COLUMNS = list(ProgressRow.__annotations__)
YEAR_COLUMNS = [
    "baseline_year",
    "target_year",
    "latest_year",
    "reached_year",
    "projection_bound_year",
]
ON_TRACK, MODERATE = 0.95, 0.6
NEVER_AFTER_YEAR = 9999  # a trend reaching the goal later than this never does
Z_95 = 1.96


class ProgressError(Exception):
    """A target cannot be assessed as configured; names the target and the fix."""


def compute_progress(
    targets: list[Target],
    indicators: Mapping[str, Mapping],
    table: pd.DataFrame,
    population_indicator: str,
) -> pd.DataFrame:
    """One row per target with the columns of PROGRESS_COLUMNS.

    ``indicators`` maps indicator id to its catalogue entry; ``table`` is
    the tidy indicator table (indicator_id, geography, year, value, ...,
    small_numbers). A target whose baseline or latest value is hidden as a
    small number is too uncertain to assess (docs/methodology.md). Raises
    ProgressError listing every rule a target breaks.
    """
    observed = observed_rows(table)
    by_id = {t["id"]: t for t in targets}
    problems = [p for t in targets for p in rule_problems(t, indicators, by_id)]
    if not problems:
        problems = baseline_problems(targets, observed, population_indicator)
    if problems:
        raise ProgressError("\n".join(problems))
    target_values = {}
    rows = []
    lookup = series_lookup(observed)
    for target in _scaled_last(targets):
        better, _ = better_direction(target, indicators, by_id)
        series = lookup(target["indicator"], target["geography"])
        baseline = baseline_value(target, series)
        scale = _population_scale(target, lookup, population_indicator)
        value = target_value(target["target"], baseline, target_values, scale)
        target_values[target["id"]] = value
        indicator = indicators[target["indicator"]]
        row = assess(target, indicator, series, baseline, value, better)
        rows.append(row | assessment_columns(target))
    order = {t["id"]: i for i, t in enumerate(targets)}
    rows.sort(key=lambda r: order[r["target_id"]])
    # Years as whole numbers, empty where there is none (astype would take
    # three times as long, paid by every report job and property test).
    years = {
        column: pd.array([row.get(column) for row in rows], dtype="Int64")
        for column in YEAR_COLUMNS
    }
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS).assign(**years)


def assessment_columns(target: Target) -> ProgressRow:
    """The assessment as config gives it; rule_problems makes sure a status
    is known and has its reason."""
    assessment = target.get("assessment", {})
    status = assessment.get("status")
    return {
        "assessed_status": status,
        "assessed_status_da": STATUSES[status].label_da if status else None,
        "assessment_reason": assessment.get("reason"),
        "assessment_comment": assessment.get("comment"),
    }


def baseline_problems(
    targets: list[Target], table: pd.DataFrame, population_indicator: str
) -> list[str]:
    """Targets whose baseline year has no value in the data (and no given
    baseline.value), and scaled targets without the population they need.

    ``table`` is the tidy indicator table, as the ingest builds it.
    """
    observed = observed_rows(table)
    years = observed.groupby(["indicator_id", "geography"])["year"].agg(set)
    problems = []
    for target in targets:
        year = target["baseline"]["year"]
        needed = [] if "value" in target["baseline"] else [target["indicator"]]
        series = [(indicator, target["geography"]) for indicator in needed]
        if "scale_from" in target["target"]:
            geographies = (target["geography"], NATIONAL)
            series += [(population_indicator, g) for g in geographies]
        for indicator, geography in series:
            found = years.get((indicator, geography), set())
            if year not in found:
                listed = ", ".join(map(str, sorted(found))) or "ingen"
                problems.append(
                    f"targets ({target['id']}).baseline.year: ingen værdi for "
                    f"{indicator} i geografi {geography} i {year} (år med data: "
                    f"{listed}). Ret: vælg et basisår med data"
                    + (
                        ""
                        if indicator == population_indicator
                        else ", eller angiv baseline.value"
                    )
                )
    return problems


def observed_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows with a value, or with one hidden as a small number."""
    return table[table["value"].notna() | _hidden(table)]


def series_for(
    observed: pd.DataFrame, indicator_id: str, geography: str
) -> pd.DataFrame:
    """The observed (year, value, example_data, small_numbers) rows of one
    indicator and geography; a hidden value is empty with small_numbers true."""
    selected = observed[
        (observed["indicator_id"] == indicator_id)
        & (observed["geography"] == geography)
    ].assign(small_numbers=_hidden(observed))
    return selected.sort_values("year", kind="stable")[SERIES_COLUMNS]


SERIES_COLUMNS = ["year", "value", "example_data", "small_numbers"]


@dataclass(frozen=True)
class Observations:
    """series_for's rows as arrays, oldest first (a hidden value is NaN with
    small_numbers true): 3,000 targets at 980 geographies are assessed
    without a DataFrame operation each."""

    year: np.ndarray
    value: np.ndarray
    example_data: np.ndarray
    small_numbers: np.ndarray

    def __getitem__(self, column: str) -> np.ndarray:
        return getattr(self, column)

    def __len__(self) -> int:
        return len(self.year)

    def where(self, mask: np.ndarray) -> Observations:
        """The observations where ``mask`` is true."""
        return Observations(
            self.year[mask],
            self.value[mask],
            self.example_data[mask],
            self.small_numbers[mask],
        )

    def value_in(self, year: int) -> float:
        """The value observed in ``year`` (NaN where hidden); baseline_problems
        makes sure there is one where it is asked for."""
        return float(self.value[self.year == year][0])


def series_lookup(observed: pd.DataFrame) -> Callable[[str, str], Observations]:
    """series_for(observed, indicator, geography) as Observations, a function
    of the last two, with the table split once: 980 geographies' targets
    would otherwise search the whole table one target at a time."""
    prepared = observed.assign(small_numbers=_hidden(observed)).sort_values(
        "year", kind="stable"
    )
    columns = [
        prepared[column].to_numpy(dtype=dtype)
        for column, dtype in zip(SERIES_COLUMNS, (int, float, bool, bool), strict=True)
    ]
    groups = prepared.groupby(["indicator_id", "geography"], sort=False).indices
    series = {
        key: Observations(*(c[rows] for c in columns)) for key, rows in groups.items()
    }
    empty = Observations(*(c[:0] for c in columns))
    return lambda indicator, geography: series.get((indicator, geography), empty)


def baseline_value(target: Target, series: Observations) -> float:
    """The given baseline value, else the observation in the baseline year
    (NaN where it is hidden as a small number); baseline_problems makes sure
    there is one."""
    baseline = target["baseline"]
    if "value" in baseline:
        return float(baseline["value"])
    return series.value_in(baseline["year"])


def target_value(
    spec: Mapping, baseline: float, known: Mapping[str, float], scale: float | None
) -> float | None:
    """x_t from value, change_pct or a scaled national target; None if directional."""
    if "value" in spec:
        return float(spec["value"])
    if "change_pct" in spec:
        return baseline * (1 + spec["change_pct"] / 100)
    if "scale_from" in spec:
        return known[spec["scale_from"]] * scale
    return None


def reached(better: str, value: float, goal: float) -> bool:
    """Is ``value`` at or beyond ``goal`` in the better direction?"""
    return value <= goal if better == "lower" else value >= goal


def assess(
    target: Target,
    indicator: Mapping,
    series: Observations,
    baseline: float,
    goal: float | None,
    better: str,
) -> ProgressRow:
    """All progress measures and the status of one target."""
    b = target["baseline"]["year"]
    t = target["target"].get("year")
    row = _described(target, indicator, baseline, goal, better)
    window = series.where((series.year > b) & ((series.year <= t) if t else True))
    row["example_data"] = bool(window.example_data.any())
    if not len(window):
        return _with_status(row, "no_data")
    latest, x_l = int(window.year[-1]), float(window.value[-1])
    row |= {"latest_year": latest, "latest_value": x_l}
    if math.isnan(baseline) or math.isnan(x_l):
        # Every measure would let a reader work a hidden value back.
        return _with_status(row | {"small_numbers": True}, "too_uncertain")
    window = window.where(~window.small_numbers)
    row["significant"] = significant_change(indicator["unit"], baseline, x_l)
    if goal is None:
        return _with_status(
            row, directional_status(better, baseline, x_l, row["significant"])
        )
    bounds = unit_range(indicator["unit"])
    trend = trend_line(b, baseline, window.where(window.year <= latest), bounds)
    row["projected_value"] = trend(t)
    row["projection_bound_year"] = bound_year(trend, latest, t)
    if latest < t:
        row |= outlook(better, (b, baseline), (latest, x_l), (t, goal), trend)
    if row["met_at_baseline"]:
        # Nothing to cover: the goal is to hold the level (methodology, section 5).
        return _with_status(
            row, numeric_status(better, x_l, goal, latest == t, math.nan)
        )
    measures = _pace(row, target["id"], latest - b, t - b)
    status = numeric_status(better, x_l, goal, latest == t, measures["pace_ratio"])
    return _with_status(row | measures, status)


def _described(target, indicator, baseline, goal, better) -> ProgressRow:
    """The columns that state the target, before any measure."""
    hidden = math.isnan(baseline)
    return {
        "target_id": target["id"],
        "indicator_id": target["indicator"],
        "geography": target["geography"],
        "unit": indicator["unit"],
        "better": better,
        "baseline_year": target["baseline"]["year"],
        "baseline_value": baseline,
        "target_year": target["target"].get("year"),
        "target_value": goal,
        "target_form": target_form(target),
        "path": target.get("path", "linear"),
        "small_numbers": hidden,
        "met_at_baseline": None
        if hidden
        else goal is not None and reached(better, baseline, goal),
    }


def _pace(row: Mapping, target_id: str, years_done: int, years_total: int) -> dict:
    """Progress toward the goal, the progress expected by now, and the pace."""
    x_b, x_l, x_t = row["baseline_value"], row["latest_value"], row["target_value"]
    if row["path"] == "compound" and min(x_b, x_l, x_t) <= 0:
        raise ProgressError(
            f"mål {target_id!r}: path: compound kræver positive værdier (basis "
            f"{x_b}, seneste {x_l}, mål {x_t}). Brug path: linear."
        )
    progress = _ratio(100 * (x_l - x_b), x_t - x_b)
    expected = 100 * years_done / years_total
    pace = pace_ratio(
        row["path"], x_b, x_l, x_t, years_done, years_total, progress, expected
    )
    return {"progress_pct": progress, "expected_pct": expected, "pace_ratio": pace}


def _with_status(row: ProgressRow, status: str) -> ProgressRow:
    """The row with its status and the status's Danish label."""
    return row | {"status": status, "status_da": STATUSES[status].label_da}


def pace_ratio(
    path, x_b, x_l, x_t, years_done, years_total, progress, expected
) -> float:
    """Linear: progress_pct / expected_pct. Compound: CAGR actual / CAGR required."""
    if path == "linear":
        return _ratio(progress, expected)
    actual = (x_l / x_b) ** (1 / years_done) - 1
    required = (x_t / x_b) ** (1 / years_total) - 1
    return _ratio(actual, required)


def numeric_status(
    better: str, x_l: float, x_t: float, at_target_year: bool, pace: float
) -> str:
    """Status of a target with a number, first matching rule wins; a NaN pace
    (a goal met at the baseline) leaves achieved, missed or away."""
    if reached(better, x_l, x_t):
        return "achieved"
    if at_target_year:
        return "missed"
    if pace >= ON_TRACK:
        return "on_track"
    if pace >= MODERATE:
        return "moderate"
    if pace > 0:
        return "insufficient"
    return "away"


def directional_status(
    better: str, x_b: float, x_l: float, significant: bool | None
) -> str:
    """Status of a directional goal: improving, worsening or unchanged."""
    if x_l == x_b or significant is False:
        return "unchanged"
    return "improving" if (x_l < x_b) == (better == "lower") else "worsening"


def significant_change(unit: str, x_b: float, x_l: float) -> bool | None:
    """Counts only: is |x_l - x_b| beyond 1.96 Poisson standard errors?

    None (not applicable) for other units, and for negative "counts", where
    the Poisson variance is undefined.
    """
    if unit != "count" or x_b < 0 or x_l < 0:
        return None
    return abs(x_l - x_b) > Z_95 * math.sqrt(x_l + x_b)


@dataclass(frozen=True)
class TrendLine:
    """value = intercept + slope · (year − origin), held within the unit's
    range [low, high]: the least-squares line through (b, x_b) and the
    observations, the projection's basis (docs/methodology.md, section 4).

    A count cannot fall below 0 nor a percentage pass 100: where the line
    leaves the range, the projection stays at the bound it reached.
    """

    origin: int
    slope: float
    intercept: float
    low: float = -math.inf
    high: float = math.inf

    def __call__(self, year: float) -> float:
        line = self.slope * (year - self.origin) + self.intercept
        return float(min(max(line, self.low), self.high))

    def year_reaching(self, goal: float, better: str) -> float | None:
        """The (fractional) year the line reaches ``goal``; None if it runs
        flat or away from it in the better direction, or if the goal lies
        outside the unit's range, where the bounded line never goes."""
        toward = self.slope < 0 if better == "lower" else self.slope > 0
        if not toward or not self.low <= goal <= self.high:
            return None
        return self.origin + (goal - self.intercept) / self.slope

    @property
    def bound(self) -> float:
        """The bound the line runs toward."""
        return self.low if self.slope < 0 else self.high

    def year_bounded(self) -> float | None:
        """The (fractional) year the line meets the bound it runs toward;
        None when it runs flat or toward an infinite bound."""
        if not self.slope or math.isinf(self.bound):
            return None
        return self.origin + (self.bound - self.intercept) / self.slope

    def vertices(self, start: int, end: int) -> list[tuple[float, float]]:
        """The projection from ``start`` to ``end`` as a chart draws it: its
        end points, and the point where it meets a bound between them."""
        bounded = self.year_bounded()
        if bounded is None or not start < bounded < end:
            return [(start, self(start)), (end, self(end))]
        return [(start, self(start)), (bounded, self.bound), (end, self(end))]


def unit_range(unit: str) -> tuple[float, float]:
    """The values a unit can take (vocabulary.UNITS): the projection's bounds."""
    return UNITS[unit].low, UNITS[unit].high


def trend_line(
    b: int,
    x_b: float,
    window: pd.DataFrame | Observations,
    bounds: tuple[float, float] = (-math.inf, math.inf),
) -> TrendLine:
    """Least-squares line through (b, x_b) and the observations in ``window``,
    held within ``bounds`` (unit_range of the indicator's unit)."""
    # Years counted from the baseline keep the fit well conditioned.
    years = np.array([0, *(window["year"] - b)], dtype=float)
    values = np.array([x_b, *window["value"]], dtype=float)
    slope, intercept = np.polyfit(years, values, 1)
    return TrendLine(b, float(slope), float(intercept), *bounds)


def projected_value(b: int, x_b: float, window: pd.DataFrame, t: int) -> float:
    """The (unbounded) trend line evaluated at the target year t."""
    return trend_line(b, x_b, window)(t)


def bound_year(trend: TrendLine, latest: int, t: int) -> int | None:
    """The first whole year from the latest observation to the target year
    in which the projection stands at the unit's bound; None if it does not
    get there by t."""
    bounded = trend.year_bounded()
    if bounded is None or bounded > t:
        return None
    if trend(latest) not in (trend.low, trend.high) and bounded < latest:
        return None  # the line left the range before l and runs back into it
    return max(math.ceil(bounded - 1e-9), latest)


def outlook(better: str, start, latest, end, trend: TrendLine) -> ProgressRow:
    """What it takes now, for a target whose year t is after the latest l.

    ``start``, ``latest`` and ``end`` are (year, value) of the baseline, the
    latest observation (l) and the target. The change needed per year from
    the latest value, the change per year achieved since the baseline, and the
    first whole year after l in which the trend line reaches the goal (empty
    when it runs away from it, or reaches it only after NEVER_AFTER_YEAR); a goal
    already reached needs no change, and its year is l.
    """
    (b, x_b), (last, x_l), (t, x_t) = start, latest, end
    achieved = (x_l - x_b) / (last - b)
    if reached(better, x_l, x_t):
        return _outlook_columns(0.0, achieved, last)
    crossing = trend.year_reaching(x_t, better)
    if crossing is None or not crossing < NEVER_AFTER_YEAR:
        return _outlook_columns((x_t - x_l) / (t - last), achieved, None)
    year = max(math.ceil(crossing - 1e-9), last + 1)
    return _outlook_columns((x_t - x_l) / (t - last), achieved, year)


def _outlook_columns(required, achieved, year) -> ProgressRow:
    return {
        "required_annual_change": required,
        "achieved_annual_change": achieved,
        "reached_year": year,
    }


def _population_scale(target, series_of, population_indicator) -> float | None:
    """The geography's share of the national population in the baseline year;
    baseline_problems makes sure both are in the data."""
    if "scale_from" not in target["target"]:
        return None
    year = target["baseline"]["year"]
    local, national = (
        series_of(population_indicator, geography).value_in(year)
        for geography in (target["geography"], NATIONAL)
    )
    if national <= 0:
        raise ProgressError(
            f"mål {target['id']!r}: befolkningstallet ({population_indicator}) for "
            f"hele landet ({NATIONAL}) i basisåret {year} er {national}; "
            "scale_from kræver et positivt tal."
        )
    return local / national


def _hidden(table: pd.DataFrame) -> pd.Series:
    if "small_numbers" not in table:
        return pd.Series(False, index=table.index)
    return table["small_numbers"].eq(True)


def _scaled_last(targets: list[Target]) -> list[Target]:
    return sorted(targets, key=lambda t: "scale_from" in t["target"])


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan
