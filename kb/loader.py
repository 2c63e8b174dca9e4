"""Turn the YAML files of a knowledge-base directory into a `KnowledgeBase`.

Reading is split in two so that `kb validate` can report every problem with its line:
`read_raw()` parses the files (LineDicts remember lines), `build()` makes the objects.
Derived figures (a region's demand per level, computed shares) are computed here, from
the seed's own numbers, and marked `derived`; they are never stored twice.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

from chiptalent.errors import InputError
from chiptalent.kb.model import (DEMAND_LEVELS, AnyDependency, BuildingBlock, Concept,
                                 ContextFact, Dependency, Effect, EvidenceSource, Figure,
                                 Intervention, KnowledgeBase, Mechanism, Parameter,
                                 Region, RequestedProgramme, SourcedFact)
from chiptalent.kb.yamlio import load_yaml_file

BUNDLED_KB = Path(__file__).parent / "data"


def yaml_files(kb_dir: Path) -> list[Path]:
    """Every YAML file of the knowledge base, in a stable order."""
    return sorted(p for p in kb_dir.rglob("*.yaml") if p.is_file())


def fingerprint(kb_dir: Path) -> str:
    """A hash of every YAML file's name and content: changes whenever the KB changes."""
    digest = hashlib.sha1()
    for path in yaml_files(kb_dir):
        digest.update(str(path.relative_to(kb_dir)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def read_raw(kb_dir: Path) -> dict[str, object]:
    """Parse every YAML file; keys are paths relative to kb_dir ("interventions/1b.yaml")."""
    if not kb_dir.is_dir():
        raise InputError("knowledge-base directory not found", file=str(kb_dir))
    return {str(p.relative_to(kb_dir)): load_yaml_file(p) for p in yaml_files(kb_dir)}


def _list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _labels(value) -> list[str]:
    return list(dict.fromkeys(str(a) for a in _list(value)))


def _effects(items) -> list[Effect]:
    return [Effect(dimension=e.get("dimension"), magnitude=e.get("magnitude"),
                   horizon=e.get("horizon"), note=e.get("note"),
                   note_en=e.get("note_en"))
            for e in _list(items) if isinstance(e, dict)]


def _dependencies(items) -> list[Dependency]:
    deps = []
    for item in _list(items):
        if isinstance(item, str):
            deps.append(Dependency(id=item))
        elif isinstance(item, dict) and item.get("id"):
            deps.append(Dependency(id=str(item["id"]),
                                   strength=item.get("strength", "advisory"),
                                   reason=item.get("reason")))
    return deps


def _any_dependencies(items) -> list[AnyDependency]:
    return [AnyDependency(ids=[str(x) for x in _list(item.get("ids"))],
                          strength=item.get("strength", "advisory"),
                          reason=item.get("reason"))
            for item in _list(items) if isinstance(item, dict) and item.get("ids")]


def _concept(scheme: str, doc: dict) -> Concept:
    known = {"id", "label", "label_en", "alt_labels", "definition", "definition_en",
             "seed_section", "seed_quote", "rank"}
    return Concept(id=str(doc["id"]), scheme=scheme, label=doc.get("label", ""),
                   label_en=doc.get("label_en", ""),
                   alt_labels=_labels(doc.get("alt_labels")),
                   definition=doc.get("definition"),
                   definition_en=doc.get("definition_en"),
                   seed_section=doc.get("seed_section"),
                   seed_quote=doc.get("seed_quote"), rank=doc.get("rank"),
                   extra={k: v for k, v in doc.items() if k not in known})


def _mechanism(value) -> Mechanism | None:
    """`mechanism: intake` or `mechanism: {type: intake, parameters: {uplift: <id>}}`."""
    if value is None:
        return None
    if isinstance(value, str):
        return Mechanism(type=value)
    return Mechanism(type=str(value["type"]),
                     parameters={str(k): str(v)
                                 for k, v in (value.get("parameters") or {}).items()})


def _parameter(doc: dict, file: str) -> Parameter:
    measured = doc.get("measures_after_years")
    return Parameter(
        id=str(doc["id"]), label=doc.get("label", ""), label_en=doc.get("label_en", ""),
        unit=doc["unit"], low=float(doc["low"]), central=float(doc["central"]),
        high=float(doc["high"]),
        scope={str(k): str(v) for k, v in (doc.get("scope") or {}).items()},
        source=dict(doc["source"]) if doc.get("source") else None,
        assumption=(doc.get("assumption") or "").strip() or None,
        set_by=doc.get("set_by"), note=(doc.get("note") or "").strip() or None,
        measures_after_years=None if measured is None else float(measured),
        source_file=file)


def _requested_programmes(national: dict) -> dict[str, list[RequestedProgramme]]:
    """Bijlage 3's ranked lists ("Gevraagd talent naar opleidingen"), in the call's order."""
    levels = ((national or {}).get("requested_programmes") or {}).get("levels") or {}
    return {str(level): [RequestedProgramme(
                id=str(p["id"]), level=str(level), rank=int(p["rank"]), label=p["label"],
                label_en=p["label_en"], seed_section=p.get("seed_section"),
                seed_quote=p.get("seed_quote"))
             for p in doc.get("items") or []]     # file order; `kb validate` checks the ranks
            for level, doc in levels.items()}


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def _region(doc: dict, national: dict, file: str) -> Region:
    demand_total = int(doc["demand_total"])
    national_total = national["demand"]["total"]
    by_level = national["demand"]["by_level"]
    per_level = {
        # a doubt about the total carries over to the figures derived from it
        level: Figure(_round_half_up(demand_total * by_level[level]["value"] / national_total),
                      "derived",
                      "pro rata uit de landelijke niveauverdeling van Bijlage 2",
                      doc.get("demand_total_doubt"),
                      "pro rata from Bijlage 2's national split by level",
                      doc.get("demand_total_doubt_en"))
        for level in DEMAND_LEVELS
    }
    fte_total = national["fte"]["total"]
    context = {}
    for signal, fact in (doc.get("context") or {}).items():
        fact = fact or {}
        context[signal] = ContextFact(signal=signal, value=fact.get("value"),
                                      summary=fact.get("summary") or "",
                                      sources=[dict(s) for s in _list(fact.get("sources"))],
                                      quality=fact.get("quality"),
                                      quality_reason=fact.get("quality_reason"),
                                      summary_en=fact.get("summary_en") or "",
                                      quality_reason_en=fact.get("quality_reason_en"))
    return Region(
        id=str(doc["id"]), label=doc.get("label", ""), label_en=doc.get("label_en", ""),
        demand_total=Figure(demand_total, doc.get("demand_total_basis", "source"),
                            doc.get("demand_total_note"), doc.get("demand_total_doubt"),
                            doc.get("demand_total_note_en"), doc.get("demand_total_doubt_en")),
        demand=per_level,
        fte=Figure(int(doc["fte"]), "source"),
        demand_share={"stated": doc.get("demand_share_stated"),
                      "computed": demand_total / national_total},
        fte_share={"stated": doc.get("fte_share_stated"),
                   "computed": int(doc["fte"]) / fte_total},
        context=context, seed_section=doc.get("seed_section"),
        seed_quote=doc.get("seed_quote"))


def build(raw: dict[str, object], fp: str = "") -> KnowledgeBase:
    """Make the objects from parsed files (assumes the schema check passed)."""
    vocabularies: dict[str, dict[str, Concept]] = {}
    blocks: dict[str, BuildingBlock] = {}
    interventions: dict[str, Intervention] = {}
    evidence: dict[str, EvidenceSource] = {}
    region_docs: list[tuple[str, dict]] = []
    national: dict = {}
    parameters: dict[str, Parameter] = {}

    for name, doc in raw.items():
        if name.startswith("vocabularies/"):
            scheme = doc["scheme"]
            vocabularies[scheme] = {str(c["id"]): _concept(scheme, c)
                                    for c in doc.get("concepts") or []}
        elif name == "building_blocks.yaml":
            for b in doc["building_blocks"]:
                blocks[str(b["id"])] = BuildingBlock(
                    id=str(b["id"]), label=b["label"], label_en=b["label_en"],
                    heading=b.get("heading", ""), alt_labels=_labels(b.get("alt_labels")),
                    theme=b.get("theme"), definition=b.get("definition"),
                    definition_en=b.get("definition_en"), effects=_effects(b.get("effects")),
                    effects_text=b.get("effects_text"), seed_section=b.get("seed_section"),
                    seed_quote=b.get("seed_quote"))
        elif name.startswith("interventions/"):
            for i in doc.get("interventions") or []:
                interventions[str(i["id"])] = Intervention(
                    id=str(i["id"]), label=i.get("label", ""), label_en=i.get("label_en", ""),
                    building_block=str(i.get("building_block", "")),
                    description=(i.get("description") or "").strip(),
                    description_en=(i.get("description_en") or "").strip(),
                    alt_labels=_labels(i.get("alt_labels")),
                    target_groups=_list(i.get("target_groups")), levels=_list(i.get("levels")),
                    routes=_list(i.get("routes")), goals=_list(i.get("goals")),
                    effects=_effects(i.get("effects")),
                    requires=_dependencies(i.get("requires")),
                    requires_any=_any_dependencies(i.get("requires_any")),
                    preconditions=_dependencies(i.get("preconditions")),
                    provides=_list(i.get("provides")), programmes=_list(i.get("programmes")),
                    business_responsibility=bool(i.get("business_responsibility", False)),
                    business_reason=i.get("business_reason"),
                    business_seed_section=i.get("business_seed_section"),
                    business_seed_quote=i.get("business_seed_quote"),
                    researched_measures=_list(i.get("researched_measures")),
                    seed_section=i.get("seed_section"), seed_quote=i.get("seed_quote"),
                    source_file=name, mechanism=_mechanism(i.get("mechanism")))
        elif name.startswith("parameters/"):
            for p in doc or []:
                parameters[str(p["id"])] = _parameter(p, name)
        elif name.startswith("evidence/"):
            e = doc
            evidence[str(e["id"])] = EvidenceSource(
                id=str(e["id"]), title=e.get("title", ""), title_en=e.get("title_en"),
                publisher=e.get("publisher", ""), url=e.get("url"), year=e.get("year"),
                language=e.get("language", "nl"), type=e.get("type", "report"),
                summary=(e.get("summary") or "").strip(),
                summary_en=(e.get("summary_en") or "").strip(),
                alt_labels=_labels(e.get("alt_labels")),
                strength=e.get("strength", "descriptive"),
                strength_reason=e.get("strength_reason"),
                interventions=_list(e.get("interventions")),
                building_blocks=[str(b) for b in _list(e.get("building_blocks"))],
                target_groups=_list(e.get("target_groups")), levels=_list(e.get("levels")),
                in_seed=bool(e.get("in_seed", False)), seed_section=e.get("seed_section"),
                seed_quote=e.get("seed_quote"), status=e.get("status", "reviewed"),
                source_file=name)
        elif name.startswith("regions/"):
            region_docs.append((name, doc))
        elif name == "national.yaml":
            national = doc

    regions = {}
    for name, doc in sorted(region_docs):
        region = _region(doc, national, name)
        regions[region.id] = region

    # Evidence is linked from the source's side only; the intervention side is derived.
    for source in sorted(evidence.values(), key=lambda s: s.id):
        if source.status == "retired":
            continue
        for iid in source.interventions:
            if iid in interventions:
                interventions[iid].evidence.append(source.id)

    return KnowledgeBase(building_blocks=blocks, vocabularies=vocabularies,
                         interventions=dict(sorted(interventions.items())),
                         evidence=dict(sorted(evidence.items())),
                         regions=regions, national=national, fingerprint=fp,
                         requested_programmes=_requested_programmes(national),
                         parameters=dict(sorted(parameters.items())),
                         facts=_facts(national))


def _facts(national: dict) -> dict[str, SourcedFact]:
    """national.yaml `facts`, by id, in file order."""
    out = {}
    for f in (national or {}).get("facts") or []:
        out[str(f["id"])] = SourcedFact(
            id=str(f["id"]), kind=f["kind"], value=f["value"], unit=f["unit"],
            label=f["label"], label_en=f["label_en"], source=dict(f["source"]),
            region=f.get("region"))
    return out


def load_kb(kb_dir: Path | str | None = None) -> KnowledgeBase:
    """Read, schema-check and build a knowledge base from YAML (no cache).

    Raises KnowledgeBaseError when the schema check finds problems; `kb validate`
    reports them one by one.
    """
    from chiptalent.kb.schema import check_raw   # jsonschema loads only when building
    from chiptalent.errors import KnowledgeBaseError

    kb_dir = Path(kb_dir) if kb_dir else BUNDLED_KB
    raw = read_raw(kb_dir)
    problems = check_raw(raw)
    if problems:
        shown = "\n".join(p.describe() for p in problems[:10])
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise KnowledgeBaseError(
            f"the knowledge base in {kb_dir} has {len(problems)} problem(s); "
            f"run `chiptalent kb validate` for all of them:\n{shown}{more}")
    return build(raw, fingerprint(kb_dir))
