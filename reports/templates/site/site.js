// The site's only script. The pages work without it: it filters and sorts
// the tables that are already in the HTML, and runs Pagefind's search when
// the site is served (a browser blocks the search index of a page opened
// from disk).
"use strict";

function filterKommuner(input) {
  const rows = Array.from(document.querySelectorAll("#kommuner tbody tr"));
  const count = document.getElementById("kommune-count");
  const show = () => {
    const wanted = input.value.trim().toLocaleLowerCase("da");
    let shown = 0;
    for (const row of rows) {
      const match = row.dataset.name.toLocaleLowerCase("da").includes(wanted);
      row.hidden = !match;
      shown += match ? 1 : 0;
    }
    count.textContent = `Viser ${shown} af ${rows.length} kommuner.`;
  };
  input.addEventListener("input", show);
  show();
}

function sortValue(row, column, kind) {
  const cell = row.cells[column];
  const raw = cell.dataset.value ?? cell.textContent.trim();
  if (kind !== "number") return raw;
  const value = parseFloat(raw.replace(/\./g, "").replace(",", ".").replace("\u2212", "-"));
  return Number.isNaN(value) ? -Infinity : value;
}

function makeSortable(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((header, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.append(...header.childNodes);
    header.append(button);
    button.addEventListener("click", () => {
      const ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const kind = header.dataset.sort;
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = sortValue(a, column, kind);
        const y = sortValue(b, column, kind);
        const order = kind === "number" ? x - y : String(x).localeCompare(String(y), "da");
        return ascending ? order : -order;
      });
      body.append(...rows);
    });
  });
}

// Pagefind's excerpt is HTML with <mark> around the words found; only its
// text and the marks are kept, so that no markup of a page runs here.
function excerptOf(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const excerpt = document.createElement("p");
  excerpt.className = "small";
  for (const node of parsed.body.childNodes) {
    const part = node.nodeName === "MARK" ? document.createElement("mark") : null;
    if (part) part.textContent = node.textContent;
    excerpt.append(part ?? document.createTextNode(node.textContent));
  }
  return excerpt;
}

async function runSearch(form) {
  const status = document.getElementById("soeg-status");
  const input = form.querySelector("input");
  const list = document.getElementById("soeg-resultater");
  if (location.protocol === "file:") {
    status.textContent =
      "Søgningen virker, når sitet vises fra en webserver (fx GitHub Pages eller " +
      "«python -m http.server» i mappen site). Åbnet som fil fra disken blokerer " +
      "browseren søgeindekset; alle sider kan stadig nås fra menuen.";
    return;
  }
  const pagefind = await import(new URL(form.dataset.pagefind, location.href).href);
  await pagefind.options({ baseUrl: "/" });
  const root = new URL(form.dataset.pagefind, location.href).href.replace(/pagefind\/pagefind\.js$/, "");
  input.disabled = false;
  status.textContent = "Skriv et eller flere ord.";
  const show = async () => {
    const query = input.value.trim();
    list.replaceChildren();
    if (!query) return;
    const search = await pagefind.debouncedSearch(query);
    if (search === null) return;
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    for (const result of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = new URL(result.url.replace(/^\//, ""), root).href;
      link.textContent = result.meta.title;
      item.append(link, excerptOf(result.excerpt));
      list.append(item);
    }
    status.textContent = `${search.results.length} sider fundet.`;
  };
  input.addEventListener("input", show);
  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    show();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const filter = document.getElementById("kommune-filter");
  if (filter) {
    filter.closest(".filter").hidden = false;
    filterKommuner(filter);
  }
  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll(".sort-note").forEach((note) => { note.hidden = false; });
  const form = document.querySelector("form.site-search");
  if (form) {
    form.addEventListener("submit", (event) => event.preventDefault());
    runSearch(form).catch(() => {
      document.getElementById("soeg-status").textContent =
        "Søgeindekset kunne ikke hentes; alle sider kan nås fra menuen.";
    });
  }
});
