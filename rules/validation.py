"""Checks of the rules for `kb validate`: unknown facts, unknown interventions, rules that
can never fire, seed quotes that are not in the seed.

A recommender rule may read a fact a profile supplies, a fact another rule asserts, or
a conclusion (`recommended.<id>`, `flagged.<precondition>`, ...). A rule can never fire
when it needs a fact nothing supplies, or compares a fact with a value outside the
values that fact can take (a signal level `very-high`, say).
"""

from __future__ import annotations

from typing import Callable

from chiptalent.errors import InputError
from chiptalent.kb.model import KnowledgeBase
from chiptalent.kb.schema import Problem
from chiptalent.rules.approach_parts import PARTS
from chiptalent.rules.conclusions import FACT_PREFIX, SELECTOR_KEYS, SelectorIndex
from chiptalent.rules.conditions import COMPARISONS
from chiptalent.rules.profile import fact_domains, fact_names

CONCLUSION_PREFIXES = tuple(f"{p}." for p in FACT_PREFIX.values()) + ("flagged.",)


def _leaves(cond):
    if "all" in cond or "any" in cond:
        for c in cond.get("all", cond.get("any")):
            yield from _leaves(c)
    elif "not" in cond:
        yield from _leaves(cond["not"])
    else:
        yield cond


def asserted_facts(rules) -> set[str]:
    names = set()
    for rule in rules:
        for action in rule.then:
            argument = action.get("assert")
            if isinstance(argument, str):
                names.add(argument)
            elif isinstance(argument, dict):
                names |= set(argument)
    return names


def check_recommend_rules(kb: KnowledgeBase, rules) -> list[Problem]:
    problems = []
    index = SelectorIndex(kb)
    known = fact_names(kb) | asserted_facts(rules)
    domains = fact_domains(kb)

    def report(rule, field, message):
        problems.append(Problem(rule.source_file or "rules", message, rule.line,
                                rule.id, field))

    for rule in rules:
        for leaf in _leaves(rule.when):
            name = leaf["fact"]
            conclusion = name.startswith(CONCLUSION_PREFIXES)
            if conclusion:
                target = name.split(".", 1)[1]
                if name.startswith("flagged."):
                    ok = target in kb.vocabulary("precondition")
                else:
                    ok = target in kb.interventions
                if not ok:
                    report(rule, "when", f"the fact {name!r} names an unknown "
                                         f"{'precondition' if name.startswith('flagged.') else 'intervention'}; "
                                         "the rule can never fire")
                continue
            if name not in known:
                report(rule, "when", f"unknown fact {name!r}: no profile supplies it and no "
                                     "rule asserts it, so the rule can never fire")
                continue
            domain = domains.get(name)
            for op in COMPARISONS:
                if op not in leaf or domain is None or isinstance(leaf[op], dict):
                    continue
                values = leaf[op] if isinstance(leaf[op], list) else [leaf[op]]
                if op in ("known", "empty"):
                    continue
                for value in values:
                    if value not in domain:
                        report(rule, "when", f"{name} can be {', '.join(map(str, domain))}; "
                                             f"{value!r} never occurs, so this comparison "
                                             "never holds")
        for i, action in enumerate(rule.then):
            verb, argument = next(iter(action.items()))
            if verb in FACT_PREFIX:
                if not isinstance(argument, dict) or not any(k in argument for k in SELECTOR_KEYS):
                    report(rule, f"then[{i}]", f"{verb} takes a selector with one of "
                                               + ", ".join(SELECTOR_KEYS))
                    continue
                for key in ("intervention", "interventions"):
                    ids = argument.get(key)
                    for iid in ([ids] if isinstance(ids, str) else ids or []):
                        if iid not in kb.interventions:
                            report(rule, f"then[{i}].{key}", f"unknown intervention {iid!r}")
                if not index.select(argument):
                    report(rule, f"then[{i}]", f"the selector {argument} picks no "
                                               "intervention")
            elif verb == "flag":
                if not isinstance(argument, dict) or \
                        argument.get("precondition") not in kb.vocabulary("precondition"):
                    report(rule, f"then[{i}]", "flag takes {precondition: ID} with one of "
                                               + ", ".join(kb.vocabulary("precondition")))
            elif verb == "assert" and isinstance(argument, dict):
                for name in argument:
                    if str(name).startswith("need.part.") and \
                            name[len("need.part."):] not in PARTS:
                        report(rule, f"then[{i}]", f"{name}: unknown part of the approach; "
                                                   "allowed: " + ", ".join(PARTS))
            elif verb != "assert":
                report(rule, f"then[{i}]", f"unknown action {verb!r}; allowed: assert, "
                                           + ", ".join(FACT_PREFIX) + ", flag")
    return problems


def check_check_rules(rules) -> list[Problem]:
    """What the plan checker needs of its rules: code, severity, message, for_each."""
    from chiptalent.errors import RuleError
    from chiptalent.rules.checker import validate_check_rule
    problems = []
    for rule in rules:
        try:
            validate_check_rule(rule)
        except RuleError as exc:
            problems.append(Problem(rule.source_file or "rules", str(exc), rule.line, rule.id))
    return problems


def check_rule_quotes(rules) -> list[Problem]:
    from chiptalent.kb.validate import normalise, seed_text
    seed = seed_text()
    return [Problem(r.source_file or "rules", "seed_quote is not verbatim in the seed",
                    r.line, r.id, "seed_quote")
            for r in rules if r.seed_quote and normalise(r.seed_quote) not in seed]


def rule_checks(rules_dir=None) -> list[Callable[[KnowledgeBase], list[Problem]]]:
    """The checks `kb validate` runs on the rules, as functions of the knowledge base."""
    def check(kb: KnowledgeBase) -> list[Problem]:
        from chiptalent.rules import load_rules
        try:
            ruleset = load_rules(rules_dir)
        except InputError as exc:
            return [Problem(exc.file or "rules", exc.message, exc.line, None, exc.field)]
        clashes = [Problem(r.source_file, f"rule id {r.id!r} is also the id of an "
                                          "intervention, evidence source or region",
                           r.line, r.id, "id")
                   for r in ruleset.all() if kb.find(r.id)[0] is not None]
        return (check_recommend_rules(kb, ruleset.recommend) + check_check_rules(ruleset.check)
                + check_rule_quotes(ruleset.all()) + clashes)
    return [check]
