"""The README is a front door and the pages in docs/ are reachable from it.

The README has at most 200 lines and links every page in docs/; no relative
link in README.md or docs/*.md is broken: each names a file that exists in
the project, and a link with an #anchor into a Markdown file names one of
its headings, slugged as GitHub does (github-slugger: lower case, every
character but letters, digits, marks, `_`, `-` and spaces dropped, spaces
made hyphens, a repeated heading numbered -1, -2, …).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
MAX_README_LINES = 200

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
# [text](target) and ![alt](target), the text possibly over several lines
# and holding one level of brackets; an optional "title" after the target.
LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
HTML_ID = re.compile(r"<a\s[^>]*(?:name|id)=\"([^\"]+)\"", re.IGNORECASE)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks (a fenced line becomes empty, so
    line numbers still count)."""
    lines, fence = [], None
    for line in text.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0]
            lines.append("")
        elif fence is not None:
            if match and match.group(1)[0] == fence:
                fence = None
            lines.append("")
        else:
            lines.append(line)
    return lines


def heading_text(markdown: str) -> str:
    """A heading as GitHub renders it to text: code spans, links and
    emphasis markers give their text."""
    text = CODE_SPAN.sub(lambda m: m.group(2).strip(), markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("*", "").strip()


def slug(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger, without the count)."""
    kept = (
        c
        for c in heading_text(heading).lower()
        if c in " -" or unicodedata.category(c)[0] in "LMN" or c == "_"
    )
    return "".join(kept).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor GitHub gives the Markdown file at ``path``."""
    lines = prose_lines(path.read_text(encoding="utf-8"))
    headings = []
    for number, line in enumerate(lines):
        atx = ATX_HEADING.match(line)
        if atx:
            headings.append(atx.group(1))
        elif (
            number + 1 < len(lines)
            and line.strip()
            and not line.lstrip().startswith(("|", "-", "*", ">"))
            and SETEXT_UNDERLINE.match(lines[number + 1])
            and (number == 0 or not lines[number - 1].strip())
        ):
            headings.append(line)
    found, seen = set(), {}
    for heading in headings:
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    text = path.read_text(encoding="utf-8")
    return found | set(HTML_ID.findall(text))


def links(path: Path) -> list[tuple[int, str]]:
    """The (line number, target) of every link in ``path`` outside code."""
    prose = "\n".join(prose_lines(path.read_text(encoding="utf-8")))
    prose = CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", "x", m.group(0)), prose)
    return [
        (prose.count("\n", 0, match.start()) + 1, match.group(1))
        for match in LINK.finditer(prose)
    ]


def resolve(page: Path, target: str, root: Path) -> Path:
    """The file a relative link from ``page`` names (``/x`` from ``root``)."""
    path = unquote(target.split("#", 1)[0])
    if not path:
        return page
    if path.startswith("/"):
        return (root / path.lstrip("/")).resolve()
    return (page.parent / path).resolve()


def broken_links(pages: list[Path], root: Path) -> list[str]:
    """One line per relative link in ``pages`` that names no file, a file
    outside ``root``, or a heading its Markdown file does not have."""
    broken = []
    for page in pages:
        for line, target in links(page):
            if SCHEME.match(target):
                continue
            where = f"{page.relative_to(root)}:{line}: ({target})"
            file = resolve(page, target, root)
            if not file.is_relative_to(root.resolve()):
                broken.append(f"{where} points outside the project")
            elif not file.exists():
                broken.append(f"{where}: no file {file.relative_to(root.resolve())}")
            elif "#" in target and file.suffix == ".md":
                anchor = unquote(target.split("#", 1)[1])
                if anchor not in anchors(file):
                    broken.append(
                        f"{where}: {file.name} has no heading with the anchor "
                        f"#{anchor} (its anchors: {', '.join(sorted(anchors(file)))})"
                    )
    return broken


def documentation_pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def test_the_readme_is_at_most_200_lines():
    count = len(README.read_text(encoding="utf-8").splitlines())
    assert count <= MAX_README_LINES, (
        f"README.md has {count} lines; keep it a front door of at most "
        f"{MAX_README_LINES} and move the detail into a page under docs/"
    )


def test_every_page_in_docs_is_linked_from_the_readme():
    linked = {resolve(README, target, REPO) for _, target in links(README)}
    unlinked = [
        page.name for page in sorted(DOCS.glob("*.md")) if page.resolve() not in linked
    ]
    assert unlinked == [], f"README.md links no docs/{', docs/'.join(unlinked)}"


def test_no_relative_link_in_the_readme_or_docs_is_broken():
    broken = broken_links(documentation_pages(), REPO)
    assert broken == [], "broken links:\n" + "\n".join(broken)


# The checks themselves: they find what they are meant to find.


def test_slugs_are_githubs():
    assert slug("`config/config.yaml`") == "configconfigyaml"
    assert slug("Last year's report beside this year's") == (
        "last-years-report-beside-this-years"
    )
    assert slug("Statistikbanken CSV (`format: statbank`)") == (
        "statistikbanken-csv-format-statbank"
    )
    assert slug("Når noget går galt") == "når-noget-går-galt"
    assert slug("«Det kræver nu»") == "det-kræver-nu"
    assert slug("10. The rules in the code") == "10-the-rules-in-the-code"
    assert slug("A — B") == "a--b"
    assert slug("[Link](x.md) and *emphasis*") == "link-and-emphasis"
    assert slug("snake_case names") == "snake_case-names"


def test_broken_files_anchors_and_escapes_are_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        "# Front door\n\n"
        "[good](docs/page.md#a-heading) and [also good](#front-door),\n"
        "[repeated](docs/page.md#a-heading-1), ![picture](docs/page.md)\n"
        "[missing file](docs/gone.md) and [missing\nheading](docs/page.md#nowhere)\n"
        "[outside](../x.md) [web](https://example.org/x#y)\n"
        "`[in code](docs/gone.md)`\n\n"
        "```\n[in a fence](docs/gone.md)\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "docs/page.md").write_text(
        "# Page\n\n## A heading\n\n## A heading\n\n```\n# not a heading\n```\n"
        "[back](../README.md#front-door) [fenced](page.md#not-a-heading)\n",
        encoding="utf-8",
    )
    pages = [tmp_path / "README.md", tmp_path / "docs/page.md"]
    broken = broken_links(pages, tmp_path)
    assert [line.split(": (")[0] for line in broken] == [
        "README.md:5",
        "README.md:5",
        "README.md:7",
        "docs/page.md:10",
    ], broken
    assert "no file docs/gone.md" in broken[0]
    assert "no heading with the anchor #nowhere" in broken[1]
    assert "outside the project" in broken[2]
