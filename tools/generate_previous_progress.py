"""Write the example «last year» progress table, data/previous/progress_2020_eksempel.csv.

Last year's report (Mål for Budget 2020) is imitated by the methodology run
on the data published up to 2018 and on last year's targets: this year's,
without the goals added since, with one goal whose value has since changed
and one goal since dropped (LAST_YEAR_CHANGES). Every row is marked
example_data, since the file is not a real earlier report. The columns are
those of results/progress.csv before the assessment columns existed, as a
file kept from an older version would be.

Run after `make report` (it reads results/indicators.csv):

    python tools/generate_previous_progress.py [--until 2018] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from budgetmaal.assessing.progress import PROGRESS_COLUMNS, compute_progress
from budgetmaal.assessing.tables import read_indicator_table
from budgetmaal.shared.catalogue import Catalogue
from budgetmaal.shared.outputs import write_csv

REPO = Path(__file__).resolve().parents[1]
# Targets added since last year, last year's value of a changed goal, and a
# goal dropped since.
NEW_SINCE = {"hjemloese_657_2030"}
CHANGED_VALUE = {"stofbehandling_657": 45}
DROPPED = {
    "id": "forsorgshjem_ophold_657",
    "indicator": "forsorgshjem_over_120_dage",
    "geography": "657",
    "baseline": {"year": 2014},
    "target": {"direction": "decrease"},
}
OLD_COLUMNS = PROGRESS_COLUMNS[: PROGRESS_COLUMNS.index("met_at_baseline") + 1]


def last_years_targets(targets: list[dict]) -> list[dict]:
    """This year's targets as they stood last year (see the module docstring)."""
    kept = []
    for target in targets:
        if target["id"] in NEW_SINCE:
            continue
        old = {k: v for k, v in target.items() if k != "assessment"}
        if target["id"] in CHANGED_VALUE:
            old["target"] = old["target"] | {"value": CHANGED_VALUE[target["id"]]}
        kept.append(old)
    return [*kept, DROPPED]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--until", type=int, default=2018)
    parser.add_argument(
        "--out", type=Path, default=REPO / "data/previous/progress_2020_eksempel.csv"
    )
    arguments = parser.parse_args()
    config = yaml.safe_load((REPO / "config/config.yaml").read_text(encoding="utf-8"))
    catalogue = Catalogue.from_document(
        yaml.safe_load((REPO / config["indicators"]).read_text(encoding="utf-8"))
    )
    targets = yaml.safe_load((REPO / config["targets"]).read_text(encoding="utf-8"))
    table = read_indicator_table(REPO / "results/indicators.csv")
    progress = compute_progress(
        last_years_targets(targets["targets"]),
        catalogue.indicators,
        table[table["year"] <= arguments.until],
        config["population_indicator"],
    )
    write_csv(arguments.out, progress[OLD_COLUMNS].assign(example_data=True))
    print(f"wrote {arguments.out} ({len(progress)} targets)")


if __name__ == "__main__":
    main()
