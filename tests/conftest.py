"""Shared fixtures: every test writes caches and indexes under a temporary directory.

Helpers the fixtures and tests use live in tests/helpers/ (imported as
`tests.helpers.<module>`); the web app's fixtures are in tests/web/conftest.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chiptalent.kb.loader import BUNDLED_KB
from tests.helpers.curation import Curated


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    """Never touch the user's real data directory from a test."""
    path = tmp_path_factory.mktemp("chiptalent-data")
    patch = pytest.MonkeyPatch()
    patch.setenv("CHIPTALENT_DATA_DIR", str(path))
    patch.delenv("CHIPTALENT_KB", raising=False)
    yield path
    patch.undo()


@pytest.fixture(autouse=True, scope="session")
def _strict_ui_strings():
    """A UI string key missing from a catalogue fails the test (chiptalent.i18n),
    here and in the command-line processes the tests start."""
    from chiptalent import i18n

    patch = pytest.MonkeyPatch()
    patch.setenv("CHIPTALENT_STRICT_I18N", "1")
    i18n.set_strict(True)
    yield
    i18n.set_strict(False)
    patch.undo()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """Hash passwords at scrypt N=2^14 instead of OWASP's N=2^17 (0.5 s and 128 MiB a
    hash), so that the many logins of the web tests stay quick. The tests of the
    production parameters and of upgrading old hashes (test_accounts.py) put them back.
    """
    from chiptalent import accounts

    patch = pytest.MonkeyPatch()
    patch.setattr(accounts, "HASH_METHOD", "scrypt:16384:8:1")
    yield
    patch.undo()


@pytest.fixture(scope="session")
def kb():
    from chiptalent.kb import load
    return load()


@pytest.fixture(scope="session")
def rules():
    from chiptalent.rules import load_rules
    return load_rules()


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A writable copy of the bundled knowledge base, to break in a test."""
    target = tmp_path / "kb"
    shutil.copytree(BUNDLED_KB, target)
    return target


@pytest.fixture
def curated(tmp_path, monkeypatch) -> Curated:
    """A seeded copy of the bundled KB and a private data dir; never the bundled files."""
    from chiptalent.kb.curation import seed_kb_copy
    from chiptalent.kb.curation.store import EvidenceStore
    from chiptalent.kb.search import close_searchers

    data_dir = tmp_path / "data"
    monkeypatch.setenv("CHIPTALENT_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CHIPTALENT_CHANGELOG", raising=False)
    monkeypatch.delenv("CHIPTALENT_ALLOW_BUNDLED_EDITS", raising=False)
    kb_dir = seed_kb_copy(tmp_path / "kb")
    monkeypatch.setenv("CHIPTALENT_KB", str(kb_dir))
    yield Curated(kb_dir, data_dir, EvidenceStore(kb_dir, data_dir=data_dir))
    close_searchers()
