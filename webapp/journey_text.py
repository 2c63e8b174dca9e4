"""UI strings of the region's and the reviewer's journeys (nl, en).

Kept apart from `i18n.py` so that the journeys' words live with the journeys; they are
merged into `i18n.STRINGS` when this module is imported, so templates use the same
`t()` for both.
"""

from __future__ import annotations

from chiptalent.webapp import i18n

STRINGS: dict[str, tuple[str, str]] = {
    # the profile form
    "profile.title": ("Advies voor een regio", "Recommendation for a region"),
    "profile.intro": ("Kies een regio: de kennisbank vult de talentvraag per niveau en de "
                      "regionale signalen in, elk met de bron. Pas aan wat u anders weet; "
                      "het advies verandert mee. Het hele profiel staat in de link, dus u "
                      "kunt het advies bewaren en delen.",
                      "Pick a region: the knowledge base fills in the talent demand per "
                      "level and the regional signals, each with its source. Change what "
                      "you know better; the advice follows. The whole profile is in the "
                      "link, so you can keep and share the advice."),
    "profile.form": ("Profiel van de regio", "The region's profile"),
    "profile.region": ("Regio", "Region"),
    "profile.region.none": ("— geen: eigen naam —", "— none: own name —"),
    "profile.region.hint": ("Een regio vult de vraag per niveau en de signalen in.",
                            "A region fills in the demand per level and the signals."),
    "profile.name": ("Naam (optioneel)", "Name (optional)"),
    "profile.name.hint": ("Voor een gebied zonder eigen regio in de kennisbank.",
                          "For an area without its own region in the knowledge base."),
    "profile.demand": ("Talentvraag tot 2030 per niveau (extra werkenden)",
                       "Talent demand to 2030 per level (extra workers)"),
    "profile.context": ("Regionale signalen", "Regional signals"),
    "profile.context.intro": ("Laag, middel of hoog beschrijft de hoogte van het signaal "
                              "zelf. Leeg laten neemt de standaard van de regio over.",
                              "Low, medium or high describes the height of the signal "
                              "itself. Leave it empty to take the region's default."),
    "profile.default": ("standaard", "default"),
    "profile.default.of": ("Standaard voor {region}: {value}", "Default for {region}: {value}"),
    "profile.default.none": ("Geen standaard: kies een regio.",
                             "No default: pick a region."),
    "profile.default.unknown": ("Standaard voor {region}: onbekend (de kennisbank heeft geen "
                                "bron).",
                                "Default for {region}: unknown (the knowledge base has no "
                                "source)."),
    "profile.source": ("bron", "source"),
    "profile.sources": ("Bronnen", "Sources"),
    "profile.choice.default": ("standaard van de regio", "the region's default"),
    "profile.choice.default_is": ("standaard: {value}", "default: {value}"),
    "profile.choice.unknown": ("onbekend", "unknown"),
    "profile.state.default": ("uit de kennisbank", "from the knowledge base"),
    "profile.state.yours": ("door u ingesteld", "set by you"),
    "profile.state.unknown": ("onbekend", "unknown"),
    "profile.programmes": ("Bestaande programma's in de regio", "Existing programmes in the region"),
    "profile.focus": ("Focusniveaus (optioneel)", "Focus levels (optional)"),
    "profile.focus.hint": ("Alleen interventies op deze niveaus (bouwsteen 5 blijft).",
                           "Only interventions at these levels (building block 5 stays)."),
    "profile.exclude": ("Interventies uitsluiten", "Exclude interventions"),
    "profile.exclude.count": ("{n} uitgesloten", "{n} excluded"),
    "profile.top": ("Aantal arrangementen", "Number of arrangements"),
    "profile.submit": ("Advies bijwerken", "Update the advice"),
    "profile.reset": ("Opnieuw beginnen", "Start again"),
    "profile.paste": ("Of: plak een profiel (YAML of JSON)", "Or: paste a profile (YAML or JSON)"),
    "profile.paste.label": ("Profiel (YAML of JSON)", "Profile (YAML or JSON)"),
    "profile.paste.submit": ("Profiel gebruiken", "Use this profile"),
    "profile.paste.hint": ("In het formaat van spec/profile.md; het formulier neemt het over.",
                           "In the format of spec/profile.md; the form takes it over."),
    "profile.errors": ("Het profiel bevat fouten", "The profile has errors"),
    "profile.to_advice": ("Naar het advies", "Skip to the advice"),
    "profile.placeholder": ("Kies een regio (of geef een naam) om het advies te zien.",
                            "Pick a region (or give a name) to see the advice."),
    "profile.placeholder.errors": ("Verbeter de gemarkeerde velden; dan volgt het advies.",
                                   "Correct the marked fields; the advice follows."),
    "profile.error": ("Fout", "Error"),
    # my own input checks
    "err.region": ("onbekende regio {value!r}; kies uit: {allowed}",
                   "unknown region {value!r}; choose from: {allowed}"),
    "err.name": ("een naam van hoogstens {n} tekens", "a name of at most {n} characters"),
    "err.demand": ("een geheel aantal werkenden van 0 tot {max}, geen {value!r}",
                   "a whole number of workers from 0 to {max}, not {value!r}"),
    "err.signal": ("{value!r} is geen stand; kies laag, middel, hoog of onbekend",
                   "{value!r} is not a level; choose low, medium, high or unknown"),
    "err.list": ("onbekend: {values}", "unknown: {values}"),
    "err.top": ("een geheel getal van 1 tot {max}", "a whole number from 1 to {max}"),
    "err.explain": ("geen interventie heeft het id {value!r}",
                    "no intervention has the id {value!r}"),
    # the result
    "advice.title": ("Advies voor {name}", "Advice for {name}"),
    "advice.status": ("Advies bijgewerkt: {n} arrangementen.", "Advice updated: {n} arrangements."),
    "advice.none": ("Geen arrangement: geen regel deed een aanbeveling voor dit profiel.",
                    "No arrangement: no rule recommended anything for this profile."),
    "advice.share": ("Link naar dit advies", "Link to this advice"),
    "advice.downloads": ("Bewaren en delen", "Keep and share"),
    "advice.download.profile": ("Profiel (YAML)", "Profile (YAML)"),
    "advice.download.markdown": ("Advies (Markdown)", "Advice (Markdown)"),
    "advice.download.json": ("Advies (JSON)", "Advice (JSON)"),
    "advice.download.print": ("Afdrukversie", "Print version"),
    "advice.filled": ("{n} waarden aangevuld uit de kennisbank", "{n} values filled in from the knowledge base"),
    "advice.unknown": ("Onbekend gebleven", "Still unknown"),
    "advice.chart": ("Talentvraag per niveau en de niveaus die elk arrangement bedient",
                     "Talent demand per level and the levels each arrangement serves"),
    "advice.chart.desc": ("{level}: vraag {demand}; {served}",
                          "{level}: demand {demand}; {served}"),
    "advice.chart.served": ("{a} met {n} interventies", "{a} with {n} interventions"),
    "advice.chart.not_served": ("niet door {a}", "not by {a}"),
    "advice.chart.legend": ("Per arrangement (A, B, ...) het aantal van zijn interventies op "
                            "dat niveau; een streepje: het arrangement bedient het niveau niet.",
                            "Per arrangement (A, B, ...) the number of its interventions at "
                            "that level; a dash: the arrangement does not serve the level."),
    "advice.not_served": ("niet bediend", "not served"),
    "advice.compare": ("Arrangementen naast elkaar", "Arrangements side by side"),
    "advice.compare.caption": ("Vergelijking van de arrangementen per bouwsteen",
                               "The arrangements compared by building block"),
    "advice.score": ("Score", "Score"),
    "advice.count": ("Aantal interventies", "Number of interventions"),
    "advice.levels_served": ("Bediende niveaus", "Levels served"),
    "advice.groups": ("Doelgroepen", "Target groups"),
    "advice.goals": ("Doelen", "Goals"),
    "advice.uncovered": ("Niet gedekte behoeften", "Needs not covered"),
    "advice.preconditions": ("Randvoorwaarden om te regelen", "Preconditions to secure"),
    "advice.arrangement": ("Arrangement {letter}", "Arrangement {letter}"),
    "advice.interventions": ("Interventies", "Interventions"),
    "advice.why": ("Waarom", "Why"),
    "advice.builtin": ("ingebouwde regel", "built-in rule"),
    "advice.rule": ("regel", "rule"),
    "advice.facts": ("feiten", "facts"),
    "advice.ask_why": ("waarom?", "why?"),
    "advice.ask_why_not": ("waarom niet?", "why not?"),
    "advice.exclude": ("uitsluiten", "exclude"),
    "advice.include": ("weer toelaten", "allow again"),
    "advice.needed_by": ("nodig voor", "needed by"),
    "advice.provided_by": ("te leveren door", "can be provided by"),
    "advice.excluded_dependency": ("uitgesloten, maar nodig", "excluded, but needed"),
    "advice.effects": ("Verwachte effecten per bouwsteen (woorden van de uitvraag)",
                       "Expected effects per building block (the call's words)"),
    "advice.gapmap": ("Bewijskaart van dit arrangement", "Evidence gap map of this arrangement"),
    "advice.gapmap.caption": ("{a}: interventies van het arrangement / bewijsbronnen, per "
                              "bouwsteen en doelgroep",
                              "{a}: the arrangement's interventions / evidence sources, by "
                              "building block and target group"),
    "advice.gapmap.needed": ("nodig, niet gedekt", "needed, not covered"),
    "advice.not": ("Overwogen, niet aanbevolen", "Considered, not recommended"),
    "advice.explain": ("Waarom (niet)?", "Why (not)?"),
    "advice.explain.label": ("Interventie (id)", "Intervention (id)"),
    "advice.explain.hint": ("Vraag naar elke interventie, ook een die niet in het advies staat.",
                            "Ask about any intervention, also one that is not in the advice."),
    "advice.explain.submit": ("Uitleggen", "Explain"),
    "advice.explain.yes": ("Aanbevolen in {where}.", "Recommended in {where}."),
    "advice.explain.no": ("Niet aanbevolen.", "Not recommended."),
    # explain.because holds every rule that fired for the intervention (also a demotion)
    "advice.explain.for": ("Wat de regels erover zeggen", "What the rules say about it"),
    "advice.explain.against": ("Waarom niet", "Why not"),
    "advice.explain.failed": ("niet voldaan", "not met"),
    "advice.print.title": ("Advies voor {name} (afdrukversie)", "Advice for {name} (print version)"),
    "advice.print.hint": ("Druk deze pagina af of bewaar haar als pdf met de afdrukfunctie van "
                          "uw browser.",
                          "Print this page, or save it as a PDF with your browser's print "
                          "function."),
    "advice.print.back": ("Terug naar het advies", "Back to the advice"),
    "advice.profile": ("Profiel", "Profile"),
    "advice.field": ("Gegeven", "Item"),
    "advice.value": ("Waarde", "Value"),
    "advice.source": ("Herkomst", "Where it comes from"),
    "advice.generated": ("Opgesteld met chiptalent; regels in rules/recommend, feiten uit de "
                         "kennisbank.",
                         "Made with chiptalent; rules in rules/recommend, facts from the "
                         "knowledge base."),
    # the reviewer's journey
    "review.title": ("Een plan toetsen", "Check a plan"),
    "review.intro": ("Laad een plan van aanpak op of plak het hier (YAML of JSON, in de "
                     "opbouw van Bijlage 1). De toets meldt per onderdeel wat de uitvraag "
                     "vraagt en wat ontbreekt, met de kengetallen.",
                     "Upload a plan or paste it here (YAML or JSON, in the structure of "
                     "Bijlage 1). The check reports per section what the call asks and "
                     "what is missing, with the figures."),
    "review.template": ("Begin met het lege sjabloon (YAML)", "Start from the blank template (YAML)"),
    "review.file": ("Plan als bestand", "Plan as a file"),
    "review.file.hint": ("YAML of JSON, hoogstens {limit}.", "YAML or JSON, at most {limit}."),
    "review.paste": ("Of plak het plan", "Or paste the plan"),
    "review.paste.hint": ("Een bestand gaat voor de geplakte tekst.",
                          "A file takes precedence over pasted text."),
    "review.submit": ("Toetsen", "Check"),
    "review.error.where": ("in het plan, bij", "in the plan, at"),
    "review.error.line": ("regel {n}", "line {n}"),
    "review.empty": ("kies een bestand of plak een plan in YAML of JSON",
                     "choose a file or paste a plan in YAML or JSON"),
    "review.verdict": ("Oordeel", "Verdict"),
    "review.counts": ("{error} fouten, {warning} waarschuwingen, {info} adviezen",
                      "{error} errors, {warning} warnings, {info} advice"),
    "review.plan": ("Plan", "Plan"),
    "review.sections": ("Bevindingen per onderdeel van Bijlage 1", "Findings by section of Bijlage 1"),
    "review.section.none": ("Geen bevindingen.", "No findings."),
    "review.other": ("Overig", "Other"),
    "review.seed": ("Wat de uitvraag zegt", "What the call says"),
    "review.figures": ("Kengetallen", "Figures"),
    "review.levels": ("Per niveau", "By level"),
    "review.per_solution": ("Kosten per extra afgestudeerde, per oplossing",
                            "Cost per extra graduate, by solution"),
    "review.downloads": ("Rapport downloaden", "Download the report"),
    "review.download.markdown": ("Markdown", "Markdown"),
    "review.download.html": ("HTML", "HTML"),
}

i18n.STRINGS.update(STRINGS)
