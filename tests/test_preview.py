"""The live preview (scripts/preview.py) on copies of the sample: in
Chromium as the analyst uses it, its page against a Snakemake run's byte for
byte, its messages against the pipeline's, and what it leaves behind."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import run_snakemake
from pdf_text import page_texts
from test_vejledning import FAULTS

from budgetmaal.running.job_calls import Folders
from budgetmaal.running.preview_build import PreviewError, ReportBuilder
from preview_process import running_preview, set_herning_target

HERNING_HTML = "reports/657/budgetmaal_2021.html"
HERNING_PDF = "reports/657/budgetmaal_2021.pdf"


@contextmanager
def preview(workdir: Path, scratch: Path, *arguments: str) -> Iterator:
    """The preview of Herning in ``workdir`` (tools/preview_process.py);
    yields (process, address) once it is ready."""
    with running_preview(workdir, scratch, *arguments) as (process, address, _):
        yield process, address


def stop(process, how: signal.Signals = signal.SIGTERM) -> str:
    """Stop the preview as a terminal (Ctrl+C) or a service manager would;
    what it printed."""
    process.send_signal(how)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    return output


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def processes_in(folder: Path) -> list[str]:
    """Command lines of the running processes that name ``folder``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(proc / "cwd")
        except (OSError, ValueError):
            continue
        if str(folder) in command or cwd == str(folder):
            found.append(command)
    return found


