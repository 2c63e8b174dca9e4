"""The words of a draft plan and its placeholders, from the string registry.

A placeholder is `<in te vullen: what>` in both languages: the marker is what the
checker looks for (`plan.placeholder`, spec/forecast.md), the hint after it is in the
draft's language. Everything else the draft writes (titles, KPIs, prompts) is a key of
chiptalent/i18n under `draft.`.
"""

from __future__ import annotations

from chiptalent.i18n import text


def placeholder(key: str, lang: str, **values) -> str:
    """`<in te vullen: ...>` with the hint of `draft.fill.<key>`."""
    return text("draft.placeholder", lang, what=text(f"draft.fill.{key}", lang, **values))


def solution_title(mechanism: str, lang: str) -> str:
    return text(f"draft.solution.{mechanism}", lang)


def kpis(mechanism: str, levels: list[str], lang: str) -> list[str]:
    """The KPIs a solution of this mechanism is monitored with (Bijlage 1, §2)."""
    shown = "/".join(levels) if levels else "mbo/hbo/wo"
    return [k.strip() for k in text(f"draft.kpis.{mechanism}", lang, levels=shown).split(";")
            if k.strip()]


def title(region_label: str, lang: str) -> str:
    return text("draft.title", lang, region=region_label)
