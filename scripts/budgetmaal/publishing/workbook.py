"""The progress table as an Excel workbook for analysts, one sheet per Fokusområde.

Cells hold numbers, not text, so analysts can compute with them; the number
formats carry the Danish locale tag, so Excel shows "1.234,5" whatever the
reader's settings. Values hidden as small numbers are text ("under 5"), as
in the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from budgetmaal.assessing.year_on_year import by_target, last_year_view
from budgetmaal.reading.disclosure import (
    SmallCounts,
    hidden_values,
    shown_met_at_baseline,
)
from budgetmaal.shared.formatting import is_missing
from budgetmaal.shared.safe_text import is_formula_like
from budgetmaal.shared.vocabulary import TARGET_FORMS, UNITS

DANISH = "[$-406]"
INTEGER = DANISH + "#,##0"
ONE_DECIMAL = DANISH + "#,##0.0"
TWO_DECIMALS = DANISH + "0.00"
YEAR = "0"


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    number_format: str | None = None


def _column_table(table: str) -> list[Column]:
    """Columns from lines of «header | width in characters | number format»."""
    formats = {
        "": None,
        "year": YEAR,
        "one decimal": ONE_DECIMAL,
        "two decimals": TWO_DECIMALS,
    }
    cells = (map(str.strip, line.split("|")) for line in table.strip().splitlines())
    return [Column(header, int(width), formats[form]) for header, width, form in cells]


COLUMNS = _column_table(
    """
Mål-id                            | 26 |
Indikator                         | 40 |
Geografi                          | 18 |
Enhed                             |  8 |
Basisår                           |  9 | year
Basisværdi                        | 12 | one decimal
Målår                             |  8 | year
Målværdi                          | 12 | one decimal
Seneste år                        | 11 | year
Seneste værdi                     | 14 | one decimal
Fremdrift (pct.)                  | 16 | one decimal
Forventet fremdrift (pct.)        | 16 | one decimal
Tempo (faktisk/krævet)            | 14 | two decimals
Fremskrevet værdi i målåret       | 16 | one decimal
Status                            | 24 |
Vurderet status (forvaltningen)   | 24 |
Begrundelse for vurderet status   | 50 |
Forvaltningens kommentar          | 50 |
Nået allerede i basisåret         | 13 |
Eksempeldata                      | 13 |
Beregning                         | 60 |
Krævet ændring pr. år             | 14 | one decimal
Opnået ændring pr. år             | 14 | one decimal
Målet nås (år) i tendensens tempo | 14 | year
Status sidste år                  | 24 |
Ændring siden sidste år           | 20 |
Målet ændret siden sidste år      | 40 |
"""
)
HEADERS = [c.header for c in COLUMNS]
FORBIDDEN_IN_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def workbook_sheets(
    progress: pd.DataFrame,
    focus_areas: list[Mapping],
    indicators: Mapping[str, Mapping],
    targets: Mapping[str, Mapping],
    geography_names: Mapping[str, str],
    small_counts: SmallCounts,
    previous: pd.DataFrame | None = None,
) -> dict[str, list[list]]:
    """Sheet title -> rows (header first), one sheet per Fokusområde (a
    mapping with ``name`` and ``targets``) in the report's order;
    ``previous`` is last year's progress table, if config names one."""
    rows = {r["target_id"]: r for r in progress.to_dict("records")}
    last_year = by_target(previous)
    sheets: dict[str, list[list]] = {}
    for area in focus_areas:
        title = sheet_title(area["name"], sheets)
        sheets[title] = [HEADERS] + [
            target_row(
                rows[t],
                targets[t],
                indicators,
                geography_names,
                small_counts,
                last_year_view(rows[t], last_year),
            )
            for t in area["targets"]
        ]
    return sheets


def target_row(
    row: Mapping,
    target: Mapping,
    indicators: Mapping[str, Mapping],
    geography_names: Mapping[str, str],
    small_counts: SmallCounts,
    last_year: Mapping | None = None,
) -> list:
    """One target as cell values in the order of COLUMNS; ``last_year`` is
    year_on_year.last_year_view of its row of last year (None: no last-year table)."""
    hidden = hidden_values(row)

    def value(field: str):
        if field in hidden:
            return small_counts.show_field(row, field)
        return _cell(row[field])

    return [
        row["target_id"],
        target.get("name") or indicators[row["indicator_id"]]["name"],
        geography_names.get(row["geography"], row["geography"]),
        UNITS[row["unit"]].workbook_label,
        _cell(row["baseline_year"]),
        value("baseline_value"),
        _cell(row["target_year"]),
        value("target_value"),
        _cell(row["latest_year"]),
        value("latest_value"),
        _cell(row["progress_pct"]),
        _cell(row["expected_pct"]),
        _cell(row["pace_ratio"]),
        value("projected_value"),
        row["status_da"],
        *(_text(row.get(field)) for field in ASSESSMENT_FIELDS),
        {True: "Ja", False: "Nej", None: None}[shown_met_at_baseline(row)],
        "Ja" if row["example_data"] else "Nej",
        TARGET_FORMS[row["target_form"]].formula_da,
        *_outlook_cells(row),
        *_year_on_year_cells(last_year),
    ]


