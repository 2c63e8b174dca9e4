"""The single writer: every change to an index goes through here, one at a time.

Two locks guard an index. Inside this process, `WRITE_LOCK` serialises all writes —
builds swapping a folder into place, curation updates, removals — so threads never
race for whoosh's lock. Across processes, whoosh's own lock file does the same job:
a second whoosh writer raises LockError, so we ask whoosh to wait for it
(`timeout`) instead of failing. `update_source` and `remove_source` are the calls
the curation feature uses; a committed change is visible to the next search (each
search checks whether the index has a newer generation and reopens only then).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

# Re-entrant: a build holding the lock may open the index it just built.
WRITE_LOCK = threading.RLock()

# How long a writer waits for another process's whoosh lock before giving up.
WRITER_TIMEOUT = 30.0
WRITER_DELAY = 0.02


@contextmanager
def index_writer(ix, **kwargs):
    """A whoosh writer on `ix`, holding the process-wide lock; commits on success."""
    with WRITE_LOCK:
        writer = ix.writer(timeout=WRITER_TIMEOUT, delay=WRITER_DELAY, **kwargs)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        # The default merge policy merges only small segments: a one-document
        # commit stays fast however big the index is.
        writer.commit()


def _replace(kb, source_id: str, new_doc: dict | None, data_dir) -> None:
    """Replace (or, with new_doc None, delete) one document, keeping the word list."""
    from chiptalent.kb.search.lifecycle import open_index
    from chiptalent.kb.search.spelling import WordList, document_words

    ix = open_index(kb, data_dir=data_dir)
    folder = Path(ix.storage.folder)
    with WRITE_LOCK:
        words = WordList.load(folder)
        with ix.searcher() as searcher:
            old = searcher.document(id=source_id)
        with index_writer(ix) as writer:
            if old is not None:
                words.remove(document_words(old["doc"]))
            if new_doc is None:
                writer.delete_by_term("id", source_id)
            else:
                writer.update_document(**new_doc)
                words.add(new_doc["_words"])
        words.save(folder)


def update_source(kb, source, *, data_dir=None) -> None:
    """Add or replace one evidence source in the KB's index (removes it if retired)."""
    from chiptalent.kb.search.documents import evidence_document
    from chiptalent.kb.search.expand import lexicon_for

    if source.status == "retired":
        _replace(kb, source.id, None, data_dir)
    else:
        _replace(kb, source.id, evidence_document(source, lexicon_for(kb), kb), data_dir)


def remove_source(source_id: str, kb=None, *, data_dir=None) -> None:
    """Remove one evidence source from the index of `kb` (default: the loaded KB)."""
    if kb is None:
        import chiptalent.kb
        kb = chiptalent.kb.load(data_dir=data_dir)
    _replace(kb, source_id, None, data_dir)
