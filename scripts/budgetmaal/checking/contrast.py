"""WCAG 2.1 contrast of the report's colours: the stylesheet's text and the
charts' lines and markers, each against what it is drawn on.

WCAG asks 4.5:1 for text (1.4.3) and 3:1 for graphical objects a reader
needs to understand the content (1.4.11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tinycss2
import tinycss2.color4

WHITE = (1.0, 1.0, 1.0)
TEXT_MINIMUM = 4.5
GRAPHICS_MINIMUM = 3.0
# A fill or stroke as a presentation attribute (fill="#000000", the charts')
# or in a style (fill: #000000).
SVG_COLOUR = re.compile(r"\b(?:fill|stroke)(?:=\"|:\s*)(#[0-9a-fA-F]{6})")


@dataclass(frozen=True)
class ColourPair:
    """Where a foreground colour is drawn on a background, and their ratio."""

    where: str
    foreground: str
    background: str

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)


def contrast_ratio(foreground: str, background: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance on top."""
    lighter, darker = sorted(
        (_luminance(foreground), _luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    parsed = tinycss2.color4.parse_color(colour)
    if parsed is None:
        raise ValueError(f"not a CSS colour: {colour!r}")
    red, green, blue = parsed.to("srgb").coordinates
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def stylesheet_text_pairs(css: str) -> list[ColourPair]:
    """Each rule's text colour on its background (white where the rule sets
    none); a rule with a background and no colour has the page's text colour."""
    rules = list(_rules(tinycss2.parse_stylesheet(css, True, True), ""))
    page_text = next(
        (
            colours["color"]
            for where, colours in rules
            if where == "html" and "color" in colours
        ),
        "#000000",
    )
    return [
        ColourPair(
            where, colours.get("color", page_text), colours.get("background", "#ffffff")
        )
        for where, colours in rules
        if "color" in colours or "background" in colours
    ]


def _rules(nodes, context: str):
    """(selector, {color, background}) for every rule, nested ones included."""
    for node in nodes:
        if node.type not in {"qualified-rule", "at-rule"} or node.content is None:
            continue
        prelude = tinycss2.serialize(node.prelude).strip()
        where = f"{context} {'@' + node.at_keyword + ' ' if node.type == 'at-rule' else ''}{prelude}"
        where = where.strip()
        if node.type == "at-rule" and node.at_keyword == "media":
            yield from _rules(tinycss2.parse_rule_list(node.content, True, True), where)
            continue
        contents = tinycss2.parse_blocks_contents(node.content, True, True)
        yield where, _colours(d for d in contents if d.type == "declaration")
        yield from _rules(
            (n for n in contents if n.type in {"at-rule", "qualified-rule"}), where
        )


def _colours(declarations) -> dict[str, str]:
    colours = {}
    for declaration in declarations:
        name = declaration.lower_name
        if name in {"color", "background", "background-color"}:
            value = tinycss2.serialize(declaration.value).strip()
            if tinycss2.color4.parse_color(value) is not None:
                colours["color" if name == "color" else "background"] = value
    return colours


def svg_colours(svg: str) -> set[str]:
    """The fill and stroke colours an SVG chart draws with, white left out."""
    return {colour.lower() for colour in SVG_COLOUR.findall(svg)} - {"#ffffff"}
