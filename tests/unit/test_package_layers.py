"""The package's folders follow the pipeline, and imports only run downward.

A module may import from its own stage or from a stage listed before it in
STAGES, never from a later one, and no chain of imports comes back to where
it started (lazy imports inside functions count too).
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "scripts/budgetmaal"
STAGES = ["shared", "reading", "assessing", "publishing", "checking", "running"]


def package_imports(source: str) -> set[str]:
    """The budgetmaal modules ``source`` imports, as ``stage.module``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import: write budgetmaal.<stage>.<module>"
            base = (node.module or "").split(".")
            if base[0] != "budgetmaal":
                continue
            if len(base) == 1:  # from budgetmaal import <stage>
                found |= {a.name for a in node.names}
            elif len(base) == 2:  # from budgetmaal.<stage> import <module>
                found |= {f"{base[1]}.{a.name}" for a in node.names}
            else:
                found.add(".".join(base[1:3]))
        elif isinstance(node, ast.Import):
            found |= {
                ".".join(a.name.split(".")[1:3])
                for a in node.names
                if a.name.startswith("budgetmaal.")
            }
    return found


def upward_imports(imports: dict[str, set[str]]) -> list[str]:
    """Every import from a later stage, as 'importer -> imported'."""
    rank = {stage: i for i, stage in enumerate(STAGES)}
    return sorted(
        f"{module} -> {target}"
        for module, targets in imports.items()
        for target in targets
        if rank[target.split(".")[0]] > rank[module.split(".")[0]]
    )


def all_imports() -> dict[str, set[str]]:
    modules = {}
    for path in sorted(PACKAGE.glob("*/*.py")):
        name = f"{path.parent.name}.{path.stem}".removesuffix(".__init__")
        modules[name] = package_imports(path.read_text(encoding="utf-8"))
    return modules


def test_every_module_lives_in_a_stage_folder():
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(STAGES)


def test_each_stage_says_what_it_owns():
    for stage in STAGES:
        docstring = ast.get_docstring(
            ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))
        )
        assert docstring and len(docstring.splitlines()) >= 3, stage
        for module in (PACKAGE / stage).glob("[!_]*.py"):
            assert f"``{module.stem}``" in docstring, (stage, module.stem)


def test_imports_only_run_downward():
    imports = all_imports()
    assert sum(map(len, imports.values())) > 50  # the parser sees the imports
    assert upward_imports(imports) == []


def test_no_import_cycle():
    imports = all_imports()
    graph = {m: {t for t in ts if t in imports} for m, ts in imports.items()}
    TopologicalSorter(graph).prepare()


def test_an_upward_import_is_found():
    source = "from budgetmaal.publishing.charts import x\nfrom budgetmaal.shared import problems\n"
    imports = {"reading.ingest": package_imports(source)}
    assert imports["reading.ingest"] == {"publishing.charts", "shared.problems"}
    assert upward_imports(imports) == ["reading.ingest -> publishing.charts"]


def test_a_cycle_is_found():
    try:
        TopologicalSorter({"a.x": {"a.y"}, "a.y": {"a.x"}}).prepare()
    except CycleError:
        return
    raise AssertionError("no cycle found")
