"""A corpus of hostile or merely unusual texts for the report's free-text fields.

Each is either shown as written (``refused`` is None) or refused before any
job with a Danish message containing ``refused``. ``markdown`` is what a
Markdown field (challenge, goal, paths) shows where Markdown gives the text
a meaning of its own (``*fed*`` is emphasis); None means the same as ``text``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    key: str
    kind: str
    text: str
    refused: str | None = None
    markdown: str | None = None

    @property
    def shown_in_markdown(self) -> str:
        return self.text if self.markdown is None else self.markdown


def _prose(length: int) -> str:
    words = ["kommunen", "borgere", "hjemløshed", "indsats", "og", "på", "målet"]
    chooser = random.Random(14)
    text = ""
    while len(text) < length:
        text += chooser.choice(words) + " "
    return text[: length - 1] + "."


LONG_PROSE = _prose(50_000)
LONG_WORD = "Socialforvaltningsudviklingsprojekt" * 5  # 175 characters, no space
VERY_LONG_WORD = "Hjemløshedsbekæmpelsesstrategi" * 40  # 1,200 characters

CORPUS = [
    # Markup: autoescaped everywhere, never a tag.
    Hostile("style", "markup", "</style><style>body{display:none}</style>"),
    Hostile("script", "markup", '</script><script>alert("x")</script>'),
    Hostile("img_onerror", "markup", "<img src=x onerror=alert(1)>"),
    Hostile("attribute_break", "markup", '"><svg onload=alert(1)>'),
    Hostile("bold_tags", "markup", "<b>fed</b> & <i>kursiv</i>"),
    Hostile("entities", "markup", "&amp; &lt;b&gt; &#x41; &nbsp; &copy;"),
    Hostile("comment", "markup", "<!-- skjult -->synlig"),
    Hostile("cdata", "markup", "]]><![CDATA[<x>]]>"),
    Hostile("javascript_link", "markup", '<a href="javascript:alert(1)">klik</a>'),
    Hostile("iframe", "markup", '<iframe src="file:///etc/passwd"></iframe>'),
    Hostile("meta_refresh", "markup", '<meta http-equiv="refresh" content="0;url=x">'),
    Hostile("base", "markup", '<base href="file:///etc/">'),
    # CSS: text, never a stylesheet; the PDF renderer fetches nothing.
    Hostile("css_url", "css", "url(file:///etc/passwd)"),
    Hostile("css_import", "css", '@import url("file:///etc/passwd");'),
    Hostile("css_rule", "css", "body { background: url(http://127.0.0.1:9/x) }"),
    Hostile("css_link", "css", '</td></tr></table><link rel="stylesheet" href="x">'),
    Hostile("css_expression", "css", "expression(alert(1))"),
    # Markdown: links, images, autolinks and entities are off.
    Hostile("md_image", "markdown", "![x](file:///etc/passwd)"),
    Hostile("md_link", "markdown", "[klik](javascript:alert(1))"),
    Hostile("md_autolink", "markdown", "<https://example.invalid/sti>"),
    Hostile("md_js_autolink", "markdown", "<javascript:alert(1)>"),
    Hostile("md_reference", "markdown", "[x]: javascript:alert(1) [x]"),
    Hostile(
        "md_emphasis",
        "markdown",
        "*fed* og _kursiv_ og **meget fed**",
        markdown="fed og kursiv og meget fed",
    ),
    Hostile("md_code", "markdown", "`kode` og ``mere``", markdown="kode og mere"),
    Hostile(
        "md_escapes", "markdown", r"\*ikke fed\* og \_x\_", markdown="*ikke fed* og _x_"
    ),
    Hostile(
        "md_heading", "markdown", "# ikke en kommentar", markdown="ikke en kommentar"
    ),
    Hostile("md_quote", "markdown", "> citat", markdown="citat"),
    # Template syntax: the context is data, never a template.
    Hostile("jinja_expression", "template", "{{ 7*7 }}"),
    Hostile("jinja_raw", "template", "{% raw %}{{ x }}{% endraw %}"),
    Hostile("jinja_include", "template", '{% include "report.html.j2" %}'),
    Hostile(
        "other_templates",
        "template",
        "${7*7} #{7*7} <%= 7*7 %>",
        markdown="${77} #{77} <%= 7*7 %>",  # *7} #{7* is emphasis
    ),
    Hostile(
        "jinja_globals",
        "template",
        "{{ config.__class__.__init__.__globals__ }}",
        markdown="{{ config.class.init.globals }}",  # __class__ is strong
    ),
    # Format strings: never used as a format.
    Hostile("percent_format", "format", "%s %d %(x)s %%"),
    Hostile("brace_format", "format", "{0} {name} {} {{}}"),
    Hostile("c_format", "format", "%n%x%p"),
    Hostile("format_spec", "format", "{0!r:>{1}}"),
    # Mathtext: chart titles print $ as $.
    Hostile("mathtext_broken", "mathtext", r"$\frac{1}{$"),
    Hostile("mathtext_pair", "mathtext", "5$ og 6$"),
    Hostile("mathtext_formula", "mathtext", r"$x^2$ og $\alpha$"),
    Hostile("mathtext_escaped", "mathtext", r"\$ og $$", markdown="$ og $$"),
    Hostile("mathtext_unknown", "mathtext", r"$\mathrm{\undefined}$"),
    Hostile("mathtext_dollars", "mathtext", "$$$$"),
    # Formula injection: text in the workbook, ' before it in the CSVs.
    Hostile("formula", "formula", "=1+1"),
    Hostile("hyperlink", "formula", '=HYPERLINK("https://example.invalid","klik")'),
    Hostile("phone", "formula", "+45 12 34 56 78"),
    Hostile("minus_text", "formula", "-3 borgere"),
    Hostile("at_sum", "formula", "@SUM(A1:A2)"),
    Hostile("tab_formula", "formula", "\t=1+1"),
    Hostile("dde", "formula", "=cmd|' /C calc'!A0"),
    Hostile("negative_number", "formula", "-3.5"),
    Hostile("quoted_formula", "formula", "'=1+1"),
    # Control characters: refused (openpyxl, XML and the PDF text cannot hold them).
    Hostile("vertical_tab", "control", "før\x0befter", "styretegn (U+000B)"),
    Hostile("nul", "control", "nul\x00tegn", "styretegn (U+0000)"),
    Hostile("bell", "control", "klokke\x07", "styretegn (U+0007)"),
    Hostile("ansi_escape", "control", "\x1b[31mrød\x1b[0m", "styretegn (U+001B)"),
    Hostile("delete", "control", "slet\x7f", "styretegn (U+007F)"),
    Hostile("next_line", "control", "næste\x85linje", "styretegn (U+0085)"),
    Hostile("c1_csi", "control", "csi\x9b", "styretegn (U+009B)"),
    Hostile("form_feed", "control", "side\x0cskift", "styretegn (U+000C)"),
    Hostile("carriage_return", "control", "\r=1+1", "styretegn (U+000D)"),
    # What YAML's \u escapes give but is no character.
    Hostile("lone_surrogate", "invalid", "x\ud800y", "halv UTF-16-surrogat (U+D800)"),
    Hostile("surrogate_pair", "invalid", "glad \ud83d\ude00", "\\U0001F600"),
    Hostile("non_character", "invalid", "\uffff", "U+FFFF"),
    Hostile("non_character_fdd0", "invalid", "a\ufdd0", "U+FDD0"),
    Hostile("tag_characters", "invalid", "ok\U000e0041\U000e0042", "mærketegn"),
    # Direction overrides make a text look other than it is: refused.
    Hostile("rtl_override", "bidi", "abc\u202edef", "retningsstyretegn (U+202E)"),
    Hostile("rtl_isolate", "bidi", "\u2066isolat\u2069", "retningsstyretegn (U+2066)"),
    Hostile("ltr_override", "bidi", "\u202dLRO", "retningsstyretegn (U+202D)"),
    Hostile("line_separator", "bidi", "a\u2028b", "skilletegn (U+2028)"),
    Hostile("paragraph_separator", "bidi", "a\u2029b", "skilletegn (U+2029)"),
    # Characters the report font does not have: the PDF would show boxes and
    # its text layer would be garbled; refused.
    Hostile("emoji", "font", "Glad 😀", "«😀» (U+1F600)"),
    Hostile("emoji_skin_tone", "font", "👍🏽", "U+1F44D"),
    Hostile("emoji_zwj", "font", "👨\u200d👩\u200d👧\u200d👦 familie", "U+1F468"),
    Hostile("flags", "font", "🇩🇰 🇬🇱", "U+1F1E9"),
    Hostile("heart_vs16", "font", "❤️", "U+2764"),
    Hostile("cjk", "font", "日本語", "U+65E5"),
    Hostile("greek", "font", "Ωμέγα", "U+03A9"),
    Hostile("cyrillic", "font", "Привет", "U+041F"),
    Hostile("polish", "font", "Łódź", "U+0141"),
    Hostile("arabic_hebrew", "font", "مرحبا שלום", "U+0645"),
    Hostile("zalgo", "font", "Z\u0337\u0322algo", "U+0337"),
    Hostile("fullwidth_equals", "font", "＝1+1", "U+FF1D"),
    Hostile("ligature_fi", "font", "ﬁnans", "U+FB01"),
    # Invisible but harmless: kept, and invisible in every output.
    Hostile("zero_width_space", "invisible", "nul\u200bbredde"),
    Hostile("bom_first", "invisible", "\ufeffBOM foran"),
    Hostile("zwnj_zwj", "invisible", "zw\u200cnj og zw\u200dj"),
    Hostile("word_joiner", "invisible", "ord\u2060samler"),
    Hostile("lrm_rlm", "invisible", "\u200eLRM og \u200fRLM"),
    Hostile("soft_hyphen", "invisible", "blød\u00adbindestreg"),
    # Letters and symbols the report font has.
    Hostile("danish", "unicode", "Æblegrød på Ærø – ØL og Å, æ ø å"),
    Hostile("combining_ring", "unicode", "Ga\u030ard og A\u030a"),
    Hostile("combining_accents", "unicode", "e\u0301 og u\u0308"),
    Hostile("symbols", "unicode", "≤ ≥ − € → ✔ ✘ ● ◐ ○"),
    Hostile("quotes", "unicode", "«citat» „tysk“ ‚enkelt‘ “engelsk” ‘x’"),
    Hostile("no_break_spaces", "unicode", "100\xa0kr. og 5\u202f%"),
    Hostile("latin_extras", "unicode", "Œuvre Šabac Ÿ Žižek"),
    # Backslashes and quotes.
    Hostile("windows_path", "backslash", r"C:\Users\analytiker\mål.xlsx"),
    Hostile("unc_path", "backslash", r"\\server\share", markdown=r"\server\share"),
    Hostile(
        "escaped_quotes",
        "backslash",
        '"dobbelt" \'enkelt\' \\"escaped\\"',
        markdown='"dobbelt" \'enkelt\' "escaped"',
    ),
    Hostile("backslash_n", "backslash", r"linje\nlinje"),
    Hostile("sql", "backslash", "'; DROP TABLE mål; --"),
    # Whitespace.
    Hostile("outer_spaces", "whitespace", "  foran og bagved  "),
    Hostile("inner_tab", "whitespace", "tab\tinde"),
    Hostile("newline", "whitespace", "linje 1\nlinje 2"),
    # Length: names have at most 200 characters; prose may be long.
    Hostile("prose_50000", "long", LONG_PROSE),
    Hostile("long_word", "long", LONG_WORD),
    Hostile("very_long_word", "long", VERY_LONG_WORD),
    Hostile("long_url", "long", "https://example.invalid/" + "sti/" * 40),
    # Paths and words with a meaning elsewhere.
    Hostile("dot_dot", "path", "../../../../etc/passwd"),
    Hostile("file_url", "path", "file:///etc/passwd"),
    Hostile("none_words", "misc", "None null NaN True ~"),
    Hostile("zeros", "misc", "007"),
    Hostile("pipes_semicolons", "misc", 'a;b,c|d\t"e"'),
]
SHOWN = [h for h in CORPUS if h.refused is None]
REFUSED = [h for h in CORPUS if h.refused is not None]
NAME_MAX = 200
SHOWN_AS_NAME = [h for h in SHOWN if len(h.text) <= NAME_MAX]
TOO_LONG_FOR_A_NAME = [h for h in SHOWN if len(h.text) > NAME_MAX]

INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def visible(text: str) -> str:
    """Text as a reader sees it, for comparing outputs: composed letters,
    invisible characters dropped, every run of whitespace one space."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """``visible`` without any whitespace: the PDF's text layer breaks lines
    (and long words) where the layout does."""
    return "".join(visible(text).split())


assert len({h.key for h in CORPUS}) == len(CORPUS)
