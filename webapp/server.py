"""`chiptalent serve`: build the search index if it is missing, then run waitress.

Building the index on first start (with a progress bar on standard error) means the
first search a visitor makes is as fast as every later one. Waitress is a production
WSGI server with a thread pool, so slow clients do not block others.
"""

from __future__ import annotations

import sys


def progress_bar(stream=None, width: int = 30):
    """A `progress(done, total)` callback drawing a one-line bar on `stream`."""
    stream = stream or sys.stderr

    def progress(done: int, total: int) -> None:
        total = max(total, 1)
        filled = int(width * min(done, total) / total)
        stream.write(f"\rsearch index [{'#' * filled}{'.' * (width - filled)}] "
                     f"{done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return progress


def ensure_index(kb, data_dir=None, stream=None) -> bool:
    """Build the search index when it is missing or stale; True when it was built."""
    from chiptalent.kb.search import build_index, index_status
    if index_status(kb, data_dir)["current"]:
        return False
    stream = stream or sys.stderr
    stream.write("chiptalent: building the search index (first start)\n")
    build_index(kb, data_dir, progress_bar(stream))
    return True


def serve(host: str = "127.0.0.1", port: int = 5000, *, kb_dir=None, data_dir=None,
          threads: int = 8) -> None:
    import waitress

    from chiptalent import kb as kb_package
    from chiptalent.webapp import create_app

    knowledge = kb_package.load(kb_dir, data_dir)
    ensure_index(knowledge, data_dir)
    app = create_app({"KB_DIR": kb_dir, "DATA_DIR": data_dir} if (kb_dir or data_dir) else None)
    sys.stderr.write(f"chiptalent: serving on http://{host}:{port}/ (Ctrl+C stops)\n")
    waitress.serve(app, host=host, port=port, threads=threads, ident="chiptalent",
                   clear_untrusted_proxy_headers=True)
