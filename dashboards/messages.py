"""The dashboards' message catalogue: Dutch (B1) by default, English available.

Every text a user sees on the dashboards comes from here. Render with :func:`t`.
"""

from __future__ import annotations

from signals.i18n import translate

__all__ = ["MESSAGES", "t"]

MESSAGES: dict[str, dict[str, str]] = {
    # -- general ---------------------------------------------------------------------------------
    "app_name": {"nl": "Vroegsignaal", "en": "Vroegsignaal"},
    "switch_language": {"nl": "English", "en": "Nederlands"},
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "logged_in_as": {"nl": "Ingelogd als {user} ({role})", "en": "Logged in as {user} ({role})"},
    "nav_label": {"nl": "Hoofdmenu", "en": "Main menu"},
    "no_data": {
        "nl": "Nog geen gegevens. {detail}",
        "en": "No data yet. {detail}",
    },
    "no_serving": {
        "nl": "De pijplijn heeft nog geen gegevens gepubliceerd.",
        "en": "The pipeline has not published any data yet.",
    },
    "forbidden_title": {"nl": "Geen toegang", "en": "No access"},
    "forbidden_body": {
        "nl": "U heeft geen toegang tot deze pagina. Uw rol is {role}. "
        "Ga naar uw eigen startpagina.",
        "en": "You do not have access to this page. Your role is {role}. "
        "Go to your own start page.",
    },
    "to_start": {"nl": "Naar mijn startpagina", "en": "To my start page"},
    "session_expired": {
        "nl": "Uw sessie is verlopen. Log opnieuw in.",
        "en": "Your session has expired. Please log in again.",
    },
    "error_generic": {
        "nl": "Dat lukte niet: {detail}",
        "en": "That did not work: {detail}",
    },
    "view_failed": {
        "nl": "Deze pagina kon niet worden geladen. Probeer het later opnieuw of meld het bij "
        "de beheerder.",
        "en": "This page could not be loaded. Try again later or tell the administrator.",
    },
    "table_alt": {"nl": "Dezelfde gegevens als tabel", "en": "The same data as a table"},
    # -- login -----------------------------------------------------------------------------------
    "login_title": {"nl": "Inloggen", "en": "Log in"},
    "login_intro": {
        "nl": "Log in met uw gebruikersnaam en wachtwoord.",
        "en": "Log in with your username and password.",
    },
    "login_username": {"nl": "Gebruikersnaam", "en": "Username"},
    "login_password": {"nl": "Wachtwoord", "en": "Password"},
    "login_submit": {"nl": "Inloggen", "en": "Log in"},
    "login_failed": {
        "nl": "Gebruikersnaam of wachtwoord klopt niet. Probeer het opnieuw.",
        "en": "Username or password is not correct. Please try again.",
    },
    "login_locked": {
        "nl": "Er is te vaak een verkeerd wachtwoord ingevuld. Daarom kunt u nu {wachttijd} niet "
        "inloggen. Probeer het daarna opnieuw. Weet u uw wachtwoord niet meer? Vraag de beheerder "
        "om hulp.",
        "en": "A wrong password was entered too often. So you cannot log in for {wachttijd}. "
        "Try again after that. Forgot your password? Ask the administrator for help.",
    },
    "wait_minute": {"nl": "1 minuut", "en": "1 minute"},
    "wait_minutes": {"nl": "{n} minuten", "en": "{n} minutes"},
    "login_expired": {
        "nl": "Uw sessie is verlopen. Log opnieuw in.",
        "en": "Your session has expired. Please log in again.",
    },
    # -- roles and views -------------------------------------------------------------------------
    "view_bord": {"nl": "Casusbord", "en": "Case board"},
    "view_zaak": {"nl": "Dossier", "en": "Case"},
    "view_beheer": {"nl": "Gegevensbeheer", "en": "Data stewardship"},
    "view_ethiek": {"nl": "Ethische toetsing", "en": "Ethics review"},
    # -- board ---------------------------------------------------------------------------------
    "board_empty": {
        "nl": "Er zijn nog geen voorstellen of open zaken voor uw team.",
        "en": "There are no proposals or open cases for your team yet.",
    },
    "filters_title": {"nl": "Filters", "en": "Filters"},
    "filter_state": {"nl": "Status", "en": "Status"},
    "filter_all": {"nl": "Alle", "en": "All"},
    "filter_coordinator": {"nl": "Coördinator", "en": "Coordinator"},
    "filter_mine": {"nl": "Mijn zaken", "en": "My cases"},
    "filter_unassigned": {"nl": "Nog niet toegewezen", "en": "Not yet assigned"},
    "filter_deadline": {"nl": "Termijn", "en": "Term"},
    "filter_deadline_due": {"nl": "Bijna verlopen of te laat", "en": "Almost due or overdue"},
    "filter_search": {"nl": "Zoek op zaaknummer of huishouden", "en": "Search case or household"},
    "filter_search_hint": {"nl": "bijvoorbeeld 12", "en": "for example 12"},
    "proposals_title": {"nl": "Voorstellen van deze maand", "en": "This month's proposals"},
    "proposals_caption": {
        "nl": "Voorstellen, hoogste rang eerst ({n} in totaal)",
        "en": "Proposals, highest rank first ({n} in total)",
    },
    "proposals_none": {
        "nl": "Geen voorstellen die bij de filters passen.",
        "en": "No proposals match the filters.",
    },
    "open_title": {"nl": "Open zaken", "en": "Open cases"},
    "open_caption": {
        "nl": "Open zaken op status en termijn ({n} in totaal)",
        "en": "Open cases by status and term ({n} in total)",
    },
    "open_none": {
        "nl": "Geen open zaken die bij de filters passen.",
        "en": "No open cases match the filters.",
    },
    "by_state_title": {"nl": "Aantal zaken per status", "en": "Cases per status"},
    "page_prev": {"nl": "Vorige", "en": "Previous"},
    "page_next": {"nl": "Volgende", "en": "Next"},
    "page_prev_of": {"nl": "Vorige pagina van {tabel}", "en": "Previous page of {tabel}"},
    "page_next_of": {"nl": "Volgende pagina van {tabel}", "en": "Next page of {tabel}"},
    "page_of": {"nl": "Pagina {page} van {pages}", "en": "Page {page} of {pages}"},
    "col_case": {"nl": "Zaak", "en": "Case"},
    "col_rank": {"nl": "Rang", "en": "Rank"},
    "col_score": {"nl": "Kans", "en": "Probability"},
    "col_month": {"nl": "Maand", "en": "Month"},
    "col_state": {"nl": "Status", "en": "Status"},
    "col_coordinator": {"nl": "Coördinator", "en": "Coordinator"},
    "col_deadline": {"nl": "Termijn eerste gesprek", "en": "Term for first conversation"},
    "case_link": {"nl": "Zaak {id}", "en": "Case {id}"},
    "nobody": {"nl": "nog niemand", "en": "nobody yet"},
    "capacity_title": {"nl": "Capaciteit van het team", "en": "Team capacity"},
    "capacity_label": {
        "nl": "{open} open zaken, ruimte voor {capacity} ({workers} medewerkers)",
        "en": "{open} open cases, room for {capacity} ({workers} workers)",
    },
    "workload_caption": {"nl": "Werkdruk per medewerker", "en": "Workload per worker"},
    "workload_over": {"nl": "te veel zaken", "en": "too many cases"},
    "workload_ok": {"nl": "binnen de norm", "en": "within the norm"},
    "col_worker": {"nl": "Medewerker", "en": "Worker"},
    "col_open_cases": {"nl": "Open zaken", "en": "Open cases"},
    "col_norm": {"nl": "Norm: {norm} zaken", "en": "Norm: {norm} cases"},
    "capacity_unknown": {
        "nl": "De capaciteit van het team is niet bekend.",
        "en": "The team's capacity is not known.",
    },
    "deadline_all_ok": {
        "nl": "Alle termijnen voor een eerste gesprek zijn op tijd.",
        "en": "All terms for a first conversation are on time.",
    },
    "deadline_warning": {
        "nl": "Let op: bij {overdue} zaken is de termijn voor een eerste gesprek verlopen, "
        "bij {soon} zaken verloopt hij bijna "
        "({threatening} met dreigende uitzetting of afsluiting).",
        "en": "Attention: {overdue} cases are past the term for a first conversation, "
        "{soon} are almost due ({threatening} with a pending eviction or disconnection).",
    },
    # -- actions -------------------------------------------------------------------------------
    "actions_title": {"nl": "Wat wilt u doen?", "en": "What do you want to do?"},
    "action_case": {"nl": "Kies een zaak", "en": "Choose a case"},
    "action_take": {"nl": "Zaak oppakken", "en": "Take this case"},
    "action_assign_to": {"nl": "Toewijzen aan", "en": "Assign to"},
    "action_assign": {"nl": "Toewijzen", "en": "Assign"},
    "action_assign_pick": {"nl": "Kies eerst een collega.", "en": "Choose a colleague first."},
    "action_transition_title": {"nl": "Status wijzigen", "en": "Change status"},
    "action_new_state": {"nl": "Nieuwe status", "en": "New status"},
    "action_reason": {"nl": "Reden", "en": "Reason"},
    "action_reason_hint": {
        "nl": "Waarom verandert de status?",
        "en": "Why does the status change?",
    },
    "action_transition": {"nl": "Status wijzigen", "en": "Change status"},
    "action_skip_title": {
        "nl": "Niet eens met het voorstel? Sla het over met een reden",
        "en": "Disagree with the proposal? Skip it with a reason",
    },
    "action_skip_reason": {"nl": "Reden om over te slaan", "en": "Reason to skip"},
    "action_skip_text": {"nl": "Toelichting", "en": "Explanation"},
    "action_skip_text_hint": {"nl": "Leg kort uit waarom", "en": "Briefly explain why"},
    "action_skip": {"nl": "Voorstel overslaan", "en": "Skip proposal"},
    "action_pick_first": {"nl": "Kies eerst een zaak.", "en": "Choose a case first."},
    "done_take": {"nl": "Zaak {id} is nu van u.", "en": "Case {id} is now yours."},
    "done_assign": {
        "nl": "Zaak {id} is toegewezen aan {user}.",
        "en": "Case {id} is assigned to {user}.",
    },
    "done_transition": {
        "nl": "Zaak {id} heeft nu de status: {state}.",
        "en": "Case {id} now has the status: {state}.",
    },
    "done_skip": {
        "nl": "Voorstel {id} is overgeslagen. Uw reden is vastgelegd.",
        "en": "Proposal {id} was skipped. Your reason has been recorded.",
    },
    # -- case page -----------------------------------------------------------------------------
    "case_no_id": {
        "nl": "Geen zaaknummer gekozen. Ga terug naar het casusbord en kies een zaak.",
        "en": "No case chosen. Go back to the case board and choose a case.",
    },
    "back_to_board": {"nl": "Terug naar het casusbord", "en": "Back to the case board"},
    "case_household": {"nl": "Huishouden (pseudoniem)", "en": "Household (pseudonym)"},
    "case_objection": {
        "nl": "Deze inwoner heeft bezwaar gemaakt. De verwerking is gestopt.",
        "en": "This resident has objected. Processing has stopped.",
    },
    "persons_title": {"nl": "Wie woont er?", "en": "Who lives here?"},
    "persons_caption": {"nl": "Leden van het huishouden", "en": "Members of the household"},
    "case_no_persons": {
        "nl": "Er zijn geen gegevens van personen (meer) bij deze zaak.",
        "en": "There are no (longer any) personal details for this case.",
    },
    "person_name": {"nl": "Naam", "en": "Name"},
    "person_address": {"nl": "Adres", "en": "Address"},
    "person_postcode": {"nl": "Postcode", "en": "Postcode"},
    "person_city": {"nl": "Woonplaats", "en": "Town"},
    "person_phone": {"nl": "Telefoon", "en": "Phone"},
    "arrears_title": {"nl": "Achterstanden per instantie", "en": "Arrears per agency"},
    "arrears_none": {
        "nl": "Er is nog geen verloop van achterstanden gepubliceerd voor dit huishouden.",
        "en": "No arrears history has been published for this household yet.",
    },
    "arrears_chart": {
        "nl": "Achterstand per instantie per maand (euro)",
        "en": "Arrears per agency per month (euro)",
    },
    "arrears_now_caption": {
        "nl": "Achterstand en saldo nu, per instantie (stand {month})",
        "en": "Arrears and balance now, per agency (as of {month})",
    },
    "euro": {"nl": "euro", "en": "euro"},
    "col_agency": {"nl": "Instantie", "en": "Agency"},
    "col_arrears": {"nl": "Achterstand", "en": "Arrears"},
    "col_balance": {"nl": "Openstaand saldo", "en": "Outstanding balance"},
    "reasons_title": {
        "nl": "Waarom staat dit huishouden op de lijst?",
        "en": "Why is this household on the list?",
    },
    "reasons_none": {
        "nl": "Er is geen uitleg bij deze zaak "
        "(bijvoorbeeld omdat een medewerker het huishouden zelf heeft toegevoegd).",
        "en": "There is no explanation for this case "
        "(for example because a worker added the household).",
    },
    "reasons_chart": {"nl": "Wat telde het zwaarst mee", "en": "What counted most"},
    "reasons_axis": {
        "nl": "Bijdrage aan de kans (meer dan 0 = verhoogt de kans)",
        "en": "Contribution to the probability (above 0 = raises it)",
    },
    "col_reason": {"nl": "Reden", "en": "Reason"},
    "col_contribution": {"nl": "Bijdrage", "en": "Contribution"},
    "notes_title": {"nl": "Notities", "en": "Notes"},
    "notes_none": {"nl": "Nog geen notities.", "en": "No notes yet."},
    "note_new": {"nl": "Nieuwe notitie", "en": "New note"},
    "note_hint": {"nl": "Schrijf hier uw notitie", "en": "Write your note here"},
    "note_save": {"nl": "Notitie opslaan", "en": "Save note"},
    "note_saved": {"nl": "De notitie is opgeslagen.", "en": "The note has been saved."},
    "outcome_title": {"nl": "Zaak afsluiten", "en": "Close the case"},
    "outcome_intro": {
        "nl": "Vul dit in als de zaak klaar is. "
        "Kies wat er nodig was en schrijf kort wat er is gebeurd.",
        "en": "Fill this in when the case is done. "
        "Choose what was needed and briefly write what happened.",
    },
    "outcome_fix": {"nl": "Wat was er nodig?", "en": "What was needed?"},
    "outcome_rules": {
        "nl": "Welke regels botsten? (scheid met ;)",
        "en": "Which rules clashed? (separate with ;)",
    },
    "outcome_rules_hint": {
        "nl": "bijvoorbeeld: verhoging CJIB; bestuursrechtelijke premie CAK",
        "en": "for example: CJIB increase; CAK administrative premium",
    },
    "outcome_reason": {"nl": "Wat is er gebeurd?", "en": "What happened?"},
    "outcome_not_yet": {
        "nl": "U kunt de zaak afsluiten als er een uitkomst is: hulp gestart, hulp afgewezen, "
        "geen contact, doorverwezen of verhuisd.",
        "en": "You can close the case once it has an outcome: help started, help declined, "
        "no contact, referred or moved away.",
    },
    "outcome_close": {"nl": "Zaak afsluiten", "en": "Close case"},
    "outcome_done": {"nl": "Zaak {id} is afgesloten.", "en": "Case {id} has been closed."},
    "outcome_closed": {
        "nl": "Deze zaak is afgesloten. Uitkomst: {outcome}.",
        "en": "This case is closed. Outcome: {outcome}.",
    },
    "letter_title": {"nl": "Uitnodigingsbrief", "en": "Invitation letter"},
    "letter_intro": {
        "nl": "Een voorstel voor een brief. Pas hem aan waar nodig en druk hem af.",
        "en": "A draft letter. Change it where needed and print it.",
    },
    "letter_label": {"nl": "Tekst van de brief", "en": "Text of the letter"},
    "letter_print": {"nl": "Brief afdrukken", "en": "Print letter"},
    "history_title": {
        "nl": "Wat is er gebeurd met deze zaak?",
        "en": "What happened to this case?",
    },
    "col_when": {"nl": "Wanneer", "en": "When"},
    "col_who": {"nl": "Wie", "en": "Who"},
    # -- steward -------------------------------------------------------------------------------
    "runs_title": {"nl": "Pijplijnruns", "en": "Pipeline runs"},
    "runs_none": {
        "nl": "Er zijn nog geen runs van de pijplijn gevonden.",
        "en": "No pipeline runs have been found yet.",
    },
    "runs_caption": {
        "nl": "De laatste runs, nieuwste eerst",
        "en": "The latest runs, newest first",
    },
    "col_job": {"nl": "Taak", "en": "Job"},
    "col_status": {"nl": "Status", "en": "Status"},
    "col_start": {"nl": "Begin", "en": "Start"},
    "col_end": {"nl": "Einde", "en": "End"},
    "col_run": {"nl": "Run", "en": "Run"},
    "checks_title": {"nl": "Controles", "en": "Checks"},
    "checks_none": {
        "nl": "Er zijn nog geen controleresultaten.",
        "en": "There are no check results yet.",
    },
    "checks_caption": {
        "nl": "Resultaten van de controles in de laatste runs",
        "en": "Check results of the latest runs",
    },
    "col_asset": {"nl": "Onderdeel", "en": "Asset"},
    "col_check": {"nl": "Controle", "en": "Check"},
    "col_result": {"nl": "Resultaat", "en": "Result"},
    "col_detail": {"nl": "Details", "en": "Details"},
    "check_pass": {"nl": "goed", "en": "passed"},
    "check_fail": {"nl": "NIET goed", "en": "FAILED"},
    "checks_summary": {
        "nl": "{n} controles in de laatste runs, waarvan {failed} niet goed.",
        "en": "{n} checks in the latest runs, {failed} of them failed.",
    },
    "checks_failed": {"nl": "Controles die niet goed waren", "en": "Checks that failed"},
    "checks_all": {"nl": "Alle {n} controles", "en": "All {n} checks"},
    "recon_attention": {
        "nl": "Leveringen met afgekeurde regels of een verschil",
        "en": "Deliveries with rejected records or a difference",
    },
    "recon_all": {"nl": "Alle {n} leveringen", "en": "All {n} deliveries"},
    "fresh_title": {"nl": "Actualiteit per bron", "en": "Freshness per source"},
    "fresh_caption": {
        "nl": "Laatste levering per bron en ontbrekende of late maanden",
        "en": "Latest delivery per source and missing or late months",
    },
    "fresh_no_gaps": {"nl": "alles geleverd", "en": "all delivered"},
    "deliveries_none": {
        "nl": "Er zijn nog geen leveringen verwerkt.",
        "en": "No deliveries have been processed yet.",
    },
    "col_source": {"nl": "Bron", "en": "Source"},
    "col_last_month": {"nl": "Laatste maand", "en": "Latest month"},
    "col_loaded": {"nl": "Geladen op", "en": "Loaded at"},
    "col_files": {"nl": "Bestanden", "en": "Files"},
    "col_gaps": {"nl": "Ontbreekt of te laat", "en": "Missing or late"},
    "recon_title": {"nl": "Aansluiting per levering", "en": "Reconciliation per delivery"},
    "recon_ok": {
        "nl": "Alle {n} leveringen sluiten aan: "
        "ontvangen = geaccepteerd + afgekeurd + niet verwerkt.",
        "en": "All {n} deliveries reconcile: received = accepted + rejected + dropped.",
    },
    "recon_bad": {
        "nl": "Let op: {bad} leveringen sluiten niet aan. Zoek uit waar regels zijn gebleven.",
        "en": "Attention: {bad} deliveries do not reconcile. Find out where records went.",
    },
    "recon_caption": {"nl": "Leveringen, nieuwste eerst", "en": "Deliveries, newest first"},
    "col_file": {"nl": "Bestand", "en": "File"},
    "col_received": {"nl": "Ontvangen", "en": "Received"},
    "col_accepted": {"nl": "Geaccepteerd", "en": "Accepted"},
    "col_rejected": {"nl": "Afgekeurd", "en": "Rejected"},
    "col_dropped": {"nl": "Niet verwerkt (beleid)", "en": "Dropped (policy)"},
    "col_reconciles": {"nl": "Sluit aan", "en": "Reconciles"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "linkage_title": {"nl": "Koppeling met de BRP", "en": "Linkage with the population register"},
    "linkage_intro": {
        "nl": "Welk deel van de regels van een instantie hoort bij iemand die in de BRP staat.",
        "en": "Which share of an agency's records belongs to someone in the population register.",
    },
    "linkage_caption": {
        "nl": "Koppelpercentage per maand (rij) en bron (kolom), laatste 12 maanden",
        "en": "Linkage rate per month (row) and source (column), latest 12 months",
    },
    "col_linkage": {"nl": "Gekoppeld", "en": "Linked"},
    "rejects_title": {"nl": "Afgekeurde regels", "en": "Rejected records"},
    "rejects_none": {
        "nl": "Er zijn geen afgekeurde regels.",
        "en": "There are no rejected records.",
    },
    "rejects_count_caption": {
        "nl": "Aantal afgekeurde regels per bron en reden",
        "en": "Rejected records per source and reason",
    },
    "rejects_caption": {
        "nl": "Afgekeurde regels met de reden (de nieuwste {n})",
        "en": "Rejected records with the reason (the latest {n})",
    },
    "col_line": {"nl": "Regel", "en": "Line"},
    "col_code": {"nl": "Code", "en": "Code"},
    "col_count": {"nl": "Aantal", "en": "Count"},
    "col_raw": {"nl": "Originele regel", "en": "Original line"},
    "retention_title": {
        "nl": "Bewaartermijnen: wat is verwijderd",
        "en": "Retention: what was deleted",
    },
    "retention_none": {"nl": "Er is nog niets verwijderd.", "en": "Nothing has been deleted yet."},
    "retention_caption": {"nl": "Verwijderingen, nieuwste eerst", "en": "Deletions, newest first"},
    "col_table": {"nl": "Tabel", "en": "Table"},
    "col_cutoff": {"nl": "Ouder dan", "en": "Older than"},
    "col_rows_deleted": {"nl": "Verwijderd", "en": "Deleted"},
    # -- ethics --------------------------------------------------------------------------------
    "card_title": {"nl": "Modelkaart", "en": "Model card"},
    "card_open": {"nl": "De modelkaart", "en": "The model card"},
    "card_none": {"nl": "Er is nog geen modelkaart.", "en": "There is no model card yet."},
    "model_none": {"nl": "Er is nog geen model getraind.", "en": "No model has been trained yet."},
    "model_active": {
        "nl": "Modelversie in gebruik: {version}",
        "en": "Model version in use: {version}",
    },
    "perf_title": {
        "nl": "Prestaties: model, vuistregels en het best haalbare",
        "en": "Performance: model, baselines and the oracle",
    },
    "perf_none": {"nl": "Er zijn nog geen testresultaten.", "en": "There are no test results yet."},
    "perf_caption": {
        "nl": "Gemiddelde over de testmaanden, bij capaciteit k = {k}",
        "en": "Mean over the test months, at capacity k = {k}",
    },
    "perf_chart": {"nl": "Precisie bij k per testmaand", "en": "Precision at k per test month"},
    "ranker_model": {"nl": "Model", "en": "Model"},
    "ranker_threshold_rule": {"nl": "Drempelregel (nu)", "en": "Threshold rule (today)"},
    "ranker_logistic_regression": {"nl": "Logistische regressie", "en": "Logistic regression"},
    "ranker_oracle": {"nl": "Best haalbaar (orakel)", "en": "Oracle"},
    "metric_precision_at_k": {"nl": "Precisie bij k", "en": "Precision at k"},
    "metric_recall_at_k": {"nl": "Recall bij k", "en": "Recall at k"},
    "metric_pr_auc": {"nl": "PR-AUC", "en": "PR-AUC"},
    "metric_brier": {"nl": "Brier-score (lager is beter)", "en": "Brier score (lower is better)"},
    "col_metric": {"nl": "Maat", "en": "Metric"},
    "fair_title": {"nl": "Eerlijkheidsaudit", "en": "Fairness audit"},
    "fair_none": {"nl": "Er is nog geen audit uitgevoerd.", "en": "No audit has been run yet."},
    "fair_no_checks": {
        "nl": "De audit bevat geen controles.",
        "en": "The audit contains no checks.",
    },
    "fair_verdict": {
        "nl": "Audit van model {version}: {verdict}",
        "en": "Audit of model {version}: {verdict}",
    },
    "fair_chart": {
        "nl": "{metric} per groep, met 95%-betrouwbaarheidsinterval",
        "en": "{metric} per group, with 95% confidence interval",
    },
    "fair_caption": {"nl": "Alle controles van de audit", "en": "All checks of the audit"},
    "verdict_pass": {"nl": "voldoet", "en": "pass"},
    "verdict_fail": {"nl": "voldoet niet", "en": "fail"},
    "verdict_undetermined": {"nl": "onbeslist", "en": "undetermined"},
    "verdict_too_small": {
        "nl": "groep te klein om te beoordelen",
        "en": "group too small to judge",
    },
    "col_attribute": {"nl": "Kenmerk", "en": "Attribute"},
    "col_group": {"nl": "Groep", "en": "Group"},
    "col_value": {"nl": "Waarde", "en": "Value"},
    "col_ci_low": {"nl": "Ondergrens", "en": "Lower bound"},
    "col_ci_high": {"nl": "Bovengrens", "en": "Upper bound"},
    "col_threshold": {"nl": "Drempel", "en": "Threshold"},
    "col_n": {"nl": "Aantal", "en": "Count"},
    "col_verdict": {"nl": "Oordeel", "en": "Verdict"},
    "col_note": {"nl": "Toelichting", "en": "Note"},
    "fair_alert": {
        "nl": "Waarschuwing uit de live controle: {text}",
        "en": "Alert from live monitoring: {text}",
    },
    "live_title": {"nl": "Controle op echte uitkomsten", "en": "Audit on live outcomes"},
    "live_caption": {
        "nl": "Oordeel per maand met bekende uitkomsten",
        "en": "Verdict per month with known outcomes",
    },
    "proxy_summary": {
        "nl": "{n} van de {total} kenmerken vragen om een beoordeling.",
        "en": "{n} of {total} features need review.",
    },
    "fairmetric_recall_ratio": {
        "nl": "Recall-verhouding tot de best bediende groep",
        "en": "Recall ratio to the best-served group",
    },
    "fairmetric_calibration_ratio": {
        "nl": "Kalibratie (uitkomsten gedeeld door verwachte)",
        "en": "Calibration (outcomes divided by expected)",
    },
    "fairmetric_relative_calibration": {
        "nl": "Kalibratie vergeleken met iedereen",
        "en": "Calibration relative to everyone",
    },
    "fairmetric_proxy_auc": {"nl": "Proxy-AUC", "en": "Proxy AUC"},
    "download_signoffs": {"nl": "Ondertekeningen: {name}", "en": "Sign-offs: {name}"},
    "proxy_title": {"nl": "Mogelijke vervangende kenmerken (proxy's)", "en": "Possible proxies"},
    "proxy_none": {"nl": "Er is nog geen proxycontrole.", "en": "There is no proxy check yet."},
    "proxy_caption": {
        "nl": "Hoe goed kenmerken een beschermd kenmerk voorspellen",
        "en": "How well features predict a protected attribute",
    },
    "global_title": {
        "nl": "Wat weegt het zwaarst in het model",
        "en": "What weighs most in the model",
    },
    "global_none": {
        "nl": "Er is nog geen globale uitleg.",
        "en": "There is no global explanation yet.",
    },
    "global_chart": {"nl": "Gemiddelde invloed per kenmerk", "en": "Mean influence per feature"},
    "global_axis": {"nl": "Gemiddelde absolute bijdrage", "en": "Mean absolute contribution"},
    "col_feature": {"nl": "Kenmerk", "en": "Feature"},
    "col_meaning": {"nl": "Betekenis", "en": "Meaning"},
    "col_importance": {"nl": "Invloed", "en": "Influence"},
    "overrides_title": {"nl": "Afwijkingen van de ranglijst", "en": "Overrides of the ranking"},
    "overrides_by": {"nl": "Groep", "en": "Group"},
    "overrides_none": {
        "nl": "Er zijn nog geen afwijkingen vastgelegd.",
        "en": "No overrides have been recorded yet.",
    },
    "overrides_caption": {
        "nl": "Afwijkingen per groep en reden (kleine aantallen verborgen)",
        "en": "Overrides per group and reason (small counts hidden)",
    },
    "override_kind_skip": {"nl": "voorstel overgeslagen", "en": "proposal skipped"},
    "override_kind_add": {"nl": "huishouden toegevoegd", "en": "household added"},
    "col_kind": {"nl": "Soort", "en": "Kind"},
    "col_proposals": {"nl": "Voorstellen in de groep", "en": "Proposals in the group"},
    "suppressed": {"nl": "minder dan 5", "en": "fewer than 5"},
    "group_geslacht": {"nl": "Geslacht", "en": "Gender"},
    "group_leeftijdsgroep": {"nl": "Leeftijdsgroep", "en": "Age band"},
    "group_migratieachtergrond": {"nl": "Migratieachtergrond", "en": "Migration background"},
    "group_wijk": {"nl": "Wijk", "en": "Neighbourhood"},
    "group_huishoudtype": {"nl": "Soort huishouden", "en": "Household type"},
    "access_title": {
        "nl": "Wie keek naar gegevens (laatste 30 dagen)",
        "en": "Who looked at data (last 30 days)",
    },
    "access_none": {
        "nl": "Er is nog niet naar gegevens gekeken.",
        "en": "No data has been viewed yet.",
    },
    "access_caption": {"nl": "Samenvatting van het toegangslog", "en": "Summary of the access log"},
    "downloads_title": {"nl": "Downloads", "en": "Downloads"},
    "downloads_none": {
        "nl": "Er zijn nog geen bestanden om te downloaden.",
        "en": "There are no files to download yet.",
    },
    "download_audit_json": {
        "nl": "Auditrapport (JSON): {name}",
        "en": "Audit report (JSON): {name}",
    },
    "download_audit_html": {
        "nl": "Auditrapport (HTML): {name}",
        "en": "Audit report (HTML): {name}",
    },
    "download_export": {
        "nl": "Auditexport (Parquet): {name}",
        "en": "Audit export (Parquet): {name}",
    },
    "download_register": {"nl": "Algoritmeregister: {name}", "en": "Algorithm register: {name}"},
    "download_card": {"nl": "Modelkaart (HTML): {name}", "en": "Model card (HTML): {name}"},
}


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """Render message ``key`` in ``lang`` (default: ``VROEGSIGNAAL_TAAL``, else Dutch)."""
    return translate(MESSAGES, key, lang, **values)
