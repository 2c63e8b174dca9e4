"""The `lang_of` Jinja filter: the language of a text of the data whose language the data
does not say, for its `lang` attribute (WCAG 3.1.2), by chiptalent.i18n.language_guess;
the page's own language when the text gives no sign (a bare name).

`<span lang="{{ title | lang_of }}">`.
"""

from __future__ import annotations

from chiptalent.i18n.language_guess import guess_language
from chiptalent.webapp.i18n import lang


def lang_of(text) -> str:
    """The language of `text`, the page's own when the text gives no sign."""
    return guess_language(str(text or ""), lang())
