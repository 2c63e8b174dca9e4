"""The budget-optimal portfolio as a Dutch text report a policy officer can read
(`chiptalent optimise` without `--json`).

What the money buys (extra workers per level against the demand used as the cap), what
it costs (Rijk, cofinancing, € per extra worker), what the next million would add, how
much better than a greedy choice it is, the portfolio line by line, the parts of
Bijlage 1 §2 left open and why, the robust picks, and what the figures rest on.
"""

from __future__ import annotations

from chiptalent.i18n import format_money, format_number, format_percent

LEVEL_TEXT = {"mbo": "mbo", "hbo": "hbo", "wo": "wo"}
MECHANISM_TEXT = {
    "places": "extra opleidingsplaatsen", "intake": "meer instroom",
    "completion": "minder uitval", "retraining": "om- en bijscholing",
    "recruitment": "korte trajecten voor buitenlands talent",
    "retention": "behoud van talent", "enabling": "randvoorwaardelijk (vaste kosten)",
}
LIMIT_TEXT = {
    "budget": "het budget", "cofinancing": "de cofinanciering (Rijk hoogstens 2 × "
    "cofinanciering)", "reach": "het bereik in de regio (voor een mechanisme en niveau "
    "zijn alle deelnemers die de regio kan vinden al ingezet)",
    "cap": "de talentvraag (het plafond per niveau)",
}
PART_TEXT = {"mbo": "mbo", "hbo": "hbo", "wo": "wo", "international": "internationaal talent",
             "under-represented": "minder vertegenwoordigde groepen",
             "llo": "Leven Lang Ontwikkelen (bouwsteen 1B)"}


def _n(value, decimals: int = 0) -> str:
    return format_number(value, "nl", decimals)


def _eur(value) -> str:
    return format_money(value, "nl") if value is not None else "n.v.t."


