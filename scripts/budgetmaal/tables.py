"""Readers for the pipeline's own intermediate tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from budgetmaal.safe_text import from_spreadsheet_frame


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
