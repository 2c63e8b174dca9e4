"""Browsing the knowledge base: building blocks, interventions, evidence, target groups
and regions, each a page with a JSON twin (`.json` or `?format=json`)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request

from chiptalent.i18n import format_number
from chiptalent.kb.present import concept_ref
from chiptalent.webapp import cards, data, yield_view
from chiptalent.webapp.charts import Bar, bar_chart
from chiptalent.webapp.i18n import lang, pick, t
from chiptalent.webapp.render import respond

bp = Blueprint("browse", __name__)


def twin(rule: str, **options):
    """Register a view under `rule` and under `rule.json`."""
    def decorator(func):
        bp.add_url_rule(rule + ".json", func.__name__ + "_json", func, **options)
        bp.add_url_rule(rule, func.__name__, func, **options)
        return func
    return decorator


@bp.route("/")
def home():
    kb = data.get_kb()
    counts = {"interventions": len(kb.interventions), "evidence": len(kb.evidence),
              "regions": len(kb.regions)}
    # The region journey starts here: a picker that goes straight to the advice.
    regions = sorted(({"id": r.id, "label": pick(r)} for r in kb.regions.values()),
                     key=lambda r: r["label"].lower())
    return render_template("home.html", counts=counts, regions=regions,
                           blocks=data.blocks_doc(kb)["building_blocks"])


@twin("/building-blocks")
def blocks():
    return respond("blocks.html", data.blocks_doc(data.get_kb()))


@twin("/building-blocks/<block_id>")
def block(block_id):
    return respond("block.html", data.block_doc(data.get_kb(), block_id))


@twin("/interventions")
def interventions():
    kb = data.get_kb()
    # the register as cards (webapp/cards.py), filtered and sorted by the query string
    query = cards.read_register_query(request.args, kb)
    register = cards.register(kb, query, yield_view.settings(kb))
    doc = {**data.interventions_doc(kb), "register": register,
           "target_groups": [concept_ref(kb, "target_group", g)
                             for g in kb.vocabulary("target_group")],
           "levels": [concept_ref(kb, "level", lv) for lv in kb.vocabulary("level")]}
    return respond("interventions.html", doc)


@twin("/interventions/<iid>")
def intervention(iid):
    kb = data.get_kb()
    doc = data.intervention_doc(kb, iid)
    # what it yields per €1m by the forecast, under the URL's assumptions (?set=ID=VALUE)
    overrides = yield_view.settings(kb)
    target = yield_view.form_redirect(overrides)
    if target is not None:
        return redirect(target, code=303)
    doc = {**doc, "yield": yield_view.yield_doc(kb, iid, overrides)}
    # the one-page summary at its top: the card's facts (webapp/cards.py)
    return respond("intervention.html", doc,
                   card=cards.intervention_card(kb, iid, overrides))


@twin("/evidence/<eid>")
def evidence(eid):
    from chiptalent.webapp.curation import history_entries
    doc = data.evidence_doc(data.get_kb(), eid)
    # The change log is public: who changed what, when and why (None: nothing curated).
    # The twin adds it to the source's document (kb/present.py); no field changes shape.
    doc["history"] = history_entries(eid)
    return respond("evidence.html", doc)


@twin("/target-groups")
def target_groups():
    return respond("target_groups.html", data.target_groups_doc(data.get_kb()))


@twin("/target-groups/<tg>")
def target_group(tg):
    return respond("target_group.html", data.target_group_doc(data.get_kb(), tg))


# --- regions and their charts -------------------------------------------------------

def _region_bars(doc: dict, field: str, highlight: str | None = None) -> list[Bar]:
    """One bar per region for `field`: "fte", or "demand" (the region's total)."""
    bars = []
    for region in doc["regions"]:
        figure = region["demand"]["total"] if field == "demand" else region[field]
        bars.append(Bar(label=pick(region), value=figure["value"],
                        derived=figure["basis"] == "derived",
                        highlight=region["id"] == highlight))
    return bars


def _chart(bars: list[Bar], chart_id: str, title: str, row_header: str) -> dict:
    """A chart and the rows of the table that repeats its figures."""
    svg = bar_chart(bars, chart_id=chart_id, title=title, description=_describe(bars),
                    derived_word=t("basis.derived"), lang=lang())
    return {"id": chart_id, "title": title, "svg": svg, "rows": bars,
            "row_header": row_header}


def _describe(bars: list[Bar]) -> str:
    return "; ".join(f"{b.label}: {format_number(b.value, lang())}"
                     + (f" ({t('basis.derived')})" if b.derived else "") for b in bars)


@twin("/regions")
def regions():
    kb = data.get_kb()
    doc = data.regions_doc(kb)
    demand_bars = _region_bars(doc, "demand")
    fte_bars = _region_bars(doc, "fte")
    level_bars = [Bar(label=_level_label(kb, lvl), value=value)
                  for lvl, value in doc["national"]["demand_by_level"].items()]
    segment_bars = [Bar(label=seg["label"], value=seg["fte"])
                    for seg in doc["national"]["value_chain"]]
    charts = [
        _chart(demand_bars, "chart-demand", t("demand.by_region"), t("region")),
        _chart(level_bars, "chart-national-levels", t("demand.national_levels"),
               t("facet.level")),
        _chart(fte_bars, "chart-fte", t("fte.by_region"), t("region")),
    ]
    if segment_bars:
        charts.append(_chart(segment_bars, "chart-segments", t("fte.by_segment"),
                             t("segment")))
    return respond("regions.html", doc, charts=charts)


def _level_label(kb, level: str) -> str:
    return pick(kb.vocabulary("level").get(level)) or level


@twin("/regions/<rid>")
def region(rid):
    kb = data.get_kb()
    doc = data.region_doc(kb, rid)
    level_bars = [Bar(label=_level_label(kb, lvl), value=fig["value"],
                      derived=fig["basis"] == "derived")
                  for lvl, fig in doc["demand"].items() if lvl != "total"]
    all_regions = data.regions_doc(kb)
    fte_bars = _region_bars(all_regions, "fte", highlight=rid)
    charts = [
        _chart(level_bars, f"chart-{rid}-demand", f"{t('demand.by_level')}: {pick(doc)}",
               t("facet.level")),
        _chart(fte_bars, f"chart-{rid}-fte", t("fte.by_region"), t("region")),
    ]
    return respond("region.html", doc, charts=charts)
