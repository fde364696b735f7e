"""The package's modules form layers: no module imports itself back through others (no import cycles).

The graph comes from the source (ast): every `import` and `from ... import` of a geoevents module, at module
level or inside a function (a lazy import is still a dependency), except imports only for type checking.
"""

from __future__ import annotations

import ast
from pathlib import Path

import geoevents

PACKAGE = Path(geoevents.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["geoevents", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, modules: set[str], here: str) -> set[str]:
    """The geoevents modules `tree` imports (a name imported from a package counts as its submodule if one)."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                package = here.split(".")[: len(here.split(".")) - node.level + (here in _packages(modules))]
                base = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.add(name if name in modules else base)
    return {m for m in found if m in modules and m != here}


def _packages(modules: set[str]) -> set[str]:
    return {m.rsplit(".", 1)[0] for m in modules if "." in m}


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: _imported(ast.parse(path.read_text(encoding="utf-8")), modules, name) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_lazy_imports_and_skips_type_checking_ones() -> None:
    graph = import_graph()
    assert "geoevents.server" in graph["geoevents.cli"]  # imported inside the serve command
    assert "geoevents.store.core" not in graph["geoevents.store.export"]  # only under TYPE_CHECKING


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_no_import_cycles_between_parts() -> None:
    """The same on the package's parts (geoevents.store, geoevents.api, geoevents.cli, ...): a part may not reach
    back into one that imports it, even through different modules."""

    def part(module: str) -> str:
        return ".".join(module.split(".")[:2])

    parts: dict[str, set[str]] = {}
    for name, imported in import_graph().items():
        parts.setdefault(part(name), set()).update(part(m) for m in imported if part(m) != part(name))
    assert cycles(parts) == []


def test_the_api_and_the_dashboard_do_not_import_each_other() -> None:
    graph = import_graph()
    for name, imported in graph.items():
        for layer, other in (("geoevents.api", "geoevents.web"), ("geoevents.web", "geoevents.api")):
            if name == layer or name.startswith(layer + "."):
                assert not {m for m in imported if m == other or m.startswith(other + ".")}, name
