"""Fetching Statistikbanken tables: requests, validation, the manifest, and
every failure leaving data/raw/ as it was. Against a local HTTP server on
127.0.0.1 serving responses in the API's format; never the live API."""

from __future__ import annotations

import hashlib
import json
import math
import re
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_snakemake
from pdf_text import flat_text

from budgetmaal.reading import statbank
from budgetmaal.reading.fetch import (
    Download,
    build_request,
    fetch_all,
    make_session,
    update_manifest,
    validate_statbank_csv,
    write_downloads,
)
from budgetmaal.reading.fetch_plan import (
    ManifestError,
    fetch_enabled,
    fetched_paths,
    fetched_sources,
    format_manifest,
    parse_manifest,
    read_manifest,
)
from budgetmaal.shared.geography import load_geographies
from fetch_statbank import main as fetch_main

FIXTURES = REPO / "tests/fixtures/statbank_api"
FOLK1A = (FIXTURES / "folk1a_2020k1.csv").read_bytes()
DECIMALS = (FIXTURES / "decimaler_og_mangler.csv").read_bytes()
ERROR_400 = (FIXTURES / "error_400.json").read_bytes()
NOT_CSV = (FIXTURES / "not_csv.html").read_bytes()
CLOCK = datetime(2026, 11, 24, 9, 30, 5, 123456, tzinfo=UTC)
OLD_FILE = "OMRÅDE;TID;INDHOLD\nHele landet;2019K4;5814461\n".encode()
OLD_MANIFEST = (
    "file,url,fetched_at,sha256\n"
    "data/raw/andet.csv,https://api.statbank.dk/v1/data/X/CSV?lang=da&Tid=2019,"
    "2025-01-02T03:04:05Z," + "0" * 64 + "\n"
)


# --- a local stand-in for api.statbank.dk -------------------------------


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = FOLK1A
    content_type: str = "text/csv; charset=UTF-8"
    delay: float = 0.0


