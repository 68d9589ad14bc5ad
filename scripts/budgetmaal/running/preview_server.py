"""The live preview's web server: the report, the frame around it and
nothing else, on 127.0.0.1 only.

Paths are looked up exactly in a fixed table (``routes``), so a request for
anything else (``../``, an absolute path, ``%2e%2e``) is 404. The report page
is served as the pipeline writes it; the frame page (reports/templates/
preview/) holds it in an iframe, shows a mistake above it and reloads it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from babel.dates import format_time

from budgetmaal.publishing.render import (
    TEMPLATE_DIR,
    confined_fetcher,
    render_html,
    template_environment,
    write_pdf,
)

PREVIEW_TEMPLATES = TEMPLATE_DIR / "preview"
# How long a request for the next state waits before it answers unchanged.
LONG_POLL_SECONDS = 20.0
FRAME_POLICY = "default-src 'self'; frame-ancestors 'self'"
REPORT_POLICY = "frame-ancestors 'self'"
NO_REPORT_YET = (
    '<!DOCTYPE html><html lang="da"><meta charset="utf-8"><title>Ingen rapport'
    "</title><p>Der er ingen rapport at vise endnu: ret fejlen øverst på siden, "
    "og gem.</p></html>"
)


@dataclass(frozen=True)
class Shown:
    """What the preview shows: the last good report (a
    preview_build.PreviewReport), the mistake of the last save, if any, and
    a number that grows with every change of either."""

    version: int = 0
    report_version: int = 0
    report: object | None = None
    error: str | None = None
    status: str = "Rapporten laves …"


@dataclass
class PreviewState:
    """The shown state, swapped whole; waiters are woken on each change."""

    shown: Shown = field(default_factory=Shown)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    closed: bool = False

    def show_report(self, report, when: datetime) -> None:
        with self._changed:
            version = self.shown.version + 1
            self.shown = Shown(version, version, report, None, _status(when))
            self._changed.notify_all()

    def show_error(self, error: str, when: datetime) -> None:
        with self._changed:
            self.shown = replace(
                self.shown,
                version=self.shown.version + 1,
                error=error,
                status=_status(when, "Fejl i ændringen"),
            )
            self._changed.notify_all()

    def newer_than(self, version: int, timeout: float = LONG_POLL_SECONDS) -> Shown:
        """The shown state once its version is past ``version`` (or on
        timeout, or when the preview stops)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.shown.version > version or self.closed, timeout
            )
            return self.shown

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def _status(when: datetime, what: str = "Opdateret") -> str:
    return f"{what} kl. {format_time(when, 'HH.mm.ss', locale='da_DK')}."


class PreviewServer(ThreadingHTTPServer):
    """Serves ``state`` on 127.0.0.1 at a free port (``port``); PDFs are
    made on request into ``pdf_folder``."""

    daemon_threads = True

    def __init__(self, state: PreviewState, pdf_folder: Path, port: int = 0):
        super().__init__(("127.0.0.1", port), PreviewHandler)
        self.state, self.pdf_folder = state, pdf_folder
        self._pdf_lock = threading.Lock()
        self._pdfs_stopped = False

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def pdf_of(self, shown: Shown) -> Path:
        """The PDF of the shown report, made the first time it is asked for."""
        report = shown.report
        path = self.pdf_folder / str(shown.report_version) / report.pdf_name
        with self._pdf_lock:
            if self._pdfs_stopped:
                raise RuntimeError("forhåndsvisningen er ved at stoppe")
            if not path.is_file():
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".tmp")
                write_pdf(
                    render_html(report.context),
                    partial,
                    created=report.report_date,
                    fetcher=confined_fetcher(),
                )
                partial.replace(path)
        return path

    def stop_making_pdfs(self) -> None:
        """Wait for a PDF being made, and make no more: the folder is about
        to be removed."""
        with self._pdf_lock:
            self._pdfs_stopped = True


def routes(shown: Shown) -> dict[str, str]:
    """Path -> what it serves, for the shown state; nothing else is served."""
    table = {
        "/": "frame",
        "/rapport.html": "report",
        "/preview.css": "asset",
        "/preview.js": "asset",
        "/tilstand": "state",
    }
    if shown.report is not None:
        table[f"/{shown.report.pdf_name}"] = "pdf"
    return table


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        url = urlsplit(self.path)
        shown = self.server.state.shown
        kind = routes(shown).get(url.path) if self._host_is_ours() else None
        if kind is None:
            self._send(HTTPStatus.NOT_FOUND, b"Findes ikke.", "text/plain")
        elif kind == "state":
            self._send_state(url.query)
        elif kind == "pdf":
            self._send_pdf(shown)
        elif kind == "asset":
            path = PREVIEW_TEMPLATES / url.path.lstrip("/")
            self._send(HTTPStatus.OK, path.read_bytes(), _content_type(path))
        elif kind == "report":
            page = shown.report.html if shown.report else NO_REPORT_YET
            self._send(HTTPStatus.OK, page.encode(), "text/html", REPORT_POLICY)
        else:
            self._send(HTTPStatus.OK, frame_page(shown).encode("utf-8"), "text/html")

    def _host_is_ours(self) -> bool:
        """Only requests addressed to this server (not another name that
        resolves here: DNS rebinding)."""
        port = self.server.port
        return self.headers.get("Host") in {f"127.0.0.1:{port}", f"localhost:{port}"}

    def _send_state(self, query: str) -> None:
        after = parse_qs(query).get("efter", ["-1"])[0]
        version = int(after) if after.lstrip("-").isdigit() else -1
        shown = self.server.state.newer_than(version)
        state = {
            "version": shown.version,
            "report_version": shown.report_version,
            "error": shown.error,
            "status": shown.status,
        }
        self._send(HTTPStatus.OK, json.dumps(state).encode(), "application/json")

    def _send_pdf(self, shown: Shown) -> None:
        try:
            pdf = self.server.pdf_of(shown).read_bytes()
        except Exception as error:  # noqa: BLE001 - told to the reader, not fatal
            message = f"PDF'en kunne ikke laves: {type(error).__name__}: {error}"
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, message.encode(), "text/plain")
            return
        self._send(HTTPStatus.OK, pdf, "application/pdf")

    def _send(
        self, status, body: bytes, content_type: str, policy: str = FRAME_POLICY
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # The report keeps its own policy (a meta element); REPORT_POLICY
        # only keeps it out of other sites' frames.
        self.send_header(
            "Content-Security-Policy",
            policy,
        )
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET  # noqa: N815

    def log_message(self, format, *args) -> None:  # noqa: A002
        """Quiet: the terminal shows the saves, not every request."""


def frame_page(shown: Shown) -> str:
    """The page around the report."""
    report = shown.report
    context = report.context if report else None
    title = (
        f"{context['title']}, {context['kommune']['name']}" if context else "rapporten"
    )
    template = template_environment(PREVIEW_TEMPLATES).get_template("index.html.j2")
    return template.render(
        title=title,
        version=shown.version,
        report_version=shown.report_version,
        status=shown.status,
        error=shown.error,
        pdf_name=report.pdf_name if report else None,
    )


def _content_type(path: Path) -> str:
    return {".css": "text/css", ".js": "text/javascript"}[path.suffix]
