"""The layers of ARCHITECTURE.md, checked on the source: factbase → claims → (sources,
extraction), one way only, and no module-level import cycles."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("factbase", "claims", "sources", "extraction")
# What each package must never import, at module level or inside a function.
FORBIDDEN = {
    "sources": ("claims", "factbase"),
    "extraction": ("django", "rest_framework", "sources", "claims", "factbase"),
    "claims": ("factbase",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imports(path: Path, *, module_level_only: bool) -> Iterator[str]:
    """Every module `path` imports; `from a import b` names `a.b` as well as `a`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_downwards(package: str) -> None:
    wrong = sorted(
        f"{name} imports {imported}"
        for name, path in modules().items()
        if _within(name, package)
        for imported in imports(path, module_level_only=False)
        if any(_within(imported, forbidden) for forbidden in FORBIDDEN[package])
    )
    assert wrong == []


@pytest.mark.parametrize("module_level_only", [True, False], ids=["module level", "anywhere"])
def test_no_import_cycles(module_level_only: bool) -> None:
    """Not even closed by an import inside a function."""
    known = modules()
    graph = {
        name: {i for i in imports(path, module_level_only=module_level_only) if i in known}
        for name, path in known.items()
    }
    cycles = [sorted(component) for component in strongly_connected(graph) if len(component) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of modules that import each other, directly or not."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = lowest[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                lowest[node] = min(lowest[node], lowest[successor])
            elif successor in on_stack:
                lowest[node] = min(lowest[node], index[successor])
        if lowest[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [c for c in strongly_connected(graph) if len(c) > 1] == [{"a", "b", "c"}]


def test_annotations_are_evaluated_the_same_way_everywhere() -> None:
    """No module postpones its annotations: a reader never has to wonder which rule a file
    follows, and a forward reference fails where it is written."""
    postponing = sorted(
        name
        for name, path in modules().items()
        if "__future__.annotations" in imports(path, module_level_only=True)
    )
    assert postponing == []
