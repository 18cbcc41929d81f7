"""Reading the published DuckDB stores: ``serving.duckdb`` (scores, explanations, threats) and
``restricted.duckdb`` (identities, protected attributes). Both are opened read-only, only for the
households a caller names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from casework.errors import CaseworkError

__all__ = [
    "IDENTITY_FIELDS",
    "connect",
    "explanations_for",
    "has_table",
    "identities_for",
    "latest_score_month",
    "rows",
    "scores_for",
    "threats_for",
]

IDENTITY_FIELDS = ("pseudonym", "bsn", "naam", "adres", "postcode", "woonplaats", "telefoon")


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    if not Path(path).exists():
        raise CaseworkError("error.no_serving", path=str(path))
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])


def latest_score_month(con: duckdb.DuckDBPyConnection) -> date | None:
    if not has_table(con, "scores"):
        return None
    found = con.execute("SELECT max(month) FROM scores").fetchone()
    return found[0] if found else None


def scores_for(
    con: duckdb.DuckDBPyConnection,
    month: date,
    *,
    k: int | None = None,
    household_ids: Sequence[str] | None = None,
) -> list[dict]:
    """Scores of ``month`` best rank first: the top ``k``, the model's ``selected`` households when
    ``k`` is None, or exactly ``household_ids``."""
    if not has_table(con, "scores"):
        return []
    base = "SELECT household_id, month, model_version, score, rank FROM scores WHERE month = ?"
    if household_ids is not None:
        return rows(con, base + " AND household_id IN (SELECT unnest(?))", [month, household_ids])
    if k is None:
        return rows(con, base + " AND selected ORDER BY rank, household_id", [month])
    return rows(con, base + " ORDER BY rank, household_id LIMIT ?", [month, k])


def explanations_for(
    con: duckdb.DuckDBPyConnection, month: date, household_ids: Sequence[str]
) -> dict[tuple[str, str], list[dict]]:
    """(household_id, model_version) -> explanation lines in ``position`` order."""
    out: dict[tuple[str, str], list[dict]] = {}
    if not household_ids or not has_table(con, "explanations"):
        return out
    for r in rows(
        con,
        "SELECT household_id, model_version, feature, value, contribution, sentence_nl, "
        "sentence_en, position FROM explanations WHERE month = ? "
        "AND household_id IN (SELECT unnest(?)) ORDER BY household_id, position",
        [month, list(household_ids)],
    ):
        key = (r.pop("household_id"), r.pop("model_version"))
        r["value"] = None if r["value"] is None else float(r["value"])
        r["contribution"] = float(r["contribution"])
        r["position"] = int(r["position"])
        out.setdefault(key, []).append(r)
    return out


def threats_for(
    con: duckdb.DuckDBPyConnection, month: date, household_ids: Sequence[str]
) -> dict[str, str]:
    """household_id -> kind (``ontruiming``/``afsluiting``) of a pending threat in ``month``, from
    the optional serving table ``threats`` (see docs/casework.md)."""
    if not household_ids or not has_table(con, "threats"):
        return {}
    return {
        r["household_id"]: r["soort"]
        for r in rows(
            con,
            "SELECT household_id, min(soort) AS soort FROM threats WHERE month = ? "
            "AND household_id IN (SELECT unnest(?)) GROUP BY household_id",
            [month, list(household_ids)],
        )
    }


def identities_for(
    con: duckdb.DuckDBPyConnection, month: date, household_ids: Sequence[str]
) -> dict[str, list[dict]]:
    """household_id -> members with contact details in ``month`` (restricted)."""
    out: dict[str, list[dict]] = {}
    if not household_ids:
        return out
    for r in rows(
        con,
        "SELECT household_id, pseudonym, bsn, naam, adres, postcode, woonplaats, telefoon "
        "FROM identity WHERE month = ? AND household_id IN (SELECT unnest(?)) "
        "ORDER BY household_id, pseudonym",
        [month, list(household_ids)],
    ):
        out.setdefault(r.pop("household_id"), []).append(r)
    return out
