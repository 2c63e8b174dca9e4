"""`serve()`: the index is built on first start with a progress bar; waitress runs the
app. And the real server (waitress) answers, limits bodies and sends the headers."""

from __future__ import annotations

import http.client
import io
import json
from urllib.parse import urlsplit

import pytest
from flask import Flask

from chiptalent.kb.search import index_status
from chiptalent.webapp import server


def test_progress_bar_draws_one_line():
    stream = io.StringIO()
    bar = server.progress_bar(stream, width=10)
    bar(5, 10)
    bar(10, 10)
    out = stream.getvalue()
    assert "\rsearch index [#####.....] 5/10" in out
    assert out.endswith("[##########] 10/10\n")


def test_ensure_index_builds_once(kb, tmp_path):
    stream = io.StringIO()
    assert not index_status(kb, tmp_path)["current"]
    assert server.ensure_index(kb, tmp_path, stream) is True
    assert index_status(kb, tmp_path)["current"]
    assert "building the search index" in stream.getvalue()
    assert f"{index_status(kb, tmp_path)['documents']}/" in stream.getvalue()
    again = io.StringIO()
    assert server.ensure_index(kb, tmp_path, again) is False
    assert again.getvalue() == ""


def test_serve_builds_the_index_and_runs_waitress(monkeypatch, kb, tmp_path, capsys):
    import waitress.server
    calls = {}

    class FakeServer:
        def run(self):
            calls["ran"] = True

        def close(self):
            calls["closed"] = True

    def fake_create_server(app, **options):
        calls["app"] = app
        calls.update(options)
        return FakeServer()

    monkeypatch.setattr(waitress.server, "create_server", fake_create_server)
    from chiptalent.webapp import serve
    serve("127.0.0.1", 0, data_dir=str(tmp_path), workers=1)
    assert isinstance(calls["app"], Flask)
    assert calls["app"].config["DATA_DIR"] == str(tmp_path)
    port = calls["sockets"][0].getsockname()[1]
    assert calls["threads"] == server.default_threads()
    for name, value in server.SERVER_OPTIONS.items():
        assert calls[name] == value, name
    assert calls["ran"] and calls["closed"]
    assert index_status(kb, tmp_path)["current"]
    err = capsys.readouterr().err
    assert "search index [" in err and f"http://127.0.0.1:{port}/" in err


