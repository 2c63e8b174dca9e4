"""An intervention at a glance (issue 19.1): the card shown wherever one is listed —
the register (/interventions), an arrangement on the advice page, a search hit.

A card says, as the EEF Toolkit does for an approach:
- the strength of its evidence on the knowledge base's own scale (vocabulary
  `evidence_strength`, rank 1..5), the strongest reviewed source it rests on, with the
  scale's words and the crosswalk's (NJi/Movisie, EEF padlocks, GRADE); drafts and
  retired sources do not count, they are not reviewed;
- its expected impact: the call's words (the effects the call names for its building
  block, or its own) and the forecast's extra workers by 2030 per €1 million, P10–P90
  per level — from rules/intervention_yield.py, the same function (and cache) as the
  intervention pages, under the same `?set=` assumptions;
- the cost per participant per level (the knowledge base's parameters, or the user's);
- its target groups and levels.

`register()` filters and sorts the cards for the register page by query parameters
(no JavaScript needed): strength (at least), impact (at least, per €1m at P50), cost
(at most, per participant), building block, target group, level; `sort` by block,
strength, impact or cost. A bad value is an InputError naming the parameter.
"""

from __future__ import annotations

from chiptalent.errors import InputError
from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import KnowledgeBase
from chiptalent.kb.present import block_ref, concept_ref
from chiptalent.rules.intervention_yield import intervention_yield

SORTS = ("block", "strength", "impact", "cost")
CROSSWALK_SCHEMES = ("nji_movisie", "eef_padlocks", "grade")
COUNTED_STATUS = "reviewed"       # only reviewed sources say how strong the evidence is


def strength_scale(kb: KnowledgeBase) -> list[dict]:
    """The evidence-strength scale, weakest first: id, rank, labels, crosswalk words."""
    concepts = sorted(kb.vocabulary("evidence_strength").values(), key=lambda c: c.rank or 0)
    return [{"id": c.id, "rank": c.rank or 0, "label": c.label, "label_en": c.label_en,
             "crosswalk": {k: v for k, v in (c.extra.get("crosswalk") or {}).items()
                           if k in CROSSWALK_SCHEMES}}
            for c in concepts]


def _sources(kb: KnowledgeBase, iid: str) -> list:
    """The reviewed evidence sources of an intervention (its own list and the sources
    that name it), each once."""
    item = kb.interventions[iid]
    ids = list(dict.fromkeys([*item.evidence, *(s.id for s in kb.evidence.values()
                                                 if iid in s.interventions)]))
    return [kb.evidence[e] for e in ids
            if e in kb.evidence and kb.evidence[e].status == COUNTED_STATUS]


def evidence_strength(kb: KnowledgeBase, iid: str, scale: list[dict] | None = None) -> dict:
    """The strongest reviewed source's place on the scale, and how many sources there
    are per step (the evidence mix). Rank 0 when no reviewed source backs it."""
    scale = scale if scale is not None else strength_scale(kb)
    by_id = {step["id"]: step for step in scale}
    mix = {step["id"]: 0 for step in scale}
    for source in _sources(kb, iid):
        if source.strength in mix:
            mix[source.strength] += 1
    strongest = max((by_id[s] for s, n in mix.items() if n), key=lambda s: s["rank"],
                    default=None)
    return {"id": strongest["id"] if strongest else None,
            "rank": strongest["rank"] if strongest else 0,
            "of": len(scale),
            "label": strongest["label"] if strongest else None,
            "label_en": strongest["label_en"] if strongest else None,
            "crosswalk": dict(strongest["crosswalk"]) if strongest else {},
            "sources": sum(mix.values()),
            "mix": [{"id": s["id"], "label": s["label"], "label_en": s["label_en"],
                     "count": mix[s["id"]]} for s in reversed(scale) if mix[s["id"]]]}


def _call_effects(kb: KnowledgeBase, item) -> list[dict]:
    """The effects the call names (the intervention's own, else its block's)."""
    out = []
    for e in kb.effects_of(item):
        if not e.dimension:
            continue
        out.append({"dimension": concept_ref(kb, "effect_dimension", e.dimension),
                    "magnitude": concept_ref(kb, "magnitude", e.magnitude)
                    if e.magnitude else None})
    return out


# Cards per knowledge base and assumptions: every search hit and every arrangement shows
# them, and a card reads all the evidence to find its sources. Shared: read-only.
_CARDS = KBMemo(512)


def intervention_card(kb: KnowledgeBase, iid: str, overrides: dict | None = None,
                      scale: list[dict] | None = None) -> dict:
    """One card's document (KeyError for an unknown id); callers must not change it."""
    item = kb.interventions[iid]
    return _CARDS.get(kb, (iid, tuple(sorted((overrides or {}).items()))),
                      lambda: _card(kb, item, overrides, scale))


