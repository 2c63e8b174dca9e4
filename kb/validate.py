"""`kb validate`: every check of the knowledge base, each problem with file, line, entry, field.

The checks run in layers; a layer runs only when the one before it could read the files:
1. YAML syntax (a file that does not parse is reported with its line);
2. the JSON Schemas of `schema.py` (shape, required fields, allowed keys);
3. references: every id an entry uses exists in its vocabulary, `requires` points to
   real interventions and has no cycle, ids are unique across kinds, file names match
   ids, every `seed_quote` is verbatim in the seed;
4. SHACL shapes over the RDF graph (`shacl.py`), when asked for.
Checks of other packages (the rules) plug in through `extra` so that kb stays free of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable

from chiptalent.errors import InputError
from chiptalent.kb.loader import build, fingerprint, yaml_files
from chiptalent.kb.model import BLOCK_IDS, KnowledgeBase
from chiptalent.kb.schema import Problem, check_raw
from chiptalent.kb.yamlio import load_yaml_file

SEED_PATH = Path(__file__).parent / "seed" / "uitvraag-versterkingsplan-microchip-talent.txt"


def normalise(text: str) -> str:
    """The seed-quote normal form: `*` markup removed, white space collapsed."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


_seed_text: str | None = None


def seed_text() -> str:
    global _seed_text
    if _seed_text is None:
        _seed_text = normalise(SEED_PATH.read_text(encoding="utf-8"))
    return _seed_text


class EntryLines:
    """Finds the line of an entry's field in the parsed files, for precise messages."""

    def __init__(self, raw: dict):
        self.entries: dict[tuple[str, str], dict] = {}
        for name, doc in raw.items():
            for entry in self._entries(doc):
                self.entries[(name, str(entry["id"]))] = entry

    @staticmethod
    def _entries(doc) -> Iterable[dict]:
        if isinstance(doc, dict):
            if "id" in doc:
                yield doc
            for value in doc.values():
                if isinstance(value, list):
                    for item in value:
                        if isinstance(item, dict) and "id" in item:
                            yield item

    def line(self, file: str, entry: str, field: str | None = None) -> int | None:
        doc = self.entries.get((file, entry))
        if doc is None:
            return None
        if field and hasattr(doc, "line_of"):
            return doc.line_of(field.split(".")[0].split("[")[0])
        return getattr(doc, "line", None)


def _read(kb_dir: Path) -> tuple[dict, list[Problem]]:
    raw, problems = {}, []
    for path in yaml_files(kb_dir):
        name = str(path.relative_to(kb_dir))
        try:
            raw[name] = load_yaml_file(path)
        except InputError as exc:
            problems.append(Problem(name, exc.message, exc.line))
    return raw, problems


