"""The recommender: a region's profile in, ranked coherent arrangements out.

    profile ──complete from region defaults──> facts ──engine + rules──> conclusions
      ──scores──> arrangements (needs covered, closed under requires, block 5 added)

The output is the `recommend --json` document of spec/cli.md. Everything in it is
deterministic: the same profile gives byte-identical JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from chiptalent.errors import InputError
from chiptalent import i18n
from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import DEMAND_LEVELS, KnowledgeBase
from chiptalent.kb.present import evidence_briefs
from chiptalent.rules.approach_parts import PARTS, unmet
from chiptalent.rules.arrangements import Needs, build_arrangements
from chiptalent.rules.conclusions import Conclusions
from chiptalent.rules.conditions import explain as explain_condition
from chiptalent.rules.engine import Engine
from chiptalent.rules.intervention_lookup import resolve_intervention
from chiptalent.rules.profile import complete, parse_profile, profile_facts

LETTERS = "ABCDEFGHIJ"


def _load(kb, rules):
    if kb is None:
        from chiptalent.kb import load
        kb = load()
    if rules is None:
        from chiptalent.rules import load_rules
        rules = load_rules()
    return kb, rules


def _needs(facts: dict, focus_levels: list[str], conclusions: Conclusions) -> Needs:
    """The needs the rules asserted (`need.goal.X`, `need.level.X`, `need.target_group.X`,
    `need.part.X`), except those resting on an artefactual signal alone (weight 0)."""
    needs = Needs()
    for name, value in sorted(facts.items()):
        if value is not True or not name.startswith("need."):
            continue
        if conclusions.fact_weight(name) <= 0:
            continue
        parts = name.split(".", 2)
        if len(parts) == 3:
            kind = {"goal": "goals", "level": "levels", "target_group": "target_groups",
                    "part": "parts"}.get(parts[1])
            if kind and parts[2] not in getattr(needs, kind):
                getattr(needs, kind).append(parts[2])
    for level in focus_levels:
        if level not in needs.levels:
            needs.levels.append(level)
    return needs


def _intervention_doc(kb: KnowledgeBase, iid: str, because: list[dict], score: float) -> dict:
    doc = dict(_intervention_parts(kb)[iid])
    doc["because"], doc["score"] = because, score
    return doc


# What an intervention's entry says whatever the profile (all but `because` and
# `score`), per knowledge base version: building it anew for each of the ~30 entries
# of every recommendation (the sources' briefs, sorted; the effects) was a fifth of a
# recommendation's time. Entries are copied from it; their lists are shared and, like
# the document, read-only.
_parts_by_kb = KBMemo(8)    # a few versions at most (tests, a curation copy)


def _intervention_parts(kb: KnowledgeBase) -> dict[str, dict]:
    return _parts_by_kb.get(kb, "parts", lambda: _LazyParts(kb))


class _LazyParts(dict):
    """Each intervention's fixed part, made when first asked for."""

    def __init__(self, kb: KnowledgeBase):
        super().__init__()
        self.kb = kb

    def __missing__(self, iid: str) -> dict:
        kb = self.kb
        i = kb.interventions[iid]
        part = {
            "id": i.id, "label": i.label, "label_en": i.label_en,
            "building_block": i.building_block, "target_groups": i.target_groups,
            "levels": i.levels, "goals": i.goals,
            "effects": [e.as_dict() for e in kb.effects_of(i)],
            "because": None, "score": None,          # the profile's (set per entry)
            "requires": i.requires_ids, "requires_any": i.requires_any_ids,
            "preconditions": i.precondition_ids,
            "provides": i.provides, "evidence": i.evidence,
            # What a reader sees: each source by title and strength, strongest first.
            "evidence_detail": evidence_briefs(kb, i.evidence),
            "seed_section": i.seed_section,
        }
        self[iid] = part
        return part