def test_the_production_server_runs_a_worker_per_core_and_stops_cleanly(data_dir, kb):
    """`chiptalent serve` as run in production: two worker processes on one port,
    both answering; SIGTERM stops the supervisor and every worker."""
    import os
    import re
    import signal
    import socket
    import subprocess
    import sys
    import time

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    env = dict(os.environ, CHIPTALENT_DATA_DIR=str(data_dir), CHIPTALENT_WORKERS="2",
               CHIPTALENT_THREADS="2")
    child = subprocess.Popen([sys.executable, "-m", "chiptalent", "serve", "--port",
                              str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        pids = None
        deadline = time.monotonic() + 120
        while pids is None:
            line = child.stderr.readline()
            assert line or child.poll() is None, "the server stopped"
            found = re.search(r"2 workers x 2 threads, pids (\d+), (\d+)", line)
            if found:
                pids = [int(found[1]), int(found[2])]
            assert time.monotonic() < deadline
        for n in range(6):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", f"/api/search?q=stage{n}")
            assert conn.getresponse().status == 200
            conn.close()
    finally:
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 0
    for pid in pids:
        try:
            os.kill(pid, 0)
            raise AssertionError(f"worker {pid} still runs")
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def waitress_server(app):
    """The app under waitress with the production settings (server.create_server), as
    `chiptalent serve` runs it; yields its base URL."""
    import threading

    live = server.create_server(app, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=live.run, name="waitress-test", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{live.effective_port}"
    live.close()
    thread.join(timeout=10)


def _connection(base_url):
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def test_real_server_serves_pages_and_api(waitress_server):
    conn = _connection(waitress_server)
    conn.request("GET", "/search?q=stayrate")
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 200
    assert response.getheader("Content-Security-Policy").startswith("default-src 'self'")
    assert '<b class="match">' in body
    conn.request("GET", "/api/search?q=stayrate")
    response = conn.getresponse()
    assert response.status == 200
    assert json.loads(response.read())["total"] > 0
    conn.close()


def test_real_server_refuses_a_chunked_body_over_the_limit(waitress_server):
    """Without Content-Length the limit still holds: the body is cut off at 1 MB."""
    conn = _connection(waitress_server)
    conn.putrequest("POST", "/api/check")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b"x" * 64_000
    try:
        for _ in range(20):                       # 1.28 MB
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass                                      # the server may stop reading early
    response = conn.getresponse()
    assert response.status == 413
    doc = json.loads(response.read())
    assert doc["field"] == "body"
    conn.close()


def test_real_server_refuses_a_large_content_length(waitress_server):
    conn = _connection(waitress_server)
    body = b"{" + b" " * 1_200_000 + b"}"
    try:
        conn.request("POST", "/api/recommend", body=body,
                     headers={"Content-Type": "application/json"})
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = conn.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["field"] == "body"
    conn.close()


# --- issue 20.2: slow clients cost others nothing; 20.12: a busy port says so ----------

def test_150_slow_clients_do_not_keep_others_out(app):
    """Slowloris: 150 connections that each sent a few bytes of a request line and
    then nothing. With waitress's defaults (100 connections) a normal request after
    them was never accepted; with the production settings it is answered."""
    import socket
    import threading
    import time

    live = server.create_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=live.run, name="waitress-slowloris", daemon=True)
    thread.start()
    port = live.effective_port
    slow = []
    try:
        for _ in range(150):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"GET /search?q=stage HTTP/1.1\r\nHo")
            slow.append(sock)
        time.sleep(0.5)                 # let the server take them all in
        for sock in slow:               # one more byte each: still in the middle
            sock.sendall(b"s")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        conn.request("GET", "/api/search?q=stage")
        response = conn.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["total"] >= 0
        conn.close()
    finally:
        for sock in slow:
            sock.close()
        live.close()
        thread.join(timeout=10)


def test_a_busy_port_is_bad_input_not_an_internal_error(app, data_dir):
    import socket

    from click.testing import CliRunner

    from chiptalent.cli import main
    from chiptalent.errors import InputError

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        try:
            server.create_server(app, "127.0.0.1", port)
            raise AssertionError("a taken port was bound twice")
        except InputError as exc:
            assert exc.field == "--port" and "already in use" in exc.message
        result = CliRunner().invoke(main, ["serve", "--port", str(port),
                                           "--data-dir", str(data_dir)])
        assert result.exit_code == 2, result.output
        assert "already in use" in result.output and "internal error" not in result.output
    finally:
        taken.close()


_WORKERS_SCRIPT = '''
import os, signal, sys, time
from pathlib import Path
from chiptalent.webapp.server import listen, run_workers

marks, mode = Path(sys.argv[1]), sys.argv[2]

def make_app():
    try:                                  # the first worker to start is the slow one
        os.close(os.open(marks / "slow", os.O_CREAT | os.O_EXCL))
        time.sleep(1.5)
        if mode == "dies":
            raise RuntimeError("this worker cannot load its app")
    except FileExistsError:
        pass
    (marks / f"ready-{os.getpid()}").write_text("")
    return lambda environ, start_response: []

def announce(pids):
    print("READY", len(list(marks.glob("ready-*"))), "OF", len(pids), flush=True)
    os.kill(os.getpid(), signal.SIGTERM)

run_workers(listen("127.0.0.1", 0), make_app, workers=2, threads=1, announce=announce)
'''


def _run_workers_script(tmp_path, mode):
    import subprocess
    import sys

    script = tmp_path / "workers.py"
    script.write_text(_WORKERS_SCRIPT)
    marks = tmp_path / "marks"
    marks.mkdir()
    return subprocess.run([sys.executable, str(script), str(marks), mode],
                          capture_output=True, text=True, timeout=60)


def test_the_server_is_announced_only_when_every_worker_is_ready(tmp_path):
    """Clients that connect while one worker still loads its app all land on the other
    (and a keep-alive client stays there): under 20 clients one core did all the work.
    So the supervisor says "serving" only when every worker has loaded and warmed."""
    done = _run_workers_script(tmp_path, "slow")
    assert done.stdout.split() == ["READY", "2", "OF", "2"], done.stderr


def test_a_worker_dying_while_others_wait_stops_the_server(tmp_path):
    """Waiting for readiness must not hang when a worker dies before it is ready."""
    done = _run_workers_script(tmp_path, "dies")
    assert "cannot load its app" in done.stderr
    assert "died at its start; stopping" in done.stderr


_PID_SERVER_SCRIPT = '''
import os, sys
from chiptalent.webapp.server import listen, run_workers

def make_app():
    def app(environ, start_response):
        body = str(os.getpid()).encode()
        start_response("200 OK", [("Content-Type", "text/plain"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    return app

sock = listen("127.0.0.1", 0)
run_workers(sock, make_app, workers=2, threads=1,
            announce=lambda pids: print("PORT", sock.getsockname()[1], flush=True))
'''


def test_keep_alive_clients_spread_evenly_over_the_workers(tmp_path):
    """Which worker accepts a connection was a race (20 clients split 14 to 6, and the
    fourteen waited twice as long); now the worker holding the fewest takes it."""
    import signal
    import subprocess
    import sys

    script = tmp_path / "pid_server.py"
    script.write_text(_PID_SERVER_SCRIPT)
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                             text=True)
    connections = []
    try:
        port = int(child.stdout.readline().split()[1])
        served = []
        for _ in range(10):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/")
            served.append(conn.getresponse().read().decode())
            connections.append(conn)             # kept open: a keep-alive client
        counts = sorted(served.count(pid) for pid in set(served))
        assert counts == [5, 5], served
        # The connections stay where they are: each asks again and gets its worker.
        for conn, pid in zip(connections, served):
            conn.request("GET", "/")
            assert conn.getresponse().read().decode() == pid
    finally:
        for conn in connections:
            conn.close()
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)


