"""The advice to take away: the profile as YAML and the result as Markdown.

`profile_yaml` writes the completed profile in the format of spec/profile.md — every
value the advice used, explicit, with a comment saying where a default came from —
so `chiptalent recommend profile.yaml` (or pasting it back into the form) gives the
same advice even after the region's defaults change. `markdown` renders the page's
view (advice_view.result_view) as a report. Text from the knowledge base and from the
visitor (a free `name`) is escaped: YAML scalars by the YAML dumper, Markdown with the
plan reports' escaper (no markup, links or raw HTML can come through).
"""

from __future__ import annotations

import json
import re

from chiptalent.kb.model import LEVELS
from chiptalent.rules.templating import md, md_code
from chiptalent.webapp.i18n import t


_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")
_UNSAFE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff]")


def _scalar(value) -> str:
    """One YAML scalar on one line: ids plain, any other text double-quoted.

    A JSON string is a YAML double-quoted scalar; the characters YAML would read as a
    line break or refuse (U+2028, C1 controls) are escaped as well, so a free-text name
    can never end the line or start a key of its own.
    """
    if isinstance(value, str) and _PLAIN.fullmatch(value) and \
            value not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n"):
        return value
    if not isinstance(value, str):
        return json.dumps(value)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _comment(text: str) -> str:
    return " ".join(_UNSAFE.sub(" ", str(text)).split())


def profile_yaml(document: dict, kb) -> str:
    """The completed profile of a recommend document, as commented YAML."""
    profile = document.get("profile") or {}
    filled = profile.get("filled_in") or {}
    unknown = set(profile.get("unknown") or [])
    lines = ["# Regioprofiel voor chiptalent (spec/profile.md) / region profile.",
             "# Elke waarde staat er expliciet; '# standaard:' zegt waar een waarde uit de",
             "# kennisbank vandaan komt. Use: chiptalent recommend profile.yaml"]
    if profile.get("region"):
        lines.append(f"region: {_scalar(profile['region'])}")
    if profile.get("name"):
        lines.append(f"name: {_scalar(profile['name'])}")
    demand = profile.get("demand") or {}
    if demand:
        lines.append("demand:")
        for level in LEVELS:
            if level in demand:
                note = filled.get(f"demand.{level}")
                lines.append(f"  {level}: {int(demand[level])}"
                             + (f"  # standaard: {_comment(note)}" if note else ""))
    context = profile.get("context") or {}
    signals = list(kb.vocabulary("signal"))
    if signals:
        lines.append("context:")
        for signal in signals:
            if signal in context and context[signal] is not None:
                note = filled.get(f"context.{signal}")
                lines.append(f"  {signal}: {_scalar(context[signal])}"
                             + (f"  # standaard: {_comment(note)}" if note else ""))
            elif f"context.{signal}" in unknown:
                lines.append(f"  {signal}: null  # onbekend / unknown")
    for key in ("existing_programmes", "focus_levels", "exclude_interventions"):
        values = profile.get(key) or []
        lines.append(f"{key}: [{', '.join(_scalar(v) for v in values)}]")
    return "\n".join(lines) + "\n"


# --- Markdown ------------------------------------------------------------------------

