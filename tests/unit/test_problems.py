"""One Problem type for config and data: where, what, and the fix."""

from __future__ import annotations

from budgetmaal.shared.problems import ConfigError, InputError, Problem, config_problems

DATA = Problem(
    file="data/raw/a.csv",
    line=3,
    column="INDHOLD",
    value="x",
    expected="et tal",
    fix="ret værdien",
)
CONFIG = Problem(file="config/targets.yaml", message="targets (t).path: skal være …")


def test_a_data_problem_names_file_line_column_value_expectation_and_fix():
    assert str(DATA) == (
        "data/raw/a.csv, linje 3, kolonne INDHOLD: fandt 'x': forventede et tal. "
        "Ret: ret værdien"
    )
    assert DATA.detail == (
        "linje 3, kolonne INDHOLD: fandt 'x': forventede et tal. Ret: ret værdien"
    )


def test_a_config_problem_is_its_checks_own_words_after_the_file():
    assert str(CONFIG) == "config/targets.yaml: targets (t).path: skal være …"
    assert CONFIG.detail == "targets (t).path: skal være …"
    located = Problem(file="g.csv", line=4, column="name", message="for lang")
    assert str(located) == "g.csv, linje 4, kolonne name: for lang"


def test_errors_list_every_problem_under_their_file():
    error = ConfigError(
        "config/targets.yaml", config_problems("config/targets.yaml", ["a", "b"])
    )
    assert str(error) == "2 fejl i config/targets.yaml:\n  - a\n  - b"
    warning = Problem(file="f", expected="e", fix="f", severity="warning")
    assert InputError([DATA, warning]).problems == [DATA]
