"""Recognise the layout of a Statistikbanken CSV and list its labelled cells.

Two families of layout reach an analyst. The API's (one row per value: a
header of variable codes, then label columns and ``INDHOLD``) and the
website's «Gem som» downloads: a title line above the table and footnotes
below it, labels in quotes, and often a «matrix» in which one variable's
values (usually the periods) are spread as columns while the other
variables form stub columns without a header, each stub label written only
on the first row of its group (or alone on a row above it); some downloads
name the stub columns in the header instead («område;2020;2021»).
Separators are semicolons, or commas in some exports. Every layout becomes
the same list of ``Cell``s: the labels of each variable and the text of one
value, with the line it stands on.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from budgetmaal.shared.problems import Problem
from budgetmaal.shared.safe_text import text_problems

DELIMITERS = (";", ",", "\t")
DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabulator"}
VALUE_PATTERN = re.compile(r"^(\.\.|-?\d+(?:[.,]\d+)?)$")
# Statistikbanken's time codes: 2019, 2019K1/2019Q1, 2019M03, 2019U07, 2019H1
# and days, 2019M03D15.
TIME_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:(?P<kind>[KQMUH])(?P<number>\d{1,2})(?:D(?P<day>\d{2}))?)?$",
    re.IGNORECASE,
)
TITLE_VARIABLES = re.compile(r"^.*\s(?:efter|by)\s+(?P<names>[^()]+?)\s*(?:\(.*)?\.?$")

# Variable names as the title words them -> the API's variable code, so a
# filter written for an API download also works on a website download.
VARIABLE_CODES = {
    "område": "OMRÅDE",
    "region": "OMRÅDE",
    "kommune": "OMRÅDE",
    "køn": "KØN",
    "sex": "KØN",
    "alder": "ALDER",
    "age": "ALDER",
    "civilstand": "CIVILSTAND",
    "marital status": "CIVILSTAND",
    "herkomst": "HERKOMST",
    "ancestry": "HERKOMST",
    "tid": "TID",
    "time": "TID",
}
WEBSITE_FIX = (
    "gem tabellen igen fra statistikbanken.dk med «Gem som» → «CSV (semikolon"
    "separeret)», med tiden som kolonner og de øvrige variable som rækker, som "
    "siden viser den; eller angiv table: og query: for kilden i "
    "config/indicators.yaml og hent den fra API'et med snakemake --cores 1 "
    "--config fetch=true --forcerun fetch_statbank"
)


@dataclass(frozen=True)
class Cell:
    """One value of the table: its line, the label of each variable, the text."""

    line: int
    labels: dict[str, str]
    text: str
    column: str  # where the value stands: the value column, or the spread label


@dataclass(frozen=True)
class Layout:
    """What the file turned out to be, for messages and the data appendix."""

    kind: str  # "api" (one value a row, with a header), "matrix" or "long"
    delimiter: str
    title: str | None
    footnote_lines: tuple[int, ...]
    spread: tuple[str, ...] = ()  # matrix: the variable(s) spread as columns
    named_stub: tuple[str, ...] = ()  # matrix: stub columns the header names

    @property
    def description_da(self) -> str:
        if self.kind == "api":
            parts = ["én værdi pr. række under en overskrift (som fra API'et)"]
        elif self.kind == "long":
            parts = ["én værdi pr. række uden overskrift (statistikbanken.dk)"]
        else:
            spread = "perioderne" if self.spread == ("TID",) else "+".join(self.spread)
            parts = [f"matrix fra statistikbanken.dk med {spread} som kolonner"]
            if self.named_stub:
                named = ", ".join(self.named_stub)
                parts[0] += f" og forspalten navngivet i overskriften ({named})"
        parts.append(f"{DELIMITER_NAMES[self.delimiter]}-separeret")
        if self.title:
            parts.append(f"titel «{self.title}»")
        notes = len(self.footnote_lines)
        if notes:
            parts.append(
                f"{notes} fodnotelinje{'r' if notes > 1 else ''} sprunget over"
            )
        return "; ".join(parts)


@dataclass(frozen=True)
class Table:
    """A file read into cells, and the columns each cell is labelled by."""

    layout: Layout
    columns: tuple[str, ...]
    time_column: str
    cells: list[Cell]


def split_rows(text: str) -> tuple[list[tuple[int, list[str]]], str]:
    """Non-blank rows as (first line number, stripped fields), and the delimiter."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, start = [], 1
    for fields in reader:
        if any(f.strip() for f in fields):
            rows.append((start, [f.strip() for f in fields]))
        start = reader.line_num + 1
    return rows, delimiter


