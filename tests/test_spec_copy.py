"""docs/spec is a verbatim copy of the fixed contracts.

Where the contracts themselves lie beside the clone (`../shared/spec`), the copy must
equal them file for file; in any clone, the copy must hold the five contracts.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ROOT / "docs" / "spec"
SHARED = ROOT.parent / "shared" / "spec"
CONTRACTS = {"vocabulary.md", "profile.md", "plan.md", "cli.md", "forecast.md"}


def _contracts(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.md"))
            if path.name != "README.md"}


def test_the_copy_holds_the_five_contracts():
    copy = _contracts(COPY)
    assert CONTRACTS <= set(copy)
    assert all(text.strip() for text in copy.values())


def test_the_copy_equals_the_contracts_beside_the_clone():
    if not SHARED.is_dir():
        # A clone on its own: the test above is the whole check (not a skip: the copy
        # is what the other tests read).
        assert CONTRACTS <= set(_contracts(COPY))
        return
    shared = _contracts(SHARED)
    copy = _contracts(COPY)
    assert sorted(copy) == sorted(shared), "run: cp ../shared/spec/*.md docs/spec/"
    stale = [name for name in shared if copy[name] != shared[name]]
    assert stale == [], "run: cp ../shared/spec/*.md docs/spec/"
