"""Readers for the pipeline's own intermediate tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from budgetmaal.assessing.year_on_year import previous_problems
from budgetmaal.shared.problems import ConfigError, Problem, stop_on_config_problems
from budgetmaal.shared.safe_text import from_spreadsheet_frame


def read_indicator_table(path: str | Path) -> pd.DataFrame:
    """results/indicators.csv with geography kept as a 3-digit string and
    small_numbers as booleans."""
    table = pd.read_csv(
        path,
        dtype={"geography": str, "source_line": str, "note": str, "year": int},
        keep_default_na=False,
        na_values={"value": [""]},
    )
    hidden = table.get("small_numbers", False)
    table = table.assign(small_numbers=pd.Series(hidden, index=table.index).eq(True))
    return from_spreadsheet_frame(table)


def read_progress(path: str | Path) -> pd.DataFrame:
    """A progress table (results/progress/<geography>.csv, or the gathered
    results/progress.csv) with geography kept as a 3-digit string."""
    return from_spreadsheet_frame(pd.read_csv(path, dtype={"geography": str}))


def read_previous_progress(path: str | Path) -> pd.DataFrame:
    """Last year's results/progress.csv (config previous_progress), checked
    for what the comparison needs; ConfigError naming the file and the fix."""
    file = str(path)
    try:
        previous = read_progress(path)
    except FileNotFoundError:
        message = (
            "filen findes ikke. Ret: ret previous_progress i config/config.yaml, "
            "eller fjern nøglen for at lave rapporten uden sammenligning"
        )
        raise ConfigError(file, [Problem(file, message=message)]) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        message = (
            f"kan ikke læses som en CSV-fil i UTF-8 ({error}). Ret: peg "
            "previous_progress på sidste års results/progress.csv"
        )
        raise ConfigError(file, [Problem(file, message=message)]) from None
    stop_on_config_problems(file, previous_problems(previous, file))
    return previous
