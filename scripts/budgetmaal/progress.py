"""Progress toward targets: the methodology of docs/methodology.md, exactly."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

PROGRESS_COLUMNS = [
    "target_id",
    "indicator_id",
    "geography",
    "unit",
    "better",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "latest_year",
    "latest_value",
    "progress_pct",
    "expected_pct",
    "pace_ratio",
    "projected_value",
    "significant",
    "status",
    "status_da",
    "target_form",
    "path",
    "example_data",
    "small_numbers",
    "met_at_baseline",
]
STATUS_DA = {
    "achieved": "Nået",
    "missed": "Ikke nået",
    "on_track": "På rette spor",
    "moderate": "Moderat fremgang",
    "insufficient": "Utilstrækkelig fremgang",
    "away": "Bevæger sig væk fra målet",
    "improving": "Fremgang",
    "worsening": "Tilbagegang",
    "unchanged": "Uændret",
    "no_data": "Mangler data",
    "too_uncertain": "For usikkert (små tal)",
}
TARGET_FORMS = ("value", "change_pct", "scale_from", "direction")
PATHS = ("linear", "compound")
DIRECTIONS = ("increase", "decrease")
BETTER = ("lower", "higher")
ON_TRACK, MODERATE = 0.95, 0.6
Z_95 = 1.96


class ProgressError(Exception):
    """A target cannot be assessed as configured; names the target and the fix."""


def compute_progress(
    targets: list[Mapping],
    indicators: Mapping[str, Mapping],
    table: pd.DataFrame,
    population_indicator: str,
) -> pd.DataFrame:
    """One row per target with the columns of PROGRESS_COLUMNS.

    ``indicators`` maps indicator id to its catalogue entry; ``table`` is
    the tidy indicator table (indicator_id, geography, year, value, ...,
    small_numbers). A target whose baseline or latest value is hidden as a
    small number is too uncertain to assess (docs/methodology.md).
    """
    observed = observed_rows(table)
    by_id = {t["id"]: t for t in targets}
    target_values = {}
    rows = []
    for target in _scaled_last(targets):
        _check_target(target, indicators)
        better, problems = better_direction(target, indicators, by_id)
        if problems:
            raise ProgressError(f"mål {target['id']!r}: {problems[0]}")
        indicator = indicators[target["indicator"]]
        series = series_for(observed, target["indicator"], target["geography"])
        baseline = baseline_value(target, series)
        scale = _population_scale(target, observed, population_indicator)
        try:
            value = target_value(target["target"], baseline, target_values, scale)
        except ProgressError as error:
            raise ProgressError(f"mål {target['id']!r}: {error}") from None
        target_values[target["id"]] = value
        rows.append(assess(target, indicator, series, baseline, value, better))
    order = {t["id"]: i for i, t in enumerate(targets)}
    rows.sort(key=lambda r: order[r["target_id"]])
    frame = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    years = ["baseline_year", "target_year", "latest_year"]
    return frame.astype(dict.fromkeys(years, "Int64"))


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
    return selected.sort_values("year")[
        ["year", "value", "example_data", "small_numbers"]
    ]


def baseline_value(target: Mapping, series: pd.DataFrame) -> float:
    """The given baseline value, else the observation in the baseline year
    (NaN where it is hidden as a small number)."""
    baseline = target["baseline"]
    if "value" in baseline:
        return float(baseline["value"])
    match = series[series["year"] == baseline["year"]]
    if match.empty:
        years = ", ".join(str(y) for y in series["year"]) or "ingen"
        raise ProgressError(
            f"mål {target['id']!r}: ingen værdi for {target['indicator']} i geografi "
            f"{target['geography']} i basisåret {baseline['year']} (år med data: {years}). "
            "Ret baseline.year i config/targets.yaml, eller angiv baseline.value."
        )
    return float(match["value"].iloc[0])


def target_value(
    spec: Mapping, baseline: float, known: Mapping[str, float], scale: float | None
) -> float | None:
    """x_t from value, change_pct or a scaled national target; None if directional."""
    if "value" in spec:
        return float(spec["value"])
    if "change_pct" in spec:
        return baseline * (1 + spec["change_pct"] / 100)
    if "scale_from" in spec:
        source = known.get(spec["scale_from"])
        if source is None:
            raise ProgressError(
                f"scale_from: {spec['scale_from']!r} er ikke et landsmål med value "
                "eller change_pct i samme kørsel"
            )
        return source * scale
    return None


def better_direction(
    target: Mapping, indicators: Mapping[str, Mapping], targets: Mapping[str, Mapping]
) -> tuple[str | None, list[str]]:
    """The better direction a target declares (docs/methodology.md, section 3),
    never inferred from the numbers; or the problems that make it ambiguous.

    ``targets`` maps target id to target, for the one a ``scale_from`` scales.
    """
    spec = target["target"]
    stated, problems = _stated_better(target)
    implied, source = None, None
    if "direction" in spec:
        implied = "higher" if spec["direction"] == "increase" else "lower"
        source = f"direction: {spec['direction']}"
    elif "scale_from" in spec and spec["scale_from"] in targets:
        scaled = targets[spec["scale_from"]]
        implied, _ = better_direction(scaled, indicators, targets)
        source = (
            f"landsmålet {scaled['id']!r}, som målet omregnes fra (better: {implied})"
        )
    elif spec.get("change_pct"):
        implied = "lower" if spec["change_pct"] < 0 else "higher"
        source = f"change_pct: {spec['change_pct']:g} ({_CHANGE_DA[implied]})"
    if stated and implied and stated != implied:
        problems.append(
            f"better: {stated} modsiger {source}; ret fortegnet eller better, "
            "så de siger det samme"
        )
    catalogue = indicators.get(target["indicator"], {}).get("better")
    if "change_pct" in spec and implied and not stated and catalogue != implied:
        problems.append(
            f"change_pct: {spec['change_pct']:g} er {_CHANGE_DA[implied]}, men "
            f"indikatoren {target['indicator']!r} har better: {catalogue} i "
            "indikatorkataloget; ret fortegnet, eller skriv better: "
            f"{implied} på målet, hvis {_CHANGE_DA[implied]} virkelig er målet"
        )
    if problems:
        return None, problems
    return implied or stated or catalogue, []


def reached(better: str, value: float, goal: float) -> bool:
    """Is ``value`` at or beyond ``goal`` in the better direction?"""
    return value <= goal if better == "lower" else value >= goal


def assess(
    target: Mapping,
    indicator: Mapping,
    series: pd.DataFrame,
    baseline: float,
    goal: float | None,
    better: str,
) -> dict:
    """All progress measures and the status of one target."""
    b = target["baseline"]["year"]
    t = target["target"].get("year")
    baseline_hidden = math.isnan(baseline)
    met_at_baseline = goal is not None and reached(better, baseline, goal)
    window = series[(series["year"] > b) & ((series["year"] <= t) if t else True)]
    row = {
        "target_id": target["id"],
        "indicator_id": target["indicator"],
        "geography": target["geography"],
        "unit": indicator["unit"],
        "better": better,
        "baseline_year": b,
        "baseline_value": baseline,
        "target_year": t,
        "target_value": goal,
        "target_form": _target_form(target),
        "path": target.get("path", "linear"),
        "example_data": bool(window["example_data"].any()) if len(window) else False,
        "small_numbers": baseline_hidden,
        "met_at_baseline": None if baseline_hidden else met_at_baseline,
    }
    if window.empty:
        return row | {"status": "no_data", "status_da": STATUS_DA["no_data"]}
    latest, x_l = int(window["year"].iloc[-1]), float(window["value"].iloc[-1])
    if baseline_hidden or math.isnan(x_l):
        # Every measure would let a reader work a hidden value back.
        return row | {
            "latest_year": latest,
            "latest_value": x_l,
            "small_numbers": True,
            "status": "too_uncertain",
            "status_da": STATUS_DA["too_uncertain"],
        }
    window = window[~window["small_numbers"]]
    significant = significant_change(indicator["unit"], baseline, x_l)
    row |= {"latest_year": latest, "latest_value": x_l, "significant": significant}
    if goal is None:
        status = directional_status(better, baseline, x_l, significant)
        return row | {"status": status, "status_da": STATUS_DA[status]}
    projected = projected_value(b, baseline, window[window["year"] <= latest], t)
    if met_at_baseline:
        # Nothing to cover: the goal is to hold the level (methodology, section 5).
        status = numeric_status(better, x_l, goal, latest == t, math.nan)
        return row | {
            "projected_value": projected,
            "status": status,
            "status_da": STATUS_DA[status],
        }
    if row["path"] == "compound" and min(baseline, x_l, goal) <= 0:
        raise ProgressError(
            f"mål {target['id']!r}: path: compound kræver positive værdier (basis "
            f"{baseline}, seneste {x_l}, mål {goal}). Brug path: linear."
        )
    progress = _ratio(100 * (x_l - baseline), goal - baseline)
    expected = 100 * (latest - b) / (t - b)
    pace = pace_ratio(
        row["path"], baseline, x_l, goal, latest - b, t - b, progress, expected
    )
    status = numeric_status(better, x_l, goal, latest == t, pace)
    return row | {
        "progress_pct": progress,
        "expected_pct": expected,
        "pace_ratio": pace,
        "projected_value": projected,
        "status": status,
        "status_da": STATUS_DA[status],
    }


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


def projected_value(b: int, x_b: float, window: pd.DataFrame, t: int) -> float:
    """Least-squares line through (b, x_b) and the observations, evaluated at t."""
    # Years counted from the baseline keep the fit well conditioned.
    years = np.array([0, *(window["year"] - b)], dtype=float)
    values = np.array([x_b, *window["value"]], dtype=float)
    slope, intercept = np.polyfit(years, values, 1)
    return float(slope * (t - b) + intercept)


_CHANGE_DA = {"lower": "et fald", "higher": "en stigning"}


def _stated_better(target: Mapping) -> tuple[str | None, list[str]]:
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


def _population_scale(target, observed, population_indicator) -> float | None:
    if "scale_from" not in target["target"]:
        return None
    year = target["baseline"]["year"]
    populations = []
    for geography in (target["geography"], "000"):
        series = series_for(observed, population_indicator, geography)
        match = series[series["year"] == year]
        if match.empty:
            raise ProgressError(
                f"mål {target['id']!r}: scale_from kræver befolkningstallet "
                f"({population_indicator}) for geografi {geography} i basisåret {year}. "
                "Tilføj det til befolkningsudtrækket, eller ret baseline.year."
            )
        populations.append(float(match["value"].iloc[0]))
    if populations[1] <= 0:
        raise ProgressError(
            f"mål {target['id']!r}: befolkningstallet ({population_indicator}) for "
            f"hele landet (000) i basisåret {year} er {populations[1]}; "
            "scale_from kræver et positivt tal."
        )
    return populations[0] / populations[1]


def _target_form(target: Mapping) -> str:
    forms = [f for f in TARGET_FORMS if f in target["target"]]
    if len(forms) != 1:
        raise ProgressError(
            f"mål {target['id']!r}: target skal have præcis én af "
            f"{', '.join(TARGET_FORMS)}; fandt {', '.join(forms) or 'ingen'}. "
            "Ret config/targets.yaml."
        )
    return forms[0]


def _check_target(target: Mapping, indicators: Mapping[str, Mapping]) -> None:
    """Config errors that would otherwise give a wrong number, not a message."""
    form = _target_form(target)
    if target["indicator"] not in indicators:
        raise ProgressError(
            f"mål {target['id']!r}: ukendt indikator {target['indicator']!r}; "
            "tilføj den i config/indicators.yaml eller ret id'et."
        )
    if form == "direction" and target["target"]["direction"] not in DIRECTIONS:
        raise ProgressError(
            f"mål {target['id']!r}: direction skal være increase eller decrease, "
            f"ikke {target['target']['direction']!r}."
        )
    if form != "direction" and "year" not in target["target"]:
        raise ProgressError(
            f"mål {target['id']!r}: target.year mangler; angiv målåret, fx year: 2020."
        )
    if form != "direction" and target["target"]["year"] <= target["baseline"]["year"]:
        raise ProgressError(
            f"mål {target['id']!r}: target.year skal ligge efter baseline.year."
        )
    if target.get("path", "linear") not in PATHS:
        raise ProgressError(
            f"mål {target['id']!r}: path skal være linear eller compound, "
            f"ikke {target['path']!r}."
        )


def _hidden(table: pd.DataFrame) -> pd.Series:
    if "small_numbers" not in table:
        return pd.Series(False, index=table.index)
    return table["small_numbers"].eq(True)


def _scaled_last(targets: list[Mapping]) -> list[Mapping]:
    return sorted(targets, key=lambda t: "scale_from" in t["target"])


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan
