"""Content fingerprints of input files, whatever their modification times."""

from __future__ import annotations

import hashlib
import os

from budgetmaal.running.provenance import ABSENT, content_sha256


def test_a_rewrite_with_the_old_mtime_changes_the_fingerprint(tmp_path):
    extract = tmp_path / "extract.csv"
    extract.write_bytes(b"OMR\xc3\x85DE;TID;INDHOLD\nHerning;2017;104\n")
    before = os.stat(extract)
    first = content_sha256([extract])

    extract.write_bytes(b"OMR\xc3\x85DE;TID;INDHOLD\nHerning;2017;105\n")
    os.utime(extract, ns=(before.st_atime_ns, before.st_mtime_ns))

    second = content_sha256([extract])
    assert first != second
    assert second == {str(extract): hashlib.sha256(extract.read_bytes()).hexdigest()}


def test_missing_files_are_marked_absent_and_paths_sorted(tmp_path):
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    fingerprint = content_sha256([tmp_path / "b.csv", tmp_path / "a.csv"])
    assert list(fingerprint) == [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    assert fingerprint[str(tmp_path / "b.csv")] == ABSENT
