"""The IO behind the static site: the run's files offered for download,
with their size and SHA-256, and Pagefind's search index of the pages."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from budgetmaal.publishing.site_context import Download
from budgetmaal.running.provenance import sha256_of

# Danish: «hjemløse» and «hjemløshed» share a stem in Pagefind's index.
PAGEFIND = [sys.executable, "-m", "pagefind", "--force-language", "da", "--quiet"]


def download(path: str | Path, label: str, name: str | None = None) -> Download:
    """A file of the run as a page offers it: ``name`` (else its own) beside the page."""
    path = Path(path)
    return Download(
        name=name or path.name,
        label=label,
        size=path.stat().st_size,
        sha256=sha256_of(path),
    )


def search_index(pages: dict[str, str]) -> dict[str, bytes]:
    """Pagefind's index of ``pages`` (site-relative path -> HTML), as the
    files of the site's pagefind/ folder."""
    with tempfile.TemporaryDirectory(prefix="budgetmaal-pagefind-") as work:
        site, bundle = Path(work) / "site", Path(work) / "pagefind"
        for name, html in pages.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(html, encoding="utf-8")
        result = subprocess.run(
            [*PAGEFIND, "--site", str(site), "--output-path", str(bundle)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"Pagefind kunne ikke lave søgeindekset:\n{result.stderr[-3000:]}"
            )
        return {
            f"pagefind/{p.relative_to(bundle).as_posix()}": p.read_bytes()
            for p in sorted(bundle.rglob("*"))
            if p.is_file()
        }