def get(address: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    """A GET of ``path`` exactly as written (no normalising of ``..``)."""
    match = re.match(r"http://([\d.]+):(\d+)/", address)
    connection = http.client.HTTPConnection(match.group(1), int(match.group(2)))
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def edit(workdir: Path, relative: str, old: str, new: str) -> None:
    path = workdir / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{relative}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- in Chromium ------------------------------------------------------------------


def test_the_page_follows_each_save_and_shows_a_mistake_over_the_last_report(
    workflow_copy, tmp_path
):
    from playwright.sync_api import expect

    from browser_checks import axe_violations, chromium

    before = files_of(workflow_copy)
    scratch = tmp_path / "tmp"
    with preview(workflow_copy, scratch) as (process, address), chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(address)
        report = page.frame_locator("#rapport").locator("body")
        problem = page.locator("#fejl")
        expect(report).to_contain_text("højst 113 (2020)", timeout=20_000)
        frame = page.frame(url=re.compile(r"rapport\.html$"))
        frame.evaluate("window.scrollTo(0, 1500)")

        set_herning_target(workflow_copy, -40)
        expect(report).to_contain_text("højst 90 (2020)", timeout=20_000)
        expect(report).not_to_contain_text("højst 113 (2020)")
        page.wait_for_function("document.body.dataset.shownReport === '2'")
        # Kept to within a line (Chromium's scroll anchoring may move it a little).
        assert abs(frame.evaluate("window.scrollY") - 1500) <= 30

        edit(workflow_copy, "config/targets.yaml", *_colon_without_quotes())
        expect(problem).to_be_visible(timeout=20_000)
        expect(problem).to_contain_text("1 fejl i config/targets.yaml")
        expect(problem).to_contain_text("linje 90, kolonne 22: ikke gyldig YAML")
        expect(report).to_contain_text("højst 90 (2020)")

        assert axe_violations(page) == [], "the frame page, a mistake shown"
        edit(workflow_copy, "config/targets.yaml", *reversed(_colon_without_quotes()))
        expect(problem).to_be_hidden(timeout=20_000)
        expect(report).to_contain_text("højst 90 (2020)")

        edit(
            workflow_copy,
            "config/reports/657.yaml",
            "ca. 150 hjemløse",
            "ca. 140 hjemløse",
        )
        expect(report).to_contain_text("Der er ca. 140 hjemløse", timeout=20_000)

        link = page.get_by_role("link", name="Lav PDF")
        made = page.request.get(address + link.get_attribute("href"))
        assert made.ok and made.headers["content-type"].startswith("application/pdf")
        assert "Der er ca. 140 hjemløse" in _pdf_text(made.body())
        page.close()
        stop(process)

    assert processes_in(workflow_copy) == []
    assert list(scratch.iterdir()) == [], "the temporary folder is removed"
    changed = {
        path
        for path, data in files_of(workflow_copy).items()
        if before.get(path) != data
    }
    assert changed == {"config/targets.yaml", "config/reports/657.yaml"}


def _colon_without_quotes() -> tuple[str, str]:
    return (
        'name: "Eksempelmål: antallet af hjemløse halveres fra 2015 til 2030"',
        "name: Eksempelmål: antallet af hjemløse halveres fra 2015 til 2030",
    )


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


# --- what it serves, writes and leaves --------------------------------------------


def test_after_an_edit_the_page_and_pdf_equal_a_snakemake_run_byte_for_byte(
    workflow_copy, tmp_path
):
    """…and a Snakemake run goes ahead while the preview runs (it holds no
    run lock), and the preview wrote nothing under results/ or reports/."""
    set_herning_target(workflow_copy, -40)
    edit(
        workflow_copy, "config/reports/657.yaml", "ca. 150 hjemløse", "ca. 140 hjemløse"
    )
    outputs_before = files_of(workflow_copy / "reports")
    with preview(workflow_copy, tmp_path / "tmp") as (process, address):
        status, page = get(address, "/rapport.html")
        assert status == 200
        status, pdf = get(address, "/budgetmaal_2021.pdf")
        assert status == 200
        assert not (workflow_copy / "results").exists()
        assert files_of(workflow_copy / "reports") == outputs_before
        result = run_snakemake(workflow_copy)
        assert result.returncode == 0, result.stderr[-3000:]
        stop(process)
    assert "Der er ca. 140 hjemløse" in page.decode()
    assert page == (workflow_copy / HERNING_HTML).read_bytes()
    assert pdf == (workflow_copy / HERNING_PDF).read_bytes()


@pytest.mark.parametrize(
    "how", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl+C", "SIGTERM"]
)
def test_stopped_it_leaves_no_process_and_no_file(workflow_copy, tmp_path, how):
    before = files_of(workflow_copy)
    scratch = tmp_path / "tmp"
    with preview(workflow_copy, scratch) as (process, address):
        assert get(address, "/budgetmaal_2021.pdf")[0] == 200  # a PDF in its folder
        assert any(scratch.iterdir())
        assert "forhåndsvisningen er stoppet" in stop(process, how)
    assert processes_in(workflow_copy) == []
    assert list(scratch.iterdir()) == []
    assert files_of(workflow_copy) == before


def test_it_serves_the_report_and_its_own_files_and_nothing_else(
    workflow_copy, tmp_path
):
    with preview(workflow_copy, tmp_path / "tmp") as (process, address):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", address)
        for path in ("/", "/rapport.html", "/preview.js", "/preview.css", "/tilstand"):
            assert get(address, path)[0] == 200, path
        outside = [
            "/../config/config.yaml",
            "/../../../../etc/passwd",
            "/%2e%2e/config/config.yaml",
            "/%2E%2E%2Fconfig%2Fconfig.yaml",
            "/rapport.html/../../Snakefile",
            "//etc/passwd",
            "/etc/passwd",
            str(workflow_copy / "config/config.yaml"),
            "/config/targets.yaml",
            "/reports/templates/style.css",
            "/preview/index.html.j2",
            "/index.html.j2",
            "/.",
            f"http://127.0.0.1:{address.split(':')[2]}/../Snakefile",
        ]
        for path in outside:
            status, body = get(address, path)
            assert (status, body) == (404, b"Findes ikke."), path
        port = address.split(":")[2].rstrip("/")
        assert get(address, "/", host=f"example.org:{port}")[0] == 404
        stop(process)


def test_started_on_a_broken_file_it_shows_the_mistake_then_the_mended_report(
    workflow_copy, tmp_path
):
    """…also when it looks for changes itself (--poll: a network drive)."""
    edit(workflow_copy, "config/targets.yaml", *_colon_without_quotes())
    with preview(workflow_copy, tmp_path / "tmp", "--poll") as (process, address):
        state = json.loads(get(address, "/tilstand")[1])
        assert state["report_version"] == 0
        assert "linje 90, kolonne 22: ikke gyldig YAML" in state["error"]
        assert b"Der er ingen rapport at vise endnu" in get(address, "/rapport.html")[1]
        assert get(address, "/budgetmaal_2021.pdf")[0] == 404
        edit(workflow_copy, "config/targets.yaml", *reversed(_colon_without_quotes()))
        state = json.loads(get(address, f"/tilstand?efter={state['version']}")[1])
        assert state["report_version"] == state["version"] and state["error"] is None
        assert b"Herning Kommune" in get(address, "/rapport.html")[1]
        stop(process)


# --- its messages are the pipeline's ------------------------------------------------

MISTAKES = [
    "kolon-uden-anførselstegn",  # YAML that does not parse
    "stavefejl-i-nøgle",  # an unknown key
    "mål-uden-år",  # a target without a year
    "vurdering-uden-begrundelse",  # an assessment without a reason
    "tusindtalsskille",  # an extract that does not read
]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_is_shown_as_the_pipeline_words_it(
    workflow_copy, tmp_path, monkeypatch, mistake
):
    FAULTS[mistake](workflow_copy)
    monkeypatch.chdir(workflow_copy)
    builder = ReportBuilder("657", _folders(tmp_path), None)
    with pytest.raises(PreviewError) as shown:
        builder.build()
    result = run_snakemake(workflow_copy)
    assert result.returncode != 0
    lines = str(shown.value).splitlines()
    assert len(lines) >= 2 and re.match(r"\d+ fejl i ", lines[0])
    pipeline = _spaced(result.stderr)
    for line in lines:
        assert _spaced(line) in pipeline, line


def test_an_extract_that_is_not_text_is_named_with_its_fix(
    workflow_copy, tmp_path, monkeypatch
):
    (workflow_copy / "data/raw/befolkning_2020.csv").write_bytes(
        b"PK\x03\x04\xff\xfe\x00"
    )
    monkeypatch.chdir(workflow_copy)
    with pytest.raises(PreviewError) as shown:
        ReportBuilder("657", _folders(tmp_path), None).build()
    result = run_snakemake(workflow_copy)
    assert "data/raw/befolkning_2020.csv" in str(shown.value)
    for line in str(shown.value).splitlines():
        assert _spaced(line) in _spaced(result.stderr), line


def test_a_municipality_outside_the_run_is_named_with_the_fix(
    workflow_copy, tmp_path, monkeypatch
):
    monkeypatch.chdir(workflow_copy)
    with pytest.raises(
        PreviewError, match=r"kommune 101 er ikke med i kørslen .*657, 320"
    ):
        ReportBuilder("101", _folders(tmp_path), None).build()


def test_following_that_fix_gives_the_report(workflow_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(workflow_copy)
    edit(workflow_copy, "config/config.yaml", '["657", "320"]', '["657"]')
    builder = ReportBuilder("320", _folders(tmp_path), None)
    with pytest.raises(PreviewError) as shown:
        builder.build()
    assert "tilføj den under kommuner: i config/config.yaml" in str(shown.value)
    assert (workflow_copy / "config/reports/320.yaml").is_file()
    edit(workflow_copy, "config/config.yaml", '["657"]', '["657", "320"]')
    assert "Faxe Kommune" in builder.build().html


def _folders(root: Path) -> Folders:
    return Folders(root / "results", root / "reports", root / "logs")


def _spaced(text: str) -> str:
    return " ".join(text.split())


# --- warm: what did not change is not made again ---------------------------------


def test_a_second_build_makes_again_only_what_changed(
    workflow_copy, tmp_path, monkeypatch
):
    from budgetmaal.publishing import charts
    from budgetmaal.running import preview_build

    monkeypatch.chdir(workflow_copy)
    calls = {"ingest": 0, "chart": 0}
    ingest, figure = preview_build.ingest, charts.trajectory_figure

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(preview_build, "ingest", counted("ingest", ingest))
    monkeypatch.setattr(charts, "trajectory_figure", counted("chart", figure))
    builder = ReportBuilder("657", _folders(tmp_path), None)
    first = builder.build()
    drawn = calls["chart"]
    assert calls["ingest"] == 1 and drawn > 2
    assert builder.build().html == first.html
    assert calls == {"ingest": 1, "chart": drawn}

    set_herning_target(workflow_copy, -40)
    changed = builder.build()
    assert "højst 90 (2020)" in changed.html
    # hjemloese_657's own chart, and none of the others.
    assert calls == {"ingest": 1, "chart": drawn + 1}

    edit(workflow_copy, "data/raw/befolkning_2020.csv", ";89411", ";89412")
    builder.build()
    assert calls["ingest"] == 2
