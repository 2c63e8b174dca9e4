"""The web app: search, browsing, the evidence gap map, regions and a JSON API.

`create_app()` builds the Flask app (server-rendered pages, one blueprint a module,
Dutch first with an English switch); `serve()` is what `chiptalent serve` runs: it
builds the search index if it is missing, then serves the app with waitress.

Configuration (test_config or the environment): KB_DIR (CHIPTALENT_KB), DATA_DIR
(CHIPTALENT_DATA_DIR), MAX_CONTENT_LENGTH (1 MB), SECRET_KEY (CHIPTALENT_SECRET_KEY,
else a generated `<data dir>/secret_key`), HTTPS (CHIPTALENT_HTTPS=1: Secure cookies),
SESSION_HOURS (8, from the login), SESSION_IDLE_MINUTES (60), LOGIN_MAX_FAILURES (5) and LOGIN_WINDOW (900 s).
"""

from __future__ import annotations

import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    from chiptalent.webapp.jinja import KeysFirstEnvironment
    app.jinja_environment = KeysFirstEnvironment     # before the environment is made
    app.config.update(
        KB_DIR=os.environ.get("CHIPTALENT_KB") or None,
        DATA_DIR=os.environ.get("CHIPTALENT_DATA_DIR") or None,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.update(test_config)
    # The API returns the CLI's documents: keep their key order and their accents.
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from chiptalent.webapp import (advise, api, browse, errors, gapmap, i18n,
                                   recommend_page, review_page, search, security)
    security.register(app)
    i18n.register(app)
    errors.register(app)
    for module in (browse, search, gapmap, advise, recommend_page, review_page, api):
        app.register_blueprint(module.bp)
    from chiptalent.webapp import plan_editor          # the plan editor (issue 18)
    app.register_blueprint(plan_editor.bp)
    from chiptalent.webapp import national             # the national view (issue 17)
    app.register_blueprint(national.bp)

    # Advisers' logins and evidence curation: the session cookie, CSRF tokens on every
    # posting form, and the curation store whose knowledge base the pages show.
    from chiptalent.webapp import auth, csrf, curation, curation_import, sessions
    sessions.register(app)
    csrf.register(app)
    auth.register(app)
    curation.register(app)
    for module in (auth, curation, curation_import):
        app.register_blueprint(module.bp)

    from chiptalent.webapp.render import link, ref, refs
    app.jinja_env.globals.update(link=link, ref=ref, refs=refs)
    from chiptalent.webapp import fragments            # cards and yields rendered once
    fragments.register(app)
    # Only web addresses become links: a `javascript:` url in the data stays text.
    app.jinja_env.tests["http_url"] = lambda value: isinstance(value, str) and \
        value.lower().startswith(("https://", "http://"))
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # Last: anonymous pages kept per address, language and KB version (pagecache.py).
    from chiptalent.webapp import pagecache
    pagecache.register(app)
    return app


def serve(host: str = "127.0.0.1", port: int = 5000, kb_dir=None, data_dir=None,
          threads: int | None = None, workers: int | None = None) -> None:
    """Run the app with waitress (a worker process per core); build the search index
    first if it is missing."""
    from chiptalent.webapp.server import serve as _serve
    _serve(host, port, kb_dir=kb_dir, data_dir=data_dir, threads=threads, workers=workers)


__all__ = ["create_app", "serve"]
