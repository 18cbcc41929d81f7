"""Reason sentences: one plain-language sentence per feature, from the household's own values.

A social worker should be able to read a sentence aloud to the resident (Dutch B1; English
available). Every feature of ``household_features`` has a template here, and a test enforces it.
Amounts are euro cents in the data and whole euros in the sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from models.features import AGENCIES, MODEL_FEATURES

__all__ = ["FEATURE_MEANING", "SENTENCES", "euro", "sentence"]

Row = Mapping[str, float]
Template = Callable[[Row, str], str]

_AGENCY = {
    "nl": {"cjib": "het CJIB", "cak": "het CAK", "duo": "DUO", "bd": "de Belastingdienst"},
    "en": {"cjib": "CJIB", "cak": "CAK", "duo": "DUO", "bd": "the Tax Administration"},
}
# What is owed to each agency, in the words of signals/type_codes.toml's ``soort``.
_SOORT = {
    "nl": {"cjib": "boete", "cak": "zorgpremie", "duo": "studieschuld", "bd": "belastingschuld"},
    "en": {
        "cjib": "fine",
        "cak": "health-insurance premium",
        "duo": "student debt",
        "bd": "tax debt",
    },
}
_TIMES_NL = {1: "een keer", 2: "twee keer", 3: "drie keer", 4: "vier keer", 5: "vijf keer"}
_TIMES_EN = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}
_DEMAND_NL = {1: "een eerste brief", 2: "een herinnering", 3: "een aanmaning"}
_DEMAND_EN = {1: "a first letter", 2: "a reminder", 3: "a formal demand (aanmaning)"}


def euro(cents: float, lang: str = "nl") -> str:
    """Whole euros: ``€ 1.240`` in Dutch, ``€1,240`` in English (sign dropped)."""
    whole = round(abs(cents) / 100)
    grouped = f"{whole:,}"
    return f"€ {grouped.replace(',', '.')}" if lang == "nl" else f"€{grouped}"


def _has(cents: float) -> bool:
    """At least half a euro, so a sentence never says \"€ 0\"."""
    return round(abs(cents) / 100) > 0


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _n(row: Row, name: str) -> int:
    return round(float(row[name]))


def _plural(n: int, one: str, many: str) -> str:
    return one if abs(n) == 1 else many


