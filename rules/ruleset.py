"""Load the rules from YAML: `rules/recommend/*.yaml` and `rules/check/*.yaml`.

A rule file is `rules: [rule, ...]`; each file is checked against the JSON Schema
`rules/schemas/rule.schema.json` (the one editors use too: see rules/README.md) and
each condition against the condition language before the engine sees it, and every
problem names the file, the line and the rule. A rule's `examples:` (facts under which
it fires and does not) are for tests/test_rule_examples.py; the engine ignores them.
A rule set that loaded without error is cached in the data directory, keyed by the
rule files' content (ruleset_cache.py), so later processes skip the validation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chiptalent.errors import InputError, RuleError
from chiptalent.kb.yamlio import load_yaml_file
from chiptalent.rules.conditions import check_syntax
from chiptalent.rules.engine import Rule

RULES_DIR = Path(__file__).parent

SCHEMA_FILE = RULES_DIR / "schemas" / "rule.schema.json"
CORE_KEYS = {"id", "salience", "when", "then", "rationale", "seed_section", "seed_quote",
             "examples"}


@lru_cache(maxsize=1)
def file_validator() -> jsonschema.Draft202012Validator:
    """The validator of rule files, from rules/schemas/rule.schema.json."""
    import jsonschema           # here, not at the top: a cached rule set never needs it

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@dataclass
class RuleSet:
    recommend: list[Rule]
    check: list[Rule]

    def all(self) -> list[Rule]:
        return self.recommend + self.check

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.all() if r.id == rule_id), None)

    def as_dicts(self) -> list[dict]:
        return [r.as_dict() for r in self.all()]


def _schema_message(error, rule) -> str:
    """The schema's complaint, or for a condition the condition language's own (which
    names the place and what is allowed, where the schema would say "not valid under
    any of the given schemas")."""
    path_items = list(error.absolute_path)
    if isinstance(rule, dict) and len(path_items) > 2 and path_items[2] == "when":
        try:
            check_syntax(rule["when"])
        except RuleError as exc:
            return str(exc)
    if error.validator == "additionalProperties" and isinstance(error.schema, dict):
        allowed = sorted(error.schema.get("properties", {}))
        return f"{error.message}; allowed: {', '.join(allowed)}"
    alternatives = error.validator_value if error.validator == "anyOf" else None
    if alternatives and all(set(a) == {"required"} for a in alternatives):
        return "needs one of " + ", ".join(a["required"][0] for a in alternatives)
    return error.message


def read_rule_file(path: Path, kind: str) -> list[Rule]:
    doc = load_yaml_file(path)
    name = f"rules/{path.parent.name}/{path.name}"
    errors = sorted(file_validator().iter_errors(doc),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        from jsonschema.exceptions import best_match

        first = list(errors[0].absolute_path)[:2]
        error = best_match(
            e for e in errors if list(e.absolute_path)[:2] == first)
        path_items = list(error.absolute_path)
        rule = doc["rules"][path_items[1]] if len(path_items) > 1 else None
        line = getattr(rule, "line", None) if rule is not None else getattr(doc, "line", None)
        where = f"rule {rule.get('id')}" if isinstance(rule, dict) else "file"
        field = ".".join(map(str, path_items[2:])) or None
        raise InputError(f"{where}: {_schema_message(error, rule)}", file=name, line=line,
                         field=field)
    rules = []
    for doc_rule in doc["rules"]:
        try:
            check_syntax(doc_rule["when"])
            for i, action in enumerate(doc_rule["then"]):
                if "when" in action:
                    raise RuleError(f"then[{i}]: an action, not a condition")
        except RuleError as exc:
            raise InputError(f"rule {doc_rule['id']}: {exc}", file=name,
                             line=getattr(doc_rule, "line", None)) from None
        rules.append(Rule(
            id=doc_rule["id"], when=_plain(doc_rule["when"]),
            then=[_plain(a) for a in doc_rule["then"]],
            salience=doc_rule.get("salience", 0), rationale=dict(doc_rule["rationale"]),
            seed_section=doc_rule["seed_section"], seed_quote=doc_rule.get("seed_quote"),
            kind=kind, source_file=name, line=getattr(doc_rule, "line", None),
            extra={k: _plain(v) for k, v in doc_rule.items() if k not in CORE_KEYS}))
    return rules


def _plain(value):
    """LineDicts to plain dicts/lists (rules are compared and pickled as plain data)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_rules(rules_dir: Path | str | None = None, data_dir=None) -> RuleSet:
    """Every rule, ids unique across both kinds; validated once and then read from the
    cache in the data directory until a rule file changes (ruleset_cache.py)."""
    from chiptalent import paths
    from chiptalent.rules.ruleset_cache import load_cached

    base = Path(rules_dir) if rules_dir else RULES_DIR
    try:
        cache_dir = paths.data_dir(data_dir)
    except OSError:
        return read_rules(base)        # no data directory to be had: only slower
    return load_cached(base, cache_dir, lambda: read_rules(base))


def read_rules(base: Path) -> RuleSet:
    """Every rule of `base`, each file validated (no cache)."""
    sets = {}
    for kind in ("recommend", "check"):
        rules: list[Rule] = []
        for path in sorted((base / kind).glob("*.yaml")):
            rules += read_rule_file(path, kind)
        sets[kind] = rules
    seen: dict[str, str] = {}
    for rule in sets["recommend"] + sets["check"]:
        if rule.id in seen:
            raise InputError(f"rule id {rule.id!r} is used twice (also in {seen[rule.id]})",
                             file=rule.source_file, line=rule.line, field="id")
        seen[rule.id] = rule.source_file
    return RuleSet(recommend=sets["recommend"], check=sets["check"])
