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
`cleanup_interval` 10 s.

Concurrency: the pages are CPU-bound Python, and one process runs Python on one core
at a time (the interpreter lock), so `serve()` runs one worker process per core
(`default_workers()`, CHIPTALENT_WORKERS), each a waitress with `default_threads()`
threads (4, CHIPTALENT_THREADS), all accepting on one listening socket bound before
they are forked; a worker listens for new connections only while it holds no more than
the fewest any worker holds (webapp/balance.py), so keep-alive clients spread evenly,
and "serving on ..." is said once every worker is warm. The parent only supervises: it
restarts a worker that dies and stops them all on SIGTERM or Ctrl+C. The workers share
what must be shared through files in the data directory (the secret key, ended
sessions, failed logins, the search index, the knowledge base's version stamp: an edit
made through one worker is seen by the others at their next request).

A port that is taken (or not allowed) is bad input, said so in one line (exit 2), not
an internal error.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys
import time

from chiptalent.errors import InputError
from chiptalent.webapp.balance import AcceptBalance

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


ENV_WORKERS = "CHIPTALENT_WORKERS"
ENV_THREADS = "CHIPTALENT_THREADS"
THREADS_PER_WORKER = 4
# A worker that dies sooner than this after its start is not restarted again and again.
MIN_WORKER_LIFE = 5.0


def _env_count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise InputError(f"{name} must be a whole number from 1 to 64, not {value[:20]!r}",
                         field=name)
    return int(value)


def default_workers() -> int:
    """Worker processes: one per core (CHIPTALENT_WORKERS overrides)."""
    return _env_count(ENV_WORKERS, os.cpu_count() or 1)


def default_threads() -> int:
    """Threads per worker process (CHIPTALENT_THREADS overrides; default 4)."""
    return _env_count(ENV_THREADS, THREADS_PER_WORKER)


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


def create_server(app, host: str = "127.0.0.1", port: int = 5000, *, sock=None,
                  threads: int | None = None, **overrides):
    """The waitress server with the production settings, bound and ready to `run()`:
    on `sock` (a listening socket, see `listen`) when given, else on host and port.

    A port in use, a port the account may not take, or a host that is not an address
    of this machine is an InputError naming `--port` or `--host`.
    """
    from waitress.server import create_server as waitress_server

    options = {**SERVER_OPTIONS, **overrides}
    raise_file_limit(options["connection_limit"] + SPARE_FILES)
    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    try:
        return waitress_server(app, threads=threads or default_threads(), **where,
                               **options)
    except OSError as exc:
        raise _listen_error(exc, host, port) from None


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host and port (port 0: a free one), for the workers."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise _listen_error(exc, host, port) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(SERVER_OPTIONS["backlog"])
    except OSError as exc:
        sock.close()
        raise _listen_error(exc, host, port) from None
    sock.set_inheritable(True)
    return sock


