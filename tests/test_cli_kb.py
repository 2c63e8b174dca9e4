"""`kb show` and the example profiles through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiptalent.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples" / "profiles"


@pytest.mark.parametrize("item_id, kind", [
    ("1b-studiekosten-omscholing", "intervention"),
    ("nuffic-stayrate-arbeidsmarkt", "evidence"),
    ("twente", "region"),
    ("1B", "building_block"),
    ("huisvesting-krap", "rule"),
])
def test_kb_show_finds_every_kind(item_id, kind):
    result = CliRunner().invoke(main, ["kb", "show", item_id, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["kind"] == kind and doc["id"] == item_id


def test_kb_show_links_of_an_intervention():
    doc = json.loads(CliRunner().invoke(main, ["kb", "show", "2-centra-voor-vakmanschap",
                                               "--json"]).output)
    assert "2-bedrijfsleven-in-centra" in doc["required_by"]
    text = CliRunner().invoke(main, ["kb", "show", "2-centra-voor-vakmanschap"]).output
    assert "centra voor vakmanschap" in text.lower()


def test_kb_show_region_in_english_has_no_dutch_region_text():
    from chiptalent.i18n.language_guess import guess_language
    english = CliRunner().invoke(main, ["kb", "show", "twente", "--lang", "en"])
    assert english.exit_code == 0, english.output
    facts = next(line for line in english.output.splitlines()
                 if line.startswith("  What is known about the region"))
    # every fact's summary, one by one, reads as English
    summaries = re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", facts)
    assert len(summaries) >= 8
    assert [s for s in summaries if guess_language(s, "en") == "nl"] == []
    assert "acute shortage" in facts and "acuut tekort" not in facts
    dutch = CliRunner().invoke(main, ["kb", "show", "twente"]).output
    assert "acuut tekort" in dutch
    doc = json.loads(CliRunner().invoke(main, ["kb", "show", "twente", "--json"]).output)
    housing = doc["context"]["housing_pressure"]      # the JSON keeps both languages
    assert "acuut tekort" in housing["summary"] and "acute shortage" in housing["summary_en"]
    assert housing["quality_reason"] and housing["quality_reason_en"]


def test_advice_in_english_gives_the_weak_facts_reasons_in_english():
    from chiptalent.kb import load
    fact = load().regions["delft"].context["teacher_shortage"]
    english = CliRunner().invoke(main, ["recommend", "--region", "delft", "--lang", "en"])
    assert english.exit_code == 0, english.output
    flat = " ".join(english.output.split())
    assert " ".join(fact.quality_reason_en.split()) in flat
    assert " ".join(fact.quality_reason.split()) not in flat
    dutch = " ".join(CliRunner().invoke(main, ["recommend", "--region", "delft"]).output.split())
    assert " ".join(fact.quality_reason.split()) in dutch


def test_kb_show_unknown_id_is_exit_2():
    result = CliRunner().invoke(main, ["kb", "show", "bestaat-niet"])
    assert result.exit_code == 2 and "bestaat-niet" in result.output


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_example_profiles_recommend(name):
    result = CliRunner().invoke(main, ["recommend", str(EXAMPLES / name), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["arrangements"]
    for arrangement in doc["arrangements"]:
        assert "1c-numerus-fixus-verruimen" not in {i["id"] for i in arrangement["interventions"]} \
            or name == "twente.yaml"


def test_profile_without_region_reports_unknowns():
    doc = json.loads(CliRunner().invoke(
        main, ["recommend", str(EXAMPLES / "noordelijke-gemeente.yaml"), "--json"]).output)
    assert "context.housing_pressure" in doc["profile"]["unknown"]
    assert "demand.wo" in doc["profile"]["unknown"]
    assert doc["profile"]["filled_in"] == {}