def render_text(doc: dict) -> str:
    lines: list[str] = []
    name = doc["profile"].get("name") or doc["profile"].get("region") or "de regio"
    lines.append(f"Budgetoptimale portefeuille voor {name}")
    lines.append("=" * len(lines[0]))
    cof = doc.get("cofinancing_available")
    lines.append(f"Budget (Rijk): {_eur(doc['budget'])}"
                 + (f"; beschikbare cofinanciering: {_eur(cof)}" if cof is not None else
                    "; cofinanciering niet opgegeven"))
    cap = "landelijke" if doc["cap"] == "national" else "regionale"
    lines.append(f"Extra werkenden geteld tot en met {doc['horizon']} (P50 van de prognose), "
                 f"per niveau hoogstens de {cap} talentvraag.")
    lines.append("")
    if doc["status"] != "optimal":
        lines.append("Geen portefeuille mogelijk: " + doc.get("reason", ""))
        return "\n".join(lines) + "\n"

    obj = doc["objective"]
    lines.append(f"Resultaat: {_n(obj['extra_workers'], 1)} extra werkenden")
    for level, value in obj["by_level"].items():
        demand = doc["demand"].get(level)
        share = f" ({format_percent(value / demand, 'nl')} van {_n(demand)})" if demand else ""
        lines.append(f"  {LEVEL_TEXT.get(level, level):4} {_n(value, 1):>10}{share}")
    cost = doc["cost"]
    unspent = doc["budget"] - cost["rijk"]
    if unspent > doc["marginal"]["budget_step"]:
        lines.append(f"Niet besteed: {_eur(unspent)}: meer geld levert met de passende "
                     "interventies geen extra werkenden meer op.")
    lines.append(f"Kosten: Rijk {_eur(cost['rijk'])}, benodigde cofinanciering "
                 f"{_eur(cost['cofinancing_needed'])} (een derde van het geheel), samen "
                 f"{_eur(cost['societal'])}.")
    lines.append(f"Per extra werkende: Rijk {_eur(doc['rijk_per_extra_worker'])}, "
                 f"maatschappelijk {_eur(doc['societal_per_extra_worker'])}.")
    step = doc["marginal"]
    lines.append(f"Het volgende {_eur(step['budget_step'])} Rijksgeld"
                 + (f" (met {_eur(step['cofinancing_step'])} cofinanciering erbij)"
                    if step.get("cofinancing_step") else "")
                 + f" levert {_n(step['extra_workers_per_step'], 1)} extra werkenden op.")
    if doc.get("limited_by"):
        lines.append("Begrensd door: " + ", ".join(LIMIT_TEXT.get(x, x)
                                                   for x in doc["limited_by"]) + ".")
    reach = doc.get("reach") or {}
    if reach.get("used"):
        parts = [f"{MECHANISM_TEXT.get(m, m)} {lv} {_n(n)} van "
                 f"{_n(reach['by_mechanism'].get(m, {}).get(lv, 0))}"
                 for m, levels in sorted(reach["used"].items())
                 for lv, n in levels.items()]
        lines.append("Bereik ingezet (interventies met hetzelfde mechanisme delen de "
                     "deelnemers die de regio per niveau kan vinden): " + "; ".join(parts)
                     + ".")
    greedy = doc["greedy"]
    if greedy.get("extra_workers") is not None:
        lines.append(f"Ter vergelijking, stap voor stap kiezen wat de meeste werkenden per euro "
                     f"oplevert (gretig): {_n(greedy['extra_workers'], 1)} extra werkenden; "
                     f"de optimale keuze levert {_n(greedy['optimum_better_by'], 1)} meer.")
    lines.append("")
    lines.append("Portefeuille")
    core = doc.get("robust", {}).get("core_index", {})
    robust_share = doc.get("robust", {}).get("robust_share")
    for item in doc["portfolio"]:
        mark = ""
        if core and item["id"] in core:
            mark = f" [in {format_percent(core[item['id']], 'nl')} van de trekkingen optimaal]"
        if item.get("business_responsibility"):
            lines.append(f"- {item['label']} ({item['id']}): verantwoordelijkheid van "
                         "bedrijven, geen publiek geld")
            continue
        if item["tranches"]:
            people = ", ".join(f"{_n(n)} {lv}" for lv, n in item["participants"].items())
            lines.append(f"- {item['label']} ({item['id']}, bouwsteen "
                         f"{item['building_block']}, {MECHANISM_TEXT.get(item['mechanism'], '')})"
                         f": {item['tranches']} van {item['of_tranches']} tranches, {people}; "
                         f"{_eur(item['cost'])}; {_n(item['extra_workers'], 1)} extra "
                         f"werkenden{mark}")
        else:
            lines.append(f"- {item['label']} ({item['id']}, bouwsteen {item['building_block']}, "
                         f"randvoorwaardelijk): vaste kosten {_eur(item['cost'])}{mark}")
    if doc.get("uncovered"):
        lines.append("")
        lines.append("Delen van Bijlage 1 §2 die open blijven")
        for gap in doc["uncovered"]:
            lines.append(f"- {PART_TEXT.get(gap['part'], gap['part'])}: {gap['reason']}")
    if core:
        lines.append("")
        robust = [cid for cid, s in core.items() if robust_share and s >= robust_share]
        lines.append(f"Robuustheid over {doc['robust']['draws']} trekkingen van alle "
                     f"parameters: robuust (in ten minste "
                     f"{format_percent(robust_share, 'nl')} van de trekkingen optimaal): "
                     + (", ".join(robust) if robust else "geen") + ".")
    lines.append("")
    lines.append("Waar de cijfers op rusten")
    lines.append(f"- Werkenden: de prognose van chiptalent (P50 over "
                 f"{_n(doc['valuation']['draws'])} trekkingen), per tranche.")
    lines.append("- Tranchegrootte, kosten per deelnemer, bereik (landelijk, geschaald naar "
                 f"het aandeel van de regio in de vraag: {format_percent(doc['demand_share'], 'nl', 1)})"
                 " en vaste kosten: parameters in kb/data/parameters.")
    sourced = sum(1 for p in doc["parameters"] if p.get("source"))
    lines.append(f"- {len(doc['parameters'])} parameters gebruikt, waarvan {sourced} met een "
                 "bron en de rest een verantwoorde aanname (--json toont ze allemaal).")
    return "\n".join(lines) + "\n"


def arrangement_summary(optimisation: dict) -> list[str]:
    """The budget-optimal arrangement's figures in `recommend`'s text report."""
    o = optimisation
    cost = o["cost"]
    lines = [f"Budgetoptimaal: {_n(o['objective']['extra_workers'], 1)} extra werkenden tot "
             f"en met {o['horizon']} (P50) voor {_eur(cost['rijk'])} van het Rijk en "
             f"{_eur(cost['cofinancing_needed'])} cofinanciering; per extra werkende "
             f"{_eur(o['rijk_per_extra_worker'])} (Rijk), "
             f"{_eur(o['societal_per_extra_worker'])} (maatschappelijk)."]
    step = o["marginal"]
    greedy = o.get("greedy") or {}
    better = (f"; {_n(greedy['optimum_better_by'], 1)} meer dan gretig kiezen"
              if greedy.get("optimum_better_by") is not None else "")
    lines.append(f"Het volgende {_eur(step['budget_step'])} levert "
                 f"{_n(step['extra_workers_per_step'], 1)} extra werkenden op{better}.")
    return lines


def quantities_text(quantities: dict) -> str:
    """How much of one intervention the budget-optimal arrangement takes."""
    if quantities.get("business_responsibility"):
        return "hoeveel: verantwoordelijkheid van bedrijven, geen publiek geld"
    if not quantities.get("tranches"):
        return f"hoeveel: vaste kosten {_eur(quantities['cost'])}"
    people = ", ".join(f"{_n(n)} {lv}" for lv, n in quantities["participants"].items())
    return (f"hoeveel: {quantities['tranches']} van {quantities['of_tranches']} tranches "
            f"({people}); {_eur(quantities['cost'])}; {_n(quantities['extra_workers'], 1)} "
            "extra werkenden")
