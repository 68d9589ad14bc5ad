"""Writers that never leave a half-written file where a reader would find it."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from budgetmaal.safe_text import spreadsheet_frame


@contextlib.contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside ``target``; rename it into place on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    os.chmod(temporary, 0o666 & ~_current_umask())
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


@contextlib.contextmanager
def atomic_directory(target: str | Path):
    """Yield a temporary folder beside ``target``; it replaces ``target`` on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(target)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    os.chmod(temporary, 0o777 & ~_current_umask())
    try:
        yield temporary
        if target.exists():
            shutil.rmtree(target)
        os.replace(temporary, target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


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
    leading ' (budgetmaal.tables reads it back without)."""
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