def run_workers(sock: socket.socket, make_app, *, workers: int, threads: int,
                announce=None) -> None:
    """Serve on `sock` with `workers` processes of `threads` threads until stopped.

    `make_app()` is called in each worker (after the fork), so no worker shares a
    thread, a lock or an open index with another. `announce(pids)` is called once the
    workers run. One worker runs in this process, without forking.
    """
    if workers <= 1:
        server = create_server(make_app(), sock=sock, threads=threads)
        if announce:
            announce([os.getpid()])
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
        return

    children: dict[int, float] = {}
    slots: dict[int, int] = {}                          # pid -> its place in `balance`
    balance = AcceptBalance(workers)
    stopping = False
    # Each first worker writes one byte here once its app is loaded and warm (a worker
    # started later to replace one that died has no one waiting: `ready` is emptied).
    ready_read, ready_write = os.pipe()
    ready = {"read": ready_read, "write": ready_write}

    def start(slot: int) -> None:
        pid = os.fork()
        if pid == 0:                                    # the worker
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                if ready:
                    os.close(ready["read"])
                server = create_server(make_app(), sock=sock, threads=threads)
                balance.gate(server, slot)
                if ready:
                    os.write(ready["write"], b".")
                    os.close(ready["write"])
                server.run()
            except BaseException as exc:               # noqa: BLE001 (a worker's end)
                sys.stderr.write(f"chiptalent: worker {os.getpid()} stopped: {exc}\n")
                code = 1
            finally:
                os._exit(code)
        children[pid] = time.monotonic()
        slots[pid] = slot

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for slot in range(workers):
            start(slot)
        os.close(ready_write)
        ready.clear()
        # Announce only when every worker accepts: the clients that connect while one
        # worker still warms up all land on the other, and a keep-alive client stays
        # with the worker it got (under 20 clients one core did all the work).
        if _wait_ready(ready_read, children, workers) and announce:
            announce(sorted(children))
        while children:
            try:
                pid, _ = os.wait()
            except ChildProcessError:
                break
            started = children.pop(pid, None)
            slot = slots.pop(pid, None)
            if slot is not None:
                balance.forget(slot)        # new clients go to the living workers
            if started is None or stopping:
                continue
            if time.monotonic() - started < MIN_WORKER_LIFE:
                sys.stderr.write(f"chiptalent: worker {pid} died at its start; "
                                 "stopping\n")
                stop(None, None)
                continue
            sys.stderr.write(f"chiptalent: worker {pid} died; starting another\n")
            start(slot)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()


def _wait_ready(ready_read: int, children: dict, workers: int) -> bool:
    """Wait until `workers` workers have said they are ready (True), or one has died
    (False: the supervisor loop then reports it and stops)."""
    import select

    ready = 0
    try:
        while ready < workers:
            readable, _, _ = select.select([ready_read], [], [], 0.2)
            if readable:
                got = os.read(ready_read, workers)
                if not got:
                    return False                    # every worker is gone
                ready += len(got)
            elif any(os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
                     for pid in list(children)):
                return False    # a worker died (left unreaped for the supervisor)
    except ChildProcessError:
        return False
    finally:
        os.close(ready_read)
    return True


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


def warm(app):
    """Load the knowledge base, the rules and the spelling indexes before the first
    visitor asks, then move everything loaded so far out of the garbage collector's
    sight (`gc.freeze`): the
    knowledge base is some hundred thousand long-lived objects, and a full collection
    walking them took 100-250 ms in the middle of some request (the latency tail)."""
    import gc

    from chiptalent.kb.search import prepare_spelling
    from chiptalent.webapp import data
    with app.app_context():
        kb = data.get_kb()
        data.get_rules()
        prepare_spelling(kb, app.config.get("DATA_DIR"))
    gc.collect()
    gc.freeze()
    return app


def serve(host: str = "127.0.0.1", port: int = 5000, *, kb_dir=None, data_dir=None,
          threads: int | None = None, workers: int | None = None) -> None:
    from chiptalent import kb as kb_package
    from chiptalent.webapp import create_app

    workers = workers or default_workers()
    threads = threads or default_threads()
    knowledge = kb_package.load(kb_dir, data_dir)
    ensure_index(knowledge, data_dir)
    config = {"KB_DIR": kb_dir, "DATA_DIR": data_dir} if (kb_dir or data_dir) else None
    # Bind before saying "serving": a busy port is reported, not announced.
    sock = listen(host, port)
    url = f"http://{host}:{sock.getsockname()[1]}/"

    def announce(pids):
        sys.stderr.write(f"chiptalent: serving on {url} ({len(pids)} worker"
                         f"{'s' if len(pids) != 1 else ''} x {threads} threads, pids "
                         f"{', '.join(map(str, pids))}; Ctrl+C stops)\n")
        sys.stderr.flush()

    run_workers(sock, lambda: warm(create_app(config)), workers=workers,
                threads=threads, announce=announce)