def _card(kb: KnowledgeBase, item, overrides: dict | None,
          scale: list[dict] | None) -> dict:
    iid = item.id
    y = intervention_yield(kb, iid, overrides)
    levels = [{"level": row["level"], "p10": row["per_million"]["p10"],
               "p50": row["per_million"]["p50"], "p90": row["per_million"]["p90"],
               "cost_per_participant": row["cost_per_participant"]}
              for row in y.get("levels") or []]
    costs = [row["cost_per_participant"] for row in levels]
    return {
        "id": iid, "label": item.label, "label_en": item.label_en,
        "building_block": block_ref(kb, item.building_block),
        "strength": evidence_strength(kb, iid, scale),
        "effects": _call_effects(kb, item),
        # the call's own sentence on what its building block achieves (Dutch)
        "call_text": (kb.building_blocks[item.building_block].effects_text
                      if item.building_block in kb.building_blocks else None),
        "mechanism": y.get("mechanism"),
        "impact": {"per_million": levels,
                   # the sort key: the best level's P50 (an enabling one yields nothing)
                   "best_p50": max((row["p50"] for row in levels), default=0.0),
                   "fixed_cost": y.get("fixed_cost"), "overridden": y.get("overridden")},
        "cost": {"low": min(costs) if costs else None, "high": max(costs) if costs else None},
        "target_groups": [concept_ref(kb, "target_group", g) for g in item.target_groups],
        "levels": [concept_ref(kb, "level", lv) for lv in item.levels],
    }


# --- the register: filter and sort --------------------------------------------------

def _number(args, name: str) -> float | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)      # the form's number fields send a point as separator
    except ValueError:
        raise InputError(f"{name} must be a number with a point as decimal separator "
                         f"(e.g. 5 or 2.5), not {raw[:40]!r}",
                         field=name) from None
    if not 0 <= value < float("inf"):
        raise InputError(f"{name} must be a number of 0 or more", field=name)
    return value


def _choice(args, name: str, allowed) -> str | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if raw not in allowed:
        raise InputError(f"unknown {name} {raw[:60]!r}; allowed: {', '.join(allowed)}",
                         field=name)
    return raw


def read_register_query(args, kb: KnowledgeBase) -> dict:
    """The register's filters and sort from the query string (InputError on a bad one)."""
    return {
        "sort": _choice(args, "sort", SORTS) or "block",
        "strength": _choice(args, "strength", [s["id"] for s in strength_scale(kb)]),
        "impact": _number(args, "impact"),
        "cost": _number(args, "cost"),
        "block": _choice(args, "block", list(kb.building_blocks)),
        "target_group": _choice(args, "target_group", list(kb.vocabulary("target_group"))),
        "level": _choice(args, "level", list(kb.vocabulary("level"))),
    }


def _keep(card: dict, query: dict, min_rank: int) -> bool:
    if card["strength"]["rank"] < min_rank:
        return False
    if query["impact"] is not None and card["impact"]["best_p50"] < query["impact"]:
        return False
    if query["cost"] is not None and (card["cost"]["low"] is None
                                      or card["cost"]["low"] > query["cost"]):
        return False
    if query["block"] and card["building_block"]["id"] != query["block"]:
        return False
    if query["target_group"] and query["target_group"] not in [
            g["id"] for g in card["target_groups"]]:
        return False
    if query["level"] and query["level"] not in [lv["id"] for lv in card["levels"]]:
        return False
    return True


def _sort_key(sort: str):
    if sort == "strength":
        return lambda c: (-c["strength"]["rank"], -c["strength"]["sources"], c["label"])
    if sort == "impact":
        return lambda c: (-c["impact"]["best_p50"], c["label"])
    if sort == "cost":     # cheapest first; those without a cost per participant last
        return lambda c: (c["cost"]["low"] is None, c["cost"]["low"] or 0, c["label"])
    return None


def register(kb: KnowledgeBase, query: dict, overrides: dict | None = None) -> dict:
    """The register's cards, filtered and sorted; grouped by building block when
    sorted by block (the default)."""
    scale = strength_scale(kb)
    ranks = {s["id"]: s["rank"] for s in scale}
    min_rank = ranks.get(query.get("strength") or "", 0)
    cards = [intervention_card(kb, iid, overrides, scale) for iid in kb.interventions]
    shown = [c for c in cards if _keep(c, query, min_rank)]
    key = _sort_key(query["sort"])
    groups = []
    if key is None:
        for block_id in kb.building_blocks:
            in_block = [c for c in shown if c["building_block"]["id"] == block_id]
            if in_block:
                groups.append({"building_block": block_ref(kb, block_id), "cards": in_block})
    else:
        shown.sort(key=key)
    return {"total": len(cards), "shown": len(shown), "query": query,
            "scale": scale, "cards": shown, "groups": groups}
