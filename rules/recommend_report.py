"""The readable text report of a recommendation (`chiptalent recommend` without --json)."""

from __future__ import annotations

import textwrap

from chiptalent.kb.present import evidence_text


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=92, initial_indent=indent, subsequent_indent=indent)


def render_text(result: dict, kb=None) -> str:
    profile = result["profile"]
    out = [f"Aanbevelingen voor {profile['name']}"
           + (f" (regio {profile['region']})" if profile.get("region") else ""), ""]
    if profile.get("filled_in"):
        out.append("Aangevuld uit de kennisbank:")
        out += [f"  {field}: {source}" for field, source in profile["filled_in"].items()]
    if profile.get("unknown"):
        out.append("Onbekend: " + ", ".join(profile["unknown"]))
    weak = {name: note for name, note in (profile.get("quality") or {}).items()
            if note.get("weight", 1) < 1 or note.get("quality") == "doubtful"}
    if weak:
        out.append("Zwakke of twijfelachtige gegevens (tellen minder of niet mee):")
        out += [_wrap(f"{name}: {note['label']} (gewicht {note['weight']}) — {note['reason']}",
                      "  ") for name, note in weak.items()]
    out.append("")
    if not result["arrangements"]:
        out.append("Geen arrangement: geen regel deed een aanbeveling voor dit profiel.")
    for arrangement in result["arrangements"]:
        out.append(f"== {arrangement['title']}  (score {arrangement['score']})")
        demand = ", ".join(f"{lv} {n}" for lv, n in arrangement["demand"].items())
        out.append(f"   Vraag per niveau: {demand or 'onbekend'}; bediende niveaus: "
                   + ", ".join(arrangement["levels_served"]))
        if arrangement.get("demand_doubt"):
            out.append(_wrap("let op, vraagcijfer: " + arrangement["demand_doubt"], "   "))
        for item in arrangement["interventions"]:
            out.append(f" - {item['label']} [{item['id']}, bouwsteen {item['building_block']}]")
            for because in item["because"][:2]:
                facts = ", ".join(because["facts"]) if because["facts"] else "ingebouwd"
                out.append(_wrap(f"waarom: {because['rule']} ({facts})", "     "))
                for caveat in because.get("caveats") or []:
                    out.append(_wrap(f"let op: {caveat['fact']} is {caveat['label']} "
                                     f"(telt mee met gewicht {because['signal_weight']})",
                                     "       "))
            # Sources by title and strength, strongest first; never bare ids.
            sources = item.get("evidence_detail") or [{"title": eid} for eid in item["evidence"]]
            if sources:
                out.append(_wrap("lees: " + "; ".join(evidence_text(s) for s in sources[:3]),
                                 "     "))
        if arrangement["preconditions"]:
            out.append("   Randvoorwaarden:")
            for pre in arrangement["preconditions"]:
                out.append(_wrap(f"{pre['kind']} {pre['id']}: {pre['because']}", "     "))
        out.append("   Verwachte effecten per bouwsteen (zoals de uitvraag ze noemt):")
        for block, text in arrangement["effects_text_by_block"].items():
            out.append(_wrap(f"{block}: {text}", "     "))
        uncovered = [f"{k} {', '.join(v)}" for k, v in arrangement["needs_uncovered"].items() if v]
        if uncovered:
            out.append("   Niet gedekt: " + "; ".join(uncovered))
        for measure in arrangement.get("business_measures") or []:
            out.append(_wrap(f"Bedrijfsmaatregel (door bedrijven zelf, geen extra middelen): "
                             f"{measure['label']} [{measure['id']}], naast "
                             + ", ".join(measure["with"]), "   "))
        for gap in arrangement.get("parts_uncovered") or []:
            out.append(_wrap(f"Onderdeel van de aanpak niet gedekt: {gap['label']} — "
                             f"{gap['reason']}", "   "))
        out.append("")
    if result.get("explain"):
        ex = result["explain"]
        out.append(f"Uitleg voor {ex['label']} [{ex['id']}]: "
                   + ("aanbevolen in " + ", ".join(ex["in_arrangements"])
                      if ex["recommended"] else "niet aanbevolen"))
        for because in ex["because"]:
            out.append(_wrap(f"+ {because['rule']}: {', '.join(because['facts'])}", "  "))
        for why in ex["why_not"]:
            failed = "; ".join(why.get("failed") or [])
            out.append(_wrap(f"- {why['rule'] or ''}: {why['text']}"
                             + (f" — niet voldaan: {failed}" if failed else ""), "  "))
    return "\n".join(out).rstrip() + "\n"