ASSESSMENT_FIELDS = ("assessed_status_da", "assessment_reason", "assessment_comment")


def _year_on_year_cells(last_year: Mapping | None) -> list:
    if last_year is None:
        return [None, None, None]
    return [
        last_year["status_da"],
        last_year["change_da"],
        last_year["goal_changes"] or None,
    ]


def _outlook_cells(row: Mapping) -> list:
    if is_missing(row.get("required_annual_change")):
        return [None, None, None]
    reached = row["reached_year"]
    return [
        _cell(row["required_annual_change"]),
        _cell(row["achieved_annual_change"]),
        "nås ikke" if is_missing(reached) else int(reached),
    ]


# Excel keeps at most this many characters in a cell (openpyxl cuts silently).
CELL_LIMIT = 32_767
CUT_NOTE = (
    " … (forkortet: en celle rummer højst 32.767 tegn; hele teksten står i rapporten)"
)


def _text(value) -> str | None:
    """A free text (an assessment) as a cell, cut with a note if too long."""
    if is_missing(value):
        return None
    text = str(value)
    return (
        text
        if len(text) <= CELL_LIMIT
        else text[: CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE
    )


def sheet_title(name: str, taken: Mapping[str, object]) -> str:
    """A valid, unique Excel sheet title (31 characters, no []:*?/\\, one line)."""
    one_line = " ".join(name.split())
    base = FORBIDDEN_IN_SHEET_TITLE.sub("-", one_line).strip("'") or "Fokusområde"
    base = base[:31].rstrip("'") or "Fokusområde"
    title, n = base, 2
    # Excel keeps "History" for itself and calls a workbook using it damaged.
    while title.casefold() in {t.casefold() for t in taken} | {"history"}:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def write_workbook(
    sheets: Mapping[str, list[list]], path: Path, created: date, title: str = ""
) -> None:
    """Write the sheets, each an Excel table named after its sheet, with a
    bold, frozen header row that a screen reader announces and print repeats.
    """
    book = Workbook()
    book.remove(book.active)
    for number, (sheet_name, rows) in enumerate(sheets.items(), start=1):
        sheet = book.create_sheet(sheet_name)
        for row in rows:
            sheet.append(row)
        _text_stays_text(sheet)
        _layout(sheet, len(rows))
        sheet.add_table(_table(table_name(sheet_name, number), len(rows)))
    moment = datetime.combine(created, time())
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "budgetmaal"
    book.properties.title = title or None
    book.properties.language = "da-DK"
    # Not book.save(): it stamps the time of saving as «modified» and on
    # every zip member; the same inputs give the same bytes.
    ExcelWriter(book, _StampedZip(path, moment)).save()


class _StampedZip(ZipFile):
    """A zip for writing whose members all carry one time, not the clock's."""

    def __init__(self, path: Path, moment: datetime):
        super().__init__(path, "w", ZIP_DEFLATED, allowZip64=True)
        self.date_time = moment.timetuple()[:6]

    def writestr(self, member, data, *args, **kwargs):
        if isinstance(member, str):
            member = ZipInfo(member, date_time=self.date_time)
            member.compress_type = ZIP_DEFLATED
            member.external_attr = 0o600 << 16  # as ZipFile gives a name
        super().writestr(member, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        """A file (openpyxl writes each sheet to a temporary one first)."""
        self.writestr(arcname or str(filename), Path(filename).read_bytes())


def table_name(sheet_name: str, number: int) -> str:
    """An Excel table name from a sheet title: letters, digits and _ only,
    numbered so that it is unique and never reads as a cell reference."""
    words = re.findall(r"\w+", sheet_name)
    return f"T{number}_" + "_".join(words)[:200]


def _table(name: str, n_rows: int) -> Table:
    reference = f"A1:{get_column_letter(len(COLUMNS))}{max(n_rows, 2)}"
    table = Table(displayName=name, ref=reference, headerRowCount=1)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    return table


def _text_stays_text(sheet) -> None:
    """openpyxl stores a string that starts with '=' as a formula; names and
    texts come from config and data, so they are kept as plain text. Text
    Excel would read as a formula (=, +, -, @ …) is marked as text, as a
    typed apostrophe does, so editing the cell does not make it one."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.quotePrefix = True


def _layout(sheet, n_rows: int) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.cell(1, index).font = Font(bold=True)
        sheet.cell(1, index).alignment = Alignment(wrap_text=True, vertical="top")
        for row in range(2, n_rows + 1):
            cell = sheet.cell(row, index)
            if column.number_format and isinstance(cell.value, int | float):
                cell.number_format = _format(column, cell.value)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"


def _format(column: Column, value: int | float) -> str:
    """Whole numbers without decimals (counts, years); others as the column says."""
    if isinstance(value, int) and column.number_format != YEAR:
        return INTEGER
    return column.number_format


def _cell(value):
    """None for missing, int for whole numbers, float otherwise."""
    if is_missing(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number
