"""Reports of a plan check: plain text, Markdown and a self-contained HTML page.

Markdown and HTML are what a reviewer pastes into an assessment: the verdict, the
findings grouped by the sections of Bijlage 1 (1. De deelnemende partijen ...
7. Begroting) with the call's own words beside each finding, and the figures as a
table. A plan is untrusted input, and its strings reach the report through the
title, the region and the findings' messages and places: HTML escapes every string
it writes (html.escape) and carries no script (a Content-Security-Policy forbids
any); Markdown escapes what would turn plan text into markup, links or raw HTML.
"""

from __future__ import annotations

import html
import re

from chiptalent.errors import InputError

SECTIONS = ("1. De deelnemende partijen", "2. Aanpak", "3. Beleidsinterventies",
            "4. Publiek private samenwerking", "5. Knelpunten en uitvoerbaarheid",
            "6. Randvoorwaarden", "7. Begroting")
SEVERITY_ORDER = ("error", "warning", "info")

LABELS = {
    "nl": {
        "title": "Toets van het plan", "untitled": "(plan zonder titel)",
        "region": "Regio", "solutions": "Oplossingen", "file": "Bestand",
        "verdict": "Oordeel",
        "coherent": "Samenhangend: het plan voldoet aan wat de checker toetst.",
        "incoherent": "Niet samenhangend: het plan breekt met eisen van de uitvraag.",
        "counts": "{error} fout(en), {warning} waarschuwing(en), {info} advies/adviezen",
        "error": "Fout", "warning": "Waarschuwing", "info": "Advies",
        "severity": "Ernst", "finding": "Bevinding", "where": "Plaats",
        "seed": "Wat de uitvraag zegt", "none": "Geen bevindingen.",
        "other": "Overig", "findings": "Bevindingen per onderdeel (Bijlage 1)",
        "figures": "Kengetallen", "figure": "Kengetal", "value": "Waarde",
        "levels": "Per niveau", "level": "Niveau", "students": "Extra studenten",
        "top_up": "Top-up (p × q)", "contribution": "Bijdrage", "demand": "Vraag regio",
        "per_solution": "Kosten per extra afgestudeerde, per oplossing",
        "solution": "Oplossing", "rijk": "Rijk", "total": "Totaal",
        "requested": "Gevraagd van het Rijk",
        "cofinancing_total": "Cofinanciering, meegeteld",
        "cof_business": "waarvan bedrijfsleven",
        "cof_regional": "waarvan regionale overheden",
        "cof_form": "in geld / in natura",
        "cof_not_counted": "Gerapporteerd, niet meegeteld",
        "cof_share": "Aandeel cofinanciering (minimaal 1/3)",
        "cof_minimum": "Minimaal benodigde cofinanciering",
        "top_up_total": "Top-up totaal",
        "cost_incl": "Kosten inclusief rijksbijdrage",
        "cost_excl": "Kosten exclusief rijksbijdrage",
        "cpg_rijk": "Kosten per extra afgestudeerde (Rijk)",
        "cpg_total": "Kosten per extra afgestudeerde (Rijk + cofinanciering)",
        "generated": "Opgesteld met chiptalent check; de bevindingen volgen de regels in "
                     "rules/check/*.yaml.",
    },
    "en": {
        "title": "Plan check", "untitled": "(untitled plan)",
        "region": "Region", "solutions": "Solutions", "file": "File",
        "verdict": "Verdict",
        "coherent": "Coherent: the plan meets what the checker tests.",
        "incoherent": "Not coherent: the plan breaks requirements of the call.",
        "counts": "{error} error(s), {warning} warning(s), {info} advice",
        "error": "Error", "warning": "Warning", "info": "Advice",
        "severity": "Severity", "finding": "Finding", "where": "Where",
        "seed": "What the call says", "none": "No findings.",
        "other": "Other", "findings": "Findings by section (Bijlage 1)",
        "figures": "Figures", "figure": "Figure", "value": "Value",
        "levels": "By level", "level": "Level", "students": "Extra students",
        "top_up": "Top-up (p × q)", "contribution": "Contribution",
        "demand": "Regional demand",
        "per_solution": "Cost per extra graduate, by solution",
        "solution": "Solution", "rijk": "Rijk", "total": "Total",
        "requested": "Requested from the Rijk",
        "cofinancing_total": "Cofinancing, counted",
        "cof_business": "of which business",
        "cof_regional": "of which regional government",
        "cof_form": "cash / in kind",
        "cof_not_counted": "Reported, not counted",
        "cof_share": "Cofinancing share (at least 1/3)",
        "cof_minimum": "Least cofinancing needed",
        "top_up_total": "Top-up total",
        "cost_incl": "Cost including the rijksbijdrage",
        "cost_excl": "Cost excluding the rijksbijdrage",
        "cpg_rijk": "Cost per extra graduate (Rijk)",
        "cpg_total": "Cost per extra graduate (Rijk + cofinancing)",
        "generated": "Made with chiptalent check; the findings follow the rules in "
                     "rules/check/*.yaml.",
    },
}


