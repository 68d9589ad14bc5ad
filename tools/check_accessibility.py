"""Print what the accessibility checks find in a run's reports.

    .venv/bin/python tools/check_accessibility.py [FOLDER]

FOLDER is a workflow folder (default: here). For every PDF under reports/:
«M of N conditions pass» of the machine-checkable Matterhorn conditions.
For every HTML report: axe-core's WCAG 2.1 A/AA violations in Chromium and
layout faults on a desktop, a phone and at 200 % zoom. Then the contrast of
the stylesheet's text and of the chart colours. Exit status 1 if anything fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import pikepdf  # noqa: E402

from browser_checks import (  # noqa: E402
    VIEWS,
    axe_version,
    axe_violations,
    chromium,
    layout_faults,
    opened,
)
from budgetmaal.checking import pdf_ua  # noqa: E402
from budgetmaal.checking.contrast import (  # noqa: E402
    GRAPHICS_MINIMUM,
    TEXT_MINIMUM,
    contrast_ratio,
    stylesheet_text_pairs,
)
from budgetmaal.publishing.charts import COLOURS  # noqa: E402
from budgetmaal.publishing.render import TEMPLATE_DIR  # noqa: E402


def main(folder: Path) -> int:
    failures = _pdfs(folder) + _htmls(folder) + _contrast()
    print(f"\n{'Alt bestået.' if not failures else f'{failures} fejl.'}")
    return 1 if failures else 0


def _pdfs(folder: Path) -> int:
    print("PDF/UA-1, Matterhorn-betingelser, der kan kontrolleres maskinelt:")
    failures = 0
    for path in sorted(folder.glob("reports/**/*.pdf")):
        with pikepdf.open(path) as pdf:
            results = pdf_ua.check(pdf)
        failures += sum(1 for _, faults in results if faults)
        print(f"  {path.relative_to(folder)}: {pdf_ua.summary(results)}")
    return failures


def _htmls(folder: Path) -> int:
    print(f"\nHTML i Chromium (axe-core {axe_version()}, WCAG 2.1 A og AA):")
    failures = 0
    with chromium() as browser:
        for path in sorted(folder.glob("reports/*/budgetmaal_*.html")):
            with opened(browser, path) as page:
                violations = axe_violations(page)
            views = []
            for view in VIEWS:
                with opened(browser, path, view) as page:
                    faults = layout_faults(page)
                views.append(f"{view}: {'ok' if not faults else faults[0]}")
                failures += bool(faults)
            failures += len(violations)
            names = ", ".join(v["id"] for v in violations)
            print(
                f"  {path.relative_to(folder)}: {len(violations)} overtrædelser {names}"
            )
            print("    " + "; ".join(views))
    return failures


def _contrast() -> int:
    print(
        f"\nKontrast (tekst mindst {TEXT_MINIMUM}:1, grafik mindst {GRAPHICS_MINIMUM}:1):"
    )
    css = (TEMPLATE_DIR / "style.css").read_text(encoding="utf-8")
    failures = 0
    for pair in stylesheet_text_pairs(css):
        failures += pair.ratio < TEXT_MINIMUM
        print(
            f"  tekst {pair.foreground} på {pair.background}: {pair.ratio:.2f} ({pair.where})"
        )
    for role, colour in COLOURS.items():
        ratio = contrast_ratio(colour, "#ffffff")
        failures += ratio < GRAPHICS_MINIMUM
        print(f"  figur {role} {colour} på hvid: {ratio:.2f}")
    return failures


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
