"""The validated rule set, pickled beside the knowledge-base cache so a process that
loads the rules (recommend, optimise, check, the web app) skips the JSON Schema check.

Validating every rule file against rules/schemas/rule.schema.json (and importing
jsonschema to do it) takes a good part of a short command's time; unpickling the rule
set takes about a millisecond. The cache is keyed by a hash of the content of what
decides the result: every rule file's name and content, the schema, and the modules
that parse and validate the rules (ruleset.py, conditions.py, engine.py with the Rule
class), so an edit of any of them rebuilds it. Only a rule set that loaded without
error is cached, so a broken rule file is reported on every run. It is written aside
and renamed into place (kb/cache.py's `write_atomically`), so two processes or a
crash never leave half a cache; a read-only data directory only costs speed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from chiptalent.kb.cache import read_pickled, store_pickled

# Bump when the pickled shape changes in a way the hashed sources do not show.
CACHE_FORMAT = 1
KINDS = ("recommend", "check")
_CODE = ("ruleset.py", "conditions.py", "engine.py")


def fingerprint(rules_dir: Path) -> str:
    """A hash of every rule file's name and content, the schema and the parsing code."""
    here = Path(__file__).parent
    parts = [(f"{kind}/{p.name}", p) for kind in KINDS
             for p in sorted((rules_dir / kind).glob("*.yaml"))]
    parts.append(("schema", here / "schemas" / "rule.schema.json"))
    parts += [(f"code/{name}", here / name) for name in _CODE]
    digest = hashlib.sha256(f"format {CACHE_FORMAT}".encode())
    for name, path in parts:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_path(rules_dir: Path, data_dir: Path) -> Path:
    tag = hashlib.sha1(str(rules_dir.resolve()).encode()).hexdigest()[:12]
    return data_dir / "cache" / f"rules-{tag}-v{CACHE_FORMAT}.pickle"


def load_cached(rules_dir: Path, data_dir: Path, read):
    """The rule set of `rules_dir`: from the cache when its fingerprint is current,
    else `read()` (which validates and may raise) and cached."""
    try:
        current = fingerprint(rules_dir)
    except OSError:
        return read()              # a file vanished while hashing: read says what
    path = cache_path(rules_dir, data_dir)
    ruleset = read_pickled(path, current)
    if ruleset is None:
        ruleset = read()
        store_pickled(path, current, ruleset)
    return ruleset
