"""What the fetch rule downloads, and the raw-data manifest it keeps.

No network code: the Snakefile plans with this module and the report reads
the manifest without importing requests (budgetmaal.reading.fetch downloads).
The manifest (data/raw/MANIFEST.csv: file, url, fetched_at, sha256) records
where and when each fetched file came from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from budgetmaal.shared.vocabulary import is_on

MANIFEST_COLUMNS = ["file", "url", "fetched_at", "sha256"]


class ManifestError(Exception):
    """The manifest file cannot be read; the message names the file and the fix."""


def fetch_enabled(value: bool | str) -> bool:
    """The ``fetch`` config key as a boolean (vocabulary.is_on)."""
    return is_on(value)


FETCH_KEYS = ("id", "path", "table", "query", "geography", "time", "value")


def fetched_sources(catalogue: Mapping) -> list[dict]:
    """The sources that declare a Statistikbanken table to fetch, with only the
    keys the download uses (so that editing a citation does not re-fetch)."""
    return [
        {k: s[k] for k in FETCH_KEYS if k in s}
        for s in catalogue["sources"]
        if s.get("table")
    ]


def fetched_paths(catalogue: Mapping) -> list[str]:
    """The files the fetch rule writes (besides the manifest)."""
    return [s["path"] for s in fetched_sources(catalogue)]


def format_manifest(rows: Mapping[str, Mapping]) -> str:
    """The manifest as CSV text: comma separated, UTF-8, sorted by file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for file in sorted(rows):
        row = rows[file]
        writer.writerow([file, row["url"], row["fetched_at"], row["sha256"]])
    return buffer.getvalue()


def parse_manifest(text: str, file: str = "data/raw/MANIFEST.csv") -> dict[str, dict]:
    """Manifest rows by file path; ManifestError naming the file if malformed."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header != MANIFEST_COLUMNS:
        raise ManifestError(
            f"{file}, linje 1: fandt {header!r}: forventede kolonnerne "
            f"{','.join(MANIFEST_COLUMNS)}. Ret: slet filen og hent tabellerne igen "
            "med snakemake --cores 1 --config fetch=true --forcerun fetch_statbank"
        )
    rows = {}
    for fields in reader:
        if not any(fields):
            continue
        if len(fields) != len(MANIFEST_COLUMNS):
            raise ManifestError(
                f"{file}, linje {reader.line_num}: fandt {len(fields)} felter: "
                f"forventede {len(MANIFEST_COLUMNS)} ({','.join(MANIFEST_COLUMNS)}). "
                "Ret linjen, eller slet filen og hent tabellerne igen"
            )
        rows[fields[0]] = dict(zip(MANIFEST_COLUMNS[1:], fields[1:], strict=True))
    return rows


def read_manifest(path: str | Path) -> dict[str, dict]:
    """The manifest as {file path: {url, fetched_at, sha256}}; {} if there is
    none (nothing has been fetched)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return parse_manifest(text, str(path))