def check_references(kb: KnowledgeBase, lines: EntryLines) -> list[Problem]:
    """Every id used exists; requires has no cycle; ids unique; names match ids."""
    problems: list[Problem] = []

    def report(file, entry, field, message):
        problems.append(Problem(file or "?", message, lines.line(file, entry, field),
                                entry, field))

    def check_ids(file, entry, field, values, scheme):
        vocabulary = kb.vocabulary(scheme)
        for value in values:
            if value not in vocabulary:
                allowed = ", ".join(sorted(vocabulary)) or "(vocabulary missing)"
                report(file, entry, field,
                       f"unknown {scheme} {value!r}; allowed: {allowed}")

    for i in kb.interventions.values():
        f = i.source_file
        if i.building_block not in kb.building_blocks:
            report(f, i.id, "building_block",
                   f"unknown building block {i.building_block!r}; allowed: "
                   + ", ".join(BLOCK_IDS))
        elif not i.id.startswith(i.building_block.lower() + "-"):
            report(f, i.id, "id", f"an intervention of block {i.building_block} has an id "
                                  f"starting with '{i.building_block.lower()}-'")
        check_ids(f, i.id, "target_groups", i.target_groups, "target_group")
        check_ids(f, i.id, "levels", i.levels, "level")
        check_ids(f, i.id, "routes", i.routes, "route")
        check_ids(f, i.id, "goals", i.goals, "goal")
        check_ids(f, i.id, "programmes", i.programmes, "programme")
        check_ids(f, i.id, "provides", i.provides, "precondition")
        check_ids(f, i.id, "preconditions", i.precondition_ids, "precondition")
        for dep in i.requires:
            if dep.id not in kb.interventions:
                report(f, i.id, "requires",
                       f"requires {dep.id!r}, which is not an intervention in the "
                       "knowledge base (a dangling reference)")
            elif dep.id == i.id:
                report(f, i.id, "requires", "an intervention cannot require itself")
        for group in i.requires_any:
            for dep in group.ids:
                if dep not in kb.interventions:
                    report(f, i.id, "requires_any",
                           f"requires_any names {dep!r}, which is not an intervention in the "
                           "knowledge base (a dangling reference)")
                elif dep == i.id:
                    report(f, i.id, "requires_any", "an intervention cannot require itself")
        if i.business_responsibility and not i.business_reason:
            report(f, i.id, "business_reason",
                   "business_responsibility is true but no business_reason says why")
        if i.business_responsibility and not i.business_seed_quote:
            report(f, i.id, "business_seed_quote",
                   "business_responsibility is true but no business_seed_quote gives the "
                   "call's sentence it rests on (verbatim)")

    problems.extend(_requires_cycles(kb, lines))

    strengths, types = kb.vocabulary("evidence_strength"), kb.vocabulary("evidence_type")
    for s in kb.evidence.values():
        f = s.source_file
        if Path(f).stem != s.id:
            report(f, s.id, "id", f"the file name must be the id: {s.id}.yaml")
        if strengths and s.strength not in strengths:
            report(f, s.id, "strength", f"unknown evidence strength {s.strength!r}; "
                                        f"allowed: {', '.join(strengths)}")
        if types and s.type not in types:
            report(f, s.id, "type", f"unknown evidence type {s.type!r}; "
                                    f"allowed: {', '.join(types)}")
        elif s.strength in strengths and (strengths[s.strength].rank or 1) > 1 \
                and not types[s.type].extra.get("study"):
            # Only research shows whether something works: a programme, organisation or
            # mission page, a toolkit or a knowledge base describes (evidence_types.yaml).
            studies = ", ".join(t for t, c in types.items() if c.extra.get("study"))
            report(f, s.id, "strength",
                   f"strength {s.strength!r} needs a source that is itself a study "
                   f"(type {studies}); a source of type {s.type!r} is rated descriptive")
        for iid in s.interventions:
            if iid not in kb.interventions:
                report(f, s.id, "interventions", f"unknown intervention {iid!r}")
        for block in s.building_blocks:
            if block not in kb.building_blocks:
                report(f, s.id, "building_blocks", f"unknown building block {block!r}; "
                                                   f"allowed: {', '.join(BLOCK_IDS)}")
        check_ids(f, s.id, "target_groups", s.target_groups, "target_group")
        check_ids(f, s.id, "levels", s.levels, "level")
        if s.in_seed and not s.seed_quote:
            report(f, s.id, "seed_quote", "a source named in the seed needs its seed_quote")

    signals, qualities = kb.vocabulary("signal"), kb.vocabulary("signal_quality")
    for r in kb.regions.values():
        f = f"regions/{r.id}.yaml"
        for signal, fact in r.context.items():
            if signals and signal not in signals:
                report(f, r.id, "context", f"unknown signal {signal!r}; allowed: "
                                           + ", ".join(signals))
            if fact.quality is not None and fact.quality not in qualities:
                report(f, r.id, "context", f"context.{signal}.quality: unknown signal "
                                           f"quality {fact.quality!r}; allowed: "
                                           + (", ".join(qualities) or "(vocabulary missing)"))

    # Bijlage 3's lists are ranked: the n-th entry of a level carries rank n.
    requested = {}
    for level, programmes in kb.requested_programmes.items():
        for place, p in enumerate(programmes, 1):
            requested[p.id] = p
            if p.rank != place:
                report("national.yaml", p.id, "rank",
                       f"requested_programmes.levels.{level}: rank {p.rank} at place "
                       f"{place}; list the programmes in the call's order with ranks 1, 2, 3, ...")

    # A sourced fact about a region names one of the regions; one per region and kind.
    placed: set[tuple[str, str]] = set()
    for fact in kb.facts.values():
        if fact.region is None:
            continue
        if fact.region not in kb.regions:
            report("national.yaml", fact.id, "region",
                   f"unknown region {fact.region!r}; allowed: " + ", ".join(kb.regions))
        if (fact.kind, fact.region) in placed:
            report("national.yaml", fact.id, "region",
                   f"a second {fact.kind} fact for region {fact.region!r}; one per region")
        placed.add((fact.kind, fact.region))

    seen: dict[str, str] = {}
    for kind, table in (("building block", kb.building_blocks),
                        ("intervention", kb.interventions), ("evidence source", kb.evidence),
                        ("region", kb.regions), ("requested programme", requested)):
        for item_id in table:
            if item_id in seen:
                problems.append(Problem("?", f"id {item_id!r} is used by a {seen[item_id]} "
                                             f"and a {kind}; ids are unique across kinds",
                                        entry=item_id, field="id"))
            seen[item_id] = kind
    return problems


