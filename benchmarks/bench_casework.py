"""Benchmark: the casework service layer with many open cases, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_casework.py [--cases 5000] [--repeat 30] [--postgres]

Builds a data folder with ``--cases`` scored households (tests/casework/cw_data.py), takes them
all in with one intake, then times the calls the case board makes: the board listing (with and
without names), opening a case page (logged), taking a case, a status change, a note, and
verifying the audit chain. ``--postgres`` also runs against a throwaway local PostgreSQL server
(or ``VROEGSIGNAAL_TEST_DATABASE_URL``). Writes nothing outside a temp dir; copy the printed
figures into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from casework import CaseFilter, Store, User, open_store
from tests.casework.cw_data import build_world
from tests.casework.cw_postgres import start_server

LEAD = User("bench-leider", "teamleider", "wijkteam")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time(name: str, repeat: int, fn: Callable[[int], object]) -> None:
    values = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        values.append((time.perf_counter() - start) * 1000)
    print(f"  {name:<28} median {statistics.median(values):7.1f} ms   p95 {_p95(values):7.1f} ms")


def run(store: Store, world, cases: int, repeat: int) -> None:  # type: ignore[no-untyped-def]
    store.add_user(LEAD.username, "bench-wachtwoord", role="teamleider", team="wijkteam")
    start = time.perf_counter()
    result = store.intake(month=world.months[0], k=cases)
    print(f"  intake of {len(result.created)} cases: {time.perf_counter() - start:.2f} s")
    board = store.list_cases(LEAD)
    assert len(board) == cases, len(board)
    _time("list_cases (board)", repeat, lambda i: store.list_cases(LEAD))
    _time("list_cases with names", repeat, lambda i: store.list_cases(LEAD, with_names=True))
    _time(
        "list_cases, 1 state, 50 rows",
        repeat,
        lambda i: store.list_cases(LEAD, CaseFilter(states=("proposed",), limit=50)),
    )
    _time("get_case (logged)", repeat, lambda i: store.get_case(LEAD, board[i].id))
    taken = {}

    def take(i: int) -> None:
        taken[i] = store.take(LEAD, board[i].id, expected_version=board[i].version)

    _time("take", repeat, take)
    _time(
        "transition",
        repeat,
        lambda i: store.transition(
            LEAD, board[i].id, "contact_sought", reason="brief", expected_version=taken[i].version
        ),
    )
    _time("add_note", repeat, lambda i: store.add_note(LEAD, board[i].id, "gebeld"))
    with store.read() as s:
        entries = s.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one()
    start = time.perf_counter()
    assert store.verify_audit().ok
    print(f"  verify_audit over {entries} entries: {time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = build_world(Path(tmp) / "data", n_households=args.cases, selected=args.cases)
        print(f"SQLite (WAL), {args.cases} open cases")
        with open_store(world.data, url=f"sqlite:///{Path(tmp) / 'bench.sqlite'}") as store:
            run(store, world, args.cases, args.repeat)
        if args.postgres:
            server = start_server()
            try:
                admin = sa.create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.exec_driver_sql("CREATE DATABASE vs_bench")
                admin.dispose()
                print(f"PostgreSQL, {args.cases} open cases")
                with open_store(world.data, url=server.url("vs_bench")) as store:
                    run(store, world, args.cases, args.repeat)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
