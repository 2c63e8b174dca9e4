"""A small forward-chaining rule engine: agenda, salience, refraction, trace.

Working memory is a flat mapping of fact names to values. A rule whose condition
holds goes on the agenda; the agenda fires the rule with the highest salience (ties:
the smallest id), so runs are deterministic. A rule fires once per set of facts it
read (refraction); its actions may assert facts, which re-evaluates only the rules
that read those facts (an index from fact to rules keeps the work linear). It runs to a
fixed point, or stops at a cap and reports the cycle.

What actions mean beyond asserting facts belongs to the caller: the recommender and
the plan checker each pass handlers that turn an action into facts to assert and
conclusions to keep.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from chiptalent.errors import RuleError
from chiptalent.rules.conditions import Evaluation, facts_read


@dataclass(slots=True)
class Rule:
    id: str
    when: Mapping
    then: list[Mapping]
    salience: int = 0
    rationale: dict = field(default_factory=dict)     # {"nl": ..., "en": ...}
    seed_section: str | None = None
    seed_quote: str | None = None
    kind: str = "recommend"                            # recommend | check
    source_file: str | None = None
    line: int | None = None
    extra: dict = field(default_factory=dict)          # kind-specific keys (code, severity)
    _reads: frozenset | None = None                    # facts the condition can read

    @property
    def reads(self) -> frozenset:
        if self._reads is None:
            self._reads = frozenset(facts_read(self.when))
        return self._reads

    def as_dict(self) -> dict:
        doc = {"id": self.id, "kind": self.kind, "salience": self.salience,
               "when": self.when, "then": self.then, "rationale": self.rationale,
               "seed_section": self.seed_section, "seed_quote": self.seed_quote}
        doc.update(self.extra)
        return doc


@dataclass(slots=True)
class Firing:
    """One step of the trace: which rule fired, on which facts, asserting what."""

    rule: str
    facts: list[str]          # "name=value" of every fact the condition read
    asserted: list[str]
    step: int

    def as_dict(self) -> dict:
        return {"rule": self.rule, "facts": self.facts, "asserted": self.asserted}


@dataclass
class RunResult:
    facts: dict[str, Any]
    trace: list[Firing]
    fired: dict[str, list[Firing]]      # rule id -> its firings


# An action handler gets (its argument, the rule, the facts read) and returns the facts
# to assert as (name, value) pairs.
Handler = Callable[[Any, Rule, dict], Iterable[tuple[str, Any]]]


def _freeze(value):
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _show(name: str, value) -> str:
    if isinstance(value, list):
        value = ",".join(map(str, value))
    elif value is None:
        value = "unknown"
    elif value is True:
        value = "true"
    elif value is False:
        value = "false"
    return f"{name}={value}"


def shown_facts(read: dict) -> list[str]:
    """The facts a rule read, as sorted "name=value" strings (for traces and reasons)."""
    return [_show(n, v) for n, v in sorted(read.items())]


class Engine:
    def __init__(self, rules: Iterable[Rule], handlers: Mapping[str, Handler] | None = None,
                 max_firings: int = 10_000):
        self.rules = sorted(rules, key=lambda r: r.id)
        self.by_id = {r.id: r for r in self.rules}
        self.handlers = dict(handlers or {})
        self.handlers.setdefault("assert", _assert_handler)
        self.max_firings = max_firings
        # fact name -> ids of the rules whose condition reads it
        self.readers: dict[str, list[str]] = {}
        for rule in self.rules:
            for name in rule.reads:
                self.readers.setdefault(name, []).append(rule.id)

    def run(self, facts: Mapping[str, Any]) -> RunResult:
        memory = dict(facts)
        trace: list[Firing] = []
        fired_keys: set[tuple[str, tuple]] = set()
        fired: dict[str, list[Firing]] = {}
        agenda: list[tuple[int, str, int]] = []    # heap of (-salience, id, version)
        pending: dict[str, tuple[int, dict]] = {}  # rule id -> (version, facts read)
        version = 0
        frozen: dict[int, object] = {}   # id(value) -> frozen form; values live for the run

        def key_of(rule: Rule, read: dict) -> tuple:
            parts = []
            for name, value in sorted(read.items()):
                if isinstance(value, (list, dict)):
                    ident = id(value)
                    if ident not in frozen:
                        frozen[ident] = (value, _freeze(value))   # keep value alive
                    parts.append((name, frozen[ident][1]))
                else:
                    parts.append((name, value))
            return (rule.id, tuple(parts))

        def evaluate(rule: Rule):
            nonlocal version
            evaluation = Evaluation(memory)
            if evaluation.holds(rule.when):
                key = key_of(rule, evaluation.read)
                if key not in fired_keys:
                    version += 1
                    pending[rule.id] = (version, evaluation.read)
                    heapq.heappush(agenda, (-rule.salience, rule.id, version))
                    return
            pending.pop(rule.id, None)

        for rule in self.rules:
            evaluate(rule)

        while agenda:
            _, rule_id, ver = heapq.heappop(agenda)
            entry = pending.get(rule_id)
            if entry is None or entry[0] != ver:
                continue    # superseded by a later evaluation
            del pending[rule_id]
            if len(trace) >= self.max_firings:
                recent = sorted({f.rule for f in trace[-20:]})
                raise RuleError(f"the rules did not settle after {self.max_firings} "
                                f"firings: a cycle among {', '.join(recent)}")
            rule = self.by_id[rule_id]
            read = entry[1]
            fired_keys.add(key_of(rule, read))
            changed: list[str] = []
            asserted: list[str] = []
            for action in rule.then:
                for verb, argument in action.items():
                    handler = self.handlers.get(verb)
                    if handler is None:
                        raise RuleError(f"rule {rule.id}: unknown action {verb!r}")
                    for name, value in handler(argument, rule, read):
                        asserted.append(_show(name, value))
                        if memory.get(name, object()) != value:
                            memory[name] = value
                            changed.append(name)
            firing = Firing(rule.id, shown_facts(read), asserted, len(trace) + 1)
            trace.append(firing)
            fired.setdefault(rule.id, []).append(firing)
            to_check = sorted({rid for name in changed for rid in self.readers.get(name, ())})
            for rid in to_check:
                evaluate(self.by_id[rid])
        return RunResult(memory, trace, fired)


def _assert_handler(argument, rule: Rule, read: dict):
    """`assert: {name: value, ...}` or `assert: name` (true)."""
    if isinstance(argument, str):
        return [(argument, True)]
    if isinstance(argument, Mapping):
        return list(argument.items())
    raise RuleError(f"rule {rule.id}: assert takes a fact name or a mapping of facts")
