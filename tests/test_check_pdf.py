"""The check report as a PDF (rules/check_pdf.py): a real PDF with DejaVu Sans embedded,
in the report's language, the verdict first; a clear message when the fonts are
missing (issue 19.5)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from chiptalent.rules.check_pdf import FontsMissing, render_pdf
from chiptalent.rules.check_report import report_content
from chiptalent.rules.checker import check_plan_file

PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"


@pytest.fixture(scope="module")
def flawed(kb):
    return check_plan_file(PLANS / "flawed-consortium-missing-party.yaml", kb=kb)


def _streams(pdf: bytes) -> list[bytes]:
    """Every content stream of the PDF, inflated."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_pdf_with_its_font_embedded_in_the_reports_language(flawed, lang):
    pdf = render_pdf(report_content(flawed, lang), lang)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert f"/Lang ({lang})".encode() in pdf
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf       # embedded, not referenced
    assert b"/ToUnicode" in pdf                                # text can be copied/read
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 2      # findings and figures
    # the words are in the font's glyphs (hex strings); the ToUnicode map names them
    cmaps = b"".join(s for s in _streams(pdf) if b"beginbfchar" in s or b"beginbfrange" in s)
    assert cmaps, "no ToUnicode map"


def test_missing_fonts_are_named(flawed, monkeypatch, tmp_path):
    import chiptalent.rules.check_pdf as check_pdf

    monkeypatch.setattr(check_pdf, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("CHIPTALENT_PDF_FONTS", raising=False)
    with pytest.raises(FontsMissing, match="fonts-dejavu-core"):
        render_pdf(report_content(flawed, "nl"), "nl")
