"""Where an index lives and how we tell whether it matches a knowledge base.

Indexes live under `<data dir>/search/`, one folder per knowledge base, named after
the KB's fingerprint and the schema version (`<fp>-s<version>`), so the real KB and
a modified copy used in a test, or two checkouts, never overwrite each other. Each
folder holds a stamp file, written last, recording the fingerprint, the schema
version and the document count: a folder without a readable, matching stamp is
incomplete or foreign and is rebuilt.

The data directory is `data_dir` if given, else CHIPTALENT_DATA_DIR, else the user's
data directory (platformdirs), the same rule as the rest of chiptalent.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from chiptalent import paths
from chiptalent.kb.search.schema import SCHEMA_VERSION

STAMP = "chiptalent-index.json"
ROOT = "search"


def data_root(data_dir=None) -> Path:
    return paths.data_dir(data_dir) / ROOT


def kb_fingerprint(kb) -> str:
    """The KB's fingerprint; for a hand-built KB without one, a hash of its content."""
    if kb.fingerprint:
        return kb.fingerprint
    digest = hashlib.sha1()
    for table in (kb.vocabularies, kb.building_blocks, kb.interventions, kb.evidence):
        digest.update(pickle.dumps(sorted((k, repr(v)) for k, v in table.items())))
    return "content-" + digest.hexdigest()


def index_name(fingerprint: str) -> str:
    safe = "".join(ch for ch in fingerprint if ch.isalnum() or ch == "-")[:24] or "empty"
    return f"{safe}-s{SCHEMA_VERSION}"


def index_path(kb, data_dir=None) -> Path:
    return data_root(data_dir) / index_name(kb_fingerprint(kb))


def read_stamp(path: Path) -> dict | None:
    try:
        stamp = json.loads((path / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def write_stamp(path: Path, fingerprint: str, documents: int) -> None:
    stamp = {"fingerprint": fingerprint, "schema": SCHEMA_VERSION, "documents": documents}
    tmp = path / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    os.replace(tmp, path / STAMP)


def stamp_matches(path: Path, fingerprint: str) -> bool:
    stamp = read_stamp(path)
    return bool(stamp) and stamp.get("fingerprint") == fingerprint \
        and stamp.get("schema") == SCHEMA_VERSION
