"""The basic path through the store on both backends."""

from __future__ import annotations

from casework import Store, User


def test_intake_take_and_verify(store: Store, world, people: dict[str, User]) -> None:
    result = store.intake(month=world.months[0])
    assert len(result.created) == 5
    worker = people["werker"]
    board = store.list_cases(worker)
    assert [c.rank for c in board] == [1, 2, 3, 4, 5]
    taken = store.take(worker, board[0].id, expected_version=board[0].version)
    assert taken.coordinator == "werker"
    assert store.verify_audit().ok
