"""The search page (`/search`) and the reading of search parameters, shared with the API.

Every parameter is checked before it reaches the index: a facet value must be a known
id, numbers must be numbers in range, the query has a length limit. A bad value is a
400 that names the parameter (a page, or JSON for the API), never a silent empty page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import quote_plus

from flask import Blueprint, current_app, jsonify, render_template, request
from markupsafe import Markup, escape

from chiptalent.errors import InputError
from chiptalent.kb.search import index_version
from chiptalent.kb.search import search as search_fn
from chiptalent.webapp import cards, data
from chiptalent.webapp.i18n import lang, pick, t

bp = Blueprint("search", __name__)

MAX_QUERY = 200
MAX_PAGE = 1000
MAX_LIMIT = 50
FACETS = ("building_block", "target_group", "level", "strength", "publisher", "language")
FILTERS = FACETS + ("kind",)
LANGUAGES = ("nl", "en")
KINDS = ("evidence", "intervention")
FACET_SHOWN = 6           # values per facet before "more"


def _int_param(args, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name} must be a whole number from {low} to {high}",
                         field=name) from None
    if not low <= value <= high:
        raise InputError(f"{name} must be from {low} to {high}", field=name)
    return value


def _check_id(kb, name: str, value: str) -> None:
    """A facet value must be a known id; the message lists what is allowed."""
    if name == "building_block":
        allowed = list(kb.building_blocks)
    elif name == "target_group":
        allowed = list(kb.vocabulary("target_group"))
    elif name == "level":
        allowed = list(kb.vocabulary("level"))
    elif name == "strength":
        allowed = list(kb.vocabulary("evidence_strength"))
        if not allowed:        # vocabulary not there yet: accept any id-like value
            if not value.replace("-", "").isalnum():
                raise InputError("strength must be an evidence-strength id", field=name)
            return
    elif name == "language":
        allowed = list(LANGUAGES)
    elif name == "kind":
        allowed = list(KINDS)
    else:
        return
    if value not in allowed:
        shown = ", ".join(allowed)
        raise InputError(f"unknown {name} {value[:60]!r}; allowed: {shown}", field=name)


def read_params(args, kb) -> dict:
    """The validated search parameters of a request (raises InputError)."""
    query = (args.get("q") or "").strip()
    if len(query) > MAX_QUERY:
        raise InputError(f"the query is longer than {MAX_QUERY} characters", field="q")
    if any(ord(ch) < 32 for ch in query):
        raise InputError("the query contains control characters", field="q")
    params = {"q": query,
              "page": _int_param(args, "page", 1, 1, MAX_PAGE),
              "limit": _int_param(args, "limit", 10, 1, MAX_LIMIT)}
    for name in FILTERS:
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if len(value) > MAX_QUERY:
            raise InputError(f"{name} is longer than {MAX_QUERY} characters", field=name)
        _check_id(kb, name, value)
        params[name] = value
    return params


class ResultCache:
    """A small LRU of search documents, shared by the server's threads.

    The same searches come back again and again (a popular term, a facet click, a
    gap-map cell), and a search costs milliseconds of CPU under the GIL; a cached one
    costs microseconds. Size 0 turns the cache off.
    """

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, compute):
        if self.size <= 0:
            return compute()
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                self.hits += 1
                return self.items[key]
        value = compute()                 # outside the lock: searches run in parallel
        with self.lock:
            self.misses += 1
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


def result_cache() -> ResultCache:
    cache = current_app.extensions.get("chiptalent.search_cache")
    if cache is None:
        cache = ResultCache(int(current_app.config.get("SEARCH_CACHE_SIZE", 1024)))
        current_app.extensions["chiptalent.search_cache"] = cache
    return cache


def run_search(params: dict, kb) -> dict:
    """Call the search core with validated parameters: the cli.md search document.

    The document is shared between requests through the cache: treat it as read-only.
    """
    data_dir = current_app.config.get("DATA_DIR")
    filters = {name: params[name] for name in FILTERS if name in params}
    key = (kb.fingerprint, index_version(kb, data_dir), tuple(sorted(params.items())))
    return result_cache().get(key, lambda: search_fn(
        kb, params["q"], limit=params["limit"], page=params["page"], data_dir=data_dir,
        **filters))


class _SnippetCleaner(HTMLParser):
    """Keep only text and `<b class="match">` from a snippet; escape everything else."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open_b = 0

    def handle_starttag(self, tag, attrs):
        if tag == "b":
            self.out.append('<b class="match">')
            self.open_b += 1

    def handle_endtag(self, tag):
        if tag == "b" and self.open_b:
            self.out.append("</b>")
            self.open_b -= 1

    def handle_data(self, text):
        self.out.append(str(escape(text)))


