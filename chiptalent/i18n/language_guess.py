"""Which language a stretch of text is in, where the data does not say (a plan's title,
a region fact's source title, a publisher's name, a search snippet).

Pages and reports are in one language; text in the other must carry its `lang`
attribute (WCAG 3.1.2). This counts common function words of Dutch and English — a
cheap, deterministic guess that is right for any sentence and for most titles — and
falls back to the caller's default when the text gives no sign (a bare name).
"""

from __future__ import annotations

import re
from functools import lru_cache

DUTCH = frozenset("""de het een van en voor met niet zijn wordt worden naar bij ook geen
deze dit die welke hoe uit aan op wat wie waar als maar nog door over tot om te is er
zich heeft hebben kan kunnen meer dan veel onderwijs steeds""".split())
ENGLISH = frozenset("""the and with which this from for are not by these how what where
who than that of to into on is be been has have can more many was were its their
education""".split())
_WORD = re.compile(r"[a-zà-ÿ]+")


def guess_language(text: str, default: str) -> str:
    """'nl' or 'en' for `text` by its function words; `default` when it cannot tell."""
    return _guess(str(text or ""), default)


# A search page asks for the language of every title and snippet on it (some forty
# texts), mostly the same titles from one page to the next.
@lru_cache(maxsize=8192)
def _guess(text: str, default: str) -> str:
    words = _WORD.findall(text.lower())
    dutch = sum(w in DUTCH for w in words)
    english = sum(w in ENGLISH for w in words)
    if dutch > english:
        return "nl"
    if english > dutch:
        return "en"
    return default
