"""The live preview of one municipality's HTML report (``make preview``).

Makes the report (``preview_build``), serves it (``preview_server``) and
makes it again on every save of a file it is made from (watchfiles), in one
warm process. Writes only into a temporary folder, removed when it stops
(Ctrl+C or SIGTERM); takes no run lock and touches no output of the
pipeline.
"""

from __future__ import annotations

import argparse
import logging
import queue
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from stat import S_ISREG

from watchfiles import Change, DefaultFilter, watch

from budgetmaal.running.job_calls import Folders
from budgetmaal.running.preview_build import (
    CONFIG_FILE,
    PreviewError,
    ReportBuilder,
    load_config,
)
from budgetmaal.running.preview_server import PreviewServer, PreviewState
from budgetmaal.shared.formatting import number

# How often --poll looks at the files.
POLL_SECONDS = 0.3
# What a report is made from, besides the files config/config.yaml names.
WATCHED = ("config", "data", "reports/templates", "docs/metode_da.md")


def watched_paths(configfile: str | None) -> list[Path]:
    """The existing folders holding what the report is made from (a file's
    folder: editors often save by renaming a new file over the old one)."""
    named = [*WATCHED, CONFIG_FILE, configfile or CONFIG_FILE]
    try:
        config = load_config(configfile)
        named += [config[k] for k in ("indicators", "targets", "geography_list")]
        named += [config["report_definitions"], config["raw_dir"]]
        named += [config.get("previous_progress") or CONFIG_FILE]
    except Exception:  # noqa: BLE001 - the first build shows the mistake
        pass  # the default folders only
    folders = {p if p.is_dir() else p.parent for p in map(Path, named)}
    folders = {p.resolve() for p in folders if p.is_dir()}
    return sorted(p for p in folders if not any(q in p.parents for q in folders))


class SourceFilter(DefaultFilter):
    """The default filter (no editor swap files, no __pycache__), and of
    docs/ only the methodology."""

    def __init__(self, docs: Path):
        super().__init__()
        self.docs = docs.resolve()

    def __call__(self, change, path: str) -> bool:
        inside_docs = Path(path).parent == self.docs
        return super().__call__(change, path) and (
            not inside_docs or Path(path).name == "metode_da.md"
        )


def polled_saves(
    paths: list[Path], keep, stop: threading.Event, looking: threading.Event
) -> Iterator[set[str]]:
    """The files added, changed or removed under ``paths``, found by looking
    every POLL_SECONDS, until ``stop``. By time to the nanosecond and size:
    watchfiles' own polling compares whole seconds, and misses a save in the
    second of the one before it."""
    before = file_stamps(paths, keep)
    looking.set()
    while not stop.wait(POLL_SECONDS):
        after = file_stamps(paths, keep)
        saved = {
            p for p in before.keys() | after.keys() if before.get(p) != after.get(p)
        }
        before = after
        if saved:
            yield saved


