// The live preview: waits for the next report or mistake (a long-poll of
// /tilstand), shows the mistake above the last good report, and reloads the
// report where the reader was.
(() => {
  "use strict";
  const frame = document.getElementById("rapport");
  const problem = document.getElementById("fejl");
  const status = document.getElementById("status");
  let version = Number(document.body.dataset.version);
  let reportVersion = Number(document.body.dataset.reportVersion);
  let scroll = null;

  frame.addEventListener("load", () => {
    if (scroll !== null) {
      frame.contentWindow.scrollTo(scroll.x, scroll.y);
    }
    document.body.dataset.shownReport = String(reportVersion);
  });

  function show(state) {
    version = state.version;
    problem.hidden = !state.error;
    problem.querySelector("pre").textContent = state.error || "";
    status.textContent = state.status;
    if (state.report_version !== reportVersion) {
      reportVersion = state.report_version;
      scroll = { x: frame.contentWindow.scrollX, y: frame.contentWindow.scrollY };
      frame.contentWindow.location.reload();
    }
  }

  async function follow() {
    for (;;) {
      try {
        const response = await fetch(`tilstand?efter=${version}`, { cache: "no-store" });
        show(await response.json());
      } catch {
        status.textContent = "Forhåndsvisningen svarer ikke; er den stoppet?";
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  follow();
})();
