"""`chiptalent serve`: build the search index if it is missing, then run waitress.

Building the index on first start (with a progress bar on standard error) means the
first search a visitor makes is as fast as every later one.

Waitress reads every connection in one I/O thread and hands a request to a worker
thread only once it has arrived whole, so a slow client costs a socket, never a
worker. What it needs is room for those sockets (`SERVER_OPTIONS`, documented in
webapp/README.md): `connection_limit` 1000 (the default 100 was exhausted by 120
clients sending a header byte every 4 s, after which nobody else was accepted),
poll() instead of select() (select stops at 1024 descriptors), the open-file limit
raised to match, idle connections closed after `channel_timeout` 30 s, checked every
`cleanup_interval` 10 s. Worker threads: `default_threads()`, two per core (four on
the 2-core machine): the pages are CPU-bound under one interpreter lock, so more
threads only queue inside the lock instead of in waitress's queue.

A port that is taken (or not allowed) is bad input, said so in one line (exit 2), not
an internal error.
"""

from __future__ import annotations

import errno
import os
import socket
import sys

from chiptalent.errors import InputError

SERVER_OPTIONS = {
    "connection_limit": 1000,
    "channel_timeout": 30,
    "cleanup_interval": 10,
    "backlog": 1024,
    "asyncore_use_poll": True,
    "ident": "chiptalent",
    "clear_untrusted_proxy_headers": True,
}
# Descriptors beyond the connections: the search index's segment files, logs, caches.
SPARE_FILES = 256


def default_threads() -> int:
    """Worker threads for this machine: two per core, at least four."""
    return max(4, 2 * (os.cpu_count() or 2))


def raise_file_limit(wanted: int) -> None:
    """Raise the soft limit of open files towards `wanted` (never above the hard one)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError):
        pass        # the connection limit then meets the system's limit first


def create_server(app, host: str = "127.0.0.1", port: int = 5000, *,
                  threads: int | None = None, **overrides):
    """The waitress server with the production settings, bound and ready to `run()`.

    A port in use, a port the account may not take, or a host that is not an address
    of this machine is an InputError naming `--port` or `--host`.
    """
    from waitress.server import create_server as waitress_server

    options = {**SERVER_OPTIONS, **overrides}
    raise_file_limit(options["connection_limit"] + SPARE_FILES)
    try:
        return waitress_server(app, host=host, port=port,
                               threads=threads or default_threads(), **options)
    except OSError as exc:
        raise _listen_error(exc, host, port) from None


def _listen_error(exc: OSError, host: str, port: int) -> Exception:
    if exc.errno == errno.EADDRINUSE:
        return InputError(f"port {port} on {host} is already in use (another server is "
                          "running there); stop it or choose another port with --port",
                          field="--port")
    if exc.errno == errno.EACCES:
        return InputError(f"not allowed to listen on port {port}; ports below 1024 need "
                          "administrator rights: choose a port from 1024 up",
                          field="--port")
    if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or \
            isinstance(exc, socket.gaierror):
        return InputError(f"cannot listen on {host!r}: not an address of this machine; "
                          "use 127.0.0.1, 0.0.0.0 or one of its own addresses",
                          field="--host")
    return exc


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
          threads: int | None = None) -> None:
    from chiptalent import kb as kb_package
    from chiptalent.webapp import create_app

    knowledge = kb_package.load(kb_dir, data_dir)
    ensure_index(knowledge, data_dir)
    app = create_app({"KB_DIR": kb_dir, "DATA_DIR": data_dir} if (kb_dir or data_dir) else None)
    # Bind before saying "serving": a busy port is reported, not announced.
    server = create_server(app, host, port, threads=threads)
    sys.stderr.write(f"chiptalent: serving on http://{host}:{server.effective_port}/ "
                     f"({server.adj.threads} threads; Ctrl+C stops)\n")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
