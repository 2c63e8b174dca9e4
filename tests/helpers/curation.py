"""Helpers of the curation tests: a curated copy of the KB (the `curated` fixture of
tests/conftest.py), valid source fields, `kb validate` as text, and a child-process
runner for the concurrency and crash tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
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