class _FakeWaitress:
    """What AcceptBalance uses of a waitress server."""

    def __init__(self, connections: int, limit_reached: bool = False):
        from types import SimpleNamespace

        self.active_channels = dict.fromkeys(range(connections))
        self.limit_reached = limit_reached
        self.adj = SimpleNamespace(asyncore_loop_timeout=1)

    def readable(self) -> bool:
        return not self.limit_reached


def test_a_worker_listens_only_while_it_holds_the_fewest_connections():
    from chiptalent.webapp.balance import LOOP_TIMEOUT, AcceptBalance

    balance = AcceptBalance(3)
    servers = [_FakeWaitress(4), _FakeWaitress(2), _FakeWaitress(2)]
    for slot, server in enumerate(servers):
        balance.gate(server, slot)
        assert server.adj.asyncore_loop_timeout == LOOP_TIMEOUT
    def looks():
        """Each worker's answer once all have looked (their event loops turn on)."""
        for server in servers:
            server.readable()
        return [server.readable() for server in servers]

    # Until a worker has looked once it is left out, like one still starting.
    assert servers[0].readable()
    assert looks() == [False, True, True]                       # ties both listen
    servers[1].active_channels[99] = None
    assert looks() == [False, False, True]
    # At waitress's own connection limit a worker is left out, and the others listen.
    servers[2].limit_reached = True
    assert looks() == [False, True, False]
    # A dead worker is left out until its successor looks.
    balance.forget(1)
    assert servers[0].readable()
