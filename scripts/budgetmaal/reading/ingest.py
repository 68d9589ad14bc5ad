"""Turn every declared raw extract into one tidy, validated indicator table."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from budgetmaal.reading import registers, statbank
from budgetmaal.reading.disclosure import DEFAULT_SMALL_COUNTS, SmallCounts
from budgetmaal.reading.series_checks import missing_year_warnings
from budgetmaal.reading.series_selection import select_series
from budgetmaal.shared.catalogue import Catalogue, Indicator, source_ids
from budgetmaal.shared.geography import Geographies
from budgetmaal.shared.problems import Problem
from budgetmaal.shared.vocabulary import UNITS

TIDY_COLUMNS = [
    "indicator_id",
    "geography",
    "year",
    "value",
    "source_id",
    "source_file",
    "source_line",
    "example_data",
    "note",
    "small_numbers",
]
IGNORED_RAW_FILES = {"MANIFEST.csv", "README.md"}


def build_indicator_table(
    catalogue: Mapping,
    raw_files: Mapping[str, bytes | None],
    geographies: Geographies,
    small_counts: SmallCounts = DEFAULT_SMALL_COUNTS,
) -> tuple[pd.DataFrame, list[Problem], dict[str, dict]]:
    """Build the tidy table for every indicator in the catalogue (config/
    indicators.yaml as read).

    ``raw_files`` maps each declared source path to its bytes (None if the
    file is missing). Register values that ``small_counts`` hides are left
    empty with ``small_numbers`` true. Returns the table, every
    problem found (errors and warnings; the table is only trustworthy when
    there are no errors), and how each source was read (layout, geography,
    rows left out), by id.
    """
    entries = Catalogue.from_document(catalogue)
    parsed, problems, readings = _parse_sources(entries, raw_files, geographies)
    tables = []
    for indicator in entries.indicators.values():
        for source_id in source_ids(indicator):
            if source_id in parsed:
                source = entries.sources[source_id]
                table, found = _indicator_rows(
                    indicator, source, parsed[source_id], geographies, small_counts
                )
                tables.append(table)
                problems += found
    tidy = _concatenated(tables)
    value_columns = {i: _value_column(s) for i, s in entries.sources.items()}
    problems += _check_duplicates(tidy, value_columns)
    problems += _check_units(tidy, entries.indicators, value_columns)
    problems += _missing_value_warnings(tidy, value_columns)
    problems += missing_year_warnings(tidy)
    tidy = tidy.sort_values(["indicator_id", "geography", "year"], ignore_index=True)
    return tidy[TIDY_COLUMNS], list(dict.fromkeys(problems)), readings


def _parse_sources(catalogue: Catalogue, raw_files, geographies):
    """Each present source parsed to a frame; problems; how each was read."""
    parsed, problems, readings = {}, [], {}
    for source in catalogue.sources.values():
        content = raw_files.get(source["path"])
        if content is None:
            problems.append(_missing_file(source))
            continue
        text = statbank.decode(content)
        frame, found, reading = _parse_source(source, text, geographies)
        parsed[source["id"]] = frame
        problems += found
        if reading:
            readings[source["id"]] = {"path": source["path"], **reading.as_dict()}
    return parsed, problems, readings


def _concatenated(tables: list[pd.DataFrame]) -> pd.DataFrame:
    tables = [t for t in tables if not t.empty]
    tidy = (
        pd.concat(tables, ignore_index=True)
        if tables
        else pd.DataFrame(columns=TIDY_COLUMNS)
    )
    tidy = tidy.astype({"year": "int64", "value": "float64"})
    return tidy.assign(small_numbers=tidy["small_numbers"].eq(True))


def find_undeclared_files(present: list[str], catalogue: Mapping) -> list[Problem]:
    """Raw files on disk that no source declares: probably a forgotten source."""
    declared = {s["path"] for s in catalogue["sources"]}
    return [
        Problem(
            file=path,
            expected="at hver fil i data/raw/ er erklæret som kilde",
            fix="tilføj filen under sources: i config/indicators.yaml, eller flyt den ud "
            "af data/raw/",
        )
        for path in sorted(present)
        if path not in declared and path.rsplit("/", 1)[-1] not in IGNORED_RAW_FILES
    ]


def _value_column(source: Mapping) -> str | None:
    """The column a tidy value came from; register values are derived."""
    if source["format"] != "statbank":
        return None
    return source.get("value", statbank.StatbankColumns.value)


def _missing_file(source: Mapping) -> Problem:
    return Problem(
        file=source["path"],
        expected=f"filen til kilden {source['id']!r}",
        fix="læg filen i data/raw/, eller ret path: for kilden i config/indicators.yaml",
    )


def _parse_source(source, text, geographies):
    if source["format"] == "statbank":
        columns = statbank.StatbankColumns(
            **{k: source[k] for k in ("geography", "time", "value") if k in source}
        )
        return statbank.read_statbank(text, source["path"], columns, geographies)
    frame, problems = registers.FORMATS[source["format"]].read(text, source["path"])
    code = geographies.code_for(str(source.get("geography", "")))
    where = f"{geographies.names[code]} ({code})" if code else "ukendt"
    reading = statbank.Reading(
        f"personregisterudtræk ({source['format']})",
        f"hele filen gælder {where}, som kilden angiver",
    )
    return frame, problems, reading


def _indicator_rows(indicator, source, frame, geographies, small_counts):
    if source["format"] == "statbank":
        rows, problems = _statbank_rows(indicator, source, frame, geographies)
    else:
        rows, problems = _register_rows(
            indicator, source, frame, geographies, small_counts
        )
    rows["indicator_id"] = indicator["id"]
    rows["source_id"] = source["id"]
    rows["source_file"] = source["path"]
    rows["example_data"] = bool(source.get("example_data", False))
    return rows.reindex(columns=TIDY_COLUMNS), problems


def _statbank_rows(indicator, source, frame, geographies):
    if frame.empty:
        # Nothing readable; the reasons are already reported by read_statbank.
        return pd.DataFrame(columns=TIDY_COLUMNS), []
    selected, problems = select_series(indicator, source, frame, geographies)
    if selected.empty:
        return pd.DataFrame(columns=TIDY_COLUMNS), problems
    selected = selected.assign(source_line=selected["line"].astype(str))
    selected["note"] = selected["value"].map(lambda v: ".." if math.isnan(v) else "")
    annual = selected[selected["period_kind"] == ""]
    sub_annual = selected[selected["period_kind"] != ""]
    if sub_annual.empty:
        return annual, problems
    rule = indicator.get("annual", source.get("annual"))
    time_column = source.get("time", statbank.StatbankColumns.time)
    if rule is None:
        first = sub_annual.iloc[0]
        problems.append(
            Problem(
                file=source["path"],
                line=int(first["line"]),
                column=time_column,
                value=str(first["time_text"]),
                expected="årstal, eller en regel for at samle perioder til år",
                fix=f"angiv annual: last, first, mean eller sum for indikatoren "
                f"{indicator['id']!r} i config/indicators.yaml",
            )
        )
        return annual, problems
    reduced, found = reduce_to_years(sub_annual, rule, source["path"], time_column)
    return pd.concat([annual, reduced], ignore_index=True), problems + found


def reduce_to_years(
    rows: pd.DataFrame, rule: str, file: str, time_column: str = "TID"
) -> tuple[pd.DataFrame, list]:
    """Reduce quarterly, monthly, weekly or half-yearly rows to one value a year.

    A year needs every period with a value (``last`` and ``first`` need
    only the final or first period); incomplete years are left out with a
    warning rather than reported as a partial sum or mean. A period given
    twice is an error, and its year is left out.
    """
    records, problems = [], []
    keys = ["geography", "year", "period_kind"]
    for (geography, year, kind), group in rows.groupby(keys, sort=True):
        reduced, found = _year_value(group, rule, file, time_column)
        problems += found
        if reduced is not None:
            value, lines = reduced
            records.append(
                {
                    "geography": geography,
                    "year": int(year),
                    "value": value,
                    "source_line": lines,
                    "note": f"{rule} af {kind}",
                }
            )
    return pd.DataFrame.from_records(records), problems


def _year_value(group: pd.DataFrame, rule: str, file: str, time_column: str):
    """(value, source lines) of one geography's year, or None; the problems."""
    group = group.sort_values(["period", "line"])
    repeated = group[group.duplicated("period", keep="first")]
    if not repeated.empty:
        return None, [
            _repeated_period(file, row, time_column) for _, row in repeated.iterrows()
        ]
    first = group.iloc[0]
    expected = statbank.periods_in_year(first["period_kind"], int(first["year"]))
    values = group.dropna(subset=["value"])
    chosen = _reduce(values, rule, expected)
    if chosen is not None:
        return chosen, []
    return None, [
        Problem(
            file=file,
            line=int(first["line"]),
            column=time_column,
            value=f"{first['year']}: {len(values)} af {expected} perioder med værdi",
            expected=f"alle perioder i året for reglen annual: {rule}",
            fix="året udelades; hent de manglende perioder, hvis året skal med",
            severity="warning",
            geography=str(first["geography"]),
        )
    ]


