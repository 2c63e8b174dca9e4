"""The reviewer's journey (/check) with the Flask test client: paste or upload a plan,
the verdict, the findings under the sections of Bijlage 1 with the call's words, the
figures, the Markdown and HTML reports, the blank template, field-level errors and the
body limit."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from tests.helpers.forms import form_post

from chiptalent import i18n
from chiptalent.kb.yamlio import load_document, read_document
from chiptalent.rules.check_report import SECTIONS, render
from chiptalent.rules.checker import check_plan

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
FLAWED = sorted(PLANS.glob("flawed-*.yaml"))


def expected_codes(path: Path) -> list[str]:
    line = next(x for x in path.read_text(encoding="utf-8").splitlines()
                if x.startswith("# expect:"))
    return [c.strip() for c in line.split(":", 1)[1].split(",")]


def sections(page: str) -> dict[str, list[str]]:
    """Finding codes under each section heading of the result."""
    found = {}
    for title, body in re.findall(r'<section class="plan-section" id="section-[\w-]+" '
                                  r'aria-labelledby="[^"]+">\s*<h4[^>]*>(.*?)</h4>(.*?)</section>',
                                  page, re.S):
        found[html.unescape(title)] = re.findall(r'<code class="finding-code">([a-z0-9.-]+)</code>', body)
    return found


def test_the_form_uploads_or_takes_pasted_text(client):
    page = client.get("/check").get_data(as_text=True)
    assert '<form id="plan-form" class="stacked plan-form" action="/check#verdict" method="post" ' \
           'enctype="multipart/form-data">' in page
    assert '<input id="file" name="file" type="file"' in page
    assert '<textarea id="plan" name="plan"' in page
    assert 'href="/check/template.yaml" download="plan-template.yaml"' in page
    assert "1.000.000 bytes" in page


@pytest.mark.parametrize("path", FLAWED, ids=lambda p: p.stem)
def test_a_pasted_flawed_plan_shows_its_findings(client, kb, rules, path):
    text = path.read_text(encoding="utf-8")
    response = form_post(client, "/check", data={"plan": text})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    result = check_plan(load_document(text, "plan"), kb=kb, rules=rules)
    by_section = sections(page)
    assert list(by_section)[:7] == list(SECTIONS)
    for code in expected_codes(path):
        assert any(code in codes for codes in by_section.values()), code
    # each finding sits under its own section, in the checker's order
    for section in SECTIONS:
        assert by_section[section] == [f["code"] for f in result["findings"]
                                       if f["section"] == section]
    verdict = "niet samenhangend" if not result["coherent"] else "samenhangend"
    assert verdict in re.search(r'<h2 id="verdict"[^>]*>(.*?)</h2>', page, re.S)[1]
    counts = result["counts"]
    assert i18n.text("check_report.counts", "nl", **counts) in page


def test_findings_carry_the_calls_words_and_the_figures(client, kb, rules):
    path = PLANS / "flawed-housing-not-addressed.yaml"
    text = path.read_text(encoding="utf-8")
    page = form_post(client, "/check", data={"plan": text}).get_data(as_text=True)
    result = check_plan(load_document(text, "plan"), kb=kb, rules=rules)
    housing = next(f for f in result["findings"] if f["code"] == "housing.not-addressed")
    assert f'<blockquote class="seed-words" lang="nl"><p>«{html.escape(housing["seed"])}»' \
           f'</p></blockquote>' in page
    assert html.escape(housing["message"]) in page
    assert f"<code>{housing['where']}</code>" in page
    totals = result["totals"]
    euros = f"€ {totals['requested']:,}".replace(",", ".")
    assert f'<td class="num">{euros}</td>' in page
    for solution in totals["cost_per_extra_graduate_by_solution"]:
        assert f"<code>{solution['solution']}</code>" in page
    # the plan stays in the form, and travels with the download buttons
    assert html.escape(text.splitlines()[6]) in page
    hidden = re.search(r'<input type="hidden" name="plan" value="([^"]*)">', page, re.S)[1]
    assert html.unescape(hidden) == text


def test_an_uploaded_plan_is_checked_like_a_pasted_one(client):
    path = PLANS / "flawed-cofinancing-below-third.yaml"
    data = {"file": (io.BytesIO(path.read_bytes()), path.name), "plan": ""}
    response = form_post(client, "/check", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "cofinancing.below-third" in sections(page)["7. Begroting"]
    # a file goes before pasted text
    data = {"file": (io.BytesIO(path.read_bytes()), path.name), "plan": "region: twente\n"}
    page = form_post(client, "/check", data=data, content_type="multipart/form-data") \
        .get_data(as_text=True)
    assert "cofinancing.below-third" in page


def test_english_findings(client):
    text = (PLANS / "flawed-housing-not-addressed.yaml").read_text(encoding="utf-8")
    page = form_post(client, "/check?lang=en", data={"plan": text}).get_data(as_text=True)
    assert "The plan pays no attention to the state of student housing" in page
    assert re.search(r"\b1 error, \d+ warnings?, \d+ information items?<", page)


@pytest.mark.parametrize("ext,fmt,mimetype", [("md", "markdown", "text/markdown"),
                                              ("html", "html", "text/html")])
def test_report_downloads(client, kb, rules, ext, fmt, mimetype):
    path = PLANS / "flawed-topup-non-eer.yaml"
    text = path.read_text(encoding="utf-8")
    response = form_post(client, f"/check/report.{ext}", data={"plan": text})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="plantoets-twente.{ext}"'
    result = check_plan(load_document(text, "plan"), kb=kb, rules=rules)
    body = response.get_data(as_text=True)
    assert body == render(result, fmt, "nl")
    assert "topup.non-eer" in body
    if ext == "html":
        # its own inline stylesheet may apply; nothing else may load or run
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script" not in csp
    english = form_post(client, f"/check/report.{ext}?lang=en", data={"plan": text})
    assert english.get_data(as_text=True) == render(result, fmt, "en")
    # an uploaded file works as well
    upload = form_post(client, f"/check/report.{ext}?lang=nl", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(path.read_bytes()), path.name)})
    assert upload.get_data(as_text=True) == body


def test_report_buttons_post_the_plan_to_the_downloads(client):
    text = (PLANS / "twente.yaml").read_text(encoding="utf-8")
    page = form_post(client, "/check", data={"plan": text}).get_data(as_text=True)
    form = re.search(r'<form class="report-form".*?</form>', page, re.S)[0]
    assert 'formaction="/check/report.md"' in form and 'formaction="/check/report.html"' in form
    assert 'method="post"' in form
    assert "Het plan is samenhangend" in page


def test_blank_template(client, kb, rules):
    response = client.get("/check/template.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    document = load_document(text, "plan")
    plan_fields = ("region", "title", "consortium", "solutions", "business_measures",
                   "budget", "public_private", "bottlenecks", "conditions",
                   "existing_programmes", "structural")
    assert list(document) == list(plan_fields)
    assert set(document["solutions"][0]) >= {"contribution", "kpis", "funding_requested",
                                             "students", "top_up_per_student",
                                             "non_eer_students"}
    assert set(document["conditions"]) == set(kb.vocabulary("precondition"))
    # readable as it stands: the check runs and says what is still missing
    result = check_plan(document, kb=kb, rules=rules)
    codes = {f["code"] for f in result["findings"]}
    assert {"region.unknown", "housing.not-addressed", "structural.missing"} <= codes
    assert text.count("\n#") > 5                          # it is commented
    page = form_post(client, "/check", data={"plan": text})
    assert page.status_code == 200


# --- errors --------------------------------------------------------------------------

def test_an_unreadable_plan_shows_the_error_at_the_field(client):
    response = form_post(client, "/check", data={"plan": "region: twente\nsolutions: [\n"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    tag = re.search(r'<textarea id="plan"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in tag and "plan-error" in tag
    error = re.search(r'<p class="field-error" id="plan-error">(.*?)</p>', page, re.S)[1]
    assert "not valid YAML" in error and "regel 3" in error
    assert "region: twente" in page                    # the text stays to be corrected
    assert "Traceback" not in page


def test_a_wrong_type_names_the_place_in_the_plan(client):
    plan = "region: twente\nsolutions:\n  - id: s1\n    funding_requested: veel\n"
    response = form_post(client, "/check", data={"plan": plan})
    assert response.status_code == 400
    error = re.search(r'<p class="field-error" id="plan-error">(.*?)</p>',
                      response.get_data(as_text=True), re.S)[1]
    assert "<code>solutions[0].funding_requested</code>" in error and "veel" in error
    not_a_mapping = form_post(client, "/check", data={"plan": "[1, 2]"})
    assert not_a_mapping.status_code == 400
    assert "must be a mapping" in not_a_mapping.get_data(as_text=True)


def test_a_bad_upload_shows_the_error_at_the_file_field(client):
    data = {"file": (io.BytesIO(b"\xff\xfe region"), "plan.yaml")}
    response = form_post(client, "/check", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    tag = re.search(r'<input id="file"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in tag and "file-error" in tag
    assert "not UTF-8 text" in page
    empty = form_post(client, "/check", data={"file": (io.BytesIO(b"  \n"), "leeg.yaml")},
                        content_type="multipart/form-data")
    assert empty.status_code == 400 and 'id="file-error"' in empty.get_data(as_text=True)
    nothing = form_post(client, "/check", data={"plan": "  "})
    assert nothing.status_code == 400 and 'id="plan-error"' in nothing.get_data(as_text=True)
    report = form_post(client, "/check/report.md", data={"plan": "solutions: ["})
    assert report.status_code == 400 and 'id="plan-error"' in report.get_data(as_text=True)
    assert form_post(client, "/check/report.exe", data={"plan": "x: 1"}).status_code == 400


def test_an_oversized_upload_is_413(client):
    big = b"# " + b"x" * 1_100_000 + b"\nregion: twente\n"
    for path in ("/check", "/check/report.md", "/check/report.html"):
        response = form_post(client, path, data={"file": (io.BytesIO(big), "big.yaml")},
                               content_type="multipart/form-data")
        assert response.status_code == 413, path
        assert "413" in response.get_data(as_text=True)
    assert form_post(client, "/recommend", data={"profile": "x" * 1_100_000}).status_code == 413


def test_check_pages_have_no_inline_code_and_label_every_field(client):
    text = (PLANS / "flawed-housing-not-addressed.yaml").read_text(encoding="utf-8")
    pages = [form_post(client, "/check", data={"plan": text}).get_data(as_text=True),
             form_post(client, "/check", data={"plan": "x: ["}).get_data(as_text=True),
             client.get("/recommend/print?region=twente").get_data(as_text=True),
             client.get("/recommend?region=atlantis&top=0").get_data(as_text=True)]
    for page in pages:
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert re.search(r'\bsrc="/static/[\w.]+\.js"', tag), tag
        assert "<style" not in page and not re.search(r"\sstyle=", page)
        assert not re.search(r"\son[a-z]+=", page)
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page):
            assert f'<label for="{field_id}">' in page
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def test_example_plans_read_from_disk_match_the_page(client, kb, rules):
    # the healthy example plans are coherent on the page as on the command line
    for name in ("brainport", "delft", "groningen", "twente"):
        result = check_plan(read_document(PLANS / f"{name}.yaml"), kb=kb, rules=rules)
        text = (PLANS / f"{name}.yaml").read_text(encoding="utf-8")
        page = form_post(client, "/check", data={"plan": text}).get_data(as_text=True)
        assert ("Het plan is samenhangend" in page) == result["coherent"]
