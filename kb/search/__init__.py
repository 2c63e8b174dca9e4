"""Evidence search: a whoosh index over the knowledge base's evidence and interventions.

The public API — nothing outside this package imports its modules or touches the
index's files:

- `search(kb, query, *, limit=10, page=1, building_block=None, target_group=None,
  level=None, strength=None, publisher=None, language=None, kind=None, data_dir=None)`
  -> the `search --json` document of spec/cli.md;
- `format_text(result)` -> the same result for a terminal;
- `build_index(kb, data_dir=None, progress=None)` -> the index folder; `progress(done,
  total)` is called as documents are indexed;
- `open_index(kb, data_dir=None)` -> the whoosh index, rebuilt when missing, damaged
  (a file differs from its checksum) or stale; `index_status(kb, data_dir=None)` ->
  where it is and whether it is current;
- `index_version(kb, data_dir=None)` -> a value that changes whenever the index's
  content does (for caches of search results);
- `update_sources(kb, sources, *, previous_fingerprint=None, interventions=(),
  data_dir=None)`, `update_source(kb, source, ...)`, `remove_source(source_id,
  kb=None)` -> writes, visible to the next search; with `previous_fingerprint` the
  index of the knowledge base before the write is carried forward;
- `close_searchers()` -> closes this thread's open searchers.

Importing the package imports whoosh (about 60 ms): the command line imports it only
in the commands that search. See README.md for how queries are expanded and scored.
"""

from __future__ import annotations

from chiptalent.kb.search.builder import build_index
from chiptalent.kb.search.lifecycle import index_status, index_version, open_index
from chiptalent.kb.search.searcher import close_all as close_searchers
from chiptalent.kb.search.searcher import search
from chiptalent.kb.search.textformat import format_text
from chiptalent.kb.search.spelling import prepare_spelling
from chiptalent.kb.search.updates import remove_source, update_source, update_sources

__all__ = ["search", "format_text", "build_index", "open_index", "index_status",
           "index_version", "update_sources", "update_source", "remove_source",
           "close_searchers", "prepare_spelling"]
