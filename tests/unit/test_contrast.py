"""WCAG contrast ratios, and the colour pairs read from a stylesheet."""

from __future__ import annotations

import pytest

from budgetmaal.checking.contrast import (
    contrast_ratio,
    stylesheet_text_pairs,
    svg_colours,
)


@pytest.mark.parametrize(
    ("foreground", "background", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # just under WCAG's 4.5:1 for text
        ("#767676", "#ffffff", 4.54),
        ("#0072B2", "#fff", 5.19),
        ("rgb(153, 153, 153)", "white", 2.85),
    ],
)
def test_contrast_ratio_follows_wcag(foreground, background, ratio):
    assert contrast_ratio(foreground, background) == pytest.approx(ratio, abs=0.005)
    assert contrast_ratio(background, foreground) == contrast_ratio(
        foreground, background
    )


def test_an_unknown_colour_is_an_error():
    with pytest.raises(ValueError, match="not a CSS colour"):
        contrast_ratio("grønlig", "#fff")


def test_stylesheet_pairs_include_nested_rules_and_inherit_the_page_colour():
    css = """
    html { color: #111; }
    th { background: #eee; }
    p.faint { color: #aaa; font-size: 8pt }
    @page { @top-left { content: "x"; color: #444; } }
    @media screen { .note { color: #555; background-color: #ffd; } }
    div { border: 1pt solid #999; }
    """
    pairs = {p.where: (p.foreground, p.background) for p in stylesheet_text_pairs(css)}
    assert pairs == {
        "html": ("#111", "#ffffff"),
        "th": ("#111", "#eee"),
        "p.faint": ("#aaa", "#ffffff"),
        "@page @top-left": ("#444", "#ffffff"),
        "@media screen .note": ("#555", "#ffd"),
    }


def test_svg_colours_are_the_fills_and_strokes_without_white():
    svg = '<path style="fill: #FFFFFF; stroke: #009E73"/><text style="fill: #000000">'
    assert svg_colours(svg) == {"#009e73", "#000000"}
    svg = '<path fill="#FFFFFF" stroke="#D55E00" stroke-width="0.8"/><text fill="#777777">'
    assert svg_colours(svg) == {"#d55e00", "#777777"}