def sniff_delimiter(text: str) -> str:
    """The separator that splits the most lines; semicolon on a tie."""
    lines = [line for line in text.splitlines() if line.strip()][:200]

    def split_lines(delimiter):
        return sum(
            len(fields) > 1
            for fields in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
        )

    return max(DELIMITERS, key=lambda d: (split_lines(d), -DELIMITERS.index(d)))


def read_table(
    text: str,
    file: str,
    time_column: str,
    value_column: str,
    is_geography: Callable[[str], bool],
) -> tuple[Table | None, list[Problem]]:
    """Recognise the layout and list every cell; None and the problems if the
    layout cannot be read. ``time_column`` and ``value_column`` are the
    header names of an API-style file; ``is_geography`` tells a geography
    label, so that a stub column without a header can be named OMRÅDE."""
    not_csv = _not_csv(text, file)
    if not_csv:
        return None, [not_csv]
    rows, delimiter = split_rows(text)
    body, title_rows, footnote_rows, problems = _table_body(rows, file)
    if not body:
        return None, problems or [_empty(file)]
    body = _without_empty_last_columns(body)
    headers = _header_rows(body, is_geography)
    title = " ".join(" ".join(f for f in fields if f) for _, fields in title_rows)
    problems += _title_problems(title_rows, file)
    frame = {
        "delimiter": delimiter,
        "title": title or None,
        "footnote_lines": tuple(line for line, _ in footnote_rows),
    }
    data = body[len(headers) :]
    if not headers:
        return _long_without_header(data, file, frame, problems, is_geography)
    last = headers[-1][1]
    if last[0] == "" or any(_is_time(f) for f in last[1:]):
        return _matrix(headers, data, file, frame, problems, is_geography)
    if len(headers) > 1:
        return None, problems + [
            _unreadable(file, headers[0][0], "flere overskriftslinjer")
        ]
    return _api(last, data, file, frame, problems, time_column, value_column)


def title_variables(title: str | None) -> list[str]:
    """The variables a website title lists («… efter område, køn og tid»), as
    the API's variable codes where known, else in capitals."""
    match = TITLE_VARIABLES.match(title or "")
    if not match:
        return []
    names = re.split(r",\s*|\s+og\s+|\s+and\s+", match["names"].strip())
    return [variable_code(n) for n in names if n]


def variable_code(name: str) -> str:
    """A variable as a title or stub header words it, as the API's code."""
    return VARIABLE_CODES.get(name.casefold(), name.upper())


def _table_body(rows, file):
    """Split rows into the table, the title lines above and the footnotes below.

    The table is the run of rows as wide as the widest common row; text
    lines (one field, no number) before and after it are title and notes.
    """
    counts = Counter(len(fields) for _, fields in rows if len(fields) > 1)
    if not counts:
        return [], rows, [], []
    width = max(counts, key=lambda n: (counts[n], n))
    inside = [i for i, (_, fields) in enumerate(rows) if len(fields) == width]
    first, last = inside[0], inside[-1]
    while first <= last and _is_text_line(rows[first][1]):
        first += 1
    while last >= first and _is_text_line(rows[last][1]):
        last -= 1
    body, problems, footnotes = [], [], []
    end = rows[last][0] if last >= first else 0
    for line, fields in rows[first:]:
        if line <= end and len(fields) == width:
            body.append((line, fields))
        elif line <= end and _is_text_line(fields):  # a group's label alone
            body.append((line, fields + [""] * (width - len(fields))))
        elif line > end and _is_text_line(fields):
            footnotes.append((line, fields))
        else:
            problems.append(_wrong_width(file, line, fields, width))
    return body, rows[:first], footnotes, problems


