"""Numbers, money and shares in the reader's language, by babel (CLDR's rules).

The one formatter of the project: the reports, the pages, the charts and the checker's
messages all call these three, so a figure reads the same everywhere — Dutch
`1.234.567,9` and `€ 1.234.567`, English `1,234,567.9` and `€1,234,567`. A missing
value (None) is an en dash, in every format.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent

# The CLDR locale of each UI language.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "–"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["nl"])


def _plain(value):
    # babel takes int, float and Decimal; the checker's exact sums are Fractions.
    return float(value) if isinstance(value, Fraction) else value


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def format_number(value, lang: str = "nl", decimals: int | None = None) -> str:
    """A number with the language's grouping and decimal mark. Without `decimals`,
    whole numbers get none and others two (`38.115`, `0,33`)."""
    if value is None:
        return MISSING
    value = _plain(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    try:
        return _decimal(value, decimals, _locale(lang))
    except TypeError:            # unhashable: babel says what it makes of it
        return format_decimal(value, format=_pattern(decimals), locale=_locale(lang))


# A page formats the same few figures (counts, years) over and over, and babel spends
# some 50 µs on each; typed, so 1, 1.0 and Decimal("1") are kept apart.
@lru_cache(maxsize=8192, typed=True)
def _decimal(value, decimals: int, locale: str) -> str:
    return format_decimal(value, format=_pattern(decimals), locale=locale)


def format_money(value, lang: str = "nl", decimals: int = 0) -> str:
    """An amount in euros in the language's currency pattern (`€ 8.000.000`)."""
    if value is None:
        return MISSING
    text = format_currency(_plain(value), "EUR", format=_currency_pattern(lang, decimals),
                           locale=_locale(lang), currency_digits=False)
    # CLDR puts a no-break space after the sign; the reports are plain text and
    # Markdown too, where a reader (or a search) expects the ordinary one.
    return text.replace("\u00a0", " ")


@lru_cache(maxsize=None)
def _currency_pattern(lang: str, decimals: int) -> str:
    """The locale's own currency pattern (where the sign goes, the space) with
    `decimals` fraction digits instead of the currency's two."""
    pattern = Locale.parse(_locale(lang)).currency_formats["standard"].pattern
    return pattern.replace("#,##0.00", _pattern(decimals))


def format_percent(share, lang: str = "nl", decimals: int = 0) -> str:
    """A share (0..1) as a percentage (`33,3%` with one decimal)."""
    if share is None:
        return MISSING
    try:
        share = float(share)
    except (TypeError, ValueError):
        return str(share)
    return babel_percent(share, format=_pattern(decimals) + "%", locale=_locale(lang))
