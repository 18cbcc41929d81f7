"""Running the SQL models for a set of months: staging -> facts -> features.

Each ``build_*`` function replaces the rows of its months in one transaction, so building a month
twice gives identical rows and a crash leaves the previous rows. Months are first-of-month dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from pipelines.partitions import add_months, as_of_instant
from pipelines.warehouse import ensure_schema, load_sql, scalar, table_exists, transaction
from signals.sources import load_type_codes

__all__ = [
    "MODELS",
    "build_case_state",
    "build_features",
    "build_households",
    "build_labels",
    "build_restricted",
    "prepare",
    "scalar",
    "set_months",
]

#: model name -> the warehouse table it fills, keyed by month (labels are rebuilt whole).
MODELS: dict[str, str] = {
    "case_state": "facts.case_state",
    "person_households": "facts.person_households",
    "household_agency_month": "facts.household_agency_month",
    "household_features": "serving.household_features",
    "identity": "restricted.identity",
    "household_protected": "restricted.household_protected",
}


def set_months(con: duckdb.DuckDBPyConnection, months: Sequence[date]) -> None:
    """(Re)create the session table ``as_of_months(month, as_of, next_month)`` for ``months``."""
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(list(months)).date if months else [],
            "as_of": [pd.Timestamp(as_of_instant(m)) for m in months],
            "next_month": [add_months(m, 1) for m in months],
        }
    )
    con.register("_as_of_frame", frame)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE as_of_months AS SELECT month::DATE AS month, "
        "as_of::TIMESTAMPTZ AS as_of, next_month::DATE AS next_month FROM _as_of_frame"
    ).complete()
    con.unregister("_as_of_frame")


def prepare(con: duckdb.DuckDBPyConnection, months: Sequence[date]) -> None:
    """Set up the session inputs of the models: ``as_of_months`` for ``months``, ``type_codes``
    (from signals/type_codes.toml) and the staging views."""
    ensure_schema(con)
    set_months(con, months)
    codes = pd.DataFrame(
        [
            {
                "code": tc.code,
                "bron": tc.bron,
                "pilot_min_cent": tc.pilot.min_cent if tc.pilot else None,
                "pilot_min_maanden": tc.pilot.min_maanden if tc.pilot else None,
                "pilot_na_aanmaning": tc.pilot.na_aanmaning if tc.pilot else None,
            }
            for tc in load_type_codes().values()
        ]
    )
    con.register("_type_codes_frame", codes)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE type_codes AS SELECT code, bron, "
        "pilot_min_cent::BIGINT AS pilot_min_cent, pilot_min_maanden::INTEGER AS "
        "pilot_min_maanden, pilot_na_aanmaning::BOOLEAN AS pilot_na_aanmaning "
        "FROM _type_codes_frame"
    ).complete()
    con.unregister("_type_codes_frame")
    con.execute(f"CREATE OR REPLACE TEMP VIEW stg_events AS {load_sql('stg_events')}").complete()
    con.execute(f"CREATE OR REPLACE TEMP VIEW stg_signals AS {load_sql('stg_signals')}").complete()
    # snapshot files that were read (a file refused whole says nothing about the cases)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW signal_deliveries AS SELECT DISTINCT d.bron, "
        "d.delivery_month FROM serving.deliveries AS d WHERE d.kind = 'signals' AND NOT EXISTS "
        "(SELECT 1 FROM serving.rejects AS r WHERE r.path = d.path AND r.line IS NULL)"
    ).complete()
    _create_missing_tables(con)


def _create_missing_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create each model's table (empty, from the model's columns) when it does not exist, in its
    own committed statement before any data transaction: DuckDB 2.0.0 does not show a transaction
    the rows it wrote itself into a table created in that same transaction once they exceed a row
    group (about 120,000 rows), so later models in the transaction would read nothing."""
    for model, table in MODELS.items():
        if not table_exists(con, table):
            con.execute(
                f"CREATE TABLE {table} AS SELECT * FROM ({load_sql(model)}) LIMIT 0"
            ).complete()
    if not table_exists(con, "serving.arrears_timeline"):
        con.execute(
            "CREATE TABLE serving.arrears_timeline (household_id VARCHAR, month DATE, "
            "bron VARCHAR, achterstand_cent BIGINT, saldo_cent BIGINT)"
        ).complete()


def _replace_months(con: duckdb.DuckDBPyConnection, model: str, table: str) -> int:
    """Replace the rows of the ``as_of_months`` in ``table`` by the result of ``model``."""
    sql = load_sql(model)
    with transaction(con):
        if not table_exists(con, table):
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM ({sql}) LIMIT 0").complete()
        con.execute(
            f"DELETE FROM {table} WHERE month IN (SELECT month FROM as_of_months)"
        ).complete()
        con.execute(f"INSERT INTO {table} BY NAME {sql}").complete()
    row = con.execute(
        f"SELECT count(*) FROM {table} WHERE month IN (SELECT month FROM as_of_months)"
    ).fetchall()
    return int(row[0][0]) if row else 0


def build_households(con: duckdb.DuckDBPyConnection) -> int:
    """facts.person_households for the prepared months; returns its row count for them."""
    return _replace_months(con, "person_households", MODELS["person_households"])


def build_restricted(con: duckdb.DuckDBPyConnection) -> int:
    """restricted.identity and restricted.household_protected for the prepared months (after
    :func:`build_households`); returns the identity row count for them."""
    _replace_months(con, "household_protected", MODELS["household_protected"])
    return _replace_months(con, "identity", MODELS["identity"])


def build_case_state(con: duckdb.DuckDBPyConnection) -> int:
    """facts.case_state for the prepared months."""
    return _replace_months(con, "case_state", MODELS["case_state"])


def build_features(con: duckdb.DuckDBPyConnection) -> int:
    """facts.household_agency_month and serving.household_features and serving.arrears_timeline
    for the prepared months (months must be built in order: deltas look back 3-12 months)."""
    _replace_months(con, "household_agency_month", MODELS["household_agency_month"])
    with transaction(con):
        con.execute(
            "DELETE FROM serving.arrears_timeline WHERE month IN (SELECT month FROM as_of_months)"
        ).complete()
        con.execute(
            "INSERT INTO serving.arrears_timeline SELECT household_id, month, bron, "
            "achterstand_cent, saldo_cent FROM facts.household_agency_month "
            "WHERE month IN (SELECT month FROM as_of_months)"
        ).complete()
    return _replace_months(con, "household_features", MODELS["household_features"])


def build_labels(con: duckdb.DuckDBPyConnection) -> int:
    """serving.labels, rebuilt whole (a month's label changes as later outcomes arrive)."""
    ensure_schema(con)
    sql = load_sql("labels")
    if not table_exists(con, "serving.labels"):  # see _create_missing_tables
        con.execute(f"CREATE TABLE serving.labels AS SELECT * FROM ({sql}) LIMIT 0").complete()
    with transaction(con):
        con.execute("DELETE FROM serving.labels").complete()
        con.execute(f"INSERT INTO serving.labels BY NAME {sql}").complete()
    row = con.execute("SELECT count(*) FROM serving.labels").fetchall()
    return int(row[0][0]) if row else 0
