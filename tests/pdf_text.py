"""A PDF's text as a reader's copy-and-paste gets it, read with PDFium
(pypdfium2): pypdf's extract_text parses the fonts' ToUnicode maps again for
every chart it enters, about 3 s for Herning's 23 pages instead of 0.06 s.
The tests still read metadata, tags and bookmarks with pypdf."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pypdfium2

Read = TypeVar("Read")


def page_texts(source: Path | str | bytes) -> list[str]:
    """The text of each page, lines ending in "\\n", a hyphen that ends a
    line kept before the line break (PDFium marks it U+FFFE instead)."""
    return _each_page(source, _page_text)


def flat_text(source: Path | str | bytes) -> str:
    """The whole document's text with every run of white space as one space."""
    return " ".join(" ".join(page_texts(source)).split())


def word_lefts(source: Path | str | bytes, word: str) -> list[float | None]:
    """Where ``word`` (whole, case kept) first starts on each page, in points
    from the page's left edge; None on a page without it."""
    return _each_page(source, lambda text_page: _word_left(text_page, word))


def _each_page(
    source: Path | str | bytes, read: Callable[[pypdfium2.PdfTextPage], Read]
) -> list[Read]:
    document = pypdfium2.PdfDocument(source)
    try:
        return [read(text_page) for text_page in _text_pages(document)]
    finally:
        document.close()


def _text_pages(document: pypdfium2.PdfDocument) -> Iterator[pypdfium2.PdfTextPage]:
    for number in range(len(document)):
        page = document[number]
        text_page = page.get_textpage()
        try:
            yield text_page
        finally:
            text_page.close()
            page.close()


def _page_text(text_page: pypdfium2.PdfTextPage) -> str:
    text = text_page.get_text_range()
    return text.replace("\r\n", "\n").replace("\ufffe", "-\n")


def _word_left(text_page: pypdfium2.PdfTextPage, word: str) -> float | None:
    searcher = text_page.search(word, match_case=True, match_whole_word=True)
    found = searcher.get_next()
    return None if found is None else text_page.get_charbox(found[0])[0]