# A function of the snippet's text alone (and the same summaries and words come back
# from one search to the next): kept, the parse cost a tenth of a millisecond a hit.
@lru_cache(maxsize=4096)
def clean_snippet(snippet: str | None) -> Markup:
    """The search core promises HTML-safe snippets; check it anyway (defence in depth)."""
    if not snippet:
        return Markup("")
    cleaner = _SnippetCleaner()
    cleaner.feed(snippet)
    cleaner.close()
    return Markup("".join(cleaner.out) + "</b>" * cleaner.open_b)


def facet_label(kb, facet: str, value: str) -> str:
    if facet == "building_block":
        block = kb.building_blocks.get(value)
        return f"{value} · {pick(block)}" if block else value
    scheme = {"target_group": "target_group", "level": "level",
              "strength": "evidence_strength"}.get(facet)
    if scheme:
        concept = kb.vocabulary(scheme).get(value)
        return pick(concept) if concept else value
    if facet == "language":
        return t(f"language.{value}") if value in LANGUAGES else value
    if facet == "kind":
        return t(f"kind.{value}") if value in KINDS else value
    return value


def search_url(params: dict, **changes) -> str:
    """A /search URL with the current parameters, some changed (None drops one)."""
    from chiptalent.webapp.render import link_with_query
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    merged.update(changes)
    if merged.get("page") == 1:
        merged.pop("page")
    if merged.get("limit") == 10:
        merged.pop("limit")
    return link_with_query("search.page", merged)


def page_numbers(current: int, pages: int) -> list[int | None]:
    """The page links to show: the first two, the last two, two either side of the
    current one; None where pages are skipped."""
    shown, previous = [], 0
    for n in range(1, pages + 1):
        if n <= 2 or n > pages - 2 or abs(n - current) <= 2:
            if n - previous > 1:
                shown.append(None)
            shown.append(n)
            previous = n
    return shown


