"""What the advice page shows, made from the recommend document (spec/cli.md).

The recommender's document is language-neutral and terse (ids, Dutch rule texts);
this module turns it into the page's pieces in the reader's language: each
arrangement with its interventions and why, its preconditions, the expected effects
per building block in the seed's words and its own evidence gap map; the
arrangements side by side; the chart of demand per level against the levels each
arrangement serves; the "why (not)?" answer; the form's view of each signal (its
definition, the region's default and where that default comes from).
"""

from __future__ import annotations

from chiptalent.i18n import format_money, format_number
from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.kb.present import block_ref, concept_ref
from chiptalent.rules.recommend_report import Words
from chiptalent.webapp import cards, data, gapmap, yield_view
from chiptalent.webapp.arrangement_compare import about_title, compare_rows
from chiptalent.webapp.i18n import lang, pick, t
from chiptalent.webapp.profile_query import ProfileQuery, region_defaults
from chiptalent.webapp.render import link
from chiptalent.webapp.charts import Bar, bar_chart
from chiptalent.webapp.served_chart import LevelRow, served_chart

SIGNAL_WORDS = {"low": "signal.low", "medium": "signal.medium", "high": "signal.high"}


def signal_word(value) -> str:
    return t(SIGNAL_WORDS[value]) if value in SIGNAL_WORDS else t("profile.choice.unknown")


def _label(kb: KnowledgeBase, scheme: str, cid: str) -> str:
    return pick(concept_ref(kb, scheme, cid)) or cid


def _intervention_label(kb: KnowledgeBase, iid: str) -> str:
    item = kb.interventions.get(iid)
    return pick(item) if item is not None else iid


def letter_of(arrangement: dict, index: int) -> str:
    suffix = (arrangement.get("id") or "").rsplit("-", 1)[-1]
    return suffix.upper() if len(suffix) == 1 else "ABCDEFGHIJ"[index]


def page_url(q: ProfileQuery, **changes) -> str:
    query = q.query(**changes)
    # the user's assumptions (?set=ID=VALUE, webapp/yield_view.py) go along
    assumptions = yield_view.set_query(yield_view.settings(data.get_kb()))
    query = "&".join(part for part in (query, assumptions) if part)
    return link("recommend.page") + (f"?{query}" if query else "")


# --- the form ------------------------------------------------------------------------

def form_view(q: ProfileQuery, kb: KnowledgeBase, doc: dict | None) -> dict:
    """Each field of the form with its default and where that default comes from."""
    defaults = region_defaults(kb, q.region)
    region = defaults["region"]
    region_name = pick(region) if region is not None else ""
    filled = (doc or {}).get("profile", {}).get("filled_in", {})
    unknown = set((doc or {}).get("profile", {}).get("unknown", []))

    def state(key: str, given: bool, default_value) -> str:
        if doc is not None:
            if key in filled:
                return "default"
            if key in unknown:
                return "unknown"
            return "yours"
        if given:
            return "yours"
        return "default" if default_value is not None else "unknown"

    demand = []
    levels = list(DEMAND_LEVELS) + [lv for lv in q.demand if lv not in DEMAND_LEVELS]
    for level in levels:
        figure = defaults["demand"].get(level)
        default_value = figure["value"] if figure else None
        demand.append({
            "id": f"demand_{level}", "level": level,
            "label": _label(kb, "level", level), "value": q.demand.get(level, ""),
            "default": format_number(default_value, lang()) if default_value is not None else None,
            "basis": (t("basis.derived") if figure and figure.get("basis") == "derived"
                      else t("basis.source")) if figure else None,
            "source": filled.get(f"demand.{level}") or
                      ("Bijlage 2" if figure else None),
            "state": state(f"demand.{level}", level in q.demand, default_value),
        })
    signals = []
    for sid, concept in kb.vocabulary("signal").items():
        fact = defaults["context"].get(sid) or {}
        default_value = fact.get("value")
        signals.append({
            "id": sid, "label": pick(concept), "definition": pick(concept, "definition"),
            "choice": q.context.get(sid, ""),
            "default": default_value,
            "default_word": signal_word(default_value) if default_value else None,
            "sources": fact.get("sources") or [],
            "summary": fact.get("summary"),
            "state": state(f"context.{sid}", sid in q.context, default_value),
        })
    by_block = []
    for block_id in kb.building_blocks:
        items = [{"id": i.id, "label": pick(i)} for i in kb.interventions.values()
                 if i.building_block == block_id]
        if items:
            by_block.append({"block": block_ref(kb, block_id), "items": items})
    return {
        "region_name": region_name,
        "has_region": region is not None,
        "demand": demand,
        "signals": signals,
        "programmes": [{"id": cid, "label": pick(c)}
                       for cid, c in kb.vocabulary("programme").items()],
        "levels": [{"id": cid, "label": pick(c)} for cid, c in kb.vocabulary("level").items()],
        "interventions_by_block": by_block,
        "all_interventions": [{"id": i.id, "label": pick(i)} for i in kb.interventions.values()],
    }


