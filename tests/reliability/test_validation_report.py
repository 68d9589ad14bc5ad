"""The validation report: every problem of every raw file in one place; errors
stop the run after the report, warnings let it go on into the PDF."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import run_snakemake
from pdf_text import flat_text


class _Cells(HTMLParser):
    """The text of every table cell, row by row."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(html)
    return [row for row in parser.rows if row]


def test_errors_in_two_files_are_all_listed_and_stop_the_run(workflow_copy):
    vive = workflow_copy / "data/raw/hjemloese_vive.csv"
    vive.write_bytes(vive.read_bytes() + b"Hernning;2019;100\n")
    stays = workflow_copy / "data/raw/herning_forsorgshjem_eksempel.csv"
    lines = stays.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    broken = lines[1].split(";")
    broken[header.index("birth_year")] = "19x5"
    stays.write_text("\n".join([lines[0], ";".join(broken), *lines[2:]]) + "\n")

    result = run_snakemake(workflow_copy)

    assert result.returncode != 0
    assert re.search(r"\d+ fejl", result.stdout + result.stderr)
    html = (workflow_copy / "results/validation.html").read_text(encoding="utf-8")
    cells = [" ".join(row) for row in _rows(html)]
    assert any("hjemloese_vive.csv" in r and "Hernning" in r for r in cells)
    assert any("herning_forsorgshjem_eksempel.csv" in r and "19x5" in r for r in cells)
    assert not (workflow_copy / "reports/657").exists()


def test_warnings_are_in_the_validation_report_and_the_pdf_appendix(sample_run):
    html = (sample_run / "results/validation.html").read_text(encoding="utf-8")
    header, *rows = _rows(html)
    # the first table lists problems; the second how each file was read
    problems = [dict(zip(header, row, strict=True)) for row in rows if len(row) == 7]
    readings = [row for row in rows if len(row) == 5]
    assert ["Kilde", "Fil", "Layout", "Geografi", "Udeladt"] in readings
    assert any(
        row[1] == "data/raw/nationale_noegletal.csv"
        and row[3] == "geografi fra kolonnen OMRÅDE"
        for row in readings
    )
    not_published = [p for p in problems if p["Værdi"] == ".."]
    assert not_published, "the sample data has a '..' value; it must be reported"
    assert not_published[0]["Alvor"] == "Advarsel"
    assert not_published[0]["Fil"] == "data/raw/faxe_noegletal_eksempel.csv"
    assert (not_published[0]["Linje"], not_published[0]["Kolonne"]) == ("15", "INDHOLD")
    text = flat_text(sample_run / "reports/320/budgetmaal_2021.pdf")
    assert "Advarsler fra indlæsningen" in text
    assert "faxe_noegletal_eksempel.csv, linje 15, kolonne INDHOLD" in text
