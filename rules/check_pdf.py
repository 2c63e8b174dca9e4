"""The check report as a PDF, rendered on the server (the `PDF` download on /check).

The same content as the other formats (`check_report.report_content`: the verdict and
its counts, the errors first, the findings by section of Bijlage 1 with the call's own
words, the figures), laid out by fpdf2, a pure-Python PDF writer. Its built-in fonts
know only Latin-1, so the report embeds DejaVu Sans (Debian's `fonts-dejavu-core`,
installed by `bin/setup`; another folder with the same files may be named in
$CHIPTALENT_PDF_FONTS): euro signs, «quotes» and dashes print as they should, and the
PDF looks the same on every reader.

Quotes of the call are Dutch on an English report too, so they are set in italics
between « » as in the other formats; the document's language is the report's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from chiptalent.errors import ChiptalentError
from chiptalent.i18n import LANGUAGES, text

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf",
              "I": "DejaVuSans-Oblique.ttf", "BI": "DejaVuSans-BoldOblique.ttf"}
# Plan text may hold control characters; a PDF prints none of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SEVERITY_COLOURS = {"error": (165, 29, 29), "warning": (138, 90, 0), "info": (36, 95, 158)}
GREY = (85, 85, 85)
BLACK = (27, 27, 27)


class FontsMissing(ChiptalentError):
    """DejaVu Sans is not installed where the PDF writer looks for it."""


def font_dir() -> Path:
    """The folder with DejaVu Sans: $CHIPTALENT_PDF_FONTS, else Debian's."""
    configured = os.environ.get("CHIPTALENT_PDF_FONTS")
    for folder in ([Path(configured)] if configured else []) + list(FONT_DIRS):
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    raise FontsMissing("the PDF report needs the DejaVu Sans fonts: install the Debian "
                       "package fonts-dejavu-core (bin/setup does), or name a folder with "
                       "DejaVuSans*.ttf in $CHIPTALENT_PDF_FONTS")


def _clean(value) -> str:
    return _CONTROL.sub("", str(value if value is not None else ""))


def render_pdf(report: dict, lang: str = "nl") -> bytes:
    """The PDF of a `report_content` document, in `lang`."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    lang = lang if lang in LANGUAGES else "nl"
    fonts = font_dir()

    def t(key: str, **values) -> str:
        return text(key, lang, **values)

    pdf = FPDF(format="A4")
    pdf.set_lang(lang)
    pdf.set_title(_clean(f"{t('check_report.title')}: {report['title']}"))
    pdf.set_creator("chiptalent")
    for style, name in FONT_FILES.items():
        pdf.add_font("DejaVu", style, str(fonts / name))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    width = pdf.epw

    def line(words: str, size: float = 10, style: str = "", colour=BLACK, gap: float = 1.5):
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, size * 0.5, _clean(words), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    line(f"{t('check_report.title')}: {report['title']}", 16, "B", gap=2)
    line(f"{t('check_report.region')}: {report['region']} · "
         f"{t('check_report.solutions')}: {report['solutions']}", 10, colour=GREY)
    # The verdict first, in a coloured box, with its counts and the errors.
    verdict_colour = (227, 244, 230) if report["coherent"] else (251, 228, 228)
    pdf.set_fill_color(*verdict_colour)
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_text_color(*BLACK)
    pdf.multi_cell(width, 7, _clean(f"{t('check_report.verdict')}: {report['verdict']}\n"
                                    f"{report['counts']}"),
                   fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=2)
    pdf.ln(2)
    if report.get("errors"):
        line(t("review.errors_first"), 11, "B", gap=1)
        for finding in report["errors"]:
            line(f"• {finding['message']}", 10, colour=SEVERITY_COLOURS["error"], gap=1)
        pdf.ln(1)
    for label, value in report.get("headline") or []:
        line(f"{label}: {value}", 10, gap=0.5)
    pdf.ln(3)

    line(t("check_report.findings"), 13, "B", gap=1)
    for group in report["groups"]:
        line(group["section"], 11, "B", gap=1)
        if not group["findings"]:
            line(t("check_report.none"), 9, "I", GREY)
            continue
        for finding in group["findings"]:
            colour = SEVERITY_COLOURS.get(finding["severity"], BLACK)
            line(finding["severity_label"].upper(), 8, "B", colour, gap=0.3)
            line(finding["message"], 10, gap=0.5)
            if finding.get("seed"):
                line(f"«{finding['seed']}» ({finding['seed_section']})", 9, "I", GREY, gap=0.5)
            trace = f"{t('check_report.code')}: {finding['code']}"
            if finding.get("where"):
                trace += f" · {t('check_report.where')}: {finding['where']}"
            line(trace, 7.5, colour=GREY, gap=2)

    line(t("check_report.figures"), 13, "B", gap=1)
    _table(pdf, [(t("check_report.figure"), t("check_report.value"))] + list(report["figures"]),
           (0.62, 0.38))
    if report.get("levels"):
        line(t("check_report.levels"), 11, "B", gap=1)
        _table(pdf, [(t("check_report.level"), t("check_report.students"),
                      t("check_report.top_up"), t("check_report.contribution"),
                      t("check_report.demand"))] + [tuple(r) for r in report["levels"]],
               (0.12, 0.2, 0.28, 0.2, 0.2))
    if report.get("per_solution"):
        line(t("check_report.per_solution"), 11, "B", gap=1)
        _table(pdf, [(t("check_report.solution"), t("check_report.contribution"),
                      t("check_report.rijk"), t("check_report.total"))]
               + [tuple(r) for r in report["per_solution"]], (0.34, 0.18, 0.24, 0.24))
    line(t("check_report.generated"), 8, colour=GREY)
    return bytes(pdf.output())


def _table(pdf, rows: list[tuple], shares: tuple[float, ...]) -> None:
    """A table whose first row is the header; numbers (all but the first column) are
    right-aligned."""
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*BLACK)
    widths = tuple(pdf.epw * share for share in shares)
    align = ("LEFT",) + ("RIGHT",) * (len(shares) - 1)
    with pdf.table(col_widths=widths, text_align=align, line_height=5,
                   headings_style=_heading_style()) as table:
        for row in rows:
            cells = table.row()
            for cell in row:
                cells.cell(_clean(cell))
    pdf.ln(3)


def _heading_style():
    from fpdf.fonts import FontFace
    return FontFace(emphasis="BOLD", fill_color=(243, 243, 243))
