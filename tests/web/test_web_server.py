"""`serve()`: the index is built on first start with a progress bar; waitress runs the
app. And the real server (waitress) answers, limits bodies and sends the headers."""

from __future__ import annotations

import http.client
import io
import json
from urllib.parse import urlsplit

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
    calls = {}

    def fake_serve(app, **options):
        calls["app"] = app
        calls.update(options)

    import waitress
    monkeypatch.setattr(waitress, "serve", fake_serve)
    from chiptalent.webapp import serve
    serve("127.0.0.1", 5123, data_dir=str(tmp_path))
    assert isinstance(calls["app"], Flask)
    assert calls["app"].config["DATA_DIR"] == str(tmp_path)
    assert (calls["host"], calls["port"], calls["threads"]) == ("127.0.0.1", 5123, 8)
    assert index_status(kb, tmp_path)["current"]
    err = capsys.readouterr().err
    assert "search index [" in err and "http://127.0.0.1:5123/" in err


def _connection(live_server):
    parts = urlsplit(live_server)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def test_real_server_serves_pages_and_api(live_server):
    conn = _connection(live_server)
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


def test_real_server_refuses_a_chunked_body_over_the_limit(live_server):
    """Without Content-Length the limit still holds: the body is cut off at 1 MB."""
    conn = _connection(live_server)
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


def test_real_server_refuses_a_large_content_length(live_server):
    conn = _connection(live_server)
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
