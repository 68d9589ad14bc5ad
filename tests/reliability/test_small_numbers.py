"""Register counts below the threshold never reach the PDF or its charts exactly.

The sample Herning shelter extract gives 7, 6, 5 and 7 young persons in
2019–2022; with the threshold raised to 8 every one of them is small. (The
intruder test, test_intruder.py, covers shares and every kind of target.)
"""

from __future__ import annotations

import csv
import re

from conftest import run_snakemake
from pdf_text import flat_text

TARGET = "forsorgshjem_unge_657"


def test_small_counts_are_hidden_and_not_assessed(workflow_copy):
    result = run_snakemake(workflow_copy, "--config", "small_count_threshold=8")
    assert result.returncode == 0, result.stderr[-3000:]

    with open(workflow_copy / "results/progress.csv", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["target_id"] == TARGET)
    # Hidden where the values are made: not even the published tables hold them.
    assert (row["latest_value"], row["small_numbers"]) == ("", "True")
    assert (row["baseline_value"], row["latest_year"]) == ("17.0", "2020")
    assert (row["status"], row["status_da"]) == (
        "too_uncertain",
        "For usikkert (små tal)",
    )
    assert row["progress_pct"] == row["projected_value"] == ""

    text = flat_text(workflow_copy / "reports/657/budgetmaal_2021.pdf")
    assert "under 8 (2020)" in text
    assert "til under 8 i 2020" in text and "Efter målåret: under 8 i 2022" in text
    assert not re.search(r"(?<![\d.,])[567] (\(20\d\d\)|i 20\d\d)", text)
    assert "For usikkert (små tal)" in text

    svg = (workflow_copy / f"results/figures/657/{TARGET}.svg").read_text("utf-8")
    assert "under 8 (vises ikke præcist)" in svg
