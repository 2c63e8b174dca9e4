"""The budget-optimal portfolio as a text report a policy officer can read
(`chiptalent optimise` without `--json`), in Dutch or English (`--lang`).

What the money buys (extra workers per level against the demand used as the cap), what
it costs (Rijk, cofinancing, € per extra worker), what the next million would add, how
much better than a greedy choice it is, the portfolio line by line, the parts of
Bijlage 1 §2 left open and why, the robust picks, and what the figures rest on.

The sentences come from the string registry (`optimise_report.*` in chiptalent/i18n);
the layout is rules/templates/optimise/report.txt. `arrangement_summary` and
`quantities_text` give the same figures for `recommend`'s text report.
"""

from __future__ import annotations

from chiptalent.i18n import LANGUAGES, format_money, format_number, format_percent, text
from chiptalent.rules.templating import render

LEVELS = ("mbo", "hbo", "wo")


def _n(value, lang: str, decimals: int = 0) -> str:
    return format_number(value, lang, decimals)


def _eur(value, lang: str) -> str:
    return format_money(value, lang) if value is not None else text("optimise_report.n_a",
                                                                    lang)


def _mechanism(mechanism: str | None, lang: str) -> str:
    return text("optimise_report.mechanism." + str(mechanism), lang) \
        if mechanism in MECHANISMS else str(mechanism or "")


MECHANISMS = ("places", "intake", "completion", "retraining", "recruitment", "retention",
              "enabling")
LIMITS = ("budget", "cofinancing", "reach", "cap")
PARTS = ("mbo", "hbo", "wo", "international", "under-represented", "llo")


def _reason(entry: dict, lang: str) -> str:
    """An entry's reason in `lang` (the documents carry `reason` and `reason_en`)."""
    english = entry.get("reason_en") if lang == "en" else None
    return english or entry.get("reason") or ""


def _summary_lines(doc: dict, lang: str) -> list[str]:
    def t(key: str, **values) -> str:
        return text(key, lang, **values)

    lines = []
    obj = doc["objective"]
    lines.append(t("optimise_report.result", workers=_n(obj["extra_workers"], lang, 1)))
    for level, value in obj["by_level"].items():
        demand = doc["demand"].get(level)
        share = t("optimise_report.level_share", share=format_percent(value / demand, lang),
                  demand=_n(demand, lang)) if demand else ""
        lines.append(f"  {level:4} {_n(value, lang, 1):>10}{share}")
    cost = doc["cost"]
    unspent = doc["budget"] - cost["rijk"]
    if unspent > doc["marginal"]["budget_step"]:
        lines.append(t("optimise_report.unspent", amount=_eur(unspent, lang)))
    lines.append(t("optimise_report.cost", rijk=_eur(cost["rijk"], lang),
                   cofinancing=_eur(cost["cofinancing_needed"], lang),
                   societal=_eur(cost["societal"], lang)))
    lines.append(t("optimise_report.per_worker", rijk=_eur(doc["rijk_per_extra_worker"], lang),
                   societal=_eur(doc["societal_per_extra_worker"], lang)))
    step = doc["marginal"]
    with_cofinancing = (t("optimise_report.next_step_cofinancing",
                          amount=_eur(step["cofinancing_step"], lang))
                        if step.get("cofinancing_step") else "")
    lines.append(t("optimise_report.next_step", step=_eur(step["budget_step"], lang),
                   with_cofinancing=with_cofinancing,
                   workers=_n(step["extra_workers_per_step"], lang, 1)))
    if doc.get("limited_by"):
        limits = ", ".join(t("optimise_report.limit." + x) if x in LIMITS else x
                           for x in doc["limited_by"])
        lines.append(t("optimise_report.limited_by", limits=limits))
    reach = doc.get("reach") or {}
    if reach.get("used"):
        parts = [t("optimise_report.reach_part", mechanism=_mechanism(m, lang), level=lv,
                   used=_n(n, lang),
                   available=_n(reach["by_mechanism"].get(m, {}).get(lv, 0), lang))
                 for m, levels in sorted(reach["used"].items())
                 for lv, n in levels.items()]
        lines.append(t("optimise_report.reach_used", parts="; ".join(parts)))
    greedy = doc["greedy"]
    if greedy.get("extra_workers") is not None:
        lines.append(t("optimise_report.greedy", greedy=_n(greedy["extra_workers"], lang, 1),
                       better=_n(greedy["optimum_better_by"], lang, 1)))
    return lines


def _portfolio_lines(doc: dict, lang: str, labels: dict) -> list[str]:
    def t(key: str, **values) -> str:
        return text(key, lang, **values)

    core = doc.get("robust", {}).get("core_index", {})
    lines = []
    for item in doc["portfolio"]:
        mark = (t("optimise_report.core_mark", share=format_percent(core[item["id"]], lang))
                if core and item["id"] in core else "")
        if item.get("business_responsibility"):
            lines.append(t("optimise_report.item_business", label=labels.get(item["id"], item["label"]),
                           id=item["id"]))
        elif item["tranches"]:
            people = ", ".join(f"{_n(n, lang)} {lv}" for lv, n in item["participants"].items())
            lines.append(t("optimise_report.item_tranches", label=labels.get(item["id"], item["label"]), id=item["id"],
                           block=item["building_block"],
                           mechanism=_mechanism(item["mechanism"], lang),
                           tranches=item["tranches"], of=item["of_tranches"], people=people,
                           cost=_eur(item["cost"], lang),
                           workers=_n(item["extra_workers"], lang, 1), mark=mark))
        else:
            lines.append(t("optimise_report.item_enabling", label=labels.get(item["id"], item["label"]), id=item["id"],
                           block=item["building_block"], cost=_eur(item["cost"], lang),
                           mark=mark))
    return lines