class FakeStatbank:
    """HTTP server on 127.0.0.1 (free port) answering POST /v1/data with the
    given replies in turn (the last one repeats); records every request."""

    def __init__(self, *replies: Reply):
        self.replies = list(replies) or [Reply()]
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                fake.requests.append(
                    {"path": self.path, "json": json.loads(body.decode("utf-8"))}
                )
                reply = (
                    fake.replies.pop(0) if len(fake.replies) > 1 else fake.replies[0]
                )
                time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.api_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeStatbank:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def closed_port_url() -> str:
    """An API address on 127.0.0.1 where nothing listens: connection refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def source(path="data/raw/befolkning_dst.csv", **extra) -> dict:
    return {
        "id": "befolkning_dst",
        "path": str(path),
        "format": "statbank",
        "table": "FOLK1A",
        "query": {"OMRÅDE": ["000", "657"], "Tid": ["2020K1"]},
        **extra,
    }


# --- requests -----------------------------------------------------------


def test_request_posts_the_query_as_the_apis_json_body():
    request = build_request(source(), "https://api.statbank.dk/v1/")
    assert request.endpoint == "https://api.statbank.dk/v1/data"
    assert request.body == {
        "table": "FOLK1A",
        "format": "CSV",
        "lang": "da",
        "variables": [
            {"code": "OMRÅDE", "values": ["000", "657"]},
            {"code": "Tid", "values": ["2020K1"]},
        ],
    }
    # The same query as a GET address, shown in messages and the manifest.
    assert request.url == (
        "https://api.statbank.dk/v1/data/FOLK1A/CSV?lang=da"
        "&OMR%C3%85DE=000,657&Tid=2020K1"
    )
    assert (request.source_id, request.table) == ("befolkning_dst", "FOLK1A")


def test_star_selects_every_value_in_the_get_address():
    request = build_request(source(query={"Tid": ["*"]}), "https://x/v1")
    assert request.url == "https://x/v1/data/FOLK1A/CSV?lang=da&Tid=*"


def test_only_sources_with_a_table_are_fetched_with_the_keys_it_needs():
    declared = source(citation="Danmarks Statistik", example_data=False)
    catalogue = {"sources": [declared, {"id": "b", "path": "p", "format": "statbank"}]}
    assert fetched_sources(catalogue) == [
        {
            "id": "befolkning_dst",
            "path": "data/raw/befolkning_dst.csv",
            "table": "FOLK1A",
            "query": {"OMRÅDE": ["000", "657"], "Tid": ["2020K1"]},
        }
    ]
    assert fetched_paths(catalogue) == ["data/raw/befolkning_dst.csv"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(False, False), (True, True), ("true", True), ("True", True), ("false", False)],
)
def test_fetch_switch_accepts_the_command_line_spelling(value, expected):
    assert fetch_enabled(value) is expected


# --- what a Statistikbanken CSV looks like ---------------------------------


@pytest.mark.parametrize("content", [FOLK1A, DECIMALS])
def test_api_csv_is_accepted(content):
    assert validate_statbank_csv(content, source()) == []


def test_fetched_file_reads_as_the_ingest_reads_it():
    rows, problems, _ = statbank.read_statbank(
        statbank.decode(DECIMALS),
        "x.csv",
        statbank.StatbankColumns(),
        load_geographies(),
    )
    assert problems == []
    values = dict(zip(rows["geography"], rows["value"], strict=True))
    assert values["000"] == 12.5 and values["320"] == 8.25
    assert math.isnan(values["657"])  # '..' is missing, never 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (NOT_CSV, "ikke en CSV-fil fra Statistikbanken"),
        (ERROR_400, "ikke en CSV-fil fra Statistikbanken"),
        (b"", "ikke en CSV-fil fra Statistikbanken"),
        (b"OMR\xc3\x85DE,TID,INDHOLD\n000,2020,1\n", "ikke en CSV-fil"),
        ("OMRÅDE;TID;INDHOLD\r\n".encode(), "kun overskriften"),
        (
            "OMRÅDE;TID;INDHOLD\n000;2020;1\n000;2021\n".encode(),
            "linje 3: forventede 3 felter",
        ),
        (b"KOMK;TID;INDHOLD\n101;2020;1\n", "ikke OMR\u00c5DE"),
    ],
)
def test_what_is_not_a_statbank_csv_is_named(content, expected):
    [problem] = validate_statbank_csv(content, source())
    assert expected in problem


def test_columns_the_source_reads_with_are_checked():
    content = b"KOMK;TID;INDHOLD\n101;2020;1\n"
    assert validate_statbank_csv(content, source(geography="KOMK")) == []


@pytest.mark.parametrize(
    "content",
    [
        "TID;OMRÅDE;INDHOLD\n2020K1;Herning;89411\n".encode(),  # TID not next to it
        b"K\xc3\x98N;TID;INDHOLD\nI alt;2020;5822763\n",  # a national table
    ],
)
def test_api_answers_in_request_order_and_without_geography_are_accepted(content):
    national = source(query={"KØN": ["TOT"], "Tid": ["2020"]})
    assert validate_statbank_csv(content, national) == []


# --- the manifest ---------------------------------------------------------


def test_missing_manifest_is_empty(tmp_path):
    assert read_manifest(tmp_path / "MANIFEST.csv") == {}


def test_manifest_round_trip_and_update_keeps_other_rows():
    rows = parse_manifest(OLD_MANIFEST)
    assert rows == {
        "data/raw/andet.csv": {
            "url": "https://api.statbank.dk/v1/data/X/CSV?lang=da&Tid=2019",
            "fetched_at": "2025-01-02T03:04:05Z",
            "sha256": "0" * 64,
        }
    }
    assert format_manifest(rows) == OLD_MANIFEST
    request = build_request(source(), "https://api.statbank.dk/v1")
    download = Download(request, b"abc", "2026-11-24T09:30:05Z")
    updated = update_manifest(rows, [download])
    assert list(updated) == ["data/raw/andet.csv", "data/raw/befolkning_dst.csv"]
    assert updated["data/raw/befolkning_dst.csv"] == {
        "url": request.url,
        "fetched_at": "2026-11-24T09:30:05Z",
        # SHA-256 of "abc", from FIPS 180-2's examples
        "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    }


def test_malformed_manifest_names_file_and_fix(tmp_path):
    path = tmp_path / "MANIFEST.csv"
    path.write_text("fil,adresse\nx,y\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"MANIFEST.csv, linje 1: .*Ret: slet"):
        read_manifest(path)


# --- fetching from the local server ----------------------------------------


@pytest.fixture
def raw(tmp_path) -> Path:
    """A raw folder holding an earlier download and its manifest."""
    folder = tmp_path / "data/raw"
    folder.mkdir(parents=True)
    (folder / "befolkning_dst.csv").write_bytes(OLD_FILE)
    (folder / "MANIFEST.csv").write_text(OLD_MANIFEST, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder, temporaries included, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_fetch(raw: Path, api_url: str, session=None, sources=None, timeout=(2, 5)):
    params = {
        "sources": sources or [source(raw / "befolkning_dst.csv")],
        "api_url": api_url,
    }
    fetch_main(
        {},
        params,
        {"manifest": str(raw / "MANIFEST.csv")},
        [str(raw.parent / "fetch.log")],
        session=session or make_session(retries=1, backoff=0),
        timeout=timeout,
    )


def test_fetch_writes_the_response_byte_for_byte_and_the_manifest(raw):
    with FakeStatbank(Reply(body=FOLK1A)) as api:
        downloads = fetch_all(
            [source(raw / "befolkning_dst.csv")],
            api.api_url,
            make_session(retries=0),
            now=lambda: CLOCK,
        )
        write_downloads(downloads, raw / "MANIFEST.csv")

    [request] = api.requests
    assert request["path"] == "/v1/data"
    assert request["json"]["variables"][0] == {
        "code": "OMRÅDE",
        "values": ["000", "657"],
    }
    assert (raw / "befolkning_dst.csv").read_bytes() == FOLK1A  # BOM and CRLF kept
    manifest = read_manifest(raw / "MANIFEST.csv")
    assert manifest[str(raw / "befolkning_dst.csv")] == {
        "url": f"{api.api_url}/data/FOLK1A/CSV?lang=da&OMR%C3%85DE=000,657&Tid=2020K1",
        "fetched_at": "2026-11-24T09:30:05Z",
        "sha256": hashlib.sha256(FOLK1A).hexdigest(),
    }
    assert manifest["data/raw/andet.csv"]["fetched_at"] == "2025-01-02T03:04:05Z"
    assert sorted(p.name for p in raw.iterdir()) == [
        "MANIFEST.csv",
        "befolkning_dst.csv",
    ]


def test_server_error_then_success_is_retried(raw):
    replies = [Reply(500, b"Internal Server Error", "text/plain"), Reply(body=DECIMALS)]
    with FakeStatbank(*replies) as api:
        run_fetch(raw, api.api_url, make_session(retries=2, backoff=0))
    assert len(api.requests) == 2
    assert (raw / "befolkning_dst.csv").read_bytes() == DECIMALS


def test_timeout_is_retried_then_succeeds(raw):
    with FakeStatbank(Reply(delay=1.0), Reply(body=DECIMALS)) as api:
        downloads = fetch_all(
            [source(raw / "befolkning_dst.csv")],
            api.api_url,
            make_session(retries=1, backoff=0),
            timeout=(2, 0.3),
        )
    assert [d.content for d in downloads] == [DECIMALS]


ERROR_CASES = {
    "http_400_api_error": (
        [Reply(400, ERROR_400, "application/json; charset=utf-8")],
        [
            "HTTP 400",
            "EXTRACT-NOTFOUND: Der blev ikke fundet data",
            "config/indicators.yaml",
        ],
    ),
    "http_500_every_time": (
        [Reply(500, b"Internal Server Error", "text/plain")],
        ["HTTP 500", "prøv igen senere"],
    ),
    "timeout": ([Reply(delay=1.0)], ["inden for 0.3 sekunder", "prøv igen senere"]),
    "not_csv": ([Reply(body=NOT_CSV, content_type="text/html")], ["ikke en CSV-fil"]),
    "offline": (None, ["ingen forbindelse til 127.0.0.1", "netforbindelsen"]),
}


@pytest.mark.parametrize("case", ERROR_CASES, ids=str)
def test_every_failure_names_source_table_url_and_fix_and_changes_nothing(raw, case):
    replies, expected = ERROR_CASES[case]
    before = snapshot(raw)
    session = make_session(retries=1, backoff=0)
    if replies is None:
        api_url = closed_port_url()
        with pytest.raises(SystemExit) as stopped:
            run_fetch(raw, api_url, session)
    else:
        with FakeStatbank(*replies) as api, pytest.raises(SystemExit) as stopped:
            run_fetch(raw, api.api_url, session, timeout=(2, 0.3))
        api_url = api.api_url
        if case in ("http_500_every_time", "timeout"):
            assert len(api.requests) == 2  # retried once
    message = str(stopped.value.code)
    assert "befolkning_dst" in message
    assert "tabel FOLK1A" in message
    assert (
        f"{api_url}/data/FOLK1A/CSV?lang=da&OMR%C3%85DE=000,657&Tid=2020K1" in message
    )
    assert "Ret: " in message and "er ikke ændret" in message
    for words in expected:
        assert words in message
    assert snapshot(raw) == before


def test_broken_manifest_stops_before_any_download(raw):
    (raw / "MANIFEST.csv").write_text("fil;url\n", encoding="utf-8")
    before = snapshot(raw)
    with FakeStatbank() as api, pytest.raises(SystemExit) as stopped:
        run_fetch(raw, api.api_url)
    assert "MANIFEST.csv, linje 1" in str(stopped.value.code)
    assert api.requests == []
    assert snapshot(raw) == before


def test_one_failed_table_means_no_file_is_replaced(raw):
    (raw / "andet.csv").write_bytes(OLD_FILE)
    before = snapshot(raw)
    sources = [
        source(raw / "andet.csv", id="andet"),
        source(raw / "befolkning_dst.csv"),
    ]
    error = Reply(400, ERROR_400, "application/json")
    with FakeStatbank(Reply(body=FOLK1A), error) as api, pytest.raises(SystemExit):
        run_fetch(raw, api.api_url, sources=sources)
    assert len(api.requests) == 2
    assert snapshot(raw) == before


# --- the rule in the real workflow --------------------------------------


def declare_table(workdir: Path) -> None:
    """Give the published population source a table and query, in the copy."""
    path = workdir / "config/indicators.yaml"
    catalogue = yaml.safe_load(path.read_text(encoding="utf-8"))
    [befolkning] = [s for s in catalogue["sources"] if s["id"] == "befolkning_2020"]
    befolkning["table"] = "BEF2020"
    befolkning["query"] = {"OMRÅDE": ["657", "320"], "KØN": ["TOT"], "Tid": ["2020"]}
    path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")


def test_fetch_rule_is_off_by_default(workflow_copy):
    declare_table(workflow_copy)
    result = run_snakemake(workflow_copy, "--dry-run", "fetch_statbank")
    assert result.returncode != 0
    assert "No rule to produce fetch_statbank" in result.stdout + result.stderr
    planned = run_snakemake(workflow_copy, "-n")
    assert planned.returncode == 0, planned.stderr[-3000:]
    assert "rule ingest_indicators" in planned.stdout
    assert "rule fetch_statbank" not in planned.stdout


def test_fetch_rule_downloads_and_a_failed_refetch_keeps_the_files(workflow_copy):
    declare_table(workflow_copy)
    raw = workflow_copy / "data/raw"
    served = "\ufeffOMRÅDE;KØN;TID;INDHOLD\r\nHerning;I alt;2020;89411\r\n".encode()
    served += b"Faxe;I alt;2020;36647\r\n"

    with FakeStatbank(Reply(body=served), Reply(503, b"", "text/plain")) as api:
        options = ["--config", "fetch=true", f"statbank_api={api.api_url}"]
        planned = run_snakemake(workflow_copy, "-n", *options)
        assert "rule fetch_statbank" in planned.stdout  # no manifest yet

        fetched = run_snakemake(workflow_copy, "fetch_statbank", *options)
        assert fetched.returncode == 0, fetched.stderr[-3000:]
        assert (raw / "befolkning_2020.csv").read_bytes() == served
        manifest = read_manifest(raw / "MANIFEST.csv")
        assert list(manifest) == ["data/raw/befolkning_2020.csv"]
        assert manifest["data/raw/befolkning_2020.csv"]["sha256"] == (
            hashlib.sha256(served).hexdigest()
        )
        assert (
            "rule fetch_statbank"
            not in run_snakemake(workflow_copy, "-n", *options).stdout
        )

        before = snapshot(raw)
        refetch = run_snakemake(
            workflow_copy, "fetch_statbank", *options, "--forcerun", "fetch_statbank"
        )
    assert refetch.returncode != 0
    assert "HTTP 503" in refetch.stderr and "befolkning_2020" in refetch.stderr
    assert snapshot(raw) == before


def test_report_appendix_shows_where_and_when_each_file_was_fetched(workflow_copy):
    raw = workflow_copy / "data/raw"
    population = "data/raw/befolkning_2020.csv"
    homeless = "data/raw/hjemloese_vive.csv"
    digest = hashlib.sha256((workflow_copy / population).read_bytes()).hexdigest()
    rows = {
        population: {
            "url": "https://api.statbank.dk/v1/data/BEF2020/CSV?Tid=2020",
            "fetched_at": "2026-11-20T08:00:00Z",
            "sha256": digest,
        },
        homeless: {  # replaced by hand after the fetch
            "url": "https://api.statbank.dk/v1/data/HJEM1/CSV?Tid=*",
            "fetched_at": "2026-11-21T08:00:00Z",
            "sha256": "0" * 64,
        },
    }
    (raw / "MANIFEST.csv").write_text(format_manifest(rows), encoding="utf-8")

    result = run_snakemake(workflow_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    text = flat_text(workflow_copy / "reports/657/budgetmaal_2021.pdf")
    assert "Hentet 20. november 2026 kl. 08.00 UTC fra" in text
    assert "BEF2020/CSV?Tid=2020" in text.replace(" ", "")
    assert text.count("filen er ændret siden hentningen") == 1


def test_an_unreadable_download_is_fixed_by_the_fetch_command_in_its_message(
    workflow_copy,
):
    population = workflow_copy / "data/raw/befolkning_2020.csv"
    # two value columns (men, women) and no header: nothing says which is which
    population.write_text('"Herning";"2020";44000;45411\n"Faxe";"2020";18300;18347\n')
    refused = run_snakemake(workflow_copy, "results/indicators.csv")
    assert refused.returncode != 0
    message = refused.stderr + refused.stdout
    assert "befolkning_2020.csv" in message and "flere talkolonner" in message
    command = re.search(r"snakemake --cores 1 (--config fetch=true [^.;\n]+)", message)
    assert command, message[-3000:]

    declare_table(workflow_copy)
    served = "\ufeffOMRÅDE;KØN;TID;INDHOLD\r\nHerning;I alt;2020;89411\r\n".encode()
    served += b"Faxe;I alt;2020;36647\r\n"
    with FakeStatbank(Reply(body=served)) as api:
        arguments = (
            command[1]
            .replace("fetch=true", f"fetch=true statbank_api={api.api_url}")
            .split()
        )
        fixed = run_snakemake(workflow_copy, "results/indicators.csv", *arguments)
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    table = (workflow_copy / "results/indicators.csv").read_text(encoding="utf-8")
    assert "befolkning,657,2020,89411.0" in table
