"""The package build ships every module and data file of the tree, found without a list.

setup.py discovers packages under the folders pyproject.toml maps into the `chiptalent`
namespace; pyproject.toml declares data files by kind. These tests walk the tree as it
is now, so a folder or a kind of file another change adds is checked too.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_module():
    spec = importlib.util.spec_from_file_location("chiptalent_setup", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # guarded: does not call setup()
    return module


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _tree_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def _package_of(path: Path, package_dir: dict[str, str]) -> str:
    for name, folder in package_dir.items():
        base = ROOT / folder
        if path.parent == base or base in path.parent.parents:
            relative = path.parent.relative_to(base).parts
            return ".".join((name, *relative))
    raise AssertionError(f"{path} lies outside every mapped folder")


def test_every_folder_with_files_is_a_discovered_package():
    setup = _setup_module()
    package_dir = setup.mapped_folders()
    packages = set(setup.discover_packages(package_dir))
    needed = {
        _package_of(path, package_dir)
        for folder in package_dir.values()
        for path in _tree_files(ROOT / folder)
    }
    assert needed - packages == set(), "folders setup.py would not ship"
    assert {"chiptalent.kb", "chiptalent.kb.data.evidence", "chiptalent.rules.check",
            "chiptalent.webapp.templates.curation"} <= packages


def test_every_file_is_a_module_or_declared_data():
    globs = _pyproject()["tool"]["setuptools"]["package-data"]["*"]
    package_dir = _setup_module().mapped_folders()
    undeclared = [
        str(path.relative_to(ROOT))
        for folder in package_dir.values()
        for path in _tree_files(ROOT / folder)
        if path.suffix != ".py" and not any(fnmatch.fnmatch(path.name, glob) for glob in globs)
    ]
    assert undeclared == [], "add their kind to [tool.setuptools.package-data] in pyproject.toml"


def test_no_package_is_a_build_leftover():
    setup = _setup_module()
    packages = setup.discover_packages(setup.mapped_folders())
    assert not [name for name in packages if "__pycache__" in name or "egg-info" in name]
