"""Problems found in inputs, collected and reported together."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one input file."""

    file: str
    expected: str
    fix: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, linje {self.line}"
        if self.column:
            where += f", kolonne {self.column}"
        got = "" if self.value is None else f": fandt {self.value!r}"
        return f"{where}{got}: forventede {self.expected}. Ret: {self.fix}"

    def as_dict(self) -> dict:
        return asdict(self)


class InputError(Exception):
    """Raised with every error found, so the analyst can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        lines = [f"{len(self.problems)} fejl i inddata:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def raise_if_errors(problems: list[Problem]) -> None:
    """Raise InputError if any problem is an error; warnings pass."""
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
