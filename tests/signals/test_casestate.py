"""The financial-case state on hand-worked examples (amounts in cents)."""

from __future__ import annotations

import datetime as dt

import pytest

from signals.casestate import (
    CaseState,
    case_state_from_signal,
    derive_case_states,
    month_as_of,
    months_between,
    pilot_threshold_crossed,
)

AMS = dt.timezone(dt.timedelta(hours=1))


def at(day: str) -> dt.datetime:
    """Knowledge time: 10:00 (UTC+1) on ``day``."""
    return dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=AMS)


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def fvo(kenmerk, known, bedrag, *, categorie=None, primair=True, zaak="z1", code="cjib_wahv"):
    return {
        "gebeurtenis_type": "FinancieleVerplichtingOpgelegd",
        "gebeurteniskenmerk": kenmerk,
        "datumtijd_gebeurtenis": at(known),
        "zaakkenmerk": zaak,
        "bron": code.split("_")[0] if not code.startswith("tsl") else "bd",
        "bsn": "100000216",
        "primaire_verplichting": primair,
        "type_financiele_verplichting": code,
        "categorie": categorie,
        "bedrag_cent": bedrag,
    }


def bvo(kenmerk, known, bedrag, verval, soort="Aanschrijving", zaak="z1"):
    return {
        "gebeurtenis_type": "BetalingsverplichtingOpgelegd",
        "gebeurteniskenmerk": kenmerk,
        "datumtijd_gebeurtenis": at(known),
        "zaakkenmerk": zaak,
        "betaal_type": soort,
        "bedrag_cent": bedrag,
        "vervaldatum": d(verval),
    }


def bvi(kenmerk, known, ingetrokken, zaak="z1"):
    return {
        "gebeurtenis_type": "BetalingsverplichtingIngetrokken",
        "gebeurteniskenmerk": kenmerk,
        "datumtijd_gebeurtenis": at(known),
        "zaakkenmerk": zaak,
        "ingetrokken_gebeurteniskenmerk": ingetrokken,
    }


def bv(kenmerk, known, bedrag, zaak="z1"):
    return {
        "gebeurtenis_type": "BetalingVerwerkt",
        "gebeurteniskenmerk": kenmerk,
        "datumtijd_gebeurtenis": at(known),
        "zaakkenmerk": zaak,
        "bedrag_cent": bedrag,
    }


def fvk(kenmerk, known, bedrag, zaak="z1"):
    return {
        **bv(kenmerk, known, bedrag, zaak),
        "gebeurtenis_type": "FinancieleVerplichtingKwijtgescholden",
    }


def state(events, year, month) -> CaseState:
    return derive_case_states(events, as_of=month_as_of(year, month))["z1"]


def summary(s: CaseState) -> tuple:
    return (
        s.opgelegd_cent,
        s.voldaan_cent,
        s.saldo_cent,
        s.achterstand_cent,
        s.oudste_achterstand_dagen,
        s.oudste_achterstand_maanden,
        s.verhogingen,
        s.sterkste_aanmaning,
    )


def test_partial_payment_covers_the_oldest_demand_first():
    events = [
        fvo("f", "2024-01-05", 10_000),
        bvo("d1", "2024-01-05", 6_000, "2024-02-01"),
        bvo("d2", "2024-02-10", 4_000, "2024-03-01", "Herinnering"),
        bv("p", "2024-02-20", 7_000),
    ]
    # End of February: the payment is known; d1 fully covered, d2 not yet due.
    assert summary(state(events, 2024, 2)) == (10_000, 7_000, 3_000, 0, 0, 0, 0, 2)
    # End of March: 3,000 of d2 is past due since 1 March (30 days, 0 whole months).
    assert summary(state(events, 2024, 3)) == (10_000, 7_000, 3_000, 3_000, 30, 0, 0, 2)
    # End of May: the same demand, older.
    assert summary(state(events, 2024, 5)) == (10_000, 7_000, 3_000, 3_000, 91, 2, 0, 2)
    # Mid-February, before the payment was registered: all of d1 is past due.
    mid_feb = dt.datetime(2024, 2, 15, 23, 0, tzinfo=AMS)
    s = derive_case_states(events, as_of=mid_feb)["z1"]
    assert summary(s) == (10_000, 0, 10_000, 6_000, 14, 0, 0, 2)


def test_withdrawal_and_increase():
    events = [
        fvo("f", "2024-01-05", 10_000),
        bvo("d1", "2024-01-05", 10_000, "2024-02-01"),
        bvi("w", "2024-02-12", "d1"),
        fvo("v", "2024-02-12", 5_000, categorie="Verhoging", primair=False),
        bvo("d2", "2024-02-12", 15_000, "2024-03-15", "Aanmaning"),
    ]
    s_jan = state(events, 2024, 1)
    assert summary(s_jan) == (10_000, 0, 10_000, 0, 0, 0, 0, 1)
    before = derive_case_states(events, as_of=dt.datetime(2024, 2, 10, tzinfo=AMS))["z1"]
    assert summary(before) == (10_000, 0, 10_000, 10_000, 9, 0, 0, 1)
    # The withdrawn Aanschrijving no longer counts; the Aanmaning is not due yet.
    assert summary(state(events, 2024, 2)) == (15_000, 0, 15_000, 0, 0, 0, 1, 3)
    assert summary(state(events, 2024, 4)) == (15_000, 0, 15_000, 15_000, 46, 1, 1, 3)
    assert state(events, 2024, 4).type_financiele_verplichting == "cjib_wahv"


