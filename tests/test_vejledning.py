"""Every command in the analyst's guide, docs/vejledning.md, runs as the guide says.

Convention (the guide's maintainer note says the same, in Danish):

- The guide's commands are the fenced ```console blocks. A line starting with
  "$ " is a command, typed in the project folder; the lines under it, up to
  the next "$ ", are part of what it prints, in order ("…" stands for text
  left out; runs of whitespace count as one space). No other fenced block
  may hold commands: ```sh, ```bash and ```shell blocks are refused.
- ``<!-- fejl: name -->`` on the line above a block: the block shows an error
  message. The test first makes the fault FAULTS[name] (what the prose above
  the block describes), expects every command of the block to fail with the
  output shown, then undoes the fault.
- ``<!-- ændring: name -->``: the test first makes the edit CHANGES[name]
  that the prose above the block asks the analyst to make (kept), then
  expects every command to succeed with the output shown.
- ``<!-- besked: name -->`` above a ```text block: a message quoted without a
  command (a full disk cannot be made in a fast test); MESSAGES[name] has the
  package's own code write it, and the block must match.

All commands run in order in one copy of the workflow
(tools/workflow_copy.copy_workflow) with the Makefile and a ``.venv`` that
links to this test's virtual environment (so ``make report`` runs without
installing anything). Each command runs in its own bash, with the venv's bin
first on PATH (what the guide's `source .venv/bin/activate` does for the
analyst's terminal) and every network request sent to a closed local port
(the guide never reaches the Statistikbanken API). Each failure names the
guide's line and the command. The module-path commands of the fault set-ups
use the package's layout by stage (budgetmaal.running.run_lock,
budgetmaal.shared.outputs); the guide itself names no module.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_workflow, snakemake_environment

GUIDE = REPO / "docs" / "vejledning.md"
COMMAND_TIMEOUT = 300  # seconds; the whole guide takes about a minute

MARKER = re.compile(r"^<!--\s*(fejl|ændring|besked):\s*(\S+)\s*-->$")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
UNTESTED_SHELL = {"sh", "bash", "shell", "zsh", "shell-session"}


@dataclass
class Command:
    line: int  # 1-based line of the command in the guide
    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    line: int  # 1-based line of the opening fence
    language: str
    body: list[str]
    kind: str | None = None  # "fejl", "ændring" or "besked"
    name: str | None = None

    def commands(self) -> list[Command]:
        commands: list[Command] = []
        for offset, text in enumerate(self.body, start=self.line + 1):
            if text.startswith("$ "):
                commands.append(Command(offset, text[2:].strip()))
            elif text.strip():
                assert commands, (
                    f"docs/vejledning.md:{offset}: output before any «$ » command"
                )
                commands[-1].expected.append(text)
        return commands


def guide_blocks(text: str) -> list[Block]:
    """The fenced blocks of the guide, each with the marker on the line above."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, language = opening.groups()
        end = index + 1
        while not re.match(rf"^{re.escape(indent)}```\s*$", lines[end]):
            end += 1
        body = [line.removeprefix(indent) for line in lines[index + 1 : end]]
        block = Block(index + 1, language, body)
        marker = MARKER.match(lines[index - 1].strip()) if index else None
        if marker:
            block.kind, block.name = marker.groups()
        blocks.append(block)
        index = end + 1
    return blocks


def _normalised(text: str) -> str:
    return " ".join(text.split())


def missing_output(expected: list[str], output: str) -> str | None:
    """The first shown line whose pieces (split at «…») are not found in the
    output, in order; None when all are."""
    text, position = _normalised(output), 0
    for line in expected:
        for piece in map(_normalised, line.split("…")):
            if not piece:
                continue
            found = text.find(piece, position)
            if found < 0:
                return line
            position = found + len(piece)
    return None


# ---------------------------------------------------------------- the workflow


def guide_workdir(tmp_path: Path) -> Path:
    """The project folder as the analyst has it after `make`: the workflow,
    the Makefile and a .venv whose installation is up to date."""
    workdir = copy_workflow(tmp_path / "projekt")
    for name in ("Makefile", "requirements.txt", "requirements-cluster.txt"):
        shutil.copy2(REPO / name, workdir / name)
    prefix = Path(sys.prefix)
    assert prefix != Path(sys.base_prefix), "run the tests in a venv (make test)"
    venv = workdir / ".venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent, target_is_directory=True)
    for part in ("lib", "lib64", "include"):
        if (prefix / part).exists():
            (venv / part).symlink_to(prefix / part, target_is_directory=True)
    shutil.copy2(prefix / "pyvenv.cfg", venv / "pyvenv.cfg")
    installed = venv / ".installed"
    installed.touch()
    later = max(time.time(), (workdir / "requirements.txt").stat().st_mtime + 1)
    os.utime(installed, (later, later))
    # Never let `make report` install into the test's environment.
    question = subprocess.run(
        ["make", "--question", ".venv/.installed"], cwd=workdir, capture_output=True
    )
    assert question.returncode == 0, "make would reinstall .venv; the test will not"
    return workdir