# --- the result ----------------------------------------------------------------------

def _rationales() -> dict[str, dict]:
    """Each recommend rule's rationale in both languages, by rule id."""
    return {rule.id: rule.rationale or {} for rule in data.get_rules().recommend}


def _in_language(rule: str | None, text: str) -> tuple[str, str]:
    """A rule's Dutch text and its language; in English when the rule says it in English.

    The recommender writes the Dutch rationale into `because`; the rule file has the
    English one beside it. Texts the recommender composes itself stay Dutch (and are
    marked so).
    """
    if lang() == "en" and rule:
        rationale = _rationales().get(rule) or {}
        if rationale.get("en") and text.strip() == (rationale.get("nl") or "").strip():
            return rationale["en"], "en"
    return text, "nl"


def _because(entry: dict, item: dict | None = None, arrangement: dict | None = None) -> dict:
    # Plain words (issue 19.2): built-in reasons from the registry in the page's
    # language, facts by their label; the rule id and fact paths only behind "details".
    words = Words(data.get_kb(), lang())
    if (entry.get("rule") or "").startswith("builtin."):
        text, language = words.because(entry, item, arrangement), lang()
    else:
        text, language = _in_language(entry.get("rule"), entry.get("text") or "")
    return {"rule": entry.get("rule"), "facts": entry.get("facts") or [],
            "text": text, "lang": language, "builtin": not entry.get("facts"),
            # weak or doubtful facts the rule read (rules/conclusions.py), shown with it
            "caveats": [dict(c, fact_label=words.fact(c.get("fact") or ""))
                        for c in entry.get("caveats") or []],
            "signal_weight": entry.get("signal_weight")}


def _preconditions(kb: KnowledgeBase, entries: list[dict]) -> list[dict]:
    out = []
    for p in entries:
        if p.get("kind") == "intervention":
            out.append({"kind": "intervention", "id": p["id"],
                        "label": _intervention_label(kb, p["id"]),
                        "because": p.get("because") or "", "strength": None,
                        "needed_by": [], "providers": []})
            continue
        out.append({
            "kind": "precondition", "id": p["id"], "label": _label(kb, "precondition", p["id"]),
            "strength": p.get("strength"), "because": p.get("because") or "",
            "needed_by": [{"id": i, "label": _intervention_label(kb, i)}
                          for i in p.get("needed_by") or []],
            "providers": [{"id": i, "label": _intervention_label(kb, i)}
                          for i in p.get("providers") or [] if i in kb.interventions],
            "flagged_by": p.get("flagged_by") or [],
        })
    return out


def _effects(kb: KnowledgeBase, arrangement: dict) -> list[dict]:
    texts = arrangement.get("effects_text_by_block") or {}
    effects = arrangement.get("effects_by_block") or {}
    out = []
    for block_id in list(dict.fromkeys([*effects, *texts])):
        labels = []
        for e in effects.get(block_id) or []:
            words = [_label(kb, "effect_dimension", e["dimension"]) if e.get("dimension") else None,
                     _label(kb, "magnitude", e["magnitude"]).lower() if e.get("magnitude") else None]
            labels.append(": ".join(w for w in words if w))
        out.append({"block": block_ref(kb, block_id), "text": texts.get(block_id) or "",
                    "effects": [x for x in labels if x]})
    return out


