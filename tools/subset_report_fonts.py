"""Make the report fonts: DejaVu Sans reduced to the characters a Danish report uses.

The full DejaVu Sans carries ~6,000 glyphs and large layout tables; the PDF
renderer re-reads those for every report, which made font subsetting the
slowest step of rendering. The reduced fonts keep Latin-1 (æ, ø, å, é, ü …),
general punctuation, arrows, geometric shapes and the status symbols, with
kerning and ligatures. Run once after changing the character set:

    python tools/subset_report_fonts.py SOURCE_DIR reports/templates/fonts

SOURCE_DIR holds the original DejaVuSans*.ttf (e.g. matplotlib's mpl-data/fonts/ttf).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FACES = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSans-BoldOblique",
    "DejaVuSansMono",
)
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0152-0153,U+0160-0161,U+0178,U+017D-017E,"
    "U+2000-206F,U+20AC,U+2190-21FF,U+2212,U+2264-2265,U+25A0-25FF,U+2713-2718"
)


def subset_font(source: Path, target: Path) -> None:
    """Write ``source`` reduced to UNICODES, keeping kerning and ligatures."""
    options = subset.Options()
    options.layout_features = ["kern", "liga", "clig", "calt", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


if __name__ == "__main__":
    source_dir, target_dir = map(Path, sys.argv[1:3])
    for face in FACES:
        subset_font(source_dir / f"{face}.ttf", target_dir / f"{face}.ttf")
