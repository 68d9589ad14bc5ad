"""The official list of geographies (Hele landet, 5 regions, 98 kommuner)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

GEOGRAPHY_FILE = Path(__file__).resolve().parents[2] / "data/reference/geografi.csv"
NATIONAL = "000"

# Spellings Statistikbanken uses besides the official names.
ALIASES = {"all denmark": NATIONAL, "hele landet": NATIONAL}


@dataclass(frozen=True)
class Geographies:
    """Maps Danmarks Statistik codes to names and back."""

    names: dict[str, str]
    kinds: dict[str, str]
    by_name: dict[str, str]

    def code_for(self, text: str) -> str | None:
        """Return the 3-digit code for a code or name, or None if unknown."""
        key = text.strip()
        if key.isdigit() and len(key) <= 3:
            key = key.zfill(3)
            return key if key in self.names else None
        lowered = key.casefold().removesuffix(" kommune").strip()
        if lowered in ALIASES:
            return ALIASES[lowered]
        return self.by_name.get(lowered)

    def kommuner(self) -> list[str]:
        """Codes of the 98 municipalities, in code order."""
        return sorted(c for c, kind in self.kinds.items() if kind == "kommune")


def load_geographies(path: Path = GEOGRAPHY_FILE) -> Geographies:
    """Read the geography list shipped in data/reference/."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Geographies(
        names={r["code"]: r["name"] for r in rows},
        kinds={r["code"]: r["kind"] for r in rows},
        by_name={r["name"].casefold(): r["code"] for r in rows},
    )
