"""Read-only access to the published serving store (``DATA/serving.duckdb``).

The dashboards never open the warehouse. Each query opens the published file read-only and closes
it again: the pipeline replaces the file atomically on every run, so a long-lived connection would
keep showing the old copy. A missing file or table is not an error here: the caller shows
"nog geen gegevens" instead.

The named queries below are the only SQL the pages run against the stores (table shapes in
docs/data-model.md). Each returns a DataFrame, or ``None`` when the store or a table it reads has
not been published yet; values are bound as parameters, never formatted into the SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

__all__ = [
    "ReadOnlyStore",
    "arrears_timeline",
    "deliveries_by_source",
    "delivery_reconciliation",
    "freshness_status_counts",
    "linkage_by_month",
    "raw_reject_lines",
    "recent_rejects",
    "reject_counts",
    "retention_log",
]


class ReadOnlyStore:
    """A published DuckDB file, opened read-only per query.

    Parameters
    ----------
    path : Path
        The DuckDB file (``DATA/serving.duckdb``, or ``DATA/restricted.duckdb`` for the one
        steward-only table the dashboards show from it).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path), read_only=True)

    def tables(self) -> set[str]:
        """Names of the tables in the store (empty when it has not been published yet)."""
        if not self.exists():
            return set()
        with self._connect() as con:
            rows = con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        return {r[0] for r in rows}

    def has(self, *tables: str) -> bool:
        present = self.tables()
        return all(t in present for t in tables)

    def columns(self, table: str) -> list[str]:
        if not self.has(table):
            return []
        with self._connect() as con:
            rows = con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
        return [r[0] for r in rows]

    def frame(
        self, sql: str, params: Sequence[object] = (), *, needs: Sequence[str] = ()
    ) -> pd.DataFrame | None:
        """Run ``sql`` and return a DataFrame, or ``None`` when a table in ``needs`` (or the
        store itself) does not exist yet."""
        if not self.exists() or (needs and not self.has(*needs)):
            return None
        with self._connect() as con:
            return con.execute(sql, list(params)).df()


# -- steward queries (serving store) ----------------------------------------------------------


def deliveries_by_source(store: ReadOnlyStore) -> pd.DataFrame | None:
    """The latest delivery per source, from ``deliveries``.

    One row per ``bron``, ordered by ``bron``: ``last_month`` (latest ``delivery_month``, DATE),
    ``last_loaded`` (latest ``loaded_at``, TIMESTAMPTZ) and ``files`` (number of delivered files).
    """
    return store.frame(
        "SELECT bron, max(delivery_month) AS last_month, max(loaded_at) AS last_loaded, "
        "count(*) AS files FROM deliveries GROUP BY bron ORDER BY bron",
        needs=["deliveries"],
    )


def freshness_status_counts(store: ReadOnlyStore) -> pd.DataFrame | None:
    """How many months per source have each freshness status, from ``freshness``.

    Columns ``bron``, ``status`` (``geleverd``, ``ontbreekt``, ...) and ``n`` (months), one row per
    (``bron``, ``status``) in no particular order.
    """
    return store.frame(
        "SELECT bron, status, count(*) AS n FROM freshness GROUP BY bron, status",
        needs=["freshness"],
    )


def delivery_reconciliation(store: ReadOnlyStore) -> pd.DataFrame | None:
    """Every delivered file with its counts, from ``deliveries``.

    Columns ``path``, ``bron``, ``kind``, ``delivery_month``, ``received``, ``accepted``,
    ``rejected``, ``dropped_by_policy`` (rows) and ``reconciles`` (BOOLEAN: received = accepted +
    rejected + dropped_by_policy). Newest ``delivery_month`` first, then by ``bron`` and ``path``.
    """
    return store.frame(
        "SELECT path, bron, kind, delivery_month, received, accepted, rejected, dropped_by_policy, "
        "received = accepted + rejected + dropped_by_policy AS reconciles "
        "FROM deliveries ORDER BY delivery_month DESC, bron, path",
        needs=["deliveries"],
    )


