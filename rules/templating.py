"""The one Jinja renderer of the reports and the charts, for the command line and the
web app alike.

Reports are templates of the rules package (rules/templates/: the check report as text,
Markdown and HTML, the advice report as text), shipped as package data; the web app's
SVG charts are templates of the web package (webapp/templates/charts/). Both render
here, outside any Flask request, so `chiptalent check --format html` and the download
on /check are the same file. The web pages include the same fragments
(rules/templates/check/findings.html, figures.html) through Flask's own loader.

Escaping follows the output: HTML and SVG templates autoescape every value; text and
Markdown templates escape nothing themselves (Markdown escapes plan text with the `md`
and `md_code` filters defined here). Undefined names are errors.

Each template gets `t(key, **values)`, the UI string registry (chiptalent.i18n) in the
report's language, and `lang`.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from chiptalent import i18n
from chiptalent.errors import InputError

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md(text) -> str:
    """Plan text as literal Markdown: no markup, links, raw HTML or table breaks."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(text) -> str:
    """A code span that plan text cannot break out of, even in a lax renderer.

    Code spans show their content literally, so entities would show as `&lt;`; the
    few characters that could end the span, split a table cell or open raw HTML in a
    renderer that ignores code spans are replaced by look-alikes instead.
    """
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = text.translate(str.maketrans({"`": "'", "|": "¦", "<": "‹", ">": "›"}))
    return f"`{text}`" if text else "—"


def wrap(text, indent: str = "", width: int = 92) -> str:
    """A long line of a text report folded at `width`, every line with `indent`."""
    return textwrap.fill(str(text), width=width, initial_indent=indent,
                         subsequent_indent=indent)


FILTERS = {"md": md, "md_code": md_code, "wrap": wrap}


@lru_cache(maxsize=None)
def environment(package: str) -> Environment:
    """The Jinja environment of one package's `templates/` folder (made once)."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"),
                                     default_for_string=False, default=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=StrictUndefined, extensions=["jinja2.ext.do"])
    env.filters.update(FILTERS)
    return env


def render(name: str, *, package: str = "chiptalent.rules", lang: str = i18n.DEFAULT,
           **context) -> str:
    """Render template `name` of `package` in language `lang`."""
    lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT

    def t(key: str, **values) -> str:
        return i18n.text(key, lang, **values)

    return environment(package).get_template(name).render(t=t, lang=lang, **context)


REPORT_FORMATS = ("text", "markdown", "html")
# Plan text may hold terminal control sequences; a text report prints none of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_report(folder: str, fmt: str, lang: str, report: dict) -> str:
    """A report of `folder` (rules/templates/<folder>/report.txt|md|html) as `text`,
    `markdown` (or `md`) or `html`; a bad format is an input error naming `format`."""
    ext = {"text": "txt", "markdown": "md", "md": "md", "html": "html"}.get(fmt)
    if ext is None:
        raise InputError(f"unknown report format {fmt!r}; use text, markdown or html",
                         field="format")
    out = render(f"{folder}/report.{ext}", lang=lang, report=report)
    return _CONTROL.sub("", out) if fmt == "text" else out
