"""Deliver: the progress of one municipality's report as an Excel workbook.

Inputs: the progress tables of the geographies the report shows and the
municipality list. Params: the report's Fokusområder (names and target ids), its targets,
the catalogue, the small-count threshold and the report date. Output:
results/<code>/maalopfoelgning.xlsx (one sheet per Fokusområde), written
atomically.
"""

import pandas as pd

from budgetmaal.disclosure import SmallCounts, register_count_indicators
from budgetmaal.geography import load_geographies
from budgetmaal.outputs import atomic_path, setup_logging
from budgetmaal.provenance import report_date
from budgetmaal.tables import read_progress
from budgetmaal.workbook import workbook_sheets, write_workbook


def main(inputs, params, outputs, logs) -> None:
    log = setup_logging(logs[0])
    catalogue = params["catalogue"]
    sheets = workbook_sheets(
        pd.concat(map(read_progress, inputs["progress"]), ignore_index=True),
        params["focus_areas"],
        {i["id"]: i for i in catalogue["indicators"]},
        {t["id"]: t for t in params["targets"]},
        load_geographies(inputs["geography_list"]).names,
        SmallCounts(
            frozenset(register_count_indicators(catalogue)),
            params["small_count_threshold"],
        ),
    )
    with atomic_path(outputs["workbook"]) as temporary:
        write_workbook(sheets, temporary, report_date(params["report_date"]))
    log.info("skrev %s", outputs["workbook"])


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
