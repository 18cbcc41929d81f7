"""Publishing the read-only stores: every table of the warehouse's ``serving`` schema goes to
``DATA/serving.duckdb`` and every table of ``restricted`` to ``DATA/restricted.duckdb``.

A store is written to a temporary file next to it and renamed over the old one (``os.replace``
is atomic on one file system), so a reader sees the old store or the new one, never half a file.
The published files are made read-only (mode 0444).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from signals.paths import DataDir

__all__ = ["PUBLISHED_SCHEMAS", "publish", "publish_schema"]

#: warehouse schema -> the DataDir property of the published file.
PUBLISHED_SCHEMAS: dict[str, str] = {"serving": "serving", "restricted": "restricted"}


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() AND table_schema = ? "
        "AND table_type = 'BASE TABLE' ORDER BY table_name",
        [schema],
    ).fetchall()
    return [r[0] for r in rows]


def publish_schema(con: duckdb.DuckDBPyConnection, schema: str, target: Path) -> dict[str, int]:
    """Copy every table of ``schema`` into a new DuckDB file and atomically replace ``target``.

    Returns rows per published table.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con.execute(f"ATTACH '{tmp}' AS _publish").complete()
    try:
        for table in _tables(con, schema):
            con.execute(
                f"CREATE TABLE _publish.main.{table} AS SELECT * FROM {schema}.{table}"
            ).complete()
            rows = con.execute(f"SELECT count(*) FROM _publish.main.{table}").fetchall()
            counts[table] = int(rows[0][0])
    finally:
        con.execute("DETACH _publish").complete()
    tmp.chmod(0o444)
    os.replace(tmp, target)
    return counts


def publish(con: duckdb.DuckDBPyConnection, data: DataDir) -> dict[str, dict[str, int]]:
    """Publish ``serving`` and ``restricted``; returns rows per table per store."""
    return {
        schema: publish_schema(con, schema, getattr(data, prop))
        for schema, prop in PUBLISHED_SCHEMAS.items()
    }