def _preconditions(kb: KnowledgeBase, members: list[str], conclusions: Conclusions,
                   missing: list[dict]) -> list[dict]:
    """What the region must secure: unmet preconditions, flags, excluded dependencies."""
    provided = {p for m in members for p in kb.interventions[m].provides}
    found: dict[str, dict] = {}
    for iid in members:
        for dep in kb.interventions[iid].preconditions:
            if dep.id in provided:
                continue
            entry = found.setdefault(dep.id, {
                "kind": "precondition", "id": dep.id,
                "label": kb.vocabulary("precondition")[dep.id].label,
                "strength": dep.strength, "needed_by": [], "because": "",
                "providers": kb.providers_of(dep.id)})
            entry["needed_by"].append(iid)
            if dep.strength == "condition":
                entry["strength"] = "condition"
            elif dep.strength == "strong" and entry["strength"] == "advisory":
                entry["strength"] = "strong"
    for precondition, flags in sorted(conclusions.flags.items()):
        if precondition in provided:
            continue
        entry = found.setdefault(precondition, {
            "kind": "precondition", "id": precondition,
            "label": kb.vocabulary("precondition")[precondition].label,
            "strength": "strong", "needed_by": [], "because": "",
            "providers": kb.providers_of(precondition)})
        entry["flagged_by"] = [f.rule for f in flags]
        caveats = [c for f in flags for c in f.caveats]
        if caveats:     # a flag raised on a weak signal says so
            entry["caveats"] = [dict(t) for t in {tuple(sorted(c.items())) for c in caveats}]
            entry["caveats"].sort(key=lambda c: c["fact"])
    for entry in found.values():
        labels = [kb.interventions[i].label for i in entry["needed_by"]]
        parts = []
        if labels:
            parts.append("nodig voor " + ", ".join(labels))
        if entry.get("flagged_by"):
            parts.append("signaal uit het profiel (" + ", ".join(entry["flagged_by"]) + ")")
        for caveat in entry.get("caveats", ()):
            parts.append(f"let op: {caveat['fact']} is {caveat['label']}")
        entry["because"] = "; ".join(parts)
    return [found[k] for k in sorted(found)] + missing


def block_effects(kb: KnowledgeBase, members: list[str], block: str) -> list[dict]:
    """The effects the members of one block claim, each once, in the members' order."""
    seen: list[dict] = []
    for iid in members:
        item = kb.interventions[iid]
        if item.building_block != block:
            continue
        for effect in kb.effects_of(item):
            doc = effect.as_dict()
            if doc not in seen:
                seen.append(doc)
    return seen


def block_effects_text(kb: KnowledgeBase, members: list[str], block: str) -> str:
    """The call's sentence on the block when a member carries the block's effects;
    otherwise what the members themselves claim (e.g. only enabling)."""
    own = [kb.interventions[i] for i in members if kb.interventions[i].building_block == block]
    if any(not item.effects for item in own):
        return kb.building_blocks[block].effects_text or ""
    dimensions, magnitudes = kb.vocabulary("effect_dimension"), kb.vocabulary("magnitude")

    def word(table, key, missing):
        return table[key].label.lower() if key in table else (key or missing)

    parts = []
    for item in own:
        claims = ", ".join(f"{word(dimensions, e.dimension, 'effect')}: "
                           f"{word(magnitudes, e.magnitude, 'grootte niet genoemd')}"
                           for e in item.effects)
        parts.append(f"{item.label} — {claims}")
    return ("Niet het effect van de bouwsteen als geheel, alleen dat van de gekozen "
            "interventies: " + "; ".join(parts) + ".")


