"""Curation in a real headless Chromium (Playwright) over real HTTP, on a seeded copy
of the knowledge base: an adviser logs in, edits a source with markup in its title and
summary (it shows as text: no dialog, no injected element), meets field errors and a
conflict, and previews an import. axe-core finds no serious or critical violation on
the login, edit, error, conflict, import and preview pages. Screenshots:
test-artifacts/web/curation-*.png."""

from __future__ import annotations

import pytest

from tests.helpers.live_server import serving
from tests.helpers.web_curation import PASSWORD, make_curated

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
HEADER = ("id,title,publisher,url,year,language,type,summary,strength,strength_reason,"
          "interventions,building_blocks,target_groups,levels\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A curated app over real HTTP on a free port: (Curated, base URL)."""
    from chiptalent.kb.search import close_searchers

    patch = pytest.MonkeyPatch()
    curated = make_curated(tmp_path_factory.mktemp("curated-web"), patch)
    with serving(curated.app, "live-curation") as base:
        yield curated, base
    patch.undo()
    close_searchers()


def _login(page, base: str, name: str = "anna") -> None:
    page.goto(base + "/login")
    page.get_by_label("Gebruikersnaam").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + "/curation/")


def _watch_dialogs(page) -> list:
    dialogs = []

    def seen(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", seen)
    return dialogs


def test_markup_in_a_title_and_summary_stays_text(axe_page, site, screenshot):
    # bypass_csp: were the markup ever unescaped, its script would run here.
    curated, base = site
    page = axe_page
    dialogs = _watch_dialogs(page)
    _login(page, base)
    page.goto(base + "/curation/evidence/cedefop-microcredentials")
    page.get_by_label("Titel", exact=False).first.fill(SCRIPT)
    page.locator("#f-summary").fill(IMAGE + " " + SCRIPT)
    page.locator("#f-reason").fill("Test: " + IMAGE)
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.wait_for_url(base + "/evidence/cedefop-microcredentials")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == SCRIPT
    assert IMAGE + " " + SCRIPT in page.locator("main").inner_text()
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("main script").count() == 0
    assert page.evaluate("Array.from(document.scripts).filter(s => !s.src).length") == 0
    # The history shows the reason as text too.
    assert "Test: " + IMAGE in page.locator("table.history").inner_text()
    screenshot(page, "curation-xss-escaped")
    for path in ("/curation/", "/curation/evidence/cedefop-microcredentials"):
        page.goto(base + path)
        assert page.locator("img[src='x']").count() == 0
        assert page.evaluate("Array.from(document.scripts).filter(s => !s.src).length") == 0
    assert SCRIPT in page.locator("h1").inner_text()
    assert dialogs == []


def test_curation_pages_pass_axe(axe_page, site, axe, screenshot):
    curated, base = site
    page = axe_page
    failures = {}

    def check(name):
        screenshot(page, f"curation-{name}")
        violations = axe(page)
        if violations:
            failures[name] = violations

    page.goto(base + "/login")
    check("login")
    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill("not the password")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("load")
    assert "klopt niet" in page.locator("main").inner_text()
    check("login-failed")
    _login(page, base)
    check("list")
    page.goto(base + "/curation/evidence/katapult")
    check("edit")
    # Field errors: an empty title and no reason.
    page.locator("#f-title").fill("")
    page.locator("#f-year").fill("ooit")
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.wait_for_load_state("load")
    assert page.locator("#f-title-error").is_visible()
    assert page.locator("#f-year-error").is_visible()
    assert page.locator("#f-reason-error").is_visible()
    check("edit-errors")
    # A conflict: the source changes while the form is open.
    page.goto(base + "/curation/evidence/katapult")
    record = curated.store.get("katapult")
    curated.store.edit("katapult", {"year": 2016}, base_version=record.version,
                       user="anna", reason="Startjaar aangevuld")
    page.locator("#f-title").fill("Mijn titel")
    page.locator("#f-reason").fill("Titel ingekort")
    page.get_by_role("button", name="Wijziging opslaan").click()
    page.wait_for_load_state("load")
    assert "Iemand anders heeft deze bron intussen gewijzigd" in page.locator(
        ".conflict-box").inner_text()
    assert page.locator("#f-year").input_value() == "2016"
    check("edit-conflict")
    page.goto(base + "/curation/new")
    check("new")
    page.goto(base + "/curation/import/")
    check("import")
    page.locator("#f-file").set_input_files(files=[{
        "name": "bronnen.csv", "mimeType": "text/csv",
        "buffer": (HEADER + ",Goede bron,Uitgever,,2020,nl,report,Samenvatting.,"
                   "descriptive,Reden.,,,youth,mbo\n"
                   ",Foute bron,Uitgever,,vorig jaar,nl,report,Tekst.,heel-sterk,"
                   "Reden.,,,aliens,mbo\n").encode("utf-8")}])
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.wait_for_load_state("load")
    assert "Rij 2" in page.locator(".error-summary").inner_text()
    check("import-preview-errors")
    page.goto(base + "/curation/import/")
    page.locator("#f-file").set_input_files(files=[{
        "name": "bronnen.csv", "mimeType": "text/csv",
        "buffer": (HEADER + ",Goede bron,Uitgever,,2020,nl,report,Samenvatting.,"
                   "descriptive,Reden.,,,youth,mbo\n").encode("utf-8")}])
    page.get_by_role("button", name="Voorbeeld tonen").click()
    page.wait_for_load_state("load")
    check("import-preview")
    page.locator("#f-reason").fill("Monitor ingelezen")
    page.get_by_role("button", name="1 bron opslaan").click()
    page.wait_for_load_state("load")
    assert "1 bron opgeslagen." in page.locator("main").inner_text()   # singular
    check("import-done")
    page.goto(base + "/evidence/katapult")
    check("evidence-history")
    assert not failures, failures


def test_curation_pages_have_no_csp_violation_and_logout_works(page, site):
    curated, base = site
    _login(page, base)
    for path in ("/curation/", "/curation/evidence/katapult", "/curation/new",
                 "/curation/import/", "/evidence/katapult"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.console_errors == [], (path, page.console_errors)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("banner").get_by_role("link", name="Inloggen").is_visible()
    page.goto(base + "/curation/")
    assert page.url.startswith(base + "/login?next=")
