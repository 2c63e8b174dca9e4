"""The forecast as a readable Dutch text report (`chiptalent forecast PLAN`).

Per solution: the extra workers by the end of 2030 with their range, the claim against
it, Rijk and societal euros per extra worker, and the three assumptions that move the
solution's result most; then the plan's total, the structural cost from 2031 and the
parameters that swing the total most.
"""

from __future__ import annotations

from chiptalent.i18n import format_number

CLAIM_TEXT = {
    "within": "binnen de bandbreedte van de prognose (P10–P90)",
    "above-p90": "boven P90: hoger dan de prognose aannemelijk maakt",
    "below-p10": "onder P10: lager dan de prognose verwacht",
    "none": "geen kwantitatieve bijdrage opgegeven",
}
MECHANISM_TEXT = {
    "places": "extra opleidingsplaatsen", "intake": "meer instroom",
    "completion": "minder uitval", "retraining": "om- en bijscholing",
    "recruitment": "werving van buitenlands talent", "retention": "behoud van talent",
    "enabling": "randvoorwaardelijk",
}
SHOWN_ASSUMPTIONS = 3
SHOWN_SENSITIVITY = 5


def _number(value, decimals: int = 0) -> str:
    """Dutch notation (12.345,6), by the project's one formatter."""
    return format_number(value, "nl", decimals)


def _workers(q: dict) -> str:
    return f"{_number(q['p50'])} ({_number(q['p10'])}–{_number(q['p90'])})"


def _euros(q: dict) -> str:
    if q["p50"] is None:
        return "niet te bepalen (geen extra werkenden voorzien)"
    # P90 of € goes with P10 of workers, which can be none: then there is no upper end.
    high = "onbegrensd" if q["p90"] is None else f"€ {_number(q['p90'])}"
    return f"€ {_number(q['p50'])} (€ {_number(q['p10'])}–{high})"


def _label(pid: str, labels: dict[str, str]) -> str:
    return f"{labels[pid]} ({pid})" if pid in labels else pid


def render_text(doc: dict, labels: dict[str, str] | None = None) -> str:
    """The report; `labels` maps parameter ids to their Dutch labels."""
    labels = labels or {}
    plan = doc["plan"]
    lines = [f"Prognose extra werkenden microchipsector: {plan.get('title') or '(zonder titel)'}"
             f" — regio {plan.get('region') or '?'}",
             f"{_number(doc['draws'])} trekkingen, seed {doc['seed']}; aantallen zijn extra "
             "werkenden eind 2030, cumulatief vanaf 2025: P50 (P10–P90).", ""]
    for s in doc["solutions"]:
        extra = s["extra_workers"]
        lines.append(f"Oplossing {s['id']} — {MECHANISM_TEXT.get(s['mechanism'], s['mechanism'])}")
        levels = ", ".join(f"{level} {_number(q['p50'])}"
                           for level, q in extra["by_level_2030"].items())
        lines.append(f"  Extra werkenden eind 2030: {_workers(extra['by_2030'])}"
                     + (f"; per niveau (P50): {levels}" if levels else ""))
        claimed = sum(s["claimed"].values())
        claim = CLAIM_TEXT.get(s["claim"], s["claim"])
        lines.append(f"  Claim: {_number(claimed)} — {claim}" if claimed
                     else f"  Claim: {claim}")
        lines.append(f"  Rijk per extra werkende: {_euros(s['rijk_per_extra_worker_2030'])}")
        lines.append("  Maatschappelijk per extra werkende: "
                     f"{_euros(s['societal_per_extra_worker_2030'])}")
        moving = [e for e in s.get("sensitivity", []) if e["swing"] > 0][:SHOWN_ASSUMPTIONS]
        if moving:
            lines.append("  Aannames die het meest uitmaken (P50 eind 2030 bij laag / hoog):")
            lines += [f"    - {_label(e['parameter'], labels)}: {_number(e['low'])} / "
                      f"{_number(e['high'])}" for e in moving]
        overridden = [p["id"] for p in s["parameters"] if p["overridden"]]
        if overridden:
            lines.append(f"  Eigen waarden van het plan of --set: {', '.join(overridden)}")
        lines.append("")
    total = doc["total"]
    lines.append(f"Totaal eind 2030: {_workers(total['extra_workers']['by_2030'])}; "
                 f"eind {doc['years'][-1]}: {_workers(total['extra_workers']['by_horizon'])}")
    lines.append(f"  Rijk per extra werkende: {_euros(total['rijk_per_extra_worker_2030'])}")
    lines.append("  Maatschappelijk per extra werkende: "
                 f"{_euros(total['societal_per_extra_worker_2030'])}")
    if doc.get("demand"):
        lines.append("  Vraag (Bijlage 2): " + ", ".join(
            f"{level} {_number(n)}" for level, n in doc["demand"].items()))
    structural = doc["structural_from_2031"]
    if structural["students_enrolled"]:
        enrolled = ", ".join(f"{level} {_number(n)}"
                             for level, n in structural["students_enrolled"].items())
        lines.append(f"Structureel vanaf 2031: {enrolled} extra ingeschreven studenten; "
                     f"€ {_number(structural['eur_per_year']['p50'])} per jaar "
                     f"(€ {_number(structural['eur_per_year']['p10'])}–"
                     f"€ {_number(structural['eur_per_year']['p90'])}) aan bekostiging "
                     "en studiefinanciering")
    moving = [e for e in doc["sensitivity"] if e["swing"] > 0][:SHOWN_SENSITIVITY]
    if moving:
        lines.append("Gevoeligheid van het totaal eind 2030 (P50 bij laag / hoog):")
        lines += [f"  - {_label(e['parameter'], labels)}: {_number(e['low'])} / "
                  f"{_number(e['high'])}" for e in moving]
    return "\n".join(lines) + "\n"
