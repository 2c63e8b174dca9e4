"""The three journeys walked in a real Chromium, in Dutch and in English, at 1366 px and
at 390 px (issue 19): a region (home → region picker → advice → an intervention), an
adviser (home → search → evidence → login page) and a reviewer (check page with an
example plan → the verdict in view → the Markdown, HTML and PDF reports).

On every page visited: no field path (`context.youth_decline=high`) and no rule id (those
of rules/ and the built-in ones) is visible; text in the other language appears only
inside an element marked with `lang` (a word-list heuristic: the other language's
common function words outweigh the page's own in a visible text outside any
other-language [lang]); axe-core finds no serious or critical violation; the page is no
wider than the window. Screenshots of every step go to test-artifacts/web/plain-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chiptalent.rules import load_rules

pytestmark = pytest.mark.browser

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
FLAWED_PLAN = PLANS / "flawed-consortium-missing-party.yaml"
WIDTHS = (1366, 390)
BUILTIN_RULES = ["builtin.requires-closure", "builtin.enabling-block-5",
                 "builtin.precondition-provider", "builtin.budget-optimal"]
# Common function words; a word both languages use ("is", "in", "of" = Dutch "or")
# is in neither list.
FUNCTION_WORDS = {
    "nl": ["de", "het", "een", "van", "en", "voor", "met", "niet", "zijn", "wordt", "naar",
           "bij", "ook", "geen", "deze", "dit", "welke", "hoe", "uit", "aan", "wat", "wie",
           "waar", "als", "maar", "nog", "door", "tot", "om", "te", "er", "worden"],
    "en": ["the", "and", "with", "which", "this", "from", "for", "are", "not", "by", "these",
           "how", "what", "where", "who", "than", "that", "to", "into", "on", "be", "been",
           "has", "have", "can", "was", "were", "its", "their"],
}

# What the issue found on the pages: developer words and English inside Dutch pages.
NEVER_SHOWN = re.compile(r"\bhet seed\b|\bthe seed\b|\bscore \d|derived pro rata|"
                         r"region facts:", re.I)

# Collects what a reader sees: each visible text node with the language it is in (the
# nearest [lang]), and the visible text as a whole. Text in a closed <details> (the
# technical trace) is not visible, so it is not collected.
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.replace(/\\s+/g, ' ').trim();
    const el = n.parentElement;
    if (!text || !el || el.closest('script,style,template,noscript')) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
    const marked = el.closest('[lang]');
    nodes.push({text: text, lang: marked ? marked.getAttribute('lang') : null});
    all.push(text);
  }
  return {nodes: nodes, text: all.join('\\n')};
}"""


@pytest.fixture(scope="module")
def rule_ids() -> list[str]:
    return sorted({rule["id"] for rule in load_rules().as_dicts()} | set(BUILTIN_RULES))


def other_language_words(text: str, page_lang: str) -> set[str]:
    """The other language's function words in `text` when they outweigh the page's."""
    words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
    other = "en" if page_lang == "nl" else "nl"
    foreign = words & set(FUNCTION_WORDS[other])
    own = words & set(FUNCTION_WORDS[page_lang])
    return foreign if len(foreign) >= 2 and len(foreign) > len(own) else set()


