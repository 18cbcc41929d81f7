"""Writing hand-made rows straight into a warehouse's raw tables (for the SQL model tests)."""

from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from pipelines.warehouse import ensure_schema

EVENT_COLUMNS = [
    "delivery_month",
    "bron",
    "gebeurteniskenmerk",
    "gebeurtenis_type",
    "datumtijd_gebeurtenis",
    "zaakkenmerk",
    "pseudonym",
    "datumtijd_opgelegd",
    "primaire_verplichting",
    "type_financiele_verplichting",
    "categorie",
    "bedrag_cent",
    "betaal_type",
    "vervaldatum",
    "ingetrokken_gebeurteniskenmerk",
    "datum_betaling",
    "content_hash",
    "source_path",
    "source_line",
]


def event(
    kenmerk: str,
    soort: str,
    at: datetime,
    *,
    bron: str = "cjib",
    zaak: str = "Z1",
    pseudonym: str = "p1",
    **extra: Any,
) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
    row.update(
        delivery_month=date(at.year, at.month, 1),
        bron=bron,
        gebeurteniskenmerk=kenmerk,
        gebeurtenis_type=soort,
        datumtijd_gebeurtenis=at,
        zaakkenmerk=zaak,
        pseudonym=pseudonym,
        content_hash=kenmerk,
        source_path=f"landing/{bron}/{at:%Y-%m}.jsonl",
        source_line=1,
    )
    row.update(extra)
    return row


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    ensure_schema(con)
    if not rows:
        return
    frame = pd.DataFrame(rows)
    con.register("_rows", frame)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows").complete()
    con.unregister("_rows")


def person(
    month: str,
    pseudonym: str,
    adres: str,
    *,
    sinds: str = "2000-01-01",
    partner: str | None = None,
    ouder1: str | None = None,
    ouder2: str | None = None,
    minderjarig: bool = False,
) -> dict[str, Any]:
    return {
        "month": date.fromisoformat(month + "-01"),
        "pseudonym": pseudonym,
        "adres_id": adres,
        "datum_vestiging": date.fromisoformat(sinds),
        "partner": partner,
        "ouder1": ouder1,
        "ouder2": ouder2,
        "minderjarig": minderjarig,
    }


def warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    ensure_schema(con)
    return con
