"""Load the rules from YAML: `rules/recommend/*.yaml` and `rules/check/*.yaml`.

A rule file is `rules: [rule, ...]`; each rule is checked against a schema and its
condition against the condition language before the engine sees it, and every
problem names the file, the line and the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chiptalent.errors import InputError, RuleError
from chiptalent.kb.yamlio import load_yaml_file
from chiptalent.rules.conditions import check_syntax
from chiptalent.rules.engine import Rule

RULES_DIR = Path(__file__).parent

RULE_SCHEMA = {
    "type": "object",
    "required": ["id", "when", "then", "rationale", "seed_section"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9]+([.-][a-z0-9]+)*$"},
        "salience": {"type": "integer"},
        "when": {"type": "object"},
        "then": {"type": "array", "minItems": 1,
                 "items": {"type": "object", "minProperties": 1, "maxProperties": 1}},
        "rationale": {"type": "object", "required": ["nl", "en"], "additionalProperties": False,
                      "properties": {"nl": {"type": "string", "minLength": 1},
                                     "en": {"type": "string", "minLength": 1}}},
        "seed_section": {"type": "string", "minLength": 1},
        "seed_quote": {"type": "string", "minLength": 20},
        # keys of plan-checker rules
        "code": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info"]},
        "for_each": {"type": "string"},
        "where": {"type": "string"},
        "message": {"type": "object"},
        "section": {"type": "string"},
    },
}
FILE_SCHEMA = {"type": "object", "required": ["rules"], "additionalProperties": False,
               "properties": {"rules": {"type": "array", "items": RULE_SCHEMA}}}
CORE_KEYS = {"id", "salience", "when", "then", "rationale", "seed_section", "seed_quote"}


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


def read_rule_file(path: Path, kind: str) -> list[Rule]:
    import jsonschema

    doc = load_yaml_file(path)
    name = f"rules/{path.parent.name}/{path.name}"
    errors = sorted(jsonschema.Draft202012Validator(FILE_SCHEMA).iter_errors(doc),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        error = errors[0]
        path_items = list(error.absolute_path)
        rule = doc["rules"][path_items[1]] if len(path_items) > 1 else None
        line = getattr(rule, "line", None) if rule is not None else getattr(doc, "line", None)
        where = f"rule {rule.get('id')}" if isinstance(rule, dict) else "file"
        field = ".".join(map(str, path_items[2:])) or None
        raise InputError(f"{where}: {error.message}", file=name, line=line, field=field)
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


def load_rules(rules_dir: Path | str | None = None) -> RuleSet:
    """Every rule, ids unique across both kinds."""
    base = Path(rules_dir) if rules_dir else RULES_DIR
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
