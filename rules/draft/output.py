"""A draft plan as YAML text (the default of `chiptalent plan draft` and the editor's
download): the plan in spec/plan.md's order, small per-level mappings on one line, and a
header of comments that says where the draft comes from (arrangement, budget and its
source, the money asked) and how to finish it. Only safe YAML: plain mappings, lists,
text and numbers, no tags or aliases, so `read_document` reads it back unchanged.
"""

from __future__ import annotations

import yaml

from chiptalent.i18n import format_money, text

WIDTH = 88


class _Dumper(yaml.SafeDumper):
    """Safe YAML with no aliases and short mappings of numbers in flow style."""

    def ignore_aliases(self, data):
        return True


def _mapping(dumper: yaml.SafeDumper, data: dict):
    flow = bool(data) and len(data) <= 4 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(dict, _mapping)


def plan_yaml(plan: dict) -> str:
    """The plan alone as YAML."""
    return yaml.dump(plan, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=WIDTH, default_flow_style=False)


def header(about: dict, lang: str = "nl") -> list[str]:
    """The comment lines above a draft: where it comes from, what to do next."""
    arrangement = about["arrangement"]
    lines = [text("draft.header.from", lang, title=arrangement["title"],
                  id=arrangement["id"])]
    if about.get("budget") is not None:
        source = about.get("budget_source")
        if source:
            s = source["source"]
            lines.append(text("draft.header.budget_source", lang,
                              amount=format_money(about["budget"], lang, 0),
                              label=source["label"] if lang == "nl" else source["label_en"],
                              publisher=s.get("publisher", ""), year=s.get("year", ""),
                              url=s.get("url", "")))
        else:
            lines.append(text("draft.header.budget", lang,
                              amount=format_money(about["budget"], lang, 0)))
    lines.append(text("draft.header.requested", lang,
                      requested=format_money(about["requested"], lang, 0),
                      cofinancing=format_money(about["cofinancing"], lang, 0)))
    if about.get("left_out"):
        lines.append(text("draft.header.left_out", lang, ids=", ".join(about["left_out"])))
    if about.get("no_reach"):
        lines.append(text("draft.header.no_reach", lang, ids=", ".join(about["no_reach"])))
    lines.append(text("draft.header.fill", lang))
    return lines


def draft_yaml(draft: dict, lang: str = "nl") -> str:
    """The draft with its header of comments."""
    comments = "".join(f"# {line}\n" for line in header(draft["about"], lang))
    return comments + plan_yaml(draft["plan"])