def _requires_cycles(kb: KnowledgeBase, lines: EntryLines) -> list[Problem]:
    """Report each cycle in `requires` once, with its path."""
    problems, state = [], {}   # state: 1 = on the stack, 2 = done

    def visit(node: str, stack: list[str]):
        state[node] = 1
        stack.append(node)
        for dep in kb.interventions[node].requires_ids:
            if dep not in kb.interventions:
                continue
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                i = kb.interventions[node]
                problems.append(Problem(i.source_file, "cycle in requires: "
                                        + " -> ".join(cycle),
                                        lines.line(i.source_file, node, "requires"),
                                        node, "requires"))
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = 2

    for iid in kb.interventions:
        if iid not in state:
            visit(iid, [])
    return problems


def check_seed_quotes(raw: dict, lines: EntryLines) -> list[Problem]:
    """Every seed_quote anywhere is a verbatim clause of the seed."""
    seed = seed_text()
    problems = []

    def walk(node, file, entry):
        if isinstance(node, dict):
            entry = str(node["id"]) if "id" in node else entry
            for key in ("seed_quote", "business_seed_quote"):
                quote = node.get(key)
                if isinstance(quote, str) and normalise(quote) not in seed:
                    line = node.line_of(key) if hasattr(node, "line_of") else None
                    problems.append(Problem(file, f"{key} is not verbatim in the seed "
                                                  "(after removing * and collapsing spaces): "
                                                  f"{quote[:80]!r}", line, entry, key))
            for value in node.values():
                walk(value, file, entry)
        elif isinstance(node, list):
            for value in node:
                walk(value, file, entry)

    for name, doc in raw.items():
        walk(doc, name, None)
    return problems


def validate(kb_dir: Path, *, shacl: bool = False,
             extra: Iterable[Callable[[KnowledgeBase], list[Problem]]] = ()) -> list[Problem]:
    """All problems of the knowledge base in kb_dir; an empty list means valid."""
    raw, problems = _read(kb_dir)
    problems += check_raw(raw)
    if problems:
        return problems
    lines = EntryLines(raw)
    kb = build(raw, fingerprint(kb_dir))
    problems += check_references(kb, lines)
    problems += check_seed_quotes(raw, lines)
    for check in extra:
        problems += check(kb)
    if shacl and not problems:
        from chiptalent.kb.shacl import validate_shacl
        for v in validate_shacl(kb):
            problems.append(Problem(f"(SHACL {v.get('kind') or 'shape'})", v["message"],
                                    entry=v.get("id") or v.get("focus"),
                                    field=v.get("field") or v.get("path")))
    return problems
