"""Fixtures of the web-app tests: the app, its test client, a real server, a browser.

Every test writes caches and the search index under a temporary CHIPTALENT_DATA_DIR,
never the user's data directory. Browser tests drive Debian's Chromium
(/usr/bin/chromium, or CHIPTALENT_CHROMIUM) through Playwright against the app served
by werkzeug's server on 127.0.0.1 and a free port; screenshots go to test-artifacts/web/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.live_server import serving
from tests.helpers.web_curation import make_curated

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHIPTALENT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("chiptalent-data")
    mp = pytest.MonkeyPatch()
    mp.setenv("CHIPTALENT_DATA_DIR", str(path))
    yield path
    mp.undo()


@pytest.fixture(scope="session")
def kb(data_dir):
    from chiptalent.kb import load
    return load(None, data_dir)


@pytest.fixture(scope="session")
def app(data_dir, kb):
    from chiptalent.webapp import create_app
    from chiptalent.webapp.server import ensure_index

    ensure_index(kb, data_dir)          # once per session, not in the first search
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(app):
    """The app over real HTTP on a free port of 127.0.0.1 (tests/helpers/live_server.py:
    stopped cleanly at the end of the session); yields its base URL."""
    with serving(app) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A fresh browser page that records console errors and CSP violations."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  locale="nl-NL")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture()
def axe_page(browser):
    """A page whose context bypasses the CSP, only so that axe-core can be injected."""
    assert AXE.exists(), (f"{AXE} is missing: run `npm ci` (or `npm install`) in "
                          f"{AXE.parents[2]}")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture()
def screenshot():
    """`screenshot(page, name)` keeps a full-page screenshot as a test artefact."""
    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return take


@pytest.fixture()
def axe():
    """`axe(page)`: axe-core's serious and critical violations on the page."""
    def run(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        return [v for v in result if v["impact"] in ("serious", "critical")]
    return run


@pytest.fixture
def curated(tmp_path, monkeypatch):
    """The app over a seeded KB copy with accounts anna (adviser) and rita (reviewer)."""
    from chiptalent.kb.search import close_searchers
    yield make_curated(tmp_path, monkeypatch)
    close_searchers()
