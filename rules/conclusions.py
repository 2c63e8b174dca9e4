"""What the recommender's rules conclude: the actions beyond asserting facts.

A rule's `then` may
    recommend: SELECTOR      support the interventions it selects (weight 3 unless given)
    favour: SELECTOR         a lighter support (weight 1)
    demote: SELECTOR         count against them (weight -2)
    rule_out: SELECTOR       take them out of every arrangement
    flag: {precondition: ID} name a precondition the region must secure
A SELECTOR picks interventions by `intervention`, `interventions`, `block`,
`target_group`, `goal`, `level`, `programme`, `provides` or
`business_responsibility`; several keys narrow the
selection (all must match). Each conclusion also becomes a fact
(`recommended.<id>`, `ruled_out.<id>`, `flagged.<precondition>`, ...) so that other
rules can reason on it.

Weak signals count less. A profile value the knowledge base marks as a proxy, a wider
area or an artefact (vocabulary signal_quality) has a weight below 1. A firing's weight
is the highest quality level at which its rule would still fire if every fact weaker
than that level were unknown; a recommend, favour or demote counts with its default
weight times that, and a fact it asserts carries it on to the rules that read the fact.
So a rule resting on one artefact alone (weight 0) supports nothing, and a need it
asserts is no need. The weak facts a rule read are shown in its reason (`caveats`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiptalent.errors import RuleError
from chiptalent.kb.memo import KBMemo
from chiptalent.kb.model import KnowledgeBase
from chiptalent.rules.conditions import Evaluation
from chiptalent.rules.engine import Rule, shown_facts

SELECTOR_KEYS = ("intervention", "interventions", "block", "target_group", "goal",
                 "level", "programme", "provides", "business_responsibility")
DEFAULT_WEIGHTS = {"recommend": 3, "favour": 1, "demote": -2}
FACT_PREFIX = {"recommend": "recommended", "favour": "favoured", "demote": "demoted",
               "rule_out": "ruled_out"}


class SelectorIndex:
    """Interventions by every selector key, built once per run so that selecting stays
    proportional to the answer, not to the size of the knowledge base."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.by: dict[str, dict] = {key: {} for key in SELECTOR_KEYS}
        for item in kb.interventions.values():
            self.by["block"].setdefault(item.building_block, set()).add(item.id)
            self.by["business_responsibility"].setdefault(item.business_responsibility,
                                                          set()).add(item.id)
            for key, values in (("target_group", item.target_groups), ("goal", item.goals),
                                ("level", item.levels), ("programme", item.programmes),
                                ("provides", item.provides)):
                for value in values:
                    self.by[key].setdefault(value, set()).add(item.id)

    def select(self, selector: dict) -> list[str]:
        """Ids of the interventions a selector picks (all its keys must match), sorted."""
        if not any(key in selector for key in SELECTOR_KEYS):
            raise RuleError(f"a selector needs one of {', '.join(SELECTOR_KEYS)}; "
                            f"got {selector}")
        chosen: set[str] | None = None
        for key in SELECTOR_KEYS:
            if key not in selector:
                continue
            value = selector[key]
            if key == "intervention":
                found = {value} & self.kb.interventions.keys()
            elif key == "interventions":
                found = set(value) & self.kb.interventions.keys()
            elif key == "block":
                found = self.by[key].get(str(value), set())
            elif key == "business_responsibility":
                found = self.by[key].get(bool(value), set())
            else:
                found = self.by[key].get(value, set())
            chosen = set(found) if chosen is None else chosen & found
        return sorted(chosen or ())


# The index depends on the knowledge base alone: one per version, not one per
# recommendation (building it was a tenth of a recommendation's time).
_indexes = KBMemo(8)        # a few versions at most (tests, a curation copy)


def selector_index(kb: KnowledgeBase) -> SelectorIndex:
    """The SelectorIndex of `kb`, made once per knowledge base (read-only once made)."""
    return _indexes.get(kb, "selectors", lambda: SelectorIndex(kb))


def select(kb: KnowledgeBase, selector: dict) -> list[str]:
    """Ids of the interventions a selector picks, in id order (builds a one-off index)."""
    return SelectorIndex(kb).select(selector)


@dataclass
class Support:
    rule: str
    kind: str               # recommend | favour | demote
    weight: float           # the action's weight times the firing's signal weight
    facts: list[str]
    text: str
    signal_weight: float = 1.0                              # 1: no weak signal needed
    caveats: list[dict] = field(default_factory=list)       # weak or doubtful facts read

    def as_because(self) -> dict:
        doc = {"rule": self.rule, "kind": self.kind, "facts": self.facts, "text": self.text}
        if self.caveats:
            doc["caveats"] = self.caveats
            doc["signal_weight"] = self.signal_weight
        return doc