def arrangement_gap_map(kb: KnowledgeBase, members: list[str], needed_groups: list[str],
                        caption: str, map_id: str) -> dict:
    """The gap map (blocks × target groups) of just these interventions.

    Evidence counts, shades and links are the cells of the whole gap map
    (gapmap.cached_gap_map), so a cell here means what it means on /gap-map; only the
    intervention counts are the arrangement's own. Columns are the groups the
    arrangement reaches plus the groups the profile needs and it leaves out.
    """
    full = gapmap.cached_gap_map(kb)
    cells = {(row["building_block"]["id"], cell["target_group"]): cell
             for row in full["rows"] for cell in row["cells"]}
    items = [kb.interventions[m] for m in members if m in kb.interventions]
    covered = {g for i in items for g in i.target_groups}
    groups = [g for g in kb.vocabulary("target_group") if g in covered or g in needed_groups]
    rows = []
    for block_id in kb.building_blocks:
        in_block = [i for i in items if i.building_block == block_id]
        if not in_block:
            continue
        row_cells = []
        for g in groups:
            ids = [i.id for i in in_block if g in i.target_groups]
            whole = cells.get((block_id, g), {})
            evidence = whole.get("evidence", 0)
            row_cells.append({"target_group": g, "interventions": len(ids),
                              "intervention_ids": ids, "evidence": evidence,
                              "shade": whole.get("shade", 0),
                              "gap": bool(ids) and evidence == 0,
                              "search": whole.get("search")})
        rows.append({"building_block": block_ref(kb, block_id), "cells": row_cells})
    return {"id": map_id, "caption": caption,
            "target_groups": [dict(concept_ref(kb, "target_group", g),
                                   needed=g in needed_groups and g not in covered,
                                   name=_label(kb, "target_group", g)) for g in groups],
            "rows": rows}


def _arrangement(kb: KnowledgeBase, q: ProfileQuery, a: dict, index: int) -> dict:
    letter = letter_of(a, index)
    members = [i["id"] for i in a.get("interventions") or []]
    interventions = []
    overrides = yield_view.settings(kb)              # the URL's assumptions, checked
    assumptions = yield_view.set_query(overrides)
    for item in a.get("interventions") or []:
        iid = item["id"]
        interventions.append({
            # what it yields per €1m (cached per intervention, assumptions and KB) and
            # its page under the same assumptions
            "yield": yield_view.yield_doc(kb, iid, overrides) if iid in kb.interventions
            else None,
            # the intervention's card (issue 19.1): strength, impact, cost, groups, levels
            "card": cards.intervention_card(kb, iid, overrides) if iid in kb.interventions
            else None,
            "href": link("browse.intervention", iid=iid)
            + (f"?{assumptions}" if assumptions else ""),
            "id": iid, "label": _intervention_label(kb, iid),
            "block": item.get("building_block"),
            "levels": [_label(kb, "level", lv) for lv in item.get("levels") or []],
            "because": [_because(b, item, a) for b in item.get("because") or []],
            "why_url": page_url(q, explain=iid) + "#why",
            "exclude_url": page_url(q, exclude_add=iid),
            "quantities": _quantities(item.get("quantities"), a.get("optimisation")),
        })
    needs = a.get("needs_uncovered") or {}
    uncovered = []
    for kind, scheme, word in (("goals", "goal", "advice.goals"),
                               ("levels", "level", "levels"),
                               ("target_groups", "target_group", "advice.groups")):
        if needs.get(kind):
            uncovered.append({"kind": t(word),
                              "items": [_label(kb, scheme, v) for v in needs[kind]]})
    for gap in a.get("parts_uncovered") or []:     # Bijlage 1, 2: a part left open, and why
        english = lang() == "en"
        uncovered.append({"kind": gap["label_en"] if english else gap["label"],
                          "items": [(gap.get("text_en") if english else gap.get("text"))
                                    or gap["reason"]]})
    needed_groups = (a.get("needs") or {}).get("target_groups") or []
    name = t("advice.arrangement", letter=letter)
    optimisation = None
    if a.get("kind") == "budget-optimal":
        letter, name = "€", t("advice.optimal.name")
        optimisation = _optimisation(kb, a)
    subtitle = about_title(kb, members)     # what it is about (issue 19.3)
    title = f"{name}: {subtitle}" if subtitle else name
    return {
        "id": a.get("id") or f"arrangement-{letter.lower()}", "letter": letter,
        "title": title, "name": name, "subtitle": subtitle, "score": a.get("score"),
        "interventions": interventions, "members": members,
        "preconditions": _preconditions(kb, a.get("preconditions") or []),
        # the companies' own part beside a fundable member (rules/recommender.py)
        "business_measures": [
            {"id": m["id"], "label": _intervention_label(kb, m["id"]),
             "with": [{"id": w, "label": _intervention_label(kb, w)} for w in m["with"]],
             "because": m.get("because") or ""}
            for m in a.get("business_measures") or []],
        "effects": _effects(kb, a),
        "levels_served": a.get("levels_served") or [],
        "levels_served_labels": [_label(kb, "level", lv) for lv in a.get("levels_served") or []],
        "goals": [_label(kb, "goal", g) for g in a.get("goals_covered") or []],
        "target_groups": [_label(kb, "target_group", g)
                          for g in a.get("target_groups_covered") or []],
        "uncovered": uncovered,
        "optimisation": optimisation,
        "gapmap": arrangement_gap_map(kb, members, needed_groups,
                                      t("advice.gapmap.caption", a=t("advice.arrangement",
                                                                     letter=letter)),
                                      f"gap-{a.get('id') or letter.lower()}"),
    }


