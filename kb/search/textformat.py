"""The human-readable form of a search result (`chiptalent search` without --json),
in Dutch or English."""

from __future__ import annotations

import html
import re
import textwrap

from chiptalent.i18n import format_number, has_text, text

_TAG = re.compile(r"<b class=\"match\">(.*?)</b>", re.S)


def _plain(snippet: str) -> str:
    """A snippet for a terminal: highlights as *word*, entities unescaped."""
    return html.unescape(_TAG.sub(r"*\1*", snippet))


def format_text(result: dict, lang: str = "nl") -> str:
    """The result for a terminal in `lang` (words from the string registry, numbers in
    the language's style); the relevance score stays in the JSON."""
    def say(key, **values):
        return text("search_text." + key, lang, **values)

    lines = [say("count", n=result.get("total", 0), query=result.get("query", ""))]
    if result.get("expanded"):
        lines.append("  " + say("expanded") + ": " + ", ".join(result["expanded"]))
    if result.get("suggestion"):
        lines.append("  " + say("suggestion", suggestion=result["suggestion"]))
    offset = (result.get("page", 1) - 1) * result.get("limit", 10)
    for n, hit in enumerate(result.get("hits", []), offset + 1):
        lines.append("")
        who = f" — {hit['publisher']}" if hit.get("publisher") else ""
        lines.append(f"{n:>3}. {hit['title']}{who}")
        kind = "kind." + str(hit["kind"])
        tags = [say(kind) if has_text("search_text." + kind) else hit["kind"], hit["id"]]
        if hit.get("building_blocks"):
            tags.append(say("blocks") + " " + ", ".join(hit["building_blocks"]))
        if hit.get("target_groups"):
            tags.append(", ".join(hit["target_groups"]))
        if hit.get("strength"):
            tags.append(hit["strength"])
        lines.append("     [" + " · ".join(tags) + "]")
        if hit.get("url"):
            lines.append(f"     {hit['url']}")
        if hit.get("snippet"):
            lines.extend(textwrap.wrap(_plain(hit["snippet"]), width=88,
                                       initial_indent="     ", subsequent_indent="     "))
    facets = {k: v for k, v in (result.get("facets") or {}).items() if v}
    if facets:
        lines.append("")
        for name, counts in facets.items():
            shown = ", ".join(f"{value} ({format_number(count, lang)})"
                              for value, count in list(counts.items())[:8])
            facet = "facet." + name
            lines.append(f"  {say(facet) if has_text('search_text.' + facet) else name}: {shown}")
    return "\n".join(lines)
