"""Every bullet of Bijlage 4 is encoded by at least one intervention, and every
intervention traces back to its bullet (by its verbatim seed_quote)."""

from __future__ import annotations

import re

import pytest

from chiptalent.kb.validate import SEED_PATH, normalise

# Each bullet of Bijlage 4, "Bouwstenen", by its block and the opening of its seed text.
BULLETS = [
    ("1A", "De belangrijkste afweging bij studiekeuze onder jongeren"),
    ("1A", "Inrichten van sterk op de microchip-sector/technische sector gerichte programma's"),
    ("1A", "Het is belangrijk om daarbij ouders en de sociale omgeving"),
    ("1A", "Deze programma's kunnen ook speciale aandacht geven aan het aanspreken"),
    ("1A", "Inrichten van oriëntatieprogramma's"),
    ("1A", "Gebruikmaken van het groeifondsprogramma Techkwadraat"),
    ("1B", "Zijinstroom in de microchip-sector zou nog beter kunnen worden benut"),
    ("1B", "Door de studiekosten voor de omscholing van volwassenen te vergoeden"),
    ("1B", "De overstap kan laagdrempeliger worden gemaakt"),
    ("1B", "Voor bedrijven kan extra ondersteuning worden geboden"),
    ("1B", "Ook zijn er mogelijkheden voor speciale trajecten om professionals"),
    ("1C", "Intensieve, korte onderwijstrajecten met baangaranties"),
    ("1C", "Gericht aantrekken (bijna) arbeidsklaar buitenlands talent"),
    ("1C", "Gericht werven van buitenlandse bachelorstudenten"),
    ("1C", "Vergroten van (techniek)talentbeurzen"),
    ("1C", "Aanspreken van onbenut arbeidspotentieel:"),
    ("1C", "Bijvoorbeeld door het activeren van uitkeringsgerechtigden"),
    ("1C", "Denk aan de inzet van ontwikkelpaden en job carving."),
    ("1C", "Benut afspraken met centrumgemeenten"),
    ("1C", "Creëren van meer flexibele instroom momenten"),
    ("1C", "Inzet van heroriëntatie trajecten voor uitvallers en switchers."),
    ("2", "Het vraaggericht en in nauwe samenwerking tussen opleiders en bedrijfsleven"),
    ("2", "Het ontwikkelen van gerichte specifieke opleidingstrajecten voor bij- en omscholers"),
    ("2", "Het ontwikkelen van mbo-instellingen als centra voor vakmanschap"),
    ("2", "Denk hierbij ook aan het verbinden aan practoraten"),
    ("2", "Het bedrijfsleven is intensief betrokken bij deze centra"),
    ("2", "Bij deze onderzoeken en centra worden studenten, docenten"),
    ("2", "Meer technische vaardigheden inbouwen"),
    ("2", "Aantrekken en behouden van hybride en gastdocenten."),
    ("2", "Kennis en kunde over microchip-sector van docenten"),
    ("2", "Realiseren van doorlopende leerlijnen"),
    ("3", "Vernieuwing van onderwijsvormen waarbij er een verdere integratie"),
    ("3", "inzet op attractieve en innovatieve onderwijsprogramma's."),
    ("3", "Om de kwaliteit van het onderwijs te vergroten zal er innovatief onderwijsaanbod"),
    ("3", "Ook kan er slimmer worden gekeken naar de mogelijkheden binnen de kwalificatiestructuur"),
    ("3", "Bedrijfsleven en onderwijs kunnen partnerschappen aangaan"),
    ("3", "Scholen kunnen de gecombineerde leerweg bol-bbl inzetten"),
    ("3", "Personaliseren van het onderwijs."),
    ("3", "Het bieden van een (state-of-the-art) contextrijke leer- en werkomgeving"),
    ("3", "Stages in de microchipsector."),
    ("3", "Het verminderen van uitval (VSV) en ongediplomeerde uitstroom"),
    ("4", "Denk daarbij aan programma's rond warme overdracht"),
    ("4", "Verhogen van de stayrate van recent afgestudeerden en expats:"),
    ("4", "Traject met microchipbedrijven voor stage"),
    ("4", "Kennis over praktische zaken voor studenten"),
    ("4", "Verhoog de Nederlandse taalvaardigheid"),
    ("4", "Verbeteren van school- of werkmogelijkheden voor partner."),
    ("4", "Help bij het bouwen van een (sociaal en professioneel) netwerk"),
    ("4", "Hulp bij het zoeken naar een baan voor recent afgestudeerden"),
    ("4", "Behoud van talent: goed werkgeverschap in de microchip-sector:"),
    ("4", "Ingrediënten zijn een aantrekkelijk salaris"),
    ("4", "Ook kunnen bedrijven in de sector hun samenwerking verbeteren"),
    ("4", "Activerend alumni-beleid:"),
    ("5", "Accountmanagement is een essentiële functie in een ecosysteem."),
    ("5", "Denk aan het hanteren van een evidence-informed aanpak"),
]
# Bullets that only head their sub-bullets: covered when a sub-bullet is.
HEADINGS = {"Aanspreken van onbenut arbeidspotentieel:",
            "Verhogen van de stayrate van recent afgestudeerden en expats:",
            "Behoud van talent: goed werkgeverschap in de microchip-sector:",
            "De belangrijkste afweging bij studiekeuze onder jongeren"}


