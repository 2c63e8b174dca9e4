"""The forward-chaining engine and the condition language."""

from __future__ import annotations

import pytest

from chiptalent.errors import RuleError
from chiptalent.rules.conditions import check_syntax, explain, holds
from chiptalent.rules.engine import Engine, Rule


def rule(rid, when, then, salience=0):
    return Rule(id=rid, when=when, then=then, salience=salience)


@pytest.mark.parametrize("cond, facts, expected", [
    ({"fact": "s", "at_least": "medium"}, {"s": "high"}, True),
    ({"fact": "s", "at_least": "medium"}, {"s": "low"}, False),
    ({"fact": "s", "at_most": "medium"}, {"s": "medium"}, True),
    ({"fact": "s", "at_least": "medium"}, {}, False),            # unknown is not a level
    ({"fact": "s", "is_not": "high"}, {}, True),                  # ... but is not high
    ({"fact": "s", "known": False}, {}, True),
    ({"fact": "s", "known": True}, {"s": None}, False),
    ({"fact": "l", "contains": "x"}, {"l": ["x", "y"]}, True),
    ({"fact": "l", "lacks": "x"}, {"l": ["y"]}, True),
    ({"fact": "r", "in": ["a", "b"]}, {"r": "b"}, True),
    ({"fact": "n", "ge": 1000}, {"n": 1000}, True),
    ({"fact": "n", "gt": 1000}, {"n": 1000}, False),
    ({"any": [{"fact": "a"}, {"fact": "b"}]}, {"b": True}, True),
    ({"all": [{"fact": "a"}, {"not": {"fact": "b"}}]}, {"a": True, "b": False}, True),
    ({"fact": "l", "empty": True}, {"l": []}, True),
])
def test_condition_language(cond, facts, expected):
    assert holds(cond, facts) is expected


def test_fraction_threshold_is_exact_in_integers():
    third = {"fact": "cof", "lt": {"fact": "total", "times": "1/3"}}
    assert holds(third, {"cof": 99, "total": 300})           # 99 < 100
    assert not holds(third, {"cof": 100, "total": 300})      # exactly one third
    assert not holds(third, {"cof": 333_333_334, "total": 1_000_000_002})


def test_syntax_errors_name_the_place():
    with pytest.raises(RuleError, match=r"when.all\[1\]"):
        check_syntax({"all": [{"fact": "a"}, {"fakt": "b"}]})
    with pytest.raises(RuleError, match="at most one comparison"):
        check_syntax({"fact": "a", "is": 1, "gt": 2})
    with pytest.raises(RuleError, match="fraction"):
        check_syntax({"fact": "a", "lt": {"fact": "b", "times": "1/0"}})


def test_salience_then_id_orders_the_agenda():
    rules = [rule("b", {"fact": "go"}, [{"assert": "b"}], salience=1),
             rule("a", {"fact": "go"}, [{"assert": "a"}], salience=1),
             rule("c", {"fact": "go"}, [{"assert": "c"}], salience=5)]
    result = Engine(rules).run({"go": True})
    assert [f.rule for f in result.trace] == ["c", "a", "b"]


def test_chain_fires_on_asserted_fact_and_traces_it():
    rules = [rule("first", {"fact": "context.x", "is": "high"}, [{"assert": {"need.y": True}}]),
             rule("second", {"fact": "need.y"}, [{"assert": "done"}])]
    result = Engine(rules).run({"context.x": "high"})
    assert [f.rule for f in result.trace] == ["first", "second"]
    assert result.trace[1].facts == ["need.y=true"]
    assert result.trace[0].asserted == ["need.y=true"]
    assert result.facts["done"] is True
    assert Engine(rules).run({"context.x": "low"}).trace == []


def test_rule_fires_once_per_set_of_facts():
    rules = [rule("count", {"fact": "n", "ge": 0}, [{"assert": {"seen": True}}]),
             rule("bump", {"fact": "seen"}, [{"assert": {"n": 1}}])]
    result = Engine(rules).run({"n": 0})
    # `count` fires for n=0 and again for n=1 (a new set of facts), then settles.
    assert [f.rule for f in result.trace] == ["count", "bump", "count"]


def test_cap_reports_a_cycle():
    # Each firing asserts a fresh value, so refraction never settles: the cap must stop it.
    class Counter:
        n = 0
    def tick(argument, rule_, read):
        Counter.n += 1
        return [("n", Counter.n)]
    rules = [rule("loop", {"fact": "n", "ge": 0}, [{"tick": True}])]
    with pytest.raises(RuleError, match="did not settle after 50 firings: a cycle among loop"):
        Engine(rules, {"tick": tick}, max_firings=50).run({"n": 0})


def test_explain_names_failed_leaves_with_actual_values():
    cond = {"all": [{"fact": "context.a", "at_least": "medium"}, {"fact": "demand.mbo", "gt": 10}]}
    failed = explain(cond, {"context.a": "low", "demand.mbo": 50})
    assert failed == ["context.a at_least medium (is low)"]


def test_engine_is_deterministic():
    rules = [rule(f"r{i}", {"fact": "go"}, [{"assert": {f"f{i}": True}}], salience=i % 3)
             for i in range(30)]
    a = Engine(rules).run({"go": True})
    b = Engine(list(reversed(rules))).run({"go": True})
    assert [f.as_dict() for f in a.trace] == [f.as_dict() for f in b.trace]
