"""The live preview's parts without a browser: the shown state, the paths
it serves, the files it watches and a build that fails."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
from watchfiles import Change

from budgetmaal.running.preview import rebuild
from budgetmaal.running.preview_build import PreviewError, PreviewReport
from budgetmaal.running.preview_server import PreviewState, frame_page, routes
from budgetmaal.running.preview_watch import SourceFilter, watched_paths

NOON = datetime(2026, 12, 2, 12, 0, 5)


def report(html: str = "<p>rapport</p>") -> PreviewReport:
    context = {"title": "Mål for Budget 2021", "kommune": {"name": "Herning Kommune"}}
    return PreviewReport(html, context, NOON.date(), "budgetmaal_2021.pdf")


def test_a_mistake_is_shown_over_the_last_good_report_until_the_next_one():
    state = PreviewState()
    first = report()
    state.show_report(first, NOON)
    state.show_error("1 fejl i config/targets.yaml:\n  - linje 3: …", NOON)
    shown = state.shown
    assert shown.report is first and shown.error.startswith("1 fejl")
    assert (shown.version, shown.report_version) == (2, 1)
    assert shown.status == "Fejl i ændringen kl. 12.00.05."
    second = report("<p>ny</p>")
    state.show_report(second, NOON)
    assert state.shown.report is second and state.shown.error is None
    assert (state.shown.version, state.shown.report_version) == (3, 3)


def test_a_waiting_request_is_answered_at_the_next_change_or_on_close():
    state = PreviewState()
    state.show_report(report(), NOON)
    assert state.newer_than(0, timeout=5).version == 1  # already newer: at once
    started = time.monotonic()
    assert state.newer_than(1, timeout=0.2).version == 1  # nothing new: timeout
    assert time.monotonic() - started >= 0.2
    threading.Timer(0.1, state.show_error, ("fejl", NOON)).start()
    assert state.newer_than(1, timeout=5).error == "fejl"
    threading.Timer(0.1, state.close).start()
    started = time.monotonic()
    assert state.newer_than(2, timeout=5).version == 2
    assert time.monotonic() - started < 4


def test_only_the_fixed_paths_are_served():
    assert set(routes(PreviewState().shown)) == {
        "/",
        "/rapport.html",
        "/preview.css",
        "/preview.js",
        "/tilstand",
    }
    state = PreviewState()
    state.show_report(report(), NOON)
    assert routes(state.shown)["/budgetmaal_2021.pdf"] == "pdf"


def test_the_frame_page_escapes_the_mistake_and_names_the_report():
    state = PreviewState()
    state.show_report(report(), NOON)
    state.show_error('nøgle name: "<script>alert(1)</script>"', NOON)
    page = frame_page(state.shown)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Forhåndsvisning: Mål for Budget 2021, Herning Kommune" in page
    assert 'href="budgetmaal_2021.pdf"' in page and ">Lav PDF<" in page


def test_with_no_report_yet_there_is_no_pdf_link():
    state = PreviewState()
    state.show_error("1 fejl i config/config.yaml", NOON)
    page = frame_page(state.shown)
    assert "Lav PDF" not in page and "1 fejl i config/config.yaml" in page


class Failing:
    def __init__(self, error: Exception):
        self.error = error

    def build(self):
        raise self.error


@pytest.mark.parametrize(
    "error, shown",
    [
        (
            PreviewError("1 fejl i config/targets.yaml:\n  - x"),
            "1 fejl i config/targets.yaml",
        ),
        (KeyError("focus_areas"), "Uventet fejl: KeyError: 'focus_areas'"),
        (RecursionError("dybt"), "Uventet fejl: RecursionError: dybt"),
    ],
)
def test_a_failed_build_is_shown_and_the_preview_goes_on(error, shown):
    import logging

    state = PreviewState()
    good = report()
    state.show_report(good, NOON)
    line = rebuild(Failing(error), state, logging.getLogger("test"))
    assert line.startswith("fejl: ")
    assert state.shown.error.startswith(shown)
    assert state.shown.report is good


def test_an_interrupt_is_not_swallowed():
    import logging

    with pytest.raises(KeyboardInterrupt):
        rebuild(Failing(KeyboardInterrupt()), PreviewState(), logging.getLogger("test"))


def test_of_docs_only_the_methodology_is_watched(tmp_path):
    keep = SourceFilter(tmp_path / "docs")
    docs = tmp_path / "docs"
    assert keep(Change.modified, str(docs / "metode_da.md"))
    assert not keep(Change.modified, str(docs / "outputs.md"))
    assert keep(Change.modified, str(tmp_path / "config/targets.yaml"))
    assert not keep(Change.modified, str(tmp_path / "config/.targets.yaml.swp"))
    assert not keep(Change.added, str(tmp_path / "config/targets.yaml~"))


def test_the_watched_folders_hold_every_input_once(tmp_path, monkeypatch):
    for folder in (
        "config/reports",
        "data/raw",
        "data/reference",
        "reports/templates",
        "docs",
    ):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "config/config.yaml").write_text("{", encoding="utf-8")  # unreadable
    monkeypatch.chdir(tmp_path)
    watched = watched_paths(None)
    assert watched == sorted(
        (tmp_path / f).resolve()
        for f in ("config", "data", "docs", "reports/templates")
    )


def test_once_stopping_no_pdf_is_made_into_the_folder_being_removed(tmp_path):
    from budgetmaal.running.preview_server import PreviewServer

    state = PreviewState()
    state.show_report(report(), NOON)
    server = PreviewServer(state, tmp_path / "pdf")
    try:
        assert server.address == f"http://127.0.0.1:{server.port}/"
        server.stop_making_pdfs()
        with pytest.raises(RuntimeError, match="ved at stoppe"):
            server.pdf_of(state.shown)
    finally:
        server.server_close()
    assert not (tmp_path / "pdf").exists()


def test_looking_finds_saves_in_the_same_second_and_removals(tmp_path):
    from budgetmaal.running.preview_watch import polled_saves

    config = tmp_path / "config"
    config.mkdir()
    (config / "targets.yaml").write_text("a", encoding="utf-8")
    (config / "reports.yaml").write_text("b", encoding="utf-8")
    stop, looking = threading.Event(), threading.Event()
    saves = polled_saves([config], SourceFilter(tmp_path / "docs"), stop, looking)
    found = []
    collecting = threading.Thread(target=lambda: found.extend(saves))
    collecting.start()
    assert looking.wait(5)
    for text in ("ab", "abc"):  # twice within a second: both seen
        (config / "targets.yaml").write_text(text, encoding="utf-8")
        time.sleep(0.5)
    (config / "reports.yaml").unlink()
    (config / ".targets.yaml.swp").write_text("editor", encoding="utf-8")
    time.sleep(0.5)
    stop.set()
    collecting.join(5)
    assert found == [
        {str(config / "targets.yaml")},
        {str(config / "targets.yaml")},
        {str(config / "reports.yaml")},
    ]
