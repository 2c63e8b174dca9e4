"""The evidence gap map: building blocks (rows) by target groups (columns).

Each cell counts the interventions of that block for that group and the evidence
sources about the block and the group, is shaded by the evidence count, and links to
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

SHADES = 5   # shade-0 (no evidence) .. shade-4 (most)


def source_tags(kb: KnowledgeBase, source) -> tuple[set[str], set[str]]:
    """The blocks and groups a source is filed under (as the search index files it)."""
    return set(source.building_blocks), set(source.target_groups)


def shade(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(SHADES - 1, -(-(SHADES - 1) * count // top)))


def gap_map(kb: KnowledgeBase) -> dict:
    groups = list(kb.vocabulary("target_group"))
    tagged = [(s, *source_tags(kb, s)) for s in kb.evidence.values()
              if s.status != "retired"]
    rows = []
    for block_id in kb.building_blocks:
        cells = []
        for tg in groups:
            interventions = [i.id for i in kb.interventions.values()
                             if i.building_block == block_id and tg in i.target_groups]
            sources = [s.id for s, blocks, tgs in tagged if block_id in blocks and tg in tgs]
            cells.append({"target_group": tg, "interventions": len(interventions),
                          "evidence": len(sources), "intervention_ids": interventions,
                          "evidence_ids": sources,
                          "search": link_with_query("search.page", {
                              "building_block": block_id, "target_group": tg})})
        rows.append({"building_block": block_ref(kb, block_id), "cells": cells})
    top = max((c["evidence"] for r in rows for c in r["cells"]), default=0)
    for row in rows:
        for cell in row["cells"]:
            cell["shade"] = shade(cell["evidence"], top)
            cell["gap"] = cell["interventions"] > 0 and cell["evidence"] == 0
    return {"target_groups": [concept_ref(kb, "target_group", g) for g in groups],
            "rows": rows, "max_evidence": top}


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