def report_content(doc: dict, lang: str = "nl", labels: dict | None = None) -> dict:
    """What the text report shows, in `lang`: sentences with their numbers formatted;
    `labels` names the interventions in `lang` (id -> label; the document's are Dutch)."""
    lang = lang if lang in LANGUAGES else "nl"

    def t(key: str, **values) -> str:
        return text(key, lang, **values)

    name = (doc["profile"].get("name") or doc["profile"].get("region")
            or t("optimise_report.the_region"))
    cof = doc.get("cofinancing_available")
    budget = t("optimise_report.budget", budget=_eur(doc["budget"], lang)) + (
        t("optimise_report.cofinancing_available", amount=_eur(cof, lang))
        if cof is not None else t("optimise_report.cofinancing_none"))
    counted = t("optimise_report.counted_national" if doc["cap"] == "national"
                else "optimise_report.counted_regional", horizon=doc["horizon"])
    content = {"title": t("optimise_report.title", name=name), "budget": budget,
               "counted": counted, "optimal": doc["status"] == "optimal",
               "impossible": t("optimise_report.impossible", reason=_reason(doc, lang))}
    if not content["optimal"]:
        return content
    core = doc.get("robust", {}).get("core_index", {})
    robust_share = doc.get("robust", {}).get("robust_share")
    robust_line = None
    if core:
        robust = [cid for cid, s in core.items() if robust_share and s >= robust_share]
        robust_line = t("optimise_report.robust", draws=doc["robust"]["draws"],
                        share=format_percent(robust_share, lang),
                        picks=", ".join(robust) if robust else t("optimise_report.none"))
    sourced = sum(1 for p in doc["parameters"] if p.get("source"))
    content.update({
        "summary": _summary_lines(doc, lang),
        "portfolio": _portfolio_lines(doc, lang, labels or {}),
        "uncovered": [t("optimise_report.uncovered_item",
                        part=(t("optimise_report.part." + gap["part"]) if gap["part"] in PARTS
                              else gap["part"]), reason=_reason(gap, lang))
                      for gap in doc.get("uncovered") or []],
        "robust": robust_line,
        "basis": [t("optimise_report.basis_workers",
                    draws=_n(doc["valuation"]["draws"], lang)),
                  t("optimise_report.basis_parameters",
                    share=format_percent(doc["demand_share"], lang, 1)),
                  t("optimise_report.basis_sourced", n=len(doc["parameters"]),
                    sourced=sourced)]})
    return content


def render_text(doc: dict, lang: str = "nl", labels: dict | None = None) -> str:
    """The report as plain text, Dutch by default or English (`lang="en"`)."""
    lang = lang if lang in LANGUAGES else "nl"
    return render("optimise/report.txt", lang=lang,
                  report=report_content(doc, lang, labels))


def arrangement_summary(optimisation: dict, lang: str = "nl") -> list[str]:
    """The budget-optimal arrangement's figures in `recommend`'s text report."""
    o = optimisation
    cost = o["cost"]
    step = o["marginal"]
    greedy = o.get("greedy") or {}
    better = (text("optimise_report.better_than_greedy", lang,
                   better=_n(greedy["optimum_better_by"], lang, 1))
              if greedy.get("optimum_better_by") is not None else "")
    return [text("optimise_report.arrangement", lang,
                 workers=_n(o["objective"]["extra_workers"], lang, 1), horizon=o["horizon"],
                 rijk=_eur(cost["rijk"], lang),
                 cofinancing=_eur(cost["cofinancing_needed"], lang),
                 rijk_per_worker=_eur(o["rijk_per_extra_worker"], lang),
                 societal_per_worker=_eur(o["societal_per_extra_worker"], lang)),
            text("optimise_report.arrangement_next", lang,
                 step=_eur(step["budget_step"], lang),
                 workers=_n(step["extra_workers_per_step"], lang, 1), better=better)]


def quantities_text(quantities: dict, lang: str = "nl") -> str:
    """How much of one intervention the budget-optimal arrangement takes."""
    if quantities.get("business_responsibility"):
        return text("optimise_report.quantity_business", lang)
    if not quantities.get("tranches"):
        return text("optimise_report.quantity_fixed", lang,
                    cost=_eur(quantities["cost"], lang))
    people = ", ".join(f"{_n(n, lang)} {lv}" for lv, n in quantities["participants"].items())
    return text("optimise_report.quantity_tranches", lang, tranches=quantities["tranches"],
                of=quantities["of_tranches"], people=people,
                cost=_eur(quantities["cost"], lang),
                workers=_n(quantities["extra_workers"], lang, 1))
