"""Evidence search: a whoosh index over the knowledge base's evidence and interventions.

Public API (whoosh is imported only when one of these is called, so importing this
package costs nothing):

- `search(kb, query, *, limit=10, page=1, building_block=None, target_group=None,
  level=None, strength=None, publisher=None, language=None, kind=None, data_dir=None)`
  -> the `search --json` document of spec/cli.md;
- `format_text(result)` -> the same result for a terminal;
- `build_index(kb, data_dir=None, progress=None)` -> the index folder; `progress(done,
  total)` is called as documents are indexed;
- `open_index(kb, data_dir=None)` -> the whoosh index, rebuilt when missing, corrupt
  or stale; `index_status(kb, data_dir=None)` -> where it is and whether it is current;
- `update_source(kb, source)` / `remove_source(source_id, kb=None)` -> the curation
  writes, visible to the next search.

See README.md (section "search/") for how queries are expanded and scored.
"""

from __future__ import annotations


def search(kb, query, **kwargs) -> dict:
    from chiptalent.kb.search.searcher import search as _search
    return _search(kb, query, **kwargs)


def format_text(result: dict) -> str:
    from chiptalent.kb.search.textformat import format_text as _format
    return _format(result)


def build_index(kb, data_dir=None, progress=None, **kwargs):
    from chiptalent.kb.search.builder import build_index as _build
    return _build(kb, data_dir, progress, **kwargs)


def open_index(kb, data_dir=None, progress=None):
    from chiptalent.kb.search.lifecycle import open_index as _open
    return _open(kb, data_dir=data_dir, progress=progress)


def index_status(kb, data_dir=None) -> dict:
    from chiptalent.kb.search.lifecycle import index_status as _status
    return _status(kb, data_dir=data_dir)


def update_source(kb, source, *, data_dir=None) -> None:
    from chiptalent.kb.search.writer import update_source as _update
    _update(kb, source, data_dir=data_dir)


def remove_source(source_id, kb=None, *, data_dir=None) -> None:
    from chiptalent.kb.search.writer import remove_source as _remove
    _remove(source_id, kb, data_dir=data_dir)


__all__ = ["search", "format_text", "build_index", "open_index", "index_status",
           "update_source", "remove_source"]