def _without_empty_last_columns(body):
    """Drop the empty columns a separator at the end of every line makes."""
    width = len(body[0][1])
    while width > 1 and not any(fields[width - 1] for _, fields in body):
        width -= 1
    return [(line, fields[:width]) for line, fields in body]


def _is_text_line(fields: list[str]) -> bool:
    filled = [f for f in fields if f]
    return len(filled) == 1 and fields[0] != "" and not _is_value(fields[0])


def _header_rows(body, is_geography):
    """Leading rows that are not data: rows over an empty stub corner, a
    first row of labels (no period inside it, no value at its end), or a
    first row that names the stub columns and lists the years."""
    count = 0
    for _, fields in body:
        if fields[0] != "" and (count or not _is_label_row(fields)):
            break
        count += 1
    if not count and _is_named_stub_header(body, is_geography):
        count = 1
    return body[:count]


def _is_named_stub_header(body, is_geography) -> bool:
    """Whether the first row is «område;2020;2021»: stub names, then periods.

    Bare years match VALUE_PATTERN, so such a row looks like a data row of a
    file without a header («Hele landet;2020;5822763»). It is a header only
    if the periods are distinct and rise, each stub label is a name (not a
    value, period or geography, and not repeated below: a data row's labels
    recur), and no column below a period holds only periods (a header-less
    file's TID column)."""
    (_, first), data = body[0], [fields for _, fields in body[1:]]
    stubs = next((i for i, f in enumerate(first) if _is_time(f)), len(first))
    if not data or not stubs or not _rising_periods(first[stubs:]):
        return False
    below = [[fields[i] for fields in data] for i in range(len(first))]
    return all(
        _is_stub_name(first[i], below[i], is_geography) for i in range(stubs)
    ) and not any(all(map(_is_time, column)) for column in below[stubs:])


def _rising_periods(cells: list[str]) -> bool:
    """Periods of one kind, each later than the one before, as the site
    lists them over its columns."""
    keys = [_period_key(cell) for cell in cells]
    if not keys or None in keys or len({key[0] for key in keys}) > 1:
        return False
    return all(a < b for a, b in pairwise(keys))


def _period_key(text: str) -> tuple[str, int, int, int] | None:
    """A time code as (kind, year, number, day), to order periods by."""
    match = TIME_PATTERN.match(text)
    if not match:
        return None
    kind = (match["kind"] or "").upper().replace("Q", "K")
    number, day = int(match["number"] or 0), int(match["day"] or 0)
    return kind, int(match["year"]), number, day


def _is_stub_name(label: str, below: list[str], is_geography) -> bool:
    """A header over a stub column: text that no data cell could be."""
    return (
        label != ""
        and not _is_value(label)
        and not _is_time(label)
        and not is_geography(label)
        and label not in below
    )


def _is_label_row(fields: list[str]) -> bool:
    last = _last_filled(fields)
    has_time = any(_is_time(f) for f in fields)
    return not _is_value(last) and (not has_time or _is_time(last))


def _api(header, data, file, frame, problems, time_column, value_column):
    names = [_header_name(h, time_column, value_column) for h in header]
    time_name = time_column if time_column in names else _named_time(names, data)
    if value_column not in names or time_name is None:
        problem = _missing_columns(
            file, names, data, time_name, time_column, value_column
        )
        return None, problems + [problem]
    value_at = names.index(value_column)
    cells = [
        Cell(
            line,
            {
                n: f
                for i, (n, f) in enumerate(zip(names, fields, strict=True))
                if i != value_at
            },
            fields[value_at],
            value_column,
        )
        for line, fields in data
    ]
    labels = tuple(n for n in names if n != value_column)
    return Table(Layout("api", **frame), labels, time_name, cells), problems


def _header_name(header: str, time_column: str, value_column: str) -> str:
    """Header cells as written; «Tid» or «indhold» in another case count too."""
    for wanted in (time_column, value_column):
        if header.casefold() == wanted.casefold():
            return wanted
    return header


def _named_time(names, data):
    """A column whose every value is a time code, if the header has no TID."""
    for i, name in enumerate(names[:-1]):
        if data and all(_is_time(fields[i]) for _, fields in data):
            return name
    return None