class Walk:
    """One journey in one language at one width: every page is checked and kept."""

    def __init__(self, page, base, lang, width, journey, axe, screenshot, rule_ids):
        self.page, self.base, self.lang, self.width = page, base, lang, width
        self.journey, self.axe, self.screenshot, self.rule_ids = (journey, axe, screenshot,
                                                                  rule_ids)
        self.step = 0

    def check(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.step += 1
        where = f"{self.journey}/{self.lang}/{self.width}/{name} ({page.url})"
        assert page.evaluate("document.documentElement.lang") == self.lang, where
        seen = page.evaluate(VISIBLE_TEXT)
        paths = re.findall(r"\b[a-z_]+\.[a-z_]+=", seen["text"])
        assert paths == [], (where, paths[:5])
        assert not NEVER_SHOWN.findall(seen["text"]), (where, NEVER_SHOWN.findall(seen["text"]))
        named = [rid for rid in self.rule_ids
                 if re.search(rf"(?<![\w.-]){re.escape(rid)}(?![\w-])", seen["text"])]
        assert named == [], (where, named)
        unmarked = [(node["text"][:100], sorted(found)) for node in seen["nodes"]
                    if (node["lang"] or self.lang) == self.lang
                    and (found := other_language_words(node["text"], self.lang))]
        assert unmarked == [], (where, unmarked[:5])
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, (where, width)
        self.screenshot(page, f"plain-{self.journey}-{self.lang}-{self.width}-"
                              f"{self.step}-{name}")
        violations = self.axe(page)
        assert violations == [], (where, violations)


@pytest.fixture(params=[(lang, width) for lang in ("nl", "en") for width in WIDTHS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def walk(request, browser, live_server, axe, screenshot, rule_ids):
    lang, width = request.param
    # bypass_csp only so that axe-core can be injected; the app's own pages run no
    # inline script either way.
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  locale="nl-NL", bypass_csp=True, accept_downloads=True)
    page = context.new_page()

    def start(journey: str, path: str) -> Walk:
        separator = "&" if "?" in path else "?"
        # English is asked for once; the cookie keeps it for the rest of the walk.
        page.goto(live_server + path + (f"{separator}lang=en" if lang == "en" else ""))
        return Walk(page, live_server, lang, width, journey, axe, screenshot, rule_ids)

    yield start
    context.close()


def test_region_journey(walk):
    w = walk("region", "/")
    page = w.page
    w.check("home")
    page.select_option("#home-region", "twente")
    page.locator("form.region-picker button[type=submit]").click()
    page.wait_for_url(re.compile(r"/recommend\?region=twente"))
    page.wait_for_selector("article.arrangement")
    w.check("advice")
    if w.width < 600:
        # On a phone the advice comes before the profile form, which is folded.
        advice = page.locator("#advice-title").bounding_box()
        form = page.locator("details.profile-drawer").bounding_box()
        assert advice["y"] < form["y"]
        assert not page.locator("#profile-form").is_visible()
    else:
        assert page.locator("#profile-form").is_visible()
    first = page.locator("article.arrangement ol.interventions > li > a").first
    first.click()
    page.wait_for_url(re.compile(r"/interventions/"))
    w.check("intervention")


def test_adviser_journey(walk):
    w = walk("adviser", "/")
    page = w.page
    w.check("home")
    page.fill("#home-q", "instroom")
    page.locator("#home-q").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    page.wait_for_selector("ol.hits li.hit-evidence")
    w.check("search")
    drawer = page.locator("details.facets-drawer")
    assert drawer.locator("h3").first.is_visible() == (w.width >= 768)
    page.locator("ol.hits li.hit-evidence h3 a").first.click()
    page.wait_for_url(re.compile(r"/evidence/"))
    w.check("evidence")
    page.goto(w.base + "/login")
    w.check("login")


def test_reviewer_journey(walk):
    w = walk("reviewer", "/check")
    page = w.page
    w.check("check-form")
    page.fill("#plan", FLAWED_PLAN.read_text(encoding="utf-8"))
    page.locator("#plan-form button[type=submit]").click()
    page.wait_for_selector("#verdict")
    # The verdict first: posted to #verdict, scrolled into view without a script.
    assert page.url.endswith("#verdict")
    box = page.locator("#verdict").bounding_box()
    assert 0 <= box["y"] < 900, box
    counts = page.locator("#verdict-counts").inner_text()
    assert counts.startswith("1 fout," if w.lang == "nl" else "1 error,"), counts
    assert page.locator("ul.verdict-errors li").count() == 1
    assert page.locator("#key-figures dt").count() >= 3
    w.check("verdict")
    if w.width < 600:
        return
    for ext, magic in (("md", b"# "), ("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-")):
        with page.expect_download() as info:
            page.locator(f"form.report-form button[formaction$='report.{ext}']").click()
        download = info.value
        assert download.suggested_filename == f"plantoets-twente.{ext}"
        body = Path(download.path()).read_bytes()
        assert body.startswith(magic), (ext, body[:40])
        if ext != "pdf":
            text = body.decode("utf-8")
            assert not re.findall(r"\b[a-z_]+\.[a-z_]+=", text)
            assert ("Oordeel" in text) == (w.lang == "nl")
            assert ("Verdict" in text) == (w.lang == "en")
