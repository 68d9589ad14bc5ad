"""publish_folder: a folder that holds exactly the files given, replaced all
at once; a file whose bytes did not change is the old file (its inode and
time), and a failure leaves the old folder as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from budgetmaal.shared.outputs import publish_folder

# A time long ago, so that a kept file's time is told from a written one's
# on any file system's clock resolution.
LONG_AGO = 1_000_000_000_000_000_000


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


def _age(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(LONG_AGO, LONG_AGO))


def _leftovers(parent: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in parent.glob(f".{name}.*"))


def test_a_new_folder_holds_exactly_the_mapping(tmp_path):
    source = tmp_path / "rapport.pdf"
    source.write_bytes(b"%PDF-1.7 rapport")
    target = tmp_path / "site"

    counted = publish_folder(
        target,
        {
            "index.html": "<p>Forside – æøå</p>".encode(),
            "kommune/657/index.html": b"<p>Herning</p>",
            "kommune/657/budgetmaal_2021.pdf": source,
            "pagefind/fragment/da_1.pf_fragment": b"\x00\x01\x02",
        },
    )

    assert _files(target) == {
        "index.html": "<p>Forside – æøå</p>".encode(),
        "kommune/657/budgetmaal_2021.pdf": b"%PDF-1.7 rapport",
        "kommune/657/index.html": b"<p>Herning</p>",
        "pagefind/fragment/da_1.pf_fragment": b"\x00\x01\x02",
    }
    assert counted == {"written": 4, "kept": 0, "dropped": 0}
    # A copy, not the run's file itself: the site may be moved or edited.
    assert (target / "kommune/657/budgetmaal_2021.pdf").stat().st_ino != (
        source.stat().st_ino
    )
    assert _leftovers(tmp_path) == []


def test_an_unchanged_file_is_kept_a_changed_one_written_a_gone_one_dropped(tmp_path):
    source = tmp_path / "fremdrift.csv"
    source.write_bytes(b"target_id,status\nhjemloese_657,achieved\n")
    target = tmp_path / "site"
    publish_folder(
        target,
        {
            "index.html": b"<p>uaendret</p>",
            "kommune/657/fremdrift.csv": source,
            "kommune/657/index.html": b"<p>gammel</p>",
            "kommune/101/index.html": b"<p>udgaaet</p>",
            "assets/site.css": b"body{}",
        },
    )
    _age(target)
    kept = {
        name: _identity(target / name)
        for name in ("index.html", "kommune/657/fremdrift.csv", "assets/site.css")
    }
    # A reader that holds the old page sees the old page (no write in place).
    held = tmp_path / "held.html"
    os.link(target / "kommune/657/index.html", held)

    counted = publish_folder(
        target,
        {
            "index.html": b"<p>uaendret</p>",
            "kommune/657/fremdrift.csv": source,
            "kommune/657/index.html": b"<p>ny</p>",
            "assets/site.css": b"body{}",
            "maal/index.html": b"<p>ny side</p>",
        },
    )

    assert counted == {"written": 2, "kept": 3, "dropped": 1}
    assert _files(target) == {
        "assets/site.css": b"body{}",
        "index.html": b"<p>uaendret</p>",
        "kommune/657/fremdrift.csv": b"target_id,status\nhjemloese_657,achieved\n",
        "kommune/657/index.html": b"<p>ny</p>",
        "maal/index.html": b"<p>ny side</p>",
    }
    for name, identity in kept.items():
        assert _identity(target / name) == identity, name
    assert (target / "kommune/657/index.html").stat().st_mtime_ns > LONG_AGO
    assert held.read_bytes() == b"<p>gammel</p>"
    assert not (target / "kommune/101").exists()  # no empty folder left
    assert _leftovers(tmp_path) == []


def test_same_size_other_bytes_is_written(tmp_path):
    target = tmp_path / "site"
    publish_folder(target, {"data/progress.csv": b"status\naway\n"})
    _age(target)

    counted = publish_folder(target, {"data/progress.csv": b"status\nmiss\n"})

    assert counted == {"written": 1, "kept": 0, "dropped": 0}
    assert (target / "data/progress.csv").read_bytes() == b"status\nmiss\n"
    assert (target / "data/progress.csv").stat().st_mtime_ns > LONG_AGO


def test_a_changed_source_file_is_copied_again(tmp_path):
    source = tmp_path / "rapport.pdf"
    source.write_bytes(b"version 1")
    target = tmp_path / "site"
    publish_folder(target, {"rapport.pdf": source})
    _age(target)
    source.write_bytes(b"version 2")

    counted = publish_folder(target, {"rapport.pdf": source})

    assert counted == {"written": 1, "kept": 0, "dropped": 0}
    assert (target / "rapport.pdf").read_bytes() == b"version 2"


def test_a_failure_midway_leaves_the_old_folder_as_it_was(tmp_path):
    target = tmp_path / "site"
    publish_folder(
        target,
        {"index.html": b"<p>gammel</p>", "kommune/657/index.html": b"<p>Herning</p>"},
    )
    _age(target)
    before = _files(target)
    identities = {name: _identity(target / name) for name in before}

    with pytest.raises(OSError):
        publish_folder(
            target,
            {
                "index.html": b"<p>ny</p>",  # written to the new folder first
                "kommune/657/index.html": b"<p>Herning</p>",
                "zz/mangler.pdf": tmp_path / "findes-ikke.pdf",
            },
        )

    assert _files(target) == before
    assert {name: _identity(target / name) for name in before} == identities
    assert _leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_on_the_first_publish_leaves_no_folder(tmp_path):
    with pytest.raises(OSError):
        publish_folder(
            tmp_path / "site",
            {"a.html": b"x", "b.pdf": tmp_path / "findes-ikke.pdf"},
        )

    assert list(tmp_path.iterdir()) == []


def test_hidden_files_are_not_counted_and_a_killed_runs_folder_is_cleared(tmp_path):
    """Snakemake's .snakemake_timestamp is its own, not a page of the site;
    the half-made folder of a run that was killed goes with the next."""
    target = tmp_path / "site"
    publish_folder(target, {"index.html": b"x"})
    (target / ".snakemake_timestamp").write_bytes(b"")
    stale = tmp_path / ".site.abc123"
    (stale / "kommune").mkdir(parents=True)
    (stale / "kommune/index.html").write_bytes(b"halv")

    counted = publish_folder(target, {"index.html": b"x"})

    assert counted == {"written": 0, "kept": 1, "dropped": 0}
    assert _leftovers(tmp_path) == []


def test_an_empty_mapping_empties_the_folder(tmp_path):
    target = tmp_path / "site"
    publish_folder(target, {"a/b.html": b"x", "c.html": b"y"})

    counted = publish_folder(target, {})

    assert counted == {"written": 0, "kept": 0, "dropped": 2}
    assert target.is_dir() and list(target.iterdir()) == []