def _matrix(headers, data, file, frame, problems, is_geography):
    last = headers[-1][1]
    if last[0] == "":
        stubs = _leading_empty(last)
    else:
        stubs = next(i for i, f in enumerate(last) if i and _is_time(f))
    labels = [_carry_right(fields, stubs) for _, fields in headers]
    stub_rows = _carry_down([fields[:stubs] for _, fields in data])
    names = _matrix_names(frame["title"], last[:stubs], stub_rows, labels, is_geography)
    named = tuple(names[i] for i in range(stubs) if last[i])
    layout = Layout("matrix", **frame, spread=tuple(names[stubs:]), named_stub=named)
    cells = []
    for (line, fields), stub in zip(data, stub_rows, strict=True):
        if not any(fields[stubs:]):
            continue  # a group's label on a row of its own
        base = dict(zip(names[:stubs], stub, strict=True))
        for column in range(stubs, len(fields)):
            spread = {names[stubs + r]: labels[r][column] for r in range(len(labels))}
            where = " / ".join(spread.values())
            cells.append(Cell(line, base | spread, fields[column], where))
    if "TID" not in names:
        return None, problems + [_unreadable(file, headers[-1][0], "ingen perioder")]
    return Table(layout, tuple(names), "TID", cells), problems


def _leading_empty(fields: list[str]) -> int:
    return next((i for i, f in enumerate(fields) if f), len(fields))


def _carry_right(fields: list[str], start: int) -> list[str]:
    """A header label written once over several columns applies to each."""
    carried, current = list(fields), ""
    for i in range(start, len(fields)):
        current = fields[i] or current
        carried[i] = current
    return carried


def _carry_down(stub_rows: list[list[str]]) -> list[list[str]]:
    """A stub label applies to the rows below it until a label at its level
    or an outer level is written; inner levels start again with each row
    that writes an outer one (labels alone on a row head a group)."""
    carried, previous = [], []
    for stub in stub_rows:
        first = _leading_empty(stub)
        carried.append(previous[:first] + stub[first:])
        previous = carried[-1]
    return carried


def _matrix_names(title, stub_headers, stub_rows, labels, is_geography) -> list[str]:
    """Names of the stub columns and of each header row's variable.

    A header the file gives is kept. Otherwise periods are TID and
    geography labels OMRÅDE; the other variables take the title's names in
    order when their number matches, else KOLONNE1 … (stubs) and
    OVERSKRIFT1 … (header rows).
    """
    stubs = len(stub_headers)
    values = [[row[i] for row in stub_rows] for i in range(stubs)]
    values += [label[stubs:] for label in labels]
    names = [variable_code(h) if h else None for h in stub_headers]
    names += [None] * len(labels)
    for i, column in enumerate(values):
        if names[i] is None:
            names[i] = _name_by_content(column, names, is_geography)
    offered = [n for n in title_variables(title) if n not in names]
    unnamed = [i for i, n in enumerate(names) if n is None]
    if len(offered) == len(unnamed):
        for i, name in zip(unnamed, offered, strict=True):
            names[i] = name
    for i in unnamed:
        if names[i] is None:
            names[i] = f"KOLONNE{i + 1}" if i < stubs else f"OVERSKRIFT{i - stubs + 1}"
    return names


def _name_by_content(labels, taken, is_geography) -> str | None:
    filled = {label for label in labels if label}
    if filled and all(_is_time(v) for v in filled) and "TID" not in taken:
        return "TID"
    if mostly_geography(filled, is_geography) and "OMRÅDE" not in taken:
        return "OMRÅDE"
    return None


def mostly_geography(labels, is_geography: Callable[[str], bool]) -> bool:
    """Whether at least half of a column's names (not bare numbers, which may
    be any code) are geographies: then it is the geography column."""
    names = [label for label in set(labels) if label and not label.isdigit()]
    return bool(names) and 2 * sum(map(is_geography, names)) >= len(names)


