"""What curators read instead of codes (issue 19.10): field values by their labels,
a change as "+ added / − removed", and times in Amsterdam.

The evidence files store ids (`target_groups: [youth]`, `strength: indicative`,
`language: nl`); the curation pages show each by its label in the page's language
(`value_labels`). A change of a list field is what was added and what was removed,
not two whole lists; a change of a single value is the old one removed and the new
one added (`change_parts`). The change log writes UTC (ISO 8601); the pages show the
time in Europe/Amsterdam (CET/CEST, zoneinfo) with the date in the page's language
(babel), as a curator in the Netherlands reads a clock (`amsterdam_time`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from chiptalent.i18n.numbers import LOCALES
from chiptalent.i18n import has_text
from chiptalent.webapp.i18n import lang, pick, t

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_VALUE = 400

# field -> vocabulary scheme whose labels name its values
SCHEMES = {"target_groups": "target_group", "levels": "level",
           "strength": "evidence_strength", "type": "evidence_type"}


def _one_label(kb, key: str, value) -> str:
    text = str(value)
    scheme = SCHEMES.get(key)
    if kb is not None and scheme:
        concept = kb.vocabulary(scheme).get(text)
        return pick(concept) if concept is not None else text
    if kb is not None and key == "building_blocks":
        block = kb.building_blocks.get(text)
        return f"{text} · {pick(block)}" if block is not None else text
    if kb is not None and key == "interventions":
        item = kb.interventions.get(text)
        return pick(item) if item is not None else text
    if key in ("language", "status") and has_text(f"{key}.{text}"):
        return t(f"{key}.{text}")
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


def value_labels(kb, key: str, value) -> list[str]:
    """A stored value as the labels a reader knows ([] for nothing)."""
    if value is None or value == "" or value == []:
        return []
    values = value if isinstance(value, (list, tuple)) else [value]
    return [_one_label(kb, key, v) for v in values]


def value_text(kb, key: str, value) -> str:
    """`value_labels` joined, a dash for nothing."""
    return ", ".join(value_labels(kb, key, value)) or "—"


def labelled(key: str, value) -> str:
    """`value_text` with the app's knowledge base (a template global)."""
    from chiptalent.webapp.data import get_kb
    return value_text(get_kb(), key, value)


def change_parts(kb, key: str, old, new) -> dict:
    """{"added": [...], "removed": [...]}: for a list the items that came and went (in
    their order), for a single value the new one and the old one."""
    if isinstance(old, (list, tuple)) or isinstance(new, (list, tuple)):
        before = list(old or []) if isinstance(old, (list, tuple)) else [old] if old else []
        after = list(new or []) if isinstance(new, (list, tuple)) else [new] if new else []
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        return {"added": value_labels(kb, key, added), "removed": value_labels(kb, key, removed)}
    return {"added": value_labels(kb, key, new), "removed": value_labels(kb, key, old)}


def amsterdam_time(at: str | None) -> str:
    """An ISO 8601 time of the log as the date and time in Amsterdam, in the page's
    language ("28 nov 2026 10:14"); the text itself when it is not a time."""
    if not at:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(str(at))
    except ValueError:
        return str(at)
    if moment.tzinfo is None:             # the log writes UTC; an old line may lack it
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone(AMSTERDAM)
    return format_datetime(local, "d MMM y HH:mm", locale=LOCALES.get(lang(), lang()))