@dataclass
class Conclusions:
    """Collects what the action handlers conclude during one engine run."""

    kb: KnowledgeBase
    support: dict[str, list[Support]] = field(default_factory=dict)
    ruled_out: dict[str, Support] = field(default_factory=dict)
    flags: dict[str, list[Support]] = field(default_factory=dict)
    language: str = "nl"
    index: SelectorIndex | None = None
    facts: dict = field(default_factory=dict)      # a mirror of the engine's memory
    notes: dict[str, dict] = field(default_factory=dict)   # fact -> quality note
    weights: dict[str, float] = field(default_factory=dict)  # fact -> weight below 1
    _firing: tuple | None = None                   # (rule id, read, weight) cache

    def __post_init__(self):
        self.index = self.index or selector_index(self.kb)
        self.facts = dict(self.facts)
        for name, note in self.notes.items():
            if note.get("weight", 1) < 1:
                self.weights[name] = note["weight"]

    def firing_weight(self, rule: Rule, read: dict) -> float:
        """The highest quality level at which the rule still fires with every weaker
        fact taken as unknown (1 when it read no weak fact)."""
        cached = self._firing
        if cached is not None and cached[0] == rule.id and cached[1] is read:
            return cached[2]
        weight = 1.0
        if any(name in self.weights for name in read):
            levels = sorted({1.0, *self.weights.values()}, reverse=True)
            weight = levels[-1]
            for level in levels:
                view = {n: v for n, v in self.facts.items()
                        if self.weights.get(n, 1.0) >= level}
                if Evaluation(view).holds(rule.when):
                    weight = level
                    break
        self._firing = (rule.id, read, weight)
        return weight

    def caveats(self, read: dict) -> list[dict]:
        """The weak or doubtful facts a rule read, with what is wrong with them."""
        return [dict(self.notes[name], fact=name) for name in sorted(read)
                if name in self.notes and (self.notes[name].get("weight", 1) < 1
                                           or self.notes[name].get("quality") == "doubtful")]

    def _asserted(self, rule: Rule, read: dict, pairs) -> list:
        """Keep the mirror of the memory, and carry the firing's weight to its facts."""
        weight = self.firing_weight(rule, read)
        for name, value in pairs:
            # a fact holds with the strongest support any firing gave it: a weak firing
            # never weakens what a full-weight one asserted before it
            if name in self.facts:
                weight_now = max(self.weights.get(name, 1.0), weight)
            else:
                weight_now = weight
            self.facts[name] = value
            if weight_now < 1:
                self.weights[name] = weight_now
            else:
                self.weights.pop(name, None)
        return pairs

    def assert_handler(self, argument, rule: Rule, read: dict):
        if isinstance(argument, str):
            pairs = [(argument, True)]
        elif isinstance(argument, dict):
            pairs = list(argument.items())
        else:
            raise RuleError(f"rule {rule.id}: assert takes a fact name or a mapping of facts")
        return self._asserted(rule, read, pairs)

    def _text(self, rule: Rule) -> str:
        return rule.rationale.get(self.language) or rule.rationale.get("nl", "")

    def handler(self, verb: str):
        def handle(argument, rule: Rule, read: dict):
            if not isinstance(argument, dict):
                raise RuleError(f"rule {rule.id}: {verb} takes a selector mapping")
            selected = self.index.select(argument)
            facts = shown_facts(read)
            signal_weight = self.firing_weight(rule, read)
            caveats = self.caveats(read)
            for iid in selected:
                if verb == "rule_out":
                    self.ruled_out.setdefault(iid, Support(rule.id, verb, 0, facts,
                                                           self._text(rule)))
                else:
                    weight = int(argument.get("weight", DEFAULT_WEIGHTS[verb]))
                    self.support.setdefault(iid, []).append(
                        Support(rule.id, verb, weight * signal_weight, facts,
                                self._text(rule), signal_weight, caveats))
            return self._asserted(rule, read, [(f"{FACT_PREFIX[verb]}.{iid}", True)
                                               for iid in selected])
        return handle

    def flag_handler(self, argument, rule: Rule, read: dict):
        precondition = argument.get("precondition") if isinstance(argument, dict) else None
        if precondition not in self.kb.vocabulary("precondition"):
            raise RuleError(f"rule {rule.id}: flag takes {{precondition: ID}} with a "
                            f"known precondition; got {argument!r}")
        self.flags.setdefault(precondition, []).append(
            Support(rule.id, "flag", 0, shown_facts(read), self._text(rule),
                    self.firing_weight(rule, read), self.caveats(read)))
        return self._asserted(rule, read, [(f"flagged.{precondition}", True)])

    def handlers(self) -> dict:
        handlers = {verb: self.handler(verb) for verb in FACT_PREFIX}
        handlers["flag"] = self.flag_handler
        handlers["assert"] = self.assert_handler
        return handlers

    def score(self, iid: str) -> float:
        return round(sum(s.weight for s in self.support.get(iid, ())), 6)

    def recommended(self, iid: str) -> bool:
        """Supported by a recommend that counts: one resting on an artefact alone
        (signal weight 0) does not."""
        return any(s.kind == "recommend" and s.weight > 0
                   for s in self.support.get(iid, ()))

    def fact_weight(self, name: str) -> float:
        return self.weights.get(name, 1.0)
