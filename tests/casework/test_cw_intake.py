"""Intake: top-k households become proposals, idempotently, with identities resolved only for
them; open cases are updated, objections respected, moved households closed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from casework import CaseFilter, CaseworkError, State, Store, User, open_store
from casework.cli import app
from casework.deadlines import add_working_days
from casework.schema import Case, CasePerson
from tests.casework.cw_data import build_world

TABLES = (
    "cases",
    "case_signals",
    "case_persons",
    "case_events",
    "notes",
    "overrides",
    "objections",
    "audit_log",
)


def _counts(store: Store) -> dict[str, int]:
    with store.read() as s:
        return {
            t: int(s.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES
        }


def _top(world, month: date, k: int) -> list[str]:
    import duckdb

    con = duckdb.connect(str(world.data.serving), read_only=True)
    rows = con.execute(
        "SELECT household_id FROM scores WHERE month = ? ORDER BY rank LIMIT ?", [month, k]
    ).fetchall()
    con.close()
    return [r[0] for r in rows]


def test_intake_is_idempotent(store: Store, world) -> None:
    first = store.intake(month=world.months[0])
    assert len(first.created) == 5 and first.k == 5
    after_first = _counts(store)
    again = store.intake(month=world.months[0])
    assert again.created == [] and again.updated == [] and again.unchanged == 5
    assert _counts(store) == after_first
    assert store.verify_audit().ok


def test_identities_only_for_the_proposed_households(store: Store, world) -> None:
    store.intake(month=world.months[0], k=4)
    top = _top(world, world.months[0], 4)
    with store.read() as s:
        resolved = set(s.execute(sa.select(CasePerson.pseudonym)).scalars())
        households = set(s.execute(sa.select(Case.household_id)).scalars())
    assert households == set(top)
    assert resolved == {p for hh in top for p in world.households[hh]}
    lead = User("leider", "teamleider", "wijkteam")
    page = store.get_case(lead, store.list_cases(lead)[0].id)
    assert {p.naam for p in page.persons} <= set(world.names.values())
    assert all(p.bsn and len(p.bsn) == 9 for p in page.persons)
    assert page.explanation[0].sentence_nl.startswith("Boete")


def test_open_case_is_updated_not_duplicated(store: Store, world) -> None:
    store.intake(month=world.months[0], k=30)
    second = store.intake(month=world.months[1], k=30)
    assert second.created == []  # every household already has an open case
    assert len(second.updated) == 30
    with store.read() as s:
        open_per_household = s.execute(
            sa.select(Case.household_id, sa.func.count())
            .where(Case.state != "closed")
            .group_by(Case.household_id)
        ).all()
    assert all(n == 1 for _, n in open_per_household)
    lead = User("leider", "teamleider", "wijkteam")
    page = store.get_case(lead, second.updated[0])
    assert page.summary.latest_month == world.months[1]
    assert page.summary.model_version == "lgbm-2025-02"
    assert page.months == (world.months[0], world.months[1])


def test_k_comes_from_team_capacity(store: Store, world, people) -> None:
    store.set_capacity(people["leider"], "wijkteam", per_month=3)
    assert len(store.intake(month=world.months[0]).created) == 3
    assert len(store.intake(month=world.months[1], k=2).created) <= 2
    with pytest.raises(CaseworkError, match="capaciteit"):
        store.set_capacity(people["leider"], "wijkteam", per_month=-1)


def test_objection_stops_processing(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=1)
    worker = people["werker"]
    case = store.list_cases(worker)[0]
    closed = store.record_objection(
        worker, case.id, reason="brief van bewoner", expected_version=case.version
    )
    assert closed.state == State.CLOSED
    page = store.get_case(people["leider"], case.id)
    assert page.minimised and page.objection
    assert all(p.naam is None and p.bsn is None and p.telefoon is None for p in page.persons)
    assert page.explanation == ()
    # the resident can still see what is left and who looked (through the restricted register)
    member = world.households[case.household_id][0]
    report = store.inzage(people["beheer"], world.bsn[member])
    assert [c["bezwaar"] for c in report["casussen"]] == [True]
    assert report["casussen"][0]["gegevens"][0]["naam"] is None
    # never proposed again, not by intake and not by hand
    result = store.intake(month=world.months[1], k=30)
    assert result.skipped_objection == 1
    assert case.household_id not in {c.household_id for c in store.list_cases(worker)}
    with pytest.raises(CaseworkError, match="bezwaar"):
        store.add_household(
            worker,
            household_id=case.household_id,
            month=world.months[1],
            reason_code="anders",
            reason_text="toch proberen",
        )


def test_household_that_moved_out_is_closed_with_transfer_note(store: Store, world) -> None:
    (gone,) = world.moved_out
    store.intake(month=world.months[0], k=5)
    lead = User("leider", "teamleider", "wijkteam")
    case = next(c for c in store.list_cases(lead) if c.household_id == gone)
    result = store.intake(month=world.months[2])
    assert result.closed_moved == [case.id]
    page = store.get_case(lead, case.id)
    assert page.summary.state == State.CLOSED
    assert page.outcome == "moved_away"
    assert "verhuisd naar buiten de gemeente" in page.notes[-1].text
    assert [e.to_state for e in page.events[-2:]] == ["moved_away", "closed"]
    still_open = store.list_cases(lead, CaseFilter(open_only=True))
    assert gone not in {c.household_id for c in still_open}


def test_threat_from_serving_sets_three_working_days(tmp_path, store_url: str, backend) -> None:
    scratch = build_world(tmp_path / "t", n_households=6, selected=2)
    top = _top(scratch, scratch.months[0], 1)[0]
    scratch = build_world(tmp_path / "t2", n_households=6, selected=2, threats={top: "ontruiming"})
    if backend == "sqlite":
        store = open_store(scratch.data)
    else:
        store = open_store(scratch.data, url=store_url)
    try:
        store.intake(month=scratch.months[0], k=2)
        with store.read() as s:
            threatened = s.execute(sa.select(Case).where(Case.household_id == top)).scalar_one()
            calm = s.execute(sa.select(Case).where(Case.household_id != top)).scalars().first()
        assert threatened.threatening and threatened.threat_note == "ontruiming"
        assert calm is not None and not calm.threatening
        from casework.views import case_deadline

        today = threatened.signal_date
        assert case_deadline(threatened, today=today).due == add_working_days(today, 3)
        assert case_deadline(calm, today=today).due == calm.signal_date + timedelta(days=28)
    finally:
        store.close()


def test_missing_serving_store_gives_a_clear_message(tmp_path, store_url: str, backend) -> None:
    from signals.paths import DataDir

    empty = DataDir(tmp_path / "leeg")
    store = open_store(empty, url=None if backend == "sqlite" else store_url)
    try:
        with pytest.raises(CaseworkError, match="Draai eerst de pijplijn"):
            store.intake()
    finally:
        store.close()


def test_unknown_month_gives_a_clear_message(store: Store) -> None:
    with pytest.raises(CaseworkError, match="geen scores voor 2030-01"):
        store.intake(month=date(2030, 1, 1))


def test_cli_intake_twice(store: Store, world) -> None:
    env = {"VROEGSIGNAAL_DATABASE_URL": store.url} if store.dialect != "sqlite" else {}
    runner = CliRunner()
    args = ["intake", "--month", "2025-01", "--data", str(world.data.root)]
    first = runner.invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert "5 nieuw" in first.output
    second = runner.invoke(app, args, env=env)
    assert "0 nieuw" in second.output and "5 al verwerkt" in second.output
    bad = runner.invoke(
        app, ["intake", "--month", "2025-13", "--data", str(world.data.root)], env=env
    )
    assert bad.exit_code == 1 and "JJJJ-MM" in bad.output