def _business_measures(kb: KnowledgeBase, members: list[str]) -> list[dict]:
    """Business-responsibility interventions that build on a member: the call leaves
    them to companies ("Hiervoor kunnen geen extra middelen worden aangevraagd"), so they
    are shown beside the fundable part, never in it (e.g. recruiting work-ready foreign
    talent beside the short trajectories that make it work-ready)."""
    chosen = set(members)
    out = []
    for item in kb.interventions.values():
        if not item.business_responsibility or item.id in chosen:
            continue
        # only what it cannot do without (condition, strong), not an advisory link
        builds_on = [d.id for d in item.requires
                     if d.id in chosen and d.strength != "advisory"]
        builds_on += [g for group in item.requires_any if group.strength != "advisory"
                      for g in group.ids if g in chosen]
        if builds_on:
            out.append({"id": item.id, "label": item.label, "label_en": item.label_en,
                        "with": builds_on, "because": item.business_reason,
                        "seed_section": item.business_seed_section,
                        "seed_quote": item.business_seed_quote})
    return out


def _parts_uncovered(kb: KnowledgeBase, members: list[str], needs: Needs, parsed,
                     conclusions: Conclusions, scores: dict) -> list[dict]:
    """Each part of the approach the arrangement leaves open, with the reason."""
    chosen = [kb.interventions[i] for i in members]
    gaps = []
    for part_id in needs.parts:
        part = PARTS[part_id]
        for requirement in unmet(part, chosen):
            cause = _gap_cause(kb, requirement, parsed, conclusions, scores)
            text = _gap_texts(kb, requirement, parsed, cause[0])
            gaps.append({"part": part_id, "label": part.label, "label_en": part.label_en,
                         "requirement": requirement.describe(),
                         "reason": _gap_reason(requirement, parsed, conclusions, *cause),
                         # the same in plain words, Dutch and English (no field or rule ids)
                         "text": text["nl"], "text_en": text["en"]})
    return gaps


def _gap_cause(kb: KnowledgeBase, requirement, parsed, conclusions: Conclusions,
               scores: dict) -> tuple[str, list, list]:
    """Why no intervention meeting a requirement could join: the first cause that holds
    for all of them (`none` in the knowledge base, `excluded` by the profile,
    `ruled_out` by the rules, outside the `focus` levels, or `unasked`), with those
    that meet it and those the profile did not exclude."""
    able = [i for i in kb.interventions.values() if requirement.met_by(i)]
    excluded = set(parsed.exclude_interventions)
    open_ = [i for i in able if i.id not in excluded]
    free = [i for i in open_ if i.id not in conclusions.ruled_out]
    if not able:
        cause = "none"
    elif not open_:
        cause = "excluded"
    elif not free:
        cause = "ruled_out"
    elif parsed.focus_levels and not any(i.id in scores for i in free):
        cause = "focus"
    else:
        cause = "unasked"
    return cause, able, open_


def _gap_texts(kb: KnowledgeBase, requirement, parsed, cause: str) -> dict[str, str]:
    """The cause as a plain sentence per language, what is needed in the knowledge
    base's own words."""
    out = {}
    for lang in i18n.LANGUAGES:
        if requirement.kind == "target_groups":
            concepts = kb.vocabulary("target_group")
            names = [(concepts[v].label_en if lang == "en" and concepts[v].label_en
                      else concepts[v].label) if v in concepts else v
                     for v in requirement.values]
        else:
            names = list(requirement.values)
        need = i18n.text(f"part_gap.{requirement.kind}", lang,
                         values=i18n.text("part_gap.or", lang).join(names))
        out[lang] = i18n.text(f"part_gap.{cause}", lang, need=need,
                              levels=", ".join(parsed.focus_levels))
    return out