def _row(*cells) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(view: dict, form: dict, document: dict) -> str:
    out = [f"# {md(t('advice.title', name=view['name'] or '—'))}", ""]
    # the profile, with the source of every default
    out += [f"## {md(t('advice.profile'))}", "",
            _row(md(t("advice.field")), md(t("advice.value")), md(t("advice.source"))),
            "|---|---|---|"]
    profile = document.get("profile") or {}
    filled = profile.get("filled_in") or {}
    for d in form["demand"]:
        value = (profile.get("demand") or {}).get(d["level"])
        out.append(_row(md(f"{t('demand')}: {d['label']}"), md(value if value is not None
                                                               else t("unknown")),
                        md(filled.get(f"demand.{d['level']}") or t(f"profile.state.{d['state']}"))))
    for s in form["signals"]:
        value = (profile.get("context") or {}).get(s["id"])
        source = filled.get(f"context.{s['id']}") or t(f"profile.state.{s['state']}")
        out.append(_row(md(s["label"]), md(_signal(value)), md(source)))
    for key, label in (("existing_programmes", t("profile.programmes")),
                       ("focus_levels", t("profile.focus")),
                       ("exclude_interventions", t("profile.exclude"))):
        values = profile.get(key) or []
        out.append(_row(md(label), ", ".join(md_code(v) for v in values) or "—", ""))
    out.append("")
    if not view["arrangements"]:
        out += [md(t("advice.none")), ""]
    if view["chart"]:
        chart = view["chart"]
        out += [f"## {md(chart['title'])}", "",
                _row(md(t("facet.level")), md(t("demand.by_level")),
                     *[md(c) for c in chart["columns"]]),
                "|---|---:|" + "---:|" * len(chart["columns"])]
        for row in chart["rows"]:
            demand = "—" if row.demand is None else f"{row.demand}" + (
                f" ({t('basis.derived')})" if row.derived else "")
            out.append(_row(md(row.label), md(demand),
                            *[str(c) if c else md(t("advice.not_served")) for c in row.counts]))
        out.append("")
    if view["compare"]:
        out += [f"## {md(t('advice.compare'))}", "",
                _row("", *[md(a["name"]) for a in view["arrangements"]]),
                "|---|" + "---|" * len(view["arrangements"])]
        for row in view["compare"]:
            cells = []
            for cell in row["cells"]:
                if row["kind"] == "interventions":
                    cells.append("<br>".join(f"{md(i['label'])} {md_code(i['id'])}"
                                             for i in cell) or "—")
                else:
                    cells.append(md(", ".join(cell)) or "—")
            out.append(_row(md(row["label"]), *cells))
        out.append("")
    for a in view["arrangements"]:
        out += [f"## {md(a['title'])}", "", f"{md(t('advice.score'))}: {a['score']}", "",
                f"### {md(t('advice.interventions'))}", ""]
        for i in a["interventions"]:
            out.append(f"- **{md(i['label'])}** {md_code(i['id'])} "
                       f"({md(t('block'))} {md(i['block'])})")
            for b in i["because"]:
                facts = ", ".join(md_code(f) for f in b["facts"]) or md(t("advice.builtin"))
                out.append(f"  - {md(t('advice.why'))}: {md(b['text'])} "
                           f"({md(t('advice.rule'))} {md_code(b['rule'] or '')}; {facts})")
        if a["preconditions"]:
            out += ["", f"### {md(t('advice.preconditions'))}", ""]
            for p in a["preconditions"]:
                extra = ""
                if p["providers"]:
                    extra = f"; {md(t('advice.provided_by'))}: " + ", ".join(
                        md(x["label"]) for x in p["providers"])
                out.append(f"- **{md(p['label'])}** {md_code(p['id'])}: {md(p['because'])}{extra}")
        out += ["", f"### {md(t('advice.effects'))}", ""]
        for e in a["effects"]:
            out.append(f"- **{md(e['block']['id'])} {md(e['block']['label'])}**: "
                       f"«{md(e['text'])}»" + (f" ({md('; '.join(e['effects']))})"
                                               if e["effects"] else ""))
        if a["uncovered"]:
            out += ["", f"### {md(t('advice.uncovered'))}", ""]
            out += [f"- {md(u['kind'])}: {md(', '.join(u['items']))}" for u in a["uncovered"]]
        gap = a["gapmap"]
        out += ["", f"### {md(t('advice.gapmap'))}", "", md(gap["caption"]), "",
                _row("", *[md(g["name"]) for g in gap["target_groups"]]),
                "|---|" + "---:|" * len(gap["target_groups"])]
        for row in gap["rows"]:
            out.append(_row(md(f"{row['building_block']['id']} {row['building_block']['label']}"),
                            *[f"{c['interventions']} / {c['evidence']}" + (" !" if c["gap"] else "")
                              for c in row["cells"]]))
        out.append("")
    ex = view["explain"]
    if ex:
        out += [f"## {md(t('advice.explain'))} {md(ex['label'])} {md_code(ex['id'])}", "",
                md(t("advice.explain.yes", where=ex["where"]) if ex["recommended"]
                   else t("advice.explain.no")), ""]
        for b in ex["because"]:
            out.append(f"- + {md_code(b['rule'] or '')}: {md(b['text'])}")
        for w in ex["why_not"]:
            failed = "; ".join(w["failed"])
            out.append(f"- − {md_code(w['rule'] or '')}: {md(w['text'])}"
                       + (f" ({md(t('advice.explain.failed'))}: {md(failed)})" if failed else ""))
        out.append("")
    if view["considered"]:
        out += [f"## {md(t('advice.not'))}", ""]
        out += [f"- {md(c['label'])} {md_code(c['id'])}: {md(c['why'])}" for c in view["considered"]]
        out.append("")
    out += [f"*{md(t('advice.generated'))}*", ""]
    return "\n".join(out)


def _signal(value) -> str:
    if value in ("low", "medium", "high"):
        return t(f"signal.{value}")
    return t("unknown")
