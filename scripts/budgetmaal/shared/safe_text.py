"""Text from config and data that cannot break or hijack a report.

Two kinds of helper. The checks find characters no output can show as
they are written (control characters, halves of UTF-16 surrogate pairs,
non-characters, direction overrides, line separators, characters the
report's fonts cannot draw) and names too long to print; the config check
refuses them before any job runs. The escapes keep text that spreadsheets
would read as a formula (``=1+1``, ``@SUM(...)``) as text in the CSV files
and the workbook analysts open in Excel.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

FONT_DIR = Path(__file__).resolve().parents[3] / "reports/templates/fonts"
REPORT_FONTS = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
# Names are printed as headings, table cells, chart titles and sheet names;
# a chart title wraps at 80 characters and its figure has room for three lines.
NAME_KEYS = frozenset({"name", "title", "service_area", "committee"})
NAME_MAX = 200

# OWASP (CSV injection) and OWASP ASVS 1.2.10: a cell starting with one of
# these is read as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")

WHITESPACE_ALLOWED = {"\t", "\n"}
# Tags (U+E0000-E007F) spell hidden ASCII that no output shows.
TAG_CHARACTERS = range(0xE0000, 0xE0080)
DIRECTION_CONTROLS = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x2070)]}
LINE_SEPARATORS = {"\u2028", "\u2029"}


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it starts with
    = + - @, tab, CR or NUL and is not a plain number such as -3.5."""
    return text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text)


def spreadsheet_text(value):
    """A CSV cell that spreadsheets show as text: ``'`` before formula-like
    text (and before text that already starts with ``'`` and then a formula,
    so that :func:`from_spreadsheet_text` gives back exactly the original).
    Anything but a string is returned unchanged."""
    if isinstance(value, str) and is_formula_like(value.lstrip("'")):
        return "'" + value
    return value


def from_spreadsheet_text(value):
    """Undo :func:`spreadsheet_text` (for the pipeline reading its own CSVs)."""
    if isinstance(value, str) and is_formula_like(value.lstrip("'")):
        return value.removeprefix("'")
    return value


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made safe to open in a spreadsheet;
    numbers (also negative ones) stay numbers."""
    return _map_text(frame, spreadsheet_text)


def from_spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`spreadsheet_frame` on a frame read back from CSV."""
    return _map_text(frame, from_spreadsheet_text)


def _map_text(frame: pd.DataFrame, function) -> pd.DataFrame:
    """Apply ``function`` to the text cells that start like a formula or with
    ' (only those, so that large tables stay fast)."""
    changed = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        first = values.map(lambda v: v[:1] if isinstance(v, str) else "")
        candidates = first.isin([*FORMULA_STARTS, "'"])
        if candidates.any():
            values = values.copy()
            values[candidates] = values[candidates].map(function)
            changed[column] = values
    return frame.assign(**changed) if changed else frame


@functools.cache
def report_font_characters() -> frozenset[str]:
    """Every character that all faces of the shipped report font can draw."""
    from fontTools.ttLib import TTFont

    faces = [set(TTFont(FONT_DIR / f).getBestCmap()) for f in REPORT_FONTS]
    return frozenset(map(chr, set.intersection(*faces)))


def text_problems(text: str) -> list[str]:
    """What in ``text`` no output can show as written, in Danish, with the fix;
    empty if nothing. The text itself is not quoted, only code points."""
    problems = []
    for position, char in enumerate(text, start=1):
        problem = _character_problem(char, text, position)
        if problem:
            problems.append(problem)
    if problems:
        return problems[:3] + (
            [f"og {len(problems) - 3} tegn mere af samme slags"]
            if len(problems) > 3
            else []
        )
    return _undrawable(text)


