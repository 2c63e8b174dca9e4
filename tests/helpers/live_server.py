"""An app served over real HTTP for the browser tests, stopped cleanly.

werkzeug's threaded server, because it stops cleanly: `shutdown()` ends
`serve_forever()` between requests and the thread is joined, where closing waitress's
server under its running loop left a thread error at the end of the session.
(waitress itself, as `chiptalent serve` runs it, is tested in tests/web/test_web_server.py.)
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def serving(app, name: str = "live-server"):
    """Serve `app` on a free port of 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=name)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
