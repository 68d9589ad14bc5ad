"""The live preview's save-to-reloaded-page seconds, for tools/benchmark.py.

Starts the preview of Herning in a workflow copy, opens it in Chromium,
then saves config/targets.yaml with a new target for hjemloese_657 several
times; each time measures from the save until the page shows the report
with the new target value (made again, served and reloaded).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from browser_checks import chromium
from preview_process import running_preview, set_herning_target

# change_pct of hjemloese_657 (baseline 150) and the target the report shows.
SAVES = {-30: "højst 105 (2020)", -40: "højst 90 (2020)", -20: "højst 120 (2020)"}
ROUNDS = 3

SHOWN_JS = """([text, version]) => {
  const frame = document.getElementById("rapport");
  return document.body.dataset.shownReport === version
    && frame.contentDocument.body.innerText.includes(text);
}"""


def save_to_reload(workdir: Path, scratch: Path) -> dict:
    """Seconds to the first report (the preview started cold), and from
    each save to the reloaded page (warm)."""
    seconds = []
    with running_preview(workdir, scratch) as (process, address, first):
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(address)
            page.wait_for_function(SHOWN_JS, arg=["højst 113 (2020)", "1"])
            version = 1
            for change_pct, shown in list(SAVES.items()) * ROUNDS:
                started = time.perf_counter()
                set_herning_target(workdir, change_pct)
                version += 1
                page.wait_for_function(
                    SHOWN_JS, arg=[shown, str(version)], polling=10, timeout=30_000
                )
                seconds.append(time.perf_counter() - started)
        process.terminate()
        process.wait(timeout=30)
    return {"first": first, "median": statistics.median(seconds), "max": max(seconds)}