def _gap_reason(requirement, parsed, conclusions: Conclusions, cause: str, able: list,
                open_: list) -> str:
    """The cause as the trace says it: with the profile's fields and the rules' ids."""
    need = requirement.describe()
    if cause == "none":
        return "de kennisbank heeft geen interventie met " + need
    if cause == "excluded":
        return ("het profiel sluit alle interventies met " + need
                + " uit (exclude_interventions)")
    if cause == "ruled_out":
        rules = sorted({conclusions.ruled_out[i.id].rule for i in open_})
        shut = len(able) - len(open_)
        return ((f"het profiel sluit er {shut} uit (exclude_interventions); de overige "
                 if shut else "de interventies ") + "met " + need
                + " zijn uitgesloten door " + ", ".join(rules))
    if cause == "focus":
        return ("de interventies met " + need + " vallen buiten de focusniveaus van het "
                "profiel (" + ", ".join(parsed.focus_levels) + ")")
    return "geen regel beveelt voor dit profiel een interventie met " + need + " aan"


def _title(kb: KnowledgeBase, members: list[str], letter: str) -> str:
    counts: dict[str, int] = {}
    for iid in members:
        block = kb.interventions[iid].building_block
        if block != "5":
            counts[block] = counts.get(block, 0) + 1
    top = sorted(counts, key=lambda b: (-counts[b], b))[:2]
    return f"Arrangement {letter}: " + " + ".join(kb.building_blocks[b].label for b in top)


def _arrangement_doc(kb: KnowledgeBase, draft, conclusions: Conclusions, scores: dict,
                     needs: Needs, parsed, best: float) -> dict:
    """One arrangement of the recommend document (its id and title are set after ranking)."""
    interventions = []
    for iid in draft.members:
        because = [s.as_because() for s in conclusions.support.get(iid, ())
                   if s.kind in ("recommend", "favour")]
        if iid in draft.reasons:
            because.append(draft.reasons[iid])
        interventions.append(_intervention_doc(kb, iid, because, scores.get(iid, 0)))
    core = [scores[i] for i in draft.members if i in scores]
    order = list(kb.building_blocks)
    blocks = sorted({kb.interventions[i].building_block for i in draft.members}, key=order.index)
    covered = {kind: sorted({v for i in draft.members for v in getattr(kb.interventions[i], kind)})
               for kind in ("goals", "levels", "target_groups")}
    return {
        "id": None, "title": None, "kind": "fit",
        "score": round(sum(core) / (len(core) * best), 3) if core else 0.0,
        "anchor_block": draft.anchor,
        "interventions": interventions,
        "preconditions": _preconditions(kb, draft.members, conclusions, draft.missing),
        # Only what the arrangement's own interventions claim (their refinements, else the
        # call's effect for their block): an enabling item does not inherit its block's
        # "groot". Qualitative, as the call puts it: no invented numbers.
        "effects_by_block": {b: block_effects(kb, draft.members, b) for b in blocks},
        "effects_text_by_block": {b: block_effects_text(kb, draft.members, b)
                                  for b in blocks},
        "goals_covered": covered["goals"], "levels_covered": covered["levels"],
        "target_groups_covered": covered["target_groups"],
        "needs": {"goals": needs.goals, "levels": needs.levels,
                  "target_groups": needs.target_groups, "parts": needs.parts},
        # The four parts of Bijlage 1, 2. Aanpak; a part left open is named with why.
        "parts_covered": [p for p in needs.parts
                          if not unmet(PARTS[p], [kb.interventions[i] for i in draft.members])],
        "parts_uncovered": _parts_uncovered(kb, draft.members, needs, parsed, conclusions,
                                            scores),
        # the companies' own part beside a fundable member (Bijlage 1, 2: unfunded)
        "business_measures": _business_measures(kb, draft.members),
        "needs_uncovered": {kind: [v for v in getattr(needs, kind) if v not in covered[kind]]
                            for kind in ("goals", "levels", "target_groups")},
        "demand": {lv: parsed.demand[lv] for lv in DEMAND_LEVELS if lv in parsed.demand},
        # the knowledge base's doubt about the demand figure, shown wherever it is used
        "demand_doubt": next((parsed.quality[n]["reason"]
                              for n in ("demand.total", *(f"demand.{lv}" for lv in DEMAND_LEVELS))
                              if n in parsed.quality), None),
        "levels_served": [lv for lv in DEMAND_LEVELS if lv in covered["levels"]],
    }