def _quantities(quantities: dict | None, optimisation: dict | None) -> dict | None:
    """How much of an intervention the budget-optimal portfolio takes, in words."""
    if not quantities:
        return None
    robust = (optimisation or {}).get("robust") or {}
    share = quantities.get("core_index")
    people = ", ".join(f"{format_number(n, lang())} {lv}"
                       for lv, n in (quantities.get("participants") or {}).items())
    return {"tranches": quantities.get("tranches"), "of": quantities.get("of_tranches"),
            "people": people, "cost": format_money(quantities.get("cost") or 0, lang()),
            "workers": format_number(quantities.get("extra_workers") or 0, lang(), 1),
            "core": format_number(100 * share, lang(), 0) if share is not None else None,
            "robust": share is not None and share >= robust.get("robust_share", 1.01)}


def _optimisation(kb: KnowledgeBase, a: dict) -> dict:
    """The budget-optimal arrangement's figures: workers per level against the demand
    used as the cap (a bar chart), the cost split, € per worker, the next €1m, greedy."""
    o = a["optimisation"]
    by_level = o["objective"]["by_level"]
    bars, described = [], []
    for level in DEMAND_LEVELS:
        label = _label(kb, "level", level)
        workers, demand = by_level.get(level, 0), o["demand"].get(level)
        # the level's short name on the bars: the full names do not fit the label column
        bars.append(Bar(t("advice.optimal.bar.workers", level=level), round(workers),
                        highlight=True))
        bars.append(Bar(t("advice.optimal.bar.demand", level=level), demand))
        described.append(t("advice.optimal.chart.desc", level=label,
                           workers=format_number(workers, lang(), 1),
                           demand=format_number(demand, lang())))
    title = t("advice.optimal.chart", year=o["horizon"])
    chart_id = "chart-optimal"
    cost, greedy, marginal = o["cost"], o.get("greedy") or {}, o["marginal"]

    def money(value):
        return format_money(value, lang()) if value is not None else "—"

    return {
        "chart": {"id": chart_id, "title": title,
                  "svg": bar_chart(bars, chart_id=chart_id, title=title,
                                   description="; ".join(described), lang=lang())},
        "workers": format_number(o["objective"]["extra_workers"], lang(), 1),
        "budget": money(o["budget"]),
        "cofinancing_available": money(o.get("cofinancing_available")),
        "rijk": money(cost["rijk"]), "cofinancing_needed": money(cost["cofinancing_needed"]),
        "societal": money(cost["societal"]),
        "rijk_per_worker": money(o.get("rijk_per_extra_worker")),
        "societal_per_worker": money(o.get("societal_per_extra_worker")),
        "step": money(marginal["budget_step"]),
        "step_cofinancing": money(marginal.get("cofinancing_step"))
        if marginal.get("cofinancing_step") else None,
        "step_workers": format_number(marginal["extra_workers_per_step"], lang(), 1),
        "greedy_workers": format_number(greedy["extra_workers"], lang(), 1)
        if greedy.get("extra_workers") is not None else None,
        "better_by": format_number(greedy.get("optimum_better_by") or 0, lang(), 1),
        "robust_draws": (o.get("robust") or {}).get("draws") or 0,
        "horizon": o["horizon"],
    }


