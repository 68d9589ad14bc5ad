"""A changed input is re-read even when its modification time went back.

`cp -p`, `rsync -t`, `unzip` and restores from backup give a file with new
content an old mtime, which Snakemake's mtime check alone does not notice.
Each case is a real run: change the content, set the mtime to 2001, and see
that exactly the jobs depending on the file are planned, and that the new
content reaches the report.
"""

from __future__ import annotations

import hashlib
import os

from conftest import planned_outputs, run_snakemake
from pdf_text import flat_text

OLD_MTIME_NS = 978_307_200 * 10**9  # 2001-01-01


def _rewrite_with_old_mtime(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(OLD_MTIME_NS, OLD_MTIME_NS))


def _render_outputs(*kommuner: str) -> set[str]:
    """A municipality's report job: its progress and charts, and the report."""
    return {
        path
        for k in kommuner
        for path in (
            f"results/progress/{k}.csv",
            f"results/figures/{k}",
            f"reports/{k}/budgetmaal_2021.pdf",
            f"reports/{k}/budgetmaal_2021.html",
            f"results/{k}/maalopfoelgning.xlsx",
        )
    }


def test_changed_inputs_with_old_mtimes_rebuild_their_dependents(finished_copy):
    definition = finished_copy / "config/reports/320.yaml"
    _rewrite_with_old_mtime(definition, "Færre unge ender", "Færre unge havner")
    assert planned_outputs(finished_copy) == _render_outputs("320") | {"site"}

    template = finished_copy / "reports/templates/style.css"
    _rewrite_with_old_mtime(
        template,
        "{",
        "{ /* changed */",
    )
    assert planned_outputs(finished_copy) == _render_outputs("320", "657") | {"site"}

    methodology = finished_copy / "docs/metode_da.md"
    text = methodology.read_text(encoding="utf-8")
    _rewrite_with_old_mtime(methodology, text[:40], text[:40] + " ")
    assert planned_outputs(finished_copy) == _render_outputs("320", "657") | {"site"}

    assert run_snakemake(finished_copy).returncode == 0
    assert "Færre unge havner" in flat_text(
        finished_copy / "reports/320/budgetmaal_2021.pdf"
    )
    assert planned_outputs(finished_copy) == set()


def test_changed_raw_extract_with_old_mtime_reaches_the_report(finished_copy):
    pdf = finished_copy / "reports/657/budgetmaal_2021.pdf"
    assert "5.789" in flat_text(pdf)

    extract = finished_copy / "data/raw/hjemloese_vive.csv"
    _rewrite_with_old_mtime(extract, "Hele landet;2022;5789", "Hele landet;2022;5432")
    planned = planned_outputs(finished_copy)
    assert {"results/indicators.csv", "results/progress/000.csv"} <= planned
    assert _render_outputs("320", "657") <= planned

    result = run_snakemake(finished_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    text = flat_text(pdf)
    assert "5.432" in text and "5.789" not in text
    digest = hashlib.sha256(extract.read_bytes()).hexdigest()
    assert digest in text.replace(" ", "")
    assert planned_outputs(finished_copy) == set()
