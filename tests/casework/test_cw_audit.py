"""The audit trail is append-only and tamper-evident: any altered or removed entry is found."""

from __future__ import annotations

import hypothesis.strategies as st
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from casework import Store, User, audit
from casework.audit import GENESIS, entry_hash
from casework.cli import app
from casework.db import make_engines, normalise_url


@pytest.fixture()
def busy(store: Store, world, people: dict[str, User]) -> Store:
    """A store with some history: one real case flow, then a run of entries in one transaction."""
    store.intake(month=world.months[0], k=1)
    worker = people["werker"]
    case = store.list_cases(worker)[0]
    v = store.take(worker, case.id, expected_version=case.version).version
    store.get_case(worker, case.id)
    store.transition(worker, case.id, "contact_sought", reason="brief", expected_version=v)
    with store.write() as session:
        for i in range(8):
            audit.append(
                session,
                actor="werker",
                action="view_case",
                case_id=case.id,
                detail={"gegevens": ["naam"], "i": i},
            )
    assert store.verify_audit().ok
    return store


def _sql(store_url: str, statement: str) -> None:
    engines = make_engines(store_url)
    with engines.write.begin() as conn:
        conn.exec_driver_sql(statement)
    engines.dispose()


def _count(store: Store) -> int:
    with store.read() as s:
        return int(s.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one())


def _cli_verify(store: Store, world) -> tuple[int, str]:
    env = {"VROEGSIGNAAL_DATABASE_URL": store.url} if store.dialect != "sqlite" else {}
    result = CliRunner().invoke(app, ["verify-audit", "--data", str(world.data.root)], env=env)
    return result.exit_code, result.output


def test_intact_chain_verifies_on_the_command_line(busy: Store, world) -> None:
    code, out = _cli_verify(busy, world)
    assert code == 0, out
    assert "in orde" in out


def test_edited_detail_is_detected(busy: Store, store_url: str, world) -> None:
    _sql(store_url, 'UPDATE audit_log SET detail = \'{"reden":"niets"}\' WHERE seq = 5')
    report = busy.verify_audit()
    assert not report.ok
    assert ("audit.altered", {"seq": 5}) in report.problems
    code, out = _cli_verify(busy, world)
    assert code == 1
    assert "Regel 5 is gewijzigd" in out


def test_edited_actor_case_and_time_are_detected(busy: Store, store_url: str) -> None:
    with busy.read() as s:
        linked = list(
            s.execute(sa.text("SELECT seq FROM audit_log WHERE case_id IS NOT NULL ORDER BY seq"))
            .scalars()
            .all()
        )
    a, b, c = linked[-3:]
    _sql(store_url, f"UPDATE audit_log SET actor = 'iemand_anders' WHERE seq = {a}")
    _sql(store_url, f"UPDATE audit_log SET case_id = NULL WHERE seq = {b}")
    _sql(store_url, f"UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE seq = {c}")
    keys = {(k, v.get("seq")) for k, v in busy.verify_audit().problems}
    assert {("audit.altered", a), ("audit.altered", b), ("audit.altered", c)} <= keys


def test_removed_entry_in_the_middle_is_detected(busy: Store, store_url: str) -> None:
    _sql(store_url, "DELETE FROM audit_log WHERE seq = 6")
    report = busy.verify_audit()
    assert ("audit.gap", {"van": 6, "tot": 6}) in report.problems


def test_removed_last_entry_is_detected(busy: Store, store_url: str) -> None:
    last = _count(busy)
    _sql(store_url, f"DELETE FROM audit_log WHERE seq = {last}")
    report = busy.verify_audit()
    assert [k for k, _ in report.problems] == ["audit.head_mismatch"]


def test_removed_first_entries_are_detected(busy: Store, store_url: str) -> None:
    _sql(store_url, "DELETE FROM audit_log WHERE seq <= 2")
    report = busy.verify_audit()
    assert "audit.base_mismatch" in {k for k, _ in report.problems} or (
        "audit.gap" in {k for k, _ in report.problems}
    )


def test_a_rewritten_chain_is_caught_by_the_published_head(busy: Store, store_url: str) -> None:
    """Someone with database access who rewrites every hash and the head passes the internal
    check; the head hash published earlier gives it away."""
    published = busy.verify_audit().head
    engines = make_engines(normalise_url(store_url))
    with engines.write.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'vervalst' WHERE seq = 3")
        prev = GENESIS
        rows = conn.execute(sa.text("SELECT * FROM audit_log ORDER BY seq")).mappings().all()
        from casework.schema import AuditEntry

        for row in rows:
            entry = (
                conn.execute(
                    sa.select(AuditEntry.__table__).where(AuditEntry.__table__.c.seq == row["seq"])
                )
                .mappings()
                .one()
            )
            digest = entry_hash(
                seq=entry["seq"],
                at=_utc(entry["at"]),
                actor=entry["actor"],
                action=entry["action"],
                case_id=entry["case_id"],
                detail=entry["detail"],
                prev_hash=prev,
            )
            conn.execute(
                sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": prev, "h": digest, "s": entry["seq"]},
            )
            prev = digest
        conn.execute(sa.text("UPDATE audit_head SET hash = :h"), {"h": prev})
    engines.dispose()
    assert busy.verify_audit().ok  # the internal check alone cannot tell
    report = busy.verify_audit(expect_head=published)
    assert [k for k, _ in report.problems] == ["audit.expected_head"]


def _utc(value):  # type: ignore[no-untyped-def]
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def test_entries_cannot_be_changed_through_the_api(busy: Store) -> None:
    """There is no service that edits or deletes audit entries except the retention purge."""
    import casework

    names = {n for n in dir(casework.Store) if not n.startswith("_")}
    assert not {n for n in names if "audit" in n} - {"verify_audit"}


def test_chain_keeps_fingerprints_of_reasons_not_the_text(busy: Store) -> None:
    """Reasons can hold personal details and are minimised with the case; the chain, which can
    never be edited, keeps only their SHA-256."""
    import hashlib

    with busy.read() as s:
        details = list(s.execute(sa.text("SELECT detail FROM audit_log")).scalars())
    assert not any('"brief"' in d for d in details)
    assert any(hashlib.sha256(b"brief").hexdigest() in d for d in details)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def _tamper_property(store: Store, data: st.DataObject) -> None:
    """Any single edit or removal of an entry is reported (checked inside a rolled-back
    transaction, so every example sees the same intact chain)."""
    with store.read() as s:
        seqs = list(s.execute(sa.text("SELECT seq FROM audit_log ORDER BY seq")).scalars())
    seq = data.draw(st.sampled_from(seqs), label="seq")
    column = data.draw(st.sampled_from(["actor", "action", "detail", "prev_hash", "hash", None]))
    statement = (
        f"DELETE FROM audit_log WHERE seq = {seq}"
        if column is None
        else f"UPDATE audit_log SET {column} = CASE WHEN substr({column}, 1, 1) = 'a' "
        f"THEN 'b' ELSE 'a' END || substr({column}, 2) WHERE seq = {seq}"
    )
    with store.engines.write.connect() as conn:
        trans = conn.begin()
        try:
            conn.exec_driver_sql(statement)
            report = audit.verify(Session(bind=conn))
        finally:
            trans.rollback()
    assert not report.ok, statement


def test_any_single_change_is_detected(busy: Store) -> None:
    _tamper_property(busy)
    assert busy.verify_audit().ok