@dataclass
class Fit:
    """What the recommender finds fitting for a profile (also the optimiser's start)."""

    kb: KnowledgeBase
    parsed: object                      # the completed Profile
    run: object                         # the engine's run (facts, trace)
    conclusions: Conclusions
    out: set[str]                       # excluded by the profile or ruled out by a rule
    scores: dict[str, float]            # the fitting interventions and their scores


def fitting(profile: dict | None = None, *, region: str | None = None, kb=None,
            rules=None) -> Fit:
    """The interventions the rules recommend for a profile document or a region id."""
    kb, rules = _load(kb, rules)
    if profile is None:
        if region is None:
            raise InputError("give a profile or a region", field="region")
        profile = {"region": region}
    elif region is not None:
        profile = {**profile, "region": region}
    parsed = complete(parse_profile(profile, kb), kb)
    facts = profile_facts(parsed, kb)

    conclusions = Conclusions(kb, facts=facts, notes=parsed.quality)
    run = Engine(rules.recommend, conclusions.handlers()).run(facts)
    excluded = set(parsed.exclude_interventions)
    out = excluded | set(conclusions.ruled_out)
    focus = set(parsed.focus_levels)

    scores: dict[str, float] = {}
    for iid in kb.interventions:
        if iid in out or not conclusions.recommended(iid):
            continue
        if focus and kb.interventions[iid].building_block != "5" and \
                not focus & set(kb.interventions[iid].levels):
            continue
        scores[iid] = conclusions.score(iid)
    return Fit(kb, parsed, run, conclusions, out, scores)


def recommend(profile: dict | None = None, *, region: str | None = None, kb=None,
              rules=None, top: int = 3, explain: str | None = None,
              budget: int | None = None, cofinancing: int | None = None,
              robust: int = 0) -> dict:
    """The recommend document of spec/cli.md for a profile document or a region id;
    with a `budget`, the budget-optimal portfolio (spec/forecast.md) comes first."""
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 10:
        raise InputError("a whole number from 1 to 10", field="top")
    kb, rules = _load(kb, rules)
    fit = fitting(profile, region=region, kb=kb, rules=rules)
    parsed, run, conclusions, out, scores = (fit.parsed, fit.run, fit.conclusions,
                                             fit.out, fit.scores)
    needs = _needs(run.facts, parsed.focus_levels, conclusions)
    drafts = build_arrangements(kb, scores, needs, out, top)
    best = max(scores.values(), default=1) or 1
    arrangements = [_arrangement_doc(kb, draft, conclusions, scores, needs, parsed, best)
                    for draft in drafts]
    # Ranked by score; ties keep the order of construction (the first is unpenalised).
    arrangements.sort(key=lambda a: -a["score"])
    for n, arrangement in enumerate(arrangements):
        arrangement["id"] = f"arrangement-{LETTERS[n].lower()}"
        arrangement["title"] = _title(kb, [i["id"] for i in arrangement["interventions"]],
                                      LETTERS[n])
    if budget is not None:
        from chiptalent.rules.optimise.arrangement import budget_optimal
        optimal, optimisation = budget_optimal(
            fit, budget, cofinancing, robust=robust, make=lambda draft: _arrangement_doc(
                kb, draft, conclusions, scores, needs, parsed, best))
        if optimal is not None:
            arrangements.insert(0, optimal)

    in_any = {i["id"] for a in arrangements for i in a["interventions"]}
    beside = {m["id"]: a["id"] for a in arrangements for m in a["business_measures"]}
    considered = []
    for iid in sorted(set(conclusions.support) | out):
        if iid in in_any:
            continue
        why = _why_not_texts(kb, iid, parsed, conclusions, scores, rules, beside.get(iid))
        considered.append({"id": iid, "label": kb.interventions[iid].label,
                           "why": why["nl"], "why_en": why["en"]})
    document = {
        "profile": parsed.as_dict(),
        "arrangements": arrangements,
        "considered_not_recommended": considered,
        "trace": [f.as_dict() for f in run.trace],
    }
    if budget is not None:
        document["budget_optimal"] = optimisation
    if explain is not None:
        document["explain"] = explain_intervention(kb, rules, explain, parsed, run.facts,
                                                   conclusions, scores, arrangements)
    return document


