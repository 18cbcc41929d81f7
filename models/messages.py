"""User-facing messages of the model layer (Dutch B1 default, English available)."""

from __future__ import annotations

from signals.i18n import translate

__all__ = ["MESSAGES", "ModelError", "message"]

MESSAGES: dict[str, dict[str, str]] = {
    "geen_serving": {
        "nl": "Er is nog geen gepubliceerde gegevensopslag ({path}). Draai eerst de pijplijn.",
        "en": "There is no published serving store yet ({path}). Run the pipeline first.",
    },
    "tabel_ontbreekt": {
        "nl": "De tabel {table} ontbreekt in {path}. Draai eerst de pijplijn.",
        "en": "The table {table} is missing from {path}. Run the pipeline first.",
    },
    "kolommen_ontbreken": {
        "nl": "De tabel {table} mist deze kolommen: {columns}.",
        "en": "The table {table} lacks these columns: {columns}.",
    },
    "te_weinig_maanden": {
        "nl": (
            "Te weinig maanden met bekende uitkomsten om eerlijk te toetsen: nodig zijn "
            "{needed} maanden, er zijn er {have}. Wacht op meer aanleveringen."
        ),
        "en": (
            "Too few months with known outcomes for an honest test: {needed} months are needed, "
            "there are {have}. Wait for more deliveries."
        ),
    },
    "geen_positieven": {
        "nl": "In de trainingsperiode tot {month} is geen enkele uitkomst geregistreerd.",
        "en": "No outcome at all was recorded in the training period up to {month}.",
    },
    "onbekende_versie": {
        "nl": "Modelversie {version} bestaat niet in {path}.",
        "en": "Model version {version} does not exist in {path}.",
    },
    "geen_actief_model": {
        "nl": (
            "Er is nog geen actief model. Activeer eerst een versie: "
            "vroegsignaal model activate VERSIE."
        ),
        "en": (
            "There is no active model yet. Activate a version first: "
            "vroegsignaal model activate VERSION."
        ),
    },
    "geen_modellen": {
        "nl": (
            "Er zijn nog geen getrainde modellen in {path}. Train eerst: vroegsignaal model train."
        ),
        "en": "There are no trained models in {path} yet. Train first: vroegsignaal model train.",
    },
    "geen_toets": {
        "nl": (
            "Modelversie {version} is nog niet op eerlijkheid getoetst ({path} ontbreekt). "
            "Draai eerst: vroegsignaal audit."
        ),
        "en": (
            "Model version {version} has not been audited for fairness yet ({path} is missing). "
            "Run: vroegsignaal audit."
        ),
    },
    "toets_afgekeurd": {
        "nl": "Modelversie {version} is afgekeurd bij de eerlijkheidstoets. Activeren mag niet.",
        "en": "Model version {version} failed the fairness gate. It may not be activated.",
    },
    "toets_onbeslist": {
        "nl": (
            "De eerlijkheidstoets van modelversie {version} is onbeslist. Activeren mag alleen met "
            "een schriftelijke akkoordverklaring (reviewer, reden, tijdstip)."
        ),
        "en": (
            "The fairness gate of model version {version} is undetermined. Activation needs a "
            "written sign-off (reviewer, reason, time)."
        ),
    },
    "toets_onleesbaar": {
        "nl": "Het toetsbestand {path} is niet leesbaar of onvolledig: {detail}.",
        "en": "The gate file {path} is unreadable or incomplete: {detail}.",
    },
    "artefact_gewijzigd": {
        "nl": (
            "Bestand {file} van modelversie {version} is gewijzigd na het trainen. "
            "Gebruik is geweigerd."
        ),
        "en": "File {file} of model version {version} changed after training. Use is refused.",
    },
    "maand_zonder_gegevens": {
        "nl": "Voor maand {month} zijn er geen huishoudgegevens om te scoren.",
        "en": "There are no household features to score for month {month}.",
    },
    "geen_inwoners": {
        "nl": (
            "Het aantal inwoners is onbekend, dus de capaciteit k kan niet worden berekend. "
            "Geef k op met --k."
        ),
        "en": "The number of residents is unknown, so capacity k cannot be computed. Pass --k.",
    },
    "getraind": {
        "nl": "Model {version} getraind en vastgelegd in {path}.",
        "en": "Model {version} trained and stored in {path}.",
    },
    "al_getraind": {
        "nl": "Model {version} bestond al met precies deze gegevens en instellingen.",
        "en": "Model {version} already existed with exactly this data and settings.",
    },
    "geactiveerd": {
        "nl": "Modelversie {version} is nu actief.",
        "en": "Model version {version} is now active.",
    },
    "kaart_geschreven": {
        "nl": "Modelkaart en Algoritmeregister-tekst geschreven: {paths}",
        "en": "Model card and Algoritmeregister entry written: {paths}",
    },
}


def message(key: str, lang: str | None = None, **values: object) -> str:
    return translate(MESSAGES, key, lang, **values)


class ModelError(Exception):
    """A problem the user can fix, with a message in their language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(translate(MESSAGES, key, None, **values))

    def text(self, lang: str | None = None) -> str:
        return translate(MESSAGES, self.key, lang, **self.values)