def _agency_templates(a: str) -> dict[str, Template]:
    def ag(lang: str) -> str:
        return _AGENCY[lang][a]

    def soort(lang: str) -> str:
        return _SOORT[lang][a]

    def open_zaken(row: Row, lang: str) -> str:
        n = _n(row, f"{a}_open_zaken")
        if lang == "nl":
            if n == 0:
                return f"Geen open zaken bij {ag(lang)}"
            return f"{n} open {_plural(n, 'zaak', 'zaken')} bij {ag(lang)}"
        if n == 0:
            return f"No open cases with {ag(lang)}"
        return f"{n} open {_plural(n, 'case', 'cases')} with {ag(lang)}"

    def saldo(row: Row, lang: str) -> str:
        c = row[f"{a}_saldo_cent"]
        if lang == "nl":
            return (
                f"Nog {euro(c)} te betalen aan {ag(lang)}"
                if _has(c)
                else f"Niets te betalen aan {ag(lang)}"
            )
        return (
            f"{euro(c, 'en')} still owed to {ag(lang)}"
            if _has(c)
            else f"Nothing owed to {ag(lang)}"
        )

    def achterstand(row: Row, lang: str) -> str:
        c = row[f"{a}_achterstand_cent"]
        if lang == "nl":
            return (
                f"Achterstand bij {ag(lang)}: {euro(c)}"
                if _has(c)
                else f"Geen achterstand bij {ag(lang)}"
            )
        return (
            f"Arrears with {ag(lang)}: {euro(c, 'en')}"
            if _has(c)
            else f"No arrears with {ag(lang)}"
        )

    def oudste(row: Row, lang: str) -> str:
        n = _n(row, f"{a}_oudste_achterstand_maanden")
        if lang == "nl":
            if n <= 0:
                return f"Geen te late betaling bij {ag(lang)}"
            months = _plural(n, "maand", "maanden")
            return f"{_cap(soort(lang))} bij {ag(lang)} sinds {n} {months} niet betaald"
        if n <= 0:
            return f"No late payment with {ag(lang)}"
        return f"{_cap(soort(lang))} to {ag(lang)} unpaid for {n} {_plural(n, 'month', 'months')}"

    def verhogingen(row: Row, lang: str) -> str:
        n = _n(row, f"{a}_verhogingen")
        if lang == "nl":
            if n <= 0:
                return f"{_cap(soort(lang))} bij {ag(lang)} is niet verhoogd"
            return f"{_cap(soort(lang))} bij {ag(lang)} is {_TIMES_NL.get(n, f'{n} keer')} verhoogd"
        if n <= 0:
            return f"The {soort(lang)} with {ag(lang)} has not been increased"
        return (
            f"The {soort(lang)} with {ag(lang)} has been increased {_TIMES_EN.get(n, f'{n} times')}"
        )

    def aanmaning(row: Row, lang: str) -> str:
        n = min(max(_n(row, f"{a}_sterkste_aanmaning"), 0), 3)
        if lang == "nl":
            if n == 0:
                return f"{_cap(ag(lang))} heeft nog geen herinnering of aanmaning gestuurd"
            return f"{_cap(ag(lang))} heeft {_DEMAND_NL[n]} gestuurd"
        if n == 0:
            return f"{_cap(ag(lang))} has not sent a reminder or demand yet"
        return f"{_cap(ag(lang))} has sent {_DEMAND_EN[n]}"

    def drempel(row: Row, lang: str) -> str:
        crossed = _n(row, f"{a}_pilot_drempel") > 0
        if lang == "nl":
            return f"Signaalgrens van {ag(lang)} is {'bereikt' if crossed else 'niet bereikt'}"
        return f"The signal threshold of {ag(lang)} is {'crossed' if crossed else 'not crossed'}"

    return {
        f"{a}_open_zaken": open_zaken,
        f"{a}_saldo_cent": saldo,
        f"{a}_achterstand_cent": achterstand,
        f"{a}_oudste_achterstand_maanden": oudste,
        f"{a}_verhogingen": verhogingen,
        f"{a}_sterkste_aanmaning": aanmaning,
        f"{a}_pilot_drempel": drempel,
    }


def _premie_regime(row: Row, lang: str) -> str:
    on = _n(row, "cak_premie_regime") > 0
    if lang == "nl":
        return (
            "Zorgpremie wordt door het CAK ingehouden (bestuursrechtelijke premie)"
            if on
            else "Geen bestuursrechtelijke zorgpremie bij het CAK"
        )
    return (
        "Health-insurance premium is withheld via the CAK (administrative premium)"
        if on
        else "No administrative health-insurance premium with the CAK"
    )


def _instanties(row: Row, lang: str) -> str:
    n, total = _n(row, "instanties_met_achterstand"), row.get("totaal_achterstand_cent", 0.0)
    if lang == "nl":
        if n <= 0:
            return "Bij geen enkele instantie een achterstand"
        if n == 1:
            return f"Achterstand bij 1 instantie: {euro(total)}"
        return f"Achterstand bij {n} instanties, samen {euro(total)}"
    if n <= 0:
        return "No arrears with any agency"
    if n == 1:
        return f"Arrears with 1 agency: {euro(total, 'en')}"
    return f"Arrears with {n} agencies, together {euro(total, 'en')}"


def _totaal_saldo(row: Row, lang: str) -> str:
    c = row["totaal_saldo_cent"]
    if lang == "nl":
        return f"In totaal nog {euro(c)} te betalen aan de overheid"
    return f"{euro(c, 'en')} owed to government in total"


def _totaal_achterstand(row: Row, lang: str) -> str:
    c = row["totaal_achterstand_cent"]
    if lang == "nl":
        return f"Totale achterstand: {euro(c)}" if _has(c) else "Geen achterstand"
    return f"Total arrears: {euro(c, 'en')}" if _has(c) else "No arrears"


