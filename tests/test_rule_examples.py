"""Every recommender rule carries `examples:` — facts under which it fires and facts
under which it does not — and they hold: each example is run through the real engine
with the recommender's action handlers, the rule alone on those facts. So an edit of a
rule's condition that changes what it means fails here, naming the rule and the facts,
the way the flawed example plans do for the plan checker (tests/test_checker.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiptalent.kb.yamlio import load_yaml_file
from chiptalent.rules.conclusions import Conclusions
from chiptalent.rules.engine import Engine
from chiptalent.rules.profile import fact_domains, fact_names
from chiptalent.rules.ruleset import RULES_DIR
from chiptalent.rules.validation import CONCLUSION_PREFIXES, asserted_facts

RULE_FILES = sorted((RULES_DIR / "recommend").glob("*.yaml"))


def _rule_docs() -> list[tuple[str, dict]]:
    docs = []
    for path in RULE_FILES:
        for rule in load_yaml_file(path)["rules"]:
            docs.append((f"{path.name}:{getattr(rule, 'line', '?')}", rule))
    return docs


DOCS = _rule_docs()
CASES = [(rule["id"], expected, n, facts)
         for _, rule in DOCS
         for expected, key in ((True, "fires"), (False, "not"))
         for n, facts in enumerate((rule.get("examples") or {}).get(key) or [])]


def test_every_recommender_rule_has_examples_both_ways():
    missing = [f"{where} {rule['id']}" for where, rule in DOCS
               if not (rule.get("examples") or {}).get("fires")
               or not (rule.get("examples") or {}).get("not")]
    assert missing == [], ("each recommender rule needs `examples: {fires: [...], not: "
                           "[...]}` (rules/README.md)")


@pytest.mark.parametrize("rule_id, expected, n, facts", CASES,
                         ids=[f"{c[0]}-{'fires' if c[1] else 'not'}{c[2]}" for c in CASES])
def test_example(rules, kb, rule_id, expected, n, facts):
    rule = next(r for r in rules.recommend if r.id == rule_id)
    facts = dict(facts)
    run = Engine([rule], Conclusions(kb, facts=facts).handlers()).run(facts)
    fired = rule.id in run.fired
    assert fired == expected, (
        f"rule {rule.id} {'does not fire' if expected else 'fires'} on its example "
        f"{'fires' if expected else 'not'}[{n}]: {facts}")


def test_examples_use_real_facts_and_values(rules, kb):
    """An example may name only facts a profile supplies, a rule asserts or a
    conclusion, with values those facts can take — or it tests nothing real."""
    known = fact_names(kb) | asserted_facts(rules.recommend)
    domains = fact_domains(kb)
    wrong = []
    for rule_id, _, n, facts in CASES:
        for name, value in facts.items():
            if name not in known and not name.startswith(CONCLUSION_PREFIXES):
                wrong.append(f"{rule_id}[{n}]: unknown fact {name}")
            elif name in domains:
                values = value if isinstance(value, list) else [value]
                wrong += [f"{rule_id}[{n}]: {name} cannot be {v!r}" for v in values
                          if v not in domains[name]]
    assert wrong == []


def test_a_wrong_example_fails(rules, kb):
    """The check can fail: an example that claims the opposite is caught."""
    rule = next(r for r in rules.recommend if r.id == "vraag-mbo-groot")
    facts = {"demand.mbo": 999}
    assert rule.id not in Engine([rule], Conclusions(kb, facts=facts).handlers()).run(
        facts).fired