def guide_environment(workdir: Path) -> dict[str, str]:
    """The environment of the guide's commands: the venv's bin first on PATH,
    no network (a closed local port as proxy), no outer make's flags."""
    bin_dir = str(Path(sys.executable).parent)
    closed = "http://127.0.0.1:9"
    environment = snakemake_environment(
        PATH=os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
        HTTP_PROXY=closed,
        HTTPS_PROXY=closed,
        http_proxy=closed,
        https_proxy=closed,
        NO_PROXY="",
        no_proxy="",
    )
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV"):
        environment.pop(name, None)
    return environment


def run_command(command: str, workdir: Path) -> subprocess.CompletedProcess:
    """Run one of the guide's commands; its output as a terminal shows it
    (stdout and stderr in one stream) is the result's stdout."""
    return subprocess.run(
        ["bash", "-c", command],
        cwd=workdir,
        env=guide_environment(workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )


# ---------------------------------------------- edits, faults and messages


def _replace_once(workdir: Path, relative: str, old: str, new: str) -> Callable:
    """Replace ``old`` (exactly once in the file) by ``new``; return the undo."""
    path = workdir / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{relative}: {old!r} is not there exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return lambda: path.write_text(text, encoding="utf-8")


def herning_30_pct(workdir: Path) -> None:
    """«retter du change_pct: -25 til change_pct: -30 under id: hjemloese_657»."""
    path = workdir / "config/targets.yaml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"  - id: hjemloese_657\n(?:    .*\n)+", text)
    assert block and block.group().count("change_pct: -25") == 1
    changed = block.group().replace("change_pct: -25", "change_pct: -30")
    path.write_text(text.replace(block.group(), changed), encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {"herning-30-pct": herning_30_pct}


def assessment_without_reason(workdir: Path) -> Callable:
    path = workdir / "config/targets.yaml"
    text = path.read_text(encoding="utf-8")
    reasons = re.findall(r"      reason: >-\n(?:        .*\n)+", text)
    assert len(reasons) == 1, "the sample has one assessment with a reason"
    return _replace_once(workdir, "config/targets.yaml", reasons[0], "")


def undeclared_file(workdir: Path) -> Callable:
    new = workdir / "data/raw/befolkning_2021.csv"
    shutil.copy2(workdir / "data/raw/befolkning_2020.csv", new)
    return new.unlink


def thousands_separator(workdir: Path) -> Callable:
    path = workdir / "data/raw/befolkning_2020.csv"
    text = path.read_text(encoding="utf-8")
    assert ";89411" in text and ";36647" in text
    path.write_text(
        text.replace(";89411", ";89.411").replace(";36647", ";36.647"),
        encoding="utf-8",
    )
    return lambda: path.write_text(text, encoding="utf-8")


def killed_run(workdir: Path) -> Callable:
    """A run killed with SIGKILL in the middle of a job: its lock stays."""
    # --forcerun: a job to be killed in, whatever the guide ran before.
    run = subprocess.Popen(
        ["snakemake", "--cores", "4", "--forcerun", "progress_table"],
        cwd=workdir,
        env=guide_environment(workdir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    locks = workdir / ".snakemake/locks"
    unfinished = workdir / ".snakemake/budgetmaal/unfinished"
    deadline = time.monotonic() + 120
    try:
        while not (any(locks.glob("*.lock")) and any(unfinished.glob("*.json"))):
            assert run.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no job started within 120 s"
            time.sleep(0.02)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert any(locks.glob("*.lock")), "the killed run left no lock"
    return lambda: None  # the guide's next block removes the lock


def run_in_progress(workdir: Path) -> Callable:
    """Another process of the workflow holds the folder's run lock."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from budgetmaal.running.run_lock import hold_run_lock\n"
            "hold_run_lock()\nprint('holding', flush=True)\ninput()",
        ],
        cwd=workdir,
        env={**guide_environment(workdir), "PYTHONPATH": "scripts"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"

    def release() -> None:
        holder.communicate("\n", timeout=30)

    return release


# Faults made by replacing one text, found once in one file: (file, text, by).
REPLACEMENTS = {
    "kolon-uden-anførselstegn": (
        "config/targets.yaml",
        'name: "Eksempelmål: antallet af hjemløse halveres fra 2015 til 2030"',
        "name: Eksempelmål: antallet af hjemløse halveres fra 2015 til 2030",
    ),
    "stavefejl-i-nøgle": (
        "config/targets.yaml",
        "baseline: {year: 2015}",
        "basline: {year: 2015}",
    ),
    "mål-uden-år": (
        "config/targets.yaml",
        "target: {year: 2030, change_pct: -50}",
        "target: {change_pct: -50}",
    ),
    "status-på-dansk": ("config/targets.yaml", "status: achieved", "status: opfyldt"),
    "sidste-år-forkert-sti": (
        "config/config.yaml",
        "previous_progress: data/previous/progress_2020_eksempel.csv",
        "previous_progress: data/previous/progress_2020.csv",
    ),
}


def _replacement(name: str) -> Callable[[Path], Callable]:
    return lambda workdir: _replace_once(workdir, *REPLACEMENTS[name])


FAULTS: dict[str, Callable[[Path], Callable]] = {
    **{name: _replacement(name) for name in REPLACEMENTS},
    "vurdering-uden-begrundelse": assessment_without_reason,
    "ny-fil-ikke-erklæret": undeclared_file,
    "tusindtalsskille": thousands_separator,
    "dræbt-kørsel": killed_run,
    "anden-kørsel-i-gang": run_in_progress,
}


def full_disk_message(folder: Path) -> str:
    """What a job says when the disk fills while it writes Herning's PDF."""
    from budgetmaal.shared.outputs import OutputNotWritten, atomic_path

    pdf = Path("reports/657/budgetmaal_2021.pdf")
    with (
        contextlib.chdir(folder),
        pytest.raises(OutputNotWritten) as stopped,
        atomic_path(pdf),
    ):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return str(stopped.value)


MESSAGES: dict[str, Callable[[Path], str]] = {"fuld-disk": full_disk_message}


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def blocks() -> list[Block]:
    return guide_blocks(GUIDE.read_text(encoding="utf-8"))


def test_every_command_block_is_a_tested_console_block(blocks):
    untested = [b.line for b in blocks if b.language in UNTESTED_SHELL]
    assert not untested, f"docs/vejledning.md: untested shell blocks at {untested}"
    stray = [
        b.line
        for b in blocks
        if b.language not in {"console", "text"}
        and any(line.startswith("$ ") for line in b.body)
    ]
    assert not stray, f"docs/vejledning.md: «$ » commands outside console at {stray}"
    consoles = [b for b in blocks if b.language == "console"]
    assert consoles and all(b.commands() for b in consoles)


def test_markers_and_the_tables_agree(blocks):
    used = {(b.kind, b.name) for b in blocks if b.kind}
    expected = (
        {("fejl", n) for n in FAULTS}
        | {("ændring", n) for n in CHANGES}
        | {("besked", n) for n in MESSAGES}
    )
    assert used == expected, (
        f"only in the guide: {used - expected}; only in the test: {expected - used}"
    )
    for block in blocks:
        if block.kind == "besked":
            assert block.language == "text", f"line {block.line}"
        elif block.kind:
            assert block.language == "console", f"line {block.line}"


def test_yaml_examples_parse(blocks):
    for block in (b for b in blocks if b.language == "yaml"):
        try:
            yaml.safe_load("\n".join(block.body))
        except yaml.YAMLError as error:
            pytest.fail(f"docs/vejledning.md:{block.line}: {error}")


def test_links_lead_somewhere():
    """Files beside the guide exist; #anchors are headings (GitHub's slugs)."""
    text = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
        if "://" in target:
            continue
        if target:
            assert (GUIDE.parent / target).exists(), f"broken link: {target}"
        elif anchor:
            assert anchor in anchors, f"no heading for #{anchor}"


def test_quoted_messages_are_the_codes_own(blocks, tmp_path):
    for block in (b for b in blocks if b.kind == "besked"):
        made = MESSAGES[block.name](tmp_path)
        missing = missing_output(block.body, made)
        assert missing is None, (
            f"docs/vejledning.md:{block.line} quotes {missing!r}; the code says {made!r}"
        )


def test_the_guides_commands_run_in_order(blocks, tmp_path):
    workdir = guide_workdir(tmp_path)
    started = time.monotonic()
    for block in (b for b in blocks if b.language == "console"):
        undo = None
        if block.kind == "fejl":
            undo = FAULTS[block.name](workdir)
        elif block.kind == "ændring":
            CHANGES[block.name](workdir)
        try:
            for command in block.commands():
                result = run_command(command.text, workdir)
                output = result.stdout
                where = f"docs/vejledning.md:{command.line}: `{command.text}`"
                if block.kind == "fejl":
                    assert result.returncode != 0, (
                        f"{where} should fail:\n{output[-3000:]}"
                    )
                else:
                    assert result.returncode == 0, (
                        f"{where} exited {result.returncode}:\n{output[-5000:]}"
                    )
                missing = missing_output(command.expected, output)
                assert missing is None, (
                    f"{where} did not print {missing!r}; it printed:\n{output[-5000:]}"
                )
        finally:
            if undo:
                undo()
    elapsed = time.monotonic() - started
    print(f"the guide's commands took {elapsed:.0f} s")
