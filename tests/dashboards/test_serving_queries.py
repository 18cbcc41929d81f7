"""The named queries of ``dashboards.serving`` against real DuckDB files written in ``tmp_path``:
the columns, the order, and ``None`` while the store or the table is not published yet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboards.serving import (
    ReadOnlyStore,
    arrears_timeline,
    deliveries_by_source,
    delivery_reconciliation,
    freshness_status_counts,
    linkage_by_month,
    raw_reject_lines,
    recent_rejects,
    reject_counts,
    retention_log,
)

SEP = date(2026, 9, 1)
OCT = date(2026, 10, 1)
NOV = date(2026, 11, 1)


def _write(path: Path, tables: dict[str, pd.DataFrame]) -> ReadOnlyStore:
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
    return ReadOnlyStore(path)


def _deliveries() -> pd.DataFrame:
    rows = [
        # path, bron, kind, month, received, accepted, rejected, dropped, loaded_at
        ("landing/cjib/2026-09.jsonl", "cjib", "events", SEP, 10, 8, 1, 1, datetime(2026, 10, 2)),
        ("landing/cjib/2026-10.jsonl", "cjib", "events", OCT, 20, 15, 2, 3, datetime(2026, 11, 2)),
        ("landing/cak/2026-10.csv", "cak", "signals", OCT, 12, 12, 0, 0, datetime(2026, 11, 3)),
        ("landing/cak/2026-10b.csv", "cak", "signals", OCT, 9, 4, 1, 0, datetime(2026, 11, 4)),
        ("landing/brp/2026-10.csv", "brp", "brp", OCT, 50, 50, 0, 0, datetime(2026, 11, 1)),
    ]
    cols = [
        "path",
        "bron",
        "kind",
        "delivery_month",
        "received",
        "accepted",
        "rejected",
        "dropped_by_policy",
        "loaded_at",
    ]
    return pd.DataFrame(rows, columns=cols)


def _rejects() -> pd.DataFrame:
    rows = [
        ("landing/cjib/2026-09.jsonl", "cjib", "events", SEP, 3, "ONGELDIG_BSN", "bsn ongeldig"),
        ("landing/cjib/2026-10.jsonl", "cjib", "events", OCT, 9, "ONGELDIG_BSN", "bsn ongeldig"),
        (
            "landing/cjib/2026-10.jsonl",
            "cjib",
            "events",
            OCT,
            2,
            "ONGELDIGE_DATUM",
            "datum ongeldig",
        ),
        ("landing/cak/2026-10b.csv", "cak", "signals", OCT, 5, "ONGELDIG_BSN", "bsn ongeldig"),
    ]
    return pd.DataFrame(
        rows, columns=["path", "bron", "kind", "delivery_month", "line", "code", "message"]
    )


@pytest.fixture
def serving(tmp_path: Path) -> ReadOnlyStore:
    freshness = pd.DataFrame(
        [
            (SEP, "cjib", "geleverd"),
            (OCT, "cjib", "geleverd"),
            (OCT, "cak", "geleverd"),
            (SEP, "duo", "ontbreekt"),
            (OCT, "duo", "ontbreekt"),
        ],
        columns=["month", "bron", "status"],
    )
    retention = pd.DataFrame(
        [
            (datetime(2026, 10, 1, 3), "cjib", "raw.events", date(2023, 9, 1), 12),
            (datetime(2026, 11, 1, 3), "cak", "raw.signals", date(2023, 10, 1), 7),
            (datetime(2026, 9, 1, 3), "cjib", "raw.events", date(2023, 8, 1), 5),
        ],
        columns=["deleted_at", "bron", "table_name", "cutoff", "rows_deleted"],
    )
    timeline = pd.DataFrame(
        [
            ("h2", OCT, "cjib", 5_000, -5_000),
            ("h1", OCT, "duo", 12_345, -12_345),
            ("h1", SEP, "cjib", 10_000, -10_000),
            ("h1", OCT, "cjib", 20_000, -20_000),
        ],
        columns=["household_id", "month", "bron", "achterstand_cent", "saldo_cent"],
    )
    return _write(
        tmp_path / "serving.duckdb",
        {
            "deliveries": _deliveries(),
            "rejects": _rejects(),
            "freshness": freshness,
            "retention_log": retention,
            "arrears_timeline": timeline,
        },
    )


@pytest.fixture
def empty(tmp_path: Path) -> ReadOnlyStore:
    """A published store that holds none of the queried tables."""
    return _write(tmp_path / "empty.duckdb", {"other": pd.DataFrame({"x": [1]})})


@pytest.fixture
def missing(tmp_path: Path) -> ReadOnlyStore:
    """A store that has not been published at all."""
    return ReadOnlyStore(tmp_path / "nowhere.duckdb")


def _none_when_unpublished(
    query: Callable[..., pd.DataFrame | None],
    empty: ReadOnlyStore,
    missing: ReadOnlyStore,
    **kw: object,
) -> None:
    assert query(empty, **kw) is None
    assert query(missing, **kw) is None


def test_deliveries_by_source(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = deliveries_by_source(serving)
    assert f is not None
    assert list(f.columns) == ["bron", "last_month", "last_loaded", "files"]
    assert list(f["bron"]) == ["brp", "cak", "cjib"]
    assert list(pd.to_datetime(f["last_month"])) == [pd.Timestamp(OCT)] * 3
    assert list(pd.to_datetime(f["last_loaded"])) == [
        pd.Timestamp(datetime(2026, 11, 1)),
        pd.Timestamp(datetime(2026, 11, 4)),
        pd.Timestamp(datetime(2026, 11, 2)),
    ]
    assert list(f["files"]) == [1, 2, 2]
    _none_when_unpublished(deliveries_by_source, empty, missing)


def test_freshness_status_counts(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = freshness_status_counts(serving)
    assert f is not None
    assert list(f.columns) == ["bron", "status", "n"]
    got = {(r.bron, r.status): r.n for r in f.itertuples()}
    assert got == {("cjib", "geleverd"): 2, ("cak", "geleverd"): 1, ("duo", "ontbreekt"): 2}
    _none_when_unpublished(freshness_status_counts, empty, missing)


def test_delivery_reconciliation(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = delivery_reconciliation(serving)
    assert f is not None
    assert list(f.columns) == [
        "path",
        "bron",
        "kind",
        "delivery_month",
        "received",
        "accepted",
        "rejected",
        "dropped_by_policy",
        "reconciles",
    ]
    # Newest month first, then bron, then path.
    assert list(f["path"]) == [
        "landing/brp/2026-10.csv",
        "landing/cak/2026-10.csv",
        "landing/cak/2026-10b.csv",
        "landing/cjib/2026-10.jsonl",
        "landing/cjib/2026-09.jsonl",
    ]
    # 9 received, 4 + 1 + 0 accounted for: the one file that does not reconcile.
    assert list(f["reconciles"]) == [True, True, False, True, True]
    _none_when_unpublished(delivery_reconciliation, empty, missing)


def test_linkage_by_month(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = linkage_by_month(serving)
    assert f is not None
    assert list(f.columns) == ["bron", "delivery_month", "accepted", "dropped", "rate"]
    # Only events and signals files: the register (brp) is left out.
    keys = list(zip(f["bron"], pd.to_datetime(f["delivery_month"]), strict=True))
    assert keys == [
        ("cak", pd.Timestamp(OCT)),
        ("cjib", pd.Timestamp(OCT)),
        ("cjib", pd.Timestamp(SEP)),
    ]
    assert list(f["accepted"]) == [16, 15, 8]
    assert list(f["dropped"]) == [0, 3, 1]
    assert list(f["rate"]) == pytest.approx([1.0, 15 / 18, 8 / 9])
    _none_when_unpublished(linkage_by_month, empty, missing)


def test_reject_counts(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = reject_counts(serving)
    assert f is not None
    assert list(f.columns) == ["bron", "code", "n"]
    assert f.iloc[0].tolist() == ["cjib", "ONGELDIG_BSN", 2]
    assert list(f["n"]) == [2, 1, 1]
    assert {(r.bron, r.code) for r in f.iloc[1:].itertuples()} == {
        ("cjib", "ONGELDIGE_DATUM"),
        ("cak", "ONGELDIG_BSN"),
    }
    _none_when_unpublished(reject_counts, empty, missing)


def test_recent_rejects(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = recent_rejects(serving, limit=50)
    assert f is not None
    assert list(f.columns) == ["path", "bron", "delivery_month", "line", "code", "message"]
    assert [(r.path, r.line) for r in f.itertuples()] == [
        ("landing/cak/2026-10b.csv", 5),
        ("landing/cjib/2026-10.jsonl", 2),
        ("landing/cjib/2026-10.jsonl", 9),
        ("landing/cjib/2026-09.jsonl", 3),
    ]
    limited = recent_rejects(serving, limit=2)
    assert limited is not None
    assert list(limited["line"]) == [5, 2]
    _none_when_unpublished(recent_rejects, empty, missing, limit=50)


def test_raw_reject_lines(tmp_path: Path, empty: ReadOnlyStore, missing: ReadOnlyStore) -> None:
    raw = pd.DataFrame(
        [
            ("landing/cjib/2026-10.jsonl", 9, '{"bsn": "123"}'),
            ("landing/cak/2026-10b.csv", 5, "x;"),
        ],
        columns=["path", "line", "raw"],
    )
    restricted = _write(tmp_path / "restricted.duckdb", {"reject_raw": raw})
    f = raw_reject_lines(restricted)
    assert f is not None
    assert list(f.columns) == ["path", "line", "raw"]
    assert sorted(f.itertuples(index=False, name=None)) == sorted(
        raw.itertuples(index=False, name=None)
    )
    _none_when_unpublished(raw_reject_lines, empty, missing)


def test_retention_log(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = retention_log(serving)
    assert f is not None
    assert list(f.columns) == ["deleted_at", "bron", "table_name", "cutoff", "rows_deleted"]
    assert list(f["rows_deleted"]) == [7, 12, 5]  # newest deletion first
    limited = retention_log(serving, limit=1)
    assert limited is not None
    assert list(limited["rows_deleted"]) == [7]
    _none_when_unpublished(retention_log, empty, missing)


def test_arrears_timeline(
    serving: ReadOnlyStore, empty: ReadOnlyStore, missing: ReadOnlyStore
) -> None:
    f = arrears_timeline(serving, household_id="h1")
    assert f is not None
    assert list(f.columns) == ["month", "bron", "achterstand_cent", "saldo_cent"]
    rows = list(zip(pd.to_datetime(f["month"]), f["bron"], f["achterstand_cent"], strict=True))
    assert rows == [
        (pd.Timestamp(SEP), "cjib", 10_000),
        (pd.Timestamp(OCT), "cjib", 20_000),
        (pd.Timestamp(OCT), "duo", 12_345),
    ]
    none_rows = arrears_timeline(serving, household_id="h9")
    assert none_rows is not None and none_rows.empty
    # The household id is bound, not formatted into the SQL.
    injected = arrears_timeline(serving, household_id="h1' OR '1'='1")
    assert injected is not None and injected.empty
    _none_when_unpublished(arrears_timeline, empty, missing, household_id="h1")
