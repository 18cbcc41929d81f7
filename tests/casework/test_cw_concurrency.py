"""Concurrent changes from several threads and processes: conflicts are reported, nothing is lost,
and the audit chain stays one unbroken line."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from casework import ConflictError, State, Store, User, open_store
from casework.schema import CaseEvent, Note

LEAD = User("leider", "teamleider", "wijkteam")


def toggle(store: Store, case_id: int, times: int, who: User = LEAD) -> int:
    """Move the case between 'proposed' and 'assigned' ``times`` times, re-reading and retrying
    after every conflict as a person would. Returns the number of conflicts met."""
    conflicts, done = 0, 0
    while done < times:
        case = next(c for c in store.list_cases(who) if c.id == case_id)
        try:
            if case.state == State.PROPOSED:
                store.take(who, case_id, expected_version=case.version)
            else:
                store.transition(
                    who, case_id, "proposed", reason=f"terug {done}", expected_version=case.version
                )
        except ConflictError:
            conflicts += 1
            continue
        done += 1
    return conflicts


def _events_and_notes(store: Store, case_id: int) -> tuple[int, int]:
    with store.read() as s:
        events = s.execute(
            sa.select(sa.func.count()).select_from(CaseEvent).where(CaseEvent.case_id == case_id)
        ).scalar_one()
        notes = s.execute(
            sa.select(sa.func.count()).select_from(Note).where(Note.case_id == case_id)
        ).scalar_one()
    return int(events), int(notes)


def test_same_version_from_many_threads_one_wins(store: Store, world) -> None:
    store.intake(month=world.months[0])
    case = store.list_cases(LEAD)[0]
    barrier = threading.Barrier(6)

    def attempt(i: int) -> str:
        barrier.wait()
        try:
            store.assign(
                LEAD,
                case.id,
                "werker" if i % 2 else "werker2",
                expected_version=case.version,
                reason=f"poging {i}",
            )
        except ConflictError as err:
            assert "niets verloren" in str(err)
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(attempt, range(6)))
    assert results.count("ok") == 1
    assert results.count("conflict") == 5
    events, _ = _events_and_notes(store, case.id)
    assert events == 2  # intake + the one assignment
    assert store.verify_audit().ok


def test_threads_retrying_lose_nothing(store: Store, world) -> None:
    store.intake(month=world.months[0])
    case = store.list_cases(LEAD)[0]
    before, _ = _events_and_notes(store, case.id)
    threads, times, notes = 4, 5, 5

    def work(i: int) -> int:
        for n in range(notes):
            store.add_note(LEAD, case.id, f"notitie {i}-{n}")
        return toggle(store, case.id, times)

    with ThreadPoolExecutor(threads) as pool:
        conflicts = sum(pool.map(work, range(threads)))
    events, n_notes = _events_and_notes(store, case.id)
    assert events - before == threads * times
    assert n_notes == threads * notes
    final = next(c for c in store.list_cases(LEAD) if c.id == case.id)
    assert final.state == (State.PROPOSED if threads * times % 2 == 0 else State.ASSIGNED)
    assert store.verify_audit().ok
    assert conflicts >= 0


def _process_worker(url: str, case_id: int, times: int, notes: int, tag: str) -> None:
    store = open_store(None, url=url)
    try:
        for n in range(notes):
            store.add_note(LEAD, case_id, f"{tag}-{n}")
        toggle(store, case_id, times)
    finally:
        store.close()


def test_processes_lose_nothing(store: Store, world) -> None:
    store.intake(month=world.months[0])
    case = store.list_cases(LEAD)[0]
    before, _ = _events_and_notes(store, case.id)
    # fork: the children open their own store; the parent's connections are never touched there
    ctx = multiprocessing.get_context("fork")
    procs = [
        ctx.Process(target=_process_worker, args=(store.url, case.id, 4, 3, f"p{i}"))
        for i in range(3)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    events, n_notes = _events_and_notes(store, case.id)
    assert events - before == 3 * 4
    assert n_notes == 3 * 3
    assert store.verify_audit().ok
