"""The README's picture of the rule graph cannot go stale.

docs/rulegraph.dot is what `snakemake --rulegraph` says of the sample config
(the same rules, colours and edges; Snakemake's edge order varies from run
to run, so the edges are compared sorted), and docs/rulegraph.svg, which the
README shows, draws every rule and every edge of it. `make rulegraph` makes
both files again.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

from conftest import REPO, copy_workflow, snakemake_environment

DOT = REPO / "docs/rulegraph.dot"
SVG = REPO / "docs/rulegraph.svg"
STALE = (
    "the rule graph in docs/ is stale: run `make rulegraph` and commit "
    "docs/rulegraph.dot and docs/rulegraph.svg"
)
NODE = re.compile(r'^\s*(\w+)\s*\[label\s*=\s*"([^"]*)"', re.MULTILINE)
EDGE = re.compile(r"^\s*(\w+)\s*->\s*(\w+)\s*;?\s*$", re.MULTILINE)
SVG_NS = "{http://www.w3.org/2000/svg}"

Graph = tuple[set[str], set[tuple[str, str]]]


def normalised(dot: str) -> str:
    """The dot text without trailing blanks and with its edges sorted."""
    lines = [line.rstrip() for line in dot.strip().splitlines()]
    edges = sorted(line for line in lines if EDGE.match(line))
    others = [line for line in lines if not EDGE.match(line) and line != "}"]
    return "\n".join([*others, *edges, "}"])


def graph_of_dot(dot: str) -> Graph:
    """The rules (node labels) and the edges between them of a dot graph."""
    labels = dict(NODE.findall(dot))
    edges = {(labels[a], labels[b]) for a, b in EDGE.findall(dot)}
    return set(labels.values()), edges


def graph_of_svg(svg: str) -> Graph:
    """The rules and edges Graphviz drew: each node's text, each edge's
    title (``<id>-><id>``) read through the nodes' titles."""
    root = ElementTree.fromstring(svg)
    labels, edges = {}, set()
    for group in root.iter(f"{SVG_NS}g"):
        title = group.findtext(f"{SVG_NS}title", default="")
        if group.get("class") == "node":
            texts = [t.text or "" for t in group.iter(f"{SVG_NS}text")]
            labels[title] = " ".join(texts).strip()
    for group in root.iter(f"{SVG_NS}g"):
        if group.get("class") == "edge":
            tail, head = group.findtext(f"{SVG_NS}title").split("->")
            edges.add((labels.get(tail, tail), labels.get(head, head)))
    return set(labels.values()), edges


def test_the_committed_rule_graph_is_snakemakes(tmp_path):
    workdir = copy_workflow(tmp_path / "workflow")
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "--rulegraph", "dot"],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=snakemake_environment(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert normalised(result.stdout) == normalised(DOT.read_text()), STALE


def test_the_picture_draws_every_rule_and_edge_of_the_graph():
    rules, edges = graph_of_dot(DOT.read_text())
    assert "all" in rules and len(edges) >= len(rules) - 1
    assert graph_of_svg(SVG.read_text()) == (rules, edges), STALE


def test_the_readme_shows_the_picture():
    assert "](docs/rulegraph.svg)" in (REPO / "README.md").read_text()


# The checks themselves: they see what changed.


def test_a_new_rule_or_edge_makes_the_graph_differ():
    dot = DOT.read_text()
    lines = dot.strip().splitlines()
    edges = [line for line in lines if EDGE.match(line)]
    others = [line for line in lines if not EDGE.match(line)]
    reordered = "\n".join([*others[:-1], *reversed(edges), others[-1]])
    assert reordered != dot.strip() and normalised(reordered) == normalised(dot)
    extra_edge = dot.replace("}", "\t4 -> 0\n}")
    assert normalised(extra_edge) != normalised(dot)
    assert graph_of_dot(extra_edge) != graph_of_dot(dot)
    renamed = dot.replace('"render_report"', '"render_reports"')
    assert normalised(renamed) != normalised(dot)


def test_a_picture_without_a_rule_or_an_edge_is_stale():
    svg = SVG.read_text()
    rules, edges = graph_of_dot(DOT.read_text())
    without_rule = re.sub(
        r'<g id="node\d+" class="node">(?:(?!</g>).)*>progress_table<.*?</g>',
        "",
        svg,
        count=1,
        flags=re.DOTALL,
    )
    assert without_rule != svg
    assert graph_of_svg(without_rule)[0] == rules - {"progress_table"}
    without_edge = re.sub(
        r'<g id="edge\d+" class="edge">.*?</g>', "", svg, count=1, flags=re.DOTALL
    )
    assert len(graph_of_svg(without_edge)[1]) == len(edges) - 1
