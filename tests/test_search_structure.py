"""The search package's shape (issue 12): one public API in kb/search/__init__.py, no
import cycle among its modules, no import inside a function to dodge one, and nothing
outside the package importing its modules or naming its files."""

from __future__ import annotations

import ast
from pathlib import Path

import chiptalent.kb.search as search_package

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kb" / "search"
PREFIX = "chiptalent.kb.search"
# The production code outside the package (tests and benchmarks of the package's own
# parts may reach inside it).
OUTSIDE = ["chiptalent", "webapp", "rules", "kb"]


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.glob("*.py")) if path.stem != "__init__"}


def _imported(node) -> list[str]:
    """The modules of chiptalent.kb.search an import statement names."""
    names = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module:
        if node.module == PREFIX:
            names = [f"{PREFIX}.{alias.name}" for alias in node.names]
        else:
            names = [node.module]
    return [name[len(PREFIX) + 1:].split(".")[0] for name in names
            if name.startswith(PREFIX + ".")]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for node in ast.walk(tree) for m in _imported(node)
                   if m in modules} for name, tree in modules.items()}


def test_no_import_cycle_among_the_search_modules():
    graph = _graph()
    state: dict[str, str] = {}
    cycles = []

    def visit(name, path):
        state[name] = "open"
        for nxt in sorted(graph[name]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
    assert len(graph) >= 13 and sum(map(len, graph.values())) > 20   # a real graph


def test_imports_are_at_the_top_of_each_module():
    local = []
    for name, tree in _modules().items():
        for func in ast.walk(tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                local += [f"{name}.{func.name}: line {node.lineno}"
                          for node in ast.walk(func)
                          if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert local == []


def test_nothing_outside_the_package_reaches_inside_it():
    offenders = []
    for top in OUTSIDE:
        for path in sorted((ROOT / top).rglob("*.py")):
            if PACKAGE in path.parents:
                continue
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} imports {PREFIX}.{m}"
                          for node in ast.walk(tree) for m in _imported(node)
                          if m not in search_package.__all__]
            # The index's own files are the package's business.
            offenders += [f"{path.relative_to(ROOT)} names {word}"
                          for word in (".toc", "_MAIN_", "chiptalent-index.json",
                                       "checksums.json", "words.txt")
                          if word in text]
    assert offenders == []


def test_the_public_api_is_complete():
    for name in ("search", "format_text", "build_index", "open_index", "index_status",
                 "index_version", "update_sources", "update_source", "remove_source",
                 "close_searchers"):
        assert callable(getattr(search_package, name)), name
