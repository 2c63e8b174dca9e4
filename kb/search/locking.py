"""The single writer: every change to an index goes through here, one at a time.

Two locks guard an index. Inside this process, `WRITE_LOCK` serialises all writes —
builds swapping a folder into place, updates of sources, carrying an index forward —
so threads never race for whoosh's lock. Across processes, whoosh's own lock file does
the same job: a second whoosh writer raises LockError, so we ask whoosh to wait for it
(`timeout`) instead of failing.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

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
