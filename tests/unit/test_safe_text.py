"""The checks and escapes for text from config and data (budgetmaal.shared.safe_text)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml

from budgetmaal.assessing.tables import read_indicator_table
from budgetmaal.running.config_checks import ConfigError, check_config, load_yaml
from budgetmaal.shared.geography import geography_text_problems
from budgetmaal.shared.outputs import write_csv
from budgetmaal.shared.safe_text import (
    NAME_MAX,
    document_text_problems,
    from_spreadsheet_text,
    is_formula_like,
    name_problem,
    spreadsheet_frame,
    spreadsheet_text,
    text_problems,
)

FORMULAS = ["=1+1", "+45 12 34 56 78", "-3 borgere", "@SUM(A1:A2)", "\t=1", "\r=1", "-"]
NOT_FORMULAS = ["-3.5", "+7", "-1e3", "3-2", "a=1", " =1", "'=1", "", "Herning", "–3"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_starts_are_recognised(text):
    assert is_formula_like(text)


@pytest.mark.parametrize("text", NOT_FORMULAS)
def test_numbers_and_plain_text_are_not_formulas(text):
    assert not is_formula_like(text)


def test_csv_cells_get_an_apostrophe_only_where_excel_would_calculate():
    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_text("\t=1") == "'\t=1"
    assert spreadsheet_text("-3.5") == "-3.5"
    assert spreadsheet_text("Herning") == "Herning"
    assert spreadsheet_text("'abc") == "'abc"
    assert spreadsheet_text(-3.5) == -3.5
    assert spreadsheet_text(None) is None


@pytest.mark.parametrize(
    "text", [*FORMULAS, *NOT_FORMULAS, "'=1", "''=1", "'", "''", "'-3 x", "'-3.5"]
)
def test_the_apostrophe_is_taken_off_again_exactly(text):
    assert from_spreadsheet_text(spreadsheet_text(text)) == text


def test_a_frame_keeps_numbers_and_flags_and_marks_formula_text():
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "Herning", "-3 x", None],
            "number": [-3.5, 1.0, math.nan, 2.0],
            "flag": [True, False, True, False],
        }
    )
    safe = spreadsheet_frame(frame)
    assert list(safe["text"])[:3] == ["'=1+1", "Herning", "'-3 x"]
    assert safe["number"].equals(frame["number"])
    assert safe["flag"].equals(frame["flag"])


def test_results_csv_is_safe_to_open_and_reads_back_unchanged(tmp_path):
    table = pd.DataFrame(
        {
            "indicator_id": ["x", "x"],
            "geography": ["657", "000"],
            "year": [2020, 2021],
            "value": [-3.5, 2.0],
            "source_id": ["s", "s"],
            "source_file": ["=HYPERLINK(1).csv", "data/raw/x.csv"],
            "source_line": ["2", "3-4"],
            "example_data": [False, True],
            "note": ["", "@note"],
        }
    )
    path = tmp_path / "indicators.csv"
    write_csv(path, table)

    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "x,657,2020,-3.5,s,'=HYPERLINK(1).csv,2,False,"
    assert lines[2].endswith(",'@note")
    back = read_indicator_table(path)
    assert list(back["source_file"]) == list(table["source_file"])
    assert list(back["note"]) == ["", "@note"]
    assert list(back["value"]) == [-3.5, 2.0]


REFUSED = {
    "før\x0befter": "styretegn (U+000B) som tegn nr. 4",
    "nul\x00": "styretegn (U+0000)",
    "x\x85": "styretegn (U+0085)",
    "\r=1": "styretegn (U+000D) som tegn nr. 1",
    "x\ud800": "halv UTF-16-surrogat (U+D800)",
    "\ud83d\ude00": "surrogatparret \\ud83d\\ude00 som tegn nr. 1, som YAML ikke læser "
    "som ét tegn; skriv tegnet selv eller som \\U0001F600",
    "\uffff": "U+FFFF som tegn nr. 1, som ikke er et tegn",
    "abc\u202edef": "retningsstyretegn (U+202E)",
    "a\u2028b": "skilletegn (U+2028)",
    "ok\U000e0041": "mærketegn (U+E0041)",
    "Glad 😀": "tegnet «😀» (U+1F600), som rapportens skrifttype ikke har",
    "Łódź": "tegnene «Ł» (U+0141), «ź» (U+017A)",
    "日本語テキスト": "og 2 tegn mere",
}


@pytest.mark.parametrize("text", REFUSED)
def test_text_no_output_can_show_is_named_by_code_point(text):
    problems = text_problems(text)
    assert len(problems) == 1 and REFUSED[text] in problems[0]


SHOWN = [
    "Æblegrød på Ærø – Å",
    "Ga\u030ard",  # drawn as å
    "nul\u200bbredde \ufeffBOM \u200dZWJ \u00adblød",
    "tab\tog\nlinjeskift",
    "<script>alert(1)</script> {{ 7*7 }} %s {0} $\\frac{1}{$",
    "=1+1",
    "≤ ≥ − € → ✔ ✘ ● «» „“",
]


@pytest.mark.parametrize("text", SHOWN)
def test_text_every_output_can_show_passes(text):
    assert text_problems(text) == []


def test_many_control_characters_are_summed_up():
    problems = text_problems("\x01\x02\x03\x04\x05")
    assert len(problems) == 4 and problems[-1] == "og 2 tegn mere af samme slags"


def test_names_have_at_most_200_characters():
    assert name_problem("x" * NAME_MAX) is None
    assert "teksten er 50.000 tegn lang" in name_problem("x" * 50_000)


def test_document_problems_name_the_key_path_with_ids():
    document = {
        "service_area": "SO\x0b13",
        "title": "x" * 201,
        "focus_areas": [{"name": "ok", "challenge": "x" * 5000}, {"goal": "a\u202e"}],
        "targets": [{"id": "hjemloese_657", "name": "😀"}],
        "filter": {"K\x00": "I alt"},
    }
    problems = document_text_problems(document)
    assert problems[0].startswith(
        "nøgle service_area: indeholder et styretegn (U+000B)"
    )
    assert problems[1].startswith("nøgle title: teksten er 201 tegn lang")
    assert problems[2].startswith("nøgle focus_areas[1].goal: indeholder et retnings")
    assert problems[3].startswith("nøgle targets[0] (hjemloese_657).name: indeholder")
    assert problems[4].startswith("nøgle filter.K[U+0000]: indeholder et styretegn")
    assert len(problems) == 5  # long prose in challenge is fine


def test_yaml_escapes_are_refused_with_file_and_key(tmp_path):
    path = tmp_path / "657.yaml"
    path.write_text(
        'service_area: "SO 13"\nfocus_areas:\n'
        '  - {name: "x", challenge: "før\\vefter", goal: "\\ud83d\\ude00", '
        "paths: p, targets: []}\n",
        encoding="utf-8",
    )
    schema = tmp_path / "schema.yaml"
    schema.write_text(yaml.safe_dump({"type": "object"}), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_yaml(path, schema)
    message = str(error.value)
    assert message.startswith(f"2 fejl i {path}:")
    assert "nøgle focus_areas[0].challenge: indeholder et styretegn (U+000B)" in message
    assert "nøgle focus_areas[0].goal: indeholder surrogatparret" in message


def test_run_config_with_a_control_character_is_refused(tmp_path):
    schema = tmp_path / "schema.yaml"
    schema.write_text(yaml.safe_dump({"type": "object"}), encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"nøgle report_date: indeholder et styretegn"
    ):
        check_config({"report_date": "2026\x0b"}, schema)


def test_geography_names_are_checked_by_line_and_column(tmp_path):
    path = tmp_path / "geografi.csv"
    path.write_text(
        "code,name,kind,region_code,other_names\n"
        "000,Hele landet,land,,All Denmark\n"
        '657,"Her\x0bning",kommune,082,\n'
        f"320,{'F' * 201},kommune,085,\n",
        encoding="utf-8",
    )
    assert [p.detail for p in geography_text_problems(path)] == [
        "linje 3, kolonne name: indeholder et styretegn (U+000B) som tegn nr. 4; "
        "fjern det",
        "linje 4, kolonne name: teksten er 201 tegn lang; et navn eller en titel må "
        "højst være 200 tegn. Forkort den (længere tekst hører til i challenge, goal "
        "eller paths)",
    ]
