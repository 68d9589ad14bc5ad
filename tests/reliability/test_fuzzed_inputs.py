"""Generated malformed extracts give either a correct table or clear problems
naming the file: never an unexpected exception, never a silent wrong number."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetmaal.reading.ingest import build_indicator_table
from budgetmaal.shared.geography import load_geographies

GEOGRAPHIES = load_geographies()
PATH = "data/raw/fuzz.csv"
CELL = st.one_of(
    st.sampled_from(
        ["Herning", "000", "657", "Hele landet", "Hernning", "999", "", ".."]
    ),
    st.sampled_from(["2019", "2019K1", "2019M13", "19", "2019U53", "x"]),
    st.sampled_from(["12", "12,5", "1.5", "-3", "..", "1,2.3", "abc", "1e400", "nan"]),
    st.text(alphabet="æøåÆØÅ;,.\"'\t 0123456789abcKMU\\", max_size=12),
)
ROW = st.lists(CELL, min_size=1, max_size=5).map(";".join)
HEADER = st.sampled_from(
    [
        "OMRÅDE;TID;INDHOLD",
        "OMRÅDE,TID,INDHOLD",
        "OMRÅDE;TID",
        "KØN;OMRÅDE;TID;INDHOLD",
        "",
    ]
)
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "iso-8859-1"])
REGISTER_ROW = st.lists(
    st.sampled_from(
        [
            "P1",
            "",
            "1990",
            "19x0",
            "2019-01-05",
            "2019-13-01",
            "2018-12-31",
            "stoffri",
            "?",
        ]
    ),
    min_size=1,
    max_size=5,
).map(";".join)


def _catalogue(unit: str, form: str) -> dict:
    source = {"id": "fuzz", "path": PATH, "format": form}
    indicator = {
        "id": "x",
        "name": "X",
        "unit": unit,
        "better": "lower",
        "source": "fuzz",
    }
    if form != "statbank":
        source["geography"] = "657"
        indicator["measure"] = {
            "register_shelter": "share_of_ended_stays_longer_than",
            "register_treatment": "share_of_ended_treatments_with_status",
        }[form]
        indicator["parameters"] = (
            {"days": 120} if form == "register_shelter" else {"statuses": ["stoffri"]}
        )
    return {"sources": [source], "indicators": [indicator]}


def _check(table, problems, content: str, unit: str) -> None:
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        assert problem.file == PATH
        assert PATH in str(problem)
    if errors:
        return
    for value in table["value"]:
        assert math.isnan(value) or value >= 0
        if unit == "percent":
            assert math.isnan(value) or value <= 100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=HEADER, rows=st.lists(ROW, max_size=6), encoding=ENCODING,
       unit=st.sampled_from(["count", "percent"]))  # fmt: skip
def test_fuzzed_statbank_extract(header, rows, encoding, unit):
    content = "\n".join([header, *rows]) + "\n"
    raw = content.encode(encoding, errors="replace")
    table, problems, _ = build_indicator_table(
        _catalogue(unit, "statbank"), {PATH: raw}, GEOGRAPHIES
    )
    _check(table, problems, content, unit)
    if not [p for p in problems if p.severity == "error"]:
        # every value in the table came from a row of the file
        for value in table["value"].dropna():
            assert (
                any(_number(cell) == value for row in rows for cell in row.split(";"))
                or len(table) == 0
            )


@settings(max_examples=200, deadline=None)
@given(
    form=st.sampled_from(["register_shelter", "register_treatment"]),
    rows=st.lists(REGISTER_ROW, max_size=6),
)
def test_fuzzed_register_extract(form, rows):
    header = {
        "register_shelter": "person_id;birth_year;intake_date;discharge_date",
        "register_treatment": "person_id;start_date;end_date;end_status",
    }[form]
    raw = ("\n".join([header, *rows]) + "\n").encode()
    table, problems, _ = build_indicator_table(
        _catalogue("percent", form), {PATH: raw}, GEOGRAPHIES
    )
    _check(table, problems, "", "percent")


def _number(cell: str) -> float | None:
    try:
        return float(cell.strip().replace(",", "."))
    except ValueError:
        return None
