"""Helpers for the curation tests (no tests here): a curated copy of the KB in tmp_path,
valid source fields, and a child-process runner for the concurrency and crash tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Curated:
    kb_dir: Path
    data_dir: Path
    store: object

    def new_store(self, **options):
        from chiptalent.kb.curation.store import EvidenceStore
        return EvidenceStore(self.kb_dir, data_dir=self.data_dir, **options)

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(CHIPTALENT_KB=str(self.kb_dir), CHIPTALENT_DATA_DIR=str(self.data_dir))
        env.pop("CHIPTALENT_CHANGELOG", None)
        return env


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


def source_fields(n: int | str, kb=None, **extra) -> dict:
    """Valid fields of a new evidence source, made distinct by `n`."""
    fields = {
        "title": f"Proefbron {n} over techniekonderwijs",
        "publisher": "Testuitgever",
        "type": "report",
        "summary": f"Een korte samenvatting in eigen woorden, nummer {n}.",
        "strength": "descriptive",
        "strength_reason": "Beschrijvende cijfers; geen effectmeting.",
        "target_groups": ["youth"],
        "levels": ["mbo"],
        "building_blocks": ["2"],
    }
    fields.update(extra)
    return fields


def kb_problems(kb_dir: Path) -> list[str]:
    """`kb validate` with SHACL and the rule checks, as text lines."""
    from chiptalent.kb.validate import validate
    from chiptalent.rules.validation import rule_checks
    return [p.describe() for p in validate(kb_dir, shacl=True, extra=rule_checks())]


def run_child(code: str, env: dict, **kwargs) -> subprocess.Popen:
    """Start `python -c code` with the project importable."""
    return subprocess.Popen([PYTHON, "-c", textwrap.dedent(code)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kwargs)
