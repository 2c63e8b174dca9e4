"""The condition language shared by the recommender's and the plan checker's rules.

A condition is plain YAML data:

    all: [cond, ...]            every one holds
    any: [cond, ...]            at least one holds
    not: cond                   it does not hold
    fact: NAME                  the fact is true (present, not false/empty/None)
    fact: NAME, OP: VALUE       a comparison, OP one of
        is, is_not              equality
        in, not_in              the fact's value is one of a list
        contains, lacks         the fact (a list) has / has not the value
        at_least, at_most       ordered: signal levels low < medium < high, or numbers
        gt, ge, lt, le          numbers
        known                   true: the fact has a value; false: it is unknown
        empty                   true: the fact (a list, text) is missing or empty

A VALUE may itself name a fact, optionally scaled by an exact fraction, so thresholds
live in the rules and the arithmetic stays exact (integers, no floating point):

    {fact: totals.cofinancing_counted, lt: {fact: totals.rijk_plus_cofinancing, times: "1/3"}}

Evaluation records which facts it read, so the engine can tell which set of facts a
rule fired on, and `explain()` lists the leaves that failed, for "why not X?".
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping

# Rules are plain YAML data, so a mapping is a dict; `isinstance(x, dict)` is much
# cheaper than a check against the typing ABC on this hot path.
_MAP = dict

from chiptalent.errors import RuleError

SIGNAL_ORDER = {"low": 0, "medium": 1, "high": 2}
COMPARISONS = ("is", "is_not", "in", "not_in", "contains", "lacks", "at_least",
               "at_most", "gt", "ge", "lt", "le", "known", "empty")
ORDERED = ("at_least", "at_most", "gt", "ge", "lt", "le")

_MISSING = object()


def _truthy(value) -> bool:
    return value is not None and value is not False and value != [] and value != ""


def _rank(value):
    """Signal levels compare by their order; numbers by value."""
    if isinstance(value, str) and value in SIGNAL_ORDER:
        return SIGNAL_ORDER[value]
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Fraction)):
        return Fraction(value) if not isinstance(value, float) else value
    return None


class Evaluation:
    """Evaluates conditions against a mapping of facts, recording what it read."""

    def __init__(self, facts: Mapping[str, Any]):
        self.facts = facts
        self.read: dict[str, Any] = {}

    def get(self, name: str):
        value = self.facts.get(name, _MISSING)
        self.read[name] = None if value is _MISSING else value
        return value

    def value_of(self, operand):
        """A literal, or {fact: NAME, times: "p/q"} read from the facts."""
        if isinstance(operand, _MAP) and "fact" in operand:
            value = self.get(operand["fact"])
            if value is _MISSING or value is None:
                return _MISSING
            if "times" in operand:
                rank = _rank(value)
                if rank is None:
                    return _MISSING
                return rank * Fraction(str(operand["times"]))
            return value
        return operand

    def holds(self, cond: Mapping) -> bool:
        if "all" in cond:
            return all(self.holds(c) for c in cond["all"])
        if "any" in cond:
            return any(self.holds(c) for c in cond["any"])
        if "not" in cond:
            return not self.holds(cond["not"])
        return self._leaf(cond)

    def _leaf(self, cond: Mapping) -> bool:
        name = cond["fact"]
        value = self.get(name)
        ops = [op for op in COMPARISONS if op in cond]
        if not ops:
            return value is not _MISSING and _truthy(value)
        op = ops[0]
        if op == "known":
            return (value is not _MISSING and value is not None) == bool(cond["known"])
        if op == "empty":
            return (value is _MISSING or not _truthy(value)) == bool(cond["empty"])
        if value is _MISSING or value is None:
            # An unknown fact satisfies only the negative comparisons.
            return op in ("is_not", "not_in", "lacks")
        target = self.value_of(cond[op])
        if target is _MISSING:
            return False
        if op == "is":
            return value == target
        if op == "is_not":
            return value != target
        if op == "in":
            return value in target
        if op == "not_in":
            return value not in target
        if op == "contains":
            return isinstance(value, (list, tuple, set, frozenset)) and target in value
        if op == "lacks":
            return not (isinstance(value, (list, tuple, set, frozenset)) and target in value)
        left, right = _rank(value), _rank(target)
        if left is None or right is None:
            return False
        return {"at_least": left >= right, "ge": left >= right, "at_most": left <= right,
                "le": left <= right, "gt": left > right, "lt": left < right}[op]


def holds(cond: Mapping, facts: Mapping[str, Any]) -> bool:
    return Evaluation(facts).holds(cond)


def facts_read(cond: Mapping) -> set[str]:
    """Every fact name a condition can read (static), for the engine's index."""
    names: set[str] = set()
    if "all" in cond or "any" in cond:
        for c in cond.get("all", cond.get("any")):
            names |= facts_read(c)
    elif "not" in cond:
        names |= facts_read(cond["not"])
    elif "fact" in cond:
        names.add(cond["fact"])
        for op in COMPARISONS:
            operand = cond.get(op)
            if isinstance(operand, _MAP) and "fact" in operand:
                names.add(operand["fact"])
    return names


