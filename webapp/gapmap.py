"""The evidence gap map: building blocks (rows) by target groups (columns).

Each cell counts the interventions of that block for that group and the evidence
sources about the block and the group, is shaded by the strength of its strongest
reviewed source on the scale of vocabulary `evidence_strength` (shade-0: none,
shade-1 descriptive .. shade-5 effective; issue 19.7 — ten descriptive sources are
not better evidence than one controlled study), and links to
the search filtered on both (`/search?building_block=1B&target_group=girls-women`),
so a reader can go from a gap to what little there is. A source counts where its own
`building_blocks` and `target_groups` tags put it — exactly what the search facets
filter on, so a cell's counts add up to the total of the search it links to.
"""

from __future__ import annotations

from flask import Blueprint, current_app

from chiptalent.kb.model import KnowledgeBase
from chiptalent.kb.present import block_ref, concept_ref
from chiptalent.webapp import data
from chiptalent.webapp.render import link_with_query, respond

bp = Blueprint("gapmap", __name__)

# The kinds of cell a reader should notice, each explained by one sentence on the page:
# interventions without any evidence (a gap), evidence without an intervention of the
# register, and neither.
EMPTY_KINDS = ("gap", "orphan", "empty")


def source_tags(kb: KnowledgeBase, source) -> tuple[set[str], set[str]]:
    """The blocks and groups a source is filed under (as the search index files it)."""
    return set(source.building_blocks), set(source.target_groups)


def empty_kind(interventions: int, evidence: int) -> str | None:
    """Which kind of empty cell this is (EMPTY_KINDS), or None for a filled one."""
    if interventions and not evidence:
        return "gap"
    if evidence and not interventions:
        return "orphan"
    if not interventions and not evidence:
        return "empty"
    return None


def gap_map(kb: KnowledgeBase) -> dict:
    groups = list(kb.vocabulary("target_group"))
    tagged = [(s, *source_tags(kb, s)) for s in kb.evidence.values()
              if s.status != "retired"]
    ranks = {c.id: c.rank or 0 for c in kb.vocabulary("evidence_strength").values()}
    rows = []
    for block_id in kb.building_blocks:
        cells = []
        for tg in groups:
            interventions = [i.id for i in kb.interventions.values()
                             if i.building_block == block_id and tg in i.target_groups]
            sources = [s.id for s, blocks, tgs in tagged if block_id in blocks and tg in tgs]
            # only reviewed sources say how strong the evidence is (drafts are unchecked)
            strongest = max((s for s, blocks, tgs in tagged if block_id in blocks
                             and tg in tgs and s.status == "reviewed"),
                            key=lambda s: ranks.get(s.strength, 0), default=None)
            cells.append({"target_group": tg, "interventions": len(interventions),
                          "evidence": len(sources), "intervention_ids": interventions,
                          "strength": strongest.strength if strongest else None,
                          "shade": ranks.get(strongest.strength, 0) if strongest else 0,
                          "evidence_ids": sources,
                          "search": link_with_query("search.page", {
                              "building_block": block_id, "target_group": tg})})
        rows.append({"building_block": block_ref(kb, block_id), "cells": cells})
    top = max((c["evidence"] for r in rows for c in r["cells"]), default=0)
    counts = dict.fromkeys(EMPTY_KINDS, 0)
    for row in rows:
        for cell in row["cells"]:
            cell["gap"] = cell["interventions"] > 0 and cell["evidence"] == 0
            cell["empty"] = empty_kind(cell["interventions"], cell["evidence"])
            if cell["empty"]:
                counts[cell["empty"]] += 1
    scale = [{"rank": c.rank or 0, "id": c.id, "label": c.label, "label_en": c.label_en}
             for c in sorted(kb.vocabulary("evidence_strength").values(),
                             key=lambda c: c.rank or 0)]
    return {"target_groups": [concept_ref(kb, "target_group", g) for g in groups],
            "rows": rows, "max_evidence": top, "scale": scale, "empty_counts": counts}


def cached_gap_map(kb: KnowledgeBase) -> dict:
    """The gap map of this KB, computed once (the KB does not change while serving)."""
    cache = current_app.extensions.setdefault("chiptalent.gap_map", {})
    if kb.fingerprint not in cache or not kb.fingerprint:
        cache.clear()
        cache[kb.fingerprint] = gap_map(kb)
    return cache[kb.fingerprint]


@bp.route("/gap-map")
@bp.route("/gap-map.json", endpoint="page_json")
def page():
    return respond("gapmap.html", cached_gap_map(data.get_kb()))