def _reduce(values: pd.DataFrame, rule: str, expected: int):
    periods = set(values["period"])
    if rule == "last":
        pick = values[values["period"] == expected]
    elif rule == "first":
        pick = values[values["period"] == 1]
    elif len(periods) == expected:
        pick = values
    else:
        return None
    if pick.empty:
        return None
    number = pick["value"].sum() if rule == "sum" else pick["value"].mean()
    lines = pick["line"].astype(int)
    span = str(lines.min()) if len(lines) == 1 else f"{lines.min()}-{lines.max()}"
    return float(number), span


def _repeated_period(file: str, row: pd.Series, time_column: str) -> Problem:
    return Problem(
        file=file,
        line=int(row["line"]),
        column=time_column,
        value=str(row["time_text"]),
        expected=f"én række pr. geografi og periode; {row['time_text']} for "
        f"{row['geography']} står flere gange",
        fix="fjern den gentagne række",
    )


def _register_rows(indicator, source, frame, geographies, small_counts):
    geography = geographies.code_for(str(source.get("geography", "")))
    if geography is None:
        return pd.DataFrame(columns=TIDY_COLUMNS), [
            Problem(
                file=source["path"],
                column="geography",
                value=str(source.get("geography", "")),
                expected=f"en kommunekode for kilden {source['id']!r}, fx '657'",
                fix='angiv geography: med kommunekoden, fx geography: "657", for '
                "kilden i config/indicators.yaml",
            )
        ]
    values = registers.derive(
        indicator["measure"],
        frame,
        source["format"],
        dict(indicator.get("parameters") or {}),
    )
    rows = pd.DataFrame(
        [_register_cell(v, small_counts) for v in values.values()],
        columns=["value", "note", "small_numbers"],
    ).assign(geography=geography, year=list(values), source_line="")
    return rows, []


