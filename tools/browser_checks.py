"""The HTML report in headless Chromium, checked as an accessibility auditor
would: axe-core's WCAG 2.1 A and AA rules, and the layout on a desktop, on a
phone (375 px) and at 200 % zoom (a 1280 px window shows 640 CSS px).

Chromium is Debian's (`make test` installs it); Playwright drives it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Headless, and quiet on a machine without network: no background requests.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWS = {
    "skrivebord (1280 px)": {"viewport": {"width": 1280, "height": 800}},
    "telefon (375 px)": {"viewport": {"width": 375, "height": 800}},
    "200 % zoom": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}
# Text that does not fit its box: it overlaps the next one (overflow visible)
# or is cut off (overflow hidden). Visually hidden elements (1 px, such as
# the table headers kept for screen readers on a phone) are left out.
LAYOUT_FAULTS_JS = """() => {
  const faults = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1)
    faults.push(`siden er ${root.scrollWidth} px bred i et vindue på ${root.clientWidth} px`);
  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1 || hidden(el)) continue;
    const how = getComputedStyle(el).overflowX === 'visible' ? 'løber ud over' : 'er skåret af i';
    const text = el.textContent.trim().slice(0, 40);
    faults.push(`<${el.tagName.toLowerCase()}> «${text}» ${how} sin boks (${el.scrollWidth} > ${el.clientWidth} px)`);
  }
  return faults;
}"""


def chromium_executable() -> str:
    """Debian's Chromium, or the one BUDGETMAAL_CHROMIUM names."""
    path = os.environ.get("BUDGETMAAL_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise RuntimeError(
            "Chromium findes ikke: kør `make test` (den installerer Debians "
            "chromium) eller sæt BUDGETMAAL_CHROMIUM til stien."
        )
    return path


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium browser, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def opened(browser, html: Path, view: str = "skrivebord (1280 px)") -> Iterator:
    """The page ``html`` open in ``browser`` in one of VIEWS."""
    page = browser.new_page(**VIEWS[view])
    try:
        page.goto(Path(html).resolve().as_uri())
        yield page
    finally:
        page.close()


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the open page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    return Axe().run(page, options=options).response["violations"]


def axe_version() -> str:
    from axe_playwright_python import sync_playwright as axe_module

    script = (
        Path(axe_module.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
    )
    return script.split("axe v", 1)[1].split()[0]


def layout_faults(page) -> list[str]:
    """Text that runs outside its box or is cut off, and a body wider than the window."""
    return page.evaluate(LAYOUT_FAULTS_JS)
