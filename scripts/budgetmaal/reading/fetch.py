"""Download Statistikbanken tables declared by sources, and the raw-data manifest.

A source with ``table:`` and ``query:`` in the catalogue is fetched from the
public API's ``data`` endpoint as CSV (a POST of the query as JSON). Every
table is downloaded and validated before any file in data/raw/ is replaced,
so a failed fetch (offline, an API error, a response that is not a
Statistikbanken CSV) leaves the files and the manifest as they were.

The manifest (data/raw/MANIFEST.csv, budgetmaal.reading.fetch_plan) records where
and when each fetched file came from; the report's data appendix shows it.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from budgetmaal.reading import statbank
from budgetmaal.reading.fetch_plan import format_manifest, read_manifest
from budgetmaal.shared.geography import load_geographies
from budgetmaal.shared.outputs import atomic_path
from budgetmaal.shared.problems import Problem

# (connect, read) in seconds; a big table can take the API a while to build.
TIMEOUT = (10.0, 120.0)
RETRIES = 3
BACKOFF = 0.5  # seconds; waits 0, 1, 2 ... between attempts
RETRY_STATUSES = (429, 500, 502, 503, 504)
CONSOLE_URL = "https://api.statbank.dk/console"
USER_AGENT = f"budgetmaal-pipeline (python-requests/{requests.__version__})"


class FetchError(Exception):
    """One or more tables could not be fetched; the message lists each and its fix."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [f"{len(problems)} fejl ved hentning fra Statistikbanken:"]
        lines += [f"  - {p.detail}" for p in problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class StatbankRequest:
    """One table to fetch: where to POST, what, and where the file goes."""

    source_id: str
    table: str
    path: str
    endpoint: str
    body: dict
    url: str  # the same query as a GET address, for messages and the manifest


@dataclass(frozen=True)
class Download:
    """A fetched and validated table, not yet written."""

    request: StatbankRequest
    content: bytes
    fetched_at: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def rows(self) -> int:
        return max(len(statbank.decode(self.content).splitlines()) - 1, 0)


def build_request(source: Mapping, api_url: str) -> StatbankRequest:
    """The data-endpoint request for a source's ``table`` and ``query``.

    The body follows the API: ``{"table", "format": "CSV", "lang": "da",
    "variables": [{"code", "values"}]}``, variables in the order given.
    """
    base = api_url.rstrip("/")
    query = source.get("query") or {}
    variables = [
        {"code": code, "values": list(values)} for code, values in query.items()
    ]
    body = {
        "table": source["table"],
        "format": "CSV",
        "lang": "da",
        "variables": variables,
    }
    parameters = "&".join(
        f"{quote(v['code'], safe='')}={quote(','.join(v['values']), safe=',*()')}"
        for v in variables
    )
    url = f"{base}/data/{quote(source['table'], safe='')}/CSV?lang=da"
    if parameters:
        url += "&" + parameters
    return StatbankRequest(
        source_id=source["id"],
        table=source["table"],
        path=source["path"],
        endpoint=f"{base}/data",
        body=body,
        url=url,
    )


def make_session(retries: int = RETRIES, backoff: float = BACKOFF) -> requests.Session:
    """A session that retries refused connections, timeouts and 429/5xx answers.

    POST is retried too: a data request only reads. After the last attempt
    the final answer is returned (not raised), so its status and error body
    can be reported.
    """
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "POST"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def fetch_table(
    session: requests.Session,
    request: StatbankRequest,
    timeout: float | tuple[float, float] = TIMEOUT,
) -> bytes:
    """POST one request and return the response body; FetchError (one problem,
    in Danish, naming source, table, URL and fix) if there is no usable answer."""
    try:
        response = session.post(request.endpoint, json=request.body, timeout=timeout)
    except requests.exceptions.RequestException as error:
        raise FetchError([_connection_problem(request, error, timeout)]) from None
    if response.status_code >= 400:
        raise FetchError([_status_problem(request, response)])
    return response.content


def validate_statbank_csv(content: bytes, source: Mapping) -> list[str]:
    """Problems that show ``content`` is not a Statistikbanken CSV the ingest
    can read as ``source`` (empty if it looks right): the API's layout (a
    semicolon header of variable codes with TID and ending in INDHOLD), at
    least one data row, and no problem when the ingest's reader reads it
    (the geography column of a query that selects one, for instance)."""
    text = statbank.decode(content)
    lines = text.splitlines()
    first = lines[0].strip() if lines else ""
    header = [h.strip().strip('"') for h in first.split(";")]
    if ";" not in first or header[-1] != "INDHOLD" or "TID" not in header:
        return [
            "svaret er ikke en CSV-fil fra Statistikbanken: første linje er "
            f"{first[:80]!r}; forventede en semikolon-separeret overskrift med TID, "
            "der slutter med INDHOLD"
        ]
    if not any(line.strip() for line in lines[1:]):
        return ["svaret har kun overskriften og ingen rækker"]
    columns = statbank.StatbankColumns(
        **{k: source[k] for k in ("geography", "time", "value") if k in source}
    )
    frame, problems, reading = statbank.read_statbank(
        text, source["path"], columns, load_geographies()
    )
    selected = source.get("query") or {}
    geography = columns.geography or "OMRÅDE"
    if reading and geography in selected and geography not in frame.columns:
        return [f"svaret har kolonnerne {';'.join(header)}, men ikke {geography}"]
    return [_describe(p) for p in problems[:5]]


def _describe(problem: Problem) -> str:
    """A reader problem as a sentence about the answer."""
    where = f"linje {problem.line}: " if problem.line else ""
    return f"{where}forventede {problem.expected}: svaret er ufuldstændigt"


def fetch_all(
    sources: Iterable[Mapping],
    api_url: str,
    session: requests.Session,
    timeout: float | tuple[float, float] = TIMEOUT,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Download]:
    """Fetch and validate every source's table; FetchError listing every
    failure if any fails (then nothing should be written)."""
    downloads, problems = [], []
    for source in sources:
        request = build_request(source, api_url)
        try:
            content = fetch_table(session, request, timeout)
        except FetchError as error:
            problems += error.problems
            continue
        found = validate_statbank_csv(content, source)
        if found:
            problems += [
                _problem(
                    request,
                    "; ".join(found),
                    "tjek table: og query: for kilden i config/indicators.yaml; "
                    "gentager fejlen sig, så hent tabellen som CSV fra "
                    f"{CONSOLE_URL} og læg den i {request.path}",
                )
            ]
            continue
        stamp = now().astimezone(UTC).replace(microsecond=0)
        downloads.append(
            Download(request, content, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
        )
    if problems:
        raise FetchError(problems)
    return downloads


def write_downloads(downloads: list[Download], manifest_path: str | Path) -> None:
    """Replace each fetched file and then update the manifest, each atomically.

    All files are first written to temporaries beside their targets; they
    are renamed into place only when every one (and the manifest) has been
    written, so an error here leaves data/raw/ as it was.
    """
    rows = update_manifest(read_manifest(manifest_path), downloads)
    with contextlib.ExitStack() as stack:
        for download in downloads:
            temporary = stack.enter_context(atomic_path(download.request.path))
            temporary.write_bytes(download.content)
        temporary = stack.enter_context(atomic_path(manifest_path))
        temporary.write_text(format_manifest(rows), encoding="utf-8")


def update_manifest(
    existing: Mapping[str, Mapping], downloads: Iterable[Download]
) -> dict[str, dict]:
    """The manifest rows after ``downloads``: their rows replaced or added,
    every other row kept as it was."""
    rows = {file: dict(row) for file, row in existing.items()}
    for download in downloads:
        rows[download.request.path] = {
            "url": download.request.url,
            "fetched_at": download.fetched_at,
            "sha256": download.sha256,
        }
    return rows


def _problem(request: StatbankRequest, what: str, fix: str) -> Problem:
    return Problem(
        file=request.path,
        message=f"kilden {request.source_id!r}, tabel {request.table}, "
        f"{request.url}: {what}. Ret: {fix}. {request.path} er ikke ændret",
    )


def _connection_problem(request, error, timeout) -> Problem:
    host = urlsplit(request.endpoint).netloc
    reason = getattr(error.args[0], "reason", None) if error.args else None
    timed_out = isinstance(error, requests.exceptions.ReadTimeout) or isinstance(
        reason, ReadTimeoutError
    )
    if timed_out:
        seconds = timeout[1] if isinstance(timeout, tuple) else timeout
        return _problem(
            request,
            f"intet svar fra {host} inden for {seconds:g} sekunder",
            "prøv igen senere (en stor tabel kan tage tid at danne); vælg færre "
            "værdier i query:, hvis det bliver ved",
        )
    return _problem(
        request,
        f"ingen forbindelse til {host} ({type(error).__name__})",
        "tjek netforbindelsen (og en evt. proxy) og kør igen; eller kør uden "
        "--config fetch=true for at bruge filerne i data/raw/, som de er",
    )


def _status_problem(request, response) -> Problem:
    detail = _api_error(response)
    if response.status_code < 500 and response.status_code != 429:
        return _problem(
            request,
            f"Statistikbanken afviste forespørgslen (HTTP {response.status_code}"
            f"{': ' + detail if detail else ''})",
            "ret table: og query: (variabelkoder og værdier) for kilden i "
            f"config/indicators.yaml; tabellens variable og værdier kan ses i {CONSOLE_URL}",
        )
    return _problem(
        request,
        f"Statistikbanken svarede med HTTP {response.status_code}"
        f"{': ' + detail if detail else ''}, også efter gentagne forsøg",
        "prøv igen senere",
    )


def _api_error(response) -> str:
    """The API's JSON error ({"errorTypeCode", "message"}), or the body's start."""
    try:
        body = response.json()
    except ValueError:  # not JSON
        body = None
    if isinstance(body, dict) and body.get("message"):
        code = body.get("errorTypeCode")
        return f"{code}: {body['message']}" if code else str(body["message"])
    text = response.text.strip()
    return "" if text.startswith("<") else text[:200]  # an HTML page says nothing
