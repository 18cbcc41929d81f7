"""The board: filters, names only when asked (and then logged), deadlines in view."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from casework import CaseFilter, DeadlineStatus, State, Store, User
from casework.deadlines import add_working_days


def test_filters_and_logged_names(store: Store, world, people: dict[str, User]) -> None:
    store.intake(month=world.months[0], k=5)
    lead, worker = people["leider"], people["werker"]
    board = store.list_cases(lead)
    store.take(worker, board[0].id, expected_version=board[0].version)
    assert [c.id for c in store.list_cases(lead, CaseFilter(coordinator="werker"))] == [board[0].id]
    assert len(store.list_cases(lead, CaseFilter(states=("voorgesteld",)))) == 4
    assert len(store.list_cases(lead, CaseFilter(limit=2))) == 2
    assert store.list_cases(lead, CaseFilter(month=world.months[1])) == []
    assert all(c.display_name is None for c in board)
    with store.read() as s:
        before = s.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
    named = store.list_cases(lead, with_names=True)
    assert all(c.display_name in world.names.values() for c in named)
    with store.read() as s:
        last = s.execute(sa.text("SELECT action, detail FROM audit_log ORDER BY seq DESC")).first()
        after = s.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
    assert after == before + 1 and last is not None and last[0] == "view_list"
    assert str(board[0].id) in last[1]


def test_deadlines_on_the_board(store: Store, world, people: dict[str, User]) -> None:
    store.intake(month=world.months[0], k=3)
    lead = people["leider"]
    first, second, _ = store.list_cases(lead)
    signal = first.deadline.due - timedelta(days=28)  # intake's day: today
    assert first.deadline.status == DeadlineStatus.ON_TIME
    marked = store.mark_threatening(
        lead,
        first.id,
        reason="huisuitzetting aangezegd",
        expected_version=first.version,
    )
    assert marked.threatening and marked.deadline.due == add_working_days(signal, 3)
    late = signal + timedelta(days=30)
    cap = store.capacity(lead, today=late)
    assert cap.overdue == 3 and cap.due_soon == 0
    v = store.take(lead, second.id, expected_version=second.version).version
    store.transition(lead, second.id, "contact_sought", reason="brief", expected_version=v)
    page = store.get_case(lead, second.id, today=late)
    assert page.summary.deadline.status == DeadlineStatus.MET
    assert page.summary.state == State.CONTACT_SOUGHT
    assert store.capacity(lead, today=late).overdue == 2
