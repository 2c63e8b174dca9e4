"""Dutch first, English on request: the UI strings and the choice of language.

The language comes from `?lang=nl|en` (which also sets a cookie, so the choice sticks
without JavaScript), else the `lang` cookie, else Dutch. UI strings live in one small
dict; everything the knowledge base says comes with its own `label`/`label_en`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import g, request

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
COOKIE = "lang"

# key -> (Dutch, English). Keep keys short and grouped by page.
STRINGS: dict[str, tuple[str, str]] = {
    # chrome
    "site.name": ("Microchip-talent", "Microchip talent"),
    "site.tagline": ("Interventies, bewijs en regio's voor het Nationaal Versterkingsplan "
                     "Microchip-talent",
                     "Interventions, evidence and regions for the Dutch national plan "
                     "for microchip talent"),
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav.label": ("Hoofdmenu", "Main menu"),
    "nav.search": ("Zoeken", "Search"),
    "nav.blocks": ("Bouwstenen", "Building blocks"),
    "nav.interventions": ("Interventies", "Interventions"),
    "nav.target_groups": ("Doelgroepen", "Target groups"),
    "nav.regions": ("Regio's", "Regions"),
    "nav.gapmap": ("Bewijskaart", "Evidence gap map"),
    "nav.recommend": ("Advies", "Recommend"),
    "nav.check": ("Plan toetsen", "Check a plan"),
    "lang.switch": ("English", "Nederlands"),
    "lang.switch.label": ("Switch to English", "Naar het Nederlands"),
    "footer.json": ("Deze pagina als JSON", "This page as JSON"),
    "footer.source": ("Bron: de uitvraag Versterkingsplan Microchip-talent en de "
                      "kennisbank van chiptalent.",
                      "Source: the call for the Versterkingsplan Microchip-talent and "
                      "chiptalent's knowledge base."),
    "breadcrumb": ("Kruimelpad", "Breadcrumb"),
    "home": ("Start", "Home"),
    # home
    "home.title": ("Microchip-talent: wat werkt, voor wie, waar", "Microchip talent: what works, for whom, where"),
    "home.intro": ("Zoek in het bewijs, blader door de bouwstenen en interventies van "
                   "Bijlage 4, bekijk de talentvraag per regio en vraag een advies voor "
                   "een regio.",
                   "Search the evidence, browse the building blocks and interventions of "
                   "Bijlage 4, see each region's talent demand and ask for a "
                   "recommendation for a region."),
    "home.counts": ("De kennisbank bevat {interventions} interventies, {evidence} "
                    "bewijsbronnen en {regions} regio's.",
                    "The knowledge base holds {interventions} interventions, {evidence} "
                    "evidence sources and {regions} regions."),
    # search
    "search.title": ("Zoeken in bewijs en interventies", "Search evidence and interventions"),
    "search.label": ("Zoekterm", "Search terms"),
    "search.button": ("Zoeken", "Search"),
    "search.placeholder": ("bijv. omscholing, vrouwen in techniek, stayrate",
                           "e.g. retraining, women in tech, stay rate"),
    "search.results": ("{total} resultaten", "{total} results"),
    "search.results_for": ("{total} resultaten voor “{query}”", "{total} results for “{query}”"),
    "search.none": ("Niets gevonden.", "Nothing found."),
    "search.didyoumean": ("Bedoelde u", "Did you mean"),
    "search.expanded": ("Ook gezocht op", "Also searched for"),
    "search.facets": ("Filters", "Filters"),
    "search.more": ("Meer ({n})", "More ({n})"),
    "search.to_results": ("Naar de resultaten", "Skip to the results"),
    "search.active": ("Actieve filters", "Active filters"),
    "search.remove": ("filter weghalen", "remove filter"),
    "search.clear": ("Alle filters weghalen", "Clear all filters"),
    "search.informs": ("Onderbouwt", "Informs"),
    "search.unavailable": ("Zoeken is nog niet beschikbaar: de zoekindex ontbreekt.",
                           "Search is not available yet: the search index is missing."),
    "search.hint": ("Typ een zoekterm of kies een filter.", "Type a search term or pick a filter."),
    "search.score": ("score", "score"),
    "kind.evidence": ("Bewijsbron", "Evidence source"),
    "kind.intervention": ("Interventie", "Intervention"),
    "facet.building_block": ("Bouwsteen", "Building block"),
    "facet.target_group": ("Doelgroep", "Target group"),
    "facet.level": ("Niveau", "Level"),
    "facet.strength": ("Sterkte van het bewijs", "Strength of evidence"),
    "facet.publisher": ("Uitgever", "Publisher"),
    "facet.language": ("Taal", "Language"),
    "facet.kind": ("Soort", "Kind"),
    "language.nl": ("Nederlands", "Dutch"),
    "language.en": ("Engels", "English"),
    "pages": ("Pagina's", "Pages"),
    "page.prev": ("Vorige", "Previous"),
    "page.next": ("Volgende", "Next"),
    "page.n": ("Pagina {n}", "Page {n}"),
    "page.current": ("huidige pagina", "current page"),
    # blocks and interventions
    "blocks.title": ("Bouwstenen en hun verwachte effecten", "Building blocks and their expected effects"),
    "blocks.intro": ("De zeven bouwstenen van Bijlage 4 (Inspiratiedocument) met de effecten "
                     "die de uitvraag ervan verwacht.",
                     "The seven building blocks of Bijlage 4 (inspiration document) with the "
                     "effects the call expects of them."),
    "block": ("Bouwsteen", "Building block"),
    "effects": ("Verwachte effecten", "Expected effects"),
    "effects.inherited": ("Geërfd van de bouwsteen.", "Inherited from the building block."),
    "effects.own": ("Eigen verfijning van de effecten van de bouwsteen.",
                    "The intervention's own refinement of its block's effects."),
    "effects.none": ("Geen effect genoemd.", "No effect stated."),
    "effect.nosize": ("grootte niet genoemd", "size not stated"),
    "interventions.title": ("Interventies", "Interventions"),
    "interventions.intro": ("Het register van interventies, per bouwsteen.",
                            "The register of interventions, by building block."),
    "interventions.count": ("{n} interventies", "{n} interventions"),
    "intervention": ("Interventie", "Intervention"),
    "what": ("Wat het is", "What it is"),
    "for_whom": ("Voor wie en op welk niveau", "For whom and at which level"),
    "target_groups": ("Doelgroepen", "Target groups"),
    "levels": ("Niveaus", "Levels"),
    "routes": ("Leerroutes", "Learning routes"),
    "goals": ("Doelen", "Goals"),
    "requires": ("Wat het vraagt", "What it requires"),
    "requires.interventions": ("Andere interventies", "Other interventions"),
    "requires.preconditions": ("Randvoorwaarden", "Preconditions"),
    "requires.none": ("Niets.", "Nothing."),
    "provided_by": ("geleverd door", "provided by"),
    "required_by": ("Wat erop bouwt", "What requires it"),
    "required_by.none": ("Geen andere interventie vraagt deze.", "No other intervention requires this one."),
    "provides": ("Wat het mogelijk maakt", "What it enables"),
    "provides.intro": ("Deze interventie levert randvoorwaarden waar andere interventies op rusten.",
                       "This intervention secures preconditions other interventions rest on."),
    "needed_by": ("nodig voor", "needed by"),
    "programmes": ("Bestaande programma's", "Existing programmes"),
    "business": ("Verantwoordelijkheid van het bedrijfsleven", "A responsibility of industry"),
    "business.text": ("De uitvraag legt dit bij de bedrijven; er gaan geen extra middelen naar toe.",
                      "The call puts this on the companies; no extra funds go to it."),
    "researched": ("Onderzochte maatregelen", "Researched measures"),
    "evidence": ("Bewijs", "Evidence"),
    "evidence.none": ("Nog geen bewijsbron gekoppeld.", "No evidence source linked yet."),
    "seed": ("Uit de uitvraag", "From the call"),
    "seed.section": ("Plaats", "Section"),
    "strength": ("Sterkte", "Strength"),
    "strength.condition": ("voorwaarde", "condition"),
    "strength.strong": ("sterk", "strong"),
    "strength.advisory": ("advies", "advisory"),
    "publisher": ("Uitgever", "Publisher"),
    "year": ("Jaar", "Year"),
    "language": ("Taal", "Language"),
    "type": ("Soort", "Type"),
    "summary": ("Samenvatting", "Summary"),
    "link": ("Naar de bron", "Go to the source"),
    "no_link": ("Geen geverifieerd adres.", "No verified address."),
    "in_seed": ("Genoemd in de uitvraag", "Named in the call"),
    "evidence_for": ("Onderbouwt deze interventies", "Informs these interventions"),
    "status": ("Status", "Status"),
    # target groups
    "target_groups.title": ("Doelgroepen", "Target groups"),
    "target_groups.intro": ("Voor wie de interventies bedoeld zijn.", "Whom the interventions are for."),
    "target_group": ("Doelgroep", "Target group"),
    "interventions_for": ("Interventies voor deze doelgroep", "Interventions for this group"),
    "none": ("Geen.", "None."),
    # regions
    "regions.title": ("Regio's: talentvraag en industrie", "Regions: talent demand and industry"),
    "regions.intro": ("De talentvraag tot 2030 (Bijlage 2) en de werkgelegenheid in fte "
                      "(Bijlage 3) per regio.",
                      "The talent demand to 2030 (Bijlage 2) and employment in FTE "
                      "(Bijlage 3) per region."),
    "region": ("Regio", "Region"),
    "demand": ("Talentvraag tot 2030", "Talent demand to 2030"),
    "demand.total": ("Totale vraag", "Total demand"),
    "demand.by_level": ("Vraag per niveau", "Demand per level"),
    "demand.by_region": ("Talentvraag per regio", "Talent demand per region"),
    "demand.national_levels": ("Landelijke talentvraag per niveau (Bijlage 2)",
                               "National talent demand per level (Bijlage 2)"),
    "fte": ("Werkgelegenheid (fte)", "Employment (FTE)"),
    "fte.by_segment": ("Fte per segment van de waardeketen (Bijlage 3, 2021)",
                       "FTE per value-chain segment (Bijlage 3, 2021)"),
    "segment": ("Segment", "Segment"),
    "segments.note": ("De segmenten tellen op tot minder fte dan het totaal; "
                      "“Metrology & Inspection” heeft geen cijfers.",
                      "The segments add up to fewer FTE than the total; "
                      "“Metrology & Inspection” has no figures."),
    "fte.by_region": ("Fte in de microchipindustrie per regio", "FTE in the microchip industry per region"),
    "share": ("Aandeel", "Share"),
    "share.stated": ("zoals vermeld", "as stated"),
    "share.computed": ("berekend", "computed"),
    "basis": ("Grondslag", "Basis"),
    "basis.source": ("uit de uitvraag", "from the call"),
    "basis.derived": ("afgeleid", "derived"),
    "derived.note": ("Afgeleid: de uitvraag geeft geen vraag per niveau per regio; deze "
                     "cijfers zijn naar rato van de landelijke niveauverdeling berekend.",
                     "Derived: the call gives no demand per level per region; these "
                     "figures are computed pro rata from the national split by level."),
    "chart.table": ("De cijfers van de grafiek", "The figures of the chart"),
    "value": ("Waarde", "Value"),
    "context": ("Regionale context", "Regional context"),
    "signal": ("Signaal", "Signal"),
    "signal.value": ("Stand", "Value"),
    "sources": ("Bronnen", "Sources"),
    "unknown": ("onbekend", "unknown"),
    "signal.low": ("laag", "low"),
    "signal.medium": ("middel", "medium"),
    "signal.high": ("hoog", "high"),
    "recommend.for_region": ("Advies voor deze regio", "Recommendation for this region"),
    "national": ("Landelijk", "National"),
    # gap map
    "gapmap.title": ("Bewijskaart: bouwstenen × doelgroepen", "Evidence gap map: building blocks × target groups"),
    "gapmap.intro": ("Elke cel telt de interventies en de bewijsbronnen voor een bouwsteen "
                     "en een doelgroep; hoe donkerder, hoe meer bewijs. Een cel zonder "
                     "bewijs maar met interventies is een lacune.",
                     "Each cell counts the interventions and the evidence sources for a "
                     "building block and a target group; the darker, the more evidence. A "
                     "cell with interventions but no evidence is a gap."),
    "gapmap.caption": ("Aantal interventies / aantal bewijsbronnen per bouwsteen en doelgroep",
                       "Number of interventions / number of evidence sources per building block and target group"),
    "gapmap.cell": ("{i} interventies, {e} bewijsbronnen", "{i} interventions, {e} evidence sources"),
    "gapmap.legend": ("Legenda", "Legend"),
    "gapmap.gap": ("lacune: interventies zonder bewijs", "gap: interventions without evidence"),
    "gapmap.shade": ("kleur: aantal bewijsbronnen", "shade: number of evidence sources"),
    # recommend and check
    "recommend.title": ("Advies voor een regio", "Recommendation for a region"),
    "recommend.intro": ("Kies een regio (de kennisbank vult vraag en context aan) of plak een "
                        "profiel in YAML of JSON.",
                        "Pick a region (the knowledge base fills in demand and context) or "
                        "paste a profile in YAML or JSON."),
    "recommend.region": ("Regio", "Region"),
    "recommend.top": ("Aantal arrangementen", "Number of arrangements"),
    "recommend.profile": ("Profiel (YAML of JSON)", "Profile (YAML or JSON)"),
    "recommend.submit": ("Advies geven", "Recommend"),
    "recommend.arrangement": ("Arrangement", "Arrangement"),
    "recommend.because": ("Waarom", "Why"),
    "recommend.preconditions": ("Voorwaarden", "Preconditions"),
    "recommend.not": ("Overwogen, niet aanbevolen", "Considered, not recommended"),
    "recommend.filled": ("Aangevuld uit de kennisbank", "Filled in from the knowledge base"),
    "recommend.unknown": ("Onbekende signalen", "Unknown signals"),
    "recommend.unavailable": ("Het advies is nog niet beschikbaar.", "Recommendations are not available yet."),
    "recommend.score": ("score", "score"),
    "recommend.coverage": ("Dekking", "Coverage"),
    "check.title": ("Een plan toetsen", "Check a plan"),
    "check.intro": ("Plak een plan van aanpak (YAML of JSON, zie de opbouw van Bijlage 1); de "
                    "toets meldt wat de uitvraag vraagt en wat ontbreekt.",
                    "Paste a plan (YAML or JSON, in the structure of Bijlage 1); the check "
                    "reports what the call asks and what is missing."),
    "check.plan": ("Plan (YAML of JSON)", "Plan (YAML or JSON)"),
    "check.submit": ("Toetsen", "Check"),
    "check.coherent": ("Het plan is samenhangend: geen fouten.", "The plan is coherent: no errors."),
    "check.incoherent": ("Het plan is niet samenhangend: er zijn fouten.", "The plan is not coherent: there are errors."),
    "check.findings": ("Bevindingen", "Findings"),
    "check.totals": ("Cijfers", "Figures"),
    "check.severity": ("Ernst", "Severity"),
    "check.code": ("Code", "Code"),
    "check.message": ("Melding", "Message"),
    "check.where": ("Waar", "Where"),
    "check.seed": ("Grond in de uitvraag", "Basis in the call"),
    "check.unavailable": ("De toets is nog niet beschikbaar.", "The check is not available yet."),
    "severity.error": ("fout", "error"),
    "severity.warning": ("waarschuwing", "warning"),
    "severity.info": ("info", "info"),
    # errors
    "error.400": ("Onjuiste invoer", "Bad input"),
    "error.404": ("Niet gevonden", "Not found"),
    "error.405": ("Methode niet toegestaan", "Method not allowed"),
    "error.413": ("Te groot", "Too large"),
    "error.500": ("Interne fout", "Internal error"),
    "error.503": ("Niet beschikbaar", "Not available"),
    "error.404.text": ("Deze pagina bestaat niet.", "This page does not exist."),
    "error.405.text": ("Deze pagina kan niet op deze manier worden opgevraagd.",
                       "This page cannot be requested this way."),
    "error.413.text": ("De invoer is groter dan toegestaan ({limit}).",
                       "The input is larger than allowed ({limit})."),
    "error.500.text": ("Er ging iets mis aan onze kant. Probeer het later opnieuw.",
                       "Something went wrong on our side. Please try again later."),
    "error.field": ("Veld", "Field"),
    "error.back": ("Terug naar de start", "Back to the start page"),
}


def select_language() -> str:
    """The request's language: ?lang=, else the cookie, else Dutch."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return DEFAULT


