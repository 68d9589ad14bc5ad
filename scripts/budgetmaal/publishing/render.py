"""Render the report: Jinja2 templates to HTML, WeasyPrint HTML to PDF.

Text in the report comes from config and data, so autoescaping is on,
Markdown is rendered with raw HTML and images disabled, and the PDF
renderer only reads files under the templates folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "reports/templates"


def markdown_to_html(text: str) -> Markup:
    """Simple Markdown (paragraphs, lists, emphasis) to safe HTML; no raw HTML.

    Links, images, <autolinks> and entities (&amp;) are off, so that text
    such as <https://…> or &amp; is printed as written, as in the other fields.
    """
    parser = MarkdownIt("commonmark", {"html": False}).disable(
        ["image", "link", "autolink", "entity"]
    )
    return Markup(parser.render(text or ""))


@functools.cache
def template_environment(template_dir: Path = TEMPLATE_DIR) -> Environment:
    """Jinja2 environment with autoescaping and the Markdown filter; one per
    folder, so that the PDF and the HTML page compile the templates once."""
    environment = Environment(
        loader=FileSystemLoader(template_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["markdown"] = markdown_to_html
    return environment


def render_html(
    context: dict, template: str = "report.html.j2", template_dir: Path = TEMPLATE_DIR
) -> str:
    """The report as an HTML string."""
    return template_environment(template_dir).get_template(template).render(**context)


def render_standalone_html(
    context: dict, template: str = "report.html.j2", template_dir: Path = TEMPLATE_DIR
) -> str:
    """The report as one self-contained HTML page for the screen.

    The stylesheet is inline and the charts are data: URLs, so the page loads
    nothing; it uses the reader's own fonts.
    """
    css = (template_dir / "style.css").read_text(encoding="utf-8")
    # Our own stylesheet, not report text: it must not be HTML-escaped.
    return render_html(context | {"inline_css": Markup(css)}, template, template_dir)


def confined_fetcher(template_dir: Path = TEMPLATE_DIR):
    """A URL fetcher that serves files under ``template_dir`` and data: URLs only."""
    from weasyprint.urls import URLFetcher

    root = template_dir.resolve()

    class ConfinedFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"Adgang nægtet: {url} ligger uden for {root}")

    return ConfinedFetcher()


def write_pdf(
    html: str,
    target,
    created: date,
    template_dir: Path = TEMPLATE_DIR,
    fetcher=None,
) -> None:
    """Write a tagged PDF/UA-1 document with embedded fonts to ``target``.

    The same HTML and date give the same bytes: the file identifier is a
    hash of the HTML, and the embedded font subsets carry ``created`` as
    their timestamp instead of the time of the run. The running heads are
    made pagination artifacts (``pdf_tagging``).
    """
    import pikepdf
    from weasyprint import HTML

    from budgetmaal.publishing.pdf_tagging import mark_running_heads_as_artifacts

    fetcher = fetcher or confined_fetcher(template_dir)
    document = HTML(string=html, base_url=str(template_dir) + "/", url_fetcher=fetcher)
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    written = io.BytesIO()
    with _source_date_epoch(created):
        document.write_pdf(written, pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    tagged = io.BytesIO()
    with pikepdf.open(written) as pdf:
        mark_running_heads_as_artifacts(pdf)
        pdf.save(tagged, deterministic_id=True)
    # Written by Python, not by qpdf: qpdf aborts the process on a full disk,
    # which would leave its temporary file behind.
    if isinstance(target, str | os.PathLike):
        Path(target).write_bytes(tagged.getvalue())
    else:
        target.write(tagged.getvalue())


@contextlib.contextmanager
def _source_date_epoch(day: date):
    """fontTools stamps font subsets with SOURCE_DATE_EPOCH when it is set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    epoch = int(datetime.combine(day, time(), UTC).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
