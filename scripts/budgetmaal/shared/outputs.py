"""Writers that never leave a half-written file where a reader would find it."""

from __future__ import annotations

import contextlib
import errno
import filecmp
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the publishing job copies files and needs no pandas
    import pandas as pd

# Errors that say the output's folder cannot take it (the disk is full, the
# quota used, the file system read-only), not that the job is wrong.
FOLDER_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}
# Test hook of tests/reliability/test_kill_matrix.py: a job stops its whole
# process group (Snakemake included) with this signal at the named point.
FAILPOINT = "BUDGETMAAL_FAILPOINT"
# Called before each rename into place: a job run by the warm helper stops
# there if its Snakemake job has ended (budgetmaal.running.warm_helper).
BEFORE_PUBLISHING: list = []


class OutputNotWritten(Exception):
    """An output could not be written where it belongs; says which and why."""


def atomic_path(target: str | Path):
    """Yield a temporary path beside ``target``; rename it into place on success."""
    return _replaced_on_success(target, _temporary_file, os.unlink)


def atomic_directory(target: str | Path):
    """Yield a temporary folder beside ``target``; it replaces ``target`` on success."""
    return _replaced_on_success(target, _temporary_folder, _remove_folder)


@contextlib.contextmanager
def _replaced_on_success(target: str | Path, make_temporary, remove):
    """A temporary made by ``make_temporary`` beside ``target``, renamed over
    it when the block ends without error and removed by ``remove`` if not."""
    target = Path(target)
    with _naming_the_output(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(target)
        temporary = make_temporary(target)
        try:
            yield temporary
            failpoint(f"before-rename:{target.as_posix()}")
            for check in BEFORE_PUBLISHING:
                check()
            if temporary.is_dir() and target.exists():
                _swap_folders(temporary, target)
            else:
                os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                remove(temporary)


def _swap_folders(new: Path, target: Path) -> None:
    """Put the folder ``new`` where ``target`` is: two renames, so that
    readers miss ``target`` for an instant only; the old one is removed
    after (a kill leaves it hidden, for the next run to remove)."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, old / target.name)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _temporary_file(target: Path) -> Path:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    os.chmod(temporary, 0o666 & ~_current_umask())
    return Path(temporary)


def _remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _temporary_folder(target: Path) -> Path:
    temporary = tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent)
    os.chmod(temporary, 0o777 & ~_current_umask())
    return Path(temporary)


@contextlib.contextmanager
def _naming_the_output(target: Path):
    """A full disk or read-only folder, reported with the output it stopped."""
    try:
        yield
    except OutputNotWritten:
        raise
    except OSError as error:
        if error.errno not in FOLDER_ERRORS:
            raise
        raise OutputNotWritten(_not_written(target, error)) from error


def _not_written(target: Path, error: OSError) -> str:
    return (
        f"{target} blev ikke skrevet: {error.strerror} "
        f"({errno.errorcode[error.errno]}) i {target.parent}/. Frigør plads "
        "eller gør mappen skrivbar, og kør igen; ingen halvskrevet fil er "
        "efterladt."
    )


def stop_unless_writable(folders: list[str | Path]) -> None:
    """Raise OutputNotWritten naming each folder that cannot take a new file."""
    problems = unwritable_folders(folders)
    if problems:
        raise OutputNotWritten(
            "Kørslen er stoppet, før noget job gik i gang, og intet er ændret: "
            + "; ".join(problems)
            + ". Gør mappen skrivbar (eller kør i en kopi af projektet), og kør igen.",
        )


def unwritable_folders(folders: list[str | Path]) -> list[str]:
    """Danish problems of the output folders that cannot take a new file."""
    problems = []
    for folder in map(Path, folders):
        existing = next(p for p in (folder, *folder.parents) if p.exists())
        try:
            with tempfile.TemporaryFile(dir=existing):
                pass
        except OSError as error:
            problems.append(
                f"mappen {existing}/ kan ikke skrives i: {error.strerror} "
                f"({errno.errorcode.get(error.errno, error.errno)})"
            )
    return problems


def failpoint(name: str) -> None:
    """Stop the run here if the reliability tests ask for it (see FAILPOINT)."""
    point, _, signal_name = os.environ.get(FAILPOINT, "").partition("@")
    if point == name:
        os.killpg(os.getpgrp(), signal.Signals[signal_name or "SIGKILL"])


def _remove_stale_temporaries(target: Path) -> None:
    """Temporaries of ``target`` left by a run that was killed."""
    for stale in target.parent.glob(f".{target.name}.*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish_files(sources: list[str], targets: list[str]) -> None:
    """Copy each finished file to where readers look for it, atomically."""
    for source, target in zip(sources, targets, strict=True):
        with atomic_path(target) as temporary:
            shutil.copyfile(source, temporary)


def write_text(target: str | Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_json(target: str | Path, data: object) -> None:
    """Write JSON (UTF-8, sorted keys, readable) atomically."""
    write_text(
        target, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )


def write_csv(target: str | Path, frame: pd.DataFrame) -> None:
    """Write a tidy CSV: UTF-8, dot decimals, full float precision, no index.

    Analysts open these in Excel: text that it would run as a formula gets a
    leading ' (budgetmaal.assessing.tables reads it back without)."""
    from budgetmaal.shared.safe_text import spreadsheet_frame

    with atomic_path(target) as temporary:
        spreadsheet_frame(frame).to_csv(
            temporary, index=False, encoding="utf-8", lineterminator="\n"
        )


def setup_logging(log_file: str | Path | None) -> logging.Logger:
    """Log to the rule's log file and to stderr."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.WARNING,
        format="%(levelname)s %(message)s",
        handlers=handlers,
        force=True,
    )
    # WeasyPrint warns on every font that it subsets with fontTools rather
    # than HarfBuzz; the PDF is the same, and the analyst cannot act on it.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logger = logging.getLogger("budgetmaal")
    logger.setLevel(logging.INFO)  # our steps; libraries only warn
    return logger


def publish_folder(target: str | Path, files: dict[str, bytes | Path]) -> dict:
    """Make ``target`` hold exactly ``files`` (relative path -> bytes, or a
    file to copy), all at once: the new folder is made beside it and renamed
    over it. A file whose bytes are unchanged is the old file, hard-linked,
    so that it keeps its time; returns how many were written, kept, dropped."""
    target = Path(target)
    before = {
        p.relative_to(target).as_posix()
        for p in target.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    written = kept = 0
    with atomic_directory(target) as folder:
        for name, content in sorted(files.items()):
            old, new = target / name, folder / name
            new.parent.mkdir(parents=True, exist_ok=True)
            if _same_content(old, content) and _linked(old, new):
                kept += 1
                continue
            if isinstance(content, bytes):
                new.write_bytes(content)
            else:
                shutil.copyfile(content, new)
            written += 1
    return {"written": written, "kept": kept, "dropped": len(before - set(files))}


def _same_content(old: Path, content: bytes | Path) -> bool:
    if not old.is_file():
        return False
    if isinstance(content, bytes):
        return old.stat().st_size == len(content) and old.read_bytes() == content
    return filecmp.cmp(old, content, shallow=False)


def _linked(old: Path, new: Path) -> bool:
    """Hard-link ``old`` as ``new``; False where the file system cannot."""
    try:
        os.link(old, new)
    except OSError:
        return False
    return True