def bullet_texts() -> list[str]:
    """The Bijlage 4 bullets as normalised text, continuation lines joined."""
    text = SEED_PATH.read_text(encoding="utf-8")
    section = text.split("Bouwstenen", 1)[1].split("Relevante bronnen", 1)[0]
    bullets, current = [], None
    for line in section.splitlines():
        if re.match(r"^ ?- ", line):
            if current is not None:
                bullets.append(normalise(current))
            current = line.lstrip()[2:]
        elif current is not None and line.strip() and not line.startswith(("→", "1.", "2)", "3)", "4)", "5)", "A.", "B.", "C.")):
            current += " " + line
    bullets.append(normalise(current))
    return bullets


def owner(bullets: list[str], opening: str) -> str:
    matches = [b for b in bullets if b.startswith(normalise(opening))]
    assert len(matches) == 1, opening
    return matches[0]


def test_the_bullet_list_is_complete():
    assert len(bullet_texts()) == len(BULLETS)


def test_every_bullet_has_an_entry_and_every_entry_its_bullet(kb):
    bullets = bullet_texts()
    quotes = {i.id: normalise(i.seed_quote) for i in kb.interventions.values()}
    covered = {}
    for block, opening in BULLETS:
        text = owner(bullets, opening)
        covered[opening] = [iid for iid, q in quotes.items()
                            if q in text and iid.startswith(block.lower() + "-")]
    for opening in HEADINGS:
        covered[opening] = covered[opening] or ["(its sub-bullets)"]
    missing = [opening for opening, ids in covered.items() if not ids]
    assert not missing, f"bullets without an intervention: {missing}"
    orphans = [iid for iid, q in quotes.items() if not any(q in b for b in bullets)]
    assert not orphans, f"interventions whose seed_quote is in no bullet: {orphans}"


@pytest.mark.parametrize("measure, ids", [
    ("baangarantie", ["1b-baangarantie"]),
    ("diplomabonus", ["1b-start-diplomabonus"]),
    ("collegegeld", ["1c-talentbeurzen"]),
])
def test_researched_measures_of_the_closing_note(kb, measure, ids):
    assert "baangarantie, diplomabonus en verlagen les- en collegegelden" in \
        normalise(SEED_PATH.read_text(encoding="utf-8"))
    for iid in ids:
        assert any(measure in m for m in kb.interventions[iid].researched_measures), iid
