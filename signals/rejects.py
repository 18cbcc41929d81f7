"""The reject reason codes of the signal contract: the one place they are defined.

Every delivered record ends up accepted or rejected with one of these codes and a Dutch message
(B1) that tells a data steward what to fix. English is available through ``VROEGSIGNAAL_TAAL=en``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from signals.i18n import translate

__all__ = ["FILE_LEVEL_CODES", "Reject", "RejectCode", "message"]


class RejectCode(StrEnum):
    ONLEESBAAR_BESTAND = "ONLEESBAAR_BESTAND"
    GEEN_JSON = "GEEN_JSON"
    ONTBREKEND_VELD = "ONTBREKEND_VELD"
    ONGELDIG_BSN = "ONGELDIG_BSN"
    ONGELDIGE_DATUM = "ONGELDIGE_DATUM"
    TOEKOMSTIGE_DATUM = "TOEKOMSTIGE_DATUM"
    ONGELDIG_BEDRAG = "ONGELDIG_BEDRAG"
    ONBEKEND_TYPE = "ONBEKEND_TYPE"
    ONBEKEND_GEBEURTENIS_TYPE = "ONBEKEND_GEBEURTENIS_TYPE"
    VERWIJZING_ONBEKEND = "VERWIJZING_ONBEKEND"
    DUBBEL_KENMERK_ANDERE_INHOUD = "DUBBEL_KENMERK_ANDERE_INHOUD"
    BRON_ONBEKEND = "BRON_ONBEKEND"
    BRON_ZONDER_GRONDSLAG = "BRON_ZONDER_GRONDSLAG"


#: Codes that can reject a whole file (reported with ``line = None``).
FILE_LEVEL_CODES = frozenset(
    {
        RejectCode.ONLEESBAAR_BESTAND,
        RejectCode.GEEN_JSON,
        RejectCode.ONTBREKEND_VELD,  # a CSV whose header misses a column
        RejectCode.BRON_ONBEKEND,
        RejectCode.BRON_ZONDER_GRONDSLAG,
    }
)

# Message templates. Placeholders are filled by the validator; keep them short and say what to fix.
_MESSAGES: dict[str, dict[str, str]] = {
    RejectCode.ONLEESBAAR_BESTAND: {
        "nl": "Het bestand is niet te lezen ({detail}). Lever het opnieuw aan in UTF-8.",
        "en": "The file cannot be read ({detail}). Deliver it again in UTF-8.",
    },
    RejectCode.GEEN_JSON: {
        "nl": "Dit is geen geldige JSON-regel ({detail}). Elke regel moet één JSON-object zijn.",
        "en": "This is not a valid JSON line ({detail}). Every line must be one JSON object.",
    },
    RejectCode.ONTBREKEND_VELD: {
        "nl": "Het veld '{veld}' ontbreekt, is leeg of heeft niet de goede vorm{detail}. "
        "Vul het goed in en lever opnieuw aan.",
        "en": "The field '{veld}' is missing, empty or not in the right form{detail}. "
        "Fill it in correctly and deliver again.",
    },
    RejectCode.ONGELDIG_BSN: {
        "nl": "Het BSN '{waarde}' is niet geldig ({detail}). Controleer het BSN.",
        "en": "The BSN '{waarde}' is not valid ({detail}). Check the BSN.",
    },
    RejectCode.ONGELDIGE_DATUM: {
        "nl": "De datum in '{veld}' is niet geldig: '{waarde}'. Gebruik {formaat}.",
        "en": "The date in '{veld}' is not valid: '{waarde}'. Use {formaat}.",
    },
    RejectCode.TOEKOMSTIGE_DATUM: {
        "nl": "De datum in '{veld}' ({waarde}) ligt na het einde van de leveringsmaand "
        "({peil}). Iets kan niet bekend zijn voordat het gebeurd is: verbeter de datum of "
        "lever de regel in de juiste maand aan.",
        "en": "The date in '{veld}' ({waarde}) is after the end of the delivery month ({peil}). "
        "Nothing can be known before it happens: correct the date or deliver the line in "
        "the right month.",
    },
    RejectCode.ONGELDIG_BEDRAG: {
        "nl": "Het bedrag in '{veld}' is niet geldig: '{waarde}'. "
        "Gebruik hele eurocenten, groter dan 0.",
        "en": "The amount in '{veld}' is not valid: '{waarde}'. "
        "Use whole euro cents, greater than 0.",
    },
    RejectCode.ONBEKEND_TYPE: {
        "nl": "De waarde '{waarde}' in het veld '{veld}' is onbekend{detail}. Verbeter de waarde.",
        "en": "The value '{waarde}' in the field '{veld}' is unknown{detail}. Correct the value.",
    },
    RejectCode.ONBEKEND_GEBEURTENIS_TYPE: {
        "nl": "Het soort gebeurtenis '{waarde}' is onbekend. Toegestaan zijn: {toegestaan}.",
        "en": "The event type '{waarde}' is unknown. Allowed are: {toegestaan}.",
    },
    RejectCode.VERWIJZING_ONBEKEND: {
        "nl": "Deze regel verwijst naar '{waarde}', maar die gebeurtenis of zaak is nooit "
        "aangeleverd. Lever eerst de gebeurtenis waarnaar verwezen wordt.",
        "en": "This line refers to '{waarde}', but that event or case was never delivered. "
        "Deliver the referenced event first.",
    },
    RejectCode.DUBBEL_KENMERK_ANDERE_INHOUD: {
        "nl": "Het gebeurteniskenmerk '{waarde}' is al eerder aangeleverd met een andere inhoud"
        "{eerder}. Een correctie moet een nieuwe gebeurtenis zijn.",
        "en": "The event id '{waarde}' was delivered before with different content{eerder}. "
        "A correction must be a new event.",
    },
    RejectCode.BRON_ONBEKEND: {
        "nl": "De bron '{waarde}' staat niet in het bronnenregister (signals/sources.toml) "
        "of hoort niet bij deze levering{detail}. {gevolg}",
        "en": "The source '{waarde}' is not in the source register (signals/sources.toml) "
        "or does not belong to this delivery{detail}. {gevolg}",
    },
    RejectCode.BRON_ZONDER_GRONDSLAG: {
        "nl": "Voor de bron '{waarde}' is geen wettelijke grondslag vastgelegd, of de bron staat "
        "uit. Het hele bestand is geweigerd.",
        "en": "No legal basis is registered for the source '{waarde}', or the source is switched "
        "off. The whole file was refused.",
    },
}


def message(code: RejectCode, lang: str | None = None, **values: object) -> str:
    """The user-facing message for ``code``; missing placeholders render as empty."""
    return translate(_MESSAGES, code, lang, **values)


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected record (or a whole rejected file when ``line`` is ``None``).

    ``raw`` holds the original line; it can contain a BSN and is shown only to data stewards.
    """

    path: str
    line: int | None
    code: RejectCode
    message: str
    raw: str | None = None
