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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiptalent.errors import RuleError
from chiptalent.kb.model import KnowledgeBase
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


def select(kb: KnowledgeBase, selector: dict) -> list[str]:
    """Ids of the interventions a selector picks, in id order (builds a one-off index)."""
    return SelectorIndex(kb).select(selector)


@dataclass
class Support:
    rule: str
    kind: str               # recommend | favour | demote
    weight: int
    facts: list[str]
    text: str

    def as_because(self) -> dict:
        return {"rule": self.rule, "kind": self.kind, "facts": self.facts, "text": self.text}


@dataclass
class Conclusions:
    """Collects what the action handlers conclude during one engine run."""

    kb: KnowledgeBase
    support: dict[str, list[Support]] = field(default_factory=dict)
    ruled_out: dict[str, Support] = field(default_factory=dict)
    flags: dict[str, list[Support]] = field(default_factory=dict)
    language: str = "nl"
    index: SelectorIndex | None = None

    def __post_init__(self):
        self.index = self.index or SelectorIndex(self.kb)

    def _text(self, rule: Rule) -> str:
        return rule.rationale.get(self.language) or rule.rationale.get("nl", "")

    def handler(self, verb: str):
        def handle(argument, rule: Rule, read: dict):
            if not isinstance(argument, dict):
                raise RuleError(f"rule {rule.id}: {verb} takes a selector mapping")
            selected = self.index.select(argument)
            facts = shown_facts(read)
            for iid in selected:
                if verb == "rule_out":
                    self.ruled_out.setdefault(iid, Support(rule.id, verb, 0, facts,
                                                           self._text(rule)))
                else:
                    weight = int(argument.get("weight", DEFAULT_WEIGHTS[verb]))
                    self.support.setdefault(iid, []).append(
                        Support(rule.id, verb, weight, facts, self._text(rule)))
            return [(f"{FACT_PREFIX[verb]}.{iid}", True) for iid in selected]
        return handle

    def flag_handler(self, argument, rule: Rule, read: dict):
        precondition = argument.get("precondition") if isinstance(argument, dict) else None
        if precondition not in self.kb.vocabulary("precondition"):
            raise RuleError(f"rule {rule.id}: flag takes {{precondition: ID}} with a "
                            f"known precondition; got {argument!r}")
        self.flags.setdefault(precondition, []).append(
            Support(rule.id, "flag", 0, shown_facts(read), self._text(rule)))
        return [(f"flagged.{precondition}", True)]

    def handlers(self) -> dict:
        handlers = {verb: self.handler(verb) for verb in FACT_PREFIX}
        handlers["flag"] = self.flag_handler
        return handlers

    def score(self, iid: str) -> int:
        return sum(s.weight for s in self.support.get(iid, ()))

    def recommended(self, iid: str) -> bool:
        return any(s.kind == "recommend" for s in self.support.get(iid, ()))