def _pilot_drempels(row: Row, lang: str) -> str:
    n = _n(row, "pilot_drempels")
    if lang == "nl":
        if n <= 0:
            return "Bij geen enkele instantie is de signaalgrens bereikt"
        return f"Signaalgrens bereikt bij {n} {_plural(n, 'instantie', 'instanties')}"
    if n <= 0:
        return "No agency's signal threshold is crossed"
    return f"Signal threshold crossed at {n} {_plural(n, 'agency', 'agencies')}"


def _delta_amount(h: int) -> Template:
    def render(row: Row, lang: str) -> str:
        c = row[f"totaal_achterstand_delta_{h}m"]
        if lang == "nl":
            if not _has(c):
                return f"Achterstand is in {h} maanden gelijk gebleven"
            return f"Achterstand is in {h} maanden {euro(c)} {'gegroeid' if c > 0 else 'gedaald'}"
        if not _has(c):
            return f"Arrears stayed the same over {h} months"
        return f"Arrears {'grew' if c > 0 else 'fell'} by {euro(c, 'en')} in {h} months"

    return render


def _delta_agencies(h: int) -> Template:
    def render(row: Row, lang: str) -> str:
        n = _n(row, f"instanties_delta_{h}m")
        if lang == "nl":
            if n == 0:
                return f"Evenveel instanties met achterstand als {h} maanden geleden"
            word = "meer" if n > 0 else "minder"
            agencies = _plural(n, "instantie", "instanties")
            return f"{abs(n)} {agencies} {word} met achterstand dan {h} maanden geleden"
        if n == 0:
            return f"As many agencies with arrears as {h} months ago"
        word = "more" if n > 0 else "fewer"
        return (
            f"{abs(n)} {word} {_plural(n, 'agency', 'agencies')} with arrears than {h} months ago"
        )

    return render


def _grootte(row: Row, lang: str) -> str:
    n = _n(row, "huishouden_grootte")
    if lang == "nl":
        return f"Huishouden van {n} {_plural(n, 'persoon', 'personen')}"
    return f"Household of {n} {_plural(n, 'person', 'people')}"


def _kinderen(row: Row, lang: str) -> str:
    n = _n(row, "aantal_kinderen")
    if lang == "nl":
        return (
            "Geen kinderen in het huishouden"
            if n <= 0
            else f"{n} {_plural(n, 'kind', 'kinderen')} in het huishouden"
        )
    return (
        "No children in the household"
        if n <= 0
        else f"{n} {_plural(n, 'child', 'children')} in the household"
    )


def _maanden_12m(row: Row, lang: str) -> str:
    n = _n(row, "maanden_achterstand_12m")
    if lang == "nl":
        return f"In {n} van de laatste 12 maanden een achterstand"
    return f"Arrears in {n} of the last 12 months"


def _max_achterstand(row: Row, lang: str) -> str:
    c = row["max_achterstand_12m_cent"]
    if lang == "nl":
        return f"Hoogste achterstand in het afgelopen jaar: {euro(c)}"
    return f"Highest arrears in the past year: {euro(c, 'en')}"


def _max_saldo(row: Row, lang: str) -> str:
    c = row["max_saldo_12m_cent"]
    if lang == "nl":
        return f"Hoogste openstaande bedrag in het afgelopen jaar: {euro(c)}"
    return f"Highest amount owed in the past year: {euro(c, 'en')}"


def _sinds_eerste(row: Row, lang: str) -> str:
    n = _n(row, "maanden_sinds_eerste_achterstand")
    if lang == "nl":
        if n <= 0:
            return "De achterstand is deze maand begonnen"
        return f"Eerste achterstand {n} {_plural(n, 'maand', 'maanden')} geleden"
    if n <= 0:
        return "The arrears started this month"
    return f"First arrears {n} {_plural(n, 'month', 'months')} ago"


#: feature -> template(row, lang). ``row`` maps feature names to the household's values.
SENTENCES: dict[str, Template] = {
    **{k: v for a in AGENCIES for k, v in _agency_templates(a).items()},
    "cak_premie_regime": _premie_regime,
    "instanties_met_achterstand": _instanties,
    "totaal_saldo_cent": _totaal_saldo,
    "totaal_achterstand_cent": _totaal_achterstand,
    "pilot_drempels": _pilot_drempels,
    **{f"totaal_achterstand_delta_{h}m": _delta_amount(h) for h in (3, 6, 12)},
    **{f"instanties_delta_{h}m": _delta_agencies(h) for h in (3, 6, 12)},
    "huishouden_grootte": _grootte,
    "aantal_kinderen": _kinderen,
    "maanden_achterstand_12m": _maanden_12m,
    "max_achterstand_12m_cent": _max_achterstand,
    "max_saldo_12m_cent": _max_saldo,
    "maanden_sinds_eerste_achterstand": _sinds_eerste,
}

