"""Relevance on the real knowledge base: realistic queries, Dutch and English, with
synonyms, inflections and typos, each with the source it must rank in the top 3 and
why. Plus the ontology at work: a label added to a copy of the knowledge base
changes what a query finds, with no code involved."""

from __future__ import annotations

import pytest
import yaml

from chiptalent.kb.search import search
from chiptalent.kb.search.searcher import close_all

# (query, expected in the top 3, why)
CASES = [
    ("stayrate", "nuffic-stayrate-arbeidsmarkt",
     "its title starts with Stayrate and 'stayrate' is one of its alternative labels"),
    ("stayrat", "nuffic-stayrate-arbeidsmarkt",
     "Dutch typo (a letter short): corrected to 'stayrate' from the index's own words"),
    ("blijfkans internationale studenten", "nuffic-verhogen-blijfkans",
     "the title is 'Verhogen blijfkans internationale studenten'"),
    ("vrouwen", "vhto-whitepaper-behoud-vrouwen",
     "'Vrouwen' in the title, 'behoud vrouwen' and 'vrouwen in techniek' as labels"),
    ("vrouw", "vhto-whitepaper-behoud-vrouwen",
     "inflection: the singular shares the Dutch stem 'vrouw' with 'vrouwen'"),
    ("meisjse", "tyf-meiden-in-de-techniek",
     "Dutch typo (two letters swapped): corrected to 'meisjes', a label of girls-women"),
    ("meiden in de techniek", "tyf-meiden-in-de-techniek",
     "the title is 'Meiden in de techniek - TechYourFuture'"),
    ("LLO", "llo-katalysator",
     "the abbreviation is in its title (LLO-Katalysator) and its labels"),
    ("leven lang ontwikkelen", "llo-katalysator",
     "the spelled-out term is its alternative label and the goal lifelong-learning's"),
    ("women in tech", "vhto-whitepaper-behoud-vrouwen",
     "English: 'women in tech' is one of its alternative labels"),
    ("girls in STEM", "tyf-meiden-in-de-techniek",
     "English: an alternative label of this Dutch source"),
    ("international graduates", "nuffic-stayrate-2013-2022",
     "English: the English report's title is about international graduates"),
    ("voortijdig schoolverlaten coaching", "cpb-intensieve-coaching-vsv",
     "the CPB experiment on intensive coaching against early school leaving"),
    ("vsv", "cpb-intensieve-coaching-vsv",
     "the abbreviation is its alternative label (and a label of early-school-leavers)"),
    ("mentoring", "eef-toolkit-mentoring",
     "English: the EEF toolkit strand on mentoring"),
    ("mentorng", "eef-toolkit-mentoring",
     "English typo (a letter dropped): corrected to 'mentoring'"),
    ("collegegeld verlagen", "evaluatie-wet-verlaagd-collegegeld",
     "inflection: 'verlagen' meets 'verlaagd' only through the label words; "
     "'collegegeld' is in the title"),
    ("tuition fees", "hoogte-collegegeld",
     "English: 'tuition fees' is an alternative label of the fee page"),
    ("microcredentials", "cedefop-microcredentials",
     "the Cedefop briefing on microcredentials"),
    ("micro-credentials", "cedefop-microcredentials",
     "the hyphenated spelling is one of its labels"),
    ("loopbaanoriëntatie", "expertisepunt-lob",
     "the expertise centre for career guidance (LOB) names it as a label"),
    ("loopbaanorientatie", "expertisepunt-lob",
     "the same without the diaeresis: the Dutch stemmer folds ë"),
    ("migratieachtergrond techniek", "ptvt-jongeren-migratieachtergrond-techniek",
     "both words in the title of the PTvT study"),
    ("stagediscriminatie", "inspectie-staat-van-het-onderwijs-2024",
     "an alternative label of the Inspectorate's State of Education"),
    ("tekort aan technici", "seo-arbeidsmarktkrapte-technici",
     "the SEO study of the shortage of technicians ('tekort technici' label)"),
    ("labour shortage technicians", "seo-arbeidsmarktkrapte-technici",
     "English: its alternative labels 'labour shortage' and 'technicians'"),
    ("robotica in de klas", "ptvt-robotica-onderwijs",
     "'robots in de klas' and 'robotica' are its labels"),
    ("lego robots wedstrijd", "first-robotics",
     "FIRST LEGO League is a robotics competition"),
    ("carrière in de halfgeleiders", "semi-careers",
     "'halfgeleiders' is a label of SEMI Careers, a careers site of the chip industry"),
    ("chips skills academy", "eu-chips-academy",
     "the European Chips Skills Academy"),
    ("Techniekpact monitor", "monitor-techniekpact", "the title, in reverse order"),
    ("arbeidsmarktprognoses", "roa-arbeidsmarkt-opleiding-beroep-2026",
     "ROA's labour-market forecasts to 2026 (label)"),
    ("diversiteit op de werkvloer", "ser-diversiteit-in-bedrijf-kennisplatform",
     "SER's platform on diversity in business"),
    ("publiek-private samenwerking", "katapult",
     "Katapult is the network of public-private partnerships (label)"),
    ("uitstroom niet-Europese jongeren", "tyf-uitstroom-niet-europese-jongeren",
     "the title word for word"),
    ("OESO deelname techniek", "cheps-deelname-opleidingen-techniek",
     "CHEPS on participation in engineering, with OECD (OESO) statistics"),
    ("reskilling", "llo-katalysator",
     "English: 'reskilling' is its label and a label of the goal lifelong-learning"),
    ("weglek technici", "seo-technici-mobiel-honkvast",
     "SEO on technicians leaving the sector ('weglek' label)"),
    ("krapte", "seo-arbeidsmarktkrapte-technici", "'krapte' in its title and labels"),
    ("what works evidence toolkit", "eef-teaching-learning-toolkit",
     "English: 'what works' and 'toolkit' are labels of the EEF toolkit"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-relevance")
    yield str(path)
    close_all()


def test_enough_realistic_queries():
    assert len(CASES) >= 25
    assert len({query for query, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("query,expected,why", CASES, ids=[c[0] for c in CASES])
def test_expected_source_in_top_three(kb, data_dir, query, expected, why):
    assert expected in kb.evidence or expected in kb.interventions, expected
    result = search(kb, query, limit=3, data_dir=data_dir)
    top = [hit["id"] for hit in result["hits"]]
    assert expected in top, f"{query!r}: {why}; got {top}"


def test_typos_come_with_a_suggestion(kb, data_dir):
    assert search(kb, "stayrat", data_dir=data_dir)["suggestion"] == "stayrate"
    assert search(kb, "meisjse", data_dir=data_dir)["suggestion"] == "meisjes"
    assert search(kb, "mentorng", data_dir=data_dir)["suggestion"] == "mentoring"
    assert search(kb, "stayrate", data_dir=data_dir)["suggestion"] is None
    # A corrected word expands as the word itself would.
    typo = search(kb, "meisjse", limit=20, data_dir=data_dir)
    right = search(kb, "meisjes", limit=20, data_dir=data_dir)
    assert typo["total"] == right["total"] and typo["expanded"] == right["expanded"]
    assert {h["id"] for h in typo["hits"]} == {h["id"] for h in right["hits"]}


def _text(kb, item_id) -> str:
    item = kb.evidence.get(item_id) or kb.interventions[item_id]
    parts = [getattr(item, name, "") or "" for name in
             ("title", "title_en", "summary", "summary_en", "label", "label_en",
              "description", "description_en")]
    return " ".join(parts + list(item.alt_labels)).lower()


def test_vrouwen_also_finds_meisjes_and_meiden(kb, data_dir):
    result = search(kb, "vrouwen", limit=50, data_dir=data_dir)
    assert {"meisjes", "meiden"} <= set(result["expanded"])
    found = [hit["id"] for hit in result["hits"]]
    # Sources that never say "vrouw" but speak of meiden / meisjes, or are tagged
    # with the target group girls-women.
    without_the_word = [i for i in found if "vrouw" not in _text(kb, i)]
    assert "tyf-meiden-in-de-techniek" in without_the_word
    assert any("meisjes" in _text(kb, i) for i in without_the_word)


def test_llo_also_finds_leven_lang_ontwikkelen_and_om_en_bijscholing(kb, data_dir):
    result = search(kb, "LLO", limit=100, data_dir=data_dir)
    assert {"leven lang ontwikkelen", "om- en bijscholing"} <= set(result["expanded"])
    found = [hit["id"] for hit in result["hits"]]
    plain = [i for i in found if "llo" not in _text(kb, i)]
    assert any("omscholing" in _text(kb, i) or "bijscholing" in _text(kb, i) for i in plain)


def test_an_alternative_label_added_to_the_kb_changes_the_results(kb_copy, tmp_path):
    """The expansion is the knowledge base's: a new label, no code, new results."""
    from chiptalent.kb.loader import load_kb

    before_kb = load_kb(kb_copy)
    before = search(before_kb, "dames", data_dir=str(tmp_path))
    assert "tyf-meiden-in-de-techniek" not in [h["id"] for h in before["hits"]]
    assert "meiden" not in before["expanded"]

    vocabulary = kb_copy / "vocabularies" / "target_groups.yaml"
    doc = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    concept = next(c for c in doc["concepts"] if c["id"] == "girls-women")
    concept["alt_labels"].insert(0, "dames")
    vocabulary.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    after_kb = load_kb(kb_copy)
    assert after_kb.fingerprint != before_kb.fingerprint      # so a new index is built
    after = search(after_kb, "dames", limit=10, data_dir=str(tmp_path))
    assert "meiden" in after["expanded"] and "vrouwen" in after["expanded"]
    assert "tyf-meiden-in-de-techniek" in [h["id"] for h in after["hits"]]
    assert after["total"] > before["total"]
    close_all()
