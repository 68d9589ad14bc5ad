"""What the live preview watches, and the saves it sees: the folders the
report is made from, told of changes by the operating system (watchfiles),
or, on a network drive, found by looking (``polled_saves``)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG

import yaml
from watchfiles import Change, DefaultFilter, watch

from budgetmaal.running.config_checks import safe_load
from budgetmaal.running.preview_build import CONFIG_FILE

# How often --poll looks at the files.
POLL_SECONDS = 0.3
# What a report is made from, besides the files config/config.yaml names.
WATCHED = ("config", "data", "reports/templates", "docs/metode_da.md")
# The keys of config/config.yaml that name them.
PATH_KEYS = (
    "indicators",
    "targets",
    "geography_list",
    "report_definitions",
    "raw_dir",
    "previous_progress",
)


def watched_paths(configfile: str | None) -> list[Path]:
    """The existing folders holding what the report is made from (a file's
    folder: editors often save by renaming a new file over the old one)."""
    named = [*WATCHED, CONFIG_FILE, configfile or CONFIG_FILE]
    named += _configured_paths(configfile)
    folders = {p if p.is_dir() else p.parent for p in map(Path, named)}
    folders = {p.resolve() for p in folders if p.is_dir()}
    return sorted(p for p in folders if not any(q in p.parents for q in folders))


def _configured_paths(configfile: str | None) -> list[str]:
    """The paths config.yaml (with ``configfile`` on top) names, read as YAML
    only: checking the config is the build's work, and this runs on every save."""
    config = {}
    try:
        for path in filter(None, (CONFIG_FILE, configfile)):
            config |= safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, TypeError):
        return []  # the default folders; the build shows the mistake
    return [v for k in PATH_KEYS if isinstance(v := config.get(k), str) and v]


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


def _relative(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path
