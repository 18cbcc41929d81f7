"""User-facing text of the fairness layer: Dutch (B1) by default, English available."""

from __future__ import annotations

from signals.i18n import translate

__all__ = ["MESSAGES", "text"]

MESSAGES: dict[str, dict[str, str]] = {
    # errors
    "kolommen_ontbreken": {
        "nl": "De evaluatietabel mist kolommen: {columns}.",
        "en": "The evaluation table lacks columns: {columns}.",
    },
    "dubbele_rijen": {
        "nl": "De evaluatietabel heeft een huishouden twee keer in dezelfde maand.",
        "en": "The evaluation table holds a household twice in the same month.",
    },
    "groepen_ontbreken": {
        "nl": "De tabel met beschermde kenmerken mist kolommen: {columns}.",
        "en": "The protected-attribute table lacks columns: {columns}.",
    },
    "geen_rijen": {
        "nl": "Er is niets om te toetsen: de evaluatietabel is leeg.",
        "en": "There is nothing to audit: the evaluation table is empty.",
    },
    "score_ongeldig": {
        "nl": "Een score ontbreekt of ligt niet tussen 0 en 1.",
        "en": "A score is missing or not between 0 and 1.",
    },
    "geen_restricted": {
        "nl": "De beschermde kenmerken ontbreken ({path}). Draai eerst de pijplijn: "
        "vroegsignaal run.",
        "en": "The protected attributes are missing ({path}). Run the pipeline first: "
        "vroegsignaal run.",
    },
    "geen_serving": {
        "nl": "De gepubliceerde gegevens ontbreken ({path}). Draai eerst de pijplijn: "
        "vroegsignaal run.",
        "en": "The published data is missing ({path}). Run the pipeline first: vroegsignaal run.",
    },
    "geen_model": {
        "nl": "Er is geen model om te toetsen in {path}. Train eerst een model of geef --model.",
        "en": "There is no model to audit in {path}. Train a model first or pass --model.",
    },
    "onbekend_model": {
        "nl": "Modelversie {version} bestaat niet in {path}.",
        "en": "Model version {version} does not exist in {path}.",
    },
    "geen_audit": {
        "nl": "Modelversie {version} is nog niet getoetst. Draai eerst: vroegsignaal audit "
        "--model {version}.",
        "en": "Model version {version} has not been audited yet. Run first: vroegsignaal audit "
        "--model {version}.",
    },
    "signoff_niet_nodig": {
        "nl": "De toets van {version} is geslaagd; een akkoord is niet nodig.",
        "en": "The audit of {version} passed; no sign-off is needed.",
    },
    "signoff_afgekeurd": {
        "nl": "De toets van {version} is afgekeurd. Een akkoord kan dat niet opheffen: het "
        "model mag niet gebruikt worden.",
        "en": "The audit of {version} failed. A sign-off cannot lift that: the model may not "
        "be used.",
    },
    "signoff_leeg": {
        "nl": "Geef de naam van de ethisch toetser en een reden (--reviewer en --reason).",
        "en": "Give the ethics reviewer's name and a reason (--reviewer and --reason).",
    },
    "beleid_fout": {
        "nl": "Het beleidsbestand klopt niet: {detail}",
        "en": "The policy file is wrong: {detail}",
    },
    # output
    "kop": {
        "nl": "Eerlijkheidsaudit van model {version} ({scope}, {months} maanden, {rows} rijen)",
        "en": "Fairness audit of model {version} ({scope}, {months} months, {rows} rows)",
    },
    "oordeel": {"nl": "Oordeel: {verdict}", "en": "Verdict: {verdict}"},
    "telling": {
        "nl": "{pass} geslaagd, {fail} afgekeurd, {undetermined} onbeslist, "
        "{too_small} te klein om te beoordelen",
        "en": "{pass} passed, {fail} failed, {undetermined} undetermined, {too_small} too small "
        "to judge",
    },
    "verdict_pass": {"nl": "geslaagd", "en": "pass"},
    "verdict_fail": {"nl": "afgekeurd", "en": "fail"},
    "verdict_undetermined": {"nl": "onbeslist", "en": "undetermined"},
    "verdict_too_small": {"nl": "te klein", "en": "too small"},
    "gate_geschreven": {
        "nl": "Poort geschreven: {path}",
        "en": "Gate written: {path}",
    },
    "rapport_geschreven": {
        "nl": "Rapport: {html} en {json}",
        "en": "Report: {html} and {json}",
    },
    "export_geschreven": {
        "nl": "Evaluatietabel geschreven: {path} ({rows} rijen)",
        "en": "Evaluation table written: {path} ({rows} rows)",
    },
    "onbeslist_uitleg": {
        "nl": "Onbesliste toetsen vragen een akkoord van een ethisch toetser: vroegsignaal "
        "audit signoff --model {version} --reviewer NAAM --reason TEKST",
        "en": "Undetermined checks need an ethics reviewer's sign-off: vroegsignaal audit "
        "signoff --model {version} --reviewer NAME --reason TEXT",
    },
    "signoff_vastgelegd": {
        "nl": "Akkoord van {reviewer} vastgelegd voor {version}.",
        "en": "Sign-off by {reviewer} recorded for {version}.",
    },
    "live_geen": {
        "nl": "Nog geen maanden met scores in gebruik waarvan de uitkomsten bekend zijn.",
        "en": "No months scored in use whose outcomes are known yet.",
    },
    "live_maand": {
        "nl": "Live {month} (model {version}): {verdict}, {alerts} nieuwe waarschuwingen",
        "en": "Live {month} (model {version}): {verdict}, {alerts} new alerts",
    },
    "alert": {
        "nl": "Waarschuwing: {metric} voor {attribute} = {group} was offline in orde maar is "
        "in gebruik ({month}) afgekeurd: {value} (interval {ci_low} tot {ci_high}).",
        "en": "Alert: {metric} for {attribute} = {group} passed offline but failed in use "
        "({month}): {value} (interval {ci_low} to {ci_high}).",
    },
}


def text(key: str, lang: str | None = None, **values: object) -> str:
    """Render message ``key`` in ``lang`` (default: ``VROEGSIGNAAL_TAAL``, else Dutch)."""
    return translate(MESSAGES, key, lang, **values)
