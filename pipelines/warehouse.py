"""Writing the warehouse: the schema, SQL models and all-or-nothing replacement of rows.

Every write replaces a slice (a month, a delivered file, a model version) inside one transaction:
re-running gives identical tables and a crash leaves the previous state, never half a slice.

DuckDB 2 streams results: ``con.execute`` starts a statement and it runs as its rows are read. A
statement whose result nobody reads (DDL, ``INSERT``, ``DELETE``) is therefore run to its end
with ``.complete()``; without it a large ``INSERT`` can still be running when the next query
reads the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

__all__ = [
    "ensure_schema",
    "load_sql",
    "replace_rows",
    "run_model",
    "scalar",
    "table_exists",
    "transaction",
]


@cache
def load_sql(name: str) -> str:
    """The text of ``pipelines/sql/<name>.sql``."""
    return resources.files("pipelines").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the warehouse schemas and the pipeline's own tables if they do not exist yet."""
    con.execute(load_sql("schema")).complete()


_open_transactions: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``BEGIN`` ... ``COMMIT``, or ``ROLLBACK`` on any error (the error is re-raised).

    Nested use joins the outer transaction, so an asset can make all the months of its run one
    transaction (one commit) while the functions it calls stay safe to use on their own."""
    if id(con) in _open_transactions:
        yield con
        return
    con.execute("BEGIN TRANSACTION").complete()
    _open_transactions.add(id(con))
    try:
        yield con
    except BaseException:
        _open_transactions.discard(id(con))
        con.execute("ROLLBACK").complete()
        raise
    _open_transactions.discard(id(con))
    con.execute("COMMIT").complete()


def table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, _, name = qualified.rpartition(".")
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema or "main", name],
    ).fetchall()
    return bool(row and row[0][0])


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame | pa.Table,
    *,
    where: str = "true",
    params: Sequence[Any] = (),
) -> int:
    """Delete the rows of ``table`` matching ``where`` and insert ``frame``, in one transaction.

    ``table`` is ``schema.name``; it is created from the frame's columns when missing. Columns are
    matched by name. Returns the number of rows inserted.
    """
    con.register("_replace_rows_frame", frame)
    try:
        with transaction(con):
            schema = table.rpartition(".")[0]
            if schema:
                con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}").complete()
            if not table_exists(con, table):
                con.execute(
                    f"CREATE TABLE {table} AS SELECT * FROM _replace_rows_frame LIMIT 0"
                ).complete()
            con.execute(f"DELETE FROM {table} WHERE {where}", list(params)).complete()
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _replace_rows_frame").complete()
    finally:
        con.unregister("_replace_rows_frame")
    return len(frame)


def run_model(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None):
    """Run the SQL model ``name`` (a ``SELECT``) and return the DuckDB relation of its result."""
    return con.sql(load_sql(name), params=params)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row of ``sql`` (``None`` when there is no row)."""
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0][0] if rows else None
