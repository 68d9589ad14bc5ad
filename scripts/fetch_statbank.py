"""Fetch: download the Statistikbanken tables that sources declare into data/raw/.

Only run with --config fetch=true. Params: the sources with table: and
query: and the API address. Outputs: each source's file in data/raw/ and
data/raw/MANIFEST.csv (file, url, fetched_at, sha256). Every table is
downloaded and validated first; only then are the files and the manifest
replaced, each atomically, so a failed fetch (offline, an API error, a
response that is not a Statistikbanken CSV) changes nothing and stops the
run with one message per table, naming source, table, URL and the fix.
"""

import sys

from budgetmaal.reading.fetch import (
    TIMEOUT,
    FetchError,
    fetch_all,
    make_session,
    write_downloads,
)
from budgetmaal.reading.fetch_plan import ManifestError, read_manifest
from budgetmaal.shared.outputs import setup_logging


def main(inputs, params, outputs, logs, session=None, timeout=TIMEOUT) -> None:
    log = setup_logging(logs[0])
    sources = params["sources"]
    if not sources:
        log.warning(
            "ingen kilder i config/indicators.yaml har table:; intet at hente "
            "(se docs/raw-data.md, «Fetching from Statistikbanken»)"
        )
    try:  # a broken manifest stops the run before anything is downloaded
        read_manifest(outputs["manifest"])
    except ManifestError as error:
        log.error("%s", error)
        sys.exit(str(error))
    try:
        downloads = fetch_all(
            sources, params["api_url"], session or make_session(), timeout
        )
    except FetchError as error:
        log.error("%s", error)
        sys.exit(f"{error}\nIngen filer i data/raw/ er ændret.")
    write_downloads(downloads, outputs["manifest"])
    for download in downloads:
        log.info(
            "%s: tabel %s, %d rækker -> %s (sha256 %s)",
            download.request.source_id,
            download.request.table,
            download.rows,
            download.request.path,
            download.sha256,
        )


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake.input, snakemake.params, snakemake.output, snakemake.log)