def test_remissions_settle():
    events = [
        fvo("f", "2024-01-05", 20_000),
        bvo("d1", "2024-01-05", 20_000, "2024-01-31"),
        fvk("k1", "2024-02-10", 5_000),
        bv("p", "2024-02-12", 5_000),
        fvk("k2", "2024-03-05", 10_000),
    ]
    feb = state(events, 2024, 2)
    assert summary(feb) == (20_000, 10_000, 10_000, 10_000, 29, 0, 0, 1)
    march = state(events, 2024, 3)
    assert summary(march) == (20_000, 20_000, 0, 0, 0, 0, 0, 1)
    assert feb.is_open and not march.is_open


def test_late_registered_events_count_from_their_knowledge_time():
    events = [
        fvo("f", "2024-01-05", 10_000),
        bvo("d1", "2024-01-05", 10_000, "2024-01-31"),
        bv("p", "2024-03-02", 10_000),  # paid on 20 January, registered on 2 March
        bvo("dx", "2024-02-01", 1_000, "2024-02-10", zaak="z2"),  # case z2 opened late
        fvo("fx", "2024-04-03", 1_000, zaak="z2"),
    ]
    feb = derive_case_states(events, as_of=month_as_of(2024, 2))
    assert set(feb) == {"z1"} and feb["z1"].achterstand_cent == 10_000
    assert state(events, 2024, 3).achterstand_cent == 0
    april = derive_case_states(events, as_of=month_as_of(2024, 4))
    assert april["z2"].achterstand_cent == 1_000 and april["z2"].oudste_achterstand_maanden == 2


def test_repeated_demands_do_not_exceed_the_balance_and_redeliveries_count_once():
    events = [
        fvo("f", "2024-01-05", 10_000),
        bvo("d1", "2024-01-05", 10_000, "2024-01-31"),
        bvo("d2", "2024-02-01", 10_000, "2024-02-15", "Herinnering"),
        bv("p", "2024-02-20", 2_000),
        bv("p", "2024-02-20", 2_000),  # the same event delivered twice
    ]
    s = state(events, 2024, 3)
    assert summary(s) == (10_000, 2_000, 8_000, 8_000, 60, 2, 0, 2)


def test_no_events_no_state():
    assert derive_case_states([], as_of=month_as_of(2024, 1)) == {}


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        ("2024-01-31", "2024-02-29", 0),
        ("2024-01-31", "2024-03-31", 2),
        ("2023-10-01", "2024-03-31", 5),
        ("2024-03-15", "2024-03-01", 0),
    ],
)
def test_months_between(earlier, later, months):
    assert months_between(d(earlier), d(later)) == months


def signal(
    code="cak_eigen_bijdrage_wmo", bron="cak", cent=12_500, oudste="2023-10-01", peil="2024-03-31"
):
    return {
        "bron": bron,
        "bsn": "100000447",
        "zaakkenmerk": "z1",
        "type_financiele_verplichting": code,
        "achterstand_cent": cent,
        "oudste_vervaldatum": d(oudste),
        "peildatum": d(peil),
    }


def test_signal_row_gives_the_same_arrears_as_the_events():
    as_of = month_as_of(2024, 3)
    from_signal = case_state_from_signal(signal(), as_of)
    events = [
        fvo("f", "2023-09-01", 12_500, code="cak_eigen_bijdrage_wmo"),
        bvo("d", "2023-09-01", 12_500, "2023-10-01"),
    ]
    from_events = derive_case_states(events, as_of=as_of)["z1"]
    assert from_signal is not None
    for field in (
        "bron",
        "type_financiele_verplichting",
        "saldo_cent",
        "achterstand_cent",
        "oudste_achterstand_dagen",
        "oudste_achterstand_maanden",
    ):
        assert getattr(from_signal, field) == getattr(from_events, field), field
    assert from_signal.oudste_achterstand_maanden == 5
    assert case_state_from_signal(signal(), month_as_of(2024, 2)) is None  # not known yet
    bd = case_state_from_signal(signal("bd_inkomstenbelasting", "bd"), as_of)
    assert bd is not None and bd.sterkste_aanmaning == 3


def test_pilot_thresholds():
    as_of = month_as_of(2024, 3)

    def states(*rows):
        return [case_state_from_signal(r, as_of) for r in rows]

    cak = "cak_eigen_bijdrage_wmo"
    assert pilot_threshold_crossed(states(signal(cak)), as_of)  # 125 euro, 5 months
    assert not pilot_threshold_crossed(states(signal(cak, oudste="2023-11-01")), as_of)  # 4 months
    assert not pilot_threshold_crossed(states(signal(cak, cent=9_999)), as_of)
    duo = "duo_studieschuld"
    two = states(signal(duo, "duo", 15_000, "2024-03-01"), signal(duo, "duo", 12_000, "2024-03-01"))
    assert pilot_threshold_crossed(two, as_of)  # 270 euro together
    assert not pilot_threshold_crossed(two[:1], as_of)
    assert not pilot_threshold_crossed(
        states(signal("cjib_wahv", "cjib", 500_000)), as_of
    )  # no pilot
    events = [
        fvo("f", "2024-01-05", 70_000, code="bd_inkomstenbelasting"),
        bvo("d1", "2024-01-05", 70_000, "2024-01-31", "Herinnering"),
    ]
    herinnering = list(derive_case_states(events, as_of=as_of).values())
    assert not pilot_threshold_crossed(herinnering, as_of)  # no Aanmaning yet
    events.append(bvo("d2", "2024-02-05", 70_000, "2024-02-20", "Aanmaning"))
    events.append(bvi("w", "2024-02-05", "d1"))
    aanmaning = list(derive_case_states(events, as_of=as_of).values())
    assert pilot_threshold_crossed(aanmaning, as_of)