def view_model(kb, params: dict, result: dict) -> dict:
    """Everything the results part of the page shows, with its links, made in Python.

    Building the ~50 links and labels here rather than in template logic halves the
    page's rendering time, which is most of a cached search's cost under load.
    """
    from chiptalent.webapp.render import link

    def url(**changes):
        return search_url(params, **changes)

    filters = [(name, params[name]) for name in FILTERS if name in params]
    active = [{"label": f"{t('facet.' + name)}: {facet_label(kb, name, value)}",
               "href": url(**{name: None, "page": None})} for name, value in filters]
    # Facet labels depend only on the KB and the language: keep them per KB version.
    held = current_app.extensions.get("chiptalent.facet_labels")
    if held is None or held[0] != kb.fingerprint:
        held = current_app.extensions["chiptalent.facet_labels"] = (kb.fingerprint, {})
    labels = held[1]
    current = lang()

    def label(facet, value):
        key = (current, facet, value)
        text = labels.get(key)
        if text is None:
            text = labels[key] = facet_label(kb, facet, value)
        return text

    groups = []
    for facet in FACETS:
        counts = (result.get("facets") or {}).get(facet) or {}
        if not counts:
            continue
        chosen = params.get(facet)
        # One encoded query without this facet (and back on page 1); each value then
        # only appends itself, instead of encoding the whole query once per value.
        without = url(**{facet: None, "page": None})
        joiner = "&" if "?" in without else "?"
        items = [{"label": label(facet, value), "count": count,
                  "active": chosen == value,
                  "href": without if chosen == value
                  else f"{without}{joiner}{facet}={quote_plus(str(value))}"}
                 for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        # A long list shows its top values and folds the rest away (<details>, no JS);
        # an active value is always in view.
        shown = [i for n, i in enumerate(items) if n < FACET_SHOWN or i["active"]]
        more = [i for n, i in enumerate(items) if n >= FACET_SHOWN and not i["active"]]
        groups.append({"id": facet, "title": t(f"facet.{facet}"), "items": shown,
                       "more": more})
    english = current == "en"
    hits = []
    for hit in result.get("hits") or []:
        kind = hit.get("kind")
        if kind == "evidence":
            href = link("browse.evidence", eid=hit["id"])
        else:
            href = link("browse.intervention", iid=hit["id"])
        informs = []
        if kind == "evidence":
            for iid in hit.get("interventions") or []:
                item = kb.interventions.get(iid)
                informs.append({"href": link("browse.intervention", iid=iid),
                                "label": pick(item) if item else iid})
        url_ = hit.get("url")
        hits.append({
            "href": href, "kind": kind,
            "title": hit.get("title_en") if english and hit.get("title_en") else hit.get("title"),
            "kind_label": t(f"kind.{kind}") if kind in KINDS else kind,
            "publisher": hit.get("publisher"),
            "blocks": hit.get("building_blocks") or [],
            "url": url_ if isinstance(url_, str) and url_.lower().startswith(("https://", "http://")) else None,
            "snippet": clean_snippet(hit.get("snippet")),
            "informs": informs,
            # year, a draft not yet reviewed, a stub with (next to) no summary (19.9)
            "year": hit.get("year") if kind == "evidence" else None,
            "draft": hit.get("status") == "draft",
            "stub": bool(hit.get("stub")),
            # an intervention hit shows its card (issue 19.1)
            "card": cards.intervention_card(kb, hit["id"])
            if kind == "intervention" and hit.get("id") in kb.interventions else None,
            # An evidence hit shows its strength beside its title, as every output does.
            "strength": (pick(kb.vocabulary("evidence_strength")[hit["strength"]])
                         if kind == "evidence"
                         and hit.get("strength") in kb.vocabulary("evidence_strength")
                         else None),
        })
    pages = min(MAX_PAGE, -(-result.get("total", 0) // params["limit"]))
    pagination = None
    if pages > 1:
        current = params["page"]
        pagination = {
            "prev": url(page=current - 1) if current > 1 else None,
            "next": url(page=current + 1) if current < pages else None,
            "pages": [None if n is None else
                      {"n": n, "href": url(page=n), "current": n == current}
                      for n in page_numbers(current, pages)],
        }
    return {"active": active, "clear_url": url(**{name: None for name, _ in filters},
                                           page=None),
            "facets": groups, "hits": hits, "pagination": pagination,
            "suggestion": url(q=result["suggestion"], page=None)
            if result.get("suggestion") else None,
            "start": (params["page"] - 1) * params["limit"] + 1}


@bp.route("/search")
def page():
    kb = data.get_kb()
    params = read_params(request.args, kb)
    filtered = any(name in params for name in FILTERS)
    result = None
    if params["q"] or filtered or request.args.get("format") == "json":
        result = run_search(params, kb)
    if request.args.get("format") == "json":
        return jsonify(result)
    return render_template(
        "search.html", params=params, result=result,
        view=view_model(kb, params, result) if result is not None else None,
        filters=[(name, params[name]) for name in FILTERS if name in params],
        json_url=search_url(params, format="json"))
