"""A PDF's text as a reader's copy-and-paste gets it, read with PDFium
(pypdfium2): pypdf's extract_text parses the fonts' ToUnicode maps again for
every chart it enters, about 3 s for Herning's 23 pages instead of 0.06 s.
The tests still read metadata, tags and bookmarks with pypdf."""

from __future__ import annotations

from pathlib import Path

import pypdfium2


def page_texts(source: Path | str | bytes) -> list[str]:
    """The text of each page, lines ending in "\\n", a hyphen that ends a
    line kept before the line break (PDFium marks it U+FFFE instead)."""
    document = pypdfium2.PdfDocument(source)
    try:
        return [_page_text(document[number]) for number in range(len(document))]
    finally:
        document.close()


def flat_text(source: Path | str | bytes) -> str:
    """The whole document's text with every run of white space as one space."""
    return " ".join(" ".join(page_texts(source)).split())


def _page_text(page: pypdfium2.PdfPage) -> str:
    text_page = page.get_textpage()
    try:
        text = text_page.get_text_range()
        return text.replace("\r\n", "\n").replace("\ufffe", "-\n")
    finally:
        text_page.close()
        page.close()


def word_lefts(source: Path | str | bytes, word: str) -> list[float | None]:
    """Where ``word`` (whole, case kept) first starts on each page, in points
    from the page's left edge; None on a page without it."""
    document = pypdfium2.PdfDocument(source)
    try:
        return [_word_left(document[n], word) for n in range(len(document))]
    finally:
        document.close()


def _word_left(page: pypdfium2.PdfPage, word: str) -> float | None:
    text_page = page.get_textpage()
    try:
        searcher = text_page.search(word, match_case=True, match_whole_word=True)
        found = searcher.get_next()
        return None if found is None else text_page.get_charbox(found[0])[0]
    finally:
        text_page.close()
        page.close()
