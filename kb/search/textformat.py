"""The human-readable form of a search result (`chiptalent search` without --json)."""

from __future__ import annotations

import html
import re
import textwrap

_TAG = re.compile(r"<b class=\"match\">(.*?)</b>", re.S)


def _plain(snippet: str) -> str:
    """A snippet for a terminal: highlights as *word*, entities unescaped."""
    return html.unescape(_TAG.sub(r"*\1*", snippet))


def format_text(result: dict) -> str:
    lines = []
    total = result.get("total", 0)
    query = result.get("query", "")
    lines.append(f'{total} result{"" if total == 1 else "s"} for "{query}"')
    if result.get("expanded"):
        lines.append("  also searched: " + ", ".join(result["expanded"]))
    if result.get("suggestion"):
        lines.append(f'  did you mean: "{result["suggestion"]}"?')
    offset = (result.get("page", 1) - 1) * result.get("limit", 10)
    for n, hit in enumerate(result.get("hits", []), offset + 1):
        lines.append("")
        who = f" — {hit['publisher']}" if hit.get("publisher") else ""
        lines.append(f"{n:>3}. {hit['title']}{who}")
        tags = [hit["kind"], hit["id"]]
        if hit.get("building_blocks"):
            tags.append("block " + ", ".join(hit["building_blocks"]))
        if hit.get("target_groups"):
            tags.append(", ".join(hit["target_groups"]))
        if hit.get("strength"):
            tags.append(hit["strength"])
        lines.append("     [" + " · ".join(tags) + f"]  score {hit['score']:.2f}")
        if hit.get("url"):
            lines.append(f"     {hit['url']}")
        if hit.get("snippet"):
            lines.extend(textwrap.wrap(_plain(hit["snippet"]), width=88,
                                       initial_indent="     ", subsequent_indent="     "))
    facets = {k: v for k, v in (result.get("facets") or {}).items() if v}
    if facets:
        lines.append("")
        for name, counts in facets.items():
            shown = ", ".join(f"{value} ({count})" for value, count in list(counts.items())[:8])
            lines.append(f"  {name}: {shown}")
    return "\n".join(lines)