def file_stamps(paths: list[Path], keep) -> dict[str, tuple[int, int]]:
    """Modification time (ns) and size of every file under ``paths`` that
    ``keep`` keeps."""
    stamps = {}
    for path in (p for root in paths for p in root.rglob("*")):
        try:
            stat = path.stat()
        except OSError:  # removed while looking: seen as removed next time
            continue
        if S_ISREG(stat.st_mode) and keep(Change.modified, str(path)):
            stamps[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def rebuild(builder: ReportBuilder, state: PreviewState, log: logging.Logger) -> str:
    """Make the report again and show it, or show the mistake over the last
    good one; a line for the terminal. Never raises for a bad file."""
    started = time.perf_counter()
    try:
        report = builder.build()
    except PreviewError as error:
        state.show_error(str(error), datetime.now())
        return f"fejl: {str(error).splitlines()[0]} (se siden)"
    except Exception as error:  # noqa: BLE001 - the preview must not die
        log.exception("uventet fejl")
        message = (
            f"Uventet fejl: {type(error).__name__}: {error}\n"
            "Forhåndsvisningen kører videre; ret filen, og gem igen. "
            "Kør snakemake for hele fejlbeskeden."
        )
        state.show_error(message, datetime.now())
        return f"fejl: {type(error).__name__}: {error}"
    state.show_report(report, datetime.now())
    return f"ny rapport på {number(time.perf_counter() - started, 1)} s"


class Watcher(threading.Thread):
    """Collects the saves of what the report is made from, from before the
    first report on (a save while it is made is not lost), into ``changes``;
    the folders follow config.yaml (a new raw_dir, say). ``poll``: look at
    the files every POLL_SECONDS instead of being told (a network drive)."""

    def __init__(self, configfile: str | None, poll: bool):
        super().__init__(daemon=True)
        self.configfile, self.poll = configfile, poll
        self.changes: queue.Queue[set[str]] = queue.Queue()
        self.stop = threading.Event()
        self.watching = threading.Event()  # set once a save would be seen

    def run(self) -> None:
        while not self.stop.is_set():
            paths = watched_paths(self.configfile)
            for saved in self._saves(paths):
                self.changes.put({_relative(path) for path in saved})
                if watched_paths(self.configfile) != paths:
                    break

    def _saves(self, paths: list[Path]) -> Iterator[set[str]]:
        keep = SourceFilter(Path("docs"))
        if self.poll:
            yield from polled_saves(paths, keep, self.stop, self.watching)
            return
        for changes in watch(
            *paths,
            watch_filter=keep,
            stop_event=self.stop,
            # An empty set now and then: the watch is set once one comes.
            rust_timeout=200,
            yield_on_timeout=True,
        ):
            self.watching.set()
            if changes:
                yield {path for _, path in changes}

    def next_changes(self) -> list[str]:
        """The files saved since the last call, waiting for one."""
        changed = self.changes.get()
        while not self.changes.empty():
            changed |= self.changes.get_nowait()
        return sorted(changed)


def serve(
    kommune: str,
    configfile: str | None,
    port: int,
    ready: Iterable = (),
    poll: bool = False,
) -> None:
    """Run the preview until interrupted; ``ready`` callbacks get the
    server's address once the first report is made (``poll``: Watcher)."""
    with tempfile.TemporaryDirectory(prefix="budgetmaal-preview-") as folder:
        root = Path(folder)
        folders = Folders(root / "results", root / "reports", root / "logs")
        builder = ReportBuilder(kommune, folders, configfile)
        state = PreviewState()
        server = PreviewServer(state, root / "pdf", port)
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        watcher = Watcher(configfile, poll)
        try:
            watcher.start()
            serving.start()
            watcher.watching.wait(timeout=30)
            _say(f"laver rapporten for {kommune} …")
            _say(rebuild(builder, state, builder.log))
            for callback in ready:
                callback(server.address)
            while True:
                changed = ", ".join(watcher.next_changes())
                _say(f"{changed} ændret: " + rebuild(builder, state, builder.log))
        finally:
            watcher.stop.set()
            state.close()
            server.shutdown()
            server.stop_making_pdfs()
            server.server_close()
            builder.close()
            watcher.join(timeout=5)


def _relative(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def _say(line: str) -> None:
    print(f"{datetime.now():%H.%M.%S} {line}", flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Forhåndsvisning af én kommunes rapport, der følger med, "
        "når du gemmer."
    )
    parser.add_argument("kommune", help="kommunekoden, fx 657")
    parser.add_argument("--configfile", help="som snakemake --configfile")
    parser.add_argument("--port", type=int, default=0, help="0: en ledig port")
    parser.add_argument(
        "--poll",
        action="store_true",
        help="se efter ændringer hvert 0,3 sekund i stedet for at få besked fra "
        "systemet: til filer på et netværksdrev",
    )
    arguments = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    announce = lambda address: _say(  # noqa: E731
        f"åbn {address} i browseren (stop med Ctrl+C)"
    )
    try:
        serve(
            arguments.kommune,
            arguments.configfile,
            arguments.port,
            [announce],
            arguments.poll,
        )
    except KeyboardInterrupt:
        _say("forhåndsvisningen er stoppet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
