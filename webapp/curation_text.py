"""UI strings of logging in and of evidence curation (nl, en).

Kept apart from `i18n.py` so that curation's words live with curation; they are merged
into `i18n.STRINGS` when this module is imported (auth.py and curation.py import it),
so templates use the same `t()`. Messages of the curation core (kb.curation) are in
English and shown as they are, marked `lang="en"`.
"""

from __future__ import annotations

from chiptalent.webapp import i18n

STRINGS: dict[str, tuple[str, str]] = {
    # header and navigation
    "nav.curation": ("Bewijs beheren", "Curate evidence"),
    "auth.login": ("Inloggen", "Log in"),
    "auth.logout": ("Uitloggen", "Log out"),
    "auth.signed_in_as": ("Ingelogd als {name}", "Logged in as {name}"),
    "account.label": ("Account", "Account"),
    # login
    "auth.login.title": ("Inloggen voor adviseurs", "Log in for advisers"),
    "auth.login.intro": ("Adviseurs loggen in om bewijsbronnen toe te voegen, te "
                         "bewerken en te beoordelen. Voor zoeken, bladeren, advies en "
                         "de plantoets is geen account nodig.",
                         "Advisers log in to add, edit and grade evidence sources. "
                         "Searching, browsing, recommendations and the plan check need "
                         "no account."),
    "auth.name": ("Gebruikersnaam", "User name"),
    "auth.password": ("Wachtwoord", "Password"),
    "auth.accounts": ("Accounts maakt de beheerder van deze server aan met "
                      "`chiptalent users add NAAM`.",
                      "The administrator of this server makes accounts with "
                      "`chiptalent users add NAME`."),
    "auth.already": ("U bent ingelogd als {name}.", "You are logged in as {name}."),
    "auth.missing": ("Vul uw gebruikersnaam en wachtwoord in.",
                     "Enter your user name and password."),
    "auth.wrong": ("Deze combinatie van gebruikersnaam en wachtwoord klopt niet.",
                   "This combination of user name and password is not right."),
    "auth.too_many": ("Te veel mislukte pogingen. Probeer het over {minutes} minuten "
                      "opnieuw.",
                      "Too many failed attempts. Try again in {minutes} minutes."),
    "auth.required": ("Log in als adviseur om bewijs te beheren.",
                      "Log in as an adviser to curate evidence."),
    "auth.forbidden": ("{name} is ingelogd als {role}; alleen adviseurs mogen het bewijs "
                       "wijzigen.",
                       "{name} is logged in as {role}; only advisers may change the "
                       "evidence."),
    "auth.forbidden.plain": ("Alleen adviseurs mogen het bewijs wijzigen.",
                             "Only advisers may change the evidence."),
    "role.adviser": ("adviseur", "adviser"),
    "role.reviewer": ("beoordelaar", "reviewer"),
    "role.region": ("regio", "region"),
    "csrf.failed": ("Het formulier is verlopen of kwam niet van deze site (het "
                    "beveiligingskenmerk ontbreekt of klopt niet). Laad de pagina "
                    "opnieuw en verstuur het nog eens.",
                    "The form has expired or did not come from this site (its security "
                    "token is missing or wrong). Reload the page and send it again."),
    # errors
    "error.401": ("Inloggen nodig", "Login required"),
    "error.403": ("Geen toegang", "Forbidden"),
    "error.409": ("Conflict", "Conflict"),
    "error.429": ("Te veel pogingen", "Too many attempts"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    # the list
    "curation.title": ("Bewijs beheren", "Curate evidence"),
    "curation.intro": ("Voeg bronnen toe, werk ze bij, koppel ze aan interventies, "
                       "bouwstenen en doelgroepen en geef de sterkte van het bewijs aan. "
                       "Elke wijziging komt met reden in het wijzigingslogboek.",
                       "Add sources, update them, link them to interventions, building "
                       "blocks and target groups and grade the strength of their "
                       "evidence. Every change goes into the change log with its "
                       "reason."),
    "curation.filter": ("Filter op status", "Filter by status"),
    "curation.all": ("Alle", "All"),
    "curation.sources": ("Bewijsbronnen", "Evidence sources"),
    "curation.actions": ("Acties", "Actions"),
    "curation.edit": ("Bewerken", "Edit"),
    "curation.edit_source": ("Deze bron bewerken", "Edit this source"),
    "status.draft": ("concept", "draft"),
    "status.reviewed": ("beoordeeld", "reviewed"),
    "status.retired": ("teruggetrokken", "retired"),
    "status.draft.hint": ("nog niet nagekeken", "not checked yet"),
    "status.reviewed.hint": ("nagekeken door een adviseur", "checked by an adviser"),
    "status.retired.hint": ("onderbouwt niets meer", "informs nothing any more"),
    "curation.is_draft": ("Deze bron is een concept: nog niet nagekeken door een adviseur.",
                          "This source is a draft: not yet checked by an adviser."),
    "curation.is_retired": ("Deze bron is teruggetrokken: ze blijft bewaard maar "
                            "onderbouwt geen interventie meer.",
                            "This source is retired: it is kept but informs no "
                            "intervention any more."),
    # the form
    "curation.new.title": ("Bron toevoegen", "Add a source"),
    "curation.new.intro": ("Een nieuwe bron is een concept tot een adviseur haar als "
                           "beoordeeld markeert. Schrijf de samenvatting in eigen "
                           "woorden.",
                           "A new source is a draft until an adviser marks it reviewed. "
                           "Write the summary in your own words."),
    "curation.edit.title": ("Bron bewerken", "Edit a source"),
    "curation.edit.meta": ("Id {id}, versie {version}", "Id {id}, version {version}"),
    "form.section.source": ("De bron", "The source"),
    "form.section.content": ("Inhoud", "Content"),
    "form.section.strength": ("Sterkte van het bewijs", "Strength of the evidence"),
    "form.section.links": ("Koppelingen", "Links"),
    "form.section.why": ("Waarom deze wijziging", "Why this change"),
    "form.required.mark": ("verplicht", "required"),
    "form.optional": ("optioneel", "optional"),
    "form.choose": ("— kies —", "— choose —"),
    "form.field": ("Veld", "Field"),
    "form.error": ("Fout", "Error"),
    "form.errors": ("Het formulier heeft {n} veld(en) met een fout",
                    "The form has {n} field(s) with an error"),
    "form.required": ("Vul dit veld in.", "Fill in this field."),
    "form.reason_required": ("Schrijf op waarom u dit wijzigt; het komt in het "
                             "wijzigingslogboek.",
                             "Say why you make this change; it goes into the change "
                             "log."),
    "form.year_invalid": ("Een jaartal is vier cijfers, bijvoorbeeld 2024, of leeg.",
                          "A year is four digits, for example 2024, or empty."),
    "form.id_invalid": ("Een id bestaat uit kleine letters en cijfers met streepjes "
                        "ertussen, hoogstens 64 tekens.",
                        "An id is lower-case letters and digits joined by hyphens, at "
                        "most 64 characters."),
    "form.id.hint": ("Leeg laten: het id wordt gemaakt uit uitgever en titel.",
                     "Leave empty: the id is made from publisher and title."),
    "form.title_en.hint": ("Alleen als de bron een Engelse titel heeft.",
                           "Only if the source has an English title."),
    "form.url.hint": ("Alleen een adres dat u hebt gecontroleerd (https://...).",
                      "Only an address you have checked (https://...)."),
    "form.year.hint": ("Vier cijfers, of leeg als het jaar onbekend is.",
                       "Four digits, or empty if the year is unknown."),
    "form.summary.hint": ("In eigen woorden: wat de bron zegt en waarom ze telt.",
                          "In your own words: what the source says and why it counts."),
    "form.alt_labels.hint": ("Zoekwoorden, gescheiden door een puntkomma (;).",
                             "Search words, separated by a semicolon (;)."),
    "form.strength.hint": ("Hoe goed onderbouwt de bron óf en hoeveel een aanpak werkt?",
                           "How well does the source show whether and how much an "
                           "approach works?"),
    "form.strength.scale": ("De schaal", "The scale"),
    "form.strength_reason.hint": ("Waarom deze sterkte: opzet van het onderzoek, "
                                  "vergelijkingsgroep, omvang.",
                                  "Why this strength: study design, comparison group, "
                                  "size."),
    "form.links.hint": ("Welke interventies, bouwstenen, doelgroepen en niveaus deze bron "
                        "onderbouwt.",
                        "Which interventions, building blocks, target groups and levels "
                        "this source informs."),
    "form.reason.hint": ("Bijvoorbeeld: nieuwe versie van het rapport, sterkte herzien na "
                         "effectmeting.",
                         "For example: new version of the report, strength revised after "
                         "an impact study."),
    "form.save": ("Wijziging opslaan", "Save the change"),
    "form.add": ("Bron toevoegen", "Add the source"),
    "form.cancel": ("Annuleren", "Cancel"),
    "field.id": ("Id", "Id"),
    "field.title": ("Titel", "Title"),
    "field.title_en": ("Engelse titel", "English title"),
    "field.publisher": ("Uitgever", "Publisher"),
    "field.url": ("Adres (url)", "Address (url)"),
    "field.year": ("Jaar", "Year"),
    "field.language": ("Taal", "Language"),
    "field.type": ("Soort bron", "Type of source"),
    "field.summary": ("Samenvatting", "Summary"),
    "field.summary_en": ("Engelse samenvatting", "English summary"),
    "field.alt_labels": ("Zoekwoorden", "Search words"),
    "field.strength": ("Sterkte", "Strength"),
    "field.strength_reason": ("Reden voor de sterkte", "Reason for the strength"),
    "field.interventions": ("Interventies", "Interventions"),
    "field.building_blocks": ("Bouwstenen", "Building blocks"),
    "field.target_groups": ("Doelgroepen", "Target groups"),
    "field.levels": ("Niveaus", "Levels"),
    "field.in_seed": ("Genoemd in de uitvraag", "Named in the call"),
    "field.seed_section": ("Plaats in de uitvraag", "Place in the call"),
    "field.seed_quote": ("Citaat uit de uitvraag", "Quote from the call"),
    "field.status": ("Status", "Status"),
    "field.reason": ("Reden van de wijziging", "Reason for the change"),
    "field.file": ("Bestand", "File"),
    "field.format": ("Formaat", "Format"),
    "field.default_type": ("Soort bron (standaard)", "Type of source (default)"),
    "field.default_strength": ("Sterkte (standaard)", "Strength (default)"),
    "field.default_strength_reason": ("Reden voor de sterkte (standaard)",
                                      "Reason for the strength (default)"),
    "field.default_language": ("Taal (standaard)", "Language (default)"),
    "field._form": ("Formulier", "Form"),
    # results of a change
    "curation.added": ("Bron {id} is toegevoegd als versie 1.",
                       "Source {id} was added as version 1."),
    "curation.saved": ("Opgeslagen: {id} is nu versie {version}.",
                       "Saved: {id} is now version {version}."),
    "curation.unchanged": ("Niets gewijzigd: {id} blijft versie {version}.",
                           "Nothing changed: {id} stays at version {version}."),
    "curation.retired": ("Bron {id} is teruggetrokken.", "Source {id} was retired."),
    "curation.not_found": ("Er is geen bewijsbron met het id {id}.",
                           "No evidence source has the id {id}."),
    "curation.id_taken": ("Er bestaat al een bron met het id {id}.",
                          "A source with the id {id} already exists."),
    # conflicts
    "curation.conflict.title": ("Iemand anders heeft deze bron intussen gewijzigd",
                                "Someone else changed this source meanwhile"),
    "curation.conflict": ("Uw wijziging is niet opgeslagen: u bewerkte versie {mine} van "
                          "{id}, maar de bron is nu versie {theirs}. Er is niets "
                          "overschreven.",
                          "Your change was not saved: you edited version {mine} of {id}, "
                          "but the source is now at version {theirs}. Nothing was "
                          "overwritten."),
    "curation.conflict.latest": ("De laatste wijzigingen", "The latest changes"),
    "curation.conflict.unsaved": ("Waar uw invoer verschilt van de huidige versie",
                                  "Where your input differs from the current version"),
    "curation.conflict.current": ("Nu opgeslagen", "Saved now"),
    "curation.conflict.mine": ("Uw niet-opgeslagen invoer", "Your unsaved input"),
    "curation.conflict.next": ("Het formulier hieronder toont de huidige versie. Breng uw "
                               "wijziging opnieuw aan en sla op.",
                               "The form below shows the current version. Make your "
                               "change again and save."),
    # retire
    "curation.retire.title": ("Bron terugtrekken", "Retire the source"),
    "curation.retire.intro": ("Een teruggetrokken bron blijft bewaard, met haar "
                              "geschiedenis, maar onderbouwt geen interventie meer.",
                              "A retired source is kept, with its history, but informs "
                              "no intervention any more."),
    "curation.retire.button": ("Bron terugtrekken", "Retire the source"),
    # unavailable
    "curation.unavailable.title": ("Bewijs beheren is hier niet beschikbaar",
                                   "Curating evidence is not available here"),
    "curation.unavailable.bundled": ("Deze server leest de meegeleverde kennisbank "
                                     "(kb/data). Die wordt niet vanuit de app gewijzigd: "
                                     "adviseurs werken in een eigen kopie.",
                                     "This server reads the bundled knowledge base "
                                     "(kb/data). The app does not change it: advisers "
                                     "work in a copy of their own."),
    "curation.unavailable.how": ("Maak een kopie met `chiptalent evidence seed` en start "
                                 "de server met CHIPTALENT_KB naar die kopie:",
                                 "Seed a copy with `chiptalent evidence seed` and start "
                                 "the server with CHIPTALENT_KB pointing at it:"),
    "curation.unavailable.python": ("Of vanuit Python:", "Or from Python:"),
    "curation.unavailable.log": ("Het wijzigingslogboek komt naast de kopie "
                                 "(changes.jsonl).",
                                 "The change log is kept beside the copy "
                                 "(changes.jsonl)."),
    "curation.unavailable.other": ("De kennisbank van deze server kan niet worden "
                                   "gewijzigd:",
                                   "This server's knowledge base cannot be changed:"),
    # history
    "history.title": ("Wijzigingen", "Changes"),
    "history.caption": ("Wie wijzigde wat, wanneer en waarom (nieuwste eerst)",
                        "Who changed what, when and why (newest first)"),
    "history.none": ("Geen wijzigingen vastgelegd sinds deze bron in de kennisbank kwam.",
                     "No changes recorded since this source entered the knowledge base."),
    "history.when": ("Wanneer", "When"),
    "history.who": ("Wie", "Who"),
    "history.what": ("Wat", "What"),
    "history.why": ("Waarom", "Why"),
    "history.version": ("versie {n}", "version {n}"),
    "history.was": ("was", "was"),
    "history.now": ("nu", "now"),
    "action.add": ("toegevoegd", "added"),
    "action.edit": ("gewijzigd", "edited"),
    "action.retire": ("teruggetrokken", "retired"),
    "action.import": ("geïmporteerd", "imported"),
    # import
    "import.title": ("Bronnen importeren", "Import sources"),
    "import.intro": ("Laad een export uit Zotero of een ander programma (RIS of BibTeX) "
                     "of een CSV-bestand. U ziet eerst wat er zou veranderen; pas na "
                     "bevestigen wordt er iets opgeslagen.",
                     "Upload an export from Zotero or another program (RIS or BibTeX) or "
                     "a CSV file. You first see what would change; nothing is saved "
                     "until you confirm."),
    "import.file.hint": ("RIS (.ris), BibTeX (.bib) of CSV (.csv), UTF-8, hoogstens 1 MB.",
                         "RIS (.ris), BibTeX (.bib) or CSV (.csv), UTF-8, at most 1 MB."),
    "import.format.auto": ("Uit de bestandsnaam", "From the file name"),
    "import.format.ris": ("RIS", "RIS"),
    "import.format.bibtex": ("BibTeX", "BibTeX"),
    "import.format.csv": ("CSV", "CSV"),
    "import.defaults": ("Standaardwaarden voor nieuwe bronnen",
                        "Defaults for new sources"),
    "import.defaults.hint": ("Een bibliografie noemt geen sterkte van bewijs; geef die hier "
                             "voor alle nieuwe bronnen, of vul ze per rij in het bestand.",
                             "A bibliography gives no strength of evidence; give it here "
                             "for all new sources, or fill it in per row of the file."),
    "import.no_default": ("— geen —", "— none —"),
    "import.preview": ("Voorbeeld tonen", "Show the preview"),
    "import.columns": ("Kolommen van een CSV-bestand", "Columns of a CSV file"),
    "import.columns.text": ("De eerste regel noemt de kolommen; lijsten scheidt u met een "
                            "puntkomma.",
                            "The first line names the columns; separate list items with "
                            "a semicolon."),
    "import.file_missing": ("Kies een bestand om te importeren.", "Choose a file to import."),
    "import.not_utf8": ("Het bestand is geen UTF-8-tekst; exporteer het als UTF-8.",
                        "The file is not UTF-8 text; export it as UTF-8."),
    "import.format_invalid": ("Onbekend formaat; toegestaan: {allowed}.",
                              "Unknown format; allowed: {allowed}."),
    "import.format_unknown": ("Kies het formaat: de bestandsnaam eindigt niet op .ris, "
                              ".bib of .csv.",
                              "Choose the format: the file name does not end in .ris, "
                              ".bib or .csv."),
    "import.preview.title": ("Voorbeeld van de import", "Preview of the import"),
    "import.preview.intro": ("{name} ({format}).", "{name} ({format})."),
    "import.counts": ("{new} nieuw, {changed} gewijzigd, {unchanged} ongewijzigd, "
                      "{invalid} met fouten.",
                      "{new} new, {changed} changed, {unchanged} unchanged, {invalid} with "
                      "errors."),
    "import.nothing_yet": ("Er is nog niets opgeslagen.", "Nothing has been saved yet."),
    "import.errors": ("{n} fout(en): de import kan zo niet worden toegepast",
                      "{n} error(s): the import cannot be applied as it is"),
    "import.fix": ("Verbeter het bestand (of geef standaardwaarden) en laad het opnieuw.",
                   "Fix the file (or give defaults) and upload it again."),
    "import.row": ("Rij {n}", "Row {n}"),
    "import.line": ("regel {n}", "line {n}"),
    "import.kind.new": ("nieuw", "new"),
    "import.kind.changed": ("gewijzigd", "changed"),
    "import.kind.unchanged": ("ongewijzigd", "unchanged"),
    "import.kind.invalid": ("fout", "error"),
    "import.changes_of": ("Wijzigingen van rij {n}", "Changes of row {n}"),
    "import.old": ("Nu", "Now"),
    "import.new": ("Na de import", "After the import"),
    "import.diff": ("Het bestand na de import (diff)", "The file after the import (diff)"),
    "import.confirm.title": ("Bevestigen", "Confirm"),
    "import.confirm": ("{n} bron(nen) opslaan", "Save {n} source(s)"),
    "import.nothing_to_do": ("Deze import verandert niets.", "This import changes nothing."),
    "import.again": ("Een ander bestand laden", "Upload another file"),
    "import.expired": ("Dit voorbeeld is verlopen of onbekend; laad het bestand opnieuw.",
                       "This preview has expired or is unknown; upload the file again."),
    "import.changed": ("De kennisbank is sinds het voorbeeld gewijzigd. Er is niets "
                       "opgeslagen; hieronder staat wat de import nu zou doen.",
                       "The knowledge base changed since the preview. Nothing was saved; "
                       "below is what the import would do now."),
    "import.has_errors": ("De import heeft rijen met fouten; er is niets opgeslagen.",
                          "The import has rows with errors; nothing was saved."),
    "import.done.title": ("Import opgeslagen", "Import saved"),
    "import.applied": ("{n} bron(nen) opgeslagen.", "{n} source(s) saved."),
    "import.fields": ("velden", "fields"),
}

i18n.STRINGS.update(STRINGS)
