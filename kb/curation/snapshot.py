"""The knowledge base before and after a write, without reloading it.

After a write the store needs two facts: the fingerprint the knowledge base had just
before (to find the search index that matches it) and the new knowledge base object
(to index the change and to hand to the web app). Reloading 10,000 YAML files takes
seconds; instead:
- `fingerprints()` reads the directory once and computes `loader.fingerprint` of the
  state after the write and, substituting the old bytes of the written files, of the
  state before it (the same algorithm: sorted paths, name NUL content NUL, sha1);
- `with_sources()` derives the new `KnowledgeBase` from the old one: the changed sources
  replaced (built by the loader's own `build`), and the derived `evidence` lists of the
  interventions they touch recomputed as the loader computes them;
- `store_cache()` puts the derived object into the compiled cache (cache.py's file and
  format), so that the next `chiptalent.kb.load()` of any process finds it current;
  `read_cache()` is how a store whose knowledge base is behind (another process
  wrote meanwhile) catches up without parsing every file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
from pathlib import Path

from chiptalent.kb.loader import build
from chiptalent.kb.model import EvidenceSource, KnowledgeBase

log = logging.getLogger(__name__)


def yaml_file_parts(kb_dir: Path) -> list[tuple[str, ...]]:
    """The YAML files of `kb_dir` as relative path parts, in `loader.yaml_files` order.

    The loader sorts Path objects, which on POSIX compare by their parts; sorting the
    parts tuples gives the same order, and os.scandir is several times faster than
    pathlib for 10,000 files. (tests/test_curation_store.py checks the equivalence.)
    """
    out: list[tuple[str, ...]] = []

    def walk(folder: str, prefix: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    walk(entry.path, prefix + (entry.name,))
                elif entry.name.endswith(".yaml") and entry.is_file():
                    out.append(prefix + (entry.name,))

    walk(str(kb_dir), ())
    out.sort()
    return out


def _read(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def fingerprints(kb_dir: Path, old_bytes: dict[str, bytes | None]) -> tuple[str, str]:
    """(before, after) fingerprints of `kb_dir`, as `loader.fingerprint` computes them.

    `old_bytes` maps each written file (relative path) to its content before the
    write, or None when the write created it. The directory as it is now is "after".
    """
    base = str(kb_dir)
    files = yaml_file_parts(kb_dir)
    after, before = hashlib.sha1(), hashlib.sha1()
    for parts in files:
        rel = "/".join(parts)
        data = _read(os.path.join(base, *parts))
        head = rel.encode() + b"\0"
        after.update(head)
        after.update(data)
        after.update(b"\0")
        if rel in old_bytes:
            if old_bytes[rel] is None:        # created by the write: not there before
                continue
            data = old_bytes[rel]
        before.update(head)
        before.update(data)
        before.update(b"\0")
    return before.hexdigest(), after.hexdigest()


def source_from_doc(doc: dict) -> EvidenceSource:
    """The loader's EvidenceSource for one evidence document."""
    name = f"evidence/{doc['id']}.yaml"
    return build({name: doc}).evidence[str(doc["id"])]


def with_sources(kb: KnowledgeBase, docs: list[dict], fingerprint: str) -> KnowledgeBase:
    """`kb` with these evidence documents written; touched interventions relinked."""
    changed = {str(doc["id"]): source_from_doc(doc) for doc in docs}
    evidence = dict(kb.evidence)
    touched: set[str] = set()
    for sid, source in changed.items():
        old = evidence.get(sid)
        if old is not None:
            touched.update(old.interventions)
        touched.update(source.interventions)
        evidence[sid] = source
    interventions = dict(kb.interventions)
    for iid in touched:
        item = interventions.get(iid)
        if item is None:
            continue
        # As the loader does: sorted source ids of the non-retired sources linking here.
        linked = [sid for sid in item.evidence if sid not in changed]
        linked += [sid for sid, s in changed.items()
                   if s.status != "retired" and iid in s.interventions]
        interventions[iid] = dataclasses.replace(item, evidence=sorted(set(linked)))
    return dataclasses.replace(kb, evidence=dict(sorted(evidence.items())),
                               interventions=interventions, fingerprint=fingerprint)


def touched_interventions(before: KnowledgeBase, after: KnowledgeBase) -> list[str]:
    """Ids of interventions whose derived evidence list differs between two states."""
    return sorted(iid for iid, item in after.interventions.items()
                  if before.interventions.get(iid) is None
                  or before.interventions[iid].evidence != item.evidence)


def read_cache(kb_dir: Path, data_dir: Path, fingerprint: str) -> KnowledgeBase | None:
    """The cached knowledge base if it is the state `fingerprint`, else None.

    Another process's store writes the cache inside the commit lock, so after its
    write the cache holds exactly the state this process's write started from.
    """
    from chiptalent.kb.cache import cache_path

    try:
        with cache_path(kb_dir, data_dir).open("rb") as handle:
            stored_fp, kb = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError,
            ImportError, TypeError):
        return None
    if stored_fp != fingerprint or not isinstance(kb, KnowledgeBase):
        return None
    kb.fingerprint = stored_fp
    return kb


def store_cache(kb_dir: Path, data_dir: Path, kb: KnowledgeBase) -> None:
    """Write `kb` as the compiled cache of `kb_dir` (best effort: a cache only saves time)."""
    from chiptalent.kb.cache import cache_path
    from chiptalent.kb.curation.fileio import atomic_write

    try:
        payload = pickle.dumps((kb.fingerprint, kb), protocol=pickle.HIGHEST_PROTOCOL)
        path = cache_path(kb_dir, data_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload)
    except OSError as exc:
        log.warning("could not update the knowledge-base cache: %s", exc)
