"""The live preview of one municipality's HTML report (``make preview``).

Makes the report (``preview_build``), serves it (``preview_server``) and
makes it again on every save of a file it is made from (``preview_watch``),
in one warm process. Writes only into a temporary folder, removed when it stops
(Ctrl+C or SIGTERM); takes no run lock and touches no output of the
pipeline.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

from budgetmaal.running.job_calls import Folders
from budgetmaal.running.preview_build import PreviewError, ReportBuilder
from budgetmaal.running.preview_server import PreviewServer, PreviewState
from budgetmaal.running.preview_watch import Watcher
from budgetmaal.shared.formatting import number


def rebuild(builder: ReportBuilder, state: PreviewState, log: logging.Logger) -> str:
    """Make the report again and show it, or show the mistake over the last
    good one; a line for the terminal. Never raises for a bad file."""
    started = time.perf_counter()
    try:
        report = builder.build()
    except PreviewError as error:
        state.show_error(str(error), datetime.now())
        return f"fejl: {str(error).splitlines()[0]} (se siden)"
    except Exception as error:  # noqa: BLE001 - the preview must not die
        log.exception("uventet fejl")
        message = (
            f"Uventet fejl: {type(error).__name__}: {error}\n"
            "Forhåndsvisningen kører videre; ret filen, og gem igen. "
            "Kør snakemake for hele fejlbeskeden."
        )
        state.show_error(message, datetime.now())
        return f"fejl: {type(error).__name__}: {error}"
    state.show_report(report, datetime.now())
    return f"ny rapport på {number(time.perf_counter() - started, 1)} s"


def serve(
    kommune: str,
    configfile: str | None,
    port: int,
    poll: bool = False,
) -> None:
    """Run the preview until interrupted; its address is printed once the
    first report is made (``poll``: Watcher)."""
    with tempfile.TemporaryDirectory(prefix="budgetmaal-preview-") as folder:
        root = Path(folder)
        folders = Folders(root / "results", root / "reports", root / "logs")
        builder = ReportBuilder(kommune, folders, configfile)
        state = PreviewState()
        server = PreviewServer(state, root / "pdf", port)
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        watcher = Watcher(configfile, poll)
        try:
            watcher.start()
            serving.start()
            watcher.watching.wait(timeout=30)
            _say(f"laver rapporten for {kommune} …")
            _say(rebuild(builder, state, builder.log))
            _say(f"åbn {server.address} i browseren (stop med Ctrl+C)")
            while True:
                changed = ", ".join(watcher.next_changes())
                _say(f"{changed} ændret: " + rebuild(builder, state, builder.log))
        finally:
            watcher.stop.set()
            state.close()
            server.shutdown()
            server.stop_making_pdfs()
            server.server_close()
            builder.close()
            watcher.join(timeout=5)


def _say(line: str) -> None:
    print(f"{datetime.now():%H.%M.%S} {line}", flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Forhåndsvisning af én kommunes rapport, der følger med, "
        "når du gemmer."
    )
    parser.add_argument("kommune", help="kommunekoden, fx 657")
    parser.add_argument("--configfile", help="som snakemake --configfile")
    parser.add_argument("--port", type=int, default=0, help="0: en ledig port")
    parser.add_argument(
        "--poll",
        action="store_true",
        help="se efter ændringer hvert 0,3 sekund i stedet for at få besked fra "
        "systemet: til filer på et netværksdrev",
    )
    arguments = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve(
            arguments.kommune,
            arguments.configfile,
            arguments.port,
            arguments.poll,
        )
    except KeyboardInterrupt:
        _say("forhåndsvisningen er stoppet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
