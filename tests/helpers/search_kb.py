"""A small hand-built knowledge base for the search tests (helpers, no tests).

It mirrors the real KB's shape — target groups and goals with SKOS-like labels,
building blocks, interventions with alternative labels, evidence sources — so the
search can be tested before, and independently of, the real content.
"""

from __future__ import annotations

from chiptalent.kb.model import (BuildingBlock, Concept, EvidenceSource, Intervention,
                                 KnowledgeBase)


def _concepts(scheme, rows):
    return {cid: Concept(id=cid, scheme=scheme, label=label, label_en=label_en,
                         alt_labels=list(alt))
            for cid, label, label_en, alt in rows}


def make_kb(fingerprint: str = "handmade-1") -> KnowledgeBase:
    vocabularies = {
        "target_group": _concepts("target_group", [
            ("girls-women", "Meisjes en vrouwen", "Girls and women",
             ["vrouwen", "meisjes", "meiden", "women", "girls", "women in tech"]),
            ("adult-learners", "Om- en bijscholers en werkenden", "Adult learners",
             ["om- en bijscholers", "zij-instromers", "werkenden", "career switchers"]),
            ("international-students", "Internationale studenten", "International students",
             ["buitenlandse studenten", "international students", "stayrate"]),
            ("youth", "Jongeren in po en vo", "Young people",
             ["jongeren", "leerlingen", "scholieren", "pupils"]),
        ]),
        "goal": _concepts("goal", [
            ("lifelong-learning", "Sterker aanbod Leven Lang Ontwikkelen",
             "Stronger lifelong-learning offer",
             ["LLO", "leven lang ontwikkelen", "om- en bijscholing", "omscholing",
              "lifelong learning", "reskilling"]),
            ("stayrate-students", "Hogere blijfkans internationale studenten",
             "Higher stay rate of international students",
             ["stayrate", "stay rate", "blijfkans"]),
        ]),
        "level": _concepts("level", [
            ("mbo", "Middelbaar beroepsonderwijs", "Secondary vocational education",
             ["mbo", "roc"]),
            ("hbo", "Hoger beroepsonderwijs", "Higher professional education",
             ["hbo", "hogeschool"]),
        ]),
    }
    blocks = {
        "1A": BuildingBlock(id="1A", label="Instroom uit het voortgezet onderwijs",
                            label_en="Intake from secondary education", heading="1A",
                            alt_labels=["studiekeuze", "loopbaanoriëntatie"]),
        "1B": BuildingBlock(id="1B", label="Om- en bijscholers (LLO-doelgroep)",
                            label_en="Retrainees and upskillers", heading="1B",
                            alt_labels=["LLO", "om- en bijscholing"]),
        "1C": BuildingBlock(id="1C", label="Diverse doelgroepen",
                            label_en="Diverse target groups", heading="1C",
                            alt_labels=["diversiteit", "buitenlands talent"]),
        "4": BuildingBlock(id="4", label="Van studie naar werk",
                           label_en="From study to work", heading="4",
                           alt_labels=["arbeidsmarkt", "stages"]),
    }
    interventions = {
        "1b-studiekosten-omscholing": Intervention(
            id="1b-studiekosten-omscholing", label="Studiekosten van omscholing vergoeden",
            label_en="Reimbursing the cost of retraining", building_block="1B",
            description="Werkgevers en overheid vergoeden de studiekosten van volwassenen "
                        "die zich laten omscholen naar een technisch beroep.",
            description_en="Employers and government pay the tuition of adults who retrain.",
            alt_labels=["scholingsvoucher", "omscholingsbudget", "tuition reimbursement"],
            target_groups=["adult-learners"], levels=["mbo", "hbo"],
            goals=["lifelong-learning"]),
        "1c-rolmodellen-meiden": Intervention(
            id="1c-rolmodellen-meiden", label="Rolmodellen voor meiden in de techniek",
            label_en="Role models for girls in technology", building_block="1C",
            description="Vrouwelijke ingenieurs vertellen op scholen over hun werk.",
            description_en="Female engineers visit schools to talk about their work.",
            alt_labels=["role models"], target_groups=["girls-women", "youth"],
            levels=["mbo", "hbo"], goals=[]),
    }
    evidence = {
        "nuffic-stayrate": EvidenceSource(
            id="nuffic-stayrate", title="Stayrate van internationale afgestudeerden",
            title_en="Stay rate of international graduates", publisher="Nuffic",
            language="nl", type="report", strength="descriptive",
            summary="Cijfers over hoeveel internationale studenten na hun studie in "
                    "Nederland blijven werken, per opleiding en sector.",
            summary_en="Figures on how many international students stay to work in the "
                       "Netherlands after graduating.",
            alt_labels=["blijfkans"], building_blocks=["4"],
            target_groups=["international-students"], levels=["hbo"]),
        "vhto-meiden": EvidenceSource(
            id="vhto-meiden", title="Meiden kiezen voor techniek",
            title_en="Girls choosing technology", publisher="VHTO",
            language="nl", type="report", strength="indicative",
            summary="Onderzoek naar wat meiden in het voortgezet onderwijs laat kiezen "
                    "voor een technische vervolgopleiding.",
            summary_en="Research into what makes girls in secondary school choose a "
                       "technical programme.",
            building_blocks=["1A", "1C"], target_groups=["girls-women", "youth"],
            levels=["hbo"], interventions=["1c-rolmodellen-meiden"]),
        "oecd-adult-learning": EvidenceSource(
            id="oecd-adult-learning", title="Adult learning in the Netherlands",
            title_en="Adult learning in the Netherlands", publisher="OECD",
            language="en", type="report", strength="indicative",
            summary="Een vergelijking van de deelname van werkenden aan om- en bijscholing.",
            summary_en="A comparison of how much working adults take part in training.",
            building_blocks=["1B"], target_groups=["adult-learners"], levels=["mbo"],
            interventions=["1b-studiekosten-omscholing"]),
        "cbs-werkenden": EvidenceSource(
            id="cbs-werkenden", title="Werkenden in de techniek",
            publisher="CBS", language="nl", type="statistics", strength="descriptive",
            summary="Statistiek van het aantal werkenden in technische beroepen <script>"
                    "alert(1)</script> & hun opleiding.",
            building_blocks=["1B"], target_groups=["adult-learners"], levels=["mbo"]),
        "retired-source": EvidenceSource(
            id="retired-source", title="Ingetrokken bron over meiden",
            publisher="Niemand", status="retired", summary="Meiden meiden meiden."),
    }
    return KnowledgeBase(building_blocks=blocks, vocabularies=vocabularies,
                         interventions=interventions, evidence=evidence, regions={},
                         national={}, fingerprint=fingerprint)
