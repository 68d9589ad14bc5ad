"""The renderer escapes text, renders Markdown safely and fetches nothing outside
the templates folder."""

from __future__ import annotations

import io
from datetime import date

from pdf_text import page_texts

from budgetmaal.publishing.render import (
    TEMPLATE_DIR,
    confined_fetcher,
    markdown_to_html,
    template_environment,
    write_pdf,
)

HOSTILE = '<img src=file:///etc/passwd> <script>alert(1)</script> <b style="background: url(http://127.0.0.1:9/x)">'


def test_autoescape_prints_markup_as_text():
    template = template_environment().from_string("<p>{{ text }}</p>")
    html = template.render(text=HOSTILE)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html


def test_markdown_keeps_lists_and_emphasis_but_not_html_links_or_images():
    html = markdown_to_html(
        "- én\n- *to*\n\n" + HOSTILE + "\n\n![x](file:///etc/passwd) [y](http://x.dk)"
    )
    assert "<li>én</li>" in html and "<em>to</em>" in html
    assert "<img" not in html and "<script>" not in html and "<a " not in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html


def test_fetcher_serves_templates_and_refuses_everything_else():
    fetcher = confined_fetcher()
    response = fetcher.fetch((TEMPLATE_DIR / "style.css").as_uri())
    assert b"@page" in response.read()
    for url in (
        "file:///etc/passwd",
        (TEMPLATE_DIR / "../../README.md").as_uri(),
        "http://127.0.0.1:9/x.css",
        "https://example.invalid/x.png",
    ):
        try:
            fetcher.fetch(url)
        except ValueError:
            pass
        else:
            raise AssertionError(f"fetched {url}")
    assert len(fetcher.refused) == 4


def test_pdf_renderer_does_not_fetch_hostile_urls_in_html():
    fetcher = confined_fetcher()
    html = (
        '<html lang="da"><head><title>t</title>'
        "<style>@import url(file:///etc/passwd); p { background: url(http://127.0.0.1:9/a) }</style>"
        '</head><body><p>Æble, ø og å</p><img src="file:///etc/passwd" alt="x">'
        '<img src="http://127.0.0.1:9/b.png" alt="y"></body></html>'
    )
    target = io.BytesIO()
    write_pdf(html, target, created=date(2026, 11, 24), fetcher=fetcher)
    assert set(fetcher.refused) >= {"file:///etc/passwd", "http://127.0.0.1:9/b.png"}
    text = page_texts(target.getvalue())[0]
    assert "Æble, ø og å" in text
    assert "root:" not in text
