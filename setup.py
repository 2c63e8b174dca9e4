"""Package discovery for chiptalent's one-namespace layout (everything else: pyproject.toml).

The top-level folders kb/, ontology/, rules/ and webapp/ install as sub-packages of one
`chiptalent` namespace; pyproject.toml's `package-dir` maps each name to its folder.
setuptools' `find` in pyproject.toml cannot prefix what it finds under a folder with the
folder's package name (it would install `kb.search` instead of `chiptalent.kb.search`),
so this file runs the same finder under each mapped folder and adds the prefix. A new
sub-package or data folder (rules/forecast/, kb/data/parameters/) is then picked up with
no list to keep: data folders are namespace packages, as setuptools recommends, and
their files are package data by the globs in pyproject.toml.
"""

import tomllib
from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
# Folders that are never part of an installed package (byte code, build leftovers).
NOT_PACKAGES = ["__pycache__", "*.__pycache__", "*.egg-info", "*.egg-info.*"]


def mapped_folders() -> dict[str, str]:
    """The `package-dir` mapping of pyproject.toml: package name -> folder."""
    with open(HERE / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]["package-dir"]


def discover_packages(package_dir: dict[str, str]) -> list[str]:
    """Every package and data folder under each mapped folder, named in the namespace."""
    packages = []
    for name, folder in package_dir.items():
        packages.append(name)
        found = find_namespace_packages(where=str(HERE / folder), exclude=NOT_PACKAGES)
        packages.extend(f"{name}.{sub}" for sub in found)
    # A mapped folder nested in another would be found twice; keep one, in order.
    return list(dict.fromkeys(packages))


if __name__ == "__main__":  # setuptools runs this file as __main__; tests import it
    setup(packages=discover_packages(mapped_folders()))