def linkage_by_month(store: ReadOnlyStore) -> pd.DataFrame | None:
    """The linkage rate per source and delivery month, over ``events`` and ``signals`` files.

    Columns ``bron``, ``delivery_month``, ``accepted`` and ``dropped`` (rows, summed over the
    month's files; ``dropped`` is ``dropped_by_policy``) and ``rate`` (DOUBLE, a fraction 0-1:
    accepted / (accepted + dropped); NULL when both are 0). Newest month first, then by ``bron``.
    """
    return store.frame(
        "SELECT bron, delivery_month, sum(accepted) AS accepted, "
        "sum(dropped_by_policy) AS dropped, "
        "sum(accepted)::DOUBLE / nullif(sum(accepted + dropped_by_policy), 0) AS rate "
        "FROM deliveries WHERE kind IN ('events', 'signals') "
        "GROUP BY bron, delivery_month ORDER BY delivery_month DESC, bron",
        needs=["deliveries"],
    )


def reject_counts(store: ReadOnlyStore) -> pd.DataFrame | None:
    """Rejected lines per source and reject code, from ``rejects``.

    Columns ``bron``, ``code`` and ``n`` (rejected lines), most frequent first.
    """
    return store.frame(
        "SELECT bron, code, count(*) AS n FROM rejects GROUP BY bron, code ORDER BY n DESC",
        needs=["rejects"],
    )


def recent_rejects(store: ReadOnlyStore, *, limit: int) -> pd.DataFrame | None:
    """The newest rejected lines (at most ``limit`` rows), from ``rejects``, without the raw line.

    Columns ``path``, ``bron``, ``delivery_month``, ``line`` (line number in the file, may be NULL),
    ``code`` and ``message``. Newest ``delivery_month`` first, then by ``path`` and ``line``.
    """
    return store.frame(
        "SELECT path, bron, delivery_month, line, code, message FROM rejects "
        "ORDER BY delivery_month DESC, path, line LIMIT ?",
        [limit],
        needs=["rejects"],
    )


def retention_log(store: ReadOnlyStore, *, limit: int = 100) -> pd.DataFrame | None:
    """The newest retention deletions (at most ``limit`` rows), from ``retention_log``.

    Columns ``deleted_at`` (TIMESTAMPTZ), ``bron``, ``table_name``, ``cutoff`` (DATE: rows older
    than this were deleted) and ``rows_deleted``. Newest ``deleted_at`` first.
    """
    return store.frame(
        "SELECT deleted_at, bron, table_name, cutoff, rows_deleted FROM retention_log "
        "ORDER BY deleted_at DESC LIMIT ?",
        [limit],
        needs=["retention_log"],
    )


# -- steward query (restricted store) ---------------------------------------------------------


def raw_reject_lines(restricted: ReadOnlyStore) -> pd.DataFrame | None:
    """The raw rejected lines, from ``restricted.duckdb``'s ``reject_raw`` (stewards only: a line
    can hold a BSN).

    Columns ``path``, ``line`` and ``raw`` (the line as delivered), in no particular order; the
    caller joins them to :func:`recent_rejects` on ``path`` and ``line``.
    """
    return restricted.frame("SELECT path, line, raw FROM reject_raw", needs=["reject_raw"])


# -- case page query ---------------------------------------------------------------------------


def arrears_timeline(store: ReadOnlyStore, *, household_id: str) -> pd.DataFrame | None:
    """One household's arrears per agency over time, from ``arrears_timeline``.

    Columns ``month`` (DATE), ``bron``, ``achterstand_cent`` and ``saldo_cent`` (cents), ordered
    by ``month`` then ``bron``; empty when the household has no arrears rows.
    """
    return store.frame(
        "SELECT month, bron, achterstand_cent, saldo_cent FROM arrears_timeline "
        "WHERE household_id = ? ORDER BY month, bron",
        [household_id],
        needs=["arrears_timeline"],
    )
