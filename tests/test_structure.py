"""The package's shape: data flows one way (a stage imports only earlier stages) and no module imports itself back.

Imports are read from the source (module level and inside functions alike, since a lazy import is still a
dependency), so these hold without importing anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent

# The stages in the order data flows (docs/graph-model.md, README "Layout"). A module may import its own stage and
# earlier ones only.
STAGES: list[tuple[str, ...]] = [
    ("graphdhr", "graphdhr.errors", "graphdhr.vocab", "graphdhr.dates"),
    ("graphdhr.model",),
    ("graphdhr.loaders",),
    ("graphdhr.schema", "graphdhr.schemas"),
    ("graphdhr.directory", "graphdhr.queries", "graphdhr.cypher"),
    ("graphdhr.engines",),
    ("graphdhr.analyses",),
    ("graphdhr.findings",),
    ("graphdhr.rules",),
    ("graphdhr.report", "graphdhr.briefing"),
    ("graphdhr.corpus", "graphdhr.generate"),
    ("graphdhr.render",),
    ("graphdhr.cli", "graphdhr.__main__"),
]


def _modules() -> dict[str, Path]:
    found = {}
    for base, package in ((ROOT / "graphdhr", "graphdhr"), (ROOT / "loaders", "graphdhr.loaders"),
                          (ROOT / "cypher", "graphdhr.cypher")):
        for path in base.rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against this module's package
                    package = name if is_package else name.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        package = package.rpartition(".")[0]
                    base = f"{package}.{node.module}" if node.module else package
                else:
                    base = node.module or ""
                # `from pkg import sub` depends on the submodule when there is one, else on pkg itself.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph.add_edge(name, target)
    return graph


def _stage(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, stage)
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), index)
    assert best[1] >= 0, f"{module} belongs to no stage: add it to STAGES"
    return best[1]


def test_no_import_cycle():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles}"


def test_a_stage_imports_only_earlier_stages():
    backwards = [(a, b) for a, b in import_graph().edges if _stage(b) > _stage(a)]
    assert backwards == [], f"imports against the flow of data: {backwards}"


def test_the_neo4j_engine_needs_no_networkx_code():
    graph = import_graph()
    reached = nx.descendants(graph, "graphdhr.engines.neo4j")
    assert not {"graphdhr.engines.embedded", "graphdhr.engines.graph", "graphdhr.engines.embedded_rules"} & reached


def test_the_graph_sees_known_edges():
    """The reader is not vacuous: edges the code certainly has are found."""
    graph = import_graph()
    assert graph.has_edge("graphdhr.engines.embedded", "graphdhr.engines.graph")
    assert graph.has_edge("graphdhr.rules.registry", "graphdhr.rules.wording")
    assert graph.has_edge("graphdhr.report", "graphdhr.analyses")
