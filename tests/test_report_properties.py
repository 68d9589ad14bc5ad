"""Report properties that need real runs: byte-reproducible, safe with hostile
text, fonts embedded."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml
from conftest import copy_workflow, run_snakemake
from pdf_text import page_texts
from pypdf import PdfReader

PDF = "reports/657/budgetmaal_2021.pdf"
HOSTILE_NAME = "<img src=file:///etc/passwd> Antal hjemløse"
HOSTILE_TEXT = (
    '<script>alert(1)</script> <img src="file:///etc/passwd"> '
    "<style>body { background: url(http://127.0.0.1:9/x.png) }</style>"
)


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_runs_from_the_same_inputs_give_identical_bytes_warm_or_cold(
    sample_run, tmp_path
):
    """The sample run's jobs ran in the warm helper; the second run starts a
    process per job (warm_helper: false). Every report and result is the same
    bytes."""
    helper_log = (sample_run / "logs/warm_helper.log").read_text(encoding="utf-8")
    for script in ("render_report.py", "assess_geography.py"):
        assert re.search(rf"\.{script} i proces \d+", helper_log), helper_log
    second = copy_workflow(tmp_path / "second")
    assert run_snakemake(second, "--config", "warm_helper=false").returncode == 0
    assert not (second / "logs/warm_helper.log").exists()
    made = sorted(
        path.relative_to(sample_run)
        for folder in ("reports/320", "reports/657", "results")
        for path in (sample_run / folder).rglob("*")
        if path.is_file() and path.name != ".snakemake_timestamp"
    )
    assert Path(PDF) in made and len(made) > 20
    for path in made:
        assert _sha256(second / path) == _sha256(sample_run / path), path


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(workflow_copy):
    catalogue_path = workflow_copy / "config/indicators.yaml"
    catalogue = yaml.safe_load(catalogue_path.read_text(encoding="utf-8"))
    next(i for i in catalogue["indicators"] if i["id"] == "hjemloese")["name"] = (
        HOSTILE_NAME
    )
    catalogue_path.write_text(
        yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8"
    )
    definition_path = workflow_copy / "config/reports/657.yaml"
    definition = yaml.safe_load(definition_path.read_text(encoding="utf-8"))
    definition["focus_areas"][0]["challenge"] = HOSTILE_TEXT
    definition_path.write_text(
        yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8"
    )

    result = run_snakemake(workflow_copy, PDF)

    assert result.returncode == 0, result.stderr[-3000:]
    text = "\n".join(page_texts(workflow_copy / PDF))
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat
    assert '<img src="file:///etc/passwd">' in flat
    assert "url(http://127.0.0.1:9/x.png)" in flat
    assert "root:x:0:0" not in text
    log = (workflow_copy / "logs/render_report/657.log").read_text(encoding="utf-8")
    assert "afviste" not in log


def test_fonts_are_embedded(sample_run):
    reader = PdfReader(sample_run / PDF)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


def test_only_the_shipped_fonts_are_used(sample_run):
    """Every font comes from reports/templates/fonts, none from the machine."""
    reader = PdfReader(sample_run / PDF)
    families = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    # "DejaVu-Sans" is the chart text, mapped to the shipped file in style.css.
    assert families <= {"Rapport", "Rapport-Bold", "Rapport-Mono", "DejaVu-Sans"}
