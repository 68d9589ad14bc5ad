"""Small readers of the indicator catalogue (config/indicators.yaml)."""

from __future__ import annotations

from collections.abc import Mapping


def source_ids(indicator: Mapping) -> list[str]:
    """The ids of the sources an indicator reads (one id or a list in config)."""
    source = indicator["source"]
    return [source] if isinstance(source, str) else list(source)