def _register_cell(value, small_counts: SmallCounts) -> tuple[float, str, bool]:
    """(value, note, small_numbers) of one derived register value; a hidden
    value never leaves this function."""
    if small_counts.hides(value):
        return math.nan, small_counts.note, True
    number = value.percent if isinstance(value, registers.Share) else float(value)
    return number, "ingen afsluttede forløb" if math.isnan(number) else "", False


def _check_duplicates(
    tidy: pd.DataFrame, value_columns: Mapping[str, str | None]
) -> list[Problem]:
    keys = ["indicator_id", "geography", "year"]
    duplicated = tidy[tidy.duplicated(keys, keep=False)]
    problems = []
    for (indicator, geography, year), group in duplicated.groupby(keys):
        places = "; ".join(
            f"{r.source_file} linje {r.source_line}" for r in group.itertuples()
        )
        repeat = group.iloc[1]
        problems.append(
            Problem(
                file=repeat["source_file"],
                line=_first_line(repeat["source_line"]),
                column=value_columns.get(repeat["source_id"]),
                value=f"{indicator}, {geography}, {year} findes {len(group)} gange ({places})",
                expected="én værdi pr. indikator, geografi og år",
                fix="fjern den gentagne række"
                if group["source_file"].nunique() == 1
                else "fjern året fra den ene fil (eller den ene kilde fra source: "
                "for indikatoren i config/indicators.yaml)",
            )
        )
    return problems


def _check_units(
    tidy: pd.DataFrame,
    indicators: Mapping[str, Indicator],
    value_columns: Mapping[str, str | None],
) -> list[Problem]:
    units = {i: UNITS[indicator["unit"]] for i, indicator in indicators.items()}
    problems = []
    for row in tidy.itertuples():
        unit = units[row.indicator_id]
        if not math.isnan(row.value) and not unit.low <= row.value <= unit.high:
            problems.append(
                Problem(
                    file=row.source_file,
                    line=_first_line(row.source_line),
                    column=value_columns.get(row.source_id),
                    value=str(row.value),
                    expected=unit.range_da,
                    fix=f"ret værdien, eller ret unit: for {row.indicator_id!r}",
                )
            )
    return problems


def _missing_value_warnings(
    tidy: pd.DataFrame, value_columns: Mapping[str, str | None]
) -> list[Problem]:
    missing = tidy[tidy["note"] == ".."]
    return [
        Problem(
            file=row.source_file,
            line=_first_line(row.source_line),
            column=value_columns.get(row.source_id),
            value="..",
            expected="en værdi",
            fix=f"værdien for {row.indicator_id} {row.geography} {row.year} er ikke "
            "offentliggjort; den behandles som manglende, ikke som 0",
            severity="warning",
            geography=row.geography,
        )
        for row in missing.itertuples()
    ]


def _first_line(source_line) -> int | None:
    text = str(source_line).split("-")[0]
    return int(text) if text.isdigit() else None