# --- numbers -------------------------------------------------------------------------

def _number(value, lang: str, decimals: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _euro(value, lang: str, decimals: int = 0) -> str:
    return "—" if value is None else f"€ {_number(value, lang, decimals)}"


def _percent(share, lang: str) -> str:
    return "—" if share is None else _number(100 * share, lang, 1) + "%"


# --- the content, independent of the format -------------------------------------------

def _groups(findings: list[dict]) -> list[tuple[str, list[dict]]]:
    """Findings by section, all seven sections in order, then any others."""
    groups = {section: [] for section in SECTIONS}
    other: list[dict] = []
    for finding in findings:
        groups.get(finding.get("section") or "", other).append(finding)
    result = list(groups.items())
    if other:
        result.append(("", other))
    return result


def _message(finding: dict, lang: str) -> str:
    if lang == "en" and finding.get("message_en"):
        return finding["message_en"]
    return finding.get("message", "")


def _figure_rows(totals: dict, lang: str) -> list[tuple[str, str]]:
    t = LABELS[lang]
    by_type = totals.get("cofinancing_by_type") or {}
    form = totals.get("cofinancing_by_form") or {}
    share = totals.get("cofinancing_share")
    exact = totals.get("cofinancing_share_exact")
    cpg = totals.get("cost_per_extra_graduate") or {}
    return [
        (t["requested"], _euro(totals.get("requested"), lang)),
        (t["cofinancing_total"], _euro(totals.get("cofinancing_total"), lang)),
        (t["cof_business"], _euro((by_type.get("business") or {}).get("counted"), lang)),
        (t["cof_regional"], _euro((by_type.get("regional-government") or {}).get("counted"),
                                  lang)),
        (t["cof_form"], f"{_euro(form.get('cash'), lang)} / "
                        f"{_euro(form.get('in_kind'), lang)}"),
        (t["cof_not_counted"], _euro(totals.get("cofinancing_reported_not_counted"), lang)),
        (t["cof_share"], f"{_percent(share, lang)} ({exact})" if exact else
         _percent(share, lang)),
        (t["cof_minimum"], _euro(totals.get("cofinancing_minimum"), lang)),
        (t["top_up_total"], _euro(totals.get("top_up_total"), lang)),
        (t["cost_incl"], _euro(totals.get("cost_incl_rijksbijdrage"), lang)),
        (t["cost_excl"], _euro(totals.get("cost_excl_rijksbijdrage"), lang)),
        (t["cpg_rijk"], _euro(cpg.get("rijk"), lang, 2) if cpg.get("rijk") is not None
         else "—"),
        (t["cpg_total"], _euro(cpg.get("total"), lang, 2) if cpg.get("total") is not None
         else "—"),
    ]


def _level_rows(totals: dict, lang: str) -> list[tuple[str, str, str, str, str]]:
    students = totals.get("students_by_level") or {}
    top_up = totals.get("top_up_by_level") or {}
    contribution = totals.get("contribution_by_level") or {}
    demand = totals.get("demand_by_level") or {}
    levels = list(dict.fromkeys([*demand, *contribution, *students, *top_up]))
    return [(str(level), _number(students.get(level), lang) if level in students else "—",
             _euro(top_up.get(level), lang) if level in top_up else "—",
             _number(contribution.get(level), lang) if level in contribution else "—",
             _number(demand.get(level), lang) if level in demand else "—")
            for level in levels]


def _solution_rows(totals: dict, lang: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for entry in totals.get("cost_per_extra_graduate_by_solution") or []:
        rows.append((str(entry.get("solution")), _number(entry.get("contribution"), lang),
                     _euro(entry.get("rijk"), lang, 2) if entry.get("rijk") is not None
                     else "—",
                     _euro(entry.get("total"), lang, 2) if entry.get("total") is not None
                     else "—"))
    return rows


def _header(result: dict, lang: str) -> dict:
    t = LABELS[lang]
    plan = result.get("plan") or {}
    counts = result.get("counts") or {s: sum(1 for f in result.get("findings", [])
                                              if f.get("severity") == s)
                                       for s in SEVERITY_ORDER}
    region = plan.get("region_label") or plan.get("region") or "—"
    return {"title": plan.get("title") or t["untitled"], "region": str(region),
            "solutions": str(plan.get("solutions", "—")), "file": plan.get("file"),
            "verdict": t["coherent"] if result.get("coherent") else t["incoherent"],
            "counts": t["counts"].format(**{s: counts.get(s, 0) for s in SEVERITY_ORDER})}


# --- text ------------------------------------------------------------------------------

def _text(result: dict, lang: str) -> str:
    t = LABELS[lang]
    head = _header(result, lang)
    lines = [f"{t['title']}: {head['title']}",
             f"{t['region']}: {head['region']} · {t['solutions']}: {head['solutions']}"]
    if head["file"]:
        lines.append(f"{t['file']}: {head['file']}")
    lines += ["", f"{t['verdict']}: {head['verdict']} ({head['counts']})", ""]
    for section, findings in _groups(result.get("findings") or []):
        if not findings:
            continue
        lines.append(section or t["other"])
        for f in findings:
            lines.append(f"  [{t[f['severity']].upper()}] {f['code']} @ {f.get('where') or '-'}")
            lines.append(f"    {_message(f, lang)}")
            if f.get("seed"):
                lines.append(f"    «{f['seed']}» ({f.get('seed_section')})")
        lines.append("")
    lines.append(f"{t['figures']}:")
    rows = _figure_rows(result.get("totals") or {}, lang)
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    levels = _level_rows(result.get("totals") or {}, lang)
    if levels:
        lines.append(f"  {t['levels']}: " + "; ".join(
            f"{lv}: {t['students'].lower()} {s}, {t['top_up']} {p}, "
            f"{t['contribution'].lower()} {c}, {t['demand'].lower()} {d}"
            for lv, s, p, c, d in levels))
    # Plan text may hold terminal control sequences; a report prints none of them.
    return _CONTROL.sub("", "\n".join(lines)) + "\n"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# --- Markdown --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md(text) -> str:
    """Plan text as literal Markdown: no markup, links, raw HTML or table breaks."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(text) -> str:
    """A code span that plan text cannot break out of, even in a lax renderer.

    Code spans show their content literally, so entities would show as `&lt;`; the
    few characters that could end the span, split a table cell or open raw HTML in a
    renderer that ignores code spans are replaced by look-alikes instead.
    """
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = text.translate(str.maketrans({"`": "'", "|": "¦", "<": "‹", ">": "›"}))
    return f"`{text}`" if text else "—"


def _markdown(result: dict, lang: str) -> str:
    t = LABELS[lang]
    head = _header(result, lang)
    out = [f"# {t['title']}: {md(head['title'])}", "",
           f"- **{t['region']}:** {md(head['region'])}",
           f"- **{t['solutions']}:** {md(head['solutions'])}"]
    if head["file"]:
        out.append(f"- **{t['file']}:** {md_code(head['file'])}")
    out += ["", f"**{t['verdict']}:** {md(head['verdict'])} ({md(head['counts'])})", "",
            f"## {t['findings']}", ""]
    for section, findings in _groups(result.get("findings") or []):
        out += [f"### {md(section or t['other'])}", ""]
        if not findings:
            out += [t["none"], ""]
            continue
        out.append(f"| {t['severity']} | {t['finding']} | {t['where']} | {t['seed']} |")
        out.append("|---|---|---|---|")
        for f in findings:
            seed = (f"«{md(f['seed'])}» ({md(f.get('seed_section') or '')})"
                    if f.get("seed") else "—")
            out.append(f"| {t[f['severity']]} | {md(_message(f, lang))} "
                       f"{md_code(f['code'])} | {md_code(f.get('where') or '')} | {seed} |")
        out.append("")
    totals = result.get("totals") or {}
    out += [f"## {t['figures']}", "", f"| {t['figure']} | {t['value']} |", "|---|---:|"]
    out += [f"| {md(label)} | {md(value)} |" for label, value in _figure_rows(totals, lang)]
    levels = _level_rows(totals, lang)
    if levels:
        out += ["", f"### {t['levels']}", "",
                f"| {t['level']} | {t['students']} | {t['top_up']} | {t['contribution']} "
                f"| {t['demand']} |", "|---|---:|---:|---:|---:|"]
        out += [f"| {' | '.join(md(cell) for cell in row)} |" for row in levels]
    solutions = _solution_rows(totals, lang)
    if solutions:
        out += ["", f"### {t['per_solution']}", "",
                f"| {t['solution']} | {t['contribution']} | {t['rijk']} | {t['total']} |",
                "|---|---:|---:|---:|"]
        out += [f"| {' | '.join(md(cell) for cell in row)} |" for row in solutions]
    out += ["", f"*{md(t['generated'])}*", ""]
    return "\n".join(out)


# --- HTML ------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:70rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #ddd}h3{margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}
.verdict{padding:.75rem 1rem;border-radius:.3rem;font-weight:600}
.verdict.ok{background:#e3f4e6;border:1px solid #5a9e68}
.verdict.bad{background:#fbe4e4;border:1px solid #c24a4a}
.sev{font-weight:600;white-space:nowrap}.sev.error{color:#a51d1d}.sev.warning{color:#8a5a00}
.sev.info{color:#245f9e}code{font-size:.9em;background:#f4f4f4;padding:0 .2em}
blockquote{margin:0;font-style:italic}.src{color:#555;font-size:.9em;font-style:normal}
footer{margin-top:2rem;color:#666;font-size:.9em}
"""


def _e(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _html(result: dict, lang: str) -> str:
    t = LABELS[lang]
    head = _header(result, lang)
    ok = bool(result.get("coherent"))
    out = ["<!DOCTYPE html>", f'<html lang="{_e(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(t['title'])}: {_e(head['title'])}</title>",
           f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{_e(t['title'])}: {_e(head['title'])}</h1>",
           "<dl>", f"<dt>{_e(t['region'])}</dt><dd>{_e(head['region'])}</dd>",
           f"<dt>{_e(t['solutions'])}</dt><dd>{_e(head['solutions'])}</dd>"]
    if head["file"]:
        out.append(f"<dt>{_e(t['file'])}</dt><dd><code>{_e(head['file'])}</code></dd>")
    out += ["</dl>",
            f'<p class="verdict {"ok" if ok else "bad"}">{_e(t["verdict"])}: '
            f'{_e(head["verdict"])} ({_e(head["counts"])})</p>',
            f"<h2>{_e(t['findings'])}</h2>"]
    for section, findings in _groups(result.get("findings") or []):
        out.append(f"<h3>{_e(section or t['other'])}</h3>")
        if not findings:
            out.append(f"<p>{_e(t['none'])}</p>")
            continue
        out += ["<table>", f"<thead><tr><th>{_e(t['severity'])}</th><th>{_e(t['finding'])}"
                           f"</th><th>{_e(t['where'])}</th><th>{_e(t['seed'])}</th></tr>"
                           "</thead>", "<tbody>"]
        for f in findings:
            severity = f["severity"] if f.get("severity") in SEVERITY_ORDER else "info"
            seed = (f"<blockquote>«{_e(f['seed'])}»</blockquote>"
                    f"<span class=\"src\">{_e(f.get('seed_section'))}</span>"
                    if f.get("seed") else "—")
            out.append(f'<tr><td class="sev {severity}">{_e(t[severity])}</td>'
                       f"<td>{_e(_message(f, lang))}<br><code>{_e(f.get('code'))}</code></td>"
                       f"<td><code>{_e(f.get('where') or '—')}</code></td><td>{seed}</td></tr>")
        out += ["</tbody>", "</table>"]
    totals = result.get("totals") or {}
    out += [f"<h2>{_e(t['figures'])}</h2>", "<table>",
            f"<thead><tr><th>{_e(t['figure'])}</th><th>{_e(t['value'])}</th></tr></thead>",
            "<tbody>"]
    out += [f'<tr><td>{_e(label)}</td><td class="num">{_e(value)}</td></tr>'
            for label, value in _figure_rows(totals, lang)]
    out += ["</tbody>", "</table>"]
    levels = _level_rows(totals, lang)
    if levels:
        out += [f"<h3>{_e(t['levels'])}</h3>", "<table>",
                "<thead><tr>" + "".join(f"<th>{_e(t[k])}</th>" for k in
                                        ("level", "students", "top_up", "contribution",
                                         "demand")) + "</tr></thead>", "<tbody>"]
        out += ["<tr><td>" + _e(row[0]) + "</td>" + "".join(
            f'<td class="num">{_e(cell)}</td>' for cell in row[1:]) + "</tr>"
            for row in levels]
        out += ["</tbody>", "</table>"]
    solutions = _solution_rows(totals, lang)
    if solutions:
        out += [f"<h3>{_e(t['per_solution'])}</h3>", "<table>",
                "<thead><tr>" + "".join(f"<th>{_e(t[k])}</th>" for k in
                                        ("solution", "contribution", "rijk", "total"))
                + "</tr></thead>", "<tbody>"]
        out += ["<tr><td>" + _e(row[0]) + "</td>" + "".join(
            f'<td class="num">{_e(cell)}</td>' for cell in row[1:]) + "</tr>"
            for row in solutions]
        out += ["</tbody>", "</table>"]
    out += [f"<footer>{_e(t['generated'])}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def render(result: dict, fmt: str, lang: str = "nl") -> str:
    """The check result as `text`, `markdown` or `html` (Dutch by default, or `en`)."""
    lang = lang if lang in LABELS else "nl"
    renderers = {"text": _text, "markdown": _markdown, "md": _markdown, "html": _html}
    if fmt not in renderers:
        raise InputError(f"unknown report format {fmt!r}; use text, markdown or html",
                         field="format")
    return renderers[fmt](result, lang)
