"""Retention: closed cases anonymised, old log entries purged, the chain still verifiable."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from casework import CaseworkError, Store, User
from casework.cli import app
from casework.db import make_engines

LATER = date.today().replace(day=1)


def _later(months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return date.today() + relativedelta(months=months)


def test_closed_cases_anonymised_and_logs_purged(
    store: Store, world, people: dict[str, User]
) -> None:
    store.intake(month=world.months[0], k=3)
    worker = people["werker"]
    skipped, kept = store.list_cases(worker)[:2]
    store.skip(
        worker,
        skipped.id,
        reason_code="al_in_beeld",
        reason_text="bekend",
        expected_version=skipped.version,
    )
    beheer = people["beheer"]
    with pytest.raises(CaseworkError, match="minstens 6 maanden"):
        store.retention(beheer, log_months=5)
    result = store.retention(beheer, log_months=12, case_months=24, today=_later(25))
    assert result.cases_anonymised == 1
    assert result.log_entries_deleted > 0
    lead = people["leider"]
    gone = store.get_case(lead, skipped.id)
    assert gone.summary.household_id is None and gone.persons == () and gone.notes == ()
    assert gone.outcome == "overgeslagen"  # what reports need stays
    still = store.get_case(lead, kept.id)
    assert still.persons and still.summary.household_id  # open cases untouched
    assert store.verify_audit().ok
    log = store.retention_log(people["steward"])
    assert {e["action"] for e in log} == {"retention", "audit_purge"}
    # the purge record itself is protected like every other entry
    engines = make_engines(store.url)
    with engines.write.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE action = 'audit_purge'"))
    engines.dispose()
    assert not store.verify_audit().ok


def test_nothing_recent_is_removed(store: Store, world, people) -> None:
    store.intake(month=world.months[0], k=2)
    with store.read() as s:
        before = s.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
    result = store.retention(people["beheer"])
    assert result.log_entries_deleted == 0 and result.cases_anonymised == 0
    with store.read() as s:
        after = s.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
    assert after == before + 1  # only the retention run itself
    assert store.verify_audit().ok


def test_retention_command(store: Store, world) -> None:
    env = {"VROEGSIGNAAL_DATABASE_URL": store.url} if store.dialect != "sqlite" else {}
    runner = CliRunner()
    ok = runner.invoke(app, ["retention", "--data", str(world.data.root)], env=env)
    assert ok.exit_code == 0 and "geanonimiseerd" in ok.output
    short = runner.invoke(
        app, ["retention", "--log-months", "3", "--data", str(world.data.root)], env=env
    )
    assert short.exit_code == 1 and "6 maanden" in short.output
