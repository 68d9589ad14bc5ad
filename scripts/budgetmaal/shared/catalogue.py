"""The indicator catalogue (config/indicators.yaml): sources and indicators,
indexed by id once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NotRequired, TypedDict


class Source(TypedDict):
    """A raw extract in data/raw/ and how it is read."""

    id: str
    path: str
    format: str  # statbank, or a key of registers.FORMATS
    example_data: bool
    citation: str
    geography: NotRequired[str]
    time: NotRequired[str]
    value: NotRequired[str]
    annual: NotRequired[str]
    table: NotRequired[str]
    query: NotRequired[dict[str, list[str]]]


class Indicator(TypedDict):
    """A series read from one or more sources."""

    id: str
    name: str
    unit: str  # a key of vocabulary.UNITS
    better: str
    source: str | list[str]
    filter: NotRequired[dict[str, str]]
    annual: NotRequired[str]
    measure: NotRequired[str]  # a key of registers.MEASURES
    parameters: NotRequired[dict]


def source_ids(indicator: Mapping) -> list[str]:
    """The ids of the sources an indicator reads (one id or a list in config)."""
    source = indicator["source"]
    return [source] if isinstance(source, str) else list(source)


@dataclass(frozen=True)
class Catalogue:
    """Sources and indicators by id, in the order config lists them."""

    sources: dict[str, Source]
    indicators: dict[str, Indicator]

    @classmethod
    def from_document(cls, document: Mapping) -> Catalogue:
        """From config/indicators.yaml as read and checked (ids unique)."""
        return cls(
            {s["id"]: s for s in document["sources"]},
            {i["id"]: i for i in document["indicators"]},
        )

    def paths(self) -> list[str]:
        """Every declared raw file."""
        return [s["path"] for s in self.sources.values()]

    def source_paths(self) -> dict[str, list[str]]:
        """Indicator id -> the raw files it is read from, in catalogue order."""
        return {
            indicator_id: [
                s["path"] for s in self.sources.values() if s["id"] in source_ids(i)
            ]
            for indicator_id, i in self.indicators.items()
        }
