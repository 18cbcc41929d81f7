"""The source register and the type-code list: the single sources of truth other layers read."""

from __future__ import annotations

import re

import pytest

from signals.rejects import FILE_LEVEL_CODES, RejectCode, message
from signals.sources import DELIVERY_KINDS, agency_sources, load_sources, load_type_codes

CONTRACT_BRONNEN = {"cjib", "cak", "duo", "bd", "brp", "uitkomsten"}
CONTRACT_EXAMPLE_CODES = {
    "cjib_wahv",
    "cjib_strafbeschikking",
    "cak_bestuursrechtelijke_premie",
    "cak_eigen_bijdrage_wmo",
    "cak_eigen_bijdrage_wlz",
    "duo_studieschuld",
    "bd_inkomstenbelasting",
    "tsl_zorgtoeslag_terugvordering",
    "tsl_huurtoeslag_terugvordering",
}
CONTRACT_REJECT_CODES = {
    "ONLEESBAAR_BESTAND",
    "GEEN_JSON",
    "ONTBREKEND_VELD",
    "ONGELDIG_BSN",
    "ONGELDIGE_DATUM",
    "TOEKOMSTIGE_DATUM",
    "ONGELDIG_BEDRAG",
    "ONBEKEND_TYPE",
    "ONBEKEND_GEBEURTENIS_TYPE",
    "VERWIJZING_ONBEKEND",
    "DUBBEL_KENMERK_ANDERE_INHOUD",
    "BRON_ONBEKEND",
    "BRON_ZONDER_GRONDSLAG",
}


def test_every_contract_source_is_registered_with_basis_purpose_and_retention() -> None:
    sources = load_sources()
    assert CONTRACT_BRONNEN <= set(sources)
    for source in sources.values():
        assert source.has_legal_basis, source.bron
        assert source.doel.strip(), source.bron
        assert source.bewaartermijn_maanden >= 6, source.bron
        assert source.formaten and set(source.formaten) <= set(DELIVERY_KINDS)


def test_agencies_are_the_four_government_creditors() -> None:
    assert set(agency_sources()) == {"cjib", "cak", "duo", "bd"}


def test_type_codes_follow_the_vo_rijk_rule_and_belong_to_an_agency() -> None:
    codes = load_type_codes()
    assert CONTRACT_EXAMPLE_CODES <= set(codes)
    agencies = set(agency_sources())
    for code, spec in codes.items():
        prefix, _, description = code.partition("_")
        assert len(prefix) <= 5 and re.fullmatch(r"[a-z0-9_]{1,50}", description)
        assert spec.bron in agencies
        assert spec.omschrijving and spec.soort


def test_pilot_thresholds_match_the_regulation() -> None:
    codes = load_type_codes()
    duo = codes["duo_studieschuld"].pilot
    assert duo is not None and duo.min_cent == 27_000
    cak = codes["cak_eigen_bijdrage_wmo"].pilot
    assert cak is not None and (cak.min_cent, cak.min_maanden) == (10_000, 5)
    bd = codes["bd_inkomstenbelasting"].pilot
    assert bd is not None and bd.min_cent == 60_000 and bd.na_aanmaning


def test_reject_codes_are_exactly_the_contracts() -> None:
    assert {c.value for c in RejectCode} == CONTRACT_REJECT_CODES
    assert FILE_LEVEL_CODES <= set(RejectCode)


@pytest.mark.parametrize("code", list(RejectCode))
def test_every_reject_code_has_a_dutch_and_an_english_message(code: RejectCode) -> None:
    nl = message(code, "nl", waarde="X", veld="bsn", detail="d", formaat="JJJJ-MM-DD")
    en = message(code, "en", waarde="X", veld="bsn", detail="d", formaat="YYYY-MM-DD")
    assert nl and en and nl != en
    assert "{" not in nl and "{" not in en