def _character_problem(char: str, text: str, position: int) -> str | None:
    code = ord(char)
    where = f"som tegn nr. {position}"
    if char in WHITESPACE_ALLOWED:
        return None
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"indeholder et styretegn ({_u(char)}) {where}; fjern det"
    if 0xD800 <= code <= 0xDBFF and _low_surrogate_at(text, position):
        pair = text[position - 1 : position + 1]
        joined = pair.encode("utf-16", "surrogatepass").decode("utf-16")
        return (
            f"indeholder surrogatparret \\u{code:04x}\\u{ord(pair[1]):04x} {where}, "
            "som YAML ikke læser som ét tegn; skriv tegnet selv eller som "
            f"\\U{ord(joined):08X}"
        )
    if 0xDC00 <= code <= 0xDFFF and _high_surrogate_before(text, position):
        return None  # reported with the first half of the pair
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"indeholder en halv UTF-16-surrogat ({_u(char)}) {where}, som ikke er "
            "et tegn; skriv tegnet selv eller som \\U med 8 cifre, fx \\U0001F600"
        )
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"indeholder {_u(char)} {where}, som ikke er et tegn; fjern det"
    if char in DIRECTION_CONTROLS:
        return (
            f"indeholder et retningsstyretegn ({_u(char)}) {where}, der får teksten "
            "til at se anderledes ud, end den står; fjern det"
        )
    if code in TAG_CHARACTERS:
        return (
            f"indeholder et usynligt mærketegn ({_u(char)}) {where}, der kan skjule "
            "tekst; fjern det"
        )
    if char in LINE_SEPARATORS:
        return (
            f"indeholder et linje- eller afsnitsskilletegn ({_u(char)}) {where}; "
            "brug et almindeligt linjeskift"
        )
    return None


def _low_surrogate_at(text: str, position: int) -> bool:
    return position < len(text) and 0xDC00 <= ord(text[position]) <= 0xDFFF


def _high_surrogate_before(text: str, position: int) -> bool:
    return position >= 2 and 0xD800 <= ord(text[position - 2]) <= 0xDBFF


def _undrawable(text: str) -> list[str]:
    """Characters the report fonts lack, after composing letters and accents
    (a + U+030A is drawn as å); invisible formatting characters need no glyph."""
    drawable = report_font_characters()
    missing = []
    for char in unicodedata.normalize("NFC", text):
        if (
            char in drawable
            or char in WHITESPACE_ALLOWED
            or char in missing
            or unicodedata.category(char) == "Cf"
            or 0xFE00 <= ord(char) <= 0xFE0F  # variation selectors
        ):
            continue
        missing.append(char)
    if not missing:
        return []
    shown = ", ".join(f"«{c}» ({_u(c)})" for c in missing[:5])
    more = f" og {len(missing) - 5} tegn mere" if len(missing) > 5 else ""
    word, it = ("tegnet", "det") if len(missing) == 1 else ("tegnene", "dem")
    return [
        f"indeholder {word} {shown}{more}, som rapportens skrifttype ikke har, så "
        f"PDF'en ikke kan vise {it}; fjern {it} eller skriv {it} med ord (eller føj "
        f"{it} til UNICODES i tools/subset_report_fonts.py og lav skrifttypen igen)"
    ]


def _u(char: str) -> str:
    return f"U+{ord(char):04X}"


def name_problem(text: str) -> str | None:
    """A name (heading, table cell, chart title) longer than NAME_MAX."""
    if len(text) <= NAME_MAX:
        return None
    length = f"{len(text):,}".replace(",", ".")
    return (
        f"teksten er {length} tegn lang; et navn eller en titel må højst være "
        f"{NAME_MAX} tegn. Forkort den (længere tekst hører til i challenge, goal "
        "eller paths)"
    )


def document_text_problems(document: object) -> list[str]:
    """Every problem of every text (keys included) in a loaded YAML document,
    as 'nøgle <path>: <problem>'; names (NAME_KEYS) also get the length check."""
    problems = []
    for path, key, text in _texts(document, ""):
        found = text_problems(text)
        if key in NAME_KEYS and isinstance(text, str):
            found += [p for p in [name_problem(text)] if p]
        problems += [f"nøgle {path or '(øverst)'}: {p}" for p in found]
    return problems


def _texts(node: object, path: str) -> Iterator[tuple[str, str | None, str]]:
    """(key path, key, text) of every string in a nested document, keys too."""
    if isinstance(node, str):
        yield path, path.rsplit(".", 1)[-1] if path else None, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            child = f"{path}.{_printable(str(key))}" if path else _printable(str(key))
            if isinstance(key, str):
                yield child, None, key
            yield from _texts(value, child)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            label = f"{path}[{index}]"
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                label += f" ({_printable(item['id'])})"
            yield from _texts(item, label)


def _printable(text: str) -> str:
    """A key or id for a message: what cannot be shown as U+XXXX, shortened."""
    shown = "".join(
        c if c.isprintable() and c in report_font_characters() else f"[{_u(c)}]"
        for c in text[:60]
    )
    return shown + ("…" if len(text) > 60 else "")