def lang() -> str:
    return getattr(g, "lang", DEFAULT)


def t(key: str, **values) -> str:
    """A UI string in the request's language; `{name}` placeholders filled in."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang() == "en" else pair[0]
    return text.format(**values) if values else text


def pick(obj, nl_attr: str = "label", en_attr: str | None = None) -> str:
    """An object's text in the request's language, falling back to the Dutch one."""
    en_attr = en_attr or f"{nl_attr}_en"
    if isinstance(obj, dict):
        nl_text, en_text = obj.get(nl_attr), obj.get(en_attr)
    else:
        nl_text, en_text = getattr(obj, nl_attr, None), getattr(obj, en_attr, None)
    if lang() == "en" and en_text:
        return en_text
    return nl_text or en_text or ""


def text(value) -> str:
    """A text that may be a plain string or a {"nl": ..., "en": ...} pair."""
    if isinstance(value, dict):
        return value.get(lang()) or value.get("nl") or value.get("en") or ""
    return "" if value is None else str(value)


def pct(share, decimals: int = 0) -> str:
    """A share (0..1) as a percentage in the request's language."""
    if share is None:
        return "–"
    try:
        value = float(share) * 100
    except (TypeError, ValueError):
        return str(share)
    out = f"{value:.{decimals}f}%"
    return out.replace(".", ",") if lang() == "nl" else out


def url_with(**changes) -> str:
    """The current URL with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    return request.path + (f"?{query}" if query else "")


def register(app) -> None:
    """Choose the language before each request; remember an explicit choice."""

    @app.before_request
    def _choose_language():
        g.lang = select_language()

    @app.after_request
    def _remember_language(response):
        asked = request.args.get("lang")
        if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
            response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax",
                                httponly=True, secure=request.is_secure)
        return response

    app.jinja_env.globals.update(t=t, pick=pick, url_with=url_with, lang=lang, text=text,
                                 pct=pct)