def _chart(kb: KnowledgeBase, document: dict, arrangements: list[dict]) -> dict:
    profile = document.get("profile") or {}
    demand = profile.get("demand") or {}
    filled = profile.get("filled_in") or {}
    rows = []
    for level in DEMAND_LEVELS:
        counts = []
        for a in document.get("arrangements") or []:
            counts.append(sum(1 for i in a.get("interventions") or []
                              if level in (i.get("levels") or [])))
        rows.append(LevelRow(label=_label(kb, "level", level), demand=demand.get(level),
                             derived="derived" in (filled.get(f"demand.{level}") or ""),
                             counts=counts))
    letters = [a["letter"] for a in arrangements]
    names = [t("advice.arrangement", letter=x) for x in letters]
    described = []
    for row in rows:
        served = [t("advice.chart.served", a=n, n=c) if c else t("advice.chart.not_served", a=n)
                  for n, c in zip(names, row.counts)]
        demand_text = format_number(row.demand, lang()) + (f" ({t('basis.derived')})"
                                                    if row.derived else "")
        described.append(t("advice.chart.desc", level=row.label, demand=demand_text,
                           served=", ".join(served) or "—"))
    title = t("advice.chart")
    svg = served_chart(rows, letters, chart_id="chart-served", title=title,
                       description="; ".join(described), demand_word=t("demand.by_level"),
                       derived_word=t("basis.derived"), lang=lang())
    return {"id": "chart-served", "title": title, "svg": svg, "rows": rows,
            "columns": names}


def _side_by_side(kb: KnowledgeBase, document: dict, arrangements: list[dict]) -> dict:
    """The comparison table's rows (webapp/arrangement_compare.py) and what all share."""
    if not arrangements:
        return {"compare": [], "compare_same": []}
    table = compare_rows(kb, document.get("arrangements") or [], arrangements,
                         yield_view.settings(kb))
    return {"compare": table["rows"], "compare_same": table["same"]}


def _explain(kb: KnowledgeBase, document: dict, arrangements: list[dict]) -> dict | None:
    ex = document.get("explain")
    if not ex:
        return None
    names = {a["id"]: t("advice.arrangement", letter=a["letter"]) for a in arrangements}
    where = ", ".join(names.get(x, x) for x in ex.get("in_arrangements") or [])
    return {
        "id": ex["id"], "label": _intervention_label(kb, ex["id"]),
        "recommended": ex.get("recommended"), "where": where,
        "because": [_because(b) for b in ex.get("because") or []],
        "why_not": [dict(zip(("text", "lang"),
                             (w["text_en"], "en") if lang() == "en" and w.get("text_en")
                             else _in_language(w.get("rule"), w.get("text") or "")),
                         rule=w.get("rule"), failed=w.get("failed") or [],
                         failed_words=[Words(kb, lang()).facts_in(f)
                                       for f in w.get("failed") or []],
                         facts=w.get("facts") or [])
                    for w in ex.get("why_not") or []],
    }


def result_view(kb: KnowledgeBase, q: ProfileQuery, document: dict) -> dict:
    profile = document.get("profile") or {}
    region = kb.regions.get(profile.get("region") or "")
    arrangements = [_arrangement(kb, q, a, n)
                    for n, a in enumerate(document.get("arrangements") or [])]
    considered = [{"id": c["id"], "label": _intervention_label(kb, c["id"]),
                   "why": (c.get("why_en") if lang() == "en" else c.get("why")) or "",
                   "excluded": c["id"] in q.exclude,
                   "why_url": page_url(q, explain=c["id"]) + "#why",
                   "include_url": page_url(q, exclude_remove=c["id"])
                   if c["id"] in q.exclude else None}
                  for c in document.get("considered_not_recommended") or []]
    return {
        "name": pick(region) if region is not None and not q.name else profile.get("name"),
        "arrangements": arrangements,
        "chart": _chart(kb, document, arrangements) if arrangements else None,
        # side by side: figures, evidence, needs; rows the same for all left out (19.3)
        **_side_by_side(kb, document, arrangements),
        "explain": _explain(kb, document, arrangements),
        "considered": considered,
        "optimal_failed": (document.get("budget_optimal") or {}).get("reason"),
        "filled_count": len(profile.get("filled_in") or {}),
        "unknown": [_unknown_label(kb, key) for key in profile.get("unknown") or []],
        "notes": profile.get("notes") or [],
    }


def _unknown_label(kb: KnowledgeBase, key: str) -> str:
    kind, _, cid = key.partition(".")
    if kind == "context":
        return _label(kb, "signal", cid)
    if kind == "demand":
        return f"{t('demand')}: {cid}"
    return key