def _why_not_texts(kb, iid, parsed, conclusions: Conclusions, scores, rules,
                   beside: str | None = None) -> dict[str, str]:
    """Why an intervention is in no arrangement, as a plain sentence in Dutch and English
    (no rule ids or scores: the trace and `explain` carry those)."""
    def both(key: str, **values) -> dict[str, str]:
        return {lang: i18n.text(key, lang, **values) for lang in i18n.LANGUAGES}

    if iid in parsed.exclude_interventions:
        why = both("why_not.excluded")
    elif iid in conclusions.ruled_out:
        rule = next((r for r in rules.recommend if r.id == conclusions.ruled_out[iid].rule), None)
        rationale = (rule.rationale if rule else None) or {}
        why = {lang: i18n.text("why_not.ruled_out", lang,
                               reason=rationale.get(lang) or rationale.get("nl")
                               or conclusions.ruled_out[iid].text)
               for lang in i18n.LANGUAGES}
    elif parsed.focus_levels and iid not in scores and conclusions.recommended(iid):
        why = both("why_not.focus", levels=", ".join(parsed.focus_levels))
    elif any(s.kind == "recommend" for s in conclusions.support.get(iid, ())) and \
            not conclusions.recommended(iid):
        why = both("why_not.artefact")
    elif not conclusions.recommended(iid):
        why = both("why_not.light")
    else:
        why = both("why_not.outscored")
    if beside:
        why = {lang: text + i18n.text("why_not.business_beside", lang, arrangement=beside)
               for lang, text in why.items()}
    return why


def explain_intervention(kb, rules, iid, parsed, facts, conclusions, scores,
                         arrangements) -> dict:
    """Why (or why not) an intervention: the rules that supported it, or the failed
    conditions of the rules that could have, or the rule that ruled it out."""
    # an id or a name (rules/intervention_lookup.py); unknown: suggestions in the error
    iid = resolve_intervention(kb, iid, field="explain")
    in_arrangements = [a["id"] for a in arrangements
                       if any(i["id"] == iid for i in a["interventions"])]
    result = {"id": iid, "label": kb.interventions[iid].label,
              "recommended": bool(in_arrangements), "in_arrangements": in_arrangements,
              "because": [s.as_because() for s in conclusions.support.get(iid, ())],
              "why_not": []}
    if iid in parsed.exclude_interventions:
        result["why_not"].append({"rule": "profile.exclude_interventions", "failed": [],
                                  "text": "het profiel sluit deze interventie uit"})
    if iid in conclusions.ruled_out:
        s = conclusions.ruled_out[iid]
        result["why_not"].append({"rule": s.rule, "failed": [], "facts": s.facts,
                                  "text": s.text})
    fired = {s.rule for s in conclusions.support.get(iid, ())}
    for rule in rules.recommend:
        if rule.id in fired:
            continue
        for action in rule.then:
            verb, argument = next(iter(action.items()))
            if verb in ("recommend", "favour") and isinstance(argument, dict) \
                    and iid in conclusions.index.select(argument):
                result["why_not"].append({
                    "rule": rule.id, "failed": explain_condition(rule.when, facts),
                    "text": rule.rationale.get("nl", "")})
                break
    if not in_arrangements and not result["why_not"]:
        why = _why_not_texts(kb, iid, parsed, conclusions, scores, rules)
        result["why_not"].append({"rule": None, "failed": [], "text": why["nl"],
                                  "text_en": why["en"]})
    return result
