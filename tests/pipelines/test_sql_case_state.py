"""pipelines/sql/case_state.sql against the reference signals/casestate.py, and point in time."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.build import build_case_state, prepare, set_months
from pipelines.partitions import add_months
from signals.casestate import derive_case_states, month_as_of
from tests.pipelines.rawrows import event, insert, warehouse

FVO, BVO, BVI = (
    "FinancieleVerplichtingOpgelegd",
    "BetalingsverplichtingOpgelegd",
    "BetalingsverplichtingIngetrokken",
)
BV, FVK = "BetalingVerwerkt", "FinancieleVerplichtingKwijtgescholden"
MONTHS = [date(2024, m, 1) for m in range(1, 7)]
START = datetime(2024, 1, 1, tzinfo=UTC)


@st.composite
def case_histories(draw):
    """Random event histories of a few cases: obligations, demands, withdrawals, payments,
    remissions at random moments in January-June 2024 (some right at month boundaries). A
    withdrawal names a demand of its own case or of an earlier one (the contract allows both)."""
    rows = []
    n = 0
    demands: list[str] = []
    for z in range(draw(st.integers(1, 3))):
        zaak = f"Z{z}"
        kinds = draw(
            st.lists(st.sampled_from([FVO, BVO, BVO, BV, FVK, BVI]), min_size=1, max_size=9)
        )
        for i, kind in enumerate([FVO, *kinds]):
            n += 1
            offset = draw(
                st.one_of(
                    st.integers(0, 180 * 24 * 60),
                    st.sampled_from([31 * 24 * 60 - 61, 31 * 24 * 60 - 60, 31 * 24 * 60 - 59]),
                )
            )
            at = START + timedelta(minutes=offset)
            amount = draw(st.integers(1, 50_000))
            extra: dict = {}
            if kind == FVO:
                extra = dict(
                    bedrag_cent=amount,
                    primaire_verplichting=i == 0,
                    type_financiele_verplichting="cjib_wahv",
                    categorie=draw(st.sampled_from(["Algemeen", "Verhoging", None])),
                )
            elif kind == BVO:
                extra = dict(
                    bedrag_cent=amount,
                    vervaldatum=date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 200))),
                    betaal_type=draw(
                        st.sampled_from(["Aanschrijving", "Herinnering", "Aanmaning"])
                    ),
                )
                demands.append(f"e{n}")
            elif kind == BVI:
                if not demands:
                    continue
                extra = dict(ingetrokken_gebeurteniskenmerk=draw(st.sampled_from(demands)))
            else:
                extra = dict(bedrag_cent=amount)
            rows.append(event(f"e{n}", kind, at, zaak=zaak, pseudonym=f"p{z}", **extra))
    return rows


def _sql_states(rows, months=MONTHS):
    con = warehouse()
    insert(con, "raw.events", rows)
    prepare(con, months)
    build_case_state(con)
    out = {}
    for r in con.execute(
        "SELECT month, zaakkenmerk, pseudonym, saldo_cent, achterstand_cent, "
        "oudste_achterstand_maanden, verhogingen, sterkste_aanmaning FROM facts.case_state"
    ).fetchall():
        out[(r[0], r[1])] = tuple(r[2:])
    return out


def _reference_states(rows, months=MONTHS):
    out = {}
    events = [{**r, "bsn": r["pseudonym"]} for r in rows]
    for m in months:
        for zaak, s in derive_case_states(events, as_of=month_as_of(m.year, m.month)).items():
            out[(m, zaak)] = (
                s.bsn,
                s.saldo_cent,
                s.achterstand_cent,
                s.oudste_achterstand_maanden,
                s.verhogingen,
                s.sterkste_aanmaning,
            )
    return out


def _all_rows(rows, *, by_month: bool) -> list[tuple]:
    con = warehouse()
    insert(con, "raw.events", rows)
    prepare(con, MONTHS)
    if by_month:  # one month per build, as a monthly run does
        for month in MONTHS:
            set_months(con, [month])
            build_case_state(con)
    else:
        build_case_state(con)
    return con.execute("SELECT * FROM facts.case_state ORDER BY ALL").fetchall()


@settings(max_examples=10, deadline=None)
@given(case_histories())
def test_month_by_month_equals_all_months_at_once(rows):
    assert _all_rows(rows, by_month=True) == _all_rows(rows, by_month=False)


@settings(max_examples=10, deadline=None)
@given(case_histories())
def test_sql_equals_reference(rows):
    assert _sql_states(rows) == _reference_states(rows)


@settings(max_examples=6, deadline=None)
@given(case_histories(), st.integers(0, 4))
def test_events_registered_after_month_end_never_change_that_month(rows, k):
    """Point in time: drop every event registered after month M (as if not yet delivered): the
    state as of M is the same."""
    month = MONTHS[k]
    boundary = month_as_of(month.year, month.month)
    before = [r for r in rows if r["datumtijd_gebeurtenis"] <= boundary]
    full = {key: v for key, v in _sql_states(rows, [month]).items()}
    cut = {key: v for key, v in _sql_states(before, [month]).items()}
    assert full == cut


def test_worked_example_with_boundary():
    """A fine of 240 EUR due 5 Feb; 40 paid 10 Feb; an increase of 120 due 20 March; a payment
    of 10 registered at 00:30 on 1 April Amsterdam time (22:30 UTC on 31 March)."""
    t = lambda s: datetime.fromisoformat(s)  # noqa: E731
    rows = [
        event(
            "e1",
            FVO,
            t("2024-01-05T10:00:00+00:00"),
            bedrag_cent=24000,
            primaire_verplichting=True,
            type_financiele_verplichting="cjib_wahv",
        ),
        event(
            "e2",
            BVO,
            t("2024-01-05T10:00:00+00:00"),
            bedrag_cent=24000,
            betaal_type="Aanschrijving",
            vervaldatum=date(2024, 2, 5),
        ),
        event("e3", BV, t("2024-02-10T10:00:00+00:00"), bedrag_cent=4000),
        event(
            "e4",
            FVO,
            t("2024-03-06T10:00:00+00:00"),
            bedrag_cent=12000,
            primaire_verplichting=False,
            type_financiele_verplichting="cjib_wahv",
            categorie="Verhoging",
        ),
        event(
            "e5",
            BVO,
            t("2024-03-06T10:00:00+00:00"),
            bedrag_cent=12000,
            betaal_type="Herinnering",
            vervaldatum=date(2024, 3, 20),
        ),
        event("e6", BV, t("2024-03-31T22:30:00+00:00"), bedrag_cent=1000),
    ]
    states = _sql_states(rows, MONTHS[:4])
    assert states[(MONTHS[0], "Z1")] == ("p1", 24000, 0, 0, 0, 1)
    assert states[(MONTHS[1], "Z1")] == ("p1", 20000, 20000, 0, 0, 1)
    assert states[(MONTHS[2], "Z1")] == ("p1", 32000, 32000, 1, 1, 2)
    assert states[(MONTHS[3], "Z1")] == ("p1", 31000, 31000, 2, 1, 2)
    assert states == _reference_states(rows, MONTHS[:4])
    assert add_months(MONTHS[0], 3) == MONTHS[3]


def test_withdrawal_filed_under_another_case():
    """A demand of Z1 is withdrawn in March by an event filed under Z2: from March on it no longer
    counts for Z1, although Z1 itself has no new event then."""
    rows = [
        event(
            "e1",
            FVO,
            datetime(2024, 1, 5, tzinfo=UTC),
            bedrag_cent=1000,
            primaire_verplichting=True,
            type_financiele_verplichting="cjib_wahv",
        ),
        event(
            "e2",
            BVO,
            datetime(2024, 1, 6, tzinfo=UTC),
            bedrag_cent=1000,
            vervaldatum=date(2024, 1, 20),
            betaal_type="Aanmaning",
        ),
        event(
            "e3",
            FVO,
            datetime(2024, 1, 2, tzinfo=UTC),
            zaak="Z2",
            bedrag_cent=500,
            primaire_verplichting=True,
            type_financiele_verplichting="cjib_wahv",
        ),
        event(
            "e4",
            BVI,
            datetime(2024, 3, 10, tzinfo=UTC),
            zaak="Z2",
            ingetrokken_gebeurteniskenmerk="e2",
        ),
    ]
    states = _sql_states(rows, MONTHS[:4])
    # (pseudonym, saldo, achterstand, oudste maanden, verhogingen, sterkste aanmaning)
    assert states[(MONTHS[1], "Z1")] == ("p1", 1000, 1000, 1, 0, 3)
    assert states[(MONTHS[2], "Z1")] == ("p1", 1000, 0, 0, 0, 0)
    assert states[(MONTHS[3], "Z1")] == ("p1", 1000, 0, 0, 0, 0)
    assert states == _reference_states(rows, MONTHS[:4])
