"""Bijlage 3's ranked lists of programmes ("Gevraagd talent naar opleidingen").

Issue 13, point 7: the mbo (7), hbo (9) and wo/PhD (10) programmes the industry asks
for are in the knowledge base in the call's order, beside Bijlage 2's unranked lists,
each with a verbatim seed quote; they are loaded, exported in RDF, shown by `kb show`
and on the region and demand pages (and their JSON twins); a plan may name them in
`study_programmes`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from chiptalent.cli import main
from chiptalent.kb.validate import SEED_PATH, normalise, seed_text, validate

HEADINGS = {"MBO-opleidingen": "mbo", "HBO-opleidingen": "hbo", "WO/PhD-opleidingen": "wo"}


def _parsed_from_seed() -> dict[str, list[tuple[int, str]]]:
    """The lists as the seed prints them: '- 1. Electrical engineer' under each heading."""
    text = SEED_PATH.read_text(encoding="utf-8")     # raw, with its line breaks
    start = text.index("Gevraagd talent naar opleidingen")
    end = text.index("Intern gebruik", start)
    lists: dict[str, list[tuple[int, str]]] = {}
    level = None
    for line in text[start:end].splitlines():
        line = line.strip()
        if line in HEADINGS:
            level = HEADINGS[line]
            lists[level] = []
            continue
        match = re.match(r"^- (\d+)\. (.+)$", line)
        if match and level:
            lists[level].append((int(match.group(1)), match.group(2).strip()))
    return lists


def test_the_seed_has_the_three_lists_the_issue_names():
    parsed = _parsed_from_seed()
    assert {level: len(items) for level, items in parsed.items()} == {"mbo": 7, "hbo": 9,
                                                                      "wo": 10}


def test_the_ranked_lists_equal_the_seed_in_order(kb):
    parsed = _parsed_from_seed()
    loaded = {level: [(p.rank, p.label_en) for p in programmes]
              for level, programmes in kb.requested_programmes.items()}
    assert loaded == parsed


def test_each_programme_has_dutch_and_english_names_and_a_verbatim_quote(kb):
    seed = seed_text()
    for level, programmes in kb.requested_programmes.items():
        for p in programmes:
            assert p.label and p.label_en, p.id
            assert p.id.startswith(f"{level}-"), p.id
            assert p.seed_section.startswith("Bijlage 3, Gevraagd talent naar opleidingen"), p.id
            assert p.seed_quote == f"{p.rank}. {p.label_en}", p.id
            assert normalise(p.seed_quote) in seed, p.id


def test_bijlage_2s_unranked_lists_stay_beside_them(kb):
    unranked = kb.national["demand"]["programmes"]
    assert set(unranked) == {"mbo", "hbo", "wo"}
    assert "Overige (oa chemie)" in unranked["hbo"]
    assert kb.national["requested_programmes"]["seed_section"].startswith("Bijlage 3")


def test_a_programme_is_found_by_id_dutch_or_english_name(kb):
    assert kb.requested_programme("wo-robotics").rank == 8
    assert kb.requested_programme("robotica").id == "wo-robotics"
    assert kb.requested_programme("Operator/Inspector").id == "mbo-operator-inspector"
    assert kb.requested_programme("Onderwaterlastechniek") is None


def test_kb_validate_rejects_a_list_out_of_order(kb_copy: Path):
    path = kb_copy / "national.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: mbo-test-technician, rank: 2", "id: mbo-test-technician, rank: 3", 1)
    path.write_text(text, encoding="utf-8")
    messages = [p.describe() for p in validate(kb_copy, shacl=False)]
    assert any("national.yaml" in m and "mbo-test-technician" in m and "rank" in m
               for m in messages), messages


def test_kb_validate_rejects_an_unknown_key_in_an_entry(kb_copy: Path):
    path = kb_copy / "national.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("label: Robotica,", "label: Robotica, niveau: wo,", 1)
    path.write_text(text, encoding="utf-8")
    messages = [p.describe() for p in validate(kb_copy, shacl=False)]
    assert any("national.yaml" in m and "niveau" in m for m in messages), messages


def test_the_rdf_export_has_the_ranked_programmes(kb):
    from rdflib import Namespace, URIRef

    from chiptalent.kb.rdf import DATA_NS, ONTOLOGY_NS, to_graph

    graph = to_graph(kb)
    ct = Namespace(ONTOLOGY_NS)
    members = set(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                 ct.RequestedProgramme))
    assert len(members) == 26
    wo = sorted(((int(graph.value(s, ct.demandRank)), s) for s in members
                 if graph.value(s, ct.requestedAtLevel) == URIRef(DATA_NS + "level/wo")))
    expected = [p.id for p in kb.requested_programmes["wo"]]
    assert [str(s).rsplit("/", 1)[1] for _, s in wo] == expected


def test_kb_show_lists_them_in_order():
    text = CliRunner().invoke(main, ["kb", "show", "requested-programmes"]).output
    assert "mbo: 1. Elektrotechnicus (Electrical engineer); 2. Testtechnicus" in text
    assert "10. Technische bedrijfskunde (Industrial engineering)" in text
    region = CliRunner().invoke(main, ["kb", "show", "twente"]).output
    assert "1. Elektrotechniek (Electrical engineering)" in region
    one = json.loads(CliRunner().invoke(main, ["kb", "show", "hbo-mechatronics", "--json"]).output)
    assert (one["kind"], one["rank"], one["level"]) == ("requested_programme", 5, "hbo")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from chiptalent.webapp import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path_factory.mktemp("web"))})
    return app.test_client()


def _ordered(html: str, level: str) -> list[str]:
    block = html[html.index(f'id="requested-{level}"'):]
    block = block[:block.index("</ol>")]
    return re.findall(r'<li value="\d+" data-id="([^"]+)"', block)


@pytest.mark.parametrize("url", ["/regions", "/regions/twente", "/regions/groningen"])
def test_the_region_and_demand_pages_show_the_lists_in_order(client, kb, url):
    html = client.get(url).get_data(as_text=True)
    assert "Gevraagd talent naar opleidingen (Bijlage 3)" in html
    for level, programmes in kb.requested_programmes.items():
        assert _ordered(html, level) == [p.id for p in programmes]
    assert "Elektrotechnicus</span> <span class=\"en\" lang=\"en\">(Electrical engineer)" in html


def test_the_json_twins_carry_the_lists(client, kb):
    national = client.get("/regions.json").get_json()
    region = client.get("/regions/twente.json").get_json()
    for doc in (national["national"]["requested_programmes"], region["requested_programmes"]):
        levels = {entry["level"]: [p["id"] for p in entry["programmes"]]
                  for entry in doc["levels"]}
        assert levels == {lv: [p.id for p in ps] for lv, ps in kb.requested_programmes.items()}


def test_a_plan_may_name_them_and_an_unknown_one_is_an_info_finding(kb):
    from chiptalent.rules.checker import check_plan

    import yaml
    plan = yaml.safe_load((Path(__file__).parents[1] / "examples" / "plans" / "twente.yaml")
                          .read_text(encoding="utf-8"))
    plan["solutions"][0]["study_programmes"] = ["Procestechnicus", "mechatronics",
                                                "WO-ROBOTICS", "Informatica"]
    assert not [f for f in check_plan(plan, kb=kb)["findings"]
                if f["code"] == "study-programme.unknown"]
    plan["solutions"][0]["study_programmes"] = ["Mechatronika"]
    found = [f for f in check_plan(plan, kb=kb)["findings"]
             if f["code"] == "study-programme.unknown"]
    assert len(found) == 1 and found[0]["severity"] == "info"
    assert found[0]["where"] == "solutions[0].study_programmes[0]"
    assert "Mechatronica" in found[0]["message"]
