"""Problems found in inputs (config and data alike), collected and reported
together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one input file.

    A data problem says what was found and expected, and the fix; a config
    check words what is wrong and the fix as one ``message``, led by the key
    path (``targets (t).baseline.year: …``).
    """

    file: str
    expected: str = ""
    fix: str = ""
    line: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    message: str | None = None
    # The geography a data problem is about, where it is about one: a
    # municipality's report lists only its own geographies' warnings.
    geography: str | None = None

    @property
    def detail(self) -> str:
        """The problem without its file: for a list headed by the file name."""
        return self._described([])

    def __str__(self) -> str:
        return self._described([self.file])

    def _described(self, place: list[str]) -> str:
        place = place + ([] if self.line is None else [f"linje {self.line}"])
        place += [f"kolonne {self.column}"] if self.column else []
        lead = ", ".join(place) + ": " if place else ""
        if self.message is not None:
            return lead + self.message
        got = "" if self.value is None else f"fandt {self.value!r}: "
        return f"{lead}{got}forventede {self.expected}. Ret: {self.fix}"


def config_problems(file: str, messages: list[str]) -> list[Problem]:
    """Problems of a config file, each worded whole by its check."""
    return [Problem(file=file, message=m) for m in messages]


class InputError(Exception):
    """Raised with every error found, so the analyst can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        lines = [f"{len(self.problems)} fejl i inddata:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ConfigError(Exception):
    """A config file is wrong; the message lists every problem and its fix."""

    def __init__(self, file: str, problems: list[Problem]):
        self.problems = problems
        lines = [f"{len(problems)} fejl i {file}:"]
        lines += [f"  - {p.detail}" for p in problems]
        super().__init__("\n".join(lines))


def stop_on_config_problems(file: str, problems: list[Problem]) -> None:
    """Raise ConfigError listing the problems of a config file, if any."""
    if problems:
        raise ConfigError(file, problems)


def stop_on_config_messages(file: str, messages: list[str]) -> None:
    """The same for a check that words each problem whole."""
    stop_on_config_problems(file, config_problems(file, messages))


def raise_if_errors(problems: list[Problem]) -> None:
    """Raise InputError if any problem is an error; warnings pass."""
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
