"""Seed a writable copy of the bundled knowledge base for advisers to curate.

The bundled `kb/data` ships with the package and is read-only for curation. A server
where advisers edit evidence keeps its own copy, usually in the data directory:

    from chiptalent.kb.curation import seed_kb_copy
    path = seed_kb_copy()                   # <data dir>/kb
    # then run everything with CHIPTALENT_KB=<path>

or `chiptalent evidence seed [TARGET]`. The copy is made in a temporary folder beside
the target and renamed into place, so a half-made copy is never mistaken for a KB;
the change log then lives inside it (`<target>/changes.jsonl`, kb/curation/changelog.py).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from chiptalent import paths
from chiptalent.errors import InputError


def seed_kb_copy(target=None, *, overwrite: bool = False) -> Path:
    """Copy the bundled knowledge base to `target` (default `<data dir>/kb`)."""
    from chiptalent.kb.loader import BUNDLED_KB

    target = Path(target) if target else paths.data_dir() / "kb"
    if target.exists() and any(target.iterdir()):
        if not overwrite:
            raise InputError("the target already holds files; refusing to overwrite "
                             "curated evidence (use overwrite=True / --overwrite)",
                             file=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-seed-"))
    try:
        shutil.copytree(BUNDLED_KB, tmp / "kb",
                        ignore=shutil.ignore_patterns(".curation", "*.tmp", "changes.jsonl*"))
        if target.exists():
            aside = target.with_name(f".{target.name}-old-{tmp.name[-8:]}")
            target.rename(aside)
            shutil.rmtree(aside, ignore_errors=True)
        (tmp / "kb").rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    (target / "evidence").mkdir(exist_ok=True)
    return target
