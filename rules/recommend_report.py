"""The readable text report of a recommendation (`chiptalent recommend` without --json).

The layout is the template rules/templates/advice/report.txt (rendered by
rules/templating.py, its words from the string registry); this module picks what the
template cannot: the weak or doubtful profile facts, and each evidence source by title
and strength.
"""

from __future__ import annotations

from chiptalent.kb.present import evidence_text
from chiptalent.rules.templating import render


def _source_text(source) -> str:
    """An evidence source by title (year; strength); a bare id when only that is known."""
    return evidence_text(source if isinstance(source, dict) else {"title": source})


def render_text(result: dict, kb=None, lang: str = "nl") -> str:
    profile = result["profile"]
    weak = {name: note for name, note in (profile.get("quality") or {}).items()
            if note.get("weight", 1) < 1 or note.get("quality") == "doubtful"}
    from chiptalent.rules.optimise.report import arrangement_summary, quantities_text
    text = render("advice/report.txt", lang=lang, result=result, profile=profile, weak=weak,
                  source_text=_source_text, optimal_summary=arrangement_summary,
                  quantities_text=quantities_text)
    return text.rstrip() + "\n"
