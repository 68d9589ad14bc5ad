"""Statistikbanken's geographies: Hele landet, the 5 regions and 98 kommuner
that reports use, and the landsdele and Christiansø that its tables also list."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from budgetmaal.shared.problems import Problem
from budgetmaal.shared.safe_text import name_problem, text_problems

GEOGRAPHY_FILE = Path(__file__).resolve().parents[3] / "data/reference/geografi.csv"
NATIONAL = "000"

REPORTED_KINDS = ("land", "region", "kommune")
SKIP_REASONS = {
    "landsdel": "en landsdel; rapporterne bruger hele landet, regioner og kommuner",
    "uden_kommune": "hører ikke til nogen kommune og indgår ikke i nogen rapport",
    "uoplyst": "kan ikke henføres til en kommune",
    "udland": "ligger uden for Danmarks kommuner",
}
# "657 Herning": the API's valuePresentation CodeAndValue.
CODE_AND_LABEL = re.compile(r"^(?P<code>\d{1,3}) +(?P<label>\S.*)$")


@dataclass(frozen=True)
class Geographies:
    """Maps Danmarks Statistik codes to names and back."""

    names: dict[str, str]
    kinds: dict[str, str]
    by_name: dict[str, str]
    regions: dict[str, str]  # code -> its region's code ("" for land and regions)

    def code_for(self, text: str) -> str | None:
        """The 3-digit code for a code, a Danish or English name, or a
        «code name» label; None if unknown."""
        key = text.strip()
        match = CODE_AND_LABEL.match(key)
        if match:
            return self._code_and_label(match["code"], match["label"])
        if key in self.names:
            return key
        if key.isdigit() and len(key) <= 3:
            key = key.zfill(3)
            return key if key in self.names else None
        lowered = key.casefold()
        return self.by_name.get(lowered) or self.by_name.get(
            lowered.removesuffix(" kommune").strip()
        )

    def _code_and_label(self, code: str, label: str) -> str | None:
        """«657 Herning»: the code, when the label begins with a name of that
        geography («101 Københavns Kommune» too); «0 år» or «85 år og
        derover» (ages, not geographies) are None."""
        code, label = code.zfill(3), label.casefold()
        names = self._names_by_code.get(code, [])
        return code if any(label.startswith(n) for n in names) else None

    @cached_property
    def _names_by_code(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {}
        for name, code in self.by_name.items():
            names.setdefault(code, []).append(name)
        return names

    def is_reported(self, code: str) -> bool:
        """Whether reports use the geography (not a landsdel or Christiansø)."""
        return self.kinds[code] in REPORTED_KINDS

    def skip_reason(self, code: str) -> str:
        """Why rows for a geography that reports do not use are left out."""
        return SKIP_REASONS[self.kinds[code]]

    def closest_name(self, text: str) -> str | None:
        """The official name closest to a misspelling, if one is close."""
        found = difflib.get_close_matches(text.strip().casefold(), self.by_name, n=1)
        return self.names[self.by_name[found[0]]] if found else None

    def kommuner(self) -> list[str]:
        """Codes of the 98 municipalities, in code order."""
        return sorted(c for c, kind in self.kinds.items() if kind == "kommune")


def load_geographies(path: Path = GEOGRAPHY_FILE) -> Geographies:
    """Read the geography list shipped in data/reference/."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_name = {
        name.casefold(): r["code"]
        for r in rows
        for name in (r["name"], *filter(None, r["other_names"].split("|")))
    }
    return Geographies(
        names={r["code"]: r["name"] for r in rows},
        kinds={r["code"]: r["kind"] for r in rows},
        by_name=by_name,
        regions={r["code"]: r["region_code"] for r in rows},
    )


def geography_text_problems(path: Path = GEOGRAPHY_FILE) -> list[Problem]:
    """Names in the geography list that no output can show as written (they
    are printed on the cover, in tables and in the workbook)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = []
    for line, row in enumerate(rows, start=2):
        for column, text in row.items():
            found = text_problems(text or "")
            if column == "name":
                found += [p for p in [name_problem(text or "")] if p]
            problems += [
                Problem(file=str(path), line=line, column=column, message=m)
                for m in found
            ]
    return problems
