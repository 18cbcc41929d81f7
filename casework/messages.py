"""The casework message catalogue: every user-facing text of this layer, Dutch (B1) and English.

Render with :func:`message` (the language comes from ``VROEGSIGNAAL_TAAL`` unless given).
"""

from __future__ import annotations

from typing import Any

from signals.i18n import translate

__all__ = ["MESSAGES", "message"]

MESSAGES: dict[str, dict[str, str]] = {
    # Workflow states (labels for the UI; identifiers are in casework.states).
    "state.proposed": {"nl": "Voorgesteld", "en": "Proposed"},
    "state.assigned": {"nl": "Toegewezen", "en": "Assigned"},
    "state.contact_sought": {"nl": "Contact gezocht", "en": "Contact sought"},
    "state.in_conversation": {"nl": "In gesprek", "en": "In conversation"},
    "state.help_started": {"nl": "Hulp gestart", "en": "Help started"},
    "state.help_declined": {"nl": "Hulp afgewezen", "en": "Help declined"},
    "state.no_contact": {"nl": "Geen contact", "en": "No contact"},
    "state.referred": {"nl": "Doorverwezen", "en": "Referred"},
    "state.moved_away": {"nl": "Verhuisd", "en": "Moved away"},
    "state.closed": {"nl": "Afgesloten", "en": "Closed"},
    # Roles.
    "role.maatschappelijk_werker": {"nl": "Maatschappelijk werker", "en": "Social worker"},
    "role.teamleider": {"nl": "Teamleider", "en": "Team lead"},
    "role.data_steward": {"nl": "Datasteward", "en": "Data steward"},
    "role.ethiek_reviewer": {"nl": "Ethiek-reviewer", "en": "Ethics reviewer"},
    "role.beheerder": {"nl": "Beheerder", "en": "Administrator"},
    # Override reasons (human oversight).
    "override.al_in_beeld": {
        "nl": "Huishouden krijgt al hulp of is al in beeld",
        "en": "Household already receives help or is already known",
    },
    "override.situatie_opgelost": {
        "nl": "De achterstand is al opgelost",
        "en": "The arrears have already been resolved",
    },
    "override.gegevens_onjuist": {
        "nl": "De gegevens kloppen niet",
        "en": "The data are wrong",
    },
    "override.signaal_van_elders": {
        "nl": "Signaal van elders (bijvoorbeeld verhuurder of energiebedrijf)",
        "en": "Signal from elsewhere (for example landlord or energy company)",
    },
    "override.professionele_inschatting": {
        "nl": "Professionele inschatting van het team",
        "en": "Professional judgement of the team",
    },
    "override.anders": {"nl": "Andere reden", "en": "Other reason"},
    "override.kind.skip": {"nl": "Voorstel overgeslagen", "en": "Proposal skipped"},
    "override.kind.add": {"nl": "Huishouden toegevoegd", "en": "Household added"},
    # Closing: what the case needed.
    "fix.individueel": {"nl": "Individuele oplossing", "en": "Individual fix"},
    "fix.systeem": {"nl": "Probleem in het systeem (regels botsen)", "en": "System problem"},
    "fix.geen": {"nl": "Geen oplossing nodig of mogelijk", "en": "No fix needed or possible"},
    # Deadline status.
    "deadline.op_tijd": {"nl": "Op tijd", "en": "On time"},
    "deadline.bijna": {"nl": "Bijna te laat", "en": "Due soon"},
    "deadline.te_laat": {"nl": "Te laat", "en": "Overdue"},
    "deadline.gehaald": {"nl": "Gesprek op tijd aangeboden", "en": "Conversation offered in time"},
    "deadline.gemist": {"nl": "Gesprek te laat aangeboden", "en": "Conversation offered late"},
    "deadline.geen": {"nl": "Geen termijn", "en": "No deadline"},
    # Errors.
    "error.illegal_transition": {
        "nl": "Dit kan niet: een casus met status '{van}' kan niet naar '{naar}'. "
        "Toegestaan vanuit '{van}': {toegestaan}.",
        "en": "Not possible: a case with status '{van}' cannot move to '{naar}'. "
        "Allowed from '{van}': {toegestaan}.",
    },
    "error.unknown_state": {
        "nl": "Onbekende status '{state}'. Kies uit: {keuzes}.",
        "en": "Unknown status '{state}'. Choose from: {keuzes}.",
    },
    "error.conflict": {
        "nl": "Iemand anders heeft casus {case_id} net aangepast (versie {actueel}, u had "
        "versie {verwacht}). Er is niets opgeslagen en niets verloren. Open de casus opnieuw "
        "en probeer het nog eens.",
        "en": "Someone else has just changed case {case_id} (version {actueel}, you had version "
        "{verwacht}). Nothing was saved and nothing was lost. Open the case again and retry.",
    },
    "error.not_found": {
        "nl": "Casus {case_id} bestaat niet (of is al verwijderd).",
        "en": "Case {case_id} does not exist (or was already deleted).",
    },
    "error.forbidden": {
        "nl": "U mag dit niet doen: '{action}' hoort niet bij de rol '{role}'.",
        "en": "You may not do this: '{action}' is not part of the role '{role}'.",
    },
    "error.other_team": {
        "nl": "Deze casus hoort bij een ander team. U kunt hem niet openen of wijzigen.",
        "en": "This case belongs to another team. You cannot open or change it.",
    },
    "error.not_coordinator": {
        "nl": "Alleen de coördinator van deze casus ({coordinator}) of de teamleider mag dit doen.",
        "en": "Only the coordinator of this case ({coordinator}) or the team lead may do this.",
    },
    "error.reason_required": {
        "nl": "Geef een reden op. Die wordt bewaard bij de casus.",
        "en": "Give a reason. It is kept with the case.",
    },
    "error.unknown_override_reason": {
        "nl": "Onbekende reden '{reason}'. Kies uit: {keuzes}.",
        "en": "Unknown reason '{reason}'. Choose from: {keuzes}.",
    },
    "error.override_text_required": {
        "nl": "Leg in een paar woorden uit waarom u afwijkt van de ranglijst.",
        "en": "Explain in a few words why you depart from the ranking.",
    },
    "error.skip_not_proposed": {
        "nl": "Alleen een voorstel (status 'Voorgesteld') kan worden overgeslagen.",
        "en": "Only a proposal (status 'Proposed') can be skipped.",
    },
    "error.unknown_fix": {
        "nl": "Onbekende soort oplossing '{fix}'. Kies uit: {keuzes}.",
        "en": "Unknown kind of fix '{fix}'. Choose from: {keuzes}.",
    },
    "error.rules_required": {
        "nl": "Bij een probleem in het systeem: noem welke regels met elkaar botsen.",
        "en": "For a system problem: name which rules clash.",
    },
    "error.close_needs_outcome": {
        "nl": "Een casus kan pas worden afgesloten na een uitkomst ({uitkomsten}). "
        "Huidige status: '{van}'.",
        "en": "A case can only be closed after an outcome ({uitkomsten}). Current status: '{van}'.",
    },
    "error.closed_case": {
        "nl": "Casus {case_id} is afgesloten. Er kan niets meer worden gewijzigd.",
        "en": "Case {case_id} is closed. Nothing can be changed any more.",
    },
    "error.unknown_user": {
        "nl": "Gebruiker '{username}' bestaat niet of is uitgeschakeld.",
        "en": "User '{username}' does not exist or is disabled.",
    },
    "error.user_exists": {
        "nl": "Gebruiker '{username}' bestaat al.",
        "en": "User '{username}' already exists.",
    },
    "error.unknown_role": {
        "nl": "Onbekende rol '{role}'. Kies uit: {keuzes}.",
        "en": "Unknown role '{role}'. Choose from: {keuzes}.",
    },
    "error.team_required": {
        "nl": "De rol '{role}' werkt in een team. Geef een team op met --team.",
        "en": "The role '{role}' works in a team. Give a team with --team.",
    },
    "error.wrong_team_member": {
        "nl": "'{username}' is geen maatschappelijk werker of teamleider van team '{team}'.",
        "en": "'{username}' is not a social worker or team lead of team '{team}'.",
    },
    "error.weak_password": {
        "nl": "Het wachtwoord is te kort: gebruik minstens {min} tekens.",
        "en": "The password is too short: use at least {min} characters.",
    },
    "error.bad_username": {
        "nl": "Ongeldige gebruikersnaam '{username}': gebruik 2 tot 64 kleine letters, cijfers, "
        "punt, streepje of liggend streepje.",
        "en": "Invalid username '{username}': use 2 to 64 lowercase letters, digits, dot, dash "
        "or underscore.",
    },
    "error.no_serving": {
        "nl": "Het bestand {path} ontbreekt. Draai eerst de pijplijn (vroegsignaal run).",
        "en": "The file {path} is missing. Run the pipeline first (vroegsignaal run).",
    },
    "error.no_scores": {
        "nl": "Er zijn geen scores voor {month} in {path}. Draai eerst het model.",
        "en": "There are no scores for {month} in {path}. Run the model first.",
    },
    "error.bad_month": {
        "nl": "Ongeldige maand '{waarde}'. Schrijf de maand als JJJJ-MM, bijvoorbeeld 2025-03.",
        "en": "Invalid month '{waarde}'. Write the month as YYYY-MM, for example 2025-03.",
    },
    "error.unknown_household": {
        "nl": "Huishouden '{household}' is niet bekend in maand {month}.",
        "en": "Household '{household}' is not known in month {month}.",
    },
    "error.open_case_exists": {
        "nl": "Voor dit huishouden loopt al casus {case_id}. Er is één coördinator per huishouden.",
        "en": "Case {case_id} is already open for this household. One coordinator per household.",
    },
    "error.objection": {
        "nl": "Deze bewoner heeft bezwaar gemaakt. Er wordt niets meer met deze gegevens gedaan.",
        "en": "This resident has objected. These data are no longer processed.",
    },
    "error.unknown_group": {
        "nl": "Onbekende groep '{group}'. Kies uit: {keuzes}.",
        "en": "Unknown group '{group}'. Choose from: {keuzes}.",
    },
    "error.bad_bsn": {
        "nl": "'{waarde}' is geen BSN: een BSN heeft 9 cijfers.",
        "en": "'{waarde}' is not a BSN: a BSN has 9 digits.",
    },
    "error.retention_minimum": {
        "nl": "Logboeken moeten minstens 6 maanden bewaard worden (AI-verordening). "
        "U gaf {maanden} maanden.",
        "en": "Logs must be kept for at least 6 months (AI Act). You gave {maanden} months.",
    },
    "error.bad_capacity": {
        "nl": "De capaciteit moet een heel getal van 0 of meer zijn.",
        "en": "The capacity must be a whole number of 0 or more.",
    },
    "error.note_empty": {
        "nl": "Een notitie mag niet leeg zijn.",
        "en": "A note cannot be empty.",
    },
    # Notes written by the system.
    "note.transfer": {
        "nl": "Volgens de BRP is het huishouden in {month} verhuisd naar buiten de gemeente. "
        "Draag het dossier alleen met toestemming van de bewoner over aan de nieuwe gemeente.",
        "en": "According to the BRP the household moved out of the municipality in {month}. "
        "Transfer the file to the new municipality only with the resident's consent.",
    },
    "note.objection": {
        "nl": "De bewoner heeft bezwaar gemaakt. De verwerking is gestopt en de gegevens zijn "
        "tot het minimum teruggebracht.",
        "en": "The resident objected. Processing has stopped and the data have been minimised.",
    },
    # Command line.
    "cli.help": {
        "nl": "Casussen: intake, inzage, auditspoor, bewaartermijnen en capaciteit.",
        "en": "Cases: intake, access requests, audit trail, retention and capacity.",
    },
    "cli.users_help": {"nl": "Gebruikers beheren.", "en": "Manage users."},
    "cli.intake_help": {
        "nl": "Zet de top-k huishoudens van een scoremaand om in voorstellen (idempotent).",
        "en": "Turn the top-k households of a scoring month into proposals (idempotent).",
    },
    "cli.month_help": {
        "nl": "Scoremaand JJJJ-MM (standaard: de laatste).",
        "en": "Scoring month YYYY-MM (default: the latest).",
    },
    "cli.team_help": {"nl": "Team (standaard: wijkteam).", "en": "Team (default: wijkteam)."},
    "cli.k_help": {
        "nl": "Aantal voorstellen (standaard: de capaciteit van het team).",
        "en": "Number of proposals (default: the team's capacity).",
    },
    "cli.intake_summary": {
        "nl": "Intake {month} voor {team} (k={k}): {created} nieuw, {updated} bijgewerkt, "
        "{unchanged} al verwerkt, {objection} overgeslagen wegens bezwaar, {moved} gesloten "
        "wegens verhuizing.",
        "en": "Intake {month} for {team} (k={k}): {created} new, {updated} updated, {unchanged} "
        "already taken in, {objection} skipped because of an objection, {moved} closed because "
        "the household moved.",
    },
    "cli.inzage_help": {
        "nl": "Alles wat over een bewoner is vastgelegd, en wie het heeft ingezien.",
        "en": "Everything recorded about a resident, and who viewed it.",
    },
    "cli.bsn_help": {"nl": "BSN van de bewoner.", "en": "The resident's BSN."},
    "cli.json_help": {"nl": "Toon als JSON.", "en": "Show as JSON."},
    "cli.inzage_title": {"nl": "Inzage voor BSN {bsn}", "en": "Access request for BSN {bsn}"},
    "cli.inzage_cases": {"nl": "Casussen: {n}", "en": "Cases: {n}"},
    "cli.inzage_case": {
        "nl": "- Casus {id} ({status}), team {team}",
        "en": "- Case {id} ({status}), team {team}",
    },
    "cli.inzage_person": {
        "nl": "  Gegevens: {naam}, {adres}, {telefoon}",
        "en": "  Details: {naam}, {adres}, {telefoon}",
    },
    "cli.inzage_reason": {"nl": "  Reden: {reason}", "en": "  Reason: {reason}"},
    "cli.inzage_step": {
        "nl": "  {at}: {kind} door {actor} ({to})",
        "en": "  {at}: {kind} by {actor} ({to})",
    },
    "cli.inzage_scores": {"nl": "Scores: {n} maanden", "en": "Scores: {n} months"},
    "cli.inzage_score": {
        "nl": "- {month}: rang {rank} ({version})",
        "en": "- {month}: rank {rank} ({version})",
    },
    "cli.inzage_views": {
        "nl": "Ingezien door anderen: {n} keer",
        "en": "Viewed by others: {n} times",
    },
    "cli.inzage_view": {
        "nl": "- {at}: {actor} ({what}, casus {case})",
        "en": "- {at}: {actor} ({what}, case {case})",
    },
    "cli.verify_help": {
        "nl": "Controleer de hashketen van het auditspoor (exitcode 1 bij een fout).",
        "en": "Check the audit trail's hash chain (exit code 1 on damage).",
    },
    "cli.expect_head_help": {
        "nl": "Eerder gepubliceerde laatste hash.",
        "en": "A last hash published earlier.",
    },
    "cli.retention_help": {
        "nl": "Anonimiseer oude afgesloten casussen en verwijder oude logregels.",
        "en": "Anonymise old closed cases and delete old log entries.",
    },
    "cli.log_months_help": {
        "nl": "Bewaartermijn logboek in maanden (minstens 6).",
        "en": "Log retention in months (at least 6).",
    },
    "cli.case_months_help": {
        "nl": "Bewaartermijn afgesloten casussen in maanden.",
        "en": "Retention of closed cases in months.",
    },
    "cli.retention_summary": {
        "nl": "{cases} casussen geanonimiseerd (gesloten voor {case_cutoff}), {entries} "
        "logregels verwijderd (ouder dan {log_cutoff}).",
        "en": "{cases} cases anonymised (closed before {case_cutoff}), {entries} log entries "
        "deleted (older than {log_cutoff}).",
    },
    "cli.capacity_help": {
        "nl": "Stel de capaciteit van een team in.",
        "en": "Set a team's capacity.",
    },
    "cli.per_month_help": {
        "nl": "Voorstellen per scoremaand (k).",
        "en": "Proposals per scoring month (k).",
    },
    "cli.per_worker_help": {
        "nl": "Open casussen per werker.",
        "en": "Open cases per worker.",
    },
    "cli.capacity_summary": {
        "nl": "Team {team}: k={k}, {per_worker} casussen per werker.",
        "en": "Team {team}: k={k}, {per_worker} cases per worker.",
    },
    "cli.model_default": {"nl": "modelstandaard", "en": "model default"},
    "cli.add_help": {
        "nl": "Maak een gebruiker aan. Het wachtwoord komt via --password-stdin.",
        "en": "Create a user. The password comes through --password-stdin.",
    },
    "cli.role_help": {
        "nl": "Rol: maatschappelijk_werker, teamleider, data_steward, ethiek_reviewer, beheerder.",
        "en": "Role: maatschappelijk_werker, teamleider, data_steward, ethiek_reviewer, beheerder.",
    },
    "cli.user_team_help": {
        "nl": "Team (voor werkers en teamleiders).",
        "en": "Team (for social workers and team leads).",
    },
    "cli.stdin_help": {
        "nl": "Lees het wachtwoord van standaardinvoer.",
        "en": "Read the password from standard input.",
    },
    "cli.password_stdin": {
        "nl": "Geef het wachtwoord via standaardinvoer met --password-stdin (nooit als argument).",
        "en": "Give the password on standard input with --password-stdin (never as an argument).",
    },
    "cli.user_added": {
        "nl": "Gebruiker {username} aangemaakt (rol {role}{team}).",
        "en": "User {username} created (role {role}{team}).",
    },
    "cli.list_help": {"nl": "Toon alle gebruikers.", "en": "List all users."},
    "cli.active": {"nl": "actief", "en": "active"},
    "cli.disabled": {"nl": "uitgeschakeld", "en": "disabled"},
    "cli.disable_help": {
        "nl": "Schakel een gebruiker uit (gebruikers worden nooit verwijderd: het logboek "
        "noemt ze).",
        "en": "Disable a user (users are never deleted: the log names them).",
    },
    "cli.user_disabled": {
        "nl": "Gebruiker {username} is uitgeschakeld.",
        "en": "User {username} is disabled.",
    },
    "cli.demo_help": {
        "nl": "Maak één demo-account per rol met een willekeurig wachtwoord (alleen nu getoond).",
        "en": "Create one demo account per role with a random password (shown only now).",
    },
    "cli.demo_exists": {
        "nl": "De demo-accounts bestaan al; hun wachtwoorden zijn alleen bij het aanmaken getoond.",
        "en": "The demo accounts already exist; their passwords were shown only when created.",
    },
    "cli.username_help": {"nl": "Gebruikersnaam.", "en": "User name."},
    # Audit verification.
    "audit.ok": {
        "nl": "Het auditspoor is in orde: {count} regels, van nummer {first} tot {last}. "
        "Laatste hash: {head}.",
        "en": "The audit trail is intact: {count} entries, numbers {first} to {last}. "
        "Last hash: {head}.",
    },
    "audit.empty": {
        "nl": "Het auditspoor is leeg en in orde.",
        "en": "The audit trail is empty and intact.",
    },
    "audit.altered": {
        "nl": "Regel {seq} is gewijzigd: de hash klopt niet meer.",
        "en": "Entry {seq} was altered: its hash no longer matches.",
    },
    "audit.broken_link": {
        "nl": "De keten is verbroken bij regel {seq}: de vorige hash klopt niet "
        "(een regel is gewijzigd of verwijderd).",
        "en": "The chain is broken at entry {seq}: the previous hash does not match "
        "(an entry was altered or removed).",
    },
    "audit.gap": {
        "nl": "Regel(s) {van} tot en met {tot} ontbreken: ze zijn verwijderd.",
        "en": "Entries {van} to {tot} are missing: they were removed.",
    },
    "audit.head_mismatch": {
        "nl": "Het laatste controlepunt (regel {verwacht}) past niet bij de laatste regel "
        "({gevonden}): er zijn regels aan het eind verwijderd of toegevoegd buiten het systeem om.",
        "en": "The last checkpoint (entry {verwacht}) does not match the last entry "
        "({gevonden}): entries at the end were removed or added outside the system.",
    },
    "audit.base_mismatch": {
        "nl": "Het begin van het auditspoor klopt niet met de laatste bewaartermijn-opschoning: "
        "regels aan het begin zijn verwijderd of gewijzigd.",
        "en": "The start of the audit trail does not match the last retention purge: entries at "
        "the start were removed or altered.",
    },
    "audit.expected_head": {
        "nl": "De laatste hash ({gevonden}) is niet de verwachte ({verwacht}).",
        "en": "The last hash ({gevonden}) is not the expected one ({verwacht}).",
    },
}


def message(key: str, lang: str | None = None, /, **values: Any) -> str:
    """The text for ``key`` in ``lang`` (default: ``VROEGSIGNAAL_TAAL``, Dutch)."""
    return translate(MESSAGES, key, lang, **values)
