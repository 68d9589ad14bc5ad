"""Choose the one series an indicator reads from a Statistikbanken table.

A table holds several series (by sex, age, area ...); the indicator's
``filter:`` picks one, matching labels in Danish or English and, in the
geography column, a code or a name. What is left must be one value per
geography and period: an unknown geography among the chosen rows, or a
variable the filter leaves open, is a problem whose fix names the spelling
or the filter that works.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import yaml

from budgetmaal.reading.statbank import READER_COLUMNS
from budgetmaal.shared.geography import Geographies
from budgetmaal.shared.problems import Problem

# Labels that mean the same in Danish and English downloads.
SAME_LABEL = {
    "total": "i alt",
    "men": "mænd",
    "women": "kvinder",
    "age, total": "alder i alt",
}
TOTAL_LABELS = ("i alt", "alder i alt")


def select_series(
    indicator: Mapping, source: Mapping, frame: pd.DataFrame, geographies: Geographies
) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of ``frame`` the indicator's filter selects, with known
    geographies and one value per geography and period; and the problems."""
    selected, problems = _apply_filter(indicator, source, frame, geographies)
    unknown = selected[selected["geography"].isna()]
    problems += [
        _unknown_geography(source, row, geographies) for _, row in unknown.iterrows()
    ]
    selected = selected.dropna(subset=["geography"])
    several = _several_series(indicator, source, selected)
    if several:
        return selected.iloc[0:0], problems + [several]
    return selected, problems


def label_columns(frame: pd.DataFrame) -> list[str]:
    """The file's own variables (not those the reader derives)."""
    return [c for c in frame.columns if c not in READER_COLUMNS]


def _apply_filter(indicator, source, frame, geographies):
    selected, problems = frame, []
    for column, wanted in (indicator.get("filter") or {}).items():
        if column not in frame.columns:
            problems.append(
                Problem(
                    file=source["path"],
                    line=1,
                    column=column,
                    expected=f"en kolonne {column!r} (filter for {indicator['id']!r})",
                    fix="ret filter: i config/indicators.yaml til en af kolonnerne "
                    + ", ".join(label_columns(frame)),
                )
            )
            return frame.iloc[0:0], problems
        match = selected[_matches(selected, column, str(wanted), geographies)]
        if match.empty:
            present = ", ".join(sorted(map(str, frame[column].unique()))[:10])
            problems.append(
                Problem(
                    file=source["path"],
                    column=column,
                    value=str(wanted),
                    expected=f"rækker med {column} = {wanted!r}; filen har {present}",
                    fix=f"ret filter: for {indicator['id']!r} i config/indicators.yaml",
                )
            )
        selected = match
    return selected, problems


def _matches(frame, column, wanted, geographies) -> pd.Series:
    """Rows whose label is ``wanted``, in Danish or English; in the geography
    column a code and a name of the same geography match too."""
    key = _label_key(wanted)
    hits = frame[column].map(lambda label: _label_key(str(label)) == key)
    if (frame[column] == frame["geography_label"]).all():
        code = geographies.code_for(wanted)
        hits |= frame["geography"].notna() & (frame["geography"] == code)
    return hits


def _label_key(label: str) -> str:
    key = label.strip().casefold()
    return SAME_LABEL.get(key, key)


def _unknown_geography(source, row, geographies) -> Problem:
    label = row["geography_label"]
    column = next(
        (c for c in row.index if c not in READER_COLUMNS and row[c] == label), None
    )
    return Problem(
        file=source["path"],
        line=int(row["line"]),
        column=column,
        value=label,
        expected="hele landet, en region, en landsdel, en kommune eller en anden "
        "geografi fra Danmarks Statistiks liste (data/reference/geografi.csv)",
        fix=_geography_fix(label, geographies),
    )


def _geography_fix(label: str, geographies) -> str:
    closest = geographies.closest_name(label)
    if closest:
        return f"ret stavningen til {closest!r}, som Danmarks Statistik skriver den"
    return "ret navnet eller koden til en fra data/reference/geografi.csv"


def _several_series(indicator, source, selected) -> Problem | None:
    """Several values for one geography and period: a variable the filter
    does not fix. Name it and the filter that picks one series."""
    keys = ["geography", "year", "period_kind", "period"]
    repeated = selected[selected.duplicated(keys, keep=False)]
    if repeated.empty:
        return None
    varying = [
        c
        for c in label_columns(selected)
        if not (repeated[c] == repeated["geography_label"]).all()
        and repeated.groupby(keys)[c].nunique().max() > 1
    ]
    if not varying:
        return None
    suggestion = {c: _suggested_label(repeated[c]) for c in varying}
    written = yaml.safe_dump(
        suggestion, default_flow_style=True, allow_unicode=True, width=10_000
    ).strip()
    first = repeated.iloc[0]
    return Problem(
        file=source["path"],
        line=int(first["line"]),
        column=", ".join(varying),
        value=f"{len(repeated)} rækker for {first['geography']} {first['time_text']} "
        "m.fl.",
        expected=f"én række pr. geografi og periode; {', '.join(varying)} deler "
        "tallene op i flere serier",
        fix=f"vælg én serie med filter: {written} for {indicator['id']!r} i "
        "config/indicators.yaml (eller en anden af værdierne "
        + "; ".join(f"{c}: {', '.join(sorted(set(repeated[c])))[:80]}" for c in varying)
        + ")",
    )


def _suggested_label(labels: pd.Series) -> str:
    """A total if the variable has one, else its first label."""
    present = list(dict.fromkeys(labels))
    totals = [label for label in present if _label_key(label) in TOTAL_LABELS]
    return (totals or present)[0]