def _long_without_header(data, file, frame, problems, is_geography):
    width = len(data[0][1])
    names: list[str | None] = [None] * (width - 1)
    for i in range(width - 1):
        names[i] = _name_by_content([f[i] for _, f in data], names, is_geography)
    if "TID" not in names:
        return None, problems + [_unreadable(file, data[0][0], "ingen overskrift")]
    numbers = [
        i
        for i, n in enumerate(names)
        if n is None and all(_is_value(f[i]) for _, f in data)
    ]
    if numbers:  # several value columns, and no header to say what each is
        return None, problems + [
            _unreadable(file, data[0][0], "flere talkolonner uden overskrift")
        ]
    names = [n or f"KOLONNE{i + 1}" for i, n in enumerate(names)]
    layout = Layout("long", **frame)
    value_name = f"KOLONNE{width}"
    cells = [
        Cell(line, dict(zip(names, fields[:-1], strict=True)), fields[-1], value_name)
        for line, fields in data
    ]
    return Table(layout, tuple(names), "TID", cells), problems


def _is_value(text: str) -> bool:
    return bool(VALUE_PATTERN.match(text))


def _is_time(text: str) -> bool:
    return bool(TIME_PATTERN.match(text))


def _last_filled(fields: list[str]) -> str:
    return next((f for f in reversed(fields) if f), "")


NOT_CSV = {
    "PK\x03\x04": "et Excel-regneark (xlsx) eller en anden zip-fil",
    "\xd0\xcf\x11\xe0": "et gammelt Excel-regneark (xls)",
    "<": "en webside (HTML) eller XML",
    "{": "JSON (fx JSON-stat)",
}


def _not_csv(text: str, file: str) -> Problem | None:
    """A spreadsheet, web page or JSON saved under the source's name."""
    start = text.lstrip()
    kind = next((k for sign, k in NOT_CSV.items() if start.startswith(sign)), None)
    if kind is None:
        return None
    return Problem(
        file=file,
        line=1,
        value=kind,
        expected="en CSV-fil fra Statistikbanken",
        fix=WEBSITE_FIX,
    )


def _title_problems(title_rows, file: str) -> list[Problem]:
    """The title is printed in the data appendix: a character no output can
    show (a control character, one the report font lacks) stops the run."""
    found = []
    for line, fields in title_rows:
        text = " ".join(f for f in fields if f)
        found += [
            Problem(
                file=file,
                line=line,
                column="titel",
                value=text[:80],
                expected=f"en titel, som rapporten kan vise; titlen {problem}",
                fix="ret titlen, eller hent filen igen fra statistikbanken.dk; er "
                "den gemt som Windows-1252, så gem den som UTF-8",
            )
            for problem in text_problems(text)
        ]
    return found


def _empty(file: str) -> Problem:
    return Problem(
        file=file,
        line=1,
        expected="en tabel fra Statistikbanken med mindst én række",
        fix="hent filen igen fra Statistikbanken; den er tom eller har kun tekstlinjer",
    )


def _wrong_width(file, line, fields, width) -> Problem:
    return Problem(
        file=file,
        line=line,
        value=";".join(fields)[:120],
        expected=f"{width} felter som tabellens øvrige rækker, fandt {len(fields)}",
        fix="ret rækken, eller hent filen igen fra Statistikbanken",
    )


def _missing_columns(file, names, data, time_name, time_column, value_column):
    """No time or value column: say which, and a fix only where one works."""
    missing = [time_column] if time_name is None else []
    missing += [] if value_column in names else [value_column]
    numeric = bool(data) and all(_is_value(fields[-1]) for _, fields in data)
    if time_name and numeric:
        fix = f"angiv value: {names[-1]} for kilden i config/indicators.yaml"
    else:
        fix = WEBSITE_FIX
    return Problem(
        file=file,
        line=1,
        column=", ".join(missing),
        value=";".join(names)[:120],
        expected=f"en overskrift med tidskolonnen {time_column} (eller en kolonne "
        f"med perioder som 2020K1) og værdikolonnen {value_column}",
        fix=fix,
    )


def _unreadable(file, line, what) -> Problem:
    return Problem(
        file=file,
        line=line,
        value=what,
        expected="et layout fra Statistikbanken, der siger, hvad hver kolonne er: en "
        "overskrift med variabelkoder og INDHOLD (API'et), eller en matrix med "
        "perioderne (eller en variabels værdier) som kolonneoverskrifter",
        fix=WEBSITE_FIX,
    )
