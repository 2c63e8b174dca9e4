"""The readable text report of a recommendation (`chiptalent recommend` without --json).

The layout is the template rules/templates/advice/report.txt (rendered by
rules/templating.py, its words from the string registry); this module picks what the
template cannot: the weak or doubtful profile facts, and each evidence source by title
and strength.

Plain language (issue 19): the report says why in sentences — each rule's rationale in
the report's language — never a rule id or a fact path (`context.youth_decline=high`);
a fact is named by its label in the knowledge base ("Demografische krimp van het aantal
jongeren"). In English the knowledge base's English labels are used wherever it has
them; quotes of the call stay Dutch, between « ».
"""

from __future__ import annotations

import re

from chiptalent.i18n import format_number, text
from chiptalent.kb.present import evidence_text
from chiptalent.rules.templating import render

FACT_PATH = re.compile(r"\b(?:context|demand)\.[a-z_]+")
# The engine's operators (rules/conditions.py) as they appear in a failed condition.
OPERATOR = re.compile(r"\b(?:is_not|not_in|contains|lacks|at_least|at_most|gt|ge|lt|le)\b")
# A signal's values (vocabulary signal_level), said in the report's language.
LEVEL_WORD = re.compile(r"\b(?:low|medium|high)\b")
# How the profile module names where a filled-in value came from (rules/profile.py).
DERIVED_PRO_RATA = "Bijlage 2 (derived pro rata)"
REGION_FACTS = "region facts: "


def _source_text(source, lang: str = "nl") -> str:
    """An evidence source by title (year; strength); a bare id when only that is known."""
    if not isinstance(source, dict):
        return evidence_text({"title": source})
    if lang == "en":
        source = dict(source, title=source.get("title_en") or source.get("title"),
                      strength_label=source.get("strength_label_en")
                      or source.get("strength_label"))
    return evidence_text(source)


class Words:
    """The report's words for what the recommender hands over as ids and paths."""

    def __init__(self, kb, lang: str):
        self.kb, self.lang = kb, lang

    def _pick(self, thing, attr: str = "label") -> str | None:
        if thing is None:
            return None
        english = getattr(thing, attr + "_en", None) if self.lang == "en" else None
        return english or getattr(thing, attr, None)

    def fact(self, path: str) -> str:
        """`context.youth_decline` -> the signal's label; `demand.mbo` -> 'Vraag mbo'."""
        group, _, name = str(path).partition(".")
        name = name.split("=")[0]
        if group == "demand":
            return text("advice_report.fact.demand", self.lang, level=name)
        concept = self.kb.vocabulary("signal").get(name) if self.kb else None
        return self._pick(concept) or name.replace("_", " ")

    def facts_in(self, sentence: str) -> str:
        """A condition the engine wrote (`context.x is_not low`) with each fact path
        replaced by the fact's name and each operator by words."""
        named = FACT_PATH.sub(lambda m: self.fact(m.group(0)), str(sentence))
        named = LEVEL_WORD.sub(lambda m: text("signal." + m.group(0), self.lang), named)
        return OPERATOR.sub(lambda m: text("advice_report.op." + m.group(0), self.lang), named)

    def number(self, value) -> str:
        return format_number(value, self.lang) if isinstance(value, (int, float)) else str(value)

    def source(self, where: str) -> str:
        """Where a filled-in value came from, in words."""
        if where == DERIVED_PRO_RATA:
            return text("advice_report.source.pro_rata", self.lang)
        if where.startswith(REGION_FACTS):
            return text("advice_report.source.region_facts", self.lang,
                           cited=where[len(REGION_FACTS):])
        return where

    def because(self, entry: dict, item: dict | None = None,
                arrangement: dict | None = None) -> str:
        """Why, as a sentence: the rule's rationale in the report's language; a built-in
        reason names the interventions of the arrangement that need this one."""
        rule = entry.get("rule") or ""
        if rule.startswith("builtin."):
            return self.builtin(rule[len("builtin."):], entry, item, arrangement)
        if self.lang == "en" and entry.get("text_en"):
            return entry["text_en"]
        rationale = _rationales().get(rule) or {}
        said = entry.get("text") or ""
        if self.lang == "en" and rationale.get("en") and \
                said.strip() == (rationale.get("nl") or "").strip():
            return rationale["en"]
        return said or rationale.get(self.lang) or rationale.get("nl") or ""

    def builtin(self, kind: str, entry: dict, item: dict | None,
                arrangement: dict | None) -> str:
        if kind not in BUILTIN:
            return entry.get("text") or ""
        names = ""
        if kind == "requires-closure" and item and arrangement and self.kb:
            needers = []
            for other in arrangement.get("interventions") or []:
                found = self.kb.interventions.get(other.get("id"))
                if found is None or other.get("id") == item.get("id"):
                    continue
                groups = [g for group in found.requires_any_ids for g in group]
                if item.get("id") in found.requires_ids or item.get("id") in groups:
                    needers.append(self._pick(found))
            names = ", ".join(needers)
        if kind == "requires-closure" and not names:
            return text("advice_report.builtin.needed", self.lang)
        return text("advice_report.builtin." + kind, self.lang, names=names)

    def region(self, rid: str) -> str:
        """A region by its name in the report's language."""
        found = self.kb.regions.get(rid) if self.kb else None
        return self._pick(found) or rid

    def intervention(self, item: dict) -> str:
        english = item.get("label_en") if self.lang == "en" else None
        found = self.kb.interventions.get(item.get("id")) if self.kb else None
        return english or self._pick(found) or item.get("label") or item.get("id")

    def title(self, arrangement: dict) -> str:
        """The arrangement's title, its block names in the report's language."""
        title = arrangement.get("title") or ""
        if self.lang != "en" or not self.kb:
            return title
        head, sep, blocks = title.partition(": ")
        english = {b.label: (b.label_en or b.label) for b in self.kb.building_blocks.values()}
        named = " + ".join(english.get(part, part) for part in blocks.split(" + "))
        return head + sep + named if sep else title

    def precondition(self, pre: dict) -> str:
        concept = self.kb.vocabulary("precondition").get(pre.get("id")) if self.kb else None
        label = self._pick(concept) or pre.get("label") or pre.get("id")
        if pre.get("kind") == "intervention" and self.kb:
            label = self._pick(self.kb.interventions.get(pre.get("id"))) or label
        needed = [self._pick(self.kb.interventions.get(i)) or i
                  for i in pre.get("needed_by") or []] if self.kb else []
        if needed:
            return text("advice_report.needed_for", self.lang, label=label,
                           names=", ".join(needed))
        if pre.get("flagged_by"):
            return text("advice_report.flagged", self.lang, label=label)
        return label


# The built-in reasons the recommender gives without a rule file (rules/arrangements.py).
BUILTIN = ("requires-closure", "enabling-block-5", "precondition-provider", "budget-optimal")


def _rationales() -> dict[str, dict]:
    from chiptalent.rules import load_rules
    return {rule.id: rule.rationale or {} for rule in load_rules().recommend}


def render_text(result: dict, kb=None, lang: str = "nl") -> str:
    profile = result["profile"]
    weak = {name: note for name, note in (profile.get("quality") or {}).items()
            if note.get("weight", 1) < 1 or note.get("quality") == "doubtful"}
    from chiptalent.rules.optimise.report import arrangement_summary, quantities_text
    report = render("advice/report.txt", lang=lang, result=result, profile=profile, weak=weak,
                  source_text=lambda source: _source_text(source, lang),
                  words=Words(kb, lang), optimal_summary=arrangement_summary,
                  quantities_text=quantities_text)
    return report.rstrip() + "\n"
