"""Reports of a plan check: plain text, Markdown and a self-contained HTML page.

Markdown and HTML are what a reviewer pastes into an assessment: the verdict, the
findings grouped by the sections of Bijlage 1 (1. De deelnemende partijen ...
7. Begroting) with the call's own words beside each finding, and the figures as a
table. A plan is untrusted input, and its strings reach the report through the
title, the region and the findings' messages and places: the HTML template escapes
every string (autoescape) and carries no script (a Content-Security-Policy forbids
any); the Markdown template escapes what would turn plan text into markup, links or
raw HTML (`md`, `md_code`).

This module makes the report's content (`report_content`: strings in the report's
language, numbers formatted); the templates in rules/templates/check/ lay it out, and
the check page of the web app includes their findings and figures fragments.
"""

from __future__ import annotations

from chiptalent.i18n import LANGUAGES, format_money, format_number, format_percent, text
from chiptalent.i18n.language_guess import guess_language
from chiptalent.rules.templating import render_report

SECTIONS = ("1. De deelnemende partijen", "2. Aanpak", "3. Beleidsinterventies",
            "4. Publiek private samenwerking", "5. Knelpunten en uitvoerbaarheid",
            "6. Randvoorwaarden", "7. Begroting")
SEVERITY_ORDER = ("error", "warning", "info")

# --- the content, independent of the format -------------------------------------------

def report_content(result: dict, lang: str = "nl") -> dict:
    """What every format of the report shows, with its numbers already formatted in
    `lang`: the header and verdict, the findings by section, the figures. The web
    page's check result (webapp/review_page.py) is made of the same content."""
    def t(key: str, **values) -> str:
        return text(key, lang, **values)

    plan = result.get("plan") or {}
    counts = result.get("counts") or {s: sum(1 for f in result.get("findings", [])
                                              if f.get("severity") == s)
                                       for s in SEVERITY_ORDER}
    totals = result.get("totals") or {}
    groups = _groups(result.get("findings") or [], lang)
    return {
        "title": str(plan.get("title") or t("check_report.untitled")),
        # the plan's own words may be in the other language (WCAG 3.1.2)
        "title_lang": guess_language(str(plan.get("title") or ""), lang),
        "region": str(plan.get("region_label") or plan.get("region") or "—"),
        "solutions": str(plan.get("solutions", "—")),
        "file": plan.get("file"),
        "coherent": bool(result.get("coherent")),
        "verdict": t("check_report.coherent" if result.get("coherent")
                     else "check_report.incoherent"),
        "counts": t("check_report.counts", **{s: counts.get(s, 0) for s in SEVERITY_ORDER}),
        "groups": groups,
        "figures": _figure_rows(totals, lang),
        # The few figures a reviewer reads first, beside the verdict.
        "headline": _headline_rows(totals, lang),
        "errors": [dict(f, section_id=group["id"]) for group in groups
                   for f in group["findings"] if f["severity"] == "error"],
        "levels": _level_rows(totals, lang),
        "per_solution": _solution_rows(totals, lang),
    }


def _groups(findings: list[dict], lang: str) -> list[dict]:
    """Findings by section, all seven sections in order, then any others."""
    groups = {section: [] for section in SECTIONS}
    other: list[dict] = []
    for finding in findings:
        groups.get(finding.get("section") or "", other).append(_finding(finding, lang))
    # Bijlage 1's section names in the report's language (the call's own are Dutch).
    result = [{"section": text(f"check_report.section.{n + 1}", lang), "section_nl": section,
               "id": f"section-{n + 1}", "findings": items}
              for n, (section, items) in enumerate(groups.items())]
    if other:
        result.append({"section": text("check_report.other", lang), "section_nl": None,
                       "id": "section-other", "findings": other})
    return result


def _finding(finding: dict, lang: str) -> dict:
    severity = finding.get("severity") if finding.get("severity") in SEVERITY_ORDER else "info"
    message = (finding.get("message_en") if lang == "en" and finding.get("message_en")
               else finding.get("message", ""))
    return {"severity": severity, "severity_label": text(f"check_report.{severity}", lang),
            "code": str(finding.get("code") or ""), "where": str(finding.get("where") or ""),
            "message": str(message), "seed": finding.get("seed"),
            "seed_section": finding.get("seed_section") or ""}


def _figure_rows(totals: dict, lang: str) -> list[tuple[str, str]]:
    def euro(value, decimals=0):
        return format_money(value, lang, decimals)

    def label(key):
        return text(f"check_report.{key}", lang)

    by_type = totals.get("cofinancing_by_type") or {}
    form = totals.get("cofinancing_by_form") or {}
    share = format_percent(totals.get("cofinancing_share"), lang, 1)
    exact = totals.get("cofinancing_share_exact")
    cpg = totals.get("cost_per_extra_graduate") or {}
    return [
        (label("requested"), euro(totals.get("requested"))),
        (label("cofinancing_total"), euro(totals.get("cofinancing_total"))),
        (label("cof_business"), euro((by_type.get("business") or {}).get("counted"))),
        (label("cof_regional"), euro((by_type.get("regional-government") or {}).get("counted"))),
        (label("cof_form"), f"{euro(form.get('cash'))} / {euro(form.get('in_kind'))}"),
        (label("cof_not_counted"), euro(totals.get("cofinancing_reported_not_counted"))),
        (label("cof_share"), f"{share} ({exact})" if exact else share),
        (label("cof_minimum"), euro(totals.get("cofinancing_minimum"))),
        (label("top_up_total"), euro(totals.get("top_up_total"))),
        (label("cost_incl"), euro(totals.get("cost_incl_rijksbijdrage"))),
        (label("cost_excl"), euro(totals.get("cost_excl_rijksbijdrage"))),
        (label("cpg_rijk"), euro(cpg.get("rijk"), 2)),
        (label("cpg_total"), euro(cpg.get("total"), 2)),
    ]


def _headline_rows(totals: dict, lang: str) -> list[tuple[str, str]]:
    """What the plan asks, the cofinancing share and the cost per extra graduate."""
    share = format_percent(totals.get("cofinancing_share"), lang, 1)
    cpg = totals.get("cost_per_extra_graduate") or {}
    return [(text("check_report.requested", lang), format_money(totals.get("requested"), lang)),
            (text("check_report.cof_share", lang), share),
            (text("check_report.cpg_rijk", lang), format_money(cpg.get("rijk"), lang))]


def _level_rows(totals: dict, lang: str) -> list[tuple[str, str, str, str, str]]:
    students = totals.get("students_by_level") or {}
    top_up = totals.get("top_up_by_level") or {}
    contribution = totals.get("contribution_by_level") or {}
    demand = totals.get("demand_by_level") or {}
    levels = list(dict.fromkeys([*demand, *contribution, *students, *top_up]))
    return [(str(level), format_number(students.get(level), lang),
             format_money(top_up.get(level), lang),
             format_number(contribution.get(level), lang),
             format_number(demand.get(level), lang))
            for level in levels]


def _solution_rows(totals: dict, lang: str) -> list[tuple[str, str, str, str]]:
    return [(str(entry.get("solution")), format_number(entry.get("contribution"), lang),
             format_money(entry.get("rijk"), lang, 2), format_money(entry.get("total"), lang, 2))
            for entry in totals.get("cost_per_extra_graduate_by_solution") or []]


# --- the formats -----------------------------------------------------------------------

def render(result: dict, fmt: str, lang: str = "nl") -> str:
    """The check result as `text`, `markdown` or `html` (Dutch by default, or `en`)."""
    lang = lang if lang in LANGUAGES else "nl"
    return render_report("check", fmt, lang, report_content(result, lang))