_SUFFIX_MEANING = {
    "open_zaken": ("open zaken met een openstaand bedrag", "open cases with a balance"),
    "saldo_cent": ("openstaand bedrag (eurocent)", "outstanding balance (euro cents)"),
    "achterstand_cent": ("bedrag over de betaaltermijn (eurocent)", "amount past due (euro cents)"),
    "oudste_achterstand_maanden": (
        "leeftijd van de oudste onbetaalde vordering (maanden)",
        "age of the oldest unpaid demand (months)",
    ),
    "verhogingen": ("aantal verhogingen op open zaken", "number of increases on open cases"),
    "sterkste_aanmaning": (
        "sterkste brief: 0 geen, 1 aanschrijving, 2 herinnering, 3 aanmaning",
        "strongest demand: 0 none, 1 first letter, 2 reminder, 3 formal demand",
    ),
    "pilot_drempel": (
        "signaalgrens van de pilot bereikt (0/1)",
        "pilot signal threshold crossed (0/1)",
    ),
}

#: feature -> (Dutch meaning, English meaning), for the model card.
FEATURE_MEANING: dict[str, tuple[str, str]] = {
    **{
        f"{a}_{s}": (
            f"{_AGENCY['nl'][a].removeprefix('het ').removeprefix('de ')}: {nl}",
            f"{_AGENCY['en'][a].removeprefix('the ')}: {en}",
        )
        for a in AGENCIES
        for s, (nl, en) in _SUFFIX_MEANING.items()
    },
    "cak_premie_regime": (
        "bestuursrechtelijke zorgpremie (0/1)",
        "administrative health premium (0/1)",
    ),
    "instanties_met_achterstand": ("aantal instanties met achterstand", "agencies with arrears"),
    "totaal_saldo_cent": ("totaal openstaand (eurocent)", "total outstanding (euro cents)"),
    "totaal_achterstand_cent": ("totale achterstand (eurocent)", "total arrears (euro cents)"),
    "pilot_drempels": ("aantal bereikte signaalgrenzen", "number of pilot thresholds crossed"),
    **{
        f"totaal_achterstand_delta_{h}m": (
            f"verandering van de totale achterstand in {h} maanden (eurocent)",
            f"change of total arrears over {h} months (euro cents)",
        )
        for h in (3, 6, 12)
    },
    **{
        f"instanties_delta_{h}m": (
            f"verandering van het aantal instanties met achterstand in {h} maanden",
            f"change of agencies with arrears over {h} months",
        )
        for h in (3, 6, 12)
    },
    "huishouden_grootte": ("aantal personen in het huishouden", "persons in the household"),
    "aantal_kinderen": ("aantal kinderen onder 18", "members under 18"),
    "maanden_achterstand_12m": (
        "maanden met achterstand in de laatste 12 (afgeleid)",
        "months with arrears among the last 12 (derived)",
    ),
    "max_achterstand_12m_cent": (
        "hoogste totale achterstand in 12 maanden (eurocent, afgeleid)",
        "highest total arrears over 12 months (euro cents, derived)",
    ),
    "max_saldo_12m_cent": (
        "hoogste totaal openstaand in 12 maanden (eurocent, afgeleid)",
        "highest total balance over 12 months (euro cents, derived)",
    ),
    "maanden_sinds_eerste_achterstand": (
        "maanden sinds de eerste geziene achterstand (afgeleid)",
        "months since the first observed arrears (derived)",
    ),
}

assert set(SENTENCES) == set(MODEL_FEATURES) == set(FEATURE_MEANING), "a feature lacks a sentence"


def sentence(feature: str, row: Row, lang: str = "nl") -> str:
    """The reason sentence for ``feature`` given the household's feature values ``row``."""
    return SENTENCES[feature](row, lang)