def describe(cond: Mapping) -> str:
    """A condition in one readable line: `context.housing_pressure at_least medium`."""
    if "all" in cond:
        return "(" + " and ".join(describe(c) for c in cond["all"]) + ")"
    if "any" in cond:
        return "(" + " or ".join(describe(c) for c in cond["any"]) + ")"
    if "not" in cond:
        return "not " + describe(cond["not"])
    ops = [op for op in COMPARISONS if op in cond]
    if not ops:
        return cond["fact"]
    operand = cond[ops[0]]
    if isinstance(operand, _MAP):
        operand = operand["fact"] + (f" × {operand['times']}" if "times" in operand else "")
    return f"{cond['fact']} {ops[0]} {operand}"


def explain(cond: Mapping, facts: Mapping[str, Any]) -> list[str]:
    """The leaves that make a condition fail, each with the fact's actual value."""
    if "all" in cond:
        failed = []
        for c in cond["all"]:
            failed += explain(c, facts)
        return failed
    if "any" in cond:
        if holds(cond, facts):
            return []
        return ["none of: " + "; ".join(describe(c) + _actual(c, facts) for c in cond["any"])]
    if holds(cond, facts):
        return []
    return [describe(cond) + _actual(cond, facts)]


def _actual(cond: Mapping, facts: Mapping[str, Any]) -> str:
    if "fact" not in cond:
        return ""
    value = facts.get(cond["fact"])
    return f" (is {'unknown' if value is None else value})"


def check_syntax(cond, where: str = "when") -> None:
    """Raise RuleError naming the place when a condition is not of the language's form."""
    if not isinstance(cond, _MAP):
        raise RuleError(f"{where}: a condition is a mapping, got {type(cond).__name__}")
    keys = set(cond)
    if keys & {"all", "any"}:
        key = "all" if "all" in keys else "any"
        if len(keys) != 1 or not isinstance(cond[key], list) or not cond[key]:
            raise RuleError(f"{where}.{key}: takes a non-empty list of conditions and "
                            "nothing beside it")
        for i, c in enumerate(cond[key]):
            check_syntax(c, f"{where}.{key}[{i}]")
    elif "not" in keys:
        if len(keys) != 1:
            raise RuleError(f"{where}.not: takes one condition and nothing beside it")
        check_syntax(cond["not"], f"{where}.not")
    elif "fact" in keys:
        ops = keys - {"fact"}
        if len(ops) > 1 or (ops and not ops <= set(COMPARISONS)):
            raise RuleError(f"{where}: a fact takes at most one comparison, one of "
                            f"{', '.join(COMPARISONS)}; got {', '.join(sorted(ops))}")
        if not isinstance(cond["fact"], str):
            raise RuleError(f"{where}.fact: a fact name is text")
        for op in ops:
            operand = cond[op]
            if op in ("in", "not_in") and not isinstance(operand, list):
                raise RuleError(f"{where}.{op}: takes a list of values")
            if isinstance(operand, _MAP):
                if "fact" not in operand or set(operand) - {"fact", "times"}:
                    raise RuleError(f"{where}.{op}: a value that names a fact is "
                                    "{fact: NAME} or {fact: NAME, times: \"p/q\"}")
                if "times" in operand:
                    try:
                        Fraction(str(operand["times"]))
                    except (ValueError, ZeroDivisionError):
                        raise RuleError(f"{where}.{op}.times: an exact fraction such as "
                                        "\"1/3\"") from None
    else:
        raise RuleError(f"{where}: a condition has one of all, any, not or fact; got "
                        f"{', '.join(sorted(map(str, keys))) or 'nothing'}")
