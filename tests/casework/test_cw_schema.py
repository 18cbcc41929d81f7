"""The migrations build exactly the schema the models describe; database rules hold on both
backends; every message exists in Dutch and English."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casework import IllegalTransition, State, Store, label, parse_state
from casework.intake import new_case
from casework.messages import MESSAGES, message
from casework.schema import Base


def test_migrations_match_the_models(store: Store) -> None:
    with store.engines.read.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_embedded_default_is_sqlite_in_wal_mode(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casework import open_store
    from signals.paths import DataDir

    monkeypatch.delenv("VROEGSIGNAAL_DATABASE_URL", raising=False)
    data = DataDir(tmp_path / "data")
    with open_store(data) as store:
        assert store.dialect == "sqlite" and data.casework_db.exists()
        with store.engines.read.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    monkeypatch.setenv("VROEGSIGNAAL_DATABASE_URL", f"sqlite:///{tmp_path / 'elders.sqlite'}")
    with open_store(data) as store:
        assert store.url.endswith("elders.sqlite")


def test_one_open_case_per_household_is_a_database_rule(store: Store) -> None:
    def case() -> object:
        return new_case(
            household_id="hh_dubbel",
            team="wijkteam",
            month=date(2025, 1, 1),
            origin="model",
            score_row=None,
            explanation=None,
            threat=None,
            today=date(2025, 1, 2),
        )

    with store.write() as s:
        s.add(case())
    with pytest.raises(sa.exc.IntegrityError), store.write() as s:
        s.add(case())
    with store.write() as s:  # a closed case for the same household is fine
        closed = case()
        closed.state = State.CLOSED.value  # type: ignore[attr-defined]
        s.add(closed)


def test_messages_in_dutch_and_english(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, entry in MESSAGES.items():
        assert entry.get("nl") and entry.get("en"), key
    with pytest.raises(IllegalTransition) as err:
        from casework.states import check_transition

        check_transition("proposed", "help_started")
    assert "Dit kan niet" in str(err.value) and "'Toegewezen'" in str(err.value)
    assert err.value.text("en").startswith("Not possible")
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "en")
    assert label(State.CONTACT_SOUGHT) == "Contact sought"
    assert message("deadline.te_laat") == "Overdue"
    assert parse_state("in gesprek") == State.IN_CONVERSATION


def test_the_workflow_graph_is_the_one_in_the_issue() -> None:
    from casework import TRANSITIONS

    edges = {(a.value, b.value) for a, targets in TRANSITIONS.items() for b in targets}
    main_line = [
        ("proposed", "assigned"),
        ("assigned", "contact_sought"),
        ("contact_sought", "in_conversation"),
    ]
    outcomes = ["help_started", "help_declined", "no_contact", "referred", "moved_away"]
    assert set(main_line) <= edges
    assert {("in_conversation", o) for o in outcomes} <= edges
    assert {(o, "closed") for o in outcomes} <= edges
    assert not any(a == "closed" for a, _ in edges)
    assert not any(b == "closed" and a not in outcomes for a, b in edges)
